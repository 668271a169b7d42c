"""The checker depends on data, not on the code it checks: no module of ``toolkit/evaluate/``
(nor ``toolkit/exports.py``) imports ``toolkit.translate``, at any level (``if
TYPE_CHECKING:`` and function bodies too); they read the values of ``toolkit/results.py``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "toolkit"
EVALUATE = PACKAGE / "evaluate"


def imported_modules(path: Path, top: Path) -> list[tuple[int, str]]:
    """Every module ``path`` (under the folder ``top`` that holds ``toolkit/``) imports, with
    its line: ``from a.b import c`` counts as ``a.b`` and ``a.b.c``, so that ``from toolkit
    import translate`` is seen too; relative imports are resolved."""
    package = ".".join(path.relative_to(top).with_suffix("").parts[:-1])
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            out.append((node.lineno, base))
            out.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
    return out


def translator_imports(root: Path, top: Path = PACKAGE.parent) -> list[str]:
    """``file:line module`` for each import of ``toolkit.translate`` in ``root`` (a module, or
    a folder: every module under it)."""
    paths = sorted(root.rglob("*.py")) if root.is_dir() else [root]
    return [
        f"{path.relative_to(top)}:{line} {module}"
        for path in paths
        for line, module in imported_modules(path, top)
        if module == "toolkit.translate" or module.startswith("toolkit.translate.")
    ]


def test_no_evaluate_module_imports_the_translator() -> None:
    assert list(EVALUATE.rglob("*.py")), "no module found: wrong path"
    assert translator_imports(EVALUATE) == []


def test_the_exports_read_the_translation_values_not_the_translator() -> None:
    assert translator_imports(PACKAGE / "exports.py") == []


@pytest.mark.parametrize(
    "code",
    [
        "from toolkit.translate.base import SegmentTranslation\n",
        "import toolkit.translate.engine\n",
        "from toolkit import translate\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from toolkit.translate.base import TermOutcome\n",
        "def f():\n    from ...translate import terms\n",
    ],
)
def test_the_test_sees_each_spelling_of_the_import(tmp_path: Path, code: str) -> None:
    # A copy of the layout with one more module in it, where a check would be.
    folder = tmp_path / "toolkit" / "evaluate" / "checks"
    folder.mkdir(parents=True)
    (folder / "probe.py").write_text(code, encoding="utf-8")
    (folder / "clean.py").write_text("from toolkit.results import TermOutcome\n", "utf-8")
    found = translator_imports(tmp_path / "toolkit" / "evaluate", tmp_path)
    assert found and all(f.startswith("toolkit/evaluate/checks/probe.py:") for f in found)
