"""The term check: every glossary term in a source segment needs an accepted rendering in its
target (WMT terminology task style, per source occurrence)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from toolkit.evaluate.checks.base import Check, Context, Finding, Pair, Section, translated
from toolkit.glossary.model import Term
from toolkit.glossary.target import TargetMatcher, target_matcher

if TYPE_CHECKING:
    from toolkit.evaluate.report import EvaluationReport

TermKind = Literal["missing", "untranslated", "shared"]


@dataclass(frozen=True)
class TermDetail:
    """A glossary term with no accepted rendering (``missing``, or ``untranslated``: left in
    Persian), or a repeated occurrence satisfied by another one's rendering (``shared``)."""

    source_term: str
    expected: str
    kind: TermKind

    def to_dict(self) -> dict[str, Any]:
        return {"source_term": self.source_term, "expected": self.expected, "kind": self.kind}


def expected_rendering(term: Term, matcher: TargetMatcher) -> str:
    """The term's preferred target variant ("" when it has none)."""
    variants = matcher.variants(term)
    return variants[0] if variants else ""


class TermCheck(Check):
    """Every glossary term in a source segment needs an accepted rendering in its target."""

    id = "term"
    needs = frozenset({"glossary"})
    kinds = ("missing", "untranslated", "shared")
    details = (TermDetail,)
    section = Section("terms", "violations", order=10)

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        matcher = target_matcher(context.target_language)
        by_segment = {p.segment: p for p in pairs}
        findings = []
        for use in context.term_uses:
            if use.shared and use.target is not None:
                findings.append(
                    self.finding(
                        "info",
                        use.segment,
                        f"term '{use.source.term.label}' occurs again in the source and "
                        f"is rendered once ('{use.target.surface}')",
                        TermDetail(
                            source_term=use.source.term.label,
                            expected=expected_rendering(use.source.term, matcher),
                            kind="shared",
                        ),
                        term=use.source,
                        target=use.target.surface,
                    )
                )
            if use.target is not None or not translated(by_segment[use.segment].target):
                continue  # an empty or untranslated segment is reported once, by its own check
            term = use.source.term
            expected = expected_rendering(term, matcher)
            target = by_segment[use.segment].target
            untranslated = use.source.surface in target
            kind: TermKind = "untranslated" if untranslated else "missing"
            findings.append(
                self.finding(
                    "error",
                    use.segment,
                    f"term '{term.label}' should be rendered as '{expected}'"
                    + (" (left in Persian)" if untranslated else ""),
                    TermDetail(source_term=term.label, expected=expected, kind=kind),
                    term=use.source,
                )
            )
        return findings

    # ``terms``: the term success figures, then ``violations``: the errors (notes of shared
    # occurrences are in ``findings`` only).

    def in_section(self, finding: Finding) -> bool:
        return finding.severity == "error"

    def row(self, finding: Finding) -> dict[str, Any]:
        """The term, its expected rendering and kind, the source words."""
        return {
            "segment": finding.segment,
            **finding.detail.to_dict(),
            "source": finding.source_text,
        }

    def section_fields(self, report: EvaluationReport) -> Mapping[str, Any]:
        accuracy = report.term_accuracy
        return {
            "total": report.terms_total,
            "matched": report.terms_matched,
            "shared": sum(1 for u in report.term_uses if u.shared and u.target is not None),
            "accuracy": round(accuracy, 4) if accuracy is not None else None,
            "per_term": per_term(report),
        }


def per_term(report: EvaluationReport) -> list[dict[str, Any]]:
    """Occurrences and renderings of each term, the least successful first."""
    matcher = target_matcher(report.target_language)
    rows: dict[str, dict[str, Any]] = {}
    for use in report.term_uses:
        term = use.source.term
        row = rows.setdefault(
            term.label,
            {
                "source_term": term.label,
                "expected": (matcher.variants(term) or ("",))[0],
                "total": 0,
                "matched": 0,
            },
        )
        row["total"] += 1
        row["matched"] += use.target is not None
    for row in rows.values():
        row["accuracy"] = round(row["matched"] / row["total"], 4)
    return sorted(rows.values(), key=lambda r: (r["accuracy"], r["source_term"]))
