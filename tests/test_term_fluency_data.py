"""The term-fluency data and the benchmark's own counts agree on the hand-made references:
an adjusted reference differs from the original only by its split's wording (no collateral
edit, no doubled phrase), and each new wording is found in it and not in the original."""

from __future__ import annotations

import pytest
from builders import ROOT, load_benchmark

DATA = ROOT / "evaluation" / "term-fluency"
REFERENCES = ROOT / "evaluation" / "references"


BENCH = load_benchmark("term_fluency")
CASES = [(split, lang) for split in BENCH.splits() for lang in ("en", "ru")]


def test_every_split_is_listed_the_blind_ones_too() -> None:
    assert {"test", "dev", "holdout", "blind1", "blind2", "blind3"} <= set(BENCH.splits())


@pytest.mark.parametrize(("split", "lang"), CASES)
def test_an_adjusted_reference_changes_only_its_splits_wording(split: str, lang: str) -> None:
    original = BENCH._lines(REFERENCES / f"mehr-iran-russia-ict.{lang}.txt")
    adjusted = BENCH._lines(DATA / f"reference-{split}.{lang}.txt")
    assert len(original) == len(adjusted) == 11
    assert BENCH.collateral(original, adjusted, split, lang) == (0, [])
    assert BENCH.doubled(original, adjusted) == 0
    found, total = BENCH.term_success(adjusted, adjusted, BENCH.new_wording(split, lang))
    assert found == total > 0
    assert BENCH.term_success(original, adjusted, BENCH.new_wording(split, lang))[0] == 0
