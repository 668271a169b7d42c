"""Classic extractive baselines, to compare the default summarizer against.

* ``lead``: the first N sentences (Lead-N), the standard news baseline.
* ``textrank``: plain TextRank (Mihalcea and Tarau, 2004): PageRank over a graph whose
  edges are content-word overlap normalized by sentence lengths; no position prior, no
  salience, no redundancy removal.
* ``centroid``: the TF-IDF centroid method (Radev et al., 2004): each sentence scored by
  its cosine with the document's mean TF-IDF vector.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from toolkit.summarize.base import ExtractiveSummarizer
from toolkit.summarize.graph import (
    binary_matrix,
    pagerank,
    similarity_graph,
    textrank_normalizer,
    tfidf_matrix,
)
from toolkit.summarize.tokens import terms, words
from toolkit.text.segment import Segment

if TYPE_CHECKING:
    from toolkit.glossary.model import Glossary


class LeadSummarizer(ExtractiveSummarizer):
    """The first N sentences."""

    name = "lead"

    def _rank(
        self, segments: Sequence[Segment], lang: str, glossary: Glossary | None
    ) -> list[float]:
        n = len(segments)
        return [1.0 - i / n for i in range(n)]


class TextRankSummarizer(ExtractiveSummarizer):
    """Plain TextRank on content-word overlap."""

    name = "textrank"

    def __init__(self, *, damping: float = 0.85, neighbours: int = 50) -> None:
        self.damping = damping
        self.neighbours = neighbours

    def _options(self) -> Mapping[str, object]:
        return {"damping": self.damping, "k": self.neighbours}

    def _rank(
        self, segments: Sequence[Segment], lang: str, glossary: Glossary | None
    ) -> list[float]:
        matrix = binary_matrix([terms(s.text, lang) for s in segments])
        lengths = np.array([len(words(s.text)) for s in segments])
        graph = similarity_graph(
            matrix, neighbours=self.neighbours, normalize=textrank_normalizer(lengths)
        )
        return [float(x) for x in pagerank(graph, damping=self.damping)]


class CentroidSummarizer(ExtractiveSummarizer):
    """Cosine similarity of each sentence with the document's TF-IDF centroid."""

    name = "centroid"

    def _rank(
        self, segments: Sequence[Segment], lang: str, glossary: Glossary | None
    ) -> list[float]:
        matrix = tfidf_matrix([terms(s.text, lang) for s in segments])
        centroid = np.bincount(matrix.row_terms, weights=matrix.row_weights, minlength=matrix.terms)
        norm = float(np.linalg.norm(centroid))
        if norm == 0:
            return [0.0] * len(segments)
        scores = np.zeros(len(segments))
        rows = np.repeat(np.arange(matrix.rows), np.diff(matrix.row_ptr))
        np.add.at(scores, rows, matrix.row_weights * centroid[matrix.row_terms] / norm)
        return [float(x) for x in scores]
