"""The shape of ``toolkit/text/numbers/``: small modules, word lists as data, no clock, and a
text-layer package that lets the translation engine report numbers without the evaluator."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import toolkit.text.numbers as numbers

PACKAGE = Path(numbers.__file__).resolve().parent
MAX_LINES = 400


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_is_over_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines"


@pytest.mark.parametrize("lang", ["fa", "en", "ru"])
def test_each_language_has_its_word_lists_as_data(lang: str) -> None:
    # A language's number words are its module's data (toolkit/languages/data/).
    data_dir = PACKAGE.parents[1] / "languages" / "data"
    data = json.loads((data_dir / f"{lang}.json").read_text(encoding="utf-8"))
    assert data["months"]["jalali"] and data["months"]["gregorian"]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_reads_the_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ("today", "now", "utcnow", "time")
    }
    assert not calls, f"{path.name} reads the clock: {sorted(calls)}"


def test_translation_engine_does_not_import_the_evaluator() -> None:
    code = (
        "import sys, toolkit.translate, toolkit.translate.engine\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('toolkit.evaluate'))\n"
        "assert not loaded, loaded\n"
        "assert 'toolkit.text.numbers' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
