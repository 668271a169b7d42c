"""Glossary suggestions for any Persian article: people, institutions, places, titles and
multi-word domain terms, each with proposed English and Russian renderings.

How each kind is found (every candidate keeps the reasons as ``evidence``):

- **places, known institutions and titles**: the shipped gazetteers
  (:func:`~toolkit.glossary.gazetteer.gazetteer`), found by the glossary's own source
  matcher, so ZWNJ, spacing, letter and suffix variants count as one; rendered with the
  gazetteer's established names (Moscow/Москва);
- **people**: the mentions of :func:`toolkit.text.persons.find_persons` (a listed given
  name and a surname, a name in apposition to a gazetteer title or after one, a name before
  a verb of saying), the gazetteer's words taken. A surname standing alone later
  (``جلالی گفت``) counts as the same person and is suggested as an entry of its own. Names
  are transliterated (:mod:`toolkit.text.translit`) and marked so;
- **other institutions**: a head noun (``وزارت``, ``سازمان``, ``خبرگزاری`` …) followed by
  its name words;
- **domain terms**: the items of an enumeration (``در حوزه‌هایی همچون X، Y و Z``), and
  word pairs and triples repeated at least ``min_count`` times whose log-likelihood ratio
  (Dunning's G²) shows they belong together. Words are compared on the matching key with
  the head's plural suffix dropped, so ``پروژه‌های مشترک`` and ``پروژه مشترک`` are one term.

Institutions and terms that no gazetteer covers get their renderings from ``render``
(a translation model, given by the caller) or none: a suggestion without a rendering is
listed but cannot go into a glossary file.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from toolkit.glossary import suggest_cues as cues
from toolkit.glossary.gazetteer import PERSON_TITLE, gazetteer
from toolkit.glossary.model import Glossary, Term
from toolkit.glossary.source import source_matcher
from toolkit.languages import targets as target_languages
from toolkit.signature import GlossaryRef, Signature
from toolkit.text import persons
from toolkit.text.normalize import ZWNJ, key_of, normalize
from toolkit.text.persons import Token
from toolkit.text.translit import transliterate

KINDS = ("person", "org", "place", "title", "term")
Render = Callable[[Sequence[str], str], Sequence[str | None]]
"""``render(phrases, lang)``: a rendering of each Persian phrase in ``lang``, or None."""


def _keys(words: Iterable[str]) -> frozenset[str]:
    return frozenset(key_of(w) for w in words)


_FUNCTION = persons.FUNCTION_WORDS
_ORG_HEADS = persons.INSTITUTION_HEADS
_ORG_WEAK = _keys(cues.ORG_WEAK_HEADS)
_GENERIC_LEADS = _keys(cues.GENERIC_LEADS)
_LIGHT = _keys(cues.LIGHT_VERB_NOUNS)
_PLURALS = tuple(key_of(s) for s in cues.PLURAL_SUFFIXES)
_AND, _IN, _AFFAIRS = key_of("و"), key_of("در"), key_of("امور")


@dataclass(frozen=True)
class Rendering:
    """A proposed rendering and how it was made: ``gazetteer`` (an established name),
    ``transliterated`` (a name; review it), ``model`` (a translation of the phrase alone;
    review it)."""

    text: str
    method: str


@dataclass(frozen=True)
class Suggestion:
    """A candidate glossary entry found in the article."""

    kind: str
    fa: str
    count: int
    first: int
    """Character offset of the first occurrence in the normalized article."""
    line: int
    renderings: tuple[tuple[str, Rendering], ...] = ()
    evidence: tuple[str, ...] = ()
    surfaces: tuple[str, ...] = ()

    def rendering(self, lang: str) -> Rendering | None:
        return next((r for code, r in self.renderings if code == lang), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "fa": self.fa,
            "count": self.count,
            "first": self.first,
            "line": self.line,
            "renderings": {
                lang: {"text": r.text, "method": r.method} for lang, r in self.renderings
            },
            "evidence": list(self.evidence),
            "surfaces": list(self.surfaces),
        }

    def term(self, langs: Sequence[str]) -> Term | None:
        """The suggestion as a glossary term, or None when a language has no rendering."""
        out: dict[str, list[str]] = {"fa": [self.fa]}
        methods = []
        for lang in langs:
            r = self.rendering(lang)
            if r is None:
                return None
            out[lang] = [r.text]
            methods.append(f"{lang} {r.method}")
        note = f"suggested {self.kind}, {self.count}x; " + ", ".join(methods)
        if any(r.method != "gazetteer" for _, r in self.renderings):
            note += "; review"
        pos = "noun" if self.kind in ("title", "term") else "propn"
        return Term.create(out, note=note, domain=self.kind, pos=pos)


@dataclass(frozen=True)
class Suggestions:
    """The result of :func:`suggest`."""

    items: tuple[Suggestion, ...]
    targets: tuple[str, ...]
    skipped: int
    """Candidates left out because the given glossary already has them."""
    signature: Signature

    def glossary(self) -> Glossary:
        """The suggestions that have every target rendering, as a glossary."""
        terms = [t for s in self.items if (t := s.term(self.targets)) is not None]
        return Glossary(tuple(terms), ("fa", *self.targets), name="suggested")

    @property
    def unrendered(self) -> list[Suggestion]:
        return [s for s in self.items if s.term(self.targets) is None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "suggestions": [s.to_dict() for s in self.items],
            "skipped_in_glossary": self.skipped,
            "unrendered": len(self.unrendered),
            "signature": self.signature.to_dict(),
        }


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------


@dataclass
class _Token:
    """A token of :func:`toolkit.text.persons.tokenize` and what has claimed it."""

    token: Token
    covered: str = ""
    """What already claims the token: ``gazetteer``, ``glossary`` or ``person``."""

    @property
    def text(self) -> str:
        return self.token.text

    @property
    def start(self) -> int:
        return self.token.start

    @property
    def end(self) -> int:
        return self.token.end

    @property
    def key(self) -> str:
        return self.token.key

    @property
    def brk(self) -> bool:
        return self.token.brk

    @property
    def line(self) -> int:
        return self.token.line

    @property
    def plain(self) -> bool:
        """A content word nothing has claimed: one that may be part of a name or a term."""
        return not (
            self.token.digit or self.covered or self.key in _FUNCTION or persons.is_verb(self.text)
        )


def _tokens(text: str) -> list[_Token]:
    return [_Token(t) for t in persons.tokenize(text)]


def _span_tokens(tokens: list[_Token], starts: list[int], a: int, b: int) -> range:
    """The indices of the tokens inside text span [a, b)."""
    i = bisect.bisect_left(starts, a)
    j = i
    while j < len(tokens) and tokens[j].end <= b:
        j += 1
    return range(i, j)


# ---------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------


@dataclass
class _Found:
    kind: str
    key: str
    fa: str
    first: int
    line: int
    count: int = 0
    surfaces: Counter[str] = field(default_factory=Counter)
    evidence: set[str] = field(default_factory=set)
    renderings: dict[str, Rendering] = field(default_factory=dict)

    def add(self, surface: str, evidence: str) -> None:
        self.count += 1
        self.surfaces[surface] += 1
        self.evidence.add(evidence)


class _Collector:
    def __init__(self) -> None:
        self.found: dict[tuple[str, str], _Found] = {}

    def add(
        self, kind: str, key: str, fa: str, token: _Token, surface: str, evidence: str
    ) -> _Found:
        f = self.found.get((kind, key))
        if f is None:
            f = self.found[(kind, key)] = _Found(kind, key, fa, token.start, token.line)
        f.add(surface, evidence)
        return f


def _surface(text: str, tokens: list[_Token], i: int, j: int) -> str:
    return text[tokens[i].start : tokens[j - 1].end]


_TITLE_ENDINGS = ("", "ها", "های", "هایی", "ان")
"""What may follow a title's letters in the same word: a plural. Not the -ت, -یت or -ی of
the office (معاونت, مدیریت, استانداری), which the matcher's suffixes would allow."""


def _gazetteer_entities(
    text: str, tokens: list[_Token], starts: list[int], out: _Collector
) -> list[tuple[range, Term]]:
    """Places and institutions into ``out``; the titles before names, returned (they are
    added with their scope once the names are known: :func:`_titles`)."""
    titles: list[tuple[range, Term]] = []
    for m in source_matcher(gazetteer()).find(text):
        span = _span_tokens(tokens, starts, m.start, m.end)
        if not span:
            continue
        term = m.term
        kind = term.domain if term.domain != "state" else "place"
        if kind == "title":
            surface, variant = key_of(m.surface), key_of(m.variant)
            if surface[len(variant) :] not in _TITLE_ENDINGS or term.note != PERSON_TITLE:
                continue
        for k in span:
            tokens[k].covered = "gazetteer"
        if kind == "title":
            titles.append((span, term))
            continue
        f = out.add(kind, term.id, term.preferred("fa"), tokens[span[0]], m.surface, "gazetteer")
        for lang in target_languages():
            if term.get(lang):
                f.renderings[lang] = Rendering(term.preferred(lang), "gazetteer")
    return titles


def _titles(
    text: str, tokens: list[_Token], titles: list[tuple[range, Term]], out: _Collector
) -> None:
    """Each title with its scope (``معاون وزیر نفت در امور بین‌الملل``, ``وزیر برق عراق``):
    the words after it up to a break, a name or a verb. A title with no scope is suggested
    bare, with the gazetteer's renderings."""
    n = len(tokens)
    for span, term in titles:
        a, j = span[0], span[-1] + 1
        while j < n and j - a < 12 and not tokens[j].brk:
            t = tokens[j]
            nxt = tokens[j + 1] if j + 1 < n and not tokens[j + 1].brk else None
            if t.key in _LIGHT:  # وزیر نفت دیدار کرد: the verb's noun ends the scope
                break
            joins = t.key == _AND and nxt is not None and nxt.plain
            if t.plain or t.covered == "gazetteer" or joins:
                j += 1
            elif (
                t.key == _IN
                and nxt is not None
                and (nxt.key == _AFFAIRS or nxt.covered == "gazetteer")
            ):
                j += 2
            else:
                break
        if j > span[-1] + 1:
            surface = _surface(text, tokens, a, j)
            key = " ".join(tokens[k].key for k in range(a, j))
            out.add("title", key, normalize(surface), tokens[a], surface, "title with its scope")
            continue
        f = out.add("title", term.id, term.preferred("fa"), tokens[a], tokens[a].text, "gazetteer")
        for lang in target_languages():
            if term.get(lang):
                f.renderings[lang] = Rendering(term.preferred(lang), "gazetteer")


def _stripped_plural(word: str) -> str:
    for suffix in cues.PLURAL_SUFFIXES:
        for sep in (ZWNJ, ""):
            if word.endswith(sep + suffix) and len(word) - len(suffix) - len(sep) >= 3:
                return word[: len(word) - len(suffix) - len(sep)]
    return word


def _persons(
    text: str, tokens: list[_Token], titles: list[tuple[range, Term]], out: _Collector
) -> None:
    """The people of :func:`toolkit.text.persons.find_persons`; a lone surname counts as
    the same person and is an entry of its own."""
    spans = [(span[0], span[-1] + 1) for span, _ in titles]
    taken = {k for k, t in enumerate(tokens) if t.covered}
    for m in persons.find_persons([t.token for t in tokens], titles=spans, taken=taken):
        a, b = m.words
        for k in range(a, b):
            tokens[k].covered = "person"
        if m.full is None:
            surface = _surface(text, tokens, a, b)
            out.add("person", m.key, normalize(surface), tokens[a], surface, m.evidence)
            continue
        person = out.found[("person", m.full.key)]
        person.count += 1
        person.evidence.add("surname alone")
        t = tokens[a]
        out.add("person", t.key, t.text, t, t.text, "surname of " + person.fa)


def _institutions(text: str, tokens: list[_Token], out: _Collector, min_count: int) -> None:
    """A head noun and its name words: plain words and the places or institutions of the
    gazetteer (``سفارت جمهوری اسلامی ایران در بغداد``, ``شرکت نفت بصره``)."""
    found: list[tuple[int, int]] = []
    n = len(tokens)
    for i, t in enumerate(tokens):
        if t.covered or t.key not in _ORG_HEADS:
            continue
        if i + 1 < n and tokens[i + 1].key in _PLURALS:  # بیمارستان های: a plural, no name
            continue
        j = i + 1
        used_and = False
        while j < n and j - i <= 7 and not tokens[j].brk:
            tj = tokens[j]
            nxt = tokens[j + 1] if j + 1 < n and not tokens[j + 1].brk else None
            if tj.key in _LIGHT:  # دانشگاه فدرال کازان امضا کرد: the verb's noun ends it
                break
            if tj.key == _AND and nxt is not None and nxt.key in _ORG_HEADS:
                break  # دانشگاه تبریز و دانشگاه …: two institutions
            if tj.key == _AND and not used_and and nxt is not None and nxt.plain:
                used_and = True
            elif tj.key == _IN and nxt is not None and nxt.covered == "gazetteer":
                pass
            elif not (tj.plain or tj.covered == "gazetteer"):
                break
            j += 1
        while j > i + 1 and tokens[j - 1].key in (_AND, _IN):
            j -= 1
        if j - i >= 2 and any(tokens[k].plain or tokens[k].covered for k in range(i + 1, j)):
            found.append((i, j))
    counts = Counter(" ".join(tokens[k].key for k in range(a, b)) for a, b in found)
    for a, b in found:
        key = " ".join(tokens[k].key for k in range(a, b))
        has_place = any(tokens[k].covered == "gazetteer" for k in range(a + 1, b))
        if tokens[a].key in _ORG_WEAK and counts[key] < min_count and not has_place:
            continue
        surface = _surface(text, tokens, a, b)
        out.add("org", key, normalize(surface), tokens[a], surface, "institution head")
        for k in range(a, b):
            if not tokens[k].covered:
                tokens[k].covered = "org"


def _term_key(tokens: Sequence[_Token]) -> tuple[str, str]:
    """(key, display form) of a term: the head word's plural suffix dropped."""
    words = [t.text for t in tokens]
    words[0] = _stripped_plural(words[0])
    return " ".join(key_of(w) for w in words), normalize(" ".join(words))


def _enumerations(text: str, tokens: list[_Token], out: _Collector) -> None:
    cue_keys = [tuple(key_of(w) for w in c.split()) for c in cues.LIST_CUES]
    n = len(tokens)
    for i in range(n):
        cue = next((c for c in cue_keys if tuple(t.key for t in tokens[i : i + len(c)]) == c), None)
        if cue is None:
            continue
        items: list[list[int]] = [[]]
        j = i + len(cue)
        last = False
        while j < n:
            t = tokens[j]
            gap = text[tokens[j - 1].end : t.start]
            if j > i + len(cue) and t.brk and "،" not in gap and "," not in gap:
                break
            if t.brk and items[-1]:
                if last:
                    break
                items.append([])
            if t.key == _AND:
                if items[-1]:
                    items.append([])
                last = True
            elif t.plain:
                items[-1].append(j)
            else:
                break
            j += 1
        for item in items:
            while len(item) > 2 and tokens[item[0]].key in _GENERIC_LEADS:
                item = item[1:]
            if len(item) > 2 and tokens[item[-1]].key in _LIGHT:
                item = item[:-1]
            if not 2 <= len(item) <= 3 or item != list(range(item[0], item[-1] + 1)):
                continue
            key, fa = _term_key([tokens[k] for k in item])
            surface = _surface(text, tokens, item[0], item[-1] + 1)
            out.add("term", key, fa, tokens[item[0]], surface, "listed after " + " ".join(cue))


def _repeated_terms(text: str, tokens: list[_Token], out: _Collector, min_count: int) -> None:
    """Word pairs and triples repeated ``min_count`` times, kept by Dunning's G²."""
    unigrams: Counter[str] = Counter()
    grams: dict[str, list[tuple[int, int]]] = {}
    for i, t in enumerate(tokens):
        unigrams[_stripped_plural(t.key)] += 1
        for size in (2, 3):
            span = tokens[i : i + size]
            if len(span) < size or any(s.brk for s in span[1:]):
                continue
            if not all(s.plain for s in span):
                continue
            key, _ = _term_key(span)
            grams.setdefault(key, []).append((i, i + size))
    total = max(len(tokens), 1)
    kept: dict[str, list[tuple[int, int]]] = {}
    for key, places in grams.items():
        if len(places) < min_count:
            continue
        first_word, rest = key.split(" ", 1)
        if _g2(len(places), unigrams[first_word], unigrams[rest.split(" ")[0]], total) < 10.83:
            continue
        kept[key] = places
    # A pair inside a kept triple that it always comes with is the triple's part, not a term
    # (خط لوله in خط لوله گاز).
    longer = [k for k in kept if k.count(" ") == 2]
    for key, places in kept.items():
        if key.count(" ") == 1 and any(
            key in (t.rsplit(" ", 1)[0], t.split(" ", 1)[1]) and len(kept[t]) == len(places)
            for t in longer
        ):
            continue
        for a, b in places:
            _, fa = _term_key(tokens[a:b])
            out.add("term", key, fa, tokens[a], _surface(text, tokens, a, b), "repeated")


def _g2(k11: int, n1: int, n2: int, total: int) -> float:
    """Dunning's log-likelihood ratio for a pair seen ``k11`` times, its words ``n1`` and
    ``n2`` times among ``total`` words."""
    k12, k21 = max(n1 - k11, 0), max(n2 - k11, 0)
    k22 = max(total - k11 - k12 - k21, 0)

    def h(*ks: int) -> float:
        s = sum(ks)
        return sum(k * math.log(k / s) for k in ks if k > 0)

    return 2 * (h(k11, k12, k21, k22) - h(k11 + k12, k21 + k22) - h(k11 + k21, k12 + k22))


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def suggest(
    text: str,
    *,
    glossary: Glossary | None = None,
    targets: Sequence[str] = ("en", "ru"),
    min_count: int = 2,
    render: Render | None = None,
    model: str | None = None,
) -> Suggestions:
    """Suggest glossary entries for the Persian article ``text``.

    Entries of ``glossary`` are skipped. ``min_count`` is how often a repeated term (or an
    institution with a weak head such as ``شرکت``) must occur. ``render`` translates what no
    gazetteer covers; ``model`` names it in the signature.
    """
    if min_count < 1:
        raise ValueError("min_count must be at least 1")
    text = normalize(text)
    tokens = _tokens(text)
    starts = [t.start for t in tokens]
    out = _Collector()
    in_glossary = bytearray(len(text))  # 1 where a glossary term stands
    if glossary is not None and len(glossary):
        for m in source_matcher(glossary).find(text):
            in_glossary[m.start : m.end] = b"\x01" * (m.end - m.start)
    titles = _gazetteer_entities(text, tokens, starts, out)
    _persons(text, tokens, titles, out)
    _titles(text, tokens, titles, out)
    _institutions(text, tokens, out, min_count)
    _enumerations(text, tokens, out)
    _repeated_terms(text, tokens, out, min_count)

    items: list[_Found] = []
    skipped = 0
    for f in out.found.values():
        if in_glossary[f.first] or (glossary is not None and _is_entry(f.fa, glossary)):
            skipped += 1
            continue
        items.append(f)
    _render_all(items, targets, render)
    items.sort(key=lambda f: (KINDS.index(f.kind), f.first))
    result = tuple(
        Suggestion(
            f.kind,
            _display(f),
            f.count,
            f.first,
            f.line,
            tuple((lang, f.renderings[lang]) for lang in targets if lang in f.renderings),
            tuple(sorted(f.evidence)),
            tuple(s for s, _ in f.surfaces.most_common()),
        )
        for f in items
    )
    signature = Signature.create(
        "suggestion",
        model=model,
        glossary=GlossaryRef.of(glossary) if glossary is not None else None,
        settings={
            "targets": list(targets),
            "min_count": min_count,
            "gazetteer": gazetteer().hash,
        },
    )
    return Suggestions(result, tuple(targets), skipped, signature)


def _is_entry(form: str, glossary: Glossary) -> bool:
    """Whether ``form`` is one of the glossary's source variants (on the matching key).

    Asked of the glossary's matcher (the form, matched whole, by a variant of the same key),
    not of a set of every variant's key: that set costs a pass over every term, a second
    per article with a termbase of 100,000 entries.
    """
    key = key_of(form)
    return bool(key) and any(
        m.start == 0 and m.end == len(form) and key_of(m.variant) == key
        for m in source_matcher(glossary).find_all(form)
    )


def _display(f: _Found) -> str:
    """The form to put in a glossary: a gazetteer entry's own, else the most frequent
    surface that has its ZWNJs (``تفاهم‌نامه`` over ``تفاهمنامه``)."""
    if "gazetteer" in f.evidence or f.kind == "term":
        return f.fa
    best = max(f.surfaces, key=lambda s: (f.surfaces[s] + 0.5 * s.count(ZWNJ), -len(s)))
    return normalize(best)


def _render_all(items: list[_Found], targets: Sequence[str], render: Render | None) -> None:
    for f in items:
        if f.kind == "person":
            for lang in targets:
                try:
                    t = transliterate(f.fa, lang)
                except ValueError:
                    continue
                f.renderings[lang] = Rendering(t.text, "transliterated")
                how = "spelling from the name list" if t.method == "list" else "spelling by rules"
                f.evidence.add(how)
    if render is None:
        return
    for lang in targets:
        todo = [f for f in items if lang not in f.renderings]
        if not todo:
            continue
        for f, text in zip(todo, render([f.fa for f in todo], lang), strict=True):
            if text:
                f.renderings[lang] = Rendering(text, "model")
