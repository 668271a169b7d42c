"""The term-consistency check: one source form of a term rendered with several variants."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from toolkit.evaluate.checks.base import Check, Context, Finding, Pair, Section
from toolkit.glossary.model import Term


@dataclass(frozen=True)
class ConsistencyDetail:
    """One source form of a term rendered with several variants: the segments of each."""

    source_term: str
    variants: Mapping[str, tuple[int, ...]]
    kind: ClassVar[None] = None  # one kind, not written

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_term": self.source_term,
            "variants": {v: list(segments) for v, segments in self.variants.items()},
        }


class TermConsistencyCheck(Check):
    """One source form of a term rendered with more than one accepted variant.

    Inflected forms of one variant are one variant. Different source forms of an entry
    (سفیر جمهوری اسلامی ایران در روسیه / سفیر ایران در روسیه) may rightly take different
    renderings, so they are compared separately.
    """

    id = "term-consistency"
    needs = frozenset({"glossary"})
    details = (ConsistencyDetail,)
    section = Section("terms", "inconsistent", order=10)

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        variants: dict[tuple[Term, str], dict[str, list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for use in context.term_uses:
            if use.target is not None:
                key = (use.source.term, use.source.variant)
                variants[key][use.target.variant].append(use.segment)
        findings = []
        for (term, _), used in variants.items():
            if len(used) < 2:
                continue
            first_segments = sorted(min(segs) for segs in used.values())
            listing = "; ".join(
                f"'{v}' in segment(s) {', '.join(map(str, sorted(set(s))))}"
                for v, s in used.items()
            )
            findings.append(
                self.finding(
                    "warning",
                    first_segments[1],
                    f"term '{term.label}' is rendered in {len(used)} ways: {listing}",
                    ConsistencyDetail(
                        source_term=term.label,
                        variants={v: tuple(sorted(set(s))) for v, s in used.items()},
                    ),
                    source=term.label,
                    target=" | ".join(used),
                )
            )
        return findings

    def row(self, finding: Finding) -> dict[str, Any]:
        """The term and the segments of each variant."""
        return {"segment": finding.segment, **finding.detail.to_dict()}
