"""Finding where a translation renders a source term in words other than the glossary's.

A fluent model renders most terms; it just uses its own wording ("contract" where the
glossary says "agreement"). Before anything is generated or pasted, the enforcer looks for
that rendering, so that it can be replaced in place. Two independent signals:

* **lexical**: the model's own rendering of the term in isolation (its n-best translations of
  the term's source words), found in the sentence by lemma, so that any inflected form
  counts (``contracts``, «контрактов»). A rendering that matches only by its head word
  («Министерства» of «Министерство информационных ...» in «Министерства ИКТ») is extended
  over the neighbouring words that the attention aligns to the term.
* **alignment**: the run of target words whose cross-attention points at the term's source
  words, when no lexical rendering was found.

Both return character spans of the target sentence; :mod:`toolkit.translate.enforce` decides
what to do with them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from toolkit.languages import get
from toolkit.translate.backends.base import SourceAttention

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    lemmas: frozenset[str]


@dataclass(frozen=True)
class Located:
    """A span of the translation that renders the term in other words."""

    start: int
    end: int
    text: str
    how: str
    """``lexical`` (the model's isolated rendering, by lemma), ``anchored`` (its head word,
    extended by attention) or ``aligned`` (attention alone)."""


@functools.lru_cache(maxsize=65536)
def lemmas(word: str, lang: str) -> frozenset[str]:
    """The lemmas a word may have, as the language's module gives them
    (:attr:`toolkit.languages.Language.lemmas`): every pymorphy3 normal form (Russian), the
    singular of a plural noun and the word without a possessive (English), the lower-cased
    word otherwise."""
    return get(lang).lemmas(word)


def words(text: str, lang: str) -> list[Word]:
    return [
        Word(m.start(), m.end(), m.group(), lemmas(m.group(), lang)) for m in _WORD.finditer(text)
    ]


def is_function_word(word: str, lang: str) -> bool:
    return get(lang).is_function_word(word.lower())


def _content(rendering: str, lang: str) -> list[Word]:
    """The words of a rendering without leading/trailing function words (articles)."""
    ws = words(rendering, lang)
    while ws and is_function_word(ws[0].text, lang):
        ws.pop(0)
    while ws and is_function_word(ws[-1].text, lang):
        ws.pop()
    return ws


def is_free(start: int, end: int, taken: Sequence[tuple[int, int]]) -> bool:
    return all(end <= a or start >= b for a, b in taken)


def lexical_spans(
    text: str, renderings: Sequence[str], lang: str, taken: Sequence[tuple[int, int]]
) -> list[Located]:
    """Where any of ``renderings`` (best first) occurs in ``text`` (by lemma, word for word),
    outside ``taken``: every candidate, by the rank of its rendering, then longest first, then
    in text order; overlapping ones too, so that the caller can fall back to another one when
    one cannot be replaced."""
    target = words(text, lang)
    found: dict[tuple[int, int], tuple[int, Located]] = {}
    for rank, rendering in enumerate(renderings):
        pattern = _content(rendering, lang)
        n = len(pattern)
        if not n:
            continue
        for i in range(len(target) - n + 1):
            if all(target[i + k].lemmas & pattern[k].lemmas for k in range(n)):
                start, end = target[i].start, target[i + n - 1].end
                if text[end - 2 : end] in ("'s", "’s"):
                    end -= 2  # "the ICT Ministry's engagement": the possessive stays
                if is_free(start, end, taken):
                    loc = Located(start, end, text[start:end], "lexical")
                    found.setdefault((start, end), (rank, loc))
    ranked = sorted(found.values(), key=lambda x: (x[0], -(x[1].end - x[1].start), x[1].start))
    return [loc for _, loc in ranked]


def contains_all(span: Located, taken: Sequence[tuple[int, int]]) -> bool:
    """True when every taken span ``span`` overlaps lies strictly inside it: the model's
    rendering of a long term holding another term's rendering ("Ambassador of the Islamic
    Republic of Iran to Russia" holds "Islamic Republic of Iran")."""
    overlapping = [(a, b) for a, b in taken if a < span.end and b > span.start]
    return all(
        span.start <= a and b <= span.end and (b - a) < (span.end - span.start)
        for a, b in overlapping
    )


# -- alignment -------------------------------------------------------------------------------


def _word_groups(pieces: Sequence[str]) -> list[list[int]]:
    """Piece indices grouped into words (a piece starting with ``▁`` starts a word)."""
    groups: list[list[int]] = []
    for k, piece in enumerate(pieces):
        if piece.startswith("▁") or not groups:
            groups.append([k])
        else:
            groups[-1].append(k)
    return groups


@dataclass(frozen=True)
class WordAlignment:
    """Word-level cross-attention: ``mass[t][s]`` sums the attention of the pieces of target
    word ``t`` on the pieces of source word ``s``."""

    source_spans: tuple[tuple[int, int], ...]
    target_spans: tuple[tuple[int, int], ...]
    mass: tuple[tuple[float, ...], ...]


def word_alignment(att: SourceAttention, source: str, target: str) -> WordAlignment | None:
    """Attention summed over words, with the words' character spans; None when the pieces do
    not line up with the whitespace-separated words of the texts (the tokenizer normalised
    them beyond recognition)."""
    src_groups = _word_groups(att.source_tokens)
    tgt_groups = _word_groups(att.target_tokens)
    src_words = [m.span() for m in re.finditer(r"\S+", source)]
    tgt_words = [m.span() for m in re.finditer(r"\S+", target)]
    if len(src_groups) != len(src_words) or len(tgt_groups) != len(tgt_words):
        return None
    mass = []
    for tg in tgt_groups:
        rows = [att.weights[j] for j in tg if j < len(att.weights)]
        mass.append(
            tuple(sum(row[i] for row in rows for i in sg if i < len(row)) for sg in src_groups)
        )
    return WordAlignment(tuple(src_words), tuple(tgt_words), tuple(mass))


def aligned_words(alignment: WordAlignment, start: int, end: int) -> list[int]:
    """Target words whose strongest source word lies inside ``[start, end)``."""
    inside = {k for k, (a, b) in enumerate(alignment.source_spans) if a < end and b > start}
    if not inside:
        return []
    out = []
    for t, row in enumerate(alignment.mass):
        if row and max(range(len(row)), key=row.__getitem__) in inside:
            out.append(t)
    return out


def aligned_span(
    text: str,
    alignment: WordAlignment,
    start: int,
    end: int,
    lang: str,
    taken: Sequence[tuple[int, int]],
) -> Located | None:
    """The longest run of consecutive target words aligned to the source span, trimmed of
    function words and punctuation, outside ``taken``."""
    chosen = aligned_words(alignment, start, end)
    runs: list[list[int]] = []
    for t in chosen:
        if runs and t == runs[-1][-1] + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    best: Located | None = None
    for run in runs:
        span = _trimmed(text, [alignment.target_spans[t] for t in run], lang)
        if span is None or not is_free(span[0], span[1], taken):
            continue
        if best is None or span[1] - span[0] > best.end - best.start:
            best = Located(span[0], span[1], text[span[0] : span[1]], "aligned")
    return best


def extend_anchor(
    text: str,
    anchor: tuple[int, int],
    alignment: WordAlignment | None,
    start: int,
    end: int,
    lang: str,
    taken: Sequence[tuple[int, int]],
) -> Located | None:
    """Grow a head-word match over the neighbouring words aligned to the source span (with
    no attention: over neighbouring acronyms, «Министерства ИКТ», "ICT Ministry")."""
    spans = [m.span() for m in re.finditer(r"\S+", text)]
    if alignment is not None and len(alignment.target_spans) == len(spans):
        aligned = set(aligned_words(alignment, start, end))
    else:
        aligned = {k for k, (a, b) in enumerate(spans) if _is_acronym(text[a:b])}
    index = next((k for k, (a, b) in enumerate(spans) if a <= anchor[0] < b), None)
    if index is None:
        return None
    lo = hi = index
    while lo - 1 >= 0 and lo - 1 in aligned:
        lo -= 1
    while hi + 1 < len(spans) and hi + 1 in aligned:
        hi += 1
    span = _trimmed(text, list(spans[lo : hi + 1]), lang)
    if span is None or not is_free(span[0], span[1], taken):
        return None
    return Located(span[0], span[1], text[span[0] : span[1]], "anchored")


def explained(span: str, renderings: Sequence[str], lang: str) -> bool:
    """Whether every content word of ``span`` is a word of one of the model's ``renderings``
    of the term (by lemma), or an acronym of consecutive content words of one ("ICT" of
    "Information and Communications Technology", «ИКТ»): the evidence that a span grown by
    attention is the term's rendering and no neighbour ("spoke about the areas")."""
    known: set[str] = set()
    initials: list[str] = []
    for rendering in renderings:
        content = [w for w in words(rendering, lang) if not is_function_word(w.text, lang)]
        for w in content:
            known |= w.lemmas
        initials.append("".join(w.text[0].upper() for w in content))
    for w in words(span, lang):
        if is_function_word(w.text, lang) or w.lemmas & known:
            continue
        letters = "".join(c for c in w.text if c.isalpha())
        if not (_is_acronym(w.text) and any(letters.upper() in i for i in initials)):
            return False
    return True


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2 and word[-1] not in ",.;:"


def _trimmed(text: str, spans: list[tuple[int, int]], lang: str) -> tuple[int, int] | None:
    """The character span of whitespace words ``spans`` without edge punctuation and edge
    function words; None when nothing is left."""
    if not spans:
        return None
    a, b = spans[0][0], spans[-1][1]
    inner = [w for w in words(text[a:b], lang)]
    while inner and is_function_word(inner[0].text, lang):
        inner.pop(0)
    while inner and is_function_word(inner[-1].text, lang):
        inner.pop()
    if not inner:
        return None
    end = a + inner[-1].end
    # keep a possessive or a hyphenated tail out of the span: "Ministry's" -> "Ministry"
    surface = text[a + inner[0].start : end]
    for tail in ("'s", "’s"):
        if surface.endswith(tail):
            end -= len(tail)
    return a + inner[0].start, end


def head_lemmas(rendering: str, lang: str) -> frozenset[str]:
    """Lemmas of the head word of a rendering, as the language's module finds it (the first
    noun in Russian, the word before the first preposition in English, else the last
    word); none when the head is a function word."""
    content = _content(rendering, lang)
    if not content:
        return frozenset()
    head = content[get(lang).head([w.text for w in content])]
    return frozenset() if is_function_word(head.text, lang) else head.lemmas


def anchors(
    text: str, renderings: Sequence[str], lang: str, taken: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Words of ``text`` whose lemma is the head lemma of one of ``renderings``."""
    heads: set[str] = set()
    for r in renderings:
        heads |= head_lemmas(r, lang)
    return [
        (w.start, w.end)
        for w in words(text, lang)
        if w.lemmas & heads
        and is_free(w.start, w.end, taken)
        and not is_function_word(w.text, lang)
    ]
