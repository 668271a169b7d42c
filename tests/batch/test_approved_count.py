"""The index line's sentence counts with approved translations reused (issue 27)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from toolkit.batch.worker import _sentences
from toolkit.results import SegmentTranslation, Translation
from toolkit.translate.approved import Approval

APPROVAL = Approval("الف.", "A.", "en", "ed", "xliff:a.xlf", "2026-12-07T10:00:00Z")


def _report(*segments: SegmentTranslation) -> Any:
    article = Translation("en", (), segments)
    language = SimpleNamespace(summary=Translation("en", (), ()), article=article, retranslated=0)
    return cast(Any, SimpleNamespace(languages=[language]))


def test_an_approved_segment_is_neither_translated_nor_reused_from_the_memory() -> None:
    approved = SegmentTranslation(1, "الف.", "A.", approved=APPROVAL)
    cached = SegmentTranslation(2, "ب.", "B.", cached=True)
    machine = SegmentTranslation(3, "پ.", "C.")
    assert _sentences(_report(approved, cached, machine)) == {
        "translated": 1,
        "reused": 1,
        "for_names": 0,
        "approved": 1,
    }
    # without approvals, the line is as it was
    assert _sentences(_report(cached, machine)) == {"translated": 1, "reused": 1, "for_names": 0}
