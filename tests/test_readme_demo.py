"""The README's `make demo-offline` output is what the demo prints, so it cannot drift.

The demo runs `toolkit run` on the seed with the tiny random-weight model that
``tests/tiny_models.py`` builds (the fixture builds the same one), the domain glossary and a
fresh memory; the ``demo_run`` fixture (tests/conftest.py) runs the same command once per session
and this test compares the summary it logs with the README's block, line for line.
"""

from __future__ import annotations

from typing import Any

from builders import ROOT

INTRO = "Output of `make demo-offline`"


def readme_demo_block() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith(INTRO))
    opening = next(k for k in range(start, len(lines)) if lines[k].startswith("```"))
    closing = next(k for k in range(opening + 1, len(lines)) if lines[k].startswith("```"))
    return lines[opening + 1 : closing]


def test_the_readme_demo_output_is_what_the_demo_prints(demo_run: dict[str, Any]) -> None:
    assert demo_run["code"] in (0, 1), demo_run["stderr"]  # 1: findings at --fail-on
    # The summary is the end of what the run logs on stderr, from the line naming the folder.
    logged = demo_run["stderr"].replace(str(demo_run["out"]), "out/demo-offline").splitlines()
    start = next(k for k, line in enumerate(logged) if line.startswith("wrote "))
    assert logged[start:] == readme_demo_block()
