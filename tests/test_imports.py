"""Import hygiene of ``toolkit/``: no heavy backend at import, no import cycle, no global
side effects.

The import graph is built from the AST of every module under ``toolkit/``. Every ``import``
and ``from ... import`` counts, at any level: module level, inside functions and methods,
inside ``try`` blocks. Imports under ``if TYPE_CHECKING:`` are excluded: they never run.
Relative imports are resolved; ``from pkg import name`` is an edge to ``pkg.name`` when that
is a module, else to ``pkg`` (its ``__init__``); ``import pkg`` is an edge to its
``__init__``. Importing a submodule is not counted as importing its parent packages (Python
handles a package importing its own submodules, and those importing siblings). Lazy
``"module:Class"`` registry strings and ``importlib`` calls are not imports here.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HEAVY = ("torch", "transformers", "ctranslate2")
PACKAGE = Path(__file__).resolve().parents[1] / "toolkit"


def test_import_toolkit_and_cli_loads_no_heavy_backend() -> None:
    code = (
        "import sys, toolkit, toolkit.cli, toolkit.text;"
        f"loaded = [m for m in {HEAVY!r} if m in sys.modules];"
        "print(','.join(loaded))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


def test_a_glossary_command_imports_neither_the_pipeline_nor_the_batch_engine() -> None:
    # Subcommands are imported when used: `toolkit glossary ...` starts without them.
    glossary = PACKAGE.parent / "glossaries" / "iran-russia-ict.tsv"
    code = (
        "import sys; from toolkit.cli import cli;"
        f"cli(['glossary', 'check', {str(glossary)!r}], standalone_mode=False);"
        "names = ('toolkit.pipeline', 'toolkit.batch', 'toolkit.cli.glossary');"
        "print(','.join(m for m in names if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "toolkit.cli.glossary"


# --- the import graph ---------------------------------------------------------------------


@dataclass(frozen=True)
class Edge:
    """``source`` imports ``target`` at ``line``."""

    source: str
    target: str
    line: int


def module_files(root: Path = PACKAGE) -> dict[str, Path]:
    """Dotted module name -> file; a package is named by its ``__init__.py``."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement under ``node``, skipping the bodies of ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                yield from _imports(ast.Module(body=[other], type_ignores=[]))
        else:
            yield from _imports(child)


def _target(name: str, modules: dict[str, Path]) -> str | None:
    """The module that an import of ``name`` runs: the longest known prefix of it."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def import_edges(modules: dict[str, Path]) -> list[Edge]:
    """Edges from each module to the ``toolkit`` modules it imports."""
    edges = []
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in _imports(tree):
            targets: list[str | None] = []
            if isinstance(node, ast.Import):
                targets = [_target(alias.name, modules) for alias in node.names]
            else:
                if node.level:
                    base_parts = package.split(".")
                    base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                    base = ".".join([*base_parts, *([node.module] if node.module else [])])
                else:
                    base = node.module or ""
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.append(sub if sub in modules else _target(base, modules))
            edges += [Edge(name, t, node.lineno) for t in targets if t is not None]
    return edges


def cycles(edges: list[Edge]) -> list[list[str]]:
    """Strongly connected components of more than one module, and modules importing
    themselves (Tarjan's algorithm, iterative)."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        graph.setdefault(e.source, set()).add(e.target)
        graph.setdefault(e.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    found.append(sorted(component))
    return sorted(found)


def describe(component: list[str], edges: list[Edge]) -> str:
    inside = set(component)
    lines = [" <-> ".join(component)]
    for e in sorted(set(edges), key=lambda e: (e.source, e.line, e.target)):
        if e.source in inside and e.target in inside:
            lines.append(f"    {e.source}:{e.line} imports {e.target}")
    return "\n".join(lines)


# A made-up package for the graph builder itself: (file, source) pairs.
FIXTURE = {
    "pkg/__init__.py": "from pkg.a import A\n",
    "pkg/a.py": (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from pkg.b import B\n"
        "def f():\n    from . import b\n"
    ),
    "pkg/b.py": "import pkg.sub.c\n",
    "pkg/sub/__init__.py": "",
    "pkg/sub/c.py": "from .. import a\nfrom ..sub import c\nfrom pkg import A\n",
}


def test_graph_builder_finds_function_level_relative_and_submodule_imports(
    tmp_path: Path,
) -> None:
    for rel, source in FIXTURE.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(source, encoding="utf-8")
    modules = module_files(tmp_path / "pkg")
    edges = {(e.source, e.target) for e in import_edges(modules)}
    assert edges == {
        ("pkg", "pkg.a"),
        ("pkg.a", "pkg.b"),  # inside a function; the TYPE_CHECKING one is not counted
        ("pkg.b", "pkg.sub.c"),
        ("pkg.sub.c", "pkg.a"),  # from .. import a: a submodule
        ("pkg.sub.c", "pkg.sub.c"),  # from ..sub import c: itself
        ("pkg.sub.c", "pkg"),  # from pkg import A: a name, so the package's __init__
    }
    assert cycles(import_edges(modules)) == [["pkg", "pkg.a", "pkg.b", "pkg.sub.c"]]


def test_toolkit_has_no_import_cycle() -> None:
    edges = import_edges(module_files())
    found = cycles(edges)
    assert not found, "import cycles in toolkit/:\n" + "\n".join(describe(c, edges) for c in found)


# --- global side effects --------------------------------------------------------------------

FORBIDDEN = {
    "gc.disable": re.compile(r"\bgc\.disable\s*\("),
    "os.umask": re.compile(r"\bos\.umask\s*\("),
    "register_namespace": re.compile(r"\bregister_namespace\s*\("),
}
"""Calls that change process-wide state behind a library caller's back."""


@pytest.mark.parametrize("name", sorted(FORBIDDEN))
def test_library_changes_no_global_state(name: str) -> None:
    pattern = FORBIDDEN[name]
    hits = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        hits += [f"{rel}:{n}" for n, line in enumerate(lines, start=1) if pattern.search(line)]
    assert not hits, f"{name} in library code: {', '.join(hits)}"


# --- layers -----------------------------------------------------------------------------------

LAYERS: dict[str, float] = {
    # the package itself and what every layer may use
    "toolkit": 0, "errors": 0, "io": 0, "registry": 0, "signature": 0,
    "hub": 0, "results": 0.5,  # results: the value types translators give and the checker reads
    "text": 1,  # Persian and target-language text: normalization, segmentation, numbers
    "languages": 1,  # what each language is (text's data and hooks; a hook calls text code)
    "glossary": 2,  # terms, matching, inflection
    "translate": 3,  # translators and the term enforcer
    "summarize": 3.5,  # summarizers (the LLM one reaches a server through translate's client)
    "evaluate": 4,  # the checker: reads translations, never makes them
    "exports": 4.5, "publish": 4.5,  # files written from results (TMX, XLIFF, the folder)
    "pipeline": 5,  # one article end to end
    "review": 5.5,  # the post-editing loop: review, approve into the memory, check again
    "batch": 6,  # many articles
    "cli": 7,  # the command line over the library
    "__main__": 8,
}  # fmt: skip
"""The layer of each top-level module of ``toolkit/``: a module imports only from its own layer
or a lower one (ARCHITECTURE.md, "Layers"); within a layer, the cycle test holds."""


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def layer_violations(edges: list[Edge], ranks: dict[str, float]) -> list[str]:
    """Each import of a module in a higher layer, and each top-level module that has no
    layer."""
    out = []
    for e in sorted(set(edges), key=lambda e: (e.source, e.line, e.target)):
        source, target = _top(e.source), _top(e.target)
        if source == target or e.target.count(".") == 0:
            continue  # within one top-level module, or the package's own __init__
        if source not in ranks or target not in ranks:
            out.append(
                f"{e.source}:{e.line}: {source if source not in ranks else target} has no layer"
            )
        elif ranks[target] > ranks[source]:
            out.append(
                f"{e.source}:{e.line} imports {e.target} (layer {ranks[target]} > {ranks[source]})"
            )
    return out


def test_every_import_goes_down_the_layers() -> None:
    found = layer_violations(import_edges(module_files()), LAYERS)
    assert not found, "imports against the layers of toolkit/:\n" + "\n".join(found)


def test_the_layer_check_finds_an_upward_import_and_an_unranked_module(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/text/__init__.py": "",
        "pkg/text/words.py": "def f():\n    from pkg.evaluate import checks\n",  # upward
        "pkg/evaluate/__init__.py": "",
        "pkg/evaluate/checks.py": "from pkg.text import words\nfrom pkg import extra\n",
        "pkg/extra.py": "",  # no layer
    }
    for rel, source in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(source, encoding="utf-8")
    edges = import_edges(module_files(tmp_path / "pkg"))
    found = layer_violations(edges, {"pkg": 0, "text": 1, "evaluate": 4})
    assert found == [
        "pkg.evaluate.checks:2: extra has no layer",
        "pkg.text.words:2 imports pkg.evaluate.checks (layer 4 > 1)",
    ]


# --- docstrings say what a module is for ----------------------------------------------------

MAX_MODULE_DOCSTRING = 25
"""Lines; design text longer than this goes to ARCHITECTURE.md or docs/design/."""


def test_module_docstrings_say_what_the_module_is_for_and_leave_design_to_docs() -> None:
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")), clean=False)
        if doc and doc.count("\n") + 1 > MAX_MODULE_DOCSTRING:
            long.append(f"{rel}: {doc.count(chr(10)) + 1} lines")
    assert not long, "module docstrings over 25 lines (move the design to docs/design/):\n" + (
        "\n".join(long)
    )


def test_every_design_document_named_in_a_docstring_exists() -> None:
    named = set()
    for path in PACKAGE.rglob("*.py"):
        named |= set(re.findall(r"docs/design/[\w.-]+\.md", path.read_text(encoding="utf-8")))
    missing = [n for n in sorted(named) if not (PACKAGE.parent / n).is_file()]
    assert named and not missing, missing
