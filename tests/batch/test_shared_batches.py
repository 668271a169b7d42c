"""Sentences of several texts in shared batches (TranslationEngine.translate_many): the same
results as translating each text alone, one after another, in fewer model calls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from batch_corpus import BOILERPLATE, articles

from toolkit.translate.engine import TranslateOptions, TranslationEngine
from toolkit.translate.factory import build_translator
from toolkit.translate.memory import TranslationMemory
from toolkit.translate.session import resolve_glossary

FAST = TranslateOptions(num_hypotheses=2, beam_size=2)


class CountingEngine:
    """A TranslationEngine over the tiny model whose translator counts generate calls."""

    def __init__(self, model: Path, glossary: Path, memory: Path) -> None:
        translator = build_translator(str(model), "ru", backend="ct2")
        self.calls = 0
        generate = translator.generate

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return generate(*args, **kwargs)

        translator.generate = counted  # type: ignore[method-assign]
        self.memory = TranslationMemory(memory)
        self.engine = TranslationEngine(
            translator, resolve_glossary(str(glossary), False), self.memory, FAST
        )


def test_translate_many_equals_each_text_alone(
    tiny_nllb: Path, glossary_file: Path, tmp_path: Path
) -> None:
    texts = list(articles(5).values())
    texts.insert(2, texts[0])  # a whole text again
    pooled = CountingEngine(tiny_nllb, glossary_file, tmp_path / "pooled.sqlite3")
    alone = CountingEngine(tiny_nllb, glossary_file, tmp_path / "alone.sqlite3")
    together = pooled.engine.translate_many(texts)
    one_by_one = [alone.engine.translate(text) for text in texts]
    assert [t.to_dict() for t in together] == [t.to_dict() for t in one_by_one]
    assert (pooled.memory.hits, pooled.memory.misses) == (alone.memory.hits, alone.memory.misses)
    # The boilerplate of each text after the first is served by the memory, as it would be
    # one text after another.
    boiler = [s for t in together for s in t.segments if s.source == BOILERPLATE]
    assert [s.cached for s in boiler] == [False] + [True] * (len(texts) - 1)
    assert pooled.calls < alone.calls
