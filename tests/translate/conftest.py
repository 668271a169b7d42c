"""Fixtures of the translation tests: the seed translated once per session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from builders import ROOT, SEED

from toolkit.glossary.validate import load_glossary
from toolkit.translate.base import Translation
from toolkit.translate.engine import TranslateOptions

SEED_GLOSSARY = load_glossary(ROOT / "glossaries" / "iran-russia-ict.tsv")
"""The shipped domain glossary, which the seed's translations are checked against."""
FAST = TranslateOptions(num_hypotheses=2, beam_size=2)
"""Fast settings: two hypotheses from a beam of two."""


@pytest.fixture(scope="session")
def seed_translation(tiny_nllb: Path) -> Callable[[str, str], Translation]:
    """The seed translated by the tiny model under :data:`SEED_GLOSSARY` with :data:`FAST`,
    no memory: ``seed_translation(backend, lang)``. Each is made on first use and kept for
    the session (test_engine and test_insert_forms check the same translations; about 15 s
    each)."""
    from toolkit.translate.engine import TranslationEngine
    from toolkit.translate.factory import build_translator

    made: dict[tuple[str, str], Translation] = {}

    def translation(backend: str, lang: str) -> Translation:
        if (backend, lang) not in made:
            translator = build_translator(str(tiny_nllb), lang, backend=backend)
            engine = TranslationEngine(translator, SEED_GLOSSARY, options=FAST)
            made[(backend, lang)] = engine.translate(SEED.read_text(encoding="utf-8"))
        return made[(backend, lang)]

    return translation
