"""Build the flawed hypotheses of the challenge set from ``cases.json``.

Each case names a target language and a list of edits applied to the human reference of
that language (``evaluation/references/mehr-iran-russia-ict.<lang>.txt``):

* ``{"line": 3, "find": "20 memoranda", "replace": "21 memoranda"}``: replace the one
  occurrence of ``find`` in line 3 (``find`` must occur exactly once in the line);
* ``{"line": 7, "replace_line": "..."}``: replace the whole line;
* ``{"line": 8, "drop_line": true}``: empty the line (the line itself stays, so the file
  remains line-aligned with the source).

Lines are 1-based. A case may also carry ``source_edits`` (edits of the same kinds to the
seed) to put in figures the seed lacks (money, percentages, decimals in words): its
translation is then checked against the edited source, which is written beside the
hypothesis as ``hypotheses/<id>.source.fa.txt``. ``run.py`` builds the hypotheses with the
same functions, so the files under ``hypotheses/`` are only for people to read; ``--check``
verifies that they are up to date.

    .venv/bin/python evaluation/challenge/build.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CASES = HERE / "cases.json"
HYPOTHESES = HERE / "hypotheses"
SOURCE = ROOT / "seeds" / "mehr-iran-russia-ict.fa.txt"
REFERENCES = ROOT / "evaluation" / "references"
LANGUAGES = ("en", "ru")


class CaseError(ValueError):
    """A case of ``cases.json`` that cannot be applied to its reference."""


def reference_path(lang: str) -> Path:
    return REFERENCES / f"mehr-iran-russia-ict.{lang}.txt"


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    cases = json.loads(path.read_text(encoding="utf-8"))
    seen: set[str] = set()
    for case in cases:
        if case["id"] in seen:
            raise CaseError(f"duplicate case id {case['id']!r}")
        seen.add(case["id"])
        if case["lang"] not in LANGUAGES:
            raise CaseError(f"{case['id']}: unknown language {case['lang']!r}")
    return cases


def apply_edits(lines: list[str], edits: list[dict[str, Any]], case_id: str = "") -> list[str]:
    """``lines`` with ``edits`` applied in order (a new list; ``lines`` is not changed)."""
    out = list(lines)
    for edit in edits:
        n = edit["line"]
        if not 1 <= n <= len(out):
            raise CaseError(f"{case_id}: line {n} is outside 1..{len(out)}")
        line = out[n - 1]
        if edit.get("drop_line"):
            out[n - 1] = ""
        elif "replace_line" in edit:
            out[n - 1] = edit["replace_line"]
        elif "find" in edit:
            count = line.count(edit["find"])
            if count != 1:
                raise CaseError(
                    f"{case_id}: {edit['find']!r} occurs {count} times in line {n}, not once"
                )
            out[n - 1] = line.replace(edit["find"], edit["replace"])
        else:
            raise CaseError(f"{case_id}: edit {edit} has no find, replace_line or drop_line")
        if out[n - 1] == line:
            raise CaseError(f"{case_id}: edit {edit} changes nothing")
    return out


def build_hypothesis(case: dict[str, Any]) -> str:
    """The hypothesis text of ``case``: its reference with the edits applied."""
    lines = apply_edits(read_lines(reference_path(case["lang"])), case["edits"], case["id"])
    return "\n".join(lines) + "\n"


def build_source(case: dict[str, Any]) -> str:
    """The source text of ``case``: the seed, with the case's ``source_edits`` if any."""
    lines = apply_edits(read_lines(SOURCE), case.get("source_edits", []), case["id"])
    return "\n".join(lines) + "\n"


def hypothesis_path(case: dict[str, Any]) -> Path:
    return HYPOTHESES / f"{case['id']}.txt"


def source_path(case: dict[str, Any]) -> Path | None:
    """Where the edited source of ``case`` is written; None when it has no source edits."""
    return HYPOTHESES / f"{case['id']}.source.fa.txt" if case.get("source_edits") else None


def written_files(case: dict[str, Any]) -> dict[Path, str]:
    """The files ``hypotheses/`` holds for ``case``, with their text."""
    files = {hypothesis_path(case): build_hypothesis(case)}
    source = source_path(case)
    if source is not None:
        files[source] = build_source(case)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only verify that hypotheses/ is up to date"
    )
    args = parser.parse_args()
    cases = load_cases()
    stale = []
    if not args.check:
        HYPOTHESES.mkdir(exist_ok=True)
    files = {path: text for case in cases for path, text in written_files(case).items()}
    wanted = {path.name for path in files}
    for path, text in files.items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        elif not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    for path in sorted(HYPOTHESES.glob("*.txt")):
        if path.name not in wanted:
            if args.check:
                stale.append(path.name)
            else:
                path.unlink()
    if args.check and stale:
        sys.exit(f"out of date (run build.py): {', '.join(stale)}")
    print(f"{len(cases)} cases" + (", hypotheses up to date" if args.check else " written"))


if __name__ == "__main__":
    main()
