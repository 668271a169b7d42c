"""Names on the fluent stand-in: where the model already writes each name one way, keeping
names consistent chooses the model's own rendering and changes nothing.

The renderings and the unchanged output are checked against the hand-written references
(``evaluation/references/``), not against the toolkit's own matchers.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from builders import SEED

from toolkit.signature import Signature
from toolkit.translate.backends.base import Hypothesis, SourceAttention
from toolkit.translate.base import ALL_CAPABILITIES, Translator
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


class Respelling(Translator):
    """The fluent model, made to spell a name another way wherever the given name is not
    beside it: the failure a real model shows (Jalali in one sentence, Jalaly later)."""

    capabilities = ALL_CAPABILITIES

    def __init__(self, inner: Translator, old: str, new: str) -> None:
        self.inner, self.old, self.new = inner, old, new
        self.source_language = inner.source_language
        self.target_language = inner.target_language

    def generate(self, sources: list[str], **options: Any) -> list[list[Hypothesis]]:
        out = self.inner.generate(sources, **options)
        prefixes = options.get("prefixes") or [None] * len(sources)
        return [
            [
                replace(h, text=h.text.replace(self.old, self.new))
                if "کاظم" not in source and prefix is None
                else h
                for h in hyps
            ]
            for source, prefix, hyps in zip(sources, prefixes, out, strict=True)
        ]

    def score(self, sources: list[str], targets: list[str]) -> list[float]:
        return self.inner.score(sources, targets)

    def count_tokens(self, texts: list[str]) -> list[int]:
        return self.inner.count_tokens(texts)

    @property
    def max_source_tokens(self) -> int:
        return self.inner.max_source_tokens

    @property
    def signature(self) -> Signature:
        return self.inner.signature

    def attention(self, sources: list[str], targets: list[str]) -> list[SourceAttention] | None:
        return self.inner.attention(sources, targets)


@pytest.mark.parametrize(
    ("lang", "old", "new"), [("en", "Jalali", "Jalaly"), ("ru", "Джалали", "Джалаль")]
)
def test_a_name_spelt_two_ways_is_repaired_to_the_first_and_the_sentence_kept(
    fluent_nllb: Path, reference_lines: dict[str, list[str]], lang: str, old: str, new: str
) -> None:
    inner = build_translator(str(fluent_nllb), lang, backend="ct2")
    engine = TranslationEngine(Respelling(inner, old, new), None)
    plain = engine.translate(SEED_TEXT)
    lines = SEED_TEXT.splitlines()
    later = next(k for k, line in enumerate(lines) if line.startswith("جلالی"))
    assert new in plain.lines[later] and old not in plain.lines[later]  # the injected failure
    kept, names = translate_with_names(engine, SEED_TEXT)
    jalali = next(n for n in names if n.source == "کاظم جلالی")
    assert (jalali.rendering, jalali.chosen) == (PEOPLE[lang]["کاظم جلالی"], "model")
    # The later sentence is the reference's again: the name respelt, nothing else touched.
    assert kept.lines[later] == reference_lines[lang][later]
    assert new not in kept.text
    outcome = next(t for s in kept.segments if s.line == later + 1 for t in s.terms)
    assert outcome.status == "substituted" and outcome.replaced == new
