"""Jalali (Solar Hijri) and Gregorian days, on ``persiantools``.

The conversion itself is ``persiantools.jdatetime.JalaliDate`` (MIT; see the package
docstring for why this library). This module adds what the number check needs on top:
whether a day of a month exists, and which Jalali years an undated source date
(``۱۴ آذر``) may stand for, from a reference year and never from the clock.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from datetime import date

from persiantools.jdatetime import JalaliDate

from toolkit.errors import ConfigError
from toolkit.text.numbers.values import CalendarDate

# Jalali years that news is dated in: what a four-digit year in this span is taken to be
# (۱۴۰۴ may come out as 2025 or 2026), and what a reference year must lie in.
JALALI_YEARS = range(1300, 1500)

# The Jalali years tried for a source date without a year (۱۴ آذر) when no reference year is
# known: 1340-1499 (Gregorian 1961-2121), the years whose 1 Farvardin falls on 20 or 21
# March. Over them a Jalali day and month falls on one of two Gregorian days (three for
# 10 Esfand, around 29 February): 14 Azar is 4 or 5 December, so "6 December" is caught.
UNDATED_YEARS = range(1340, 1500)


def jalali_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Jalali date: ``jalali_to_gregorian(1404, 9, 14)`` is 2025-12-05.

    Raises ``ValueError`` for a day that does not exist (30 Esfand of a common year).
    """
    return JalaliDate(year, month, day).to_gregorian()


def gregorian_to_jalali(day: date) -> CalendarDate:
    """The Jalali date of a Gregorian day."""
    jalali = JalaliDate.to_jalali(day)
    return CalendarDate("jalali", jalali.month, jalali.day, jalali.year)


def jalali_year_of(day: date) -> int:
    """The Jalali year that a Gregorian day falls in."""
    return int(JalaliDate.to_jalali(day).year)


def is_jalali_leap(year: int) -> bool:
    """Whether Esfand of Jalali ``year`` has 30 days."""
    return bool(JalaliDate.is_leap(year))


def valid_date(calendar: str, year: int | None, month: int, day: int) -> bool:
    """Whether the day exists; without a year, whether it exists in some year."""
    if not 1 <= month <= 12 or day < 1:
        return False
    if calendar == "jalali":
        if year is not None:
            return JalaliDate.check_date(year, month, day)
        return day <= (31 if month <= 6 else 30)
    try:
        date(year if year is not None else 2024, month, day)  # 2024: 29 February exists
    except ValueError:
        return False
    return True


def check_reference_year(year: int | None) -> None:
    """Refuse a reference year that is not a Jalali year of ``JALALI_YEARS`` (2025 for 1404)."""
    if year is not None and (not isinstance(year, int) or year not in JALALI_YEARS):
        raise ConfigError(
            f"{{option:reference_year}} {year!r} is not a Jalali year: expected one of "
            f"{JALALI_YEARS.start}-{JALALI_YEARS.stop - 1} (such as 1404 for 2025)"
        )


def undated_years(reference_year: int | None) -> range:
    """The Jalali years an undated source date may stand for: the reference year and the
    years either side of it (an article of early Farvardin may recall last Esfand), or
    ``UNDATED_YEARS`` when no reference year is known."""
    check_reference_year(reference_year)
    if reference_year is None:
        return UNDATED_YEARS
    return range(reference_year - 1, reference_year + 2)


def reference_year_of(years: Iterable[int]) -> int | None:
    """The year an article is about, from the Jalali years found in it: the most frequent,
    the latest on a tie; None when there are none."""
    counts = Counter(y for y in years if y in JALALI_YEARS)
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


@functools.lru_cache(maxsize=4096)
def gregorian_days(month: int, day: int, years: range) -> tuple[date, ...]:
    """The Gregorian dates of a Jalali day and month in each of ``years`` where it exists."""
    out = []
    for year in years:
        if JalaliDate.check_date(year, month, day):
            out.append(jalali_to_gregorian(year, month, day))
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def jalali_days(month: int, day: int, years: range) -> tuple[CalendarDate, ...]:
    """The Jalali dates of a Gregorian day and month that fall in the Jalali ``years``."""
    out = []
    for year in range(years.start + 621, years.stop + 622):
        if valid_date("gregorian", year, month, day):
            jalali = gregorian_to_jalali(date(year, month, day))
            if jalali.year in years:
                out.append(jalali)
    return tuple(out)
