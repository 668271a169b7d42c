"""A termbase that costs an article nothing (issue 26): a short text is matched through the
compiled glossary's first-word table and finds exactly what the whole matcher finds; the
target side tries only the terms whose keys the text holds, and finds exactly what trying
every term finds; the SQLite entries are validated, rebuilt when damaged, and safe to write
from two processes at once."""

from __future__ import annotations

import importlib.util
import os
import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from builders import ROOT, build_glossary

from toolkit.glossary import cache, compiled, source, validate
from toolkit.glossary.formats import dump_glossary, read_glossary
from toolkit.glossary.model import Glossary, Term
from toolkit.glossary.source import SourceMatch, SourceMatcher, source_matcher
from toolkit.glossary.target import candidate_terms, prefilter, target_matcher
from toolkit.glossary.validate import load_glossary

DOMAIN = ROOT / "glossaries" / "iran-russia-ict.tsv"


def _target_tables() -> tuple[list[Any], list[Any]]:
    """The hand-checked tables of test_target.py (not importable by name here)."""
    spec = importlib.util.spec_from_file_location(
        "_target_cases", Path(__file__).parent / "test_target.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ENGLISH, module.RUSSIAN


ENGLISH, RUSSIAN = _target_tables()
REFERENCES = ROOT / "evaluation" / "references"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TOOLKIT_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(cache, "MIN_TERMS", 1)  # index every glossary, however small
    return tmp_path / "home"


def spans(matches: list[SourceMatch]) -> list[tuple[str, str, int, int, str]]:
    return [(m.term.id, m.variant, m.start, m.end, m.surface) for m in matches]


def compiled_twice(path: Path) -> Glossary:
    """The glossary of ``path`` as a later run reads it: from its SQLite entry."""
    load_glossary(path)
    glossary = load_glossary(path)
    assert compiled.first_words(glossary, "fa") is not None
    return glossary


# --- the source side: a short text through the first-word table -----------------------------

# (fa, en, ru[, meta]) rows whose matches turn on the matching key, suffixes, longest match.
TRICKY_TERMS = [
    ("کتابخانه ملی", "National Library", "Национальная библиотека"),
    ("کتاب", "book", "книга"),
    ("نماینده", "representative", "представитель"),
    ("نماینده مجلس", "MP", "депутат"),
    ("قرارداد", "contract", "контракт"),
    ("قرارداد همکاری", "cooperation contract", "договор о сотрудничестве"),
    ("ایران", "Iran", "Иран", {"pos": "propn"}),
    ("مسئول", "official", "ответственный"),
    ("رئیس جمهور", "president", "президент"),
    ("فناوری اطلاعات", "IT", "ИТ"),
    ("فناوری", "technology", "технология"),
    ("می‌شود|میشود", "becomes", "становится"),
]

TRICKY_TEXTS = [
    "کتاب‌خانه‌ی ملی و کتابخانه ملی و کتاب خانه ملی",  # ZWNJ, space, nothing; ezafe
    "کتاب‌ها و کتابهای کتابخانه",  # suffixes; a longer word is not the term
    "نمایندگان مجلس و نماینده‌ی مجلس و نمایندگان",  # plural in گان
    "قراردادهای همکاری و قرارداد همکاری‌ها و قراردادی",  # longest, non-overlapping
    "ایرانی‌ها در ایران؛ ایرانیان",  # a proper noun takes no suffix
    "مسؤول و مسئولان و رییس‌جمهور و رئيس جمهور",  # hamza seats, Arabic yeh
    "فناوری‌اطلاعات، فناوری. اطلاعات فناوری‌های اطلاعاتی",  # punctuation breaks a term
    "می شود و میشود و می‌شود",
    "كتاب و كتابخانه ملي",  # Arabic kaf and yeh
    "",
    "؟",
]


def test_a_short_text_finds_what_the_whole_matcher_finds(tmp_path: Path) -> None:
    path = tmp_path / "tricky.tsv"
    path.write_text(dump_glossary(build_glossary(TRICKY_TERMS), "tsv"), encoding="utf-8")
    indexed = source_matcher(compiled_twice(path))
    assert isinstance(indexed, source._IndexedSourceMatcher)
    whole = SourceMatcher(read_glossary(path).glossary)
    found = 0
    for text in TRICKY_TEXTS:
        assert spans(indexed.find(text)) == spans(whole.find(text)), text
        assert spans(indexed.find_all(text)) == spans(whole.find_all(text)), text
        found += len(whole.find(text))
    assert found > 20
    # every text at once too, and through the whole matcher once the texts are long
    joined = "\n".join(TRICKY_TEXTS)
    assert spans(indexed.find(joined)) == spans(whole.find(joined))


def test_the_seed_and_the_news_find_what_the_whole_matcher_finds(
    news_text: str, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    glossary = compiled_twice(DOMAIN)
    whole = SourceMatcher(read_glossary(DOMAIN).glossary)
    indexed = source_matcher(glossary)
    # the short path, and no whole matcher read or built for it
    monkeypatch.setattr(source, "_load_or_build", None)
    assert len(whole.find(seed_text)) > 50
    for text in [seed_text, *news_text.splitlines()]:
        assert spans(indexed.find(text)) == spans(whole.find(text))
    assert spans(indexed.find_all(seed_text)) == spans(whole.find_all(seed_text))


def test_a_short_text_decodes_only_the_terms_its_words_start(
    tmp_path: Path, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the domain glossary and 3,000 invented entries
    domain = read_glossary(DOMAIN).glossary
    extra = [
        Term.create(
            {
                "fa": f"واژه{chr(0x0628 + i % 20)}{i} ساختگی",
                "en": f"Entry {i}",
                "ru": f"Термин {i}",
            },
            id=f"x{i}",
        )
        for i in range(3000)
    ]
    path = tmp_path / "termbase.tsv"
    termbase = Glossary((*domain.terms, *extra), ("fa", "en", "ru"), name="termbase.tsv")
    path.write_text(dump_glossary(termbase, "tsv"), encoding="utf-8")
    glossary = compiled_twice(path)
    decoded = []
    real = compiled.decode_row
    monkeypatch.setattr(compiled, "decode_row", lambda row: decoded.append(1) or real(row))
    matcher = source_matcher(glossary)
    monkeypatch.setattr(source, "_load_or_build", None)  # the whole matcher is never made
    found = matcher.find(seed_text)
    assert spans(found) == spans(SourceMatcher(domain).find(seed_text))
    assert 0 < len(decoded) <= len(domain)


def test_rows_come_back_chunk_by_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "CHUNK", 7)  # the last chunk is short
    parsed = read_glossary(DOMAIN).glossary
    assert len(parsed) % 7
    glossary = compiled_twice(DOMAIN)
    assert glossary.terms[-1] == parsed.terms[-1] and glossary.terms[0] == parsed.terms[0]
    assert glossary.terms[3:16] == parsed.terms[3:16]
    glossary.terms.prefetch([1, 20, len(parsed) - 2])  # type: ignore[attr-defined]
    assert list(glossary) == list(parsed)
    assert pickle.loads(pickle.dumps(compiled_twice(DOMAIN))) == parsed


def test_a_long_text_uses_the_whole_matcher(
    news_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    glossary = compiled_twice(DOMAIN)
    monkeypatch.setattr(source, "SHORT_TEXT_WORDS", 100)
    matcher = source_matcher(glossary)
    expected = spans(SourceMatcher(read_glossary(DOMAIN).glossary).find(news_text))
    assert spans(matcher.find(news_text)) == expected
    assert matcher._whole_matcher is not None  # type: ignore[attr-defined]


def test_a_text_whose_words_start_many_terms_uses_the_whole_matcher(
    seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    glossary = compiled_twice(DOMAIN)
    monkeypatch.setattr(source, "SHORT_TEXT_TERMS", 5)
    matcher = source_matcher(glossary)
    expected = spans(SourceMatcher(read_glossary(DOMAIN).glossary).find(seed_text))
    assert spans(matcher.find(seed_text)) == expected
    assert matcher._whole_matcher is not None  # type: ignore[attr-defined]


def test_a_damaged_row_is_read_from_the_file_and_the_entry_rebuilt(
    home: Path, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = spans(SourceMatcher(read_glossary(DOMAIN).glossary).find(seed_text))
    load_glossary(DOMAIN)
    [entry] = (home / "glossary").glob("glossary-*.sqlite")
    con = sqlite3.connect(entry)
    with con:  # the same length, another byte: only the row's checksum tells
        con.execute("UPDATE terms SET rows = replace(rows, 'ا', 'ب')")
    con.close()
    glossary = load_glossary(DOMAIN)  # opens: the header and the pages are sound
    assert compiled.first_words(glossary, "fa") is not None
    assert spans(source_matcher(glossary).find(seed_text)) == expected
    assert list(glossary) == list(read_glossary(DOMAIN).glossary)
    assert not entry.exists()  # removed
    calls = []
    real = validate.check_glossary
    monkeypatch.setattr(
        validate, "check_glossary", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    load_glossary(DOMAIN)
    assert calls == [1] and entry.exists()  # checked and written again


@pytest.mark.parametrize("what", ["first_words", "meta"])
def test_a_damaged_table_is_never_trusted(home: Path, seed_text: str, what: str) -> None:
    expected = spans(SourceMatcher(read_glossary(DOMAIN).glossary).find(seed_text))
    load_glossary(DOMAIN)
    [entry] = (home / "glossary").glob("glossary-*.sqlite")
    con = sqlite3.connect(entry)
    with con:
        if what == "first_words":
            con.execute("UPDATE first_words SET ids = zeroblob(length(ids))")
        else:
            con.execute("UPDATE meta SET value = 'x' WHERE name = 'key'")
    con.close()
    assert spans(source_matcher(load_glossary(DOMAIN)).find(seed_text)) == expected


def test_two_processes_at_once_write_one_sound_entry(home: Path, seed_text: str) -> None:
    script = (
        "import sys; from toolkit.glossary import cache; cache.MIN_TERMS = 1\n"
        "from toolkit.glossary.validate import load_glossary\n"
        "from toolkit.glossary.source import source_matcher\n"
        "g = load_glossary(sys.argv[1])\n"
        "text = open(sys.argv[2], encoding='utf-8').read()\n"
        "print(len(source_matcher(g).find(text)), g.hash)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    seed = ROOT / "seeds" / "mehr-iran-russia-ict.fa.txt"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(DOMAIN), str(seed)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs)
    expected = len(SourceMatcher(read_glossary(DOMAIN).glossary).find(seed_text))
    assert outputs[0] == outputs[1] and outputs[0].startswith(f"{expected} ")
    names = sorted(p.name for p in (home / "glossary").iterdir())
    assert [n for n in names if n.startswith(".")] == []  # no temporary file left
    assert len([n for n in names if n.startswith("glossary-")]) == 1
    assert compiled.first_words(load_glossary(DOMAIN), "fa") is not None


# --- the target side: only the terms whose keys the text holds ---------------------------


def term(lang: str, variants: str, **meta: object) -> Term:
    return Term.create({"fa": "x", lang: variants}, **meta)


# (lang, variants, meta, text): a form the matcher accepts that a key must not lose.
TARGET_CASES = [
    *(("en", v, m, t) for v, m, t, _ in ENGLISH),
    *(("ru", v, m, t) for v, m, t, _ in RUSSIAN),
    ("en", "person", {}, "three people came"),  # irregular plurals
    ("en", "child", {}, "the children's school"),
    ("en", "mouse", {}, "MICE and a mouse"),
    ("en", "datum", {}, "the data"),
    ("en", "memorandum", {}, "two memoranda"),
    ("en", "Ministry of ICT", {}, "MINISTRIES OF ICT"),
    ("en", "e-government", {}, "E-Government services"),
    ("en", "Iran", {"dnt": True}, "ایران و Iran"),
    ("en", "U.S. sanctions", {}, "the U.S. sanctions"),
    ("en", "data center", {}, "data-centers"),
    ("ru", "партнёр", {}, "с партнерами"),  # ё read as е
    ("ru", "связь и информационные технологии", {}, "связи и информационных технологий"),
    ("ru", "Министерство связи", {}, "МИНИСТЕРСТВОМ СВЯЗИ"),
    ("ru", "ИКТ-компания", {}, "крупные ИКТ-компании"),
    ("ru", "Лев Толстой", {"domain": "person"}, "о Льве Толстом"),
    ("ru", "человек", {}, "пять людей"),
    ("ru", "цифровой", {"pos": "adj"}, "цифровая экономика"),
    ("de", "Vertrag", {}, "der Vertrag"),  # the plain matcher
]


@pytest.mark.parametrize(("lang", "variants", "meta", "text"), TARGET_CASES)
def test_a_term_the_matcher_finds_is_never_filtered_out(
    lang: str, variants: str, meta: dict[str, object], text: str
) -> None:
    matcher = target_matcher(lang)
    t = term(lang, variants, **meta)
    found = matcher.find(text, t)
    assert candidate_terms([t], text, matcher) == ([t] if found else [])


def test_irrelevant_entries_are_filtered_out() -> None:
    matcher = target_matcher("en")
    terms = [term("en", f"Entry {i} Name") for i in range(100)]
    text = "Entry 7 Name and Entry 12 names"
    assert candidate_terms(terms, text, matcher) == [terms[7], terms[12]]
    assert [bool(matcher.find(text, terms[i])) for i in (7, 12)] == [True, True]


def termbase_with_entries(tmp_path: Path, count: int) -> Path:
    domain = read_glossary(DOMAIN).glossary
    extra = [
        Term.create(
            {"fa": f"واژه{i} ساختگی", "en": f"Entry {i} Name", "ru": f"Термин {i}"}, id=f"x{i}"
        )
        for i in range(count)
    ]
    path = tmp_path / "termbase.tsv"
    glossary = Glossary((*domain.terms, *extra), ("fa", "en", "ru"), name="termbase.tsv")
    path.write_text(dump_glossary(glossary, "tsv"), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_seed_translation_finds_what_trying_every_term_finds(
    tmp_path: Path, home: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (REFERENCES / f"mehr-iran-russia-ict.{lang}.txt").read_text(encoding="utf-8")
    text += " Entry 7 Name, Термина 12"  # two entries of the termbase, one declined
    path = termbase_with_entries(tmp_path, 300)
    matcher = target_matcher(lang)

    def every(glossary: Glossary) -> list[tuple[str, int, int]]:
        return [(t.id, m.start, m.end) for t in glossary for m in matcher.find(text, t)]

    def filtered(glossary: Glossary) -> list[tuple[str, int, int]]:
        terms = candidate_terms(glossary.terms, text, matcher)
        return [(t.id, m.start, m.end) for t in terms for m in matcher.find(text, t)]

    expected = every(read_glossary(path).glossary)
    assert len(expected) > 40
    entry = {"en": "Entry 7 Name", "ru": "Термина 12"}[lang]
    assert sum(text[a:b] == entry for _, a, b in expected) == 1
    assert filtered(compiled_twice(path)) == expected  # the key index written
    assert len(list((home / "glossary").glob("target-*.sqlite"))) == 1
    monkeypatch.setattr(prefilter, "_index_rows", None)  # and now read back
    assert filtered(compiled_twice(path)) == expected
    assert filtered(read_glossary(path).glossary) == expected  # not compiled: in memory
