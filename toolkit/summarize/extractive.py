"""The default summarizer: extractive, no model, news-aware, for Persian, English and Russian.

The design, and why: ``docs/design/extractive-summarizer.md``.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from toolkit.errors import ConfigError
from toolkit.glossary.source import source_matcher
from toolkit.summarize.base import (
    DEFAULT_SENTENCES,
    ExtractiveSummarizer,
    ScoredSentence,
    Summary,
    SummaryLength,
)
from toolkit.summarize.features import Cues, count_cues
from toolkit.summarize.graph import (
    Graph,
    TermMatrix,
    decay_prior,
    pagerank,
    rescale,
    similarity_graph,
    tfidf_matrix,
)
from toolkit.summarize.speakers import Speakers, analyze_speakers
from toolkit.summarize.tokens import content_terms, stopwords, words
from toolkit.text import ensure_language, segment
from toolkit.text.script import SCRIPTS
from toolkit.text.segment import Segment

if TYPE_CHECKING:
    from toolkit.glossary.model import Glossary

REWARDS: tuple[str, ...] = (
    "centrality",
    "position",
    "figures",
    "event",
    "date",
    "place",
    "decision",
    "glossary",
    "names",
)
PENALTIES: tuple[str, ...] = ("framing", "background", "praise", "restatement")
FEATURES: tuple[str, ...] = REWARDS + PENALTIES
"""Every feature, in the order the explanation lists them."""

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "centrality": 0.25,
    "position": 0.25,
    "figures": 2.0,
    "event": 2.0,
    "date": 0.0,
    "place": 0.5,
    "decision": 2.0,
    "glossary": 0.5,
    "names": 0.5,
    "framing": 1.5,
    "background": 2.0,
    "praise": 2.0,
    "restatement": 0.5,
}
"""The weight of each feature (penalties are subtracted)."""

DEFAULTS: Mapping[str, float] = {
    "half_life": 5.0,
    "mmr_lambda": 0.8,
    "replace_penalty": 0.9,
    "duplicate": 0.8,
}
"""The other settings of the default summarizer."""

SATURATION: Mapping[str, int] = {
    "figures": 3,
    "event": 2,
    "date": 1,
    "place": 1,
    "decision": 2,
    "glossary": 3,
    "names": 3,
    "framing": 1,
    "background": 1,
    "praise": 2,
}
"""A count feature is ``min(count, SATURATION) / SATURATION``."""


@dataclass(frozen=True)
class Analysis:
    """The per-sentence signals behind an extractive summary (for inspection and tests)."""

    matrix: TermMatrix
    features: Mapping[str, np.ndarray]
    """Feature name -> one value in [0, 1] per sentence (only the features in use)."""
    relevance: np.ndarray
    speakers: Speakers

    def contributions(self, weights: Mapping[str, float], i: int) -> dict[str, float]:
        """How much each feature adds to (or takes from) sentence ``i``'s relevance."""
        norm = _reward_norm(weights, self.features)
        out = {}
        for name, values in self.features.items():
            sign = -1.0 if name in PENALTIES else 1.0
            out[name] = sign * weights[name] * float(values[i]) / norm
        return out


@dataclass(frozen=True)
class SentenceExplanation:
    """One sentence's score and the features behind it."""

    segment: Segment
    score: float
    kept: bool
    features: Mapping[str, float]
    contributions: Mapping[str, float]
    opener: str | None = None
    refers_to: str | None = None

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "index": self.segment.index,
            "line": self.segment.line,
            "kept": self.kept,
            "score": round(self.score, 4),
            "features": {k: round(v, 4) for k, v in self.features.items()},
            "contributions": {k: round(v, 4) for k, v in self.contributions.items()},
        }
        if self.opener is not None:
            data["opener"] = self.opener
            data["refers_to"] = self.refers_to
        return data


@dataclass(frozen=True)
class Explanation:
    """A summary and, for every input sentence, its score and the features behind it."""

    summary: Summary
    weights: Mapping[str, float]
    sentences: tuple[SentenceExplanation, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "weights": dict(self.weights),
            "sentences": [s.to_dict() for s in self.sentences],
        }


class ExtractiveDefault(ExtractiveSummarizer):
    """News-aware features (rewards and penalties), selected with MMR, pronouns resolved.

    ``weights`` overrides some of ``DEFAULT_WEIGHTS`` by name. ``_rank`` gives each sentence's
    relevance (before MMR); ``analyze`` exposes every signal, ``explain`` a whole summary.
    """

    name = "extractive"
    uses_glossary = True

    def __init__(
        self,
        *,
        weights: Mapping[str, float] | None = None,
        half_life: float = DEFAULTS["half_life"],
        mmr_lambda: float = DEFAULTS["mmr_lambda"],
        replace_penalty: float = DEFAULTS["replace_penalty"],
        duplicate: float = DEFAULTS["duplicate"],
        neighbours: int = 20,
        damping: float = 0.85,
    ) -> None:
        merged = dict(DEFAULT_WEIGHTS)
        for key, value in (weights or {}).items():
            if key not in merged:
                raise ConfigError(
                    f"unknown extractive feature {key!r}; known: {', '.join(FEATURES)}"
                )
            merged[key] = float(value)
        if min(merged.values()) < 0 or sum(merged[k] for k in REWARDS) <= 0:
            raise ConfigError("extractive weights must be non-negative, and not every reward zero")
        if not 0 <= mmr_lambda <= 1:
            raise ConfigError(f"mmr_lambda must be between 0 and 1, not {mmr_lambda}")
        if half_life <= 0:
            raise ConfigError(f"half_life must be positive, not {half_life}")
        if not 0 <= replace_penalty <= 1:
            raise ConfigError(f"replace_penalty must be between 0 and 1, not {replace_penalty}")
        if neighbours < 1:
            raise ConfigError(f"neighbours must be at least 1, not {neighbours}")
        self.weights: Mapping[str, float] = merged
        self.half_life = half_life
        self.mmr_lambda = mmr_lambda
        self.replace_penalty = replace_penalty
        self.duplicate = duplicate
        self.neighbours = neighbours
        self.damping = damping

    def _options(self) -> Mapping[str, object]:
        return {
            "weights": ",".join(f"{k}:{self.weights[k]:g}" for k in FEATURES),
            "half_life": self.half_life,
            "mmr": self.mmr_lambda,
            "replace": self.replace_penalty,
            "duplicate": self.duplicate,
            "k": self.neighbours,
        }

    def analyze(
        self, segments: Sequence[Segment], lang: str, glossary: Glossary | None = None
    ) -> Analysis:
        """Every signal for every sentence."""
        texts = [s.text for s in segments]
        split = [words(t) for t in texts]
        matrix = tfidf_matrix([content_terms(ws, lang) for ws in split])
        graph = similarity_graph(matrix, neighbours=self.neighbours)
        found = [count_cues(t, lang, ws) for t, ws in zip(texts, split, strict=True)]
        features: dict[str, np.ndarray] = {
            "centrality": rescale(pagerank(graph, damping=self.damping)),
            "position": decay_prior(len(segments), self.half_life),
        }
        features.update(_cue_features(found))
        if glossary is not None and len(glossary):
            features["glossary"] = _saturate(_glossary_counts(segments, lang, glossary), "glossary")
        if SCRIPTS.get(lang) in ("Latin", "Cyrillic"):  # capitals mark names
            features["names"] = _saturate(_name_counts(segments, lang), "names")
        marker = np.array([c.restatement for c in found], dtype=np.float64)
        features["restatement"] = np.maximum(marker, _earlier_similarity(graph))
        features = {k: features[k] for k in FEATURES if k in features}
        relevance = np.zeros(len(segments))
        for name, values in features.items():
            sign = -1.0 if name in PENALTIES else 1.0
            relevance += sign * self.weights[name] * values
        relevance /= _reward_norm(self.weights, features)
        return Analysis(matrix, features, relevance, analyze_speakers(texts, lang))

    def _rank(
        self, segments: Sequence[Segment], lang: str, glossary: Glossary | None
    ) -> list[float]:
        return [float(x) for x in self.analyze(segments, lang, glossary).relevance]

    def _compose(
        self, segments: Sequence[Segment], n: int, lang: str, glossary: Glossary | None
    ) -> Sequence[ScoredSentence]:
        return self._select(segments, n, self.analyze(segments, lang, glossary))

    def _select(
        self, segments: Sequence[Segment], n: int, analysis: Analysis
    ) -> list[ScoredSentence]:
        speakers = analysis.speakers
        openers = Openers(
            flagged=np.array([speakers.flagged(i) for i in range(len(segments))], dtype=bool),
            named=np.array(
                [speakers.name_for(i) is not None for i in range(len(segments))], dtype=bool
            ),
            origin=np.array(
                [
                    -1 if (o := speakers.roles[i].origin) is None else o
                    for i in range(len(segments))
                ],
                dtype=np.int64,
            ),
            replace_penalty=self.replace_penalty,
        )
        picked = mmr_select(
            analysis.relevance,
            analysis.matrix,
            n,
            mmr_lambda=self.mmr_lambda,
            duplicate=self.duplicate,
            openers=openers,
        )
        replaced, _ = speakers.resolve([s.text for s in segments], picked)
        return [
            ScoredSentence(segments[i], float(analysis.relevance[i]), replaced.get(i))
            for i in picked
        ]

    def explain(
        self,
        text: str,
        *,
        count: int | float | str | SummaryLength = DEFAULT_SENTENCES,
        lang: str = "auto",
        glossary: Glossary | None = None,
    ) -> Explanation:
        """The summary of ``text`` and, for every sentence, its score and its features."""
        summary = self.summarize(text, count=count, lang=lang, glossary=glossary)
        found = ensure_language(text, lang)
        segments = segment(text, found)
        analysis = self.analyze(segments, found, glossary)
        kept = set(summary.indices)
        out = []
        for i, seg in enumerate(segments):
            role = analysis.speakers.roles[i]
            opener = seg.text[role.opener[0] : role.opener[1]] if role.opener else None
            out.append(
                SentenceExplanation(
                    seg,
                    float(analysis.relevance[i]),
                    seg.index in kept,
                    {k: float(v[i]) for k, v in analysis.features.items()},
                    analysis.contributions(self.weights, i),
                    opener,
                    analysis.speakers.name_for(i) if opener else None,
                )
            )
        return Explanation(summary, dict(self.weights), tuple(out))


@dataclass(frozen=True)
class Openers:
    """Sentences that open with a pronoun or a bare title, for :func:`mmr_select`."""

    flagged: np.ndarray
    """Opens with a pronoun or a bare title."""
    named: np.ndarray
    """The article names whom it refers to (the pronoun can be replaced)."""
    origin: np.ndarray
    """The antecedent sentence to bring along (-1: none)."""
    replace_penalty: float = 0.9


def mmr_select(
    relevance: np.ndarray,
    matrix: TermMatrix,
    n: int,
    *,
    mmr_lambda: float = 0.7,
    duplicate: float = 0.8,
    openers: Openers | None = None,
) -> list[int]:
    """Pick ``n`` rows by maximal marginal relevance; returns them in document order.

    Each step takes the row with the highest ``mmr_lambda * relevance - (1 - mmr_lambda) *
    redundancy``. A row's redundancy is the share of its TF-IDF mass (squared weights of a unit
    row) in terms that the rows picked so far already contain: 1 for a sentence that only
    repeats them, 0 for one that is all new, whatever words it adds around them. A row whose
    redundancy reaches ``duplicate`` (a near-duplicate) comes after every other row.

    A row flagged in ``openers`` whose origin is not picked competes with the larger of: the
    pair (origin, row), worth the mean of the two gains, while two picks are left; the row
    alone at ``replace_penalty`` times its relevance when it is ``named``. A row with neither
    comes last of all.
    """
    total = len(relevance)
    n = min(n, total)
    redundancy = np.zeros(total)
    available = np.ones(total, dtype=bool)
    covered = np.zeros(matrix.terms, dtype=bool)
    picked: list[int] = []

    def take(row: int) -> None:
        picked.append(row)
        available[row] = False
        for term in matrix.row(row)[0]:
            if not covered[term]:
                covered[term] = True
                a, b = matrix.col_ptr[term], matrix.col_ptr[term + 1]
                redundancy[matrix.col_rows[a:b]] += matrix.col_weights[a:b] ** 2

    while len(picked) < n:
        gain = mmr_lambda * relevance - (1 - mmr_lambda) * redundancy
        gain[redundancy >= duplicate] -= 2.0  # below every sentence that adds something
        value = gain.copy()
        pair_origin = np.full(total, -1, dtype=np.int64)
        if openers is not None:
            origin = openers.origin
            has_origin = origin >= 0
            origin_picked = np.zeros(total, dtype=bool)
            origin_picked[has_origin] = ~available[origin[has_origin]]
            alone = openers.flagged & ~origin_picked
            named = alone & openers.named
            value[named] = gain[named] - mmr_lambda * relevance[named] * (
                1 - openers.replace_penalty
            )
            value[alone & ~openers.named] -= 4.0  # after everything, near-duplicates too
            if n - len(picked) >= 2:
                rows = np.flatnonzero(alone & has_origin)
                rows = rows[available[origin[rows]]]
                pair = (gain[origin[rows]] + gain[rows]) / 2
                better = pair > value[rows]
                value[rows[better]] = pair[better]
                pair_origin[rows[better]] = origin[rows[better]]
        value[~available] = -np.inf
        best = int(np.argmax(value))  # the first of equal values: ties go to the earlier one
        if pair_origin[best] >= 0:
            take(int(pair_origin[best]))
        take(best)
    return sorted(picked)


def _reward_norm(weights: Mapping[str, float], features: Mapping[str, np.ndarray]) -> float:
    norm = sum(weights[k] for k in features if k not in PENALTIES)
    return norm if norm > 0 else 1.0


def _saturate(counts: np.ndarray, name: str) -> np.ndarray:
    cap = SATURATION[name]
    return np.asarray(np.minimum(counts, cap) / cap, dtype=np.float64)


def _cue_features(found: Sequence[Cues]) -> dict[str, np.ndarray]:
    def col(attr: str) -> np.ndarray:
        return np.array([getattr(c, attr) for c in found], dtype=np.float64)

    figures, events, decisions = col("figures"), col("events"), col("decisions")
    framing = (col("framing") > 0) & (figures == 0) & (events == 0) & (decisions == 0)
    return {
        "figures": _saturate(figures, "figures"),
        "event": _saturate(events, "event"),
        "date": _saturate(col("dates"), "date") * (events > 0),
        "place": _saturate(col("places"), "place") * (events > 0),
        "decision": _saturate(decisions, "decision"),
        "framing": framing.astype(np.float64),
        "background": _saturate(col("background"), "background"),
        "praise": _saturate(col("praise"), "praise"),
    }


def _earlier_similarity(graph: Graph) -> np.ndarray:
    """Each sentence's highest similarity with a sentence before it."""
    out = np.zeros(graph.nodes)
    earlier = graph.dst < graph.src
    np.maximum.at(out, graph.src[earlier], graph.weight[earlier])
    return np.minimum(out, 1.0)


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
