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
