"""`toolkit run`: the final table on stderr (the run itself is tested in test_pipeline.py)."""

from pathlib import Path
from typing import Any

import pytest
from builders import SEED
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.pipeline import LanguageResult, RunOptions, RunResult

STATUS = {"model": 60, "substituted": 7, "constrained": 5, "inserted": 2, "failed": 1}


def run_with(monkeypatch: pytest.MonkeyPatch, result: RunResult) -> tuple[int, str]:
    """`toolkit run SEED` with the pipeline replaced by one that returns ``result``."""

    def fake_run(article: str, options: RunOptions, log: Any) -> RunResult:
        return result

    monkeypatch.setattr("toolkit.cli.run.run_article", fake_run)
    outcome = CliRunner().invoke(cli, ["run", str(SEED), "--quiet"])
    return outcome.exit_code, outcome.stderr


def test_final_table_shows_every_term_status(monkeypatch: pytest.MonkeyPatch) -> None:
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
    code, err = run_with(monkeypatch, result)
    assert code == 0, err
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
    code, err = run_with(monkeypatch, RunResult(Path("out/seed"), ["summary.fa.txt"], []))
    assert code == 0
    assert err.splitlines() == ["wrote out/seed/: summary.fa.txt"]
