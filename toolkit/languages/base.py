"""What a language module supplies: :class:`Language` and the value types of its hooks.

A language module (``toolkit/languages/<code>.py``) defines ``LANGUAGE = Language(...)``. Its
hooks run text-layer code (imported inside the hook, so that loading the module is cheap);
code of a higher layer (term matchers, agreement) is named as ``"module:attr"``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toolkit.text.numbers.tokens import Atom

Month = tuple[str, int]
"""(calendar, month number) of a month name."""

NEWS_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt inc ltd co corp gov gen col lt sgt capt rep sen
    vs etc e.g i.e cf al approx dept est fig no nos vol pp p jan feb mar apr jun jul aug
    sep sept oct nov dec u.s u.k u.n a.m p.m""".split()
)
"""Abbreviations (lower case, without the final dot) that news in any language quotes."""


@dataclass(frozen=True)
class NumberWords:
    """The number words of a language, as the shared number reader uses them."""

    atom: Callable[[str], Atom | None]
    """A lower-case word's number atom (``fifth`` -> 5, ordinal), or None."""
    months: Mapping[str, Month]
    ordinal_suffixes: frozenset[str] = frozenset()
    """Endings that make digits an ordinal (``5th``, ``5-е``)."""
    articles: frozenset[str] = frozenset()
    """Words that count one before a hundred or a multiplier (``a hundred``)."""


@dataclass(frozen=True)
class Numbers:
    """How a language writes numbers: its words and the rules the shared scanner follows."""

    words: Callable[[], NumberWords]
    """Its lexicon, built on first use (the module caches it)."""
    thousands: frozenset[str] = frozenset(", \u00a0\u202f\u2009")
    """Characters that separate thousands in digits."""
    decimals: frozenset[str] = frozenset(".")
    """Decimal points in digits."""
    thousands_first: frozenset[str] = frozenset()
    """Separators read as thousands before a decimal reading (English ``20,000``)."""
    slash_dates: bool = False
    """``۱۴۰۴/۰۹/۱۴`` in digits is a date (Jalali or Gregorian by its year)."""
    bare_addition: bool = True
    """Parts add without a word between them (``twenty five``)."""
    conjunction: str = ""
    """The word that adds a part (``two hundred and five``; Persian ``و``)."""
    conjunction_after_words: bool = False
    """The conjunction adds only after a hundred or a thousand of a number in words."""
    halves: tuple[tuple[str, ...], ...] = ()
    """Words after a number that add a half (``and a half``, ``с половиной``)."""
    ordinal_gaps: frozenset[str] = frozenset({""})
    """What may stand between a number and its ordinal ending."""
    ordinal_after_words: bool = False
    """An ordinal ending may follow a number word too (Persian ``سی‌ام``), not only digits."""


@dataclass(frozen=True)
class NameSpelling:
    """How Persian names are spelt in a language, from the sounds transliteration finds.

    Sounds are written in the plain Latin notation of news romanization (``kh``, ``ou``,
    ``eh``); a sound that ``sounds`` does not list is written as it is.
    """

    sounds: Mapping[str, str] = field(default_factory=dict)
    initial: Mapping[str, str] = field(default_factory=dict)
    """A vowel's first letter at the start of a word or after a vowel (Russian е -> э)."""
    joins: tuple[tuple[str, str], ...] = ()
    """Letter pairs written as one letter after spelling (Russian йа -> я)."""


@dataclass(frozen=True)
class Lookalike:
    """Another language in the same script that a text may be in instead."""

    code: str
    name: str
    why: str
    """Why the text is taken for it (``no Persian-only letters``)."""


def _same(word: str) -> str:
    return word


def _lower(word: str) -> frozenset[str]:
    return frozenset({word.lower().replace("ё", "е").replace("’", "'")})


def _never(word: str) -> bool:
    return False


def _last(words: Sequence[str]) -> int:
    return len(words) - 1


def _forms(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(words)


@dataclass(frozen=True)
class Language:
    """One language: its names and model codes, and its hooks into the text layer.

    Every field but the names has a neutral default, so a new language starts with
    whole-word matching and no number reading, and adds what it needs.
    """

    code: str
    """ISO 639-1 code, as on the command line (``--to ru``)."""
    name: str
    script: str
    """The script detected for it: ``Arabic``, ``Latin``, ``Cyrillic``."""
    nllb: str = ""
    """NLLB-200 language code (``rus_Cyrl``)."""
    m2m100: str = ""
    """M2M100 language code (``ru``)."""
    marian: tuple[str, ...] = ()
    """OPUS-MT target tokens, most specific first (``>>rus<<``)."""
    marian_names: tuple[str, ...] = ()
    """Names an OPUS-MT config may use for the language (``rus``)."""
    source: bool = False
    """Articles in it can be summarized and translated from (only Persian today)."""
    target: bool = False
    """Translations into it can be made and checked."""
    pivot: bool = False
    """The language a one-direction (Marian) model chain goes through (English)."""
    expected_ratio: float = 1.2
    """Expected characters of a translation per character of the Persian source."""
    # --- detection -----------------------------------------------------------------------
    stopwords: frozenset[str] = frozenset()
    """Frequent words that tell it from other languages of its script."""
    letters: frozenset[str] = frozenset()
    """Lower-case letters of its script that it uses and the others mostly do not."""
    lookalike: Callable[[Any], Lookalike | None] | None = None
    """Given a text's ``ScriptProfile``, the other language it looks like instead."""
    # --- sentences and words -------------------------------------------------------------
    abbreviations: frozenset[str] = NEWS_ABBREVIATIONS
    """Words a full stop follows inside a sentence (lower case, no final dot)."""
    initials: bool = False
    """A lone lower-case letter before a full stop is an abbreviation (Russian ``с.``)."""
    stem: Callable[[str], str] = _same
    """A light stem of a key-form word, for summarization."""
    cue_words: Callable[[list[str]], list[str]] | None = None
    """Key-form words joined as the summarizer's cue lists spell them (Persian affixes)."""
    background_at: Callable[[Sequence[str], int], bool] | None = None
    """Whether the cue words at an index tell background (a past perfect)."""
    # --- terms ---------------------------------------------------------------------------
    matcher: str = ""
    """``module:Class`` of its target term matcher; empty for whole-word matching."""
    lemmas: Callable[[str], frozenset[str]] = _lower
    """The lemmas a word may have (the lower-cased word among them)."""
    is_function_word: Callable[[str], bool] = _never
    """Whether a lower-case word is an article, a preposition or the like."""
    head: Callable[[Sequence[str]], int] = _last
    """Index of the head word of a phrase's content words."""
    fitting_forms: str = ""
    """``module:function`` giving the forms of a term that fit the words it replaces."""
    placed_forms: str = ""
    """``module:function`` giving the forms of a term placed where the model wrote none."""
    fit_neighbours: str = ""
    """``module:function`` ``(head, form, tail, replaced) -> (head, tail)``: the words around a
    substituted form made to fit it (an article, a preposition, agreement); empty: none."""
    fit_before: str = ""
    """``module:function`` ``(head, form) -> head``: the words before a form placed where the
    model wrote none made to fit it (Russian «о»/«об»); empty: none."""
    grammar_words: frozenset[str] = frozenset()
    """Words that may come or go next to a placed term as its grammar requires (the edit
    guard allows them)."""
    rendering_number: str = ""
    """``module:function`` (sentence, :class:`TargetMatch`) -> the grammatical number of a
    placed rendering (``sing``, ``plur``), or None where it cannot be told; empty: the
    term-number check skips the language."""
    shows_number: str = ""
    """``module:function`` (variant, :class:`Term`) -> whether a rendering is a singular
    noun phrase whose plural differs (so a wrong number shows); read with
    :attr:`rendering_number`."""
    # --- numbers and names ---------------------------------------------------------------
    numbers: Numbers | None = None
    """How it writes numbers; None: no number check for it."""
    noun_forms: Callable[[Sequence[str]], tuple[str, ...]] = _forms
    """The forms of the counted-noun lexicon's words that a text may use."""
    nouns_by_lemma: bool = False
    """Counted nouns are found by :attr:`lemmas` rather than by their forms."""
    spelling: NameSpelling | None = None
    """How Persian names are spelt in it; None: no transliteration into it."""


def read_json(package: str, name: str) -> dict[str, Any]:
    """A JSON file of a package's ``data`` folder (a language's lexicon)."""
    path = resources.files(package).joinpath("data", name)
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded
