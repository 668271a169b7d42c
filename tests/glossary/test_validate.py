from dataclasses import replace
from pathlib import Path

import pytest
from builders import ROOT, build_glossary

from toolkit.errors import GlossaryError
from toolkit.glossary.model import Glossary
from toolkit.glossary.source import source_matcher
from toolkit.glossary.validate import (
    _check_cells,
    _check_overlaps,
    _term_cell_findings,
    check_file,
    load_glossary,
)

HEADER = "fa\ten\tru\n"

# (rows after the header, severity, code, line), each checked by hand.
CASES = [
    ("قرارداد\t\tконтракт\n", "error", "empty-cell", 2),
    ("\tcontract\tконтракт\n", "error", "empty-cell", 2),
    ("قرارداد\tcontract\tcontract\n", "error", "wrong-script", 2),
    ("contract\tcontract\tконтракт\n", "error", "wrong-script", 2),
    ("قرارداد\tقرارداد\tконтракт\n", "error", "wrong-script", 2),
    ("قرارداد\tcontract\tконтракт\nقرار داد\tagreement\tконтракт\n", "error", "conflict", 3),
    ("قرارداد\tcontract\tконтракт\nقرارداد\tcontract\tконтракт\n", "warning", "duplicate", 3),
    ("قرارداد\tcontract \tконтракт\n", "warning", "whitespace", 2),
    (
        "وزارت\tministry\tминистерство\nوزارت ارتباطات\tMinistry of Communications\tМинистерство связи\n",
        "warning",
        "overlap",
        3,
    ),
    ("ما\twe\tмы\n", "warning", "short-term", 2),
]


@pytest.mark.parametrize(("rows", "severity", "code", "line"), CASES)
def test_findings(tmp_path: Path, rows: str, severity: str, code: str, line: int) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(HEADER + rows, encoding="utf-8")
    report = check_file(path)
    assert (severity, code, line) in [(f.severity, f.code, f.line) for f in report.findings]


def test_clean_glossary_has_no_findings(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(
        HEADER + "قرارداد\tcontract\tконтракт\nهیأت\tdelegation\tделегация\n", encoding="utf-8"
    )
    assert check_file(path).findings == ()


def test_acronyms_in_russian_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(HEADER + "شرکت آی‌تی\tIT company\tIT-компания\n", encoding="utf-8")
    assert check_file(path).errors == []


def test_unreadable_file_is_one_error_with_line(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("fa\tcolour\nالف\tred\n", encoding="utf-8")
    report = check_file(path)
    assert [(f.severity, f.line) for f in report.findings] == [("error", 1)]
    assert "unknown column" in report.findings[0].message


def test_load_glossary_refuses_errors(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(HEADER + "قرارداد\t\tконтракт\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"g.tsv:2: empty en cell$"):
        load_glossary(path)  # one "error" only: the CLI says it (toolkit: error: g.tsv:2: ...)


def test_a_header_only_glossary_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(HEADER, encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"g.tsv:1: the glossary has no terms"):
        load_glossary(path)


def reference_overlaps(glossary: Glossary) -> list[tuple[int, str]]:
    """The overlap check as it was: one search per source variant."""
    matcher = source_matcher(glossary)
    out, seen = [], set()
    for term in glossary:
        for v in term.get(glossary.source_language):
            for m in matcher.find_all(v):
                if m.term is term or (m.start == 0 and m.end == len(v)):
                    continue
                if (m.term.label, term.label) not in seen:
                    seen.add((m.term.label, term.label))
                    out.append(
                        (term.line, f"'{m.term.label}' (line {m.term.line}) occurs inside '{v}'")
                    )
    return out


def overlaps(glossary: Glossary) -> list[tuple[int, str]]:
    return [(f.line, f.message.split(";")[0]) for f in _check_overlaps(glossary)]


def test_overlaps_in_one_pass_are_those_of_a_search_per_term(
    large_glossary: Glossary,
) -> None:
    domain = load_glossary(ROOT / "glossaries" / "iran-russia-ict.tsv")
    assert overlaps(domain) == reference_overlaps(domain)
    lined = Glossary(
        tuple(replace(t, line=i + 2) for i, t in enumerate(large_glossary.terms[:3000])),
        large_glossary.languages,
    )
    found = overlaps(lined)
    assert len(found) > 100
    assert found == reference_overlaps(lined)


# Cells that the column screening must not miss: (fa, en, ru, meta), checked term by term.
TRICKY = [
    ("قرارداد", "contract", "контракт", {}),
    ("ما", "we", "мы", {}),  # short
    ("ام‌آر", "MR", "МР", {"pos": "abbr"}),  # short but an abbreviation
    ("ﻻ", "la", "ла", {}),  # a presentation form: two key letters
    ("مـــا", "we", "мы", {}),  # tatweel: not a key letter
    ("۲۰ ما", "20 we", "20 мы", {}),  # digits are no letters
    ("فن", "tech", "техника", {"dnt": True}),
    ("آی‌تی", "", "", {"dnt": True}),  # dnt: no targets needed
    ("", "blank", "пусто", {}),
    ("قرارداد", "قرارداد", "контракт", {}),
    ("قرارداد", "contract", "contract", {}),
    ("abc قرارداد", "contract", "контракт", {}),
    ("قرارداد IT", "IT contract", "IT-контракт", {}),
    ("قرارداد", "co контракт", "кон contract", {}),
    ("قرارداد", "contract", "контракт|contract", {}),
    ("قرارداد", "123", "456", {}),
]


def test_screened_cell_check_is_the_check_of_every_term() -> None:
    glossary = build_glossary(TRICKY)
    every = [f for t in glossary for f in _term_cell_findings(glossary, t)]
    assert _check_cells(glossary) == every
    assert {f.code for f in every} == {"short-term", "empty-cell", "wrong-script"}
