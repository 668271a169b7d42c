"""News cues per sentence: events, figures, dates, places, decisions, framing, background,
praise and restatement markers, found with the lists of :mod:`toolkit.summarize.cues`.

Sentences are read as :func:`cue_words`: the summarizer's key-form words with, in Persian, a
detached ``می``/``نمی`` glued to the verb after it and a detached suffix (``ها``, ``های``,
``ای``, ``اند``, ``ترین``) to the word before it, so spacing variants match one entry. A
single-word cue matches a word or its light stem (:func:`toolkit.summarize.tokens.stem`);
a phrase matches consecutive words. One pass over the words of each sentence finds
everything, so the cost grows linearly with the text.

:func:`count_cues` gives the raw counts (:class:`Cues`); how they become features and
weights is documented in :mod:`toolkit.summarize.extractive`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from toolkit.languages import get
from toolkit.summarize import cues
from toolkit.summarize.tokens import stem, stopwords, words

_PERFECT_AUX = frozenset({"بود", "بودند", "بوده"})
_YEAR = frozenset({"سال", "year", "году", "года"})


def cue_words(text: str, lang: str, found: list[str] | None = None) -> list[str]:
    """The words of ``text`` as the cue lists see them (see the module docstring);
    ``found`` may give ``words(text)`` when already computed."""
    if found is None:
        found = words(text)
    glue = get(lang).cue_words
    return glue(found) if glue is not None else found


Phrases = dict[str, tuple[tuple[str, ...], ...]]
"""First word -> the rest of each phrase that starts with it."""


@dataclass(frozen=True)
class CueLists:
    """The cue lists of one language in token form."""

    event_nouns: frozenset[str]
    event_suffixes: tuple[str, ...]
    event_verbs: frozenset[str]
    event_phrases: Phrases
    numbers: frozenset[str]
    quantities: frozenset[str]
    uncounted: frozenset[str]
    days: frozenset[str]
    months: frozenset[str]
    month_leads: frozenset[str]
    places: frozenset[str]
    decisions: frozenset[str]
    framing_nouns: frozenset[str]
    framing_verbs: frozenset[str]
    framing_phrases: Phrases
    background: Phrases
    praise: frozenset[str]
    restatement: Phrases
    pronouns: frozenset[str]
    stop: frozenset[str]


@functools.cache
def cue_lists(lang: str) -> CueLists:
    """The cue lists of ``lang`` (empty lists for a language without any)."""

    def single(table: dict[str, tuple[str, ...]]) -> frozenset[str]:
        return frozenset(w for entry in table.get(lang, ()) for w in cue_words(entry, lang))

    def phrases(table: dict[str, tuple[str, ...]]) -> Phrases:
        out: dict[str, list[tuple[str, ...]]] = {}
        for entry in table.get(lang, ()):
            ws = cue_words(entry, lang)
            if ws:
                out.setdefault(ws[0], []).append(tuple(ws[1:]))
        return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in out.items()}

    return CueLists(
        event_nouns=single(cues.EVENT_NOUNS),
        event_suffixes=tuple(w for e in cues.EVENT_NOUN_SUFFIXES.get(lang, ()) for w in words(e)),
        event_verbs=single(cues.EVENT_VERBS),
        event_phrases=phrases(cues.EVENT_PHRASES),
        numbers=single(cues.NUMBER_WORDS),
        quantities=single(cues.QUANTITY_WORDS),
        uncounted=single(cues.UNCOUNTED_NOUNS),
        days=single(cues.WEEKDAYS),
        months=single(cues.MONTHS),
        month_leads=single(cues.MONTH_LEADS),
        places=single(cues.PLACES),
        decisions=single(cues.DECISIONS),
        framing_nouns=single(cues.FRAMING_NOUNS),
        framing_verbs=single(cues.FRAMING_VERBS),
        framing_phrases=phrases(cues.FRAMING_PHRASES),
        background=phrases(cues.BACKGROUND),
        praise=single(cues.PRAISE),
        restatement=phrases(cues.RESTATEMENT),
        pronouns=single(cues.PRONOUN_STARTS),
        stop=stopwords(lang),
    )


@dataclass(frozen=True)
class Cues:
    """What one sentence contains (counts of distinct occurrences)."""

    figures: int = 0
    events: int = 0
    dates: int = 0
    places: int = 0
    decisions: int = 0
    framing: int = 0
    background: int = 0
    praise: int = 0
    restatement: int = 0


def _in(word: str, table: frozenset[str], lang: str) -> bool:
    return word in table or stem(word, lang) in table


def phrase_at(ws: Sequence[str], j: int, table: Phrases) -> int:
    """The length of the longest phrase of ``table`` that starts at ``ws[j]`` (0: none)."""
    if ws[j] not in table:
        return 0
    for rest in table[ws[j]]:
        if tuple(ws[j + 1 : j + 1 + len(rest)]) == rest:
            return 1 + len(rest)
    return 0


def _is_number(word: str, lists: CueLists) -> bool:
    return word.isdigit() or word in lists.numbers


def _event_at(ws: Sequence[str], j: int, lists: CueLists) -> bool:
    """An event noun at ``j`` and an event verb right after it or one word later, not in
    the past perfect (``تعیین شده بود`` is background)."""
    w = ws[j]
    if not (w in lists.event_nouns or (len(w) > 5 and w.endswith(lists.event_suffixes))):
        return False
    n = len(ws)
    for k in (j + 1, j + 2):
        if k >= n or ws[k] in lists.event_nouns:
            return False
        if ws[k] in lists.event_verbs:
            return k + 1 >= n or ws[k + 1] not in _PERFECT_AUX
    return False


def count_cues(text: str, lang: str, found: list[str] | None = None) -> Cues:
    """Count the news cues of one sentence (see the module docstring); ``found`` may give
    ``words(text)`` when already computed."""
    lists = cue_lists(lang)
    history = get(lang).background_at
    ws = cue_words(text, lang, found)
    n = len(ws)
    figures = events = dates = places = background = framing = 0
    decisions: set[str] = set()
    praise: set[str] = set()
    j = 0
    while j < n:
        w = ws[j]
        # figures: a run of numbers and amounts, unless it dates the sentence or counts
        # "the two countries"
        if _is_number(w, lists) or w in lists.quantities:
            k = j
            while k + 1 < n and (
                _is_number(ws[k + 1], lists) or ws[k + 1] in lists.quantities or ws[k + 1] == "و"
            ):
                k += 1
            while ws[k] == "و":
                k -= 1
            run = ws[j : k + 1]
            after = ws[k + 1] if k + 1 < n else ""
            before = ws[j - 1] if j else ""
            if after in lists.months:
                dates += 1
            elif not (
                after in lists.uncounted
                or run == ["یک"]  # an article, not a count
                or (before in _YEAR and run[0].isdigit())
            ):
                figures += 1
            j = k + 1
            continue
        if w in lists.days or (
            w in lists.months
            and (
                (j and ws[j - 1] in lists.month_leads)
                or (j + 1 < n and (ws[j + 1] == "ماه" or ws[j + 1].isdigit()))
            )
        ):
            dates += 1
        if _in(w, lists.places, lang):
            places += 1
        if _in(w, lists.decisions, lang):
            decisions.add(stem(w, lang))
        if _in(w, lists.praise, lang):
            praise.add(stem(w, lang))
        if _event_at(ws, j, lists) or phrase_at(ws, j, lists.event_phrases):
            events += 1
        if (
            w in lists.framing_nouns
            and any(ws[k] in lists.framing_verbs for k in range(j + 1, min(n, j + 3)))
        ) or phrase_at(ws, j, lists.framing_phrases):
            framing += 1
        if phrase_at(ws, j, lists.background) or (history is not None and history(ws, j)):
            background += 1
        j += 1
    restatement = int(any(phrase_at(ws, j, lists.restatement) for j in range(min(n, 2))))
    return Cues(
        figures=figures,
        events=events,
        dates=dates,
        places=places,
        decisions=len(decisions),
        framing=framing,
        background=background,
        praise=len(praise),
        restatement=restatement,
    )
