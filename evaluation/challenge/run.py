"""Precision and recall of the translation checker on the challenge set.

Every case of ``cases.json`` is built from a human reference by ``build.py`` (the same
function that wrote ``hypotheses/``) and checked against the seed article (or the case's
edited copy of it) with
``toolkit.evaluate.report.evaluate`` and the domain glossary. Predicted findings (errors and
warnings) are matched with the case's expected findings: a prediction matches an expected
finding when the segment and the check are equal and, where the expected finding names a
kind, the kind equals the finding's ``kind`` (its detail's); each expected finding is matched
at most once. Unmatched predictions are false positives, unmatched expectations false
negatives. The references themselves must come out with no findings at all.

    .venv/bin/python evaluation/challenge/run.py [--min-precision X] [--min-recall Y]
        [--case ID ...] [--verbose]

Exit code 0 as a report; 1 when the references are not clean, or when precision or recall is
below a threshold that was asked for.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.evaluate.checks import CHECKS, Finding
from toolkit.evaluate.report import evaluate
from toolkit.glossary.model import Glossary
from toolkit.glossary.validate import load_glossary

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GLOSSARY = ROOT / "glossaries" / "iran-russia-ict.tsv"
COUNTED = ("error", "warning")


def _load_build() -> Any:
    """``build.py`` of this folder, by path (a module named ``build`` may be installed)."""
    spec = importlib.util.spec_from_file_location("challenge_build", HERE / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build = _load_build()


@dataclass(frozen=True)
class Expected:
    segment: int
    check: str
    kind: str | None = None
    severity: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Expected:
        if d["check"] not in CHECKS:
            raise ValueError(f"unknown check {d['check']!r}")
        return cls(d["segment"], d["check"], d.get("kind"), d.get("severity"))

    def label(self) -> str:
        return f"{self.segment}:{self.check}" + (f"/{self.kind}" if self.kind else "")

    def matches(self, f: Finding) -> bool:
        return (
            f.segment == self.segment
            and f.check == self.check
            and (self.kind is None or f.kind == self.kind)
        )


def finding_label(f: Finding) -> str:
    return f"{f.segment}:{f.check}" + (f"/{f.kind}" if f.kind else "")


@dataclass
class CaseResult:
    id: str
    lang: str
    expected: list[Expected]
    predicted: list[Finding]
    matched: list[tuple[Expected, Finding]] = field(default_factory=list)
    false_positives: list[Finding] = field(default_factory=list)
    false_negatives: list[Expected] = field(default_factory=list)

    @property
    def tp(self) -> int:
        return len(self.matched)

    @property
    def fp(self) -> int:
        return len(self.false_positives)

    @property
    def fn(self) -> int:
        return len(self.false_negatives)

    def severity_mismatches(self) -> list[tuple[Expected, Finding]]:
        return [(e, f) for e, f in self.matched if e.severity and e.severity != f.severity]


def match(expected: list[Expected], predicted: list[Finding]) -> CaseResult:
    """Pair expected and predicted findings one to one.

    Expected findings that name a kind are paired first, so that a kind-less expectation
    never takes the one prediction that a more specific expectation needs.
    """
    result = CaseResult("", "", expected, predicted)
    free = list(range(len(predicted)))
    order = sorted(range(len(expected)), key=lambda i: expected[i].kind is None)
    unmatched: set[int] = set()
    for i in order:
        e = expected[i]
        hit = next((k for k in free if e.matches(predicted[k])), None)
        if hit is None:
            unmatched.add(i)
        else:
            free.remove(hit)
            result.matched.append((e, predicted[hit]))
    result.false_negatives = [expected[i] for i in sorted(unmatched)]
    result.false_positives = [predicted[k] for k in free]
    return result


def glossary() -> Glossary:
    return load_glossary(GLOSSARY)


def source_text() -> str:
    return build.SOURCE.read_text(encoding="utf-8")


def predict(
    hypothesis: str, lang: str, gloss: Glossary, source: str | None = None
) -> list[Finding]:
    """The checker's errors and warnings for ``hypothesis``."""
    report = evaluate(
        source if source is not None else source_text(), hypothesis, lang, glossary=gloss
    )
    return [f for f in report.findings if f.severity in COUNTED]


def reference_findings(gloss: Glossary) -> dict[str, list[Finding]]:
    """Every error and warning on the human references, by language (``info`` findings,
    such as a repeated source term rendered once, are notes, not problems)."""
    source = source_text()
    out = {}
    for lang in build.LANGUAGES:
        text = build.reference_path(lang).read_text(encoding="utf-8")
        findings = evaluate(source, text, lang, glossary=gloss).findings
        out[lang] = [f for f in findings if f.severity != "info"]
    return out


def run_case(case: dict[str, Any], gloss: Glossary, source: str | None = None) -> CaseResult:
    """Check one case against ``source`` (the seed), or against its own edited source."""
    expected = [Expected.from_dict(d) for d in case["expected"]]
    if case.get("source_edits"):
        source = build.build_source(case)
    predicted = predict(build.build_hypothesis(case), case["lang"], gloss, source)
    result = match(expected, predicted)
    result.id, result.lang = case["id"], case["lang"]
    return result


def run_all(
    cases: list[dict[str, Any]] | None = None, gloss: Glossary | None = None
) -> list[CaseResult]:
    cases = build.load_cases() if cases is None else cases
    gloss = gloss or glossary()
    source = source_text()
    return [run_case(c, gloss, source) for c in cases]


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def overall(results: Iterable[CaseResult]) -> Score:
    results = list(results)
    return Score(sum(r.tp for r in results), sum(r.fp for r in results), sum(r.fn for r in results))


def per_check(results: Iterable[CaseResult]) -> dict[str, Score]:
    counts = {name: [0, 0, 0] for name in CHECKS}
    for r in results:
        for e, _ in r.matched:
            counts[e.check][0] += 1
        for f in r.false_positives:
            counts[f.check][1] += 1
        for e in r.false_negatives:
            counts[e.check][2] += 1
    return {name: Score(*c) for name, c in counts.items()}


def _cell(labels: list[str]) -> str:
    if not labels:
        return "-"
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    return ", ".join(f"{k}×{n}" if n > 1 else k for k, n in seen.items())


def render(results: list[CaseResult], verbose: bool = False) -> str:
    rows = [("case", "expected", "predicted", "TP", "FP", "FN")]
    for r in results:
        rows.append(
            (
                r.id,
                _cell([e.label() for e in r.expected]),
                _cell([finding_label(f) for f in r.predicted]),
                str(r.tp),
                str(r.fp),
                str(r.fn),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    lines = []
    for k, row in enumerate(rows):
        lines.append(
            "| "
            + " | ".join(
                cell.rjust(w) if i >= 3 else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
            + " |"
        )
        if k == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    total = overall(results)
    negatives = [r for r in results if not r.expected]
    clean = sum(1 for r in negatives if not r.predicted)
    lines += [
        "",
        f"{len(results)} cases ({len(negatives)} that must stay clean: {clean} clean)",
        f"overall: precision {total.precision:.3f} ({total.tp}/{total.tp + total.fp}), "
        f"recall {total.recall:.3f} ({total.tp}/{total.tp + total.fn})",
        "",
        "| check            | TP | FP | FN | precision | recall |",
        "|------------------|----|----|----|-----------|--------|",
    ]
    for name, s in per_check(results).items():
        lines.append(
            f"| {name:<16} | {s.tp:>2} | {s.fp:>2} | {s.fn:>2} | "
            f"{s.precision:>9.3f} | {s.recall:>6.3f} |"
        )
    notes = []
    for r in results:
        for f in r.false_positives:
            notes.append(f"{r.id}: false positive {finding_label(f)} ({f.severity}): {f.message}")
        for e in r.false_negatives:
            notes.append(f"{r.id}: false negative {e.label()}")
        for e, f in r.severity_mismatches():
            notes.append(f"{r.id}: {e.label()} expected {e.severity}, got {f.severity}")
    if notes and verbose:
        lines += ["", *notes]
    elif notes:
        lines += ["", f"{len(notes)} disagreements (--verbose lists them)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-precision", type=float, default=None)
    parser.add_argument("--min-recall", type=float, default=None)
    parser.add_argument("--case", action="append", help="run only this case (repeatable)")
    parser.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="list every false positive, false negative and severity mismatch",
    )
    args = parser.parse_args(argv)
    gloss = glossary()
    status = 0

    for lang, findings in reference_findings(gloss).items():
        if findings:
            status = 1
            print(f"FAIL: the {lang} reference has {len(findings)} findings:")
            for f in findings:
                print(f"  {finding_label(f)} ({f.severity}): {f.message}")
        else:
            print(f"reference {lang}: clean (0 findings)")
    print()

    cases = build.load_cases()
    if args.case:
        unknown = set(args.case) - {c["id"] for c in cases}
        if unknown:
            parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
        cases = [c for c in cases if c["id"] in args.case]
    results = run_all(cases, gloss)
    print(render(results, verbose=args.verbose))

    total = overall(results)
    if args.min_precision is not None and total.precision < args.min_precision:
        print(f"FAIL: precision {total.precision:.3f} < {args.min_precision}")
        status = 1
    if args.min_recall is not None and total.recall < args.min_recall:
        print(f"FAIL: recall {total.recall:.3f} < {args.min_recall}")
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
