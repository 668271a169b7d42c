"""ROUGE on hand-computed cases, in English and Persian."""

from __future__ import annotations

import pytest

from toolkit.summarize.rouge import lcs_length, rouge, rouge_l, rouge_n

# (candidate, reference, (P, R) for ROUGE-1, ROUGE-2, ROUGE-L), counted by hand.
CASES = [
    # unigrams: the x2, cat, on, mat = 5 of 6 each side; bigrams: the cat, on the, the mat =
    # 3 of 5; LCS: the cat on the mat = 5
    (
        "the cat sat on the mat",
        "the cat is on the mat",
        (5 / 6, 5 / 6),
        (3 / 5, 3 / 5),
        (5 / 6, 5 / 6),
    ),
    # a, c shared; no shared bigram; LCS a c
    ("a b c d", "a c e", (2 / 4, 2 / 3), (0, 0), (2 / 4, 2 / 3)),
    # clipping: "the" counts once, as often as the reference has it
    ("the the the", "the cat", (1 / 3, 1 / 2), (0, 0), (1 / 3, 1 / 2)),
    # Persian: ایران, و, روسیه, قرارداد shared (4 of 6, 4 of 5); no bigram in common; the
    # three first words come in reverse order, so the LCS is two words (e.g. و قرارداد)
    (
        "ایران و روسیه قرارداد امضا کردند",
        "روسیه و ایران قرارداد بستند",
        (4 / 6, 4 / 5),
        (0, 0),
        (2 / 6, 2 / 5),
    ),
    # ZWNJ, Arabic letters and digit scripts do not matter; punctuation is not a token
    ("می‌شود كتاب‌ها ۲۰ درصد.", "میشود کتابها 20 درصد", (1, 1), (1, 1), (1, 1)),
    # nothing in common
    ("باران آمد", "هوا آفتابی است", (0, 0), (0, 0), (0, 0)),
    # an empty candidate scores zero
    ("", "هوا آفتابی است", (0, 0), (0, 0), (0, 0)),
]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.mark.parametrize(("candidate", "reference", "r1", "r2", "rl"), CASES)
def test_rouge_by_hand(
    candidate: str,
    reference: str,
    r1: tuple[float, float],
    r2: tuple[float, float],
    rl: tuple[float, float],
) -> None:
    scores = rouge(candidate, reference)
    for got, (p, r) in [(scores.rouge1, r1), (scores.rouge2, r2), (scores.rougeL, rl)]:
        assert (got.precision, got.recall) == pytest.approx((p, r))
        assert got.f1 == pytest.approx(_f1(p, r))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("", "", 0),
        ("a", "", 0),
        ("abcde", "ace", 3),
        ("abcbdab", "bdcaba", 4),  # the textbook example (CLRS): bcba
        ("xyz", "abc", 0),
        ("aaaa", "aa", 2),
    ],
)
def test_lcs_length(a: str, b: str, expected: int) -> None:
    assert lcs_length(list(a), list(b)) == expected
    assert lcs_length(list(b), list(a)) == expected


def test_rouge_n_higher_orders_and_symmetry() -> None:
    assert rouge_n("a b c d", "a b c e", 3).recall == pytest.approx(1 / 2)
    forward = rouge_l("a b c d", "a c e")
    backward = rouge_l("a c e", "a b c d")
    assert (forward.precision, forward.recall) == (backward.recall, backward.precision)
    with pytest.raises(ValueError, match="n >= 1"):
        rouge_n("a", "a", 0)


def test_identical_texts_score_one(seed_text: str) -> None:
    scores = rouge(seed_text, seed_text)
    assert scores.rouge1.f1 == scores.rouge2.f1 == scores.rougeL.f1 == pytest.approx(1.0)
