"""One rendering per unglossed name throughout a document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builders import ROOT

from toolkit.glossary.validate import load_glossary
from toolkit.translate.engine import TranslateOptions, TranslationEngine
from toolkit.translate.factory import build_translator
from toolkit.translate.memory import TranslationMemory
from toolkit.translate.names import model_rendering, translate_with_names, unglossed_names

FAST = TranslateOptions(num_hypotheses=2, beam_size=2)
TEXT = (
    "ژوبین سرکاراتی، معاون وزیر نیرو، گفت: همکاری دو کشور ادامه دارد.\n"
    "سرکاراتی افزود: دو طرف توافق کردند.\n"
    "میثم قربان‌زاده گفت: این نشست مهم بود.\n"
    "قربان‌زاده تصریح کرد: همکاری ادامه دارد.\n"
    "این سفر دو روز طول کشید.\n"
)


def inflected(word: str, line: str) -> bool:
    """``word`` in ``line``, allowing a Russian case ending (Жубин -> Жубину)."""
    return re.search(rf"\b{re.escape(word)}(?:[ауеомы]|ом|ой|ем)?\b", line) is not None


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_random_model_keeps_one_rendering_per_name(tiny_nllb: Path, lang: str) -> None:
    engine = TranslationEngine(
        build_translator(str(tiny_nllb), lang, backend="ct2"), None, options=FAST
    )
    translation, names = translate_with_names(engine, TEXT)
    assert [n.source for n in names] == ["ژوبین سرکاراتی", "میثم قربان‌زاده"]
    lines = translation.lines
    for name, full_lines, alone_line in ((names[0], (0,), 1), (names[1], (2,), 3)):
        # The random model writes nothing close: the transliteration is used everywhere.
        assert name.chosen == "transliterated" and name.occurrences == 2
        for k in full_lines:
            assert all(inflected(word, lines[k]) for word in name.rendering.split())
        assert inflected(name.rendering.split()[-1], lines[alone_line])
    # Lines without a name are the first pass's; the signature names the renderings.
    assert translation.signature is not None
    assert "names" in dict(translation.signature.settings)
    statuses = {t.term: t.status for s in translation.segments for t in s.terms}
    assert statuses["ژوبین سرکاراتی"] in ("inserted", "constrained", "substituted", "model")
    # Noise never writes a name: each of the four (two names, two surnames) was placed.
    assert len(statuses) == 4
    assert set(statuses.values()) <= {"inserted", "constrained", "substituted"}, statuses


def test_names_in_the_glossary_are_left_to_it() -> None:
    glossary = load_glossary(ROOT / "glossaries" / "iran-russia-ict.tsv")
    text = "میثم عابدی گفت: همکاری ادامه دارد.\nعابدی افزود: توافق شد.\n"
    assert unglossed_names(text, glossary) == []
    assert [n.full for n in unglossed_names(text, None)] == ["میثم عابدی"]


@pytest.mark.parametrize(
    ("translation", "expected", "found"),
    [
        ("Meisam Abedi, the deputy minister, said", "Meysam Abedi", "Meisam Abedi"),
        ("The deputy minister Abdi said", "Abedi", "Abdi"),
        ("Заместитель министра Мейсам Абеди заявил", "Мейсам Абеди", "Мейсам Абеди"),
        ("The minister said nothing new", "Meysam Abedi", None),
    ],
)
def test_the_models_rendering_is_the_closest_words(
    translation: str, expected: str, found: str | None
) -> None:
    assert model_rendering(translation, expected) == found


def test_a_second_run_of_a_document_with_names_is_served_from_memory(
    tiny_nllb: Path, tmp_path: Path
) -> None:
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    translator = build_translator(str(tiny_nllb), "ru", backend="ct2")
    first, _ = translate_with_names(TranslationEngine(translator, None, memory, FAST), TEXT)
    misses = memory.misses
    again, _ = translate_with_names(TranslationEngine(translator, None, memory, FAST), TEXT)
    assert memory.misses == misses  # both passes, the names' included, come from memory
    assert again.lines == first.lines
