"""Reference-based scores: BLEU, chrF++ and TER from sacrebleu, with their signatures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Score:
    name: str
    score: float
    signature: str

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 2), "signature": self.signature}


def corpus_scores(hypotheses: list[str], references: list[list[str]]) -> dict[str, Score]:
    """Corpus BLEU, chrF++ and TER of ``hypotheses`` against one or more reference streams."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    metrics = {"bleu": BLEU(), "chrf++": CHRF(word_order=2), "ter": TER()}
    out = {}
    for name, metric in metrics.items():
        result = metric.corpus_score(hypotheses, references)
        out[name] = Score(name, float(result.score), str(metric.get_signature()))
    return out
