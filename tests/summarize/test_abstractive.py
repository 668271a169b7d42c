"""Abstractive summarization through a tiny random-weight mT5 checkpoint (offline)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from toolkit.errors import ModelError
from toolkit.summarize import get_summarizer
from toolkit.summarize.abstractive import (
    DEFAULT_MODEL,
    AbstractiveSummarizer,
    Generated,
    LoadedModel,
    count_tokens,
    pack_sentences,
)
from toolkit.text import segment

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("lengths", "limit", "expected"),
    [
        ([3, 4, 5], 9, ["s0 s1", "s2"]),  # one token kept for the end of sequence
        ([3, 4, 5], 13, ["s0 s1 s2"]),
        ([20, 2, 2], 9, ["s0", "s1 s2"]),  # too long alone: its own chunk (truncated later)
        ([2, 20, 2], 9, ["s0", "s1", "s2"]),
        ([], 9, []),
    ],
)
def test_pack_sentences(lengths: list[int], limit: int, expected: list[str]) -> None:
    texts = [f"s{i}" for i in range(len(lengths))]
    assert pack_sentences(texts, lengths, limit) == expected


def test_summarizes_offline_with_a_tiny_mt5(tiny_mt5: Path, article: Callable[[str], str]) -> None:
    summarizer = get_summarizer("abstractive", model=str(tiny_mt5), max_new_tokens=12)
    summary = summarizer.summarize(article("01"), count=2, lang="fa")
    assert summary.method == "abstractive"
    assert summary.language == "fa"
    assert 1 <= len(summary.sentences) <= 2
    assert summary.text
    assert [s.segment.index for s in summary.sentences] == list(
        range(1, len(summary.sentences) + 1)
    )
    assert all(s.score <= 0 for s in summary.sentences)  # mean log-probabilities
    signature = summary.signature.to_dict()
    assert signature["model"] == str(tiny_mt5)
    assert signature["method"] == "abstractive"
    again = get_summarizer("abstractive", model=str(tiny_mt5), max_new_tokens=12)
    assert again.summarize(article("01"), count=2, lang="fa") == summary  # deterministic


def test_long_input_is_chunked_and_resummarized(
    tiny_mt5: Path, article: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []
    original = AbstractiveSummarizer.generate

    def spy(
        self: AbstractiveSummarizer, loaded: LoadedModel, inputs: list[str], limit: int
    ) -> list[Generated]:
        calls.append(list(inputs))
        return original(self, loaded, inputs, limit)

    monkeypatch.setattr(AbstractiveSummarizer, "generate", spy)
    limit = 160  # the tiny vocabulary spends 25 to 90 tokens on a sentence of article 01
    summarizer = AbstractiveSummarizer(str(tiny_mt5), max_input_tokens=limit, max_new_tokens=8)
    summary = summarizer.summarize(article("01"), count=1, lang="fa")
    first = calls[0]
    assert len(first) > 1  # the article did not fit
    assert " ".join(first) == " ".join(article("01").split())  # all of it, in order
    sizes = count_tokens(summarizer.load(), first)
    sentences = [len(segment(chunk, "fa")) for chunk in first]
    assert max(sentences) > 1  # sentences are packed together ...
    assert all(n < limit or k == 1 for n, k in zip(sizes, sentences, strict=True))  # ... to fit
    assert len(calls) >= 2  # the partial summaries were summarized again
    assert len(summary.sentences) == 1


def test_model_is_loaded_once_per_process(tiny_mt5: Path) -> None:
    a = AbstractiveSummarizer(str(tiny_mt5)).load()
    b = AbstractiveSummarizer(str(tiny_mt5), num_beams=2).load()
    assert a is b
    assert a.max_input_tokens == 512  # mT5 states no usable model_max_length


def test_missing_model_is_one_line_naming_it(offline: Path) -> None:
    summarizer = get_summarizer("abstractive")
    with pytest.raises(ModelError) as info:
        summarizer.summarize("هوا خوب است. باران نمی‌بارد.", count=1)
    message = str(info.value)
    assert "\n" not in message
    assert DEFAULT_MODEL in message
    assert f"toolkit models download {DEFAULT_MODEL}" in message
    assert "model= DIR" in message  # the library names the parameter; the CLI, --model


def test_missing_directory_is_an_error(offline: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"no config\.json"):
        AbstractiveSummarizer(str(tmp_path)).load()


def test_models_download_accepts_a_summarization_model(tiny_mt5: Path) -> None:
    from toolkit.translate.models import download_model

    # A local mT5 checkpoint is accepted as is (no CTranslate2 conversion for summarizers).
    assert download_model(str(tiny_mt5), backend="ct2") == tiny_mt5
