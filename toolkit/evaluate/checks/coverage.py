"""The coverage check: empty targets, text beside a blank source line, and length ratios
that are outliers."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Any, Literal

from toolkit.evaluate.checks.base import Check, Context, Finding, Pair, Section, clip, translated
from toolkit.languages import get

CoverageKind = Literal["empty", "extra", "short", "long"]


@dataclass(frozen=True)
class CoverageDetail:
    """An empty target, text beside a blank source line (``extra``), or a length ratio that is
    an outlier (``short``, ``long``: then ``ratio`` and ``expected_ratio`` are set)."""

    kind: CoverageKind
    ratio: float | None = None
    expected_ratio: float | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.ratio is None:
            return {"kind": self.kind}
        return {"kind": self.kind, "ratio": self.ratio, "expected_ratio": self.expected_ratio}


HIGH_RATIO = 1.8
MIN_SOURCE_CHARS = 25
# The short bound depends on the line's length. A line's length is a sum over its words, so
# its spread around the expected length grows with the square root of the source length
# (as in Gale and Church's length-based sentence alignment): the deviation
# (target - expected_ratio * source) / sqrt(source), in characters, has a standard
# deviation of about 1.7 on the two shipped references (22 lines; the worst is -3.8, English
# line 5). A line is short below SHORT_DEVIATIONS of it, about 3.5 standard deviations;
# the bound lies between LOW_RATIO (short lines, where one word more or less weighs
# much) and LOW_RATIO_LONG (very long lines, where translators' styles still differ).
LOW_RATIO = 0.7
LOW_RATIO_LONG = 0.8
SHORT_DEVIATIONS = 6.0


def short_bound(source_chars: int, expected: float) -> float:
    """The relative length (target / (expected ratio × source)) below which a line of
    ``source_chars`` characters is short: 0.7 up to about 150 characters, tighter for longer
    lines (0.78 at 380 characters with the Russian ratio), never above 0.8."""
    bound = 1 - SHORT_DEVIATIONS / (expected * math.sqrt(source_chars))
    return min(LOW_RATIO_LONG, max(LOW_RATIO, bound))


class CoverageCheck(Check):
    """Empty targets, and segments whose length ratio to the source is an outlier: longer
    than HIGH_RATIO times the expected length, or shorter than :func:`short_bound`, which
    is tighter for long lines. A segment left in the source script is the untranslated
    check's."""

    id = "coverage"
    kinds = ("empty", "extra", "short", "long")
    details = (CoverageDetail,)
    section = Section("coverage", "segments", order=60)

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        findings = []
        ratios = {}
        for pair in pairs:
            if pair.source.strip() and not pair.target.strip():
                findings.append(
                    self.finding(
                        "error",
                        pair.segment,
                        "target segment is empty",
                        CoverageDetail(kind="empty"),
                        source=clip(pair.source),
                    )
                )
            elif not pair.source.strip() and pair.target.strip():
                findings.append(
                    self.finding(
                        "warning",
                        pair.segment,
                        "target has text where the source line is blank",
                        CoverageDetail(kind="extra"),
                        target=clip(pair.target),
                    )
                )
            elif len(pair.source.strip()) >= MIN_SOURCE_CHARS and translated(pair.target):
                ratios[pair.segment] = len(pair.target.strip()) / len(pair.source.strip())
        expected = get(context.target_language).expected_ratio
        if len(ratios) >= 8:
            # A long document sets its own norm (style varies), within sane bounds.
            expected = min(max(statistics.median(ratios.values()), expected / 1.5), expected * 1.5)
        by_segment = {p.segment: p for p in pairs}
        for seg, ratio in ratios.items():
            rel = ratio / expected
            source_chars = len(by_segment[seg].source.strip())
            low = short_bound(source_chars, expected)
            if low <= rel <= HIGH_RATIO:
                continue
            kind: CoverageKind = "short" if rel < low else "long"
            if kind == "short":
                # Enough digits that the two figures differ as the values do (0.698 < 0.70).
                digits = 2 if f"{rel:.2f}" != f"{low:.2f}" else 3
                message = (
                    f"target is {rel:.{digits}f}× the expected length, below {low:.{digits}f}× "
                    f"for a line of {source_chars} characters (truncated or dropped content?)"
                )
            else:
                message = f"target is {rel:.2f}× the expected length (added content?)"
            findings.append(
                self.finding(
                    "warning",
                    seg,
                    message,
                    CoverageDetail(
                        kind=kind, ratio=round(ratio, 3), expected_ratio=round(expected, 3)
                    ),
                    source=clip(by_segment[seg].source),
                    target=clip(by_segment[seg].target),
                )
            )
        return findings
