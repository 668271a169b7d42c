"""The translation engine: the glossary guarantee, line alignment, numbers, splitting, memory.

The tiny models have random weights: their output is noise, which is the point. Term success
must still be 100%, because the guarantee does not depend on the model being good.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from builders import ROOT, SEED
from click.testing import CliRunner

from toolkit.cli import cli, flag_for
from toolkit.errors import OutputError
from toolkit.glossary.validate import load_glossary
from toolkit.translate.approved import ApprovedStore
from toolkit.translate.base import Translation
from toolkit.translate.engine import (
    TranslateOptions,
    TranslationEngine,
    degenerate_reason,
    split_long,
)
from toolkit.translate.factory import build_translator
from toolkit.translate.memory import TranslationMemory

GLOSSARY = load_glossary(ROOT / "glossaries" / "iran-russia-ict.tsv")
SEED_TEXT = SEED.read_text(encoding="utf-8")
FAST = TranslateOptions(num_hypotheses=2, beam_size=2)
SHORT_LINES = "\n".join(SEED_TEXT.splitlines()[k] for k in (2, 8))
"""The seed's two shortest lines, a sentence each: the memory tests need several, not many."""


@pytest.fixture(scope="module")
def seed_translations(seed_translation: Callable[[str, str], Translation]) -> dict[str, Any]:
    """The seed into each language on ct2, under GLOSSARY with FAST (tests/translate/conftest.py
    makes them once per session: test_insert_forms checks the same translations)."""
    return {lang: seed_translation("ct2", lang) for lang in ("en", "ru")}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_glossary_term_is_rendered_with_a_random_model(
    seed_translations: dict, lang: str
) -> None:
    tr = seed_translations[lang]
    counts = tr.term_counts()
    assert counts["failed"] == 0
    assert sum(counts.values()) >= 70
    # Noise renders no term in other words: what the model did not write was pasted in,
    # and is reported so (never passed off as the model's or as a substitution).
    assert counts["inserted"] > 0
    for seg in tr.segments:
        for outcome in seg.terms:
            assert outcome.form, outcome
            assert outcome.form in seg.text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_output_is_line_aligned_with_western_digits(seed_translations: dict, lang: str) -> None:
    tr = seed_translations[lang]
    assert len(tr.lines) == len(SEED_TEXT.splitlines()) == 11
    assert all(line.strip() for line in tr.lines)
    assert not any("\u06f0" <= ch <= "\u06f9" for line in tr.lines for ch in line)
    assert tr.signature is not None
    assert tr.signature.glossary is not None and tr.signature.glossary.hash == GLOSSARY.hash
    assert tr.signature.backend == "ct2"
    assert tr.signature.setting("translator")["backend"] == "ct2"
    # One line names the tool, the model and its revision, the backend and the glossary.
    line = str(tr.signature)
    assert line.startswith("translation|toolkit:") and "|backend:ct2|" in line
    assert "|glossary:iran-russia-ict.tsv#" in line


def test_blank_lines_are_kept_and_numbers_only_lines_copied(tiny_nllb: Path) -> None:
    engine = TranslationEngine(
        build_translator(str(tiny_nllb), "en", backend="ct2"), None, options=FAST
    )
    tr = engine.translate("سلام دنیا.\n\n۱۴۰۴\n")
    assert len(tr.lines) == 3
    assert tr.lines[1] == ""
    assert tr.lines[2] == "1404"


def test_a_sentence_over_the_model_limit_is_split_not_truncated(tiny_nllb: Path) -> None:
    translator = build_translator(str(tiny_nllb), "en", backend="ct2")
    clause = "وزارت ارتباطات و فناوری اطلاعات با شرکت‌های روسی قرارداد امضا کرد"
    long_sentence = "، ".join([clause] * 12) + "."
    assert translator.count_tokens([long_sentence])[0] > translator.max_source_tokens
    engine = TranslationEngine(translator, GLOSSARY, options=FAST)
    tr = engine.translate(long_sentence)
    assert len(tr.lines) == 1
    assert len(tr.segments) > 1
    assert "".join(s.source for s in tr.segments).replace(" ", "") == long_sentence.replace(" ", "")
    assert all("split into" in " ".join(str(p) for p in s.problems) for s in tr.segments)
    # The tiny model's noise into English is reported off target too (not English script).
    assert all(p.kind in ("split", "off-target") for s in tr.segments for p in s.problems)
    assert tr.term_counts()["failed"] == 0


def test_memory_serves_a_second_run(tiny_nllb: Path, tmp_path: Path) -> None:
    translator = build_translator(str(tiny_nllb), "en", backend="ct2")
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    text = SHORT_LINES
    first = TranslationEngine(translator, GLOSSARY, memory, FAST).translate(text)
    assert memory.hits == 0 and memory.misses == len(first.segments)
    second = TranslationEngine(translator, GLOSSARY, memory, FAST).translate(text)
    assert memory.hits == len(first.segments)
    assert second.lines == first.lines and all(s.cached for s in second.segments)
    # Other options or another glossary are another key: nothing is reused.
    other = TranslateOptions(num_hypotheses=3, beam_size=3)
    TranslationEngine(translator, GLOSSARY, memory, other).translate(text)
    assert memory.hits == len(first.segments)


def test_memory_is_safe_for_two_processes(tmp_path: Path) -> None:
    db = tmp_path / "tm.sqlite3"
    code = (
        "import sys; from toolkit.translate.memory import TranslationMemory\n"
        "m = TranslationMemory(sys.argv[1])\n"
        "for i in range(200): m.put(f'{sys.argv[2]}-{i}', {'text': str(i)})\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db), tag]) for tag in "ab"]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    assert len(TranslationMemory(db)) == 400


def test_marian_pivot_through_english(tiny_marian_fa_en: Path, tiny_marian_en_ru: Path) -> None:
    translator = build_translator(
        str(tiny_marian_fa_en), "ru", backend="ct2", pivot_model=str(tiny_marian_en_ru)
    )
    assert translator.signature.setting("pivot") == "en"
    tr = TranslationEngine(translator, GLOSSARY, options=FAST).translate(SEED_TEXT.splitlines()[2])
    counts = tr.term_counts()
    assert counts["failed"] == 0 and sum(counts.values()) > 0


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty output"),
        ("the the the the the the", "repeated tokens (a generation loop)"),
        ("ШШШШШШШШШШШШ", "repeated tokens (a generation loop)"),
        ("این ترجمه نیست", "output is in the source script"),
        ("A clean sentence about the ministry.", None),
    ],
)
def test_degenerate_output_is_detected(text: str, reason: str | None) -> None:
    assert degenerate_reason(text) == reason


def test_split_long_cuts_at_clauses_first() -> None:
    parts = split_long("الف ب، ج د، ه و، ز ح", lambda s: len(s.split()) > 4)
    assert parts == ["الف ب، ج د،", "ه و، ز ح"]
    assert split_long("کوتاه", lambda s: False) == ["کوتاه"]


# Rows of a valid memory that a hand, a crash or another program spoilt: each is a miss.
CORRUPT_ROWS = [
    "not json {",  # JSONDecodeError before
    "[1, 2]",  # not an object
    '{"terms": []}',  # no text: KeyError before
    '{"text": 7}',
    '{"text": "x", "terms": [{"status": "model"}]}',  # a term without its term: KeyError
    '{"text": "x", "terms": [{"term": "t", "status": "repaired"}]}',
    '{"text": "x", "problems": [{"kind": "split"}]}',  # a problem without a message
    '{"text": "x", "baseline": null}',
]


@pytest.mark.parametrize("stored", CORRUPT_ROWS)
def test_an_unreadable_memory_entry_is_a_miss_with_one_warning(
    tmp_path: Path, stored: str, caplog: pytest.LogCaptureFixture
) -> None:
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    memory.put("a", {"text": "kept"})
    memory.put("b", {"text": "spoilt"})
    memory.put("c", {"text": "spoilt too"})
    memory._db.execute("UPDATE tm SET value = ? WHERE key != 'a'", (stored,))
    assert [memory.get(k) for k in "abc"] == [{"text": "kept"}, None, None]
    assert (memory.hits, memory.misses, memory.corrupt) == (1, 2, 2)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "unreadable translation memory entry" in warnings[0]
    memory.put("b", {"text": "again"})  # translated again, and written over it
    assert memory.get("b") == {"text": "again"}


@pytest.mark.parametrize(
    "schema",
    [
        "CREATE TABLE tm (id INTEGER PRIMARY KEY, data TEXT)",
        "CREATE TABLE tm (key TEXT PRIMARY KEY, value TEXT)",
    ],
)
def test_a_foreign_database_is_refused_with_one_line(tmp_path: Path, schema: str) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(schema)
    with pytest.raises(OutputError, match="not a toolkit translation memory") as info:
        TranslationMemory(path)
    assert str(path) in info.value.render(flag_for)
    assert "--cache-path" in info.value.render(flag_for)


@pytest.mark.parametrize(
    "schema",
    [
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",  # a database of the user's
        "CREATE TABLE tm (id INTEGER PRIMARY KEY, data TEXT)",
    ],
)
@pytest.mark.parametrize("store", ["memory", "approved"])
def test_a_foreign_database_is_left_as_it_was(tmp_path: Path, schema: str, store: str) -> None:
    """A --cache-path that names another program's database: refused before any write (no
    table added, its journal mode and bytes as they were)."""
    path = tmp_path / "mine.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(schema)
        db.execute(f"INSERT INTO {schema.split()[2]} VALUES (1, 'kept')")
    db.close()
    before = path.read_bytes()
    opener = TranslationMemory if store == "memory" else ApprovedStore
    with pytest.raises(OutputError, match="not a toolkit") as info:
        opener(path)
    assert "--cache-path" in info.value.render(flag_for)
    assert path.read_bytes() == before
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    db.close()
    assert names == [schema.split()[2]]


def test_translate_with_a_spoilt_or_foreign_memory(
    tiny_nllb: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Through the CLI: a spoilt memory gives the same translation and one warning; a foreign
    database one line and exit 6, never a traceback."""
    memory = tmp_path / "tm.sqlite3"
    text = SHORT_LINES.encode()
    args = ["translate", "-", "--to", "en", "--model", str(tiny_nllb), "--quiet"]
    args += ["--cache-path", str(memory), "--n-best", "2"]
    first = CliRunner().invoke(cli, args, input=text)
    assert first.exit_code == 0, first.stderr
    with sqlite3.connect(memory) as db:
        db.execute("UPDATE tm SET value = 'not json {'")
    again = CliRunner().invoke(cli, args, input=text)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == first.stdout
    assert "Traceback" not in again.stderr
    warned = [r for r in caplog.records if "unreadable translation memory" in r.getMessage()]
    assert len(warned) == 1 and warned[0].levelname == "WARNING"
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE tm (id INTEGER PRIMARY KEY, data TEXT)")
    args[args.index(str(memory))] = str(foreign)
    refused = CliRunner().invoke(cli, args, input=text)
    assert refused.exit_code == 6
    assert refused.stderr.count("\n") == 1 and "--cache-path" in refused.stderr
    assert refused.stderr.startswith(f"toolkit: error: {foreign}: not a toolkit translation")
