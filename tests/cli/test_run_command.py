"""`toolkit run`: the final table on stderr, or JSON on stdout (the run itself is tested in
test_pipeline.py)."""

import json
from pathlib import Path
from typing import Any

import pytest
from builders import SEED
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.pipeline import LanguageResult, RunOptions, RunResult

STATUS = {"model": 60, "substituted": 7, "constrained": 5, "inserted": 2, "failed": 1}


def run_with(
    monkeypatch: pytest.MonkeyPatch, result: RunResult, *args: str
) -> tuple[int, str, str]:
    """`toolkit run SEED ARGS` with the pipeline replaced by one that returns ``result``:
    the exit code, stdout and stderr."""

    def fake_run(article: str, options: RunOptions, log: Any) -> RunResult:
        return result

    monkeypatch.setattr("toolkit.cli.run.run_article", fake_run)
    outcome = CliRunner().invoke(cli, ["run", str(SEED), "--quiet", *args])
    return outcome.exit_code, outcome.stdout, outcome.stderr


def two_languages() -> RunResult:
    result = RunResult(
        Path("out/seed"),
        ["report.json"],
        [],
        [
            LanguageResult("en", 11, 75, 74, STATUS, 1, 3, off_target=1),
            LanguageResult("ru", 11, 0, 0, dict.fromkeys(STATUS, 0), 0, 0),
        ],
    )
    result.lines = 10
    return result


def test_final_table_shows_every_term_status(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run_with(monkeypatch, two_languages())
    assert code == 0, err
    assert out == ""
    article, header, en, ru = err.splitlines()[1:5]
    assert article == "article: 10 lines, 11 sentences"
    assert header.split() == [
        "lang",
        "sentences",
        "term",
        "success",
        "model/subst/constr/inserted/failed",
        "off-target",
        "errors",
        "warnings",
    ]
    assert en.split() == ["en", "11", "98.7%", "(74/75)", "60/7/5/2/1", "1", "1", "3"]
    assert ru.split() == ["ru", "11", "n/a", "(0/0)", "0/0/0/0/0", "0", "0", "0"]
    column = header.index("model/subst")
    assert en[column:].startswith("60/7/5/2/1")


def test_summary_only_prints_no_table(monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run_with(monkeypatch, RunResult(Path("out/seed"), ["summary.fa.txt"], []))
    assert code == 0
    assert err.splitlines() == ["wrote out/seed/: summary.fa.txt"]


def test_format_json_prints_the_figures_on_stdout_and_no_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = run_with(monkeypatch, two_languages(), "--format", "json")
    assert code == 0, err
    assert err == ""
    data = json.loads(out)
    assert data["out_dir"] == str(Path("out/seed")) and data["files"] == ["report.json"]
    assert data["report"] == str(Path("out/seed/report.json"))
    en = data["languages"]["en"]
    assert en["term_status"] == STATUS
    assert (en["terms_matched"], en["terms_total"], en["off_target"]) == (74, 75, 1)
    assert en["term_success"] == pytest.approx(74 / 75)
    assert data["languages"]["ru"]["term_success"] is None
