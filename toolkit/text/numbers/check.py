"""The number check: every number of a Persian source segment must reach its translation.

Source and target numbers are paired one to one (each target number satisfies at most one
source number); what is left over is reported. Precision comes first: a checker that flags
clean human translations gets switched off.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from toolkit.text.numbers.attach import COUNT_KINDS, misattached_numbers
from toolkit.text.numbers.calendar import (
    check_reference_year,
    gregorian_days,
    gregorian_to_jalali,
    jalali_days,
    reference_year_of,
    undated_years,
)
from toolkit.text.numbers.nouns import lexicon_counted
from toolkit.text.numbers.persian import analyse_source
from toolkit.text.numbers.target import TargetDate, analyse_target
from toolkit.text.numbers.values import (
    CalendarDate,
    Counted,
    DateConflict,
    Number,
    NumberFinding,
    SourceNumber,
    TargetNumber,
    same_value,
    values_of,
)


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


def _gregorian_days(src: CalendarDate, years: range) -> tuple[date, ...]:
    """The Gregorian days a Jalali source date may be: in its own year, else in ``years``."""
    if src.year is not None:
        years = range(src.year, src.year + 1)
    return gregorian_days(src.month, src.day, years)


def _other_calendar(src: CalendarDate, years: range) -> tuple[CalendarDate, ...]:
    """A source date in the other calendar: a Jalali one in its own year or in ``years``, a
    Gregorian one in its own year or in the Gregorian years that ``years`` overlap."""
    if src.calendar == "jalali":
        return tuple(
            CalendarDate("gregorian", d.month, d.day, d.year) for d in _gregorian_days(src, years)
        )
    if src.year is not None:
        return (gregorian_to_jalali(date(src.year, src.month, src.day)),)
    return jalali_days(src.month, src.day, years)


def _date_satisfied(src: CalendarDate, tgt: CalendarDate, years: range) -> bool:
    """Whether a target date renders a source date. A year the target leaves out is accepted;
    a different year is not."""
    if src.calendar == tgt.calendar:
        same_year = src.year is None or tgt.year is None or src.year == tgt.year
        return src.month == tgt.month and src.day == tgt.day and same_year
    return any(
        (day.month, day.day) == (tgt.month, tgt.day) and tgt.year in (None, day.year)
        for day in _other_calendar(src, years)
    )


def date_renders(source: CalendarDate, other: CalendarDate, years: range) -> bool:
    """Whether ``other`` (in either calendar) is the day ``source`` names, an undated
    ``source`` read in ``years``: the number check's test, for the evaluator's summary check."""
    return _date_satisfied(source, other, years)


# Between the two calendars' forms of one date: "14 Azar (5 December 2025)",
# "5 декабря 2025 года (14 азара)", "14 Azar / 5 December".
_BOTH_CALENDARS_GAP = re.compile(r"(?:[\s\u00a0]*(?:года|г\.))?[\s\u00a0(\[/,\u2013\u2014-]*")
_CALENDAR_NAMES = {"jalali": "Jalali", "gregorian": "Gregorian"}


def _expected_in(src: CalendarDate, given: CalendarDate, years: range) -> str:
    """The source date in the calendar of ``given`` (in its year when it names one)."""
    if given.calendar == src.calendar:
        return str(src)
    days = _other_calendar(src, years)
    if given.year is not None:
        days = tuple(d for d in days if d.year == given.year) or days
    elif src.year is None:
        days = tuple(replace(d, year=None) for d in days)
    return " or ".join(dict.fromkeys(map(str, days)))


def _calendar_conflicts(
    target: str,
    src_dates: list[SourceNumber],
    tgt_dates: list[TargetDate],
    date_match: dict[int, int],
    years: range,
) -> list[NumberFinding]:
    """A source date that the target gives in both calendars side by side must be right in
    both: "14 Azar (6 December 2025)" and "24 Azar (5 December)" are wrong in one."""
    source_of = {j: i for i, j in date_match.items()}
    findings = []
    for a, b in itertools.pairwise(range(len(tgt_dates))):
        first, second = tgt_dates[a].number, tgt_dates[b].number
        if first.date is None or second.date is None or first.date.calendar == second.date.calendar:
            continue
        if not _BOTH_CALENDARS_GAP.fullmatch(target[first.end : second.start]):
            continue
        for right, wrong in ((a, b), (b, a)):
            i = source_of.get(right)
            given = tgt_dates[wrong].number
            if i is None or wrong in source_of or given.date is None:
                continue
            number = src_dates[i]
            src = number.date
            if src is None or _date_satisfied(src, given.date, years):
                continue
            calendar = _CALENDAR_NAMES[given.date.calendar]
            expected = _expected_in(src, given.date, years)
            if given.date.calendar == src.calendar:
                why = f"the source says {expected}"
            else:
                why = f"{src} is {expected}"
            message = (
                f"date {number.surface} ({src}) is given in both calendars and the {calendar} "
                f"date is wrong: {given.surface} ({why})"
            )
            conflict = DateConflict(given.date.calendar, given.surface, expected)
            findings.append(
                NumberFinding(
                    "wrong-date", number.surface, number.start, number.end, number.value,
                    number.kind, message, given.surface, given.start, given.end,
                    date_conflict=conflict,
                )
            )  # fmt: skip
    return findings


def _year_of(number: SourceNumber) -> int | None:
    return number.date.year if number.date is not None else None


def _missing(number: SourceNumber, message: str) -> NumberFinding:
    return NumberFinding(
        "missing", number.surface, number.start, number.end, number.value, number.kind, message
    )


def _date_message(number: SourceNumber, day: CalendarDate, years: range) -> str:
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


def _with_lexicon(source: str, target: str, lang: str, counted: Sequence[Counted]) -> list[Counted]:
    """The given counted things (glossary terms) and the lexicon's nouns elsewhere in the
    source: where a term covers a lexicon noun (شرکت in شرکت فناوری), the term counts."""
    taken = [span for thing in counted for span in thing.source_spans]
    out = list(counted)
    for noun in lexicon_counted(source, target, lang):
        spans = tuple(
            (a, b) for a, b in noun.source_spans if not any(a < y and x < b for x, y in taken)
        )
        if spans:
            out.append(replace(noun, source_spans=spans))
    return out


def check_numbers(
    source: str,
    target: str,
    lang: str,
    *,
    reference_year: int | None = None,
    counted: Sequence[Counted] | Callable[[], Sequence[Counted]] = (),
) -> list[NumberFinding]:
    """Findings for the numbers of a Persian source segment and its translation.

    Every source number must appear in the target as digits or words with the same value
    (an ordinal as ``fifth``/``5th``/``пятое``/``5-е``), each target number standing for one
    source number. A Jalali date is satisfied by the same day and month name (``14 Azar``)
    or by its Gregorian date. A source date without a year (``۱۴ آذر``) is read in the
    Jalali year ``reference_year`` or the years either side of it; without one, in the year
    the segment names (``سال ۱۴۰۴``), else in any year of ``UNDATED_YEARS`` (1340-1499).
    The clock is never read. Persian or Arabic-Indic digits left in the target are findings
    of their own.

    Two cross-checks follow. A source date that the target gives in both calendars side by
    side ("14 Azar (5 December 2025)") must be right in both ("wrong-date" names the wrong
    one). A number must stay with the noun it counts ("swapped"): ``counted`` are the
    glossary terms of the segment with their occurrences, or a function that finds them,
    called only when the segment has two counts or more (the evaluator passes one); the
    counted-noun lexicon (``data/counted.json``) adds common nouns and currencies.
    """
    check_reference_year(reference_year)
    src = analyse_source(source)
    analysis = analyse_target(target, lang)
    if reference_year is None:
        reference_year = reference_year_of(src.years)
    years = undated_years(reference_year)

    src_dates = [s for s in src.numbers if s.date is not None]
    src_numbers = [s for s in src.numbers if s.date is None]
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
        return same_value(values_of(s), values_of(t))

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
    findings += _calendar_conflicts(target, src_dates, tgt_dates, date_match, years)
    if sum(s.kind in COUNT_KINDS for s in src_numbers) >= 2:
        terms = counted() if callable(counted) else counted
        things = _with_lexicon(source, target, lang, terms)
        counts = [analysis.numbers[k] for k in free]
        findings += misattached_numbers(source, src_numbers, target, counts, things)
    return sorted(
        findings,
        key=lambda f: (f.start is None, f.start or 0, f.target_start or 0),
    )
