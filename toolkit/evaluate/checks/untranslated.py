"""The untranslated check: a target segment, or a long span in it, still in the source
(Arabic) script."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from toolkit.evaluate.checks.base import (
    UNTRANSLATED_SHARE,
    Check,
    Context,
    Finding,
    Pair,
    Section,
    clip,
)
from toolkit.text.script import profile

UntranslatedKind = Literal["segment", "span"]
_ARABIC_RUN = re.compile(r"[\u0600-\u06FF\u200c]+(?:[\s\u200c]+[\u0600-\u06FF\u200c]+)*")
UNTRANSLATED_SPAN_WORDS = 3


@dataclass(frozen=True)
class UntranslatedDetail:
    """A whole segment (``segment``) or a run of words (``span``) left in the source script."""

    kind: UntranslatedKind

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind}


class UntranslatedCheck(Check):
    """A target segment, or a long span in it, still in the source (Arabic) script."""

    id = "untranslated"
    kinds = ("segment", "span")
    details = (UntranslatedDetail,)
    section = Section("untranslated", "segments", order=30)

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        findings = []
        for pair in pairs:
            prof = profile(pair.target)
            if not prof.letters:
                continue
            if prof.share("Arabic") >= UNTRANSLATED_SHARE:
                findings.append(
                    self.finding(
                        "error",
                        pair.segment,
                        f"segment is untranslated ({prof.share('Arabic'):.0%} of its "
                        "letters are in the source script)",
                        UntranslatedDetail(kind="segment"),
                        target=clip(pair.target),
                    )
                )
                continue
            for m in _ARABIC_RUN.finditer(pair.target):
                words = [w for w in re.split(r"[\s\u200c]+", m.group()) if w]
                if len(words) >= UNTRANSLATED_SPAN_WORDS:
                    findings.append(
                        self.finding(
                            "warning",
                            pair.segment,
                            f"{len(words)} words left in the source script",
                            UntranslatedDetail(kind="span"),
                            target=m.group(),
                        )
                    )
        return findings

    def row(self, finding: Finding) -> dict[str, Any]:
        """The kind, the severity and the words left in the source script."""
        return {
            "segment": finding.segment,
            "kind": finding.kind,
            "severity": finding.severity,
            "evidence": finding.target_evidence,
        }
