"""Evaluating a translation: run the checks, compute scores, build the report.

``evaluate`` runs the registered checks (:data:`~toolkit.evaluate.checks.CHECKS`) and
returns an :class:`EvaluationReport`; ``to_dict`` gives the JSON documented by
``toolkit/evaluate/report.schema.json`` (:func:`report_schema` adds the sections of checks
registered from outside), one section per check as its class declares it; ``render_text``
a table for the terminal and :mod:`toolkit.evaluate.html` a self-contained HTML page.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.errors import InputError
from toolkit.evaluate.checks import (
    CHECKS,
    Check,
    CollateralDetail,
    Context,
    Finding,
    Pair,
    Placement,
    Section,
    TermUse,
    analyse_terms,
)
from toolkit.evaluate.scores import Score, corpus_scores
from toolkit.glossary.model import Glossary
from toolkit.languages import TARGETS
from toolkit.signature import GlossaryRef, Signature
from toolkit.text.script import LANGUAGES, detect_language
from toolkit.text.segment import split_lines

if TYPE_CHECKING:
    from toolkit.results import SegmentTranslation

FAIL_ON = ("error", "warning", "never")
_RANK = {"error": 2, "warning": 1, "info": 0}


@dataclass
class EvaluationReport:
    target_language: str
    pairs: list[Pair]
    findings: list[Finding]
    term_uses: list[TermUse]
    scores: dict[str, Score] = field(default_factory=dict)
    signature: Signature | None = None
    collateral_checked: bool = False
    """Whether collateral edits were looked for: a baseline was given and the damage check
    ran."""

    # -- numbers -----------------------------------------------------------------------------

    @property
    def terms_total(self) -> int:
        return len(self.term_uses)

    @property
    def terms_matched(self) -> int:
        return sum(1 for u in self.term_uses if u.target is not None)

    @property
    def term_accuracy(self) -> float | None:
        return self.terms_matched / self.terms_total if self.terms_total else None

    def counts(self) -> Counter[str]:
        return Counter(f.severity for f in self.findings)

    def fails(self, fail_on: str) -> bool:
        if fail_on == "never":
            return False
        return any(_RANK[f.severity] >= _RANK[fail_on] for f in self.findings)

    def of(self, check: str) -> list[Finding]:
        return [f for f in self.findings if f.check == check]

    @property
    def off_target(self) -> int:
        """Segments in another language than the target: another target language
        (``off-target`` findings), or the source's copied through (``untranslated``
        segments)."""
        whole = {f.segment for f in self.of("untranslated") if f.kind == "segment"}
        return len(whole | {f.segment for f in self.of("off-target")})

    @property
    def collateral_edits(self) -> int | None:
        """Words changed against the baseline outside the term placements (the damage
        check's ``collateral`` findings, summed); None when there was no baseline."""
        if not self.collateral_checked:
            return None
        return sum(
            f.detail.words for f in self.of("damage") if isinstance(f.detail, CollateralDetail)
        )

    # -- JSON --------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        counts = self.counts()
        summary: dict[str, Any] = {
            "errors": counts.get("error", 0),
            "warnings": counts.get("warning", 0),
            "by_check": self._problems_by_check(),
        }
        if self.collateral_checked:
            summary["collateral_edits"] = self.collateral_edits
        return {
            "target_language": self.target_language,
            "segments": len(self.pairs),
            "summary": summary,
            **self._sections(),
            "scores": {name: s.to_dict() for name, s in self.scores.items()},
            "findings": [finding_to_dict(f) for f in self.findings],
            "signature": self.signature.to_dict() if self.signature else {},
        }

    def _problems_by_check(self) -> dict[str, dict[str, int]]:
        """Errors and warnings per check (notes are listed in findings, not counted)."""
        by_check: dict[str, dict[str, int]] = defaultdict(
            lambda: dict.fromkeys(("error", "warning"), 0)
        )
        for f in self.findings:
            if f.severity != "info":
                by_check[f.check][f.severity] += 1
        return dict(by_check)

    def _sections(self) -> dict[str, dict[str, Any]]:
        """Each registered check's section, in their order: the fields its group holds, then
        its findings as rows (every check's, whether it ran or not)."""
        sections: dict[str, dict[str, Any]] = {}
        for check, section in _sections():
            group = sections.setdefault(section.group, {})
            group.update(check.section_fields(self))
            group[section.key] = [check.row(f) for f in self.of(check.id) if check.in_section(f)]
        return sections


def _sections() -> list[tuple[Check, Section]]:
    """The registered checks that have a report section, with it, in the sections' order."""
    pairs = [(cls(), cls.section) for cls in CHECKS.values() if cls.section is not None]
    return sorted(pairs, key=lambda pair: pair[1].order)


SCHEMA_PATH = Path(__file__).with_name("report.schema.json")


def report_schema() -> dict[str, Any]:
    """The JSON schema of the report: ``report.schema.json`` for the built-in checks, with
    ``findings.check`` naming every registered check and a section for each registered
    check that has one the file lacks (rows of at least a segment)."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    properties = schema["properties"]
    properties["findings"]["items"]["properties"]["check"]["enum"] = list(CHECKS)
    for _, section in _sections():
        group = properties.setdefault(
            section.group, {"type": "object", "required": [], "properties": {}}
        )
        if section.key not in group["properties"]:
            group["required"].append(section.key)
            group["properties"][section.key] = {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["segment"],
                    "properties": {"segment": {"type": "integer", "minimum": 1}},
                },
            }
    return schema


# One finding in the JSON: in ``findings`` in full, and in the section of its check
# (``terms.violations``, ``numbers.violations``...) with the fields that section lists.


def finding_to_dict(f: Finding) -> dict[str, Any]:
    """A finding as ``findings`` lists it: where it is and its evidence, then its detail."""
    return {
        "check": f.check,
        "severity": f.severity,
        "segment": f.segment,
        "message": f.message,
        "source": f.source_text,
        "source_span": list(f.source_span) if f.source_span else None,
        "target": f.target_evidence,
        **f.detail.to_dict(),
    }


def _check_target_language(text: str, lang: str, what: str) -> None:
    found = detect_language(text)
    if found in TARGETS and found != lang:
        raise InputError(
            f"{what} looks like {LANGUAGES[found]}, not {LANGUAGES[lang]} as "
            f"{{option:target_language}} {lang} says"
        )


def evaluate(
    source: str,
    hypothesis: str,
    target_language: str,
    *,
    references: list[str] | None = None,
    glossary: Glossary | None = None,
    align: bool = False,
    checks: Sequence[str] | None = None,
    baseline: str | None = None,
    placements: Mapping[int, Sequence[Placement]] | None = None,
    reference_year: int | None = None,
    hypothesis_name: str = "the hypothesis",
    whole_language: bool = True,
) -> EvaluationReport:
    """Check ``hypothesis`` (a translation of ``source``) and score it against references.

    ``baseline``, when given, is another translation of the same source (the model's output
    before glossary enforcement), line-aligned: the damage check compares against it, and
    counts every word changed outside the term renderings as a collateral edit.
    ``placements`` (by line number, see :func:`placements_of`) are what the term placements
    declare they wrote and replaced in each line: changes inside them are not collateral.
    ``reference_year`` is the Jalali year (such as 1404) that source dates without a year
    (``۱۴ آذر``) are read in; by default the year the source names, else any recent year
    (see :mod:`toolkit.text.numbers`). The result never depends on today's date.

    ``whole_language`` refuses (``InputError``) a hypothesis that as a whole is in another
    target language: a wrong file given to ``toolkit evaluate``. The toolkit's own output
    passes False: a translation it made is checked, and each segment in another language is
    an ``off-target`` finding, never a refusal.

    ``checks`` names the checks to run (default: every registered one); a check that
    :attr:`~toolkit.evaluate.checks.Check.needs` an input not given (the term checks without
    a glossary) does not run.
    """
    from toolkit.evaluate.align import align_sentences

    references = references or []
    given = {
        "glossary": glossary is not None,
        "baseline": baseline is not None,
        "placements": baseline is not None and placements is not None,
        "references": bool(references),
    }
    names = tuple(CHECKS) if checks is None else tuple(checks)
    unknown = [name for name in names if name not in CHECKS]
    if unknown:
        raise InputError(
            f"unknown check(s): {', '.join(unknown)}; the checks are {', '.join(CHECKS)}"
        )
    runs = [name for name in names if all(given[need] for need in CHECKS[name].needs)]
    if whole_language:
        _check_target_language(hypothesis, target_language, hypothesis_name)
    src_lines, hyp_lines = split_lines(source), split_lines(hypothesis)
    if align:
        groups = align_sentences(source, hypothesis, target_language)
        pairs = [Pair(i, s, t) for i, (s, t) in enumerate(groups, start=1)]
    else:
        if len(src_lines) != len(hyp_lines):
            raise InputError(
                f"the source has {len(src_lines)} lines and the hypothesis {len(hyp_lines)}; "
                "files must be line-aligned (or pass {option:align} to align sentences)"
            )
        pairs = [
            Pair(i, s, t)
            for i, (s, t) in enumerate(zip(src_lines, hyp_lines, strict=True), start=1)
            if s.strip() or t.strip()
        ]
    context = Context(target_language, glossary, reference_year=reference_year)
    if baseline is not None:
        base_lines = split_lines(baseline)
        if align or len(base_lines) != len(hyp_lines):
            raise InputError(
                f"the baseline has {len(base_lines)} lines and the hypothesis "
                f"{len(hyp_lines)}; it must be line-aligned "
                "(and cannot be used with {option:align})"
            )
        context.baseline = {p.segment: base_lines[p.segment - 1] for p in pairs}
        context.placements = {
            line: tuple(declared) for line, declared in (placements or {}).items()
        }
    if glossary is not None:
        context.term_uses = analyse_terms(pairs, glossary, target_language)
    findings: list[Finding] = []
    for name in runs:
        findings.extend(CHECKS[name]().run(pairs, context))
    findings.sort(key=lambda f: (f.segment, -_RANK[f.severity], f.check))
    scores: dict[str, Score] = {}
    if references:
        if align:
            hyps = [" ".join(hyp_lines)]
            refs = [[" ".join(split_lines(r))] for r in references]
        else:
            for k, ref in enumerate(references, start=1):
                if len(split_lines(ref)) != len(hyp_lines):
                    raise InputError(
                        f"reference {k} has {len(split_lines(ref))} lines and the hypothesis "
                        f"{len(hyp_lines)}; references must be line-aligned"
                    )
            hyps = hyp_lines
            refs = [split_lines(r) for r in references]
        scores = corpus_scores(hyps, refs)
    signature = Signature.create(
        "evaluation",
        glossary=GlossaryRef.of(glossary) if glossary else None,
        settings={
            "target_language": target_language,
            "checks": runs,
            "align": align,
            "references": len(references),
            "baseline": baseline is not None,
            "placements": baseline is not None and placements is not None,
            "reference_year": reference_year,
        },
    )
    return EvaluationReport(
        target_language,
        pairs,
        findings,
        context.term_uses,
        scores,
        signature,
        collateral_checked=baseline is not None and "damage" in runs,
    )


def placements_of(segments: Iterable[SegmentTranslation]) -> dict[int, tuple[Placement, ...]]:
    """What a translation's term placements declare, by line: each placed term's form and the
    words it replaced (a term the model wrote itself, one that failed, and one satisfied by
    another occurrence's rendering declare nothing)."""
    out: dict[int, list[Placement]] = defaultdict(list)
    for seg in segments:
        for t in seg.terms:
            if t.form and not t.shared and t.status not in ("model", "failed"):
                out[seg.line].append(Placement(t.form, t.replaced))
    return {line: tuple(declared) for line, declared in out.items()}


def render_text(report: EvaluationReport) -> str:
    """A terminal summary: scores, term success, then one line per finding."""
    lines = []
    lang = report.target_language
    counts = report.counts()
    acc = report.term_accuracy
    lines.append(f"target: {LANGUAGES.get(lang, lang)} ({lang}), {len(report.pairs)} segments")
    if acc is not None:
        lines.append(f"terms: {report.terms_matched}/{report.terms_total} matched ({acc:.1%})")
    for name, score in report.scores.items():
        lines.append(f"{name}: {score.score:.2f}  ({score.signature})")
    lines.append(f"findings: {counts.get('error', 0)} errors, {counts.get('warning', 0)} warnings")
    if report.collateral_edits is not None:
        lines.append(f"collateral edits: {report.collateral_edits} word(s) against the baseline")
    if report.findings:
        lines.append("")
        lines.append(f"{'seg':>4}  {'severity':<8}  {'check':<16}  message")
        for f in report.findings:
            lines.append(f"{f.segment:>4}  {f.severity:<8}  {f.check:<16}  {f.message}")
    return "\n".join(lines)
