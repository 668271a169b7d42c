"""The challenge set of the translation checker (evaluation/challenge/) as a test."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from builders import ROOT

from toolkit.evaluate.checks import Detail, Finding, NumberDetail, TermDetail
from toolkit.evaluate.report import evaluate
from toolkit.glossary.model import Glossary

CHALLENGE = ROOT / "evaluation" / "challenge"

# What the checker achieves on the set today: precision 49/49 = 1.000, recall 49/52 = 0.942
# (see evaluation/challenge/README.md). The thresholds sit just below, so that one false
# positive (49/50 = 0.980 passes; two, 49/51 = 0.961, fail) or one more false negative
# (48/52 = 0.923) fails the test. Raise them when the checker gets better; do not lower them
# to make a regression pass.
MIN_PRECISION = 0.97
MIN_RECALL = 0.94


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


runner = _load("challenge_run", CHALLENGE / "run.py")
build = runner.build
CASES = build.load_cases()
NEGATIVE = [c for c in CASES if not c["expected"]]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return runner.glossary()


@pytest.fixture(scope="module")
def results(glossary: Glossary) -> list[Any]:
    return runner.run_all(CASES, glossary)


def test_the_set_is_big_enough_and_well_formed() -> None:
    assert len(CASES) >= 24
    assert {c["lang"] for c in CASES} == {"en", "ru"}
    assert len(NEGATIVE) >= 8
    reference_lines = {
        lang: len(build.read_lines(build.reference_path(lang))) for lang in ("en", "ru")
    }
    for case in CASES:
        assert case["id"].startswith(case["lang"] + "-"), case["id"]
        assert case["description"].strip(), case["id"]
        hypothesis = build.build_hypothesis(case)
        assert hypothesis != build.reference_path(case["lang"]).read_text("utf-8"), case["id"]
        # Line alignment with the source survives every edit.
        assert len(hypothesis.splitlines()) == reference_lines[case["lang"]], case["id"]
        for expected in case["expected"]:
            runner.Expected.from_dict(expected)  # a known check
            assert 1 <= expected["segment"] <= reference_lines[case["lang"]], case["id"]
    checks = {e["check"] for c in CASES for e in c["expected"]}
    assert checks == {"term", "term-consistency", "number", "untranslated", "coverage"}


def test_references_come_out_clean(glossary: Glossary) -> None:
    findings = runner.reference_findings(glossary)
    assert findings == {"en": [], "ru": []}


def test_a_repeated_term_rendered_once_is_a_note_not_a_problem(glossary: Glossary) -> None:
    # Seed line 7 has قرارداد twice ("a number of contracts ..., five of which").
    source = runner.source_text()
    for lang in ("en", "ru"):
        text = build.reference_path(lang).read_text(encoding="utf-8")
        report = evaluate(source, text, lang, glossary=glossary)
        notes = [f for f in report.findings if f.severity == "info"]
        assert [(f.segment, f.kind, f.source_text) for f in notes] == [(7, "shared", "قرارداد")]
        assert report.to_dict()["terms"]["shared"] == 1


@pytest.mark.parametrize("case", NEGATIVE, ids=[c["id"] for c in NEGATIVE])
def test_negative_case_has_no_findings(case: dict[str, Any], glossary: Glossary) -> None:
    report = evaluate(
        runner.source_text(), build.build_hypothesis(case), case["lang"], glossary=glossary
    )
    problems = [f for f in report.findings if f.severity != "info"]
    assert [runner.finding_label(f) + ": " + f.message for f in problems] == []


def test_precision_and_recall_stay_above_thresholds(results: list[Any]) -> None:
    total = runner.overall(results)
    assert total.precision >= MIN_PRECISION, runner.render(results, verbose=True)
    assert total.recall >= MIN_RECALL, runner.render(results, verbose=True)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hypothesis_file_matches_cases_json(case: dict[str, Any]) -> None:
    path = build.hypothesis_path(case)
    assert path.exists(), f"{path.name} missing: run evaluation/challenge/build.py"
    assert path.read_text(encoding="utf-8") == build.build_hypothesis(case)


def test_no_stray_hypothesis_files() -> None:
    wanted = {build.hypothesis_path(c).name for c in CASES}
    assert {p.name for p in build.HYPOTHESES.glob("*.txt")} == wanted


def test_edits_are_exact() -> None:
    lines = ["one two", "three"]
    assert build.apply_edits(lines, [{"line": 1, "find": "two", "replace": "2"}]) == [
        "one 2",
        "three",
    ]
    assert build.apply_edits(lines, [{"line": 2, "drop_line": True}]) == ["one two", ""]
    assert build.apply_edits(lines, [{"line": 2, "replace_line": "3"}]) == ["one two", "3"]
    with pytest.raises(build.CaseError, match="occurs 0 times"):
        build.apply_edits(lines, [{"line": 1, "find": "four", "replace": "4"}])
    with pytest.raises(build.CaseError, match="outside"):
        build.apply_edits(lines, [{"line": 3, "drop_line": True}])
    assert lines == ["one two", "three"]


def _finding(segment: int, check: str, detail: Detail) -> Finding:
    return Finding(check=check, severity="error", segment=segment, message="", detail=detail)


def test_matching_is_one_to_one_and_kind_aware() -> None:
    expected = [
        runner.Expected(2, "term"),
        runner.Expected(2, "term", "untranslated"),
        runner.Expected(3, "number", "missing"),
    ]
    predicted = [
        _finding(
            2, "term", TermDetail(source_term="قرارداد", expected="contract", kind="untranslated")
        ),
        _finding(2, "term", TermDetail(source_term="قرارداد", expected="contract", kind="missing")),
        _finding(3, "number", NumberDetail(kind="untranslated-digits", value=20)),
    ]
    result = runner.match(expected, predicted)
    # The kind-less expectation does not take the one prediction the specific one needs.
    assert result.tp == 2
    assert [runner.finding_label(f) for f in result.false_positives] == [
        "3:number/untranslated-digits"
    ]
    assert [e.label() for e in result.false_negatives] == ["3:number/missing"]


def test_runner_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert runner.main(["--case", "en-changed-number-20"]) == 0
    out = capsys.readouterr().out
    assert "reference en: clean" in out and "reference ru: clean" in out
    assert runner.main(["--case", "en-changed-jalali-day-only", "--min-recall", "0.5"]) == 1
    assert "FAIL: recall" in capsys.readouterr().out
