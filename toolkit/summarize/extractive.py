"""The default summarizer: extractive, no model, for Persian, English and Russian news.

For each sentence (from the text layer's segmenter):

1. **Centrality**: weighted PageRank over a sparse TF-IDF cosine graph of the sentences
   (LexRank/TextRank family; see :mod:`toolkit.summarize.graph`), on key-form content terms
   with stop words removed.
2. **Position**: a news prior, ``0.5 ** (i / half_life)``: the lead counts, but it only
   gets a share of the score.
3. **Salience**: numbers and amounts, glossary terms (when a glossary is given) and, in
   English and Russian, capitalized words inside the sentence (names).

The three, each scaled to [0, 1], are averaged (equal weights by default) into a relevance
score. Sentences are then picked greedily by maximal marginal relevance (MMR):
``lambda * relevance - (1 - lambda) * redundancy``, where redundancy is the share of a
sentence's TF-IDF mass in terms the summary already has, so a sentence that restates one
already chosen is skipped, and a near-duplicate (80% of its mass already covered) comes
last. A sentence that opens with a pronoun
(``وی``, ``he``, ``он``) is discounted unless the sentence before it is already in the
summary. Ties go to the earlier sentence, so the result is deterministic.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from toolkit.errors import ConfigError
from toolkit.glossary.source import source_matcher
from toolkit.summarize.base import ExtractiveSummarizer, ScoredSentence
from toolkit.summarize.graph import (
    TermMatrix,
    decay_prior,
    pagerank,
    rescale,
    similarity_graph,
    tfidf_matrix,
)
from toolkit.summarize.stopwords import PRONOUN_STARTS, QUANTITY_WORDS
from toolkit.summarize.tokens import has_digit, stopwords, terms, words
from toolkit.text.segment import Segment

if TYPE_CHECKING:
    from toolkit.glossary.model import Glossary

_SATURATION = 3  # salience features count up to this many items per sentence


@dataclass(frozen=True)
class Analysis:
    """The per-sentence signals behind an extractive summary (for inspection and tests)."""

    matrix: TermMatrix
    centrality: np.ndarray
    position: np.ndarray
    salience: np.ndarray
    relevance: np.ndarray
    pronoun_start: np.ndarray


class ExtractiveDefault(ExtractiveSummarizer):
    """Centrality + news position prior + salience, selected with MMR.

    ``_rank`` gives each sentence's relevance (before MMR); ``analyze`` exposes every signal.
    """

    name = "extractive"
    uses_glossary = True

    def __init__(
        self,
        *,
        centrality_weight: float = 1.0,
        position_weight: float = 1.0,
        salience_weight: float = 1.0,
        half_life: float = 3.0,
        mmr_lambda: float = 0.7,
        pronoun_penalty: float = 0.7,
        duplicate: float = 0.8,
        neighbours: int = 20,
        damping: float = 0.85,
    ) -> None:
        weights = (centrality_weight, position_weight, salience_weight)
        if min(weights) < 0 or sum(weights) <= 0:
            raise ConfigError("extractive weights must be non-negative and not all zero")
        if not 0 <= mmr_lambda <= 1:
            raise ConfigError(f"mmr_lambda must be between 0 and 1, not {mmr_lambda}")
        if half_life <= 0:
            raise ConfigError(f"half_life must be positive, not {half_life}")
        if neighbours < 1:
            raise ConfigError(f"neighbours must be at least 1, not {neighbours}")
        total = sum(weights)
        self.centrality_weight = centrality_weight / total
        self.position_weight = position_weight / total
        self.salience_weight = salience_weight / total
        self.half_life = half_life
        self.mmr_lambda = mmr_lambda
        self.pronoun_penalty = pronoun_penalty
        self.duplicate = duplicate
        self.neighbours = neighbours
        self.damping = damping

    def _options(self) -> Mapping[str, object]:
        return {
            "weights": f"{self.centrality_weight:.3g}/{self.position_weight:.3g}/"
            f"{self.salience_weight:.3g}",
            "half_life": self.half_life,
            "mmr": self.mmr_lambda,
            "pronoun": self.pronoun_penalty,
            "duplicate": self.duplicate,
            "k": self.neighbours,
        }

    def analyze(
        self, segments: Sequence[Segment], lang: str, glossary: Glossary | None = None
    ) -> Analysis:
        """Every signal for every sentence."""
        texts = [s.text for s in segments]
        matrix = tfidf_matrix([terms(t, lang) for t in texts])
        graph = similarity_graph(matrix, neighbours=self.neighbours)
        centrality = rescale(pagerank(graph, damping=self.damping))
        position = decay_prior(len(segments), self.half_life)
        sal = salience(segments, lang, glossary)
        relevance = (
            self.centrality_weight * centrality
            + self.position_weight * position
            + self.salience_weight * sal
        )
        pronouns = PRONOUN_STARTS.get(lang, frozenset())
        starts = np.array([_first_word(t) in pronouns for t in texts], dtype=bool)
        return Analysis(matrix, centrality, position, sal, relevance, starts)

    def _rank(
        self, segments: Sequence[Segment], lang: str, glossary: Glossary | None
    ) -> list[float]:
        return [float(x) for x in self.analyze(segments, lang, glossary).relevance]

    def _compose(
        self, segments: Sequence[Segment], n: int, lang: str, glossary: Glossary | None
    ) -> Sequence[ScoredSentence]:
        analysis = self.analyze(segments, lang, glossary)
        picked = mmr_select(
            analysis.relevance,
            analysis.matrix,
            n,
            mmr_lambda=self.mmr_lambda,
            pronoun_start=analysis.pronoun_start,
            pronoun_penalty=self.pronoun_penalty,
            duplicate=self.duplicate,
        )
        return [ScoredSentence(segments[i], float(analysis.relevance[i])) for i in picked]


def mmr_select(
    relevance: np.ndarray,
    matrix: TermMatrix,
    n: int,
    *,
    mmr_lambda: float = 0.7,
    pronoun_start: np.ndarray | None = None,
    pronoun_penalty: float = 1.0,
    duplicate: float = 0.8,
) -> list[int]:
    """Pick ``n`` rows by maximal marginal relevance; returns them in document order.

    Each step takes the row with the highest ``mmr_lambda * relevance - (1 - mmr_lambda) *
    redundancy``. A row's redundancy is the share of its TF-IDF mass (squared weights of a unit
    row) in terms that the rows picked so far already contain: 1 for a sentence that only
    repeats them, 0 for one that is all new, whatever words it adds around them. A row flagged
    in ``pronoun_start`` has its relevance multiplied by ``pronoun_penalty`` while the row
    before it is not picked. A row whose redundancy reaches ``duplicate`` (a near-duplicate)
    comes after every other row, whatever its relevance.
    """
    total = len(relevance)
    n = min(n, total)
    redundancy = np.zeros(total)
    available = np.ones(total, dtype=bool)
    covered = np.zeros(matrix.terms, dtype=bool)
    flagged = pronoun_start.copy() if pronoun_start is not None else np.zeros(total, dtype=bool)
    flagged[0] = False
    picked: list[int] = []
    for _ in range(n):
        rel = np.where(flagged, relevance * pronoun_penalty, relevance)
        gain = mmr_lambda * rel - (1 - mmr_lambda) * redundancy
        gain[redundancy >= duplicate] -= 2.0  # below every sentence that adds something
        gain[~available] = -np.inf
        best = int(np.argmax(gain))  # the first of equal gains: ties go to the earlier one
        picked.append(best)
        available[best] = False
        if best + 1 < total:
            flagged[best + 1] = False
        for term in matrix.row(best)[0]:
            if not covered[term]:
                covered[term] = True
                a, b = matrix.col_ptr[term], matrix.col_ptr[term + 1]
                redundancy[matrix.col_rows[a:b]] += matrix.col_weights[a:b] ** 2
    return sorted(picked)


def salience(segments: Sequence[Segment], lang: str, glossary: Glossary | None) -> np.ndarray:
    """Per sentence, in [0, 1]: the mean of the saturated counts of numbers, names (English,
    Russian) and glossary terms (when a glossary is given)."""
    features = [_number_counts(segments, lang)]
    if lang in ("en", "ru"):
        features.append(_name_counts(segments, lang))
    if glossary is not None and len(glossary):
        features.append(_glossary_counts(segments, lang, glossary))
    stacked = np.minimum(np.vstack(features), _SATURATION) / _SATURATION
    return np.asarray(stacked.mean(axis=0))


def _number_counts(segments: Sequence[Segment], lang: str) -> np.ndarray:
    quantity = QUANTITY_WORDS.get(lang, frozenset())
    out = np.zeros(len(segments))
    for i, seg in enumerate(segments):
        found = {w for w in words(seg.text) if w.isdigit() or w in quantity}
        if not found and has_digit(seg.text):
            found = {"#"}
        out[i] = len(found)
    return out


def _name_counts(segments: Sequence[Segment], lang: str) -> np.ndarray:
    """Capitalized words that do not open the sentence and are not stop words."""
    stop = stopwords(lang)
    out = np.zeros(len(segments))
    for i, seg in enumerate(segments):
        names = set()
        for token in seg.text.split()[1:]:
            core = token.strip("\"'«»“”„()[]{}.,;:!?—–-")
            if core[:1].isupper() and core.lower() not in stop:
                names.add(core.lower())
        out[i] = len(names)
    return out


def _glossary_counts(segments: Sequence[Segment], lang: str, glossary: Glossary) -> np.ndarray:
    """Distinct glossary terms per sentence, found on the whole text at once."""
    joined = "\n".join(s.text for s in segments)
    offsets = []
    pos = 0
    for s in segments:
        offsets.append(pos)
        pos += len(s.text) + 1
    hits: list[set[int]] = [set() for _ in segments]
    if lang == glossary.source_language:
        for m in source_matcher(glossary, lang).find(joined):
            hits[bisect.bisect_right(offsets, m.start) - 1].add(id(m.term))
    else:
        from toolkit.glossary.target import target_matcher

        matcher = target_matcher(lang)
        for term in glossary:
            if term.get(lang):
                for tm in matcher.find(joined, term):
                    hits[bisect.bisect_right(offsets, tm.start) - 1].add(id(term))
    return np.array([len(h) for h in hits], dtype=np.float64)


def _first_word(text: str) -> str:
    found = words(text[:40])
    return found[0] if found else ""
