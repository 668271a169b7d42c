"""The values the number package returns: numbers found in a text, dates, findings."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeAlias

Number: TypeAlias = int | float

JALALI_MONTH_NAMES = (
    "Farvardin Ordibehesht Khordad Tir Mordad Shahrivar Mehr Aban Azar Dey Bahman Esfand".split()
)
GREGORIAN_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True)
class CalendarDate:
    """A day of a month in the Jalali (Solar Hijri) or Gregorian calendar; the year may be
    unknown."""

    calendar: str  # "jalali" or "gregorian"
    month: int
    day: int
    year: int | None = None

    def __str__(self) -> str:
        names = JALALI_MONTH_NAMES if self.calendar == "jalali" else GREGORIAN_MONTH_NAMES
        year = "" if self.year is None else f" {self.year}"
        return f"{self.day} {names[self.month - 1]}{year}"


@dataclass(frozen=True)
class FoundNumber:
    """A number found in a text: ``text[start:end] == surface``."""

    value: Number
    kind: str
    start: int
    end: int
    surface: str
    date: CalendarDate | None = None
    alternatives: tuple[Number, ...] = ()


@dataclass(frozen=True)
class SourceNumber(FoundNumber):
    """A number found in Persian text.

    ``kind`` is "digits", "decimal", "word", "ordinal" or "date"; ``start``/``end`` are offsets
    into the text (``text[start:end] == surface``). For a date ``value`` is the day and
    ``date`` holds the month and year. ``alternatives`` are other values a translation may
    rightly use: a Jalali year such as ۱۴۰۴ may come out as 2025 or 2026.
    """


@dataclass(frozen=True)
class TargetNumber(FoundNumber):
    """A number found in English or Russian text.

    ``alternatives`` are other readings of the same surface: ``20,000`` in Russian may be
    20.0 or 20000, and ``20 million`` may stand for 20 (a source ``۲۰ میلیونی``). A date entry
    (kind "date", ``value`` = the day) overlaps the numbers it is made of.
    """


@dataclass(frozen=True)
class DateConflict:
    """A source date that the target gives in both calendars, one of them wrong:
    ``calendar`` ("jalali" or "gregorian") is the wrong one, ``given`` what the target
    says there and ``expected`` what the source date is in that calendar."""

    calendar: str
    given: str
    expected: str

    def to_dict(self) -> dict[str, str]:
        return {"calendar": self.calendar, "given": self.given, "expected": self.expected}


@dataclass(frozen=True)
class Misattached:
    """A number that counts one thing in the source (``counted``: ۲۰ تفاهم‌نامه) and another
    in the target (``attached``: "20 contracts")."""

    value: Number
    counted: str
    attached: str

    def to_dict(self) -> dict[str, object]:
        return {"value": self.value, "counted": self.counted, "attached": self.attached}


@dataclass(frozen=True)
class NumberFinding:
    """One problem with the numbers of a segment pair.

    ``code`` is "missing" (a source number has no counterpart in the target),
    "untranslated-digits" (Persian or Arabic-Indic digits left in the target), "wrong-date"
    (a date given in both calendars, one of them not the source date: ``date_conflict``)
    or "swapped" (numbers attached to the wrong nouns: ``misattached``, one entry per
    number). ``source``/``start``/``end`` locate the source number ("" and None when the
    finding has none); ``target``/``target_start``/``target_end`` give the target evidence.
    """

    code: str
    source: str
    start: int | None
    end: int | None
    value: Number | None
    kind: str
    message: str
    target: str = ""
    target_start: int | None = None
    target_end: int | None = None
    date_conflict: DateConflict | None = None
    misattached: tuple[Misattached, ...] = ()

    def to_dict(self) -> dict[str, object]:
        extra: dict[str, object] = {}
        if self.date_conflict is not None:
            extra["date_conflict"] = self.date_conflict.to_dict()
        if self.misattached:
            extra["misattached"] = [m.to_dict() for m in self.misattached]
        return {
            "code": self.code,
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "kind": self.kind,
            "message": self.message,
            "target": self.target,
            "target_start": self.target_start,
            "target_end": self.target_end,
            **extra,
        }


def same_value(a: Iterable[Number], b: Iterable[Number]) -> bool:
    """Whether any value of ``a`` equals any of ``b`` (floats compared with a tolerance)."""
    bs = list(b)
    return any(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9) for x in a for y in bs)


def values_of(number: FoundNumber) -> tuple[Number, ...]:
    """A number's value and its alternative readings."""
    return (number.value, *number.alternatives)


def clean(value: Number) -> Number:
    """``2.0`` as ``2``; other values unchanged."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


Span = tuple[int, int]


@dataclass(frozen=True)
class Counted:
    """Something that numbers count, found in a source segment and its translation: a
    glossary term (the evaluator passes these) or a noun of the counted-noun lexicon
    (``data/counted.json``). ``label`` names it; ``source_spans`` and ``target_spans`` are
    its occurrences as (start, end) offsets; ``target_before`` are symbols written before a
    number (``$5 million``)."""

    label: str
    source_spans: tuple[Span, ...]
    target_spans: tuple[Span, ...]
    target_before: tuple[Span, ...] = ()
