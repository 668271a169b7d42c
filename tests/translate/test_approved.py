"""The store of approved translations: exact reuse by normalized source, fuzzy offers."""

from __future__ import annotations

import sqlite3

import pytest

from toolkit.errors import InputError, OutputError
from toolkit.translate.approved import Approval, ApprovedStore
from toolkit.translate.memory import TranslationMemory

SOURCE = "وزیر ارتباطات با معاون وزیر روسیه دیدار کرد."


def _approval(
    source: str = SOURCE, target: str = "The minister met.", lang: str = "en"
) -> Approval:
    return Approval(
        source, target, lang, "editor@example.org", "page:out#1", "2026-12-07T10:00:00Z"
    )


def test_an_approval_is_found_again_by_its_normalized_source(tmp_path):
    store = ApprovedStore(tmp_path / "memory.sqlite3")
    store.approve(_approval())
    # Arabic yeh and kaf, no space before the full stop, a doubled space: the same sentence.
    variant = "وزير ارتباطات با  معاون وزیر روسیه دیدار کرد ."
    found = store.exact(variant, "en")
    assert found == _approval()
    assert store.exact(SOURCE, "ru") is None
    assert store.exact("وزیر دیدار کرد.", "en") is None


def test_the_latest_approval_of_a_sentence_wins(tmp_path):
    store = ApprovedStore(tmp_path / "memory.sqlite3")
    store.approve(_approval(target="First."))
    store.approve(_approval(target="Second."))
    assert len(store) == 1
    assert store.exact(SOURCE, "en").target == "Second."  # type: ignore[union-attr]


def test_an_older_approval_imported_later_leaves_the_newer_one(tmp_path):
    """A unit of an old TMX (signed off in 2020) imported after a sign-off on the page."""
    from dataclasses import replace

    store = ApprovedStore(tmp_path / "memory.sqlite3")
    store.approve(_approval(target="Signed off today."))
    store.approve(replace(_approval(target="From 2020."), approved_at="2020-01-01T00:00:00Z"))
    assert store.exact(SOURCE, "en") == _approval(target="Signed off today.")
    store.approve(replace(_approval(target="Later."), approved_at="2026-12-08T00:00:00Z"))
    assert store.exact(SOURCE, "en").target == "Later."  # type: ignore[union-attr]
    assert len(store) == 1


@pytest.mark.parametrize(
    ("query", "offered"),
    [
        ("وزیر ارتباطات با معاون وزیر روسیه دیدار کرد.", False),  # the exact one is not fuzzy
        ("وزیر ارتباطات با معاون وزیر چین دیدار کرد.", True),  # one word changed
        ("رئیس جمهور امروز به مسکو رفت.", False),  # another sentence
    ],
)
def test_a_similar_sentence_is_offered_from_the_threshold_up(tmp_path, query, offered):
    store = ApprovedStore(tmp_path / "memory.sqlite3")
    store.approve(_approval())
    matches = store.fuzzy(query, "en")
    assert bool(matches) is offered
    for match in matches:
        assert 75 <= match.similarity < 100
        assert match.approval.target == "The minister met."


def test_the_store_shares_the_memory_file_without_touching_its_cache(tmp_path):
    path = tmp_path / "memory.sqlite3"
    memory = TranslationMemory(path)
    memory.put("k", {"text": "x", "terms": [], "problems": []})
    store = ApprovedStore(path)
    store.approve(_approval())
    assert len(memory) == 1
    assert len(store) == 1


def test_an_empty_approval_and_a_foreign_table_are_refused(tmp_path):
    store = ApprovedStore(tmp_path / "memory.sqlite3")
    with pytest.raises(InputError):
        store.approve(_approval(target="  "))
    foreign = tmp_path / "other.sqlite3"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE approved (a TEXT)")
    db.commit()
    db.close()
    with pytest.raises(OutputError, match="not a toolkit memory"):
        ApprovedStore(foreign)
