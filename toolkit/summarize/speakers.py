"""Who each sentence is about, so that a kept sentence that opens with a pronoun reads well.

The design, and why: ``docs/design/speakers.md``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from toolkit.languages import is_source
from toolkit.summarize.base import Replacement
from toolkit.summarize.features import CueLists, cue_lists
from toolkit.summarize.tokens import words
from toolkit.text import persons
from toolkit.text.normalize import key_of
from toolkit.text.persons import PersonMention, Token

_TOKEN = re.compile(r"\S+")
_STRIP = "«»\"'()[]،,؛;:.!?؟"
_THIS = key_of("این")
_AND = key_of("و")
_NAME_PREFIXES = persons.HONORIFICS | persons.NAME_TITLES
_MAX_TITLE = 10


@dataclass(frozen=True)
class Referent:
    """Someone a sentence can be about."""

    text: str | None
    """What can replace a pronoun: a name, a title, or ``None`` when unknown."""
    kind: str
    """``name``, ``title`` or ``unknown``."""
    source: int
    """0-based position of the sentence that introduced them."""


@dataclass(frozen=True)
class Role:
    """Who one sentence is about."""

    opener: tuple[int, int] | None = None
    """Offsets, in the sentence, of the pronoun or bare title it opens with."""
    referent: int | None = None
    """For a sentence with an ``opener``: the entity it refers to."""
    entity: int | None = None
    """The entity the sentence names or refers to: the summary's speaker after it."""
    origin: int | None = None
    """For a sentence with an ``opener``: the sentence that last named its referent."""


@dataclass(frozen=True)
class Speakers:
    """The roles of a document's sentences and the entities they name."""

    roles: tuple[Role, ...]
    entities: tuple[Referent, ...]

    def flagged(self, i: int) -> bool:
        """Whether sentence ``i`` opens with a pronoun or a bare title."""
        return self.roles[i].opener is not None

    def name_for(self, i: int) -> str | None:
        """The name or title that can replace sentence ``i``'s opener, if known."""
        ref = self.roles[i].referent
        return self.entities[ref].text if ref is not None else None

    def resolve(
        self, texts: Sequence[str], picked: Iterable[int]
    ) -> tuple[dict[int, Replacement], list[int]]:
        """For the ``picked`` sentences read in document order: the replacements that make
        each opener clear, and the sentences whose opener stays unresolved."""
        context: int | None = None
        replaced: dict[int, Replacement] = {}
        unresolved: list[int] = []
        for i in sorted(picked):
            role = self.roles[i]
            if role.opener is None:
                if role.entity is not None:
                    context = role.entity
                continue
            ref = role.referent
            if ref is None:
                unresolved.append(i)
                continue
            if ref != context:
                who = self.entities[ref]
                if who.text:
                    a, b = role.opener
                    replaced[i] = Replacement(texts[i][a:b], who.text, a, who.source + 1)
                else:
                    unresolved.append(i)
            context = ref
        return replaced, unresolved


@dataclass
class _Entity:
    id: int
    source: int
    name: str | None = None
    name_keys: tuple[str, ...] = ()
    title: str | None = None
    title_head: str = ""
    title_keys: frozenset[str] = frozenset()
    same_as: int | None = None
    last: int = -1

    @property
    def surname(self) -> tuple[str, ...]:
        return self.name_keys[1:]


@dataclass
class _State:
    lists: CueLists
    entities: list[_Entity] = field(default_factory=list)
    current: int | None = None
    by_name: dict[tuple[str, ...], int] = field(default_factory=dict)
    by_surname: dict[tuple[str, ...], int] = field(default_factory=dict)
    by_head: dict[str, list[int]] = field(default_factory=dict)

    def new(self, source: int, **fields: object) -> _Entity:
        entity = _Entity(len(self.entities), source, **fields)  # type: ignore[arg-type]
        entity.last = source
        self.entities.append(entity)
        if entity.name_keys:
            self.by_name[entity.name_keys] = entity.id
            self.by_surname[entity.surname] = entity.id
        return entity

    def titled(self, entity: _Entity) -> None:
        """Index ``entity`` under the first word of its title."""
        if entity.title_head:
            self.by_head.setdefault(entity.title_head, []).append(entity.id)

    def canonical(self, eid: int) -> int:
        while self.entities[eid].same_as is not None:
            eid = self.entities[eid].same_as  # type: ignore[assignment]
        return eid


def analyze_speakers(texts: Sequence[str], lang: str) -> Speakers:
    """Follow the speaker through ``texts`` (one sentence each; see the module docstring)."""
    if not is_source(lang):
        return _by_previous_sentence(texts, lang)
    state = _State(cue_lists(lang))
    roles: list[Role] = []
    for i, text in enumerate(texts):
        roles.append(_role_of(state, i, text, roles))
    roles = [
        dataclasses.replace(
            r,
            referent=None if r.referent is None else state.canonical(r.referent),
            entity=None if r.entity is None else state.canonical(r.entity),
        )
        for r in roles
    ]
    referents = []
    for e in state.entities:
        if e.name:
            referents.append(Referent(e.name, "name", e.source))
        elif e.title:
            referents.append(Referent(e.title, "title", e.source))
        else:
            referents.append(Referent(None, "unknown", e.source))
    return Speakers(tuple(roles), tuple(referents))


def _by_previous_sentence(texts: Sequence[str], lang: str) -> Speakers:
    pronouns = cue_lists(lang).pronouns
    roles: list[Role] = []
    entities: list[Referent] = []
    last: int | None = None
    for i, text in enumerate(texts):
        found = _TOKEN.search(text)
        first = words(found.group())[:1] if found else []
        if found and first and first[0] in pronouns:
            a = found.start()
            origin = entities[last].source if last is not None else None
            roles.append(Role((a, a + len(found.group().rstrip(_STRIP))), last, last, origin))
        else:
            entities.append(Referent(None, "unknown", i))
            last = len(entities) - 1
            roles.append(Role(entity=last))
    return Speakers(tuple(roles), tuple(entities))


def _role_of(state: _State, i: int, text: str, roles: list[Role]) -> Role:
    """Sentence ``i``'s role; may also give an earlier sentence its entity (``roles``)."""
    toks = persons.tokenize(text)
    k = persons.subject_start(toks)
    opener = _opener_at(toks, k)
    if opener is not None:
        if state.current is None:
            # no speaker yet: the pronoun refers to the sentence before it
            previous = next((j for j in range(i - 1, -1, -1) if roles[j].opener is None), None)
            if previous is None:
                return Role(opener)
            unknown = state.new(previous)
            roles[previous] = dataclasses.replace(roles[previous], entity=unknown.id)
            state.current = unknown.id
        ref = state.canonical(state.current)
        return Role(opener, referent=ref, entity=ref, origin=state.entities[ref].last)
    speaks = persons.reports_speech(text, toks)
    entity = (
        _person_at(state, toks, k, i, speaks)
        or _surname_at(state, toks, k)
        or _title_at(state, toks, k, i)
    )
    if entity is None:
        if not speaks:
            return Role()
        entity = state.new(i)
    found = state.entities[state.canonical(entity.id)]
    found.last = i
    state.current = found.id
    return Role(entity=found.id)


def _opener_at(toks: Sequence[Token], k: int) -> tuple[int, int] | None:
    """A pronoun (``وی``) or a bare title (``این وزیر``, ``این مقام مسئول``) at ``k``."""
    if k >= len(toks):
        return None
    first = toks[k]
    if first.key in persons.PRONOUNS:
        return first.start, first.end
    if first.key == _THIS and k + 1 < len(toks) and toks[k + 1].key in persons.TITLE_WORDS:
        last = toks[k + 1]
        if not last.closes and k + 2 < len(toks) and toks[k + 2].key in persons.TITLE_QUALIFIERS:
            last = toks[k + 2]
        return first.start, last.end
    return None


def _mention_at(toks: Sequence[Token], k: int) -> tuple[PersonMention, int] | None:
    """The person named by a given name at the subject (``k``, after honorifics such as
    ``دکتر``), and where the name's given name starts."""
    j = k
    while j < len(toks) and toks[j].key in _NAME_PREFIXES:
        j += 1
    for m in persons.find_persons(toks):
        a, b = m.words
        if m.evidence == "given name" and a <= j < b and a >= k:
            return m, j
    return None


def _person_at(
    state: _State, toks: Sequence[Token], k: int, i: int, speaks: bool
) -> _Entity | None:
    """A speaker named with a given name and a surname: one who reports speech or stands in
    apposition to a title (``میثم عابدی، معاون وزیر ...``)."""
    found = _mention_at(toks, k)
    if found is None:
        return None
    mention, j = found
    if not (speaks or mention.title):
        return None
    name = toks[j : mention.words[1]]
    keys = tuple(t.key for t in name)
    if keys in state.by_name:
        return state.entities[state.by_name[keys]]
    entity = state.new(i, name=" ".join(t.text for t in name), name_keys=keys)
    if mention.title:
        _set_title(entity, mention.title.split(), state.lists)
        state.titled(entity)
    elif state.current is not None:
        current = state.entities[state.canonical(state.current)]
        if current.name is None and current.title and current.last >= i - 2:
            entity.title, entity.title_head = current.title, current.title_head
            entity.title_keys = current.title_keys
            current.same_as = entity.id
    return entity


def _set_title(entity: _Entity, title: Sequence[str], lists: CueLists) -> None:
    if not title:
        return
    entity.title = " ".join(title)
    entity.title_head = key_of(title[0])
    entity.title_keys = frozenset(k for w in title if (k := key_of(w)) not in lists.stop)


def _surname_at(state: _State, toks: Sequence[Token], k: int) -> _Entity | None:
    for size in (2, 1):
        found = state.by_surname.get(tuple(t.key for t in toks[k : k + size]))
        if found is not None:
            return state.entities[found]
    return None


def _title_at(state: _State, toks: Sequence[Token], k: int, i: int) -> _Entity | None:
    """A speaker named by a title at the subject (``سفیر ایران در روسیه یادآور شد``): the
    same as a known one with the same first word whose other words are a subset of its own,
    or the other way round."""
    lists = state.lists
    if k >= len(toks) or toks[k].key not in persons.TITLE_WORDS:
        return None
    phrase: list[Token] = []
    for t in toks[k : k + _MAX_TITLE]:
        stop = (t.key in lists.stop and t.key != _AND) or t.key in persons.TITLE_BREAKS
        if phrase and (stop or t.key in persons.SPEECH_WORDS or t.key in lists.days):
            break
        phrase.append(t)
        if t.closes:
            break
    head = phrase[0].key
    keys = frozenset(t.key for t in phrase if t.key not in lists.stop)
    for eid in reversed(state.by_head.get(head, ())):
        e = state.entities[eid]
        if keys <= e.title_keys or e.title_keys <= keys:
            return state.entities[state.canonical(eid)]
    entity = state.new(i)
    _set_title(entity, [t.text for t in phrase], lists)
    state.titled(entity)
    return entity
