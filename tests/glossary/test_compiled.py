"""Compiled glossaries: a checked glossary file read back from the index is the glossary the
file holds, term for term, without being parsed; anything the index cannot hold exactly is
read from the file each time."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from builders import ROOT, build_glossary

from toolkit.errors import GlossaryError
from toolkit.glossary import cache, compiled, validate
from toolkit.glossary.compiled import TermTable, decode_row, encode_row
from toolkit.glossary.formats import read_glossary
from toolkit.glossary.model import Glossary, Term
from toolkit.glossary.source import source_matcher
from toolkit.glossary.validate import load_glossary

DOMAIN = ROOT / "glossaries" / "iran-russia-ict.tsv"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TOOLKIT_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(cache, "MIN_TERMS", 1)  # index every glossary, however small
    return tmp_path / "home"


def unusual_terms() -> list[Term]:
    return [
        Term.create({"fa": "قرارداد", "en": "contract|agreement", "ru": "контракт"}, id="t1"),
        Term(
            (("fa", ("ایران",)), ("en", ("Iran",)), ("ru", ()), ("de", ("Iran", "Persien"))),
            id="",
            note="a note | with a bar; and: colons",
            domain="geo",
            pos="propn",
            case_sensitive=True,
            dnt=True,
            line=12345,
        ),
        Term((("fa", ("",)), ("en", ("",))), line=3),  # empty variants survive as such
    ]


def test_every_field_of_a_term_survives_its_row() -> None:
    for term in unusual_terms():
        back = decode_row(encode_row(term))
        assert back == term and back.line == term.line


def test_term_table_behaves_as_the_tuple_it_stands_for() -> None:
    terms = tuple(unusual_terms())
    table = TermTable([encode_row(t) for t in terms])
    assert len(table) == 3 and table[1] == terms[1] and table[-1] == terms[-1]
    assert table[1:] == terms[1:] and list(table) == list(terms)
    assert table == terms and terms == table and hash(table) == hash(terms)
    assert table != terms[:2]
    with pytest.raises(IndexError):
        table[3]
    assert pickle.loads(pickle.dumps(table)) == terms


def test_the_domain_glossary_comes_back_whole_without_being_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    # The first load keeps the terms it parsed: not one is decoded from its row.
    with monkeypatch.context() as patch:
        patch.setattr(compiled, "decode_row", refuse)
        first = load_glossary(DOMAIN)
        first_terms = list(first)
    monkeypatch.setattr(validate, "parse_glossary", refuse)
    again = load_glossary(DOMAIN)
    assert isinstance(again.terms, TermTable) and isinstance(first.terms, TermTable)
    assert first_terms == list(read_glossary(DOMAIN).glossary)
    assert compiled.origin(first) == compiled.origin(again) != ""
    assert (again.languages, again.source_language, again.name) == (
        first.languages,
        first.source_language,
        first.name,
    )
    assert [(t, t.line) for t in again] == [(t, t.line) for t in first]
    fresh_hash = Glossary(tuple(again), again.languages).hash
    assert again.hash == first.hash == fresh_hash
    # a Ray worker or a batch process gets it pickled, and finds the matcher the file's
    assert pickle.loads(pickle.dumps(again)) == first
    assert compiled.origin(pickle.loads(pickle.dumps(again))) == compiled.origin(again) != ""


def test_the_matcher_of_a_compiled_glossary_finds_what_a_parsed_one_finds(
    seed_text: str,
) -> None:
    load_glossary(DOMAIN)
    compiled_one = load_glossary(DOMAIN)
    parsed = read_glossary(DOMAIN).glossary

    def found(g: Glossary) -> list[tuple[str, int, int]]:
        return [(m.term.id, m.start, m.end) for m in source_matcher(g).find(seed_text)]

    assert len(found(parsed)) > 20
    assert found(compiled_one) == found(parsed)


def test_a_cell_holding_a_separator_is_read_from_its_file_each_time(
    tmp_path: Path, home: Path
) -> None:
    glossary = build_glossary([("قرارداد", "contract", "контракт", {"note": "a\tb"})])
    assert compiled.make(b"bytes", "tsv", glossary) is None
    assert compiled.load(b"bytes", "tsv", "g.tsv") is None
    # A JSON note may hold a line break (a CSV cell may not, since issue 23): such a
    # glossary loads, each time from its file.
    path = tmp_path / "g.json"
    path.write_text(
        '{"format": "toolkit-glossary", "version": 1, "terms": [{"variants": {"fa": "قرارداد",'
        ' "en": "contract", "ru": "контракт"}, "note": "two\\nlines"}]}',
        encoding="utf-8",
    )
    first, again = load_glossary(path), load_glossary(path)
    assert first == again and again.terms[0].note == "two\nlines"
    assert not isinstance(again.terms, TermTable)
    assert not list((home / "glossary").glob("glossary-*"))  # nothing was kept
    assert not list((tmp_path / "home").glob("glossary/glossary-*"))


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"terms": 2, "rows": "x", "languages": ["fa"], "source_language": "fa", "hash": "h"},
        {"terms": 1, "rows": 7, "languages": ["fa"], "source_language": "fa", "hash": "h"},
        {"terms": 1, "rows": "x", "languages": "fa", "source_language": "fa", "hash": "h"},
        {"terms": 1, "rows": "x", "languages": ["fa"]},
    ],
)
def test_an_entry_of_the_right_checksum_but_wrong_shape_is_ignored(body: object) -> None:
    data = DOMAIN.read_bytes()
    cache.store(compiled.KIND, compiled.file_key(data, "tsv"), body)
    assert compiled.load(data, "tsv", "g.tsv") is None
    assert load_glossary(DOMAIN) == read_glossary(DOMAIN).glossary  # parsed and checked


def test_a_glossary_with_errors_is_never_compiled(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("fa\ten\tru\nقرارداد\t\tконтракт\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(GlossaryError, match="empty en cell"):
            load_glossary(path)
    assert not list(home.glob("glossary/glossary-*"))
