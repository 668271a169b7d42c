"""The README's examples are what the commands print.

Each ``$ toolkit ...`` line in a fenced block of the README is run (in process, from the
repository root) and its standard output compared with the lines that follow it in the
block; a trailing ``| head -N`` keeps the first N lines. Examples that need a model are not
written this way, so every one here runs offline.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from builders import ROOT
from click.testing import CliRunner

from toolkit.cli import cli


def examples(path: Path) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    in_block = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_block = not in_block
            continue
        if in_block and line.startswith("$ toolkit "):
            out.append((line[2:], []))
        elif in_block and out and out[-1][1] is not None and not line.startswith("$ "):
            out[-1][1].append(line)
    return [(cmd, lines) for cmd, lines in out if lines]


EXAMPLES = examples(ROOT / "README.md")


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c[:60] for c, _ in EXAMPLES])
def test_readme_example_output(command: str, expected: list[str], tmp_path: Path) -> None:
    head = re.search(r"\|\s*head -(\d+)\s*$", command)
    args = shlex.split(command[: head.start()] if head else command)[1:]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner(env={"TOOLKIT_HOME": str(tmp_path)}).invoke(cli, args)
    finally:
        os.chdir(cwd)
    lines = result.stdout.splitlines()
    if head:
        lines = lines[: int(head.group(1))]
    assert lines == expected
