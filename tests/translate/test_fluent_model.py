"""The fluent stand-in model: through both backends it reproduces the reference translations.

The model (``tests/fluent_model.py``) is trained once per machine and cached; the first run
of these tests trains it (a minute or two on two CPU cores), later runs reuse it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from builders import ROOT, SEED
from fluent_model import MARKER, TRAINING_LOG, build_fluent_nllb, sentence_pairs, term_pairs

from toolkit.glossary.validate import load_glossary
from toolkit.text.segment import split_lines
from toolkit.translate.base import SegmentTranslation
from toolkit.translate.engine import TranslateOptions, TranslationEngine
from toolkit.translate.factory import build_translator

pytestmark = pytest.mark.slow

SEED_TEXT = SEED.read_text(encoding="utf-8")
REFERENCES = {
    lang: split_lines(
        (ROOT / "evaluation" / "references" / f"mehr-iran-russia-ict.{lang}.txt").read_text(
            encoding="utf-8"
        )
    )
    for lang in ("en", "ru")
}
BACKENDS_AND_LANGUAGES = [(b, lang) for b in ("hf", "ct2") for lang in ("en", "ru")]

# Isolated glossary terms, in the references' wording (hand-checked against the references).
TERMS = [
    ("قرارداد", "en", "contract"),
    ("قرارداد", "ru", "контракт"),
    ("سفیر", "en", "ambassador"),
    ("سفیر", "ru", "посол"),
    ("بخش خصوصی", "en", "private sector"),
    ("بخش خصوصی", "ru", "частный сектор"),
    ("وزارت ارتباطات", "en", "ICT Ministry"),
    ("وزارت ارتباطات", "ru", "Министерство ИКТ"),
    ("معاون وزیر ارتباطات و فناوری اطلاعات", "en", "Deputy ICT Minister"),
    ("سفیر ایران در روسیه", "en", "Iran's Ambassador to Russia"),
    ("همتا", "ru", "партнёр"),
    ("تفاهم\u200cنامه", "ru", "меморандум о взаимопонимании"),
    ("تفاهمنامه", "en", "memorandum of understanding"),  # as the seed writes it, no ZWNJ
]


def _translate(
    model: Path, backend: str, lang: str, glossary: bool = False
) -> tuple[tuple[str, ...], tuple[SegmentTranslation, ...]]:
    engine = TranslationEngine(
        build_translator(str(model), lang, backend=backend),
        load_glossary(ROOT / "glossaries" / "iran-russia-ict.tsv") if glossary else None,
        options=TranslateOptions(),
    )
    result = engine.translate(SEED_TEXT)
    return result.lines, result.segments


def test_training_data_is_the_seed_segments_and_every_glossary_variant() -> None:
    pairs = sentence_pairs()
    assert len(pairs) == 22
    assert [p.target for p in pairs if p.lang == "en"] == REFERENCES["en"]
    assert [p.target for p in pairs if p.lang == "ru"] == REFERENCES["ru"]
    terms = {(p.source, p.lang): p.target for p in term_pairs()}
    assert terms[("قرارداد", "en")] == "contract"
    assert terms[("تفاهمنامه", "ru")] == terms[("تفاهم\u200cنامه", "ru")]


def test_build_records_its_training_and_is_reused_at_once(fluent_nllb: Path) -> None:
    stats = json.loads((fluent_nllb / TRAINING_LOG).read_text(encoding="utf-8"))
    assert stats["greedy_exact"]["sentences_en"] == "11/11"
    assert stats["greedy_exact"]["sentences_ru"] == "11/11"
    assert stats["least_margin"] >= stats["recipe"]["min_margin"]
    assert (fluent_nllb / MARKER).is_file()
    started = time.monotonic()
    assert build_fluent_nllb() == fluent_nllb
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(("backend", "lang"), BACKENDS_AND_LANGUAGES)
def test_the_seed_translates_into_the_references_word_for_word(
    fluent_nllb: Path, backend: str, lang: str
) -> None:
    lines, segments = _translate(fluent_nllb, backend, lang)
    assert len(segments) == 11  # one sentence per line, none split for length
    assert not any(s.problems for s in segments)
    assert list(lines) == REFERENCES[lang]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_glossary_leaves_a_translation_with_every_term_untouched(
    fluent_nllb: Path, lang: str
) -> None:
    lines, segments = _translate(fluent_nllb, "ct2", lang, glossary=True)
    assert list(lines) == REFERENCES[lang]
    statuses = {t.status for s in segments for t in s.terms}
    assert statuses == {"model"}


@pytest.mark.parametrize("backend", ["hf", "ct2"])
def test_isolated_terms_take_the_references_wording(fluent_nllb: Path, backend: str) -> None:
    for lang in ("en", "ru"):
        cases = [(fa, want) for fa, case_lang, want in TERMS if case_lang == lang]
        translator = build_translator(str(fluent_nllb), lang, backend=backend)
        hyps = translator.generate([fa for fa, _ in cases], beam_size=1)
        assert [h[0].text for h in hyps] == [want for _, want in cases]
