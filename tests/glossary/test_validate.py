from collections.abc import Iterator
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
        "info",  # nesting is by design: the longer term wins
        "overlap",
        3,
    ),
    ("ما\twe\tмы\n", "warning", "short-term", 2),
    ('قرارداد\t=HYPERLINK("http://x","y")\tконтракт\n', "warning", "formula", 2),
    ("قرارداد\t+SUM(A1)\tконтракт\n", "warning", "formula", 2),
    ("قرارداد\tcontract\t-контракт\n", "warning", "formula", 2),
    ("قرارداد\tcontract\tконтракт\n@cmd\tcontract\tконтракт\n", "warning", "formula", 3),
    # a stray quote is text in TSV: the rows after it are read and checked
    ('قرارداد\t"contract\tконтракт\nهیأت\tdelegation\tcontract\n', "error", "wrong-script", 3),
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


def write(tmp_path: Path, text: str, name: str = "g.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_stray_quote_in_tsv_loses_no_row(tmp_path: Path) -> None:
    rows = [f"ترم{i}\tterm {i}\tтермин {i}\t" for i in range(92)]
    rows[5] += '"quoted note, never closed'
    rows[9] = 'خبرگزاری مهر\t"Mehr" News Agency\tагентство Мехр\t'
    path = write(tmp_path, "fa\ten\tru\tnote\n" + "\n".join(rows) + "\n\n")
    report = check_file(path)
    assert (report.terms, report.lines, report.errors) == (92, 92, [])
    glossary = load_glossary(path)
    assert glossary.terms[9].get("en") == ('"Mehr" News Agency',)
    assert glossary.terms[5].note == '"quoted note, never closed'


def test_an_unmatched_csv_quote_is_one_error_at_its_line(tmp_path: Path) -> None:
    rows = [f"ترم{i},term {i},термин {i}" for i in range(30)]
    rows[4] = 'ترم4,"term 4,термин 4'  # line 6
    report = check_file(write(tmp_path, "fa,en,ru\n" + "\n".join(rows) + "\n", "g.csv"))
    assert [(f.line, f.code) for f in report.errors] == [(6, "quote")]
    assert "unmatched quote" in report.errors[0].message
    assert (report.terms, report.lines) == (29, 30)


def test_a_line_break_in_a_csv_cell_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = 'fa,en,ru\nالف,a,а\nب,"Mos\ncow",Москва\nپ,c,с\nت,,т\n'
    report = check_file(write(tmp_path, text, "g.csv"))
    assert [(f.line, f.code) for f in report.errors] == [(3, "line-break"), (6, "empty-cell")]
    with pytest.raises(GlossaryError, match=r"g.csv:3: a quoted cell runs over lines 3-4"):
        load_glossary(tmp_path / "g.csv")


def test_a_variant_with_a_line_break_is_an_error_in_any_format(tmp_path: Path) -> None:
    text = (
        '{"format": "toolkit-glossary", "version": 1, "terms": ['
        '{"variants": {"fa": "مسکو", "en": "Mos\\ncow", "ru": "Москва"}, "note": "a\\nb"}]}'
    )
    report = check_file(write(tmp_path, text, "g.json"))
    assert [(f.line, f.code) for f in report.errors] == [(1, "line-break")]
    assert report.lines == -1


def test_lines_that_no_row_accounts_for_are_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net: a reader that swallowed a line (as CSV quoting in TSV did) is caught."""
    from toolkit.glossary import formats

    def swallowing(lines: list[str]) -> Iterator[object]:
        yield formats._Row(1, lines[0].split("\t"))
        yield formats._Row(2, lines[1].split("\t"))

    monkeypatch.setattr(formats, "_tsv_rows", swallowing)
    path = write(tmp_path, HEADER + "الف\ta\tа\nب\tb\tб\n")
    report = check_file(path)
    assert [(f.line, f.code) for f in report.errors] == [(3, "lines")]
    assert (report.terms, report.lines) == (1, 2)


def test_errors_come_first_then_warnings_then_info(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "وزارت\tministry\tминистерство\n"  # 2: inside line 3 (info)
        + "وزارت ارتباطات\tMinistry of Communications\tМинистерство связи\n"
        + "ما\twe\tмы\n"  # 4: short (warning)
        + "قرارداد\t\tконтракт\n",  # 5: empty (error)
    )
    report = check_file(path)
    assert [(f.severity, f.line) for f in report.findings] == [
        ("error", 5),
        ("warning", 4),
        ("info", 3),
    ]
    assert report.to_dict()["info"] == 1 and report.infos == [report.findings[2]]


def test_the_index_key_covers_the_reader_and_the_checks() -> None:
    """A compiled glossary kept by an older reader or check is a miss, never served."""
    from toolkit.glossary import cache

    assert {"glossary/formats.py", "glossary/validate.py"} <= set(cache._CODE)
