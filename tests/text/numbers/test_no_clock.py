"""The number check and the evaluator give the same result whatever day it is."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import pytest
from builders import SEED

from toolkit.evaluate.report import evaluate
from toolkit.text.numbers import check_numbers

# The seed's meeting, 14 Azar with no year, rendered as a day of 2030 (14 Azar 1409): a
# checker that reads its years from the clock accepts it only from 1409 on.
SOURCE = "جمعه ۱۴ آذر\nنمایندگان ۱۶ شرکت"
HYPOTHESIS = "Friday, 5 December 2030\nrepresentatives of 61 companies"
REAL_DATE = dt.date
TODAYS = [dt.date(1990, 1, 1), dt.date(2025, 12, 5), dt.date(2031, 6, 1), dt.date(2120, 3, 20)]


def _frozen(day: dt.date) -> type[dt.date]:
    class FrozenDate(REAL_DATE):
        @classmethod
        def today(cls) -> FrozenDate:
            return cls(day.year, day.month, day.day)

    return FrozenDate


def _freeze(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """``date.today()`` returns ``day`` in ``datetime`` and in every loaded toolkit or
    persiantools module that holds the ``date`` class."""
    frozen = _frozen(day)
    monkeypatch.setattr(dt, "date", frozen)
    for name, module in list(sys.modules.items()):
        holds_date = getattr(module, "date", None) is REAL_DATE
        if name.startswith(("toolkit", "persiantools")) and holds_date:
            monkeypatch.setattr(module, "date", frozen)
    assert dt.date.today() == day


def _run(reference_year: int | None) -> dict[str, Any]:
    report = evaluate(SOURCE, HYPOTHESIS, "en", reference_year=reference_year)
    return report.to_dict()


@pytest.mark.parametrize("reference_year", [None, 1404, 1409])
def test_evaluation_does_not_depend_on_today(
    monkeypatch: pytest.MonkeyPatch, reference_year: int | None
) -> None:
    results = []
    for day in TODAYS:
        with monkeypatch.context() as patch:
            _freeze(patch, day)
            results.append(_run(reference_year))
    assert all(r == results[0] for r in results[1:])
    assert results[0]["signature"]["reference_year"] == reference_year


def test_the_reference_year_decides_and_is_recorded() -> None:
    def dates(report: dict[str, Any]) -> list[str]:
        return [v["source"] for v in report["numbers"]["violations"] if v["kind"] == "missing"]

    assert dates(_run(1404)) == ["۱۴ آذر", "۱۶"]
    assert dates(_run(1409)) == ["۱۶"]
    assert dates(_run(None)) == ["۱۶"]  # no year in the article: any of 1340-1499


def test_the_article_gives_the_reference_year() -> None:
    source = "نشست سال ۱۴۰۴\n" + SOURCE
    report = evaluate(source, "The 2025 meeting\n" + HYPOTHESIS, "en").to_dict()
    missing = [v["source"] for v in report["numbers"]["violations"]]
    assert missing == ["۱۴ آذر", "۱۶"]
    assert report["signature"]["reference_year"] is None  # taken from the text, not a setting


def test_check_numbers_does_not_depend_on_today(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    results = []
    for day in TODAYS:
        with monkeypatch.context() as patch:
            _freeze(patch, day)
            results.append([check_numbers(line, "Friday, 5 December 2030", "en") for line in lines])
    assert all(r == results[0] for r in results[1:])
