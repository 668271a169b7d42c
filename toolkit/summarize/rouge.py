"""ROUGE-N and ROUGE-L (Lin, 2004) on tokens that suit Persian.

Texts are tokenized by :func:`toolkit.summarize.tokens.words`: whitespace and punctuation
split words, ZWNJ does not (``می‌شود`` = ``میشود``), and letters and digits are compared in
matching-key form (``ك``/``ک``, ``ي``/``ی``, hamza seats, ``۲۰``/``20``). No stemming and no
stop-word removal. ROUGE-L is the longest common subsequence of the two token sequences
(the ``rougeL`` of Google's rouge-score, not the sentence-split ``rougeLsum``). F1 weighs
precision and recall equally.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from toolkit.summarize.tokens import words

Tokenizer = Callable[[str], list[str]]


@dataclass(frozen=True)
class RougeScore:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0

    @classmethod
    def from_counts(cls, hits: int, candidate: int, reference: int) -> RougeScore:
        return cls(hits / candidate if candidate else 0.0, hits / reference if reference else 0.0)


@dataclass(frozen=True)
class RougeScores:
    rouge1: RougeScore
    rouge2: RougeScore
    rougeL: RougeScore


def ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(candidate: str, reference: str, n: int = 1, tokenize: Tokenizer = words) -> RougeScore:
    """Clipped n-gram overlap of ``candidate`` with ``reference``."""
    if n < 1:
        raise ValueError(f"ROUGE-N needs n >= 1, not {n}")
    cand = ngrams(tokenize(candidate), n)
    ref = ngrams(tokenize(reference), n)
    hits = sum((cand & ref).values())
    return RougeScore.from_counts(hits, sum(cand.values()), sum(ref.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence (O(len(a) * len(b)) time, O(len(b)) space)."""
    if len(a) < len(b):
        a, b = b, a
    row = [0] * (len(b) + 1)
    for x in a:
        diagonal = 0
        for j, y in enumerate(b, start=1):
            above = row[j]
            row[j] = diagonal + 1 if x == y else max(row[j], row[j - 1])
            diagonal = above
    return row[-1]


def rouge_l(candidate: str, reference: str, tokenize: Tokenizer = words) -> RougeScore:
    cand = tokenize(candidate)
    ref = tokenize(reference)
    return RougeScore.from_counts(lcs_length(cand, ref), len(cand), len(ref))


def rouge(candidate: str, reference: str, tokenize: Tokenizer = words) -> RougeScores:
    """ROUGE-1, ROUGE-2 and ROUGE-L of one candidate against one reference."""
    return RougeScores(
        rouge_n(candidate, reference, 1, tokenize),
        rouge_n(candidate, reference, 2, tokenize),
        rouge_l(candidate, reference, tokenize),
    )
