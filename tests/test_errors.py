"""Library errors name settings by parameter; only the CLI spells them as flags."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from toolkit.cli import flag_for
from toolkit.errors import InputError, OutputError

PACKAGE = Path(__file__).resolve().parents[1] / "toolkit"


@pytest.mark.parametrize(
    ("error", "library", "cli"),
    [
        (
            OutputError("out: exists; pass {option:force} to replace it"),
            "out: exists; pass force= to replace it",
            "out: exists; pass --force to replace it",
        ),
        (
            InputError("too large: raise the limit with {option:max_input_mb}"),
            "too large: raise the limit with max_input_mb=",
            "too large: raise the limit with --max-input-mb",
        ),
        (
            InputError("not Russian as {option:target_language} ru says"),
            "not Russian as target_language= ru says",
            "not Russian as --target-lang ru says",
        ),
    ],
)
def test_options_are_spelt_by_who_shows_the_message(
    error: InputError, library: str, cli: str
) -> None:
    assert str(error) == library
    assert error.render(flag_for) == cli


def _raised_strings(tree: ast.AST) -> list[str]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            for sub in ast.walk(node.exc):
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                    out.append(sub.value)
    return out


def test_no_library_error_names_a_command_line_flag() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts:
            continue
        for text in _raised_strings(ast.parse(path.read_text(encoding="utf-8"))):
            if re.search(r"(?<![\w-])--[a-z][a-z-]+", text):
                offenders.append(f"{path.relative_to(PACKAGE)}: {text!r}")
    assert offenders == []


def test_readme_lists_the_exit_codes_of_the_cli() -> None:
    from toolkit.cli import EXIT_TABLE

    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| ", readme, flags=re.MULTILINE)
    assert [int(r) for r in rows] == [code for code, _, _ in EXIT_TABLE]
