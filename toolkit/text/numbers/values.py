"""The values the number package returns: numbers found in a text, dates, findings."""

from __future__ import annotations

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
class NumberFinding:
    """One problem with the numbers of a segment pair.

    ``code`` is "missing" (a source number has no counterpart in the target) or
    "untranslated-digits" (Persian or Arabic-Indic digits left in the target).
    ``source``/``start``/``end`` locate the source number ("" and None when the finding has
    none); ``target``/``target_start``/``target_end`` give the target evidence.
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

    def to_dict(self) -> dict[str, object]:
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
        }


def clean(value: Number) -> Number:
    """``2.0`` as ``2``; other values unchanged."""
    return int(value) if isinstance(value, float) and value.is_integer() else value
