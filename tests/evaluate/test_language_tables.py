"""The evaluator's per-language values come from the registered languages: the expected
length ratio (coverage) and the scripts a target does not use (damage). A language
registered from ``tests/`` (``toy_tr``) gets its own with no change under ``toolkit/``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from toolkit.evaluate.checks.damage import other_scripts, wrong_script_words
from toolkit.evaluate.report import evaluate
from toolkit.languages import get, register, unregister

SOURCE = "وزارت ارتباطات امروز قرارداد را امضا کرد."  # 41 characters
# About 4 times the source's length in each language: long against any expected ratio.
LONG = {
    "en": "The ministry of communications signed the contract today, " * 3,
    "ru": "Министерство связи сегодня подписало этот контракт с компанией, " * 3,
    "tr": "Bakanlık bugün bu sözleşmeyi imzaladı ve bir açıklama yaptı, " * 3,
}


@pytest.fixture
def turkish() -> Iterator[None]:
    register("tr", "toy_tr")
    yield
    unregister("tr")


@pytest.mark.parametrize(("lang", "ratio"), [("en", 1.35), ("ru", 1.45)])
def test_shipped_ratios(lang: str, ratio: float) -> None:
    assert get(lang).expected_ratio == ratio  # the coverage check's former table


def expected_ratio_of_long(lang: str) -> float | None:
    report = evaluate(SOURCE, LONG[lang].strip(), lang)
    [finding] = report.of("coverage")
    assert finding.kind == "long"
    return finding.detail.expected_ratio  # type: ignore[union-attr]


@pytest.mark.parametrize(("lang", "ratio"), [("en", 1.35), ("ru", 1.45)])
def test_coverage_reads_the_language_ratio(lang: str, ratio: float) -> None:
    assert expected_ratio_of_long(lang) == ratio


def test_coverage_reads_a_registered_language_ratio(turkish: None) -> None:
    assert expected_ratio_of_long("tr") == 1.3  # toy_tr's, not the default 1.2


@pytest.mark.parametrize(
    ("lang", "scripts"),
    [("en", ("Cyrillic",)), ("ru", ("Latin",)), ("fa", ()), ("xx", ())],
)
def test_other_scripts_of_the_shipped_languages(lang: str, scripts: tuple[str, ...]) -> None:
    assert other_scripts(lang) == scripts


WRONG_SCRIPT = [
    # (text, lang, words in another script)
    ("The ministry signed министерство deal.", "en", ["министерство"]),
    ("Министерство подписало the соглашение с Mehr и IT.", "ru", ["the"]),
    ("Bakanlık министерство ile anlaştı.", "tr", ["министерство"]),
    ("Bakanlık Mehr ile anlaştı.", "tr", []),
]


@pytest.mark.parametrize(("text", "lang", "expected"), WRONG_SCRIPT)
def test_wrong_script_words(turkish: None, text: str, lang: str, expected: list[str]) -> None:
    assert wrong_script_words(text, lang) == expected


def test_a_registered_language_script_counts_for_the_others(turkish: None) -> None:
    assert other_scripts("tr") == ("Cyrillic",)
    assert other_scripts("ru") == ("Latin",)  # Latin once, though English and Turkish use it
