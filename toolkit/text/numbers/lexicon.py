"""The Persian number words, read once from the Persian module's data (``fa.json``).

The JSON file holds the words and their values; this module turns them into the tables the
source reader uses, deriving what follows a rule (ordinals ``پنجم``/``پنجمین`` from ``پنج``).
The target languages' number words are their modules' (:mod:`toolkit.languages`).

``fa.json``: ``units``/``tens``/``hundreds``/``scales`` (word -> value), ``hundred`` (the word
that multiplies by 100), ``half``, ``first`` (words for "first"), ``ordinal_suffixes``,
``months`` (per calendar, word -> month), ``month_word``/``year_word`` (ماه, سال),
``decimal_point`` (ممیز), ``denominators`` (دهم 10, صدم 100: decimal fractions) and word
sets with a ``note`` each (``measures``, ``counted``, ``compound_next``, ``vague``,
``letter_names``, ``not_first``, ``verb_prefixes``, ``not_ordinals``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from toolkit.languages.base import Month, read_json
from toolkit.text.normalize import key_of
from toolkit.text.numbers.tokens import Atom


def _load(lang: str) -> dict[str, Any]:
    return read_json("toolkit.languages", f"{lang}.json")


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
