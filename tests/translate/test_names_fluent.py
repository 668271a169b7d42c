"""Names on the fluent stand-in: where the model already writes each name one way, keeping
names consistent chooses the model's own rendering and changes nothing.

The renderings and the unchanged output are checked against the hand-written references
(``evaluation/references/``), not against the toolkit's own matchers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import SEED

from toolkit.translate.engine import TranslationEngine
from toolkit.translate.factory import build_translator
from toolkit.translate.names import translate_with_names

pytestmark = pytest.mark.slow

SEED_TEXT = SEED.read_text(encoding="utf-8")
PEOPLE = {
    "en": {"میثم عابدی": "Meysam Abedi", "کاظم جلالی": "Kazem Jalali"},
    "ru": {"میثم عابدی": "Мейсам Абеди", "کاظم جلالی": "Казем Джалали"},
}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_models_own_names_are_kept_and_nothing_else_changes(
    fluent_nllb: Path, reference_lines: dict[str, list[str]], lang: str
) -> None:
    engine = TranslationEngine(build_translator(str(fluent_nllb), lang, backend="ct2"), None)
    plain = engine.translate(SEED_TEXT)
    kept, names = translate_with_names(engine, SEED_TEXT)
    assert {n.source: n.rendering for n in names} == PEOPLE[lang]
    assert {n.chosen for n in names} == {"model"}
    # The references write each name so; the output is the model's, word for word.
    reference = "\n".join(reference_lines[lang])
    for rendering in PEOPLE[lang].values():
        assert rendering in reference
    assert kept.lines == plain.lines
