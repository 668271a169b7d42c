import json
from pathlib import Path

import pytest
from builders import build_glossary

from toolkit.errors import GlossaryError
from toolkit.glossary.formats import dump_glossary, parse_glossary, read_glossary

GLOSSARY = build_glossary(
    [
        (
            "تفاهم‌نامه",
            "memorandum of understanding|MoU",
            "меморандум о взаимопонимании",
            {"note": "plural: memoranda"},
        ),
        ("ایران", "Iran", "Иран", {"pos": "propn", "domain": "place"}),
        ("آی‌تی", "IT", "ИТ", {"case_sensitive": True}),
        ("مهر", "Mehr", "Мехр", {"dnt": True}),
    ]
)


@pytest.mark.parametrize("fmt", ["tsv", "csv", "tbx", "json"])
def test_round_trip_keeps_content(fmt: str, tmp_path: Path) -> None:
    text = dump_glossary(GLOSSARY, fmt)
    path = tmp_path / f"g.{fmt}"
    path.write_text(text, encoding="utf-8")
    back = read_glossary(path).glossary
    assert back.hash == GLOSSARY.hash
    assert [t.get("en") for t in back] == [t.get("en") for t in GLOSSARY]
    assert [(t.case_sensitive, t.dnt) for t in back] == [
        (t.case_sensitive, t.dnt) for t in GLOSSARY
    ]


def test_hash_ignores_order_and_changes_with_content() -> None:
    reordered = build_glossary([("ب", "b", "б"), ("الف", "a", "а")])
    same = build_glossary([("الف", "a", "а"), ("ب", "b", "б")])
    changed = build_glossary([("الف", "a", "а"), ("ب", "bb", "б")])
    assert reordered.hash == same.hash != changed.hash


@pytest.mark.parametrize(
    "data",
    [
        "\ufefffa\ten\tru\nقرارداد\tcontract\tконтракт\n",  # BOM
        "fa\ten\tru\r\nقرارداد\tcontract\tконтракт\r\n",  # CRLF
        "fa\ten\tru\tnote\nقرارداد\tcontract\tконтракт\tcommercial\n",  # extra column
    ],
)
def test_tsv_variants_read_the_same(data: str) -> None:
    g = parse_glossary(data.encode(), "g.tsv", "tsv").glossary
    assert [t.get("fa") for t in g] == [("قرارداد",)]
    assert g.terms[0].get("ru") == ("контракт",)


@pytest.mark.parametrize("cell", ["a|b", "a | b", " a |b "])
def test_variant_separator(cell: str) -> None:
    g = parse_glossary(f"fa\ten\nالف\t{cell}\n".encode(), "g.tsv", "tsv").glossary
    assert g.terms[0].get("en") == ("a", "b")


def test_csv_with_quoted_commas() -> None:
    data = 'fa,en,ru\nوزارت,"Ministry of Digital Development, Communications and Mass Media",Минцифры\n'
    g = parse_glossary(data.encode(), "g.csv", "csv").glossary
    assert (
        g.terms[0].preferred("en")
        == "Ministry of Digital Development, Communications and Mass Media"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("قرارداد\tcontract\nتفاهم\tmou\n", "missing header"),
        ("fa\ten\tcolour\nالف\ta\tred\n", "unknown column 'colour'"),
        ("en\tru\na\tа\n", "no 'fa'"),
        ("fa\nالف\n", "no target language"),
    ],
)
def test_structural_errors(data: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        parse_glossary(data.encode(), "g.tsv", "tsv")


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        ("fa\ten\nالف\ta\textra\n", [(2, "3 cells but the header has 2 columns")]),
        ("fa\ten\tdnt\nالف\ta\tmaybe\n", [(2, "dnt must be yes or no, not 'maybe'")]),
        # every bad row is reported, not only the first
        (
            "fa\ten\nالف\ta\tx\nب\tb\nپ\tc\ty\nت\td\tz\n",
            [
                (2, "3 cells but the header has 2 columns"),
                (4, "3 cells but the header has 2 columns"),
                (5, "3 cells but the header has 2 columns"),
            ],
        ),
    ],
)
def test_row_errors_are_all_reported_and_the_row_skipped(
    data: str, problems: list[tuple[int, str]]
) -> None:
    result = parse_glossary(data.encode(), "g.tsv", "tsv")
    assert [(p.line, p.message) for p in result.problems if p.severity == "error"] == problems


TBX2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
 <martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
 <text><body>
  <termEntry id="c1">
   <descrip type="subjectField">ict</descrip>
   <langSet xml:lang="fa"><tig><term>هوش مصنوعی</term></tig></langSet>
   <langSet xml:lang="en">
    <tig><term>AI</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
    <tig><term>artificial intelligence</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>machine intelligence</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
   </langSet>
   <langSet xml:lang="ru"><ntig><termGrp><term>искусственный интеллект</term></termGrp></ntig></langSet>
  </termEntry>
 </body></text>
</martif>"""


def test_tbx_v2_preferred_first_and_deprecated_dropped() -> None:
    g = parse_glossary(TBX2.encode(), "g.tbx", "tbx").glossary
    t = g.terms[0]
    assert t.get("en") == ("artificial intelligence", "AI")
    assert t.get("ru") == ("искусственный интеллект",)
    assert (t.id, t.domain) == ("c1", "ict")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&lol3;</term></tig></langSet>
</termEntry></body></text></martif>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&xxe;</term></tig></langSet>
</termEntry></body></text></martif>"""

DTD_ONLY = """<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif><text><body></body></text></martif>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, DTD_ONLY])
def test_hostile_xml_is_refused(data: str) -> None:
    with pytest.raises(GlossaryError, match="refused"):
        parse_glossary(data.encode(), "g.tbx", "tbx")


@pytest.mark.parametrize(
    ("data", "message"),
    [("<martif><text>", "malformed XML"), ("<html></html>", "not a TBX file")],
)
def test_bad_tbx(data: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        parse_glossary(data.encode(), "g.tbx", "tbx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{", "invalid JSON"),
        ('{"format": "other"}', "not a toolkit glossary"),
        (
            '{"format": "toolkit-glossary", "version": 9, "terms": []}',
            "unsupported glossary version",
        ),
    ],
)
def test_bad_json(data: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        parse_glossary(data.encode(), "g.json", "json")


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="unknown glossary format"):
        read_glossary(tmp_path / "g.xlsx")
    with pytest.raises(GlossaryError, match="no such glossary file"):
        read_glossary(tmp_path / "g.tsv")


# --- TSV cells are literal; CSV keeps its quoting --------------------------------------------

# (en cell as written in a TSV file, the variants read): quotes are text, never quoting.
TSV_QUOTES = [
    ('"Mehr" News Agency', ('"Mehr" News Agency',)),
    ('"unclosed', ('"unclosed',)),
    ('a "b" c', ('a "b" c',)),
    ('"a|b"', ('"a', 'b"')),
    ("'=quoted'", ("'=quoted'",)),  # no formula unescaping in TSV either
]


@pytest.mark.parametrize(("cell", "variants"), TSV_QUOTES)
def test_tsv_cells_are_literal(cell: str, variants: tuple[str, ...]) -> None:
    data = f"fa\ten\tru\nالف\t{cell}\tа\nب\tb\tб\n"
    result = parse_glossary(data.encode(), "g.tsv", "tsv")
    assert [t.get("en") for t in result.glossary] == [variants, ("b",)]
    assert result.problems == () and result.data_lines == 2


def test_a_note_starting_with_a_quote_does_not_swallow_the_file() -> None:
    rows = [f"ترم{i}\tterm {i}\tтермин {i}\t" + ('"see below' if i == 3 else "") for i in range(40)]
    data = "fa\ten\tru\tnote\n" + "\n".join(rows) + "\n"
    result = parse_glossary(data.encode(), "g.tsv", "tsv")
    assert len(result.glossary) == 40 == result.data_lines
    assert result.glossary.terms[3].note == '"see below'
    assert result.glossary.terms[39].line == 41


QUOTED = build_glossary(
    [
        ("مهر", '"Mehr" News Agency', "агентство «Мехр»", {"note": '"quoted" start'}),
        ("ما", "we|'us'", "мы", {"note": 'a, b and "c"'}),
    ]
)


@pytest.mark.parametrize("fmt", ["tsv", "csv"])
def test_quotes_round_trip(fmt: str) -> None:
    back = parse_glossary(dump_glossary(QUOTED, fmt).encode(), f"g.{fmt}", fmt).glossary
    assert back.hash == QUOTED.hash
    assert back.terms[0].get("en") == ('"Mehr" News Agency',)
    assert [t.note for t in back] == ['"quoted" start', 'a, b and "c"']


def test_tsv_is_written_without_quoting() -> None:
    assert dump_glossary(QUOTED, "tsv").splitlines()[1] == (
        'مهر\t"Mehr" News Agency\tагентство «Мехр»\t"quoted" start'
    )


def test_tsv_writer_refuses_a_cell_it_cannot_hold() -> None:
    g = build_glossary([("الف", "a", "а", {"note": "two\nlines"})])
    with pytest.raises(GlossaryError, match="note cell holds a tab or line break"):
        dump_glossary(g, "tsv")
    assert json.loads(dump_glossary(g, "json"))["terms"][0]["note"] == "two\nlines"


# (CSV rows after the header, the terms' lines, the errors' (line, code)), checked by hand.
# Line numbers are the file's own lines, also after a cell over two lines (E16).
CSV_CASES = [
    ('الف,a,а\nب,"Mos\ncow",б\nپ,c,с\n', [2, 5], [(3, "line-break")]),
    ('الف,a,а\nب,"Mos\ncow",б\nپ,c,с\nت,d,е,x\n', [2, 5], [(3, "line-break"), (6, "cells")]),
    ('الف,a,а\nب,"Mos\n\ncow",б\nپ,c,с\n', [2, 6], [(3, "line-break")]),
    # an unmatched quote: one error at its line, the lines after it read as rows
    ('الف,a,а\nب,"Moscow,б\nپ,c,с\nت,d,д\n', [2, 4, 5], [(3, "quote")]),
    ('الف,a,а\nب,b,"б\n', [2], [(3, "quote")]),
    # text after a closing quote is no quoting; it is not dropped either
    ('الف,"Mehr" News Agency,а\nب,b,б\n', [3], [(2, "quote")]),
    ('الف,"""Mehr"" News Agency",а\n', [2], []),
    ('الف,Mehr "News" Agency,а\n', [2], []),  # a quote inside an unquoted cell is text
    ('الف,a,а\r\nب,"x\r\ny",б\r\nپ,c,с\r\n', [2, 5], [(3, "line-break")]),
]


@pytest.mark.parametrize(("rows", "lines", "errors"), CSV_CASES)
def test_csv_quote_errors_at_their_lines(
    rows: str, lines: list[int], errors: list[tuple[int, str]]
) -> None:
    result = parse_glossary(("fa,en,ru\n" + rows).encode(), "g.csv", "csv")
    assert [t.line for t in result.glossary] == lines
    assert [(p.line, p.code) for p in result.problems if p.severity == "error"] == errors


def test_csv_keeps_quotes_doubled_inside_a_quoted_cell() -> None:
    data = 'fa,en,ru\nالف,"""Mehr"" News Agency",Мехр\n'
    g = parse_glossary(data.encode(), "g.csv", "csv").glossary
    assert g.terms[0].get("en") == ('"Mehr" News Agency',)


def test_a_quote_error_in_the_header_is_the_header_s() -> None:
    with pytest.raises(GlossaryError, match=r"g.csv:1: unmatched quote"):
        parse_glossary(b'fa,"en,ru\n\xd8\xa7,a,b\n', "g.csv", "csv")


# --- formula cells in CSV -------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","y")', "+SUM(A1)", "-1+1", "@cmd", "=1|one", "'=x"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_csv_output_neutralises_formula_cells_and_reads_them_back(cell: str) -> None:
    g = build_glossary([("الف", cell, "а", {"note": cell}), ("ب", "b", "б")])
    text = dump_glossary(g, "csv")
    import csv as csv_module

    rows = list(csv_module.reader(text.splitlines()))
    assert rows[1][1] == rows[1][3] == "'" + cell  # a spreadsheet shows it as text
    assert rows[2][1] == "b"
    back = parse_glossary(text.encode(), "g.csv", "csv").glossary
    assert back.hash == g.hash and back.terms[0].note == cell


def test_tsv_and_json_keep_formula_cells_as_they_are() -> None:
    g = build_glossary([("الف", "=1", "а")])
    assert dump_glossary(g, "tsv").splitlines()[1] == "الف\t=1\tа"
    assert '"=1"' in dump_glossary(g, "json")


# --- files are read by the bounded reader ---------------------------------------------------


def test_glossary_files_are_read_by_the_bounded_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.glossary import formats
    from toolkit.io import read_bytes

    path = tmp_path / "g.tsv"
    path.write_text("fa\ten\nالف\ta\n", encoding="utf-8")
    calls: list[object] = []

    def spy(source: object, *args: object, **kwargs: object) -> tuple[bytes, str]:
        calls.append(kwargs.get("max_bytes"))
        return read_bytes(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(formats, "read_bytes", spy)
    assert len(read_glossary(path).glossary) == 1
    assert calls == [formats.MAX_GLOSSARY_BYTES]
    monkeypatch.setattr(formats, "MAX_GLOSSARY_BYTES", 8)
    with pytest.raises(GlossaryError, match=r"g.tsv: glossary larger than"):
        read_glossary(path)
