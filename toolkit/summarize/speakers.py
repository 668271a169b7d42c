"""Who each sentence is about, so that a kept sentence that opens with a pronoun reads well.

News quotes officials sentence after sentence: ``میثم عابدی، معاون وزیر ... گفت: ...``, then
``وی خاطرنشان کرد: ...``. Taken out of the article, the second sentence no longer says who
``وی`` is. :func:`analyze_speakers` follows the speaker through the article, one sentence at a
time, with the lists of :mod:`toolkit.summarize.cues` (Persian):

* an **agency prefix** (``به گزارش ایرنا،``) and connectors (``همچنین``, ``به گفته``) are
  skipped before the subject;
* a sentence that opens with a **pronoun** (``وی``, ``او``, ``ایشان``) or a **bare title**
  (``این`` + a title word: ``این وزیر``, ``این مقام مسئول``) refers to the current speaker;
* a **given name and a surname** at the start of a sentence that reports speech, or before
  an apposition (``میثم عابدی، معاون وزیر ...``), name a person; from then on the surname
  alone does (``جلالی با اشاره ...``). A name without an apposition right after a speaker
  known only by title (``وزیر نیرو ...``, then ``علیرضا پاک‌نهاد گفت``) is that speaker;
* a **title** at the start (``سفیر ایران در روسیه یادآور شد``) names a speaker by title; a
  title with the same first word whose other words are a subset of a known title (or the
  other way round) is the same speaker (``سفیر ایران`` and ``سفیر جمهوری اسلامی ایران در
  روسیه``);
* any other sentence that **reports speech** has a speaker who cannot be named;
* other sentences leave the current speaker as it is.

In English and Russian, a sentence that opens with a pronoun refers to the sentence before
it (no names are taken). :meth:`Speakers.resolve` then reads a summary in document order: a
pronoun whose referent is the speaker the summary is already talking about stays; otherwise
it is replaced by the referent's name (or, with no name, its title), or, when no name or
title is known, it is unresolved. The summarizer keeps the antecedent sentence (the
``origin``) or a name for every pronoun it keeps, so the last case only happens when a
summary has to keep every sentence.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from toolkit.summarize.base import Replacement
from toolkit.summarize.features import CueLists, cue_lists, cue_words, phrase_at
from toolkit.summarize.tokens import words

_TOKEN = re.compile(r"\S+")
_CLAUSE_END = ("،", ",", "؛", ";", ":")
_STRIP = "«»\"'()[]،,؛;:.!?؟"
_SAY = frozenset(words("گفت گفتند افزود افزودند می‌گوید میگوید"))
_SPEECH_VERB = frozenset(words("داشت داشتند"))
_TITLE_BREAK = frozenset(words("روز امروز دیروز صبح عصر ظهر شب نیز هم همچنین"))
_THIS = "این"
_AND = "و"
_MAX_TITLE = 10
_MAX_PREFIX = 25


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    raw: str
    key: str

    @property
    def closes(self) -> bool:
        """Whether punctuation that ends a clause follows the word (``عابدی،``)."""
        return self.raw.endswith(_CLAUSE_END)


def _tokens(text: str, limit: int = _MAX_PREFIX + 2 * _MAX_TITLE) -> list[_Token]:
    """The first ``limit`` words of ``text`` (a subject is never further in)."""
    out = []
    for m in itertools.islice(_TOKEN.finditer(text), limit):
        key = _key(m.group())
        if key:
            out.append(_Token(m.start(), m.end(), m.group(), key))
    return out


@functools.lru_cache(maxsize=100_000)
def _key(token: str) -> str:
    return "".join(words(token))


def _clean(raw: str) -> str:
    return raw.strip(_STRIP)


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
    if lang != "fa":
        return _by_previous_sentence(texts, lang)
    state = _State(cue_lists("fa"))
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
    lists = state.lists
    toks = _tokens(text)
    k = _skip_prefix(toks, lists)
    opener = _opener_at(toks, k, lists)
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
    speaks = _reports_speech(text, lists)
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


def _skip_prefix(toks: list[_Token], lists: CueLists) -> int:
    k = 0
    if len(toks) > 2 and toks[0].key == "به" and toks[1].key == "گزارش":
        for j, t in enumerate(toks[:_MAX_PREFIX]):
            if t.raw.endswith(("،", ",", "؛", ";")):
                k = j + 1
                break
    keys = [t.key for t in toks]
    while k < len(toks):
        size = phrase_at(keys, k, lists.speaker_prefixes)
        if not size:
            break
        k += size
    return k


def _opener_at(toks: list[_Token], k: int, lists: CueLists) -> tuple[int, int] | None:
    if k >= len(toks):
        return None
    first = toks[k]
    if first.key in lists.pronouns:
        return first.start, first.start + len(first.raw.rstrip(_STRIP))
    if first.key == _THIS and k + 1 < len(toks) and toks[k + 1].key in lists.titles:
        last = toks[k + 1]
        if not last.closes and k + 2 < len(toks) and toks[k + 2].key in lists.title_qualifiers:
            last = toks[k + 2]
        return first.start, last.start + len(last.raw.rstrip(_STRIP))
    return None


def _reports_speech(text: str, lists: CueLists) -> bool:
    if ":" in text:
        return True
    ws = cue_words(text, "fa")
    for j, w in enumerate(ws):
        if w in _SAY:
            return True
        if (
            w in lists.speech
            and j + 1 < len(ws)
            and (ws[j + 1] in lists.framing_verbs or ws[j + 1] in _SPEECH_VERB)
        ):
            return True
    return False


def _name_like(key: str, lists: CueLists) -> bool:
    return not (
        key.isdigit()
        or key in lists.stop
        or key in lists.titles
        or key in lists.speech
        or key in lists.pronouns
        or key in lists.framing_nouns
        or key in lists.event_nouns
        or key in lists.days
    )


def _person_at(state: _State, toks: list[_Token], k: int, i: int, speaks: bool) -> _Entity | None:
    lists = state.lists
    j = k
    while j < len(toks) and toks[j].key in lists.name_prefixes:
        j += 1
    if j >= len(toks) or toks[j].key not in lists.given_names or toks[j].closes:
        return None
    name = [toks[j]]
    m = j + 1
    while m < len(toks) and len(name) < 3 and _name_like(toks[m].key, lists):
        name.append(toks[m])
        m += 1
        if toks[m - 1].closes:
            break
    if len(name) < 2:
        return None
    apposition = name[-1].closes and m < len(toks) and toks[m].key in lists.titles
    if not (speaks or apposition):
        return None
    keys = tuple(t.key for t in name)
    if keys in state.by_name:
        return state.entities[state.by_name[keys]]
    entity = state.new(i, name=" ".join(_clean(t.raw) for t in name), name_keys=keys)
    if apposition:
        _set_title(entity, _apposition(toks, m, lists), lists)
        state.titled(entity)
    elif state.current is not None:
        current = state.entities[state.canonical(state.current)]
        if current.name is None and current.title and current.last >= i - 2:
            entity.title, entity.title_head = current.title, current.title_head
            entity.title_keys = current.title_keys
            current.same_as = entity.id
    return entity


def _apposition(toks: list[_Token], m: int, lists: CueLists) -> list[_Token]:
    out: list[_Token] = []
    for t in toks[m : m + _MAX_TITLE]:
        if t.key in lists.speech or t.key in _TITLE_BREAK:
            break
        out.append(t)
        if t.closes:
            break
    return out


def _set_title(entity: _Entity, toks: list[_Token], lists: CueLists) -> None:
    if not toks:
        return
    entity.title = " ".join(_clean(t.raw) for t in toks)
    entity.title_head = toks[0].key
    entity.title_keys = frozenset(t.key for t in toks if t.key not in lists.stop)


def _surname_at(state: _State, toks: list[_Token], k: int) -> _Entity | None:
    for size in (2, 1):
        found = state.by_surname.get(tuple(t.key for t in toks[k : k + size]))
        if found is not None:
            return state.entities[found]
    return None


def _title_at(state: _State, toks: list[_Token], k: int, i: int) -> _Entity | None:
    lists = state.lists
    if k >= len(toks) or toks[k].key not in lists.titles:
        return None
    phrase: list[_Token] = []
    for t in toks[k : k + _MAX_TITLE]:
        stop = (t.key in lists.stop and t.key != _AND) or t.key in _TITLE_BREAK
        if phrase and (stop or t.key in lists.speech or t.key in lists.days):
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
    _set_title(entity, phrase, lists)
    state.titled(entity)
    return entity
