"""``benchmarks/termbase_runs.py``: the termbase it builds (the domain glossary's rows and
invented entries that the seed does not hold), and a tiny run of every row it reports."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from builders import ROOT, load_benchmark

NUMBER = r"\d+\.\d\d"


@pytest.fixture(scope="module")
def termbase_runs() -> Iterator[Any]:
    folder = str(ROOT / "benchmarks")
    sys.path.insert(0, folder)
    try:
        yield load_benchmark("termbase_runs")
    finally:
        sys.path.remove(folder)


def test_the_termbase_is_the_domain_glossary_and_distinct_invented_entries(
    termbase_runs: Any,
) -> None:
    domain = termbase_runs.DOMAIN.read_text(encoding="utf-8").splitlines()
    lines = termbase_runs.termbase(50).splitlines()
    assert lines[: len(domain)] == domain
    added = [line.split("\t") for line in lines[len(domain) :]]
    assert len(added) == 50 and len({cells[0] for cells in added}) == 50
    assert [cells[1:3] for cells in added[:2]] == [
        ["Entry 0 Name", "Термин 0"],
        ["Entry 1 Name", "Термин 1"],
    ]
    assert termbase_runs.termbase(50) == termbase_runs.termbase(50)  # seeded


@pytest.mark.slow
def test_a_tiny_run_reports_every_command_and_glossary() -> None:
    script = str(ROOT / "benchmarks" / "termbase_runs.py")
    done = subprocess.run(
        [sys.executable, script, "--terms", "20", "--rounds", "1", "--target-rounds", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    for command in ("glossary match", "evaluate", "match --lang en", "match --lang ru"):
        for label in ("domain glossary (baseline)", "termbase, later run again"):
            row = rf"{re.escape(command)}\s+{re.escape(label)}\s+{NUMBER}\s+{NUMBER}x"
            assert re.search(row, done.stdout), (command, label, done.stdout)
