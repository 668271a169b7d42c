"""The number check: every number of a Persian source segment must reach its translation.

Three functions work on one (source segment, target segment) pair:

* ``extract_source_numbers(text_fa)`` finds the numbers of Persian text: Persian, Arabic-Indic
  and Western digits (with ``٬``/``,`` thousands separators and ``.``/``٫``/``/`` decimal
  points), number words (``بیست و پنج``, ``دو هزار و پانصد``), multipliers (``۲۰ هزار``,
  ``۲.۵ میلیون``), ordinals (``پنجم``, ``پنجمین``, ``سی‌ام``, ``۵ام``, ``اولین``) and dates
  (``۱۴ آذر``, ``۱۴ آذر ۱۴۰۴``, ``۱۴۰۴/۰۹/۱۴``).
* ``find_target_numbers(text, lang)`` finds the numbers of English or Russian text: digits
  (``20,000``, ``20 000``, ``2.5``, ``2,5``), words in every Russian case (``пяти``, ``двух``),
  ordinals (``fifth``, ``5th``, ``пятое``, ``5-е``) and dates (``5 December 2025``,
  ``December 5``, ``14 Azar``, ``5 декабря``, ``14 азара``).
* ``check_numbers(source, target, lang)`` pairs them one to one (each target number
  satisfies at most one source number) and reports what is left over.

Precision comes first: a checker that flags clean human translations gets switched off. Words
are matched whole, on the matching key (so ``سه‌شنبه``, ``سه شنبه`` and ``سهشنبه`` are all
Tuesday, never the number three), and words that are usually not counts are skipped:
the article ``یک`` (unless a unit follows: ``یک درصد``, ``یک میلیون``), ``نه`` ("not"),
``هر دو`` ("both"), ``دو جانبه`` ("bilateral"), ``چند``/``چندین`` ("several"), plurals such as
``صدها``/``ده‌ها``/``هزاران``, weekday names, fractions (``یک سوم``) and approximations
(``دو سه روز``).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TypeAlias

from toolkit.errors import ConfigError
from toolkit.text.morph import russian_morph
from toolkit.text.normalize import ZWNJ, key_of, match_key

Number: TypeAlias = int | float

TARGET_LANGUAGES = ("en", "ru")

# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDate:
    """A day of a month in the Jalali (Solar Hijri) or Gregorian calendar; the year may be
    unknown."""

    calendar: str  # "jalali" or "gregorian"
    month: int
    day: int
    year: int | None = None

    def __str__(self) -> str:
        names = _JALALI_MONTH_NAMES if self.calendar == "jalali" else _GREGORIAN_MONTH_NAMES
        year = "" if self.year is None else f" {self.year}"
        return f"{self.day} {names[self.month - 1]}{year}"


_JALALI_MONTH_NAMES = (
    "Farvardin Ordibehesht Khordad Tir Mordad Shahrivar Mehr Aban Azar Dey Bahman Esfand".split()
)
_GREGORIAN_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


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


# ---------------------------------------------------------------------------
# Jalali calendar
# ---------------------------------------------------------------------------

# Leap years of the Solar Hijri calendar follow a 33-year cycle over this span of years
# (the span of one cycle phase in the astronomical calendar); 1403 and 1408 are leap years.
JALALI_YEARS = range(1210, 1630)
_LEAP_RESIDUES = frozenset({1, 5, 9, 13, 17, 22, 26, 30})
_NOWRUZ_1404 = date(2025, 3, 21)  # 1 Farvardin 1404
# Undated source dates (۱۴ آذر) are compared for Jalali years from this one to next year.
UNDATED_YEARS_FROM = 1403


def _check_year(year: int) -> None:
    if year not in JALALI_YEARS:
        raise ValueError(
            f"Jalali year {year} is outside the supported range "
            f"{JALALI_YEARS.start}-{JALALI_YEARS.stop - 1}"
        )


def is_jalali_leap(year: int) -> bool:
    """Whether Esfand of Jalali ``year`` has 30 days."""
    _check_year(year)
    return year % 33 in _LEAP_RESIDUES


def jalali_month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_jalali_leap(year) else 29


def _year_length(year: int) -> int:
    return 366 if is_jalali_leap(year) else 365


def jalali_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Jalali date: ``jalali_to_gregorian(1404, 9, 14)`` is 2025-12-05.

    Raises ``ValueError`` for an invalid date or a year outside ``JALALI_YEARS``.
    """
    _check_year(year)
    if not 1 <= month <= 12 or not 1 <= day <= jalali_month_length(year, month):
        raise ValueError(f"invalid Jalali date {year}/{month}/{day}")
    if year >= 1404:
        shift = sum(_year_length(y) for y in range(1404, year))
    else:
        shift = -sum(_year_length(y) for y in range(year, 1404))
    in_year = (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    return _NOWRUZ_1404 + timedelta(days=shift + in_year + day - 1)


def jalali_year_of(day: date) -> int:
    """The Jalali year that a Gregorian day falls in."""
    year = day.year - 621
    return year if day >= jalali_to_gregorian(year, 1, 1) else year - 1


def default_undated_years(today: date | None = None) -> range:
    """Jalali years tried for a source date without a year: 1403 up to next year."""
    current = jalali_year_of(today or date.today())
    return range(UNDATED_YEARS_FROM, max(UNDATED_YEARS_FROM + 2, current + 1) + 1)


def _valid_date(calendar: str, year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    if calendar == "jalali":
        if year is not None and year in JALALI_YEARS:
            return day <= jalali_month_length(year, month)
        return day <= (31 if month <= 6 else 30)
    try:
        date(year if year is not None else 2024, month, day)  # 2024: 29 February exists
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------
# Digits
# ---------------------------------------------------------------------------

_DIGIT = "0-9\u06f0-\u06f9\u0660-\u0669"
_TO_ASCII = str.maketrans(
    {**{chr(0x06F0 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)}}
)
_NATIVE_RUN = re.compile("[\u06f0-\u06f9\u0660-\u0669]+")
_FA_RUN = re.compile(f"[{_DIGIT}]+(?:[.,\u066b\u066c/:][{_DIGIT}]+)*")
_SPACES = " \u00a0\u202f\u2009"
_TARGET_RUN = re.compile(
    f"[{_DIGIT}]+(?:(?:[.,]|[{_SPACES}](?=[{_DIGIT}]{{3}}(?![{_DIGIT}])))[{_DIGIT}]+)*"
)

# (thousands separators, decimal points) per language; a character in both is ambiguous.
_SEPARATORS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "fa": (frozenset(",\u066c"), frozenset(".\u066b/")),
    "en": (frozenset(",." + _SPACES), frozenset(".")),
    "ru": (frozenset(",." + _SPACES), frozenset(",.")),
}


@dataclass(frozen=True)
class _Piece:
    """One number read from a run of digits and separators."""

    start: int
    end: int
    value: Number
    decimal: bool = False
    alternatives: tuple[Number, ...] = ()
    date: CalendarDate | None = None


def _clean(value: Number) -> Number:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _grouped(groups: list[str], seps: list[str], thousands: frozenset[str]) -> int | None:
    """``groups`` joined as one integer when ``seps`` are valid thousands separators."""
    if not seps:
        return int(groups[0])
    if len(set(seps)) > 1 or seps[0] not in thousands:
        return None
    if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
        return None
    return int("".join(groups))


def _readings(groups: list[str], seps: list[str], lang: str) -> list[tuple[Number, bool]]:
    """Plausible (value, is_decimal) readings of a digit run, the likeliest first."""
    thousands, decimals = _SEPARATORS[lang]
    out: list[tuple[Number, bool]] = []
    if seps[-1] in decimals and not ("/" in seps and len(seps) > 1):
        whole = _grouped(groups[:-1], seps[:-1], thousands)
        if whole is not None:
            out.append((float(f"{whole}.{groups[-1]}"), True))
    integer = _grouped(groups, seps, thousands)
    if integer is not None:
        # In English "," before three digits is a thousands separator, not a decimal comma.
        first = lang == "en" and seps[-1] == ","
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
    calendar = "jalali" if 1200 <= year < 1700 else "gregorian"
    return (
        CalendarDate(calendar, month, day, year)
        if _valid_date(calendar, year, month, day)
        else None
    )


def _read_run(run: str, offset: int, lang: str) -> list[_Piece]:
    """The numbers of one run of digits and separators (a run may hold several)."""
    parts = re.split(r"(\D)", run.translate(_TO_ASCII))
    groups, seps = parts[0::2], parts[1::2]
    end = offset + len(run)
    if not seps:
        return [_Piece(offset, end, int(groups[0]))]
    if lang == "fa":
        day = _slash_date(groups, seps)
        if day is not None:
            return [_Piece(offset, end, day.day, date=day)]
    readings = _readings(groups, seps, lang)
    if readings:
        (value, decimal), others = readings[0], readings[1:]
        alts = tuple(_clean(v) for v, _ in others if v != value)
        return [_Piece(offset, end, _clean(value), decimal, alts)]
    pieces = []
    pos = offset
    for group, sep in zip(groups, [*seps, ""], strict=True):
        pieces.append(_Piece(pos, pos + len(group), int(group)))
        pos += len(group) + len(sep)
    return pieces


# ---------------------------------------------------------------------------
# Tokens, atoms and the phrase scanner shared by the three languages
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Atom:
    """A number word or digit run: ``cls`` is digits, unit (0-19), tens, hundreds,
    hundred (a word that multiplies by 100), scale (thousand and up) or half."""

    value: Number
    cls: str
    ordinal: bool = False
    decimal: bool = False


@dataclass(frozen=True)
class _Tok:
    word: str  # the matching key (Persian) or the lower-cased word; "" for digits
    start: int
    end: int
    gap: str  # the text between the previous token and this one
    atom: _Atom | None = None
    alternatives: tuple[Number, ...] = ()
    date: CalendarDate | None = None
    native: bool = False  # Persian or Arabic-Indic digits


@dataclass(frozen=True)
class _Phrase:
    first: int  # token indexes, inclusive
    last: int
    value: Number
    kind: str
    words_only: bool
    alternatives: tuple[Number, ...] = ()


_HYPHENS = "-\u2010\u2011\u2012\u2013"


def _hard(gap: str) -> bool:
    """Whether ``gap`` holds punctuation, which no number phrase spans."""
    return any(not (ch.isspace() or ch == ZWNJ or ch in _HYPHENS) for ch in gap)


def _place(atom: _Atom) -> Number:
    """An additive part after ``atom`` must be smaller than this (twenty -> 10: twenty-five)."""
    if atom.cls == "tens":
        return 10
    if atom.cls in ("hundreds", "hundred"):
        return 100
    return 1


class _Accumulator:
    """Adds up the atoms of one number phrase (``two thousand five hundred and twenty``)."""

    def __init__(self, atom: _Atom) -> None:
        self.total: Number = 0
        self.current: Number = 0
        self.top: Number | None = None
        self.floor: Number = 1
        self.atoms = [atom]
        self.closed = atom.ordinal
        if atom.cls == "scale":
            self.total = self.top = self.floor = atom.value
        elif atom.cls == "hundred":
            self.current, self.floor = 100, 100
        else:
            self.current, self.floor = atom.value, _place(atom)

    @property
    def value(self) -> Number:
        return _clean(self.total + self.current)

    @property
    def ordinal(self) -> bool:
        return self.atoms[-1].ordinal

    def snapshot(self) -> tuple[Number, Number, Number | None, Number, int, bool]:
        return (self.total, self.current, self.top, self.floor, len(self.atoms), self.closed)

    def restore(self, state: tuple[Number, Number, Number | None, Number, int, bool]) -> None:
        self.total, self.current, self.top, self.floor, count, self.closed = state
        del self.atoms[count:]

    def _took(self, atom: _Atom) -> bool:
        self.atoms.append(atom)
        self.closed = atom.ordinal
        return True

    def add(self, atom: _Atom) -> bool:
        """Add a smaller part: twenty *five*, هزار و *صد* (a bare hundred adds 100)."""
        if self.closed or atom.cls in ("scale", "half"):
            return False
        if not 0 < atom.value < self.floor:
            return False
        self.current += atom.value
        self.floor = _place(atom)
        return self._took(atom)

    def scale(self, atom: _Atom) -> bool:
        if self.closed:
            return False
        if atom.cls == "hundred":
            if not (isinstance(self.current, int) and 1 <= self.current <= 9):
                return False
            if self.atoms[-1].cls not in ("unit", "digits"):
                return False
            self.current *= 100
            self.floor = 100
            return self._took(atom)
        mult = atom.value
        if self.current == 0:
            if self.top is None or mult <= self.top:
                return False
            self.total *= mult  # "هزار میلیارد": a thousand billion
        elif self.top is None or mult < self.top:
            self.total += self.current * mult
        elif mult > self.top:
            self.total = (self.total + self.current) * mult
        else:
            return False
        self.current = 0
        self.top = mult if self.top is None else max(self.top, mult)
        self.floor = mult
        return self._took(atom)

    def half(self) -> bool:
        if self.closed:
            return False
        if self.current:
            self.current += 0.5
        elif self.top is not None:
            self.total += self.top / 2
        else:
            return False
        self.floor = 0  # only a scale word may follow: "two and a half million"
        return True


def _add_at(toks: list[_Tok], k: int, acc: _Accumulator) -> bool:
    """Add token ``k`` as a smaller part, unless the multiplier after it shows that it starts
    a new number: "۱۰ هزار و ۲۰ هزار" is 10000 and 20000, not 10020 and 1000."""
    atom = toks[k].atom
    if atom is None:
        return False
    state = acc.snapshot()
    top = acc.top
    if not acc.add(atom):
        return False
    after = toks[k + 1] if k + 1 < len(toks) and not _hard(toks[k + 1].gap) else None
    scale = after.atom if after is not None else None
    if top is not None and scale is not None and scale.cls == "scale" and scale.value >= top:
        acc.restore(state)
        return False
    return True


def _extend(toks: list[_Tok], j: int, acc: _Accumulator, lang: str) -> int | None:
    """Index of the last token after extending the phrase ending at ``j``, or None."""
    k = j + 1
    if k >= len(toks) or _hard(toks[k].gap):
        return None
    nxt = toks[k]
    atom = nxt.atom
    if atom is not None and atom.cls in ("scale", "hundred"):
        return k if acc.scale(atom) else None
    if atom is not None and lang != "fa" and _add_at(toks, k, acc):
        return k
    following = toks[k + 1] if k + 1 < len(toks) and not _hard(toks[k + 1].gap) else None
    if following is None:
        return None
    if lang == "fa" and nxt.word == "و":
        if following.atom is not None and following.atom.cls == "half":
            return k + 1 if acc.half() else None
        if _add_at(toks, k + 1, acc):
            return k + 1
    if lang == "en" and nxt.word == "and":
        after = toks[k + 2] if k + 2 < len(toks) and not _hard(toks[k + 2].gap) else None
        if following.word == "a" and after is not None and after.word == "half":
            return k + 2 if acc.half() else None
        if acc.floor >= 100 and _add_at(toks, k + 1, acc):
            return k + 1
    if lang == "ru" and nxt.word == "с" and following.word == "половиной":
        return k + 1 if acc.half() else None
    return None


def _scan(toks: list[_Tok], lang: str) -> list[_Phrase]:
    """Group number atoms into phrases, left to right, longest first."""
    phrases: list[_Phrase] = []
    i = 0
    while i < len(toks):
        atom = toks[i].atom
        if atom is None or atom.cls == "half":
            i += 1
            continue
        acc = _Accumulator(atom)
        j = i
        while (step := _extend(toks, j, acc, lang)) is not None:
            j = step
        first = acc.atoms[0]
        if acc.ordinal:
            kind = "ordinal"
        elif first.cls == "digits":
            kind = "decimal" if any(a.decimal for a in acc.atoms) else "digits"
        else:
            kind = "word"
        if i == j:
            alts = toks[i].alternatives
        elif first.cls == "digits":
            alts = tuple(v for v in (first.value, *toks[i].alternatives) if v != acc.value)
        else:
            alts = ()
        words_only = all(a.cls != "digits" for a in acc.atoms)
        phrases.append(_Phrase(i, j, acc.value, kind, words_only, alts))
        i = j + 1
    return phrases


def _tokens(
    text: str,
    spans: list[tuple[int, int, str, _Piece | None]],
    lookup: Callable[[str], _Atom | None],
    lang: str,
) -> list[_Tok]:
    """Tokens from (start, end, word, digit piece) spans in text order."""
    toks: list[_Tok] = []
    prev_end = 0
    for start, end, word, piece in sorted(spans, key=lambda s: s[0]):
        gap = text[prev_end:start]
        prev_end = end
        if piece is None:
            toks.append(_Tok(word, start, end, gap, lookup(word)))
            continue
        atom = None if piece.date else _Atom(piece.value, "digits", decimal=piece.decimal)
        native = bool(_NATIVE_RUN.search(text, start, end))
        toks.append(_Tok("", start, end, gap, atom, piece.alternatives, piece.date, native))
    return _merge_ordinal_suffixes(toks, lang)


_FA_ORDINAL_SUFFIXES = frozenset(key_of(w) for w in ("م", "ام", "مین", "امین"))
_EN_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_RU_ORDINAL_SUFFIXES = frozenset(
    "й е я ю м х го ми му ый ой ий ое ая ую ым ом ых ого ому ыми".split()
)


def _ordinal_suffix(prev: _Tok, tok: _Tok, lang: str) -> bool:
    if prev.atom is None or prev.atom.ordinal or prev.atom.decimal:
        return False
    if lang == "fa":
        return tok.gap in ("", ZWNJ) and tok.word in _FA_ORDINAL_SUFFIXES
    if prev.atom.cls != "digits":
        return False
    if lang == "en":
        return tok.gap == "" and tok.word in _EN_ORDINAL_SUFFIXES
    return len(tok.gap) == 1 and tok.gap in _HYPHENS and tok.word in _RU_ORDINAL_SUFFIXES


def _merge_ordinal_suffixes(toks: list[_Tok], lang: str) -> list[_Tok]:
    """``۵ام``, ``سی‌ام``, ``5th``, ``5-е``: a number and its ordinal ending become one token."""
    out: list[_Tok] = []
    for tok in toks:
        prev = out[-1] if out else None
        if prev is not None and prev.atom is not None and _ordinal_suffix(prev, tok, lang):
            out[-1] = replace(prev, end=tok.end, atom=replace(prev.atom, ordinal=True))
            continue
        out.append(tok)
    return out


def _word_at(toks: list[_Tok], i: int) -> str:
    return toks[i].word if 0 <= i < len(toks) else ""


def _before(toks: list[_Tok], i: int, n: int = 1) -> str:
    """The word ``n`` tokens before token ``i`` when no punctuation is in between."""
    for k in range(i, i - n, -1):
        if k <= 0 or _hard(toks[k].gap):
            return ""
    return _word_at(toks, i - n)


def _after(toks: list[_Tok], i: int, n: int = 1) -> str:
    """The word ``n`` tokens after token ``i`` when no punctuation is in between."""
    for k in range(i + 1, i + n + 1):
        if k >= len(toks) or _hard(toks[k].gap):
            return ""
    return _word_at(toks, i + n)


# ---------------------------------------------------------------------------
# Persian
# ---------------------------------------------------------------------------


def _keyed(words: Iterable[str]) -> frozenset[str]:
    return frozenset(key_of(w) for w in words)


def _table(spec: str) -> dict[str, int]:
    """A word table written as ``"word=value word=value"``."""
    pairs = (item.split("=") for item in spec.split())
    return {word: int(value) for word, value in pairs}


_FA_UNITS = {
    "صفر": 0, "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "شیش": 6, "هفت": 7,
    "هشت": 8, "نه": 9, "ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14,
    "پانزده": 15, "پونزده": 15, "شانزده": 16, "شونزده": 16, "هفده": 17, "هیفده": 17,
    "هجده": 18, "هیجده": 18, "هژده": 18, "نوزده": 19,
}  # fmt: skip
_FA_TENS = {
    "بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80,
    "نود": 90,
}  # fmt: skip
_FA_HUNDREDS = {
    "یکصد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500, "ششصد": 600,
    "هفتصد": 700, "هشتصد": 800, "نهصد": 900,
}  # fmt: skip
_FA_SCALES = {
    "هزار": 1000, "میلیون": 10**6, "ملیون": 10**6, "میلیارد": 10**9, "ملیارد": 10**9,
    "بیلیون": 10**9, "تریلیون": 10**12,
}  # fmt: skip
# Forms that look like ordinals but are other words: سهم "share".
_FA_NOT_ORDINALS = _keyed(["سهم", "سهمین"])


def _fa_lexicon() -> dict[str, _Atom]:
    cardinals: dict[str, tuple[int, str]] = {}
    for table, cls in ((_FA_UNITS, "unit"), (_FA_TENS, "tens"), (_FA_HUNDREDS, "hundreds")):
        cardinals.update({w: (v, cls) for w, v in table.items()})
    cardinals["صد"] = (100, "hundred")
    cardinals.update({w: (v, "scale") for w, v in _FA_SCALES.items()})
    lexicon = {key_of(w): _Atom(v, cls) for w, (v, cls) in cardinals.items()}
    for word, (value, cls) in cardinals.items():
        stem = "سو" if word == "سه" else word
        endings = ("ام", "امین") if word.endswith("ی") else ("م", "مین")
        for ending in endings:
            key = key_of(stem + ending)
            if key not in _FA_NOT_ORDINALS and key not in lexicon:
                lexicon[key] = _Atom(value, cls, ordinal=True)
    for word in ("اول", "اولین", "نخستین"):
        lexicon[key_of(word)] = _Atom(1, "unit", ordinal=True)
    lexicon[key_of("نیم")] = _Atom(0.5, "half")
    return lexicon


_FA_LEXICON = _fa_lexicon()

_FA_MONTHS: dict[str, tuple[str, int]] = {
    **{key_of(w): ("jalali", m) for w, m in _table(
        "فروردین=1 اردیبهشت=2 خرداد=3 تیر=4 مرداد=5 امرداد=5 شهریور=6 مهر=7 آبان=8 آذر=9 "
        "دی=10 بهمن=11 اسفند=12"
    ).items()},
    **{key_of(w): ("gregorian", m) for w, m in _table(
        "ژانویه=1 فوریه=2 مارس=3 آوریل=4 مه=5 ژوئن=6 ژوئیه=7 جولای=7 اوت=8 آگوست=8 "
        "سپتامبر=9 اکتبر=10 نوامبر=11 دسامبر=12"
    ).items()},
}  # fmt: skip
_MAH = key_of("ماه")
_SAL = key_of("سال")

# A bare یک is the article "a"; it is a count before these measure words.
_FA_MEASURES = _keyed(
    """درصد دلار ریال تومان یورو روبل یوان پوند درهم لیر کیلومتر متر سانتیمتر میلیمتر
    کیلوگرم کیلو گرم تن لیتر بشکه هکتار مگاوات گیگاوات کیلووات وات بایت کیلوبایت مگابایت
    گیگابایت ترابایت""".split()
)
# A bare نه is "not"; it is a count before these nouns (or a measure word).
_FA_COUNTED = _FA_MEASURES | _keyed(
    """نفر کشور سال ماه روز هفته ساعت دقیقه ثانیه شرکت قرارداد تفاهمنامه مورد بار عدد
    دستگاه استان شهر بخش طرح پروژه""".split()
)
# Words after a number that make it part of another word: weekdays (سه شنبه), "bilateral"
# (دو جانبه), "triple" (سه گانه), plurals (صد ها, ده ها, میلیون ها), "framework" (چهار چوب).
_FA_COMPOUND_NEXT = _keyed("شنبه جانبه سویه طرفه گانه قطبی چوب راهی ها های هایی هاست".split())
# A multiplier after these is vague: "several thousand", "tens of thousands".
_FA_VAGUE = _keyed("چند چندین ها های هزاران صدها دهها میلیونها میلیاردها".split())
# Latin letter names: سی in "بی بی سی" (BBC) or "سی ان ان" (CNN) is a letter.
_FA_LETTER_NAMES = _keyed(
    "بی ان ای آی دی اس پی تی جی ام اف کی آر او یو وی ایکس زد اچ سی کیو ال".split()
)
# اول after these means "the beginning": در اول, از اول; درجه اول is "top-tier".
_FA_NOT_FIRST = _keyed("در از به با برای تا همان همین که و درجه".split())
_FA_VERB_PREFIX = _keyed(["می", "نمی"])  # می دهم "I give", not دهم "tenth"

_W = {w: key_of(w) for w in ("یک", "نه", "سی", "دو", "اول", "صد", "هر", "و", "در", "یکی", "میدانی")}


def _fa_tokens(text: str) -> list[_Tok]:
    mk = match_key(text)
    key = mk.key
    spans: list[tuple[int, int, str, _Piece | None]] = []
    i = 0
    while i < len(key):
        j = i + 1
        while j < len(key) and not mk.boundary[j]:
            j += 1
        if not key[i].isdigit():  # digit runs are read from the text, with their separators
            spans.append((mk.starts[i], mk.ends[j - 1], key[i:j], None))
        i = j
    for m in _FA_RUN.finditer(text):
        spans.extend((p.start, p.end, "", p) for p in _read_run(m.group(), m.start(), "fa"))
    return _tokens(text, spans, _FA_LEXICON.get, "fa")


def _fa_month(word: str) -> tuple[str, int] | None:
    if word.endswith(_MAH) and len(word) > len(_MAH):
        word = word[: -len(_MAH)]  # آذرماه
    return _FA_MONTHS.get(word)


@dataclass(frozen=True)
class _DateHit:
    number: SourceNumber | None  # None: a name such as "هفت تیر", skipped
    consumed: int  # phrases used


def _fa_date(text: str, toks: list[_Tok], phrases: list[_Phrase], k: int) -> _DateHit | None:
    """A date starting at phrase ``k``: day, month name, optional ماه, optional year."""
    p = phrases[k]
    mi = p.last + 1
    if mi >= len(toks) or _hard(toks[mi].gap):
        return None
    month = _fa_month(toks[mi].word)
    if month is None or not isinstance(p.value, int) or not 1 <= p.value <= 31:
        return None
    if p.kind == "word":
        return _DateHit(None, 1)  # "هفت تیر", "پانزده خرداد": streets and events
    if p.kind not in ("digits", "ordinal"):
        return None
    calendar, month_no = month
    last = mi
    yi = mi + 1
    if _after(toks, last) == _MAH:
        last = yi
        yi += 1
    if _after(toks, last) == _SAL:
        yi += 1
    year = None
    consumed = 1
    if k + 1 < len(phrases):
        q = phrases[k + 1]
        if (
            q.first == yi
            and not _hard(toks[yi].gap)
            and q.kind == "digits"
            and isinstance(q.value, int)
            and 1000 <= q.value <= 2200
        ):
            year, consumed, last = q.value, 2, q.last
    if not _valid_date(calendar, year, month_no, p.value):
        return None
    start, end = toks[p.first].start, toks[last].end
    day = CalendarDate(calendar, month_no, p.value, year)
    return _DateHit(SourceNumber(p.value, "date", start, end, text[start:end], day), consumed)


def _fa_keep(toks: list[_Tok], p: _Phrase) -> bool:
    """Whether a Persian number phrase is a count (not an article, a name or part of a word)."""
    first, last = p.first, p.last
    prev, nxt = _before(toks, first), _after(toks, last)
    if nxt in _FA_COMPOUND_NEXT:
        return False
    head = toks[first].atom
    if head is not None and head.cls in ("scale", "hundred") and prev in _FA_VAGUE:
        return False
    if not p.words_only:
        return True
    if prev in _FA_VERB_PREFIX:
        return False
    if first != last:
        return True
    word = toks[first].word
    if prev == _W["یکی"] and isinstance(p.value, int) and p.value <= 10:
        return False  # یکی دو "one or two"
    if word == _W["یک"]:
        return nxt in _FA_MEASURES
    if word == _W["نه"]:
        return nxt in _FA_COUNTED
    if word == _W["سی"]:
        return prev not in _FA_LETTER_NAMES and nxt not in _FA_LETTER_NAMES
    if word == _W["دو"]:
        return prev != _W["هر"] and not (nxt == _W["و"] and _after(toks, last, 2) == _W["میدانی"])
    if word == _W["اول"]:
        return bool(prev) and prev not in _FA_NOT_FIRST
    if word == _W["صد"]:
        in_full = nxt == _W["در"] and _after(toks, last, 2) == _W["صد"]
        return not in_full and not (prev == _W["در"] and _before(toks, first, 2) == _W["صد"])
    return True


def _fa_pair(toks: list[_Tok], p: _Phrase, q: _Phrase | None) -> bool:
    """Two number words side by side: a fraction (یک سوم) or a range (دو سه روز)."""
    if q is None or q.first != p.last + 1 or _hard(toks[q.first].gap):
        return False
    return p.words_only and q.words_only and p.kind == "word"


def _fa_alternatives(p: _Phrase) -> tuple[Number, ...]:
    """A Jalali year (۱۴۰۴) may be given as its Gregorian year (2025 or 2026)."""
    if p.first != p.last:
        return ()  # ۲۰ هزار is 20000, never 20
    if p.kind == "digits" and isinstance(p.value, int) and 1300 <= p.value < 1500:
        return (*p.alternatives, p.value + 621, p.value + 622)
    return p.alternatives


def extract_source_numbers(text_fa: str) -> list[SourceNumber]:
    """The numbers of a Persian text, in text order.

    >>> [(n.value, n.kind) for n in extract_source_numbers("۲۰ تفاهمنامه و پنجمین نشست")]
    [(20, 'digits'), (5, 'ordinal')]
    """
    toks = _fa_tokens(text_fa)
    found: list[SourceNumber] = []
    for tok in toks:
        if tok.date is not None:
            surface = text_fa[tok.start : tok.end]
            found.append(SourceNumber(tok.date.day, "date", tok.start, tok.end, surface, tok.date))
    phrases = _scan(toks, "fa")
    k = 0
    while k < len(phrases):
        p = phrases[k]
        hit = _fa_date(text_fa, toks, phrases, k)
        if hit is not None:
            if hit.number is not None:
                found.append(hit.number)
            k += hit.consumed
            continue
        nxt = phrases[k + 1] if k + 1 < len(phrases) else None
        if _fa_pair(toks, p, nxt):
            k += 2
            continue
        if _fa_keep(toks, p):
            start, end = toks[p.first].start, toks[p.last].end
            surface = text_fa[start:end]
            alts = _fa_alternatives(p)
            found.append(SourceNumber(p.value, p.kind, start, end, surface, alternatives=alts))
        k += 1
    return sorted(found, key=lambda n: n.start)


# ---------------------------------------------------------------------------
# English and Russian
# ---------------------------------------------------------------------------

_EN_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_EN_UNIT_ORDINALS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_EN_SCALES = {
    "thousand": 1000, "million": 10**6, "mln": 10**6, "mn": 10**6, "billion": 10**9,
    "bn": 10**9, "trillion": 10**12, "dozen": 12, "m": 10**6, "k": 1000,
}  # fmt: skip


def _en_lexicon() -> dict[str, _Atom]:
    lexicon: dict[str, _Atom] = {}
    for value, (word, ordinal) in enumerate(zip(_EN_UNITS, _EN_UNIT_ORDINALS, strict=True)):
        lexicon[word] = _Atom(value, "unit")
        lexicon[ordinal] = _Atom(value, "unit", ordinal=True)
    for value, word in enumerate(_EN_TENS, start=2):
        lexicon[word] = _Atom(value * 10, "tens")
        lexicon[word[:-1] + "ieth"] = _Atom(value * 10, "tens", ordinal=True)
    lexicon["hundred"] = _Atom(100, "hundred")
    lexicon["hundredth"] = _Atom(100, "hundred", ordinal=True)
    for word, value in _EN_SCALES.items():
        lexicon[word] = _Atom(value, "scale")
        if len(word) > 3:
            lexicon[word + "th"] = _Atom(value, "scale", ordinal=True)
    for word, value in (("firstly", 1), ("secondly", 2), ("thirdly", 3)):
        lexicon[word] = _Atom(value, "unit", ordinal=True)
    lexicon["both"] = _Atom(2, "unit")
    lexicon["half"] = _Atom(0.5, "half")
    return lexicon


_EN_LEXICON = _en_lexicon()

_RU_CARDINALS = {
    "ноль": 0, "нуль": 0, "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12,
    "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16,
    "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20, "тридцать": 30,
    "сорок": 40, "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80,
    "девяносто": 90, "сто": 100, "двести": 200, "триста": 300, "четыреста": 400,
    "пятьсот": 500, "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900,
    "оба": 2, "двое": 2, "трое": 3, "четверо": 4, "пятеро": 5, "шестеро": 6, "семеро": 7,
    "полтора": 1.5,
}  # fmt: skip
_RU_SCALES = {
    "тысяча": 1000, "тыс": 1000, "миллион": 10**6, "млн": 10**6, "миллиард": 10**9,
    "млрд": 10**9, "триллион": 10**12, "трлн": 10**12,
}  # fmt: skip
_RU_ORDINALS = {
    "первый": 1, "второй": 2, "третий": 3, "четвертый": 4, "пятый": 5, "шестой": 6,
    "седьмой": 7, "восьмой": 8, "девятый": 9, "десятый": 10, "одиннадцатый": 11,
    "двенадцатый": 12, "тринадцатый": 13, "четырнадцатый": 14, "пятнадцатый": 15,
    "шестнадцатый": 16, "семнадцатый": 17, "восемнадцатый": 18, "девятнадцатый": 19,
    "двадцатый": 20, "тридцатый": 30, "сороковой": 40, "пятидесятый": 50,
    "шестидесятый": 60, "семидесятый": 70, "восьмидесятый": 80, "девяностый": 90,
    "сотый": 100, "двухсотый": 200, "трехсотый": 300, "тысячный": 1000,
    "миллионный": 10**6, "миллиардный": 10**9,
}  # fmt: skip


def _cls(value: Number) -> str:
    if value >= 1000:
        return "scale"
    if value >= 100:
        return "hundreds"
    if value >= 20:
        return "tens"
    return "unit"


@functools.lru_cache(maxsize=16384)
def _ru_atom(word: str) -> _Atom | None:
    if word in _RU_SCALES:
        return _Atom(_RU_SCALES[word], "scale")
    if word in _RU_CARDINALS:
        value: Number = _RU_CARDINALS[word]
        return _Atom(value, _cls(value))
    if not word.isalpha() or len(word) < 2:
        return None
    for parse in russian_morph().parse(word):
        normal = parse.normal_form.replace("ё", "е")
        if normal in _RU_SCALES and "NOUN" in parse.tag:
            return _Atom(_RU_SCALES[normal], "scale")
        if normal in _RU_CARDINALS and ("NUMR" in parse.tag or "Anum" in parse.tag):
            value = _RU_CARDINALS[normal]
            return _Atom(value, _cls(value))
        if normal in _RU_ORDINALS and "Anum" in parse.tag:
            value = _RU_ORDINALS[normal]
            return _Atom(value, _cls(value), ordinal=True)
    return None


_EN_MONTHS: dict[str, tuple[str, int]] = {
    **{w: ("gregorian", m) for w, m in _table(
        "january=1 february=2 march=3 april=4 may=5 june=6 july=7 august=8 september=9 "
        "october=10 november=11 december=12 jan=1 feb=2 mar=3 apr=4 jun=6 jul=7 aug=8 sep=9 "
        "sept=9 oct=10 nov=11 dec=12"
    ).items()},
    **{w: ("jalali", m) for w, m in _table(
        "farvardin=1 ordibehesht=2 khordad=3 tir=4 mordad=5 amordad=5 shahrivar=6 mehr=7 "
        "aban=8 azar=9 dey=10 dei=10 bahman=11 esfand=12"
    ).items()},
}  # fmt: skip


def _ru_months() -> dict[str, tuple[str, int]]:
    months: dict[str, tuple[str, int]] = {}
    gregorian = "январ феврал март апрел ма июн июл август сентябр октябр ноябр декабр".split()
    for i, stem in enumerate(gregorian, 1):
        if stem == "ма":
            endings: tuple[str, ...] = ("й", "я", "е")
        elif stem in ("март", "август"):
            endings = ("", "а", "е")
        else:
            endings = ("ь", "я", "е")  # январь, января, январе
        months.update({stem + e: ("gregorian", i) for e in endings})
    jalali = (
        "фарвардин ордибехешт хордад тир мордад шахривар мехр абан азар - бахман эсфанд"
    ).split()
    for i, stem in enumerate(jalali, 1):
        if stem != "-":
            months.update({stem + e: ("jalali", i) for e in ("", "а", "е", "у", "ом")})
    months.update({w: ("jalali", 10) for w in ("дей", "дея", "дее", "дею", "деем")})
    months.update({w: ("jalali", 12) for w in ("исфанд", "исфанда", "исфанде")})
    return months


_RU_MONTHS = _ru_months()
_TARGET_WORD = re.compile(r"[^\W\d_]+")


def _target_tokens(text: str, lang: str) -> list[_Tok]:
    spans: list[tuple[int, int, str, _Piece | None]] = []
    for m in _TARGET_RUN.finditer(text):
        spans.extend((p.start, p.end, "", p) for p in _read_run(m.group(), m.start(), lang))
    for m in _TARGET_WORD.finditer(text):
        spans.append((m.start(), m.end(), m.group().lower().replace("ё", "е"), None))
    if lang == "en":
        toks = _tokens(text, spans, _EN_LEXICON.get, lang)
        # "a hundred", "a million": the article is the count.
        for i, tok in enumerate(toks[:-1]):
            nxt = toks[i + 1].atom
            scaled = nxt is not None and nxt.cls in ("hundred", "scale")
            if tok.word in ("a", "an") and scaled and not _hard(toks[i + 1].gap):
                toks[i] = replace(tok, atom=_Atom(1, "unit"))
        return toks
    return _tokens(text, spans, _ru_atom, lang)


def _target_month(word: str, lang: str) -> tuple[str, int] | None:
    return (_EN_MONTHS if lang == "en" else _RU_MONTHS).get(word)


_YEAR_GAP = re.compile(r"[\s,]*")
_ABBR_GAP = re.compile(r"\.?\s+")


@dataclass(frozen=True)
class _TargetDate:
    number: TargetNumber
    parts: tuple[int, ...]  # phrase indexes of the day, month and year numbers
    year_part: int | None  # phrase index of the year


def _target_dates(
    text: str, toks: list[_Tok], phrases: list[_Phrase], lang: str
) -> list[_TargetDate]:
    at = {p.first: k for k, p in enumerate(phrases) if p.first == p.last}
    used: set[int] = set()
    dates: list[_TargetDate] = []

    def day_phrase(k: int) -> _Phrase | None:
        p = phrases[k]
        single = p.first == p.last and p.kind in ("digits", "ordinal")
        ok = single and isinstance(p.value, int) and 1 <= p.value <= 31 and k not in used
        return p if ok else None

    def year_after(tok: int) -> int | None:
        k = at.get(tok + 1)
        if k is None or k in used or not _YEAR_GAP.fullmatch(toks[tok + 1].gap):
            return None
        p = phrases[k]
        year_like = isinstance(p.value, int) and 1000 <= p.value <= 2200
        return k if p.kind == "digits" and year_like else None

    def add(day: int, month_tok: int, month: tuple[str, int], parts: list[int]) -> None:
        calendar, month_no = month
        d = phrases[day]
        year_k = year_after(max(month_tok, d.last))
        year = None
        if year_k is not None:
            year = int(phrases[year_k].value)
            parts.append(year_k)
        if not _valid_date(calendar, year, month_no, int(d.value)):
            return
        ends = [toks[phrases[k].last].end for k in parts] + [toks[month_tok].end]
        starts = [toks[phrases[k].first].start for k in parts] + [toks[month_tok].start]
        start, end = min(starts), max(ends)
        day_date = CalendarDate(calendar, month_no, int(d.value), year)
        number = TargetNumber(d.value, "date", start, end, text[start:end], day_date)
        dates.append(_TargetDate(number, tuple(parts), year_k))
        used.update(parts)

    for k in range(len(phrases)):
        p = day_phrase(k)
        if p is None:
            continue
        # 14 Azar, 5 December 2025, the 5th of December, 5 декабря 2025 года
        mi = p.last + 1
        if _word_at(toks, mi) == "of" and not _hard(toks[mi].gap):
            mi += 1
        month = _target_month(_word_at(toks, mi), lang)
        if month is not None and not _hard(toks[mi].gap):
            add(k, mi, month, [k])
            continue
        # December 5, 2025; Dec. 5
        mb = p.first - 1
        month = _target_month(_word_at(toks, mb), lang) if mb >= 0 else None
        if month is not None and _ABBR_GAP.fullmatch(toks[p.first].gap):
            add(k, mb, month, [k])
            continue
    # 05.12.2025 and 2025-12-05
    for k in range(len(phrases) - 2):
        a, b, c = phrases[k : k + 3]
        if {k, k + 1, k + 2} & used or not all(x.kind == "digits" for x in (a, b, c)):
            continue
        gaps = (toks[b.first].gap, toks[c.first].gap)
        values = (a.value, b.value, c.value)
        if not all(isinstance(v, int) for v in values):
            continue
        if gaps == (".", ".") and int(c.value) >= 1000:
            y, m, d = int(c.value), int(b.value), int(a.value)
        elif gaps == ("-", "-") and int(a.value) >= 1000:
            y, m, d = int(a.value), int(b.value), int(c.value)
        else:
            continue
        if not _valid_date("gregorian", y, m, d):
            continue
        start, end = toks[a.first].start, toks[c.last].end
        number = TargetNumber(
            d, "date", start, end, text[start:end], CalendarDate("gregorian", m, d, y)
        )
        dates.append(_TargetDate(number, (k, k + 1, k + 2), k + 2 if gaps[0] == "." else k))
        used.update((k, k + 1, k + 2))
    return sorted(dates, key=lambda d: d.number.start)


def _check_lang(lang: str) -> None:
    if lang not in TARGET_LANGUAGES:
        raise ConfigError(
            f"the number check reads English or Russian targets, not {lang!r} "
            f"(expected one of: {', '.join(TARGET_LANGUAGES)})"
        )


@dataclass(frozen=True)
class _TargetAnalysis:
    numbers: list[TargetNumber]  # one per phrase, in phrase order
    dates: list[_TargetDate]
    native: list[bool]  # per phrase: written with Persian or Arabic-Indic digits


def _analyse_target(text: str, lang: str) -> _TargetAnalysis:
    _check_lang(lang)
    toks = _target_tokens(text, lang)
    phrases = _scan(toks, lang)
    numbers = []
    native = []
    for p in phrases:
        start, end = toks[p.first].start, toks[p.last].end
        numbers.append(
            TargetNumber(p.value, p.kind, start, end, text[start:end], alternatives=p.alternatives)
        )
        native.append(any(t.native for t in toks[p.first : p.last + 1]))
    return _TargetAnalysis(numbers, _target_dates(text, toks, phrases, lang), native)


def find_target_numbers(text: str, lang: str) -> list[TargetNumber]:
    """The numbers of an English (``lang="en"``) or Russian (``"ru"``) text, in text order.

    Dates come as entries of kind "date" besides the numbers they are made of.

    >>> [(n.value, n.kind) for n in find_target_numbers("the fifth of 20,000", "en")]
    [(5, 'ordinal'), (20000, 'digits')]
    """
    analysis = _analyse_target(text, lang)
    found = analysis.numbers + [d.number for d in analysis.dates]
    return sorted(found, key=lambda n: (n.start, n.kind != "date"))


# ---------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------


def _max_matching(n_left: int, n_right: int, ok: Callable[[int, int], bool]) -> dict[int, int]:
    """A maximum one-to-one matching (left index -> right index), first candidates first."""
    candidates = [[j for j in range(n_right) if ok(i, j)] for i in range(n_left)]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(n_left):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _same_value(a: Iterable[Number], b: Iterable[Number]) -> bool:
    bs = list(b)
    return any(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9) for x in a for y in bs)


def _gregorian_days(src: CalendarDate, years: Sequence[int]) -> list[date]:
    out = []
    for year in [src.year] if src.year is not None else years:
        try:
            out.append(jalali_to_gregorian(year, src.month, src.day))
        except ValueError:
            continue
    return out


def _date_satisfied(src: CalendarDate, tgt: CalendarDate, years: Sequence[int]) -> bool:
    """Whether a target date renders a source date. A year the target leaves out is accepted;
    a different year is not."""
    if src.calendar == tgt.calendar:
        same_year = src.year is None or tgt.year is None or src.year == tgt.year
        return src.month == tgt.month and src.day == tgt.day and same_year
    if src.calendar == "jalali":
        for day in _gregorian_days(src, years):
            if (day.month, day.day) == (tgt.month, tgt.day) and tgt.year in (None, day.year):
                return True
    return False


def _year_of(number: SourceNumber) -> int | None:
    return number.date.year if number.date is not None else None


def _missing(number: SourceNumber, message: str) -> NumberFinding:
    return NumberFinding(
        "missing", number.surface, number.start, number.end, number.value, number.kind, message
    )


def _date_message(number: SourceNumber, day: CalendarDate, years: Sequence[int]) -> str:
    message = f"date {number.surface} ({day}) is not in the translation"
    if day.calendar == "jalali":
        dated = day.year is not None
        seen = dict.fromkeys(
            str(CalendarDate("gregorian", d.month, d.day, d.year if dated else None))
            for d in _gregorian_days(day, years)
        )
        greg = " or ".join(seen)
        message += f", neither as {day} nor as {greg}" if greg else ""
    return message


def _untranslated(t: TargetNumber, number: SourceNumber | None) -> NumberFinding:
    message = f"Persian digits {t.surface} left in the translation: write {_format(t.value)}"
    if number is None:
        return NumberFinding(
            "untranslated-digits", "", None, None, t.value, t.kind, message,
            t.surface, t.start, t.end,
        )  # fmt: skip
    return NumberFinding(
        "untranslated-digits", number.surface, number.start, number.end, number.value,
        number.kind, message, t.surface, t.start, t.end,
    )  # fmt: skip


def _format(value: Number) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def check_numbers(
    source: str, target: str, lang: str, *, undated_years: Sequence[int] | None = None
) -> list[NumberFinding]:
    """Findings for the numbers of a Persian source segment and its translation.

    Every source number must appear in the target as digits or words with the same value
    (an ordinal as ``fifth``/``5th``/``пятое``/``5-е``), each target number standing for one
    source number. A Jalali date is satisfied by the same day and month name (``14 Azar``)
    or by its Gregorian date; when the source gives no year, the Jalali years in
    ``undated_years`` are tried (default: ``default_undated_years()``). Persian or
    Arabic-Indic digits left in the target are findings of their own.
    """
    src = extract_source_numbers(source)
    analysis = _analyse_target(target, lang)
    years = list(undated_years) if undated_years is not None else list(default_undated_years())

    src_dates = [s for s in src if s.date is not None]
    src_numbers = [s for s in src if s.date is None]
    tgt_dates = analysis.dates

    def date_ok(i: int, j: int) -> bool:
        s, t = src_dates[i].date, tgt_dates[j].number.date
        return s is not None and t is not None and _date_satisfied(s, t, years)

    date_match = _max_matching(len(src_dates), len(tgt_dates), date_ok)

    # Numbers inside a target date are date parts, not counts; only the year of a date that
    # did not render a dated source date is free for other source numbers (سال ۱۴۰۴).
    dated = {j for i, j in date_match.items() if _year_of(src_dates[i]) is not None}
    taken: set[int] = set()
    for j, tdate in enumerate(tgt_dates):
        taken.update(tdate.parts)
        if tdate.year_part is not None and j not in dated:
            taken.discard(tdate.year_part)
    free = [k for k in range(len(analysis.numbers)) if k not in taken]

    def number_ok(i: int, j: int) -> bool:
        s, t = src_numbers[i], analysis.numbers[free[j]]
        return _same_value((s.value, *s.alternatives), (t.value, *t.alternatives))

    number_match = _max_matching(len(src_numbers), len(free), number_ok)
    used = set(number_match.values())
    leftovers = [analysis.numbers[free[j]] for j in range(len(free)) if j not in used]

    findings: list[NumberFinding] = []
    for i, number in enumerate(src_dates):
        if i not in date_match and number.date is not None:
            findings.append(_missing(number, _date_message(number, number.date, years)))
    leftover = ", ".join(t.surface for t in leftovers)
    for i, number in enumerate(src_numbers):
        if i not in number_match:
            label = "ordinal" if number.kind == "ordinal" else "number"
            message = (
                f"{label} {number.surface} ({_format(number.value)}) is not in the translation"
            )
            message += f" (unmatched numbers there: {leftover})" if leftover else ""
            findings.append(_missing(number, message))

    source_of = {free[j]: src_numbers[i] for i, j in number_match.items()}
    for k, t in enumerate(analysis.numbers):
        if analysis.native[k]:
            findings.append(_untranslated(t, source_of.get(k)))
    return sorted(
        findings,
        key=lambda f: (f.start is None, f.start or 0, f.target_start or 0),
    )
