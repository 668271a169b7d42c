"""The translation engine: the glossary guarantee, line alignment, numbers, splitting, memory.

The tiny models have random weights: their output is noise, which is the point. Term success
must still be 100%, because the guarantee does not depend on the model being good.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from builders import ROOT, SEED

from toolkit.glossary.validate import load_glossary
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


@pytest.fixture(scope="module")
def seed_translations(tiny_nllb: Path) -> dict[str, Any]:
    out = {}
    for lang in ("en", "ru"):
        engine = TranslationEngine(
            build_translator(str(tiny_nllb), lang, backend="ct2"), GLOSSARY, options=FAST
        )
        out[lang] = engine.translate(SEED_TEXT)
    return out


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
    text = "\n".join(SEED_TEXT.splitlines()[:3])
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
