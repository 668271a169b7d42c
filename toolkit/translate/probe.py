"""Which words of a translation render a source term, asked of the model itself.

The sentence is translated again without the term's words, and once more without a control
word (a content word of the sentence outside every term). Compared word by word with the
translation of the whole sentence:

* **rendered**: leaving the term out removes one run of words (and at most re-inflects a
  neighbour), and leaving the control out does not touch that run: the run is the model's
  rendering of the term, in its own wording and in context;
* **omitted**: leaving the term out changes nothing, while leaving the control out changes
  one short run where the control stands: the model translates this sentence word by word,
  and had not translated the term;
* **unknown**: anything else, and everything when the control shows no such local change.
  A model that memorised its sentences changes nothing for a word left out, or answers with
  another sentence it knows; a model that does not translate changes everything. None of
  them tells where a term is.

It needs nothing but translation, so it works for every translator (an LLM server too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from toolkit.glossary.source import SourceMatch
from toolkit.translate.base import INDEPENDENT, Translator
from toolkit.translate.calls import Generate, Step, run
from toolkit.translate.locate import is_function_word, lemmas

if TYPE_CHECKING:
    from toolkit.translate.backends.base import Hypothesis

_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_DIGIT = re.compile(r"\d")
_SOURCE_WORD = re.compile(r"[^\s.,;:!?«»\"()\[\]،؛؟]+")
"""A Persian word: letters with any joiner (ZWNJ) inside, up to a space or punctuation."""
MIN_CONTROL_LETTERS = 4
"""A control word has at least this many letters (not a particle or a number)."""
MAX_SHIFT = 0.4
"""How far (as a share of each sentence's length) a rendering may stand from where its term
stands in the source. Word order differs between Persian and English or Russian, but a
run at the other end of the sentence is a model that stopped early or rewrote the sentence,
not a rendering (measured: a model that memorised its sentences, asked without a title at
the start, dropped the last words of its translation)."""


@dataclass(frozen=True)
class Evidence:
    """What leaving a term's words out of the sentence showed (see the module docstring).

    ``rendering`` is the run of the whole sentence's translation (``translation``) that
    rendered the term, when ``verdict`` is ``rendered``."""

    verdict: str
    rendering: str = ""
    translation: str = ""


UNKNOWN = Evidence("unknown")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    key: str
    lemmas: frozenset[str]


def probe(
    translator: Translator,
    source: str,
    matches: Sequence[SourceMatch],
    lang: str,
    *,
    beam_size: int,
    max_new_tokens: int,
) -> list[Evidence]:
    """One :class:`Evidence` per match: translations of ``source``, of ``source`` without a
    control word, and of ``source`` without each match's words: greedy and in one batch with
    ``beam_size`` 1 where the translator is :data:`~toolkit.translate.base.INDEPENDENT`; else
    each alone (a server reads a batch as one document, which would make the evidence depend
    on the batch)."""
    step = probing(
        translator, source, matches, lang, beam_size=beam_size, max_new_tokens=max_new_tokens
    )
    return run(translator, step)


def probing(
    translator: Translator,
    source: str,
    matches: Sequence[SourceMatch],
    lang: str,
    *,
    beam_size: int,
    max_new_tokens: int,
    translated: Hypothesis | None = None,
) -> Step[list[Evidence]]:
    """:func:`probe` as requests (:mod:`toolkit.translate.calls`). ``translated``: the greedy
    translation of ``source`` within ``max_new_tokens``, where the caller has it (with
    ``beam_size`` 1 on an independent translator, it is what the probe would get, and is not
    asked again)."""
    if not matches:
        return []
    control = control_word(source, matches)
    if control is None:
        return [UNKNOWN] * len(matches)  # no way to tell a model that translates word by word
    variants = [source, _without(source, *control)]
    variants += [_without(source, m.start, m.end) for m in matches]
    outputs: list[list[Hypothesis]] = []
    if beam_size == 1 and translator.can(INDEPENDENT):
        # Greedy search gives each source the same output alone or in a batch (measured on
        # both backends: see the engine's first pass), so the variants go in one call; a
        # server reads a batch as one document, and gets each alone.
        asked = variants if translated is None else variants[1:]
        budgets = (max_new_tokens,) * len(asked)
        outputs = yield Generate(tuple(asked), 1, 1, max_new_tokens=budgets, scored=False)
        if translated is not None:
            outputs = [[translated], *outputs]
    else:
        for v in variants:
            outputs += yield Generate(
                (v,), 1, beam_size, max_new_tokens=(max_new_tokens,), scored=False
            )
    # A translation cut at the length limit is not the model's whole answer: no evidence.
    texts = [hyps[0].text if hyps and hyps[0].finished else "" for hyps in outputs]
    whole = texts[0]
    base = _tokens(whole, lang)
    if not base:
        return [UNKNOWN] * len(matches)
    # The model must show that it translates this sentence word by word: without the control
    # word, one short run of its translation changes, where the control stands. A model
    # that changes nothing, or writes another sentence, shows nothing about any word.
    shown = _run(whole, base, _tokens(texts[1], lang), 1, lang, _where(source, *control))
    if not shown:
        return [UNKNOWN] * len(matches)
    out = []
    for m, text in zip(matches, texts[2:], strict=True):
        without = _tokens(text, lang)
        if not without:
            out.append(UNKNOWN)
            continue
        if [t.key for t in without] == [t.key for t in base]:
            out.append(Evidence("omitted", "", whole))
            continue
        run = _run(
            whole, base, without, _word_count(m.surface), lang, _where(source, m.start, m.end)
        )
        if not run or set(run) & set(shown):
            out.append(UNKNOWN)
            continue
        out.append(Evidence("rendered", whole[base[run[0]].start : base[run[-1]].end], whole))
    return out


def control_word(source: str, matches: Sequence[SourceMatch]) -> tuple[int, int] | None:
    """The longest word of ``source`` (the first of equals) outside every match: no digit,
    at least :data:`MIN_CONTROL_LETTERS` letters; None if there is none."""
    best: tuple[int, int] | None = None
    for m in _SOURCE_WORD.finditer(source):
        word = m.group()
        if _DIGIT.search(word) or sum(c.isalpha() for c in word) < MIN_CONTROL_LETTERS:
            continue
        if any(m.start() < t.end and t.start < m.end() for t in matches):
            continue
        if best is None or m.end() - m.start() > best[1] - best[0]:
            best = (m.start(), m.end())
    return best


def _without(source: str, start: int, end: int) -> str:
    """``source`` less its characters ``start:end``."""
    return re.sub(r"\s{2,}", " ", source[:start] + source[end:]).strip()


def _word_count(text: str) -> int:
    return len(_TOKEN.findall(text))


def _tokens(text: str, lang: str) -> list[_Token]:
    return [
        _Token(m.start(), m.end(), m.group().lower().replace("ё", "е"), lemmas(m.group(), lang))
        for m in _TOKEN.finditer(text)
    ]


def _changed(base: list[_Token], other: list[_Token]) -> tuple[set[int], list[_Token]]:
    """Positions of ``base`` that ``other`` lacks, and the words ``other`` has in their
    place."""
    gone: set[int] = set()
    added: list[_Token] = []
    ops = SequenceMatcher(a=[t.key for t in base], b=[t.key for t in other], autojunk=False)
    for tag, i1, i2, j1, j2 in ops.get_opcodes():
        if tag != "equal":
            gone.update(range(i1, i2))
            added += other[j1:j2]
    return gone, added


def _where(text: str, start: int, end: int) -> float:
    """Where a span stands in a text, as a share of its length (its middle)."""
    return (start + end) / 2 / max(1, len(text))


def _run(
    whole: str,
    base: list[_Token],
    without: list[_Token],
    term_words: int,
    lang: str,
    where: float,
) -> list[int]:
    """The positions of ``base`` that a translation ``without`` some words lost: one run of
    at most ``2 * term_words + 3`` words (less its edge function words), near ``where``, with
    nothing new but neighbours re-inflected; empty for any other change."""
    gone, added = _changed(base, without)
    # A neighbour re-inflected (the same lemma, another form) is grammar, not the rendering.
    came = frozenset().union(*(t.lemmas for t in added)) if added else frozenset()
    reinflected = {i for i in gone if base[i].lemmas & came}
    if len(reinflected) < len(added):
        return []  # words came that were not there: the model rewrote the sentence
    run = sorted(gone - reinflected)
    if not run or run != list(range(run[0], run[-1] + 1)):
        return []
    if len(run) > 2 * term_words + 3 or len(run) * 2 > len(base):
        return []  # more than a term's rendering: the sentence changed
    # An article or a preposition at the edge goes with the sentence, not the term.
    while run and is_function_word(base[run[0]].key, lang):
        run.pop(0)
    while run and is_function_word(base[run[-1]].key, lang):
        run.pop()
    if not run:
        return []
    if abs(_where(whole, base[run[0]].start, base[run[-1]].end) - where) > MAX_SHIFT:
        return []
    return run
