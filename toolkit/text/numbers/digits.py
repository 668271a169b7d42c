"""Runs of digits in three scripts, with thousands separators, decimal points and slashes.

``read_run`` turns one run (``۱۲٬۵۰۰``, ``2,5``, ``۱۴۰۴/۰۹/۱۴``, ``10:30``) into the numbers
it holds, with the other readings a separator allows (``20,000`` in Russian is 20.0 or 20000).
"""

from __future__ import annotations

import re

from toolkit.errors import ConfigError
from toolkit.languages import Numbers, get
from toolkit.text.numbers.calendar import valid_date
from toolkit.text.numbers.tokens import Piece
from toolkit.text.numbers.values import CalendarDate, Number, clean

DIGIT = "0-9\u06f0-\u06f9\u0660-\u0669"
TO_ASCII = str.maketrans(
    {**{chr(0x06F0 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)}}
)
NATIVE_RUN = re.compile("[\u06f0-\u06f9\u0660-\u0669]+")
FA_RUN = re.compile(f"[{DIGIT}]+(?:[.,\u066b\u066c/:][{DIGIT}]+)*")
SPACES = " \u00a0\u202f\u2009"
TARGET_RUN = re.compile(
    f"[{DIGIT}]+(?:(?:[.,]|[{SPACES}](?=[{DIGIT}]{{3}}(?![{DIGIT}])))[{DIGIT}]+)*"
)

# A four-digit year of a slash date in this span is Jalali (۱۴۰۴/۰۹/۱۴), else Gregorian.
_JALALI_SLASH_YEARS = range(1200, 1700)


def number_rules(lang: str) -> Numbers:
    """How ``lang`` writes numbers (its module's ``numbers``); ``ConfigError`` without them."""
    rules = get(lang).numbers
    if rules is None:
        raise ConfigError(f"no number reading for language {lang!r}")
    return rules


def _grouped(groups: list[str], seps: list[str], thousands: frozenset[str]) -> int | None:
    """``groups`` joined as one integer when ``seps`` are valid thousands separators."""
    if not seps:
        return int(groups[0])
    if len(set(seps)) > 1 or seps[0] not in thousands:
        return None
    if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
        return None
    return int("".join(groups))


def _readings(groups: list[str], seps: list[str], rules: Numbers) -> list[tuple[Number, bool]]:
    """Plausible (value, is_decimal) readings of a digit run, the likeliest first; a
    separator that is both the language's thousands separator and decimal point is read
    both ways."""
    thousands, decimals = rules.thousands, rules.decimals
    out: list[tuple[Number, bool]] = []
    if seps[-1] in decimals and not ("/" in seps and len(seps) > 1):
        whole = _grouped(groups[:-1], seps[:-1], thousands)
        if whole is not None:
            out.append((float(f"{whole}.{groups[-1]}"), True))
    integer = _grouped(groups, seps, thousands)
    if integer is not None:
        # English "," before three digits is a thousands separator, not a decimal comma.
        first = seps[-1] in rules.thousands_first
        out.insert(0 if first else len(out), (integer, False))
    return out


def _slash_date(groups: list[str], seps: list[str]) -> CalendarDate | None:
    if seps != ["/", "/"]:
        return None
    if len(groups[0]) == 4:
        year, month, day = (int(g) for g in groups)
    elif len(groups[2]) == 4:
        day, month, year = (int(g) for g in groups)
    else:
        return None
    calendar = "jalali" if year in _JALALI_SLASH_YEARS else "gregorian"
    return (
        CalendarDate(calendar, month, day, year) if valid_date(calendar, year, month, day) else None
    )


def read_run(run: str, offset: int, lang: str) -> list[Piece]:
    """The numbers of one run of digits and separators (a run may hold several)."""
    parts = re.split(r"(\D)", run.translate(TO_ASCII))
    groups, seps = parts[0::2], parts[1::2]
    end = offset + len(run)
    if not seps:
        return [Piece(offset, end, int(groups[0]))]
    rules = number_rules(lang)
    if rules.slash_dates:
        day = _slash_date(groups, seps)
        if day is not None:
            return [Piece(offset, end, day.day, date=day)]
    readings = _readings(groups, seps, rules)
    if readings:
        (value, decimal), others = readings[0], readings[1:]
        alts = tuple(clean(v) for v, _ in others if v != value)
        return [Piece(offset, end, clean(value), decimal, alts)]
    pieces = []
    pos = offset
    for group, sep in zip(groups, [*seps, ""], strict=True):
        pieces.append(Piece(pos, pos + len(group), int(group)))
        pos += len(group) + len(sep)
    return pieces
