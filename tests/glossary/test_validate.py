from pathlib import Path

import pytest

from toolkit.errors import GlossaryError
from toolkit.glossary.validate import check_file, load_glossary

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
