"""The number check: every source number in the target, dates right in both calendars,
numbers with the nouns they count (:mod:`toolkit.text.numbers`)."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from toolkit.evaluate.checks.base import Check, Context, Finding, Pair, Section, translated
from toolkit.glossary.model import Term
from toolkit.glossary.source import SourceMatch
from toolkit.glossary.target import target_matcher
from toolkit.text.numbers import (
    Counted,
    Misattached,
    Number,
    NumberFinding,
    article_year,
    check_numbers,
)

NumberKind = Literal["missing", "untranslated-digits"]


@dataclass(frozen=True)
class NumberDetail:
    """A number problem: ``kind`` is :class:`~toolkit.text.numbers.NumberFinding`'s code
    ("missing", "untranslated-digits"); ``value`` the number's value."""

    kind: NumberKind
    value: Number | None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value}


@dataclass(frozen=True)
class WrongDateDetail:
    """A source date given in both calendars, one of them wrong: ``calendar`` ("jalali" or
    "gregorian") is the wrong one, ``given`` what the target says, ``expected`` the source
    date in that calendar; ``value`` the source day."""

    calendar: str
    given: str
    expected: str
    value: Number | None
    kind: ClassVar[str] = "wrong-date"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "calendar": self.calendar,
            "given": self.given,
            "expected": self.expected,
        }


@dataclass(frozen=True)
class SwappedDetail:
    """Numbers attached to the wrong nouns: for each, its value, the noun it counts in the
    source and the one it counts in the target (two entries for a swapped pair)."""

    numbers: tuple[Misattached, ...]
    kind: ClassVar[str] = "swapped"

    def to_dict(self) -> dict[str, Any]:
        value = self.numbers[0].value if self.numbers else None
        return {
            "kind": self.kind,
            "value": value,
            "misattached": [n.to_dict() for n in self.numbers],
        }


class NumberCheck(Check):
    """Every source number must appear in the target, as digits or words; a date given in
    both calendars must be right in both; a number must stay with the noun it counts (the
    segment's glossary terms, found with the target matcher, and the number package's
    counted-noun lexicon)."""

    id = "number"
    kinds = ("missing", "untranslated-digits", "wrong-date", "swapped")
    details = (NumberDetail, WrongDateDetail, SwappedDetail)
    section = Section("numbers", "violations", order=20)
    source_mark = "num"

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        year = context.reference_year
        if year is None:
            year = article_year(p.source for p in pairs)
        lang = context.target_language
        terms: dict[int, list[SourceMatch]] = defaultdict(list)
        for use in context.term_uses:
            terms[use.segment].append(use.source)
        findings = []
        for pair in pairs:
            if not translated(pair.target):
                continue  # coverage or untranslated reports the segment
            counted = functools.partial(
                _counted_terms, pair.target, terms.get(pair.segment, []), lang
            )
            for f in check_numbers(
                pair.source, pair.target, lang, reference_year=year, counted=counted
            ):
                span = (f.start, f.end) if f.start is not None and f.end is not None else None
                findings.append(
                    self.finding(
                        "warning" if f.code == "untranslated-digits" else "error",
                        pair.segment,
                        f.message,
                        _number_detail(f),
                        span=span,
                        source=f.source,
                        target=f.target,
                    )
                )
        return findings

    def row(self, finding: Finding) -> dict[str, Any]:
        """The source number, the kind, the message and the target's words."""
        return {
            "segment": finding.segment,
            "source": finding.source_text,
            "kind": finding.kind,
            "message": finding.message,
            "target": finding.target_evidence,
        }


def _counted_terms(target: str, matches: list[SourceMatch], lang: str) -> tuple[Counted, ...]:
    """The glossary terms of a segment as things numbers count: their source occurrences
    and every accepted rendering in the target."""
    if not matches:
        return ()
    matcher = target_matcher(lang)
    by_term: dict[Term, list[tuple[int, int]]] = defaultdict(list)
    for m in matches:
        by_term[m.term].append((m.start, m.end))
    return tuple(
        Counted(
            term.label,
            tuple(spans),
            tuple((t.start, t.end) for t in matcher.find(target, term)),
        )
        for term, spans in by_term.items()
    )


def _number_detail(f: NumberFinding) -> NumberDetail | WrongDateDetail | SwappedDetail:
    if f.date_conflict is not None:
        c = f.date_conflict
        return WrongDateDetail(
            calendar=c.calendar, given=c.given, expected=c.expected, value=f.value
        )
    if f.misattached:
        return SwappedDetail(numbers=f.misattached)
    kind: NumberKind = "untranslated-digits" if f.code == "untranslated-digits" else "missing"
    return NumberDetail(kind=kind, value=f.value)
