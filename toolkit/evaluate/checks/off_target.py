"""The off-target check: a segment in another target language than its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from toolkit.evaluate.checks.base import Check, Context, Finding, Pair, Section, clip, translated
from toolkit.text.offtarget import off_target


@dataclass(frozen=True)
class OffTargetDetail:
    """A segment in another language than the target (``found``: 'en', 'ru', or 'fa' for
    the source copied through), ``share`` of its letters in that language's script."""

    found: str
    share: float
    kind: ClassVar[str] = "off-target"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "found": self.found, "share": self.share}


class OffTargetCheck(Check):
    """A segment in another target language than its own (English in a Russian
    translation, Russian in an English one): most of its letters in that language's script,
    judged from :data:`~toolkit.text.offtarget.MIN_LETTERS` letters on, so that a number or
    a name alone is never flagged (:mod:`toolkit.text.offtarget`). A segment left in the
    source script is the untranslated check's, reported once; both count as off target in
    :attr:`~toolkit.evaluate.report.EvaluationReport.off_target`."""

    id = "off-target"
    kinds = ("off-target",)
    details = (OffTargetDetail,)
    section = Section("off_target", "segments", order=50)

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        findings = []
        for pair in pairs:
            wrong = off_target(pair.target, context.target_language)
            if wrong is None or not translated(pair.target):
                continue
            findings.append(
                self.finding(
                    "error",
                    pair.segment,
                    wrong.message,
                    OffTargetDetail(found=wrong.found, share=wrong.share),
                    target=clip(pair.target),
                )
            )
        return findings
