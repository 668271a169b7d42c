"""The number words of Persian, English and Russian, read once from ``data/*.json``.

The JSON files hold the words and their values; this module turns them into the tables the
readers use, deriving what follows a rule (Persian ordinals ``پنجم``/``پنجمین`` from
``پنج``; English ``twentieth`` from ``twenty``). Each ``*_lexicon()`` is built on first use
and cached for the process.

``fa.json``: ``units``/``tens``/``hundreds``/``scales`` (word -> value), ``hundred`` (the word
that multiplies by 100), ``half``, ``first`` (words for "first"), ``ordinal_suffixes``,
``months`` (per calendar, word -> month), ``month_word``/``year_word`` (ماه, سال),
``decimal_point`` (ممیز), ``denominators`` (دهم 10, صدم 100: decimal fractions) and word
sets with a ``note`` each (``measures``, ``counted``, ``compound_next``, ``vague``,
``letter_names``, ``not_first``, ``verb_prefixes``, ``not_ordinals``).
``en.json``: ``units``/``unit_ordinals`` (lists by value), ``tens`` (20, 30, ...), ``scales``,
``ordinal_adverbs``, ``counts``, ``half``, ``articles``, ``ordinal_suffixes``, ``months``.
``ru.json``: ``cardinals``/``ordinals``/``scales`` by dictionary form, ``ordinal_suffixes``
(after a hyphen: ``5-е``), ``months`` (every form a date uses), ``compounds`` (number stems
joined to a word: ``пятилетний`` 5).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from toolkit.text.normalize import key_of
from toolkit.text.numbers.tokens import Atom
from toolkit.text.numbers.values import Number

Month = tuple[str, int]  # (calendar, month number)


def _load(lang: str) -> dict[str, Any]:
    data = resources.files("toolkit.text.numbers").joinpath("data", f"{lang}.json")
    loaded: dict[str, Any] = json.loads(data.read_text(encoding="utf-8"))
    return loaded


def _months(table: dict[str, dict[str, int]], key: Any = str) -> dict[str, Month]:
    return {key(w): (calendar, m) for calendar, words in table.items() for w, m in words.items()}


@dataclass(frozen=True)
class PersianLexicon:
    """Persian words on the matching key (``key_of``)."""

    atoms: dict[str, Atom]
    months: dict[str, Month]
    ordinal_suffixes: frozenset[str]
    month_word: str
    year_word: str
    measures: frozenset[str]  # a bare یک is the article "a"; a count before these
    counted: frozenset[str]  # a bare نه is "not"; a count before these (or a measure)
    compound_next: frozenset[str]  # after a number, make it part of a word (سه شنبه)
    vague: frozenset[str]  # a multiplier after these is vague (چند هزار)
    letter_names: frozenset[str]  # سی in بی بی سی is a letter
    not_first: frozenset[str]  # اول after these is "the beginning"
    verb_prefixes: frozenset[str]  # می دهم "I give", not دهم "tenth"
    decimal_point: str  # ممیز: دو ممیز پنج is 2.5
    denominators: dict[str, int]  # سه دهم is 0.3, بیست و پنج صدم 0.25


@dataclass(frozen=True)
class EnglishLexicon:
    atoms: dict[str, Atom]
    months: dict[str, Month]
    ordinal_suffixes: frozenset[str]
    articles: frozenset[str]


@dataclass(frozen=True)
class RussianLexicon:
    cardinals: dict[str, Number]
    scales: dict[str, int]
    ordinals: dict[str, int]
    months: dict[str, Month]
    ordinal_suffixes: frozenset[str]
    compound_stems: tuple[tuple[str, int], ...]  # longest first: пятидесяти before пяти
    compound_heads: tuple[str, ...]  # пяти + летний: пятилетний


def _keyed(words: list[str]) -> frozenset[str]:
    return frozenset(key_of(w) for w in words)


@functools.cache
def persian_lexicon() -> PersianLexicon:
    data = _load("fa")
    sets = {name: _keyed(data[name]["words"]) for name in (
        "measures", "counted", "compound_next", "vague", "letter_names", "not_first",
        "verb_prefixes", "not_ordinals",
    )}  # fmt: skip
    cardinals: dict[str, tuple[int, str]] = {}
    for table, cls in (("units", "unit"), ("tens", "tens"), ("hundreds", "hundreds")):
        cardinals.update({w: (v, cls) for w, v in data[table].items()})
    cardinals[data["hundred"]] = (100, "hundred")
    cardinals.update({w: (v, "scale") for w, v in data["scales"].items()})
    atoms = {key_of(w): Atom(v, cls) for w, (v, cls) in cardinals.items()}
    # ۲۰ میلیونی ("20-million"): the adjective multiplies as the noun does.
    atoms.update({key_of(w + "ی"): Atom(v, "scale") for w, v in data["scales"].items()})
    # Ordinals: پنج -> پنجم, پنجمین; سی -> سی‌ام, سی‌امین; سه -> سوم, سومین.
    three = next(w for w, v in data["units"].items() if v == 3)
    for word, (value, cls) in cardinals.items():
        stem = "سو" if word == three else word
        endings = ("ام", "امین") if word.endswith("ی") else ("م", "مین")
        for ending in endings:
            key = key_of(stem + ending)
            if key not in sets["not_ordinals"] and key not in atoms:
                atoms[key] = Atom(value, cls, ordinal=True)
    for word in data["first"]:
        atoms[key_of(word)] = Atom(1, "unit", ordinal=True)
    atoms[key_of(data["half"])] = Atom(0.5, "half")
    return PersianLexicon(
        atoms=atoms,
        months=_months(data["months"], key_of),
        ordinal_suffixes=_keyed(data["ordinal_suffixes"]),
        month_word=key_of(data["month_word"]),
        year_word=key_of(data["year_word"]),
        measures=sets["measures"],
        counted=sets["counted"] | sets["measures"],
        compound_next=sets["compound_next"],
        vague=sets["vague"],
        letter_names=sets["letter_names"],
        not_first=sets["not_first"],
        verb_prefixes=sets["verb_prefixes"],
        decimal_point=key_of(data["decimal_point"]),
        denominators={key_of(w): v for w, v in data["denominators"]["words"].items()},
    )


@functools.cache
def english_lexicon() -> EnglishLexicon:
    data = _load("en")
    atoms: dict[str, Atom] = {}
    for value, (word, ordinal) in enumerate(zip(data["units"], data["unit_ordinals"], strict=True)):
        atoms[word] = Atom(value, "unit")
        atoms[ordinal] = Atom(value, "unit", ordinal=True)
    for value, word in enumerate(data["tens"], start=2):
        atoms[word] = Atom(value * 10, "tens")
        atoms[word[:-1] + "ieth"] = Atom(value * 10, "tens", ordinal=True)  # twentieth
    atoms[data["hundred"]] = Atom(100, "hundred")
    atoms[data["hundred"] + "th"] = Atom(100, "hundred", ordinal=True)
    for word, value in data["scales"].items():
        atoms[word] = Atom(value, "scale")
        if len(word) > 3:  # thousandth, millionth; not "mlnth"
            atoms[word + "th"] = Atom(value, "scale", ordinal=True)
    for word, value in data["ordinal_adverbs"].items():
        atoms[word] = Atom(value, "unit", ordinal=True)
    for word, value in data["counts"].items():
        atoms[word] = Atom(value, "unit")
    atoms[data["half"]] = Atom(0.5, "half")
    return EnglishLexicon(
        atoms=atoms,
        months=_months(data["months"]),
        ordinal_suffixes=frozenset(data["ordinal_suffixes"]),
        articles=frozenset(data["articles"]),
    )


@functools.cache
def russian_lexicon() -> RussianLexicon:
    data = _load("ru")
    return RussianLexicon(
        cardinals=dict(data["cardinals"]),
        scales=dict(data["scales"]),
        ordinals=dict(data["ordinals"]),
        months=_months(data["months"]),
        ordinal_suffixes=frozenset(data["ordinal_suffixes"]),
        compound_stems=tuple(
            sorted(data["compounds"]["stems"].items(), key=lambda kv: len(kv[0]), reverse=True)
        ),
        compound_heads=tuple(data["compounds"]["heads"]),
    )
