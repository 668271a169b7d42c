"""Summarization: extractive by default (no model), abstractive with a seq2seq model, or
written by a chat model behind an OpenAI-compatible server (``llm``).

``SUMMARIZERS`` maps each method name to its class, imported on first use, so that listing
the methods (for ``--method``) loads neither numpy-heavy code nor torch::

    from toolkit.summarize import get_summarizer
    summary = get_summarizer("extractive").summarize(text, count="20%")
"""

from __future__ import annotations

from toolkit.registry import resolve
from toolkit.summarize.base import (
    ScoredSentence,
    Summarizer,
    Summary,
    SummaryLength,
)

SUMMARIZERS: dict[str, str] = {
    "extractive": "toolkit.summarize.extractive:ExtractiveDefault",
    "abstractive": "toolkit.summarize.abstractive:AbstractiveSummarizer",
    "lead": "toolkit.summarize.baselines:LeadSummarizer",
    "textrank": "toolkit.summarize.baselines:TextRankSummarizer",
    "centroid": "toolkit.summarize.baselines:CentroidSummarizer",
    "llm": "toolkit.summarize.llm:LLMSummarizer",
}
"""Method name -> ``module:Class``. The first entry is the default."""

DEFAULT_METHOD = "extractive"


def summarizer_class(name: str) -> type[Summarizer]:
    """The class registered as ``name``; ``ConfigError`` for an unknown name."""
    cls: type[Summarizer] = resolve(SUMMARIZERS, name, "summarization method")
    return cls


def get_summarizer(name: str = DEFAULT_METHOD, **kwargs: object) -> Summarizer:
    """An instance of the summarizer registered as ``name``, built with ``kwargs``."""
    return summarizer_class(name)(**kwargs)


__all__ = [
    "DEFAULT_METHOD",
    "SUMMARIZERS",
    "ScoredSentence",
    "Summarizer",
    "Summary",
    "SummaryLength",
    "get_summarizer",
    "summarizer_class",
]
