"""The pivot translator: typed errors, attention composed through the pivot, bounded cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from toolkit.errors import ConfigError
from toolkit.signature import Signature
from toolkit.translate.backends import Hypothesis, SourceAttention
from toolkit.translate.base import ALL_CAPABILITIES, PivotTranslator, Translator, compose_attention
from toolkit.translate.factory import build_translator


def test_composed_attention_follows_the_pivot_words() -> None:
    # fa "A B" -> en "x y" (A->y, B->x); en "x y" -> ru "p q" (p->x, q->y)
    first = SourceAttention(("▁A", "▁B"), ("▁x", "▁y"), ((0.0, 1.0), (1.0, 0.0)))
    # the second leg splits the pivot word "y" into two pieces: they stay one word
    second = SourceAttention(("▁x", "▁y", "y2"), ("▁p", "▁q"), ((1.0, 0.0, 0.0), (0.0, 0.5, 0.5)))
    composed = compose_attention(first, second)
    assert composed.source_tokens == ("▁A", "▁B") and composed.target_tokens == ("▁p", "▁q")
    assert composed.weights == ((0.0, 1.0), (1.0, 0.0))  # p <- x <- B, q <- y <- A
    assert composed.aligned_source() == (1, 0)


class Leg(Translator):
    capabilities = ALL_CAPABILITIES

    def __init__(self, src: str, tgt: str) -> None:
        self.source_language, self.target_language = src, tgt
        self.calls = 0

    def generate(self, sources: list[str], **kw: Any) -> list[list[Hypothesis]]:
        self.calls += len(sources)
        return [[Hypothesis(s.upper(), 0.0)] for s in sources]

    def score(self, sources: list[str], targets: list[str]) -> list[float]:
        return [0.0] * len(targets)

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(t.split()) for t in texts]

    @property
    def max_source_tokens(self) -> int:
        return 100

    @property
    def signature(self) -> Signature:
        return Signature.create("model", model=f"{self.source_language}-{self.target_language}")


def test_legs_that_do_not_meet_are_a_config_error() -> None:
    with pytest.raises(ConfigError, match="do not meet"):
        PivotTranslator(Leg("fa", "en"), Leg("de", "ru"))


def test_the_pivot_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    first = Leg("fa", "en")
    pivot = PivotTranslator(first, Leg("en", "ru"))
    monkeypatch.setattr(PivotTranslator, "PIVOT_CACHE", 3)
    pivot.generate([f"s{i}" for i in range(10)])
    assert len(pivot._pivot) == 3
    calls = first.calls
    pivot.generate(["s9"])  # recent: served from the cache
    assert first.calls == calls
    pivot.generate(["s0"])  # evicted: translated again
    assert first.calls == calls + 1
    assert pivot.signature.setting("pivot") == "en"
    assert pivot.signature.model == "fa-en > en-ru"


@pytest.mark.slow
def test_marian_pivot_gives_attention_for_term_placement(
    tiny_marian_fa_en: Path, tiny_marian_en_ru: Path
) -> None:
    pivot = build_translator(
        str(tiny_marian_fa_en), "ru", backend="ct2", pivot_model=str(tiny_marian_en_ru)
    )
    source = "تفاهم‌نامه امضا شد."
    target = "Меморандум подписан."
    [att] = pivot.attention([source], [target]) or [None]
    assert att is not None
    assert len(att.weights) == len(att.target_tokens)
    assert all(len(row) == len(att.source_tokens) for row in att.weights)
