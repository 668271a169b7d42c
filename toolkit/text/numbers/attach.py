"""Numbers and the nouns they count: ``۲۰ تفاهم‌نامه و پنج قرارداد`` must not become
"20 contracts and five memoranda".

A source number counts the noun that starts right after it (``۲۰ تفاهم‌نامه``; one counter
word may come between: ``۲۰ فقره قرارداد``). A target number is attached to the nouns that
start after it with at most two words between (``16 leading technology companies``) and no
punctuation or other number, and to a currency symbol right before it (``$5 million``).

Precision first: a number is reported only when (1) its source noun is rendered somewhere
in the target, (2) no target number of its value stands before that rendering, and (3) a
target number of its value stands before the rendering of *another* noun that the source
counts with a different number. A number whose noun comes first ("contracts, five of
which") or is left out is never reported; nor is a noun that two numbers of the same value
count, or a rendering that two nouns share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from toolkit.text.numbers.nouns import classifier_gap
from toolkit.text.numbers.values import (
    Counted,
    Misattached,
    NumberFinding,
    SourceNumber,
    TargetNumber,
    same_value,
    values_of,
)

# Counts; ordinals and dates say which, not how many.
COUNT_KINDS = ("digits", "decimal", "word")
MAX_WORDS_BETWEEN = 2
_SPACE = "\\s\u00a0\u202f"
_TARGET_GAP = re.compile(
    f"\\.?[{_SPACE}]*(?:[^\\W\\d_][\\w'’\\-]*[{_SPACE}]+){{0,{MAX_WORDS_BETWEEN}}}"
)
_BEFORE_GAP = ("", " ", "\u00a0", "\u202f")


@dataclass(frozen=True)
class _Link:
    """A number and the counted thing it is attached to: ``counted`` indexes the list of
    :class:`Counted`; ``start``/``end`` is the noun's occurrence."""

    counted: int
    start: int
    end: int


def _source_link(source: str, number: SourceNumber, counted: Sequence[Counted]) -> _Link | None:
    best: _Link | None = None
    for k, thing in enumerate(counted):
        for start, end in thing.source_spans:
            if start < number.end or (best is not None and start >= best.start):
                continue
            if classifier_gap(source[number.end : start]):
                best = _Link(k, start, end)
    return best


def _target_links(
    target: str, number: TargetNumber, counted: Sequence[Counted], starts: list[int]
) -> list[_Link]:
    """The nouns a target number may count, the nearest first (a symbol before it first)."""
    links: list[tuple[int, _Link]] = []
    for k, thing in enumerate(counted):
        for start, end in thing.target_spans:
            if start < number.end:
                continue
            gap = target[number.end : start]
            if gap.startswith(".") and not number.surface[-1:].isalpha():
                continue  # "20. Contracts": a sentence ends; "5 млн. долларов": an abbreviation
            if _TARGET_GAP.fullmatch(gap) and not any(number.end <= s < start for s in starts):
                links.append((start, _Link(k, start, end)))
        for start, end in thing.target_before:
            if end <= number.start and target[end : number.start] in _BEFORE_GAP:
                links.append((-1, _Link(k, start, end)))
    links.sort(key=lambda item: item[0])
    return [link for _, link in links]


def _nearest(links: list[_Link]) -> list[_Link]:
    """The links that start where the nearest one does (overlapping renderings)."""
    return [link for link in links if link.start == links[0].start]


@dataclass(frozen=True)
class _Misplaced:
    """A source number, the noun it counts, the target number of its value and the other
    noun that one counts."""

    number: SourceNumber
    own: _Link
    found: TargetNumber
    rival: _Link


def misattached_numbers(
    source: str,
    src_numbers: Sequence[SourceNumber],
    target: str,
    tgt_numbers: Sequence[TargetNumber],
    counted: Sequence[Counted],
) -> list[NumberFinding]:
    """Findings for source numbers that the target attaches to another counted noun: one
    per swapped pair (naming both), one per number otherwise."""
    counts = [s for s in src_numbers if s.kind in COUNT_KINDS]
    owned = [(s, link) for s in counts if (link := _source_link(source, s, counted)) is not None]
    attached = {link.counted for _, link in owned}
    if len(attached) < 2:
        return []
    targets = [t for t in tgt_numbers if t.kind in COUNT_KINDS]
    starts = [t.start for t in tgt_numbers]
    links = [_target_links(target, t, counted, starts) for t in targets]
    wrong: list[_Misplaced] = []
    for s, own in owned:
        thing = counted[own.counted]
        if not thing.target_spans and not thing.target_before:
            continue  # the noun is not rendered: the term check says so
        same = [j for j, t in enumerate(targets) if same_value(values_of(s), values_of(t))]
        if any(link.counted == own.counted for j in same for link in links[j]):
            continue
        # Nouns the source counts with other numbers, none of them of this value.
        shared = {o.counted for n, o in owned if same_value(values_of(s), values_of(n))}
        rivals = attached - shared - {own.counted}
        for j in same:
            rival = next((link for link in _nearest(links[j]) if link.counted in rivals), None)
            if rival is not None:
                wrong.append(_Misplaced(s, own, targets[j], rival))
                break
    return _findings(source, target, wrong)


def _findings(source: str, target: str, wrong: list[_Misplaced]) -> list[NumberFinding]:
    findings = []
    done: set[int] = set()
    for a, first in enumerate(wrong):
        if a in done:
            continue
        group = [first]
        done.add(a)
        partner = next(
            (
                b
                for b, other in enumerate(wrong)
                if b not in done
                and other.own.counted == first.rival.counted
                and other.rival.counted == first.own.counted
            ),
            None,
        )
        if partner is not None:
            group.append(wrong[partner])
            done.add(partner)
        said = [
            (
                source[m.number.start : m.own.end],
                target[min(m.found.start, m.rival.start) : max(m.found.end, m.rival.end)],
            )
            for m in group
        ]
        misattached = tuple(
            Misattached(
                m.number.value, source[m.own.start : m.own.end], target[m.rival.start : m.rival.end]
            )
            for m in group
        )
        if len(group) == 2:
            message = (
                f"numbers swapped between their nouns: '{said[0][0]}' is '{said[0][1]}' "
                f"and '{said[1][0]}' is '{said[1][1]}' in the translation"
            )
        else:
            message = (
                f"number attached to another noun: '{said[0][0]}' is '{said[0][1]}' in the "
                "translation, a noun the source counts with another number"
            )
        start = min(m.number.start for m in group)
        end = max(m.own.end for m in group)
        t_start = min(min(m.found.start, m.rival.start) for m in group)
        t_end = max(max(m.found.end, m.rival.end) for m in group)
        number = first.number
        findings.append(
            NumberFinding(
                "swapped", source[start:end], start, end, number.value, number.kind, message,
                target[t_start:t_end], t_start, t_end, misattached=misattached,
            )
        )  # fmt: skip
    return findings
