"""Approved translations in the engine: reused verbatim without the model, checked, and
offered beside a machine translation of a similar sentence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from builders import build_glossary

from toolkit.signature import Signature
from toolkit.translate.approved import Approval, ApprovedStore
from toolkit.translate.backends.base import Hypothesis
from toolkit.translate.base import ALL_CAPABILITIES, Translator
from toolkit.translate.engine import TranslateOptions, TranslationEngine
from toolkit.translate.memory import TranslationMemory

MET = "وزیر ارتباطات با معاون وزیر روسیه دیدار کرد."
SIMILAR = "وزیر ارتباطات با معاون وزیر چین دیدار کرد."
TALKS = "مذاکرات ۳ روز ادامه داشت."
GLOSSARY = build_glossary([("وزیر ارتباطات", "communications minister", "министр связи")])
FAST = TranslateOptions(num_hypotheses=2, beam_size=2)


class Counting(Translator):
    """The same English sentence for every source, each source's calls counted."""

    capabilities = ALL_CAPABILITIES
    source_language, target_language = "fa", "en"

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}

    def generate(self, sources: list[str], **kw: Any) -> list[list[Hypothesis]]:
        for s in sources:
            self.calls[s] = self.calls.get(s, 0) + 1
        return [
            [Hypothesis("The communications minister spoke for 3 days.", -0.1)] for _ in sources
        ]

    def score(self, sources: list[str], targets: list[str]) -> list[float]:
        return [0.0] * len(targets)

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(t.split()) for t in texts]

    @property
    def max_source_tokens(self) -> int:
        return 100

    @property
    def signature(self) -> Signature:
        return Signature.create("model", model="counting")


def _approval(source: str, target: str) -> Approval:
    return Approval(source, target, "en", "editor", "xliff:a.xlf", "2026-12-07T10:00:00Z")


def _engine(tmp_path: Path, *approvals: Approval) -> tuple[TranslationEngine, Counting]:
    store = ApprovedStore(tmp_path / "memory.sqlite3")
    for a in approvals:
        store.approve(a)
    translator = Counting()
    memory = TranslationMemory(tmp_path / "memory.sqlite3")
    engine = TranslationEngine(translator, GLOSSARY, memory, FAST, approved=store)
    return engine, translator


def test_an_approved_sentence_is_reused_verbatim_without_the_model(tmp_path: Path) -> None:
    approved = "The communications minister met Russia's deputy minister."
    engine, translator = _engine(tmp_path, _approval(MET, approved))
    # The source as a reviewer never saw it: Arabic yeh, a doubled space; same matching key.
    tr = engine.translate(MET.replace("ی", "ي").replace(" با ", " با  ") + "\n" + TALKS)
    first, second = tr.segments
    assert tr.lines[0] == approved
    assert first.approved is not None and first.approved.review == "xliff:a.xlf"
    assert first.terms == () and first.problems == () and not first.cached
    assert first.to_dict()["approved"] == {
        "reviewer": "editor",
        "review": "xliff:a.xlf",
        "approved_at": "2026-12-07T10:00:00Z",
    }
    # The model was asked for the other sentence only.
    assert list(translator.calls) == [TALKS]
    assert second.approved is None and "approved" not in second.to_dict()
    assert tr.approved_segments == 1
    # Nothing approved went into the machine memory: a second run asks nothing again and
    # still gives the approval (now the latest of the store).
    again, translator2 = _engine(tmp_path, _approval(MET, "Revised."))
    tr2 = again.translate(MET + "\n" + TALKS)
    assert tr2.lines[0] == "Revised." and translator2.calls == {}
    assert tr2.segments[1].cached


@pytest.mark.parametrize(
    ("target", "kinds"),
    [
        ("The communications minister met the Russian deputy minister.", []),
        # no rendering of the glossary term: reported, not placed
        ("The telecom minister met the Russian deputy minister.", ["term"]),
    ],
)
def test_an_approval_is_checked_never_rewritten(
    tmp_path: Path, target: str, kinds: list[str]
) -> None:
    engine, translator = _engine(tmp_path, _approval(MET, target))
    seg = engine.translate(MET).segments[0]
    assert seg.text == target
    assert [p.kind for p in seg.problems] == kinds
    assert translator.calls == {}
    if kinds:
        assert "وزیر ارتباطات" in seg.problems[0].message
        assert "'communications minister'" in seg.problems[0].message


def test_a_number_an_approval_misses_is_reported(tmp_path: Path) -> None:
    engine, _ = _engine(tmp_path, _approval(TALKS, "The talks went on for days."))
    seg = engine.translate(TALKS).segments[0]
    assert seg.text == "The talks went on for days."
    assert [p.kind for p in seg.problems] == ["number"]


def test_a_similar_sentence_gets_the_machine_translation_and_the_approval_as_fuzzy(
    tmp_path: Path,
) -> None:
    approved = "The communications minister met Russia's deputy minister."
    engine, translator = _engine(tmp_path, _approval(MET, approved))
    seg = engine.translate(SIMILAR).segments[0]
    assert seg.approved is None
    assert seg.text == "The communications minister spoke for 3 days."
    assert translator.calls == {SIMILAR: 1}
    (match,) = seg.fuzzy
    assert match.approval.target == approved and 75 <= match.similarity < 100
    entry = seg.to_dict()["fuzzy"][0]
    assert set(entry) == {"similarity", "source", "target", "reviewer", "approved_at"}
    assert entry["target"] == approved and entry["source"] == MET
    # served from the memory the next time, the suggestion is still offered
    again = engine.translate(SIMILAR).segments[0]
    assert again.cached and again.fuzzy == seg.fuzzy


def test_without_a_store_nothing_is_reused(tmp_path: Path) -> None:
    store = ApprovedStore(tmp_path / "memory.sqlite3")
    store.approve(_approval(MET, "Approved."))
    translator = Counting()
    seg = TranslationEngine(translator, GLOSSARY, None, FAST).translate(MET).segments[0]
    assert seg.approved is None and seg.text != "Approved." and translator.calls == {MET: 1}


def test_the_translate_summary_line_counts_approved_segments(tmp_path: Path) -> None:
    from toolkit.cli.translate import term_summary
    from toolkit.text import segment

    engine, _ = _engine(tmp_path, _approval(MET, "Approved."))
    tr = engine.translate(MET + "\n" + TALKS)
    line = term_summary(tr, segment(MET + "\n" + TALKS, "fa"))
    assert line.endswith("; approved: 1 (reused as a reviewer approved them)")
    assert tr.to_dict()["segments"][0]["approved"]["reviewer"] == "editor"


def test_the_report_page_shows_approvals_and_fuzzy_matches_inert() -> None:
    from toolkit.evaluate.html import _review_html
    from toolkit.results import FuzzyMatch, SegmentTranslation

    hostile = Approval(MET, '<img src=x onerror="alert(1)">', "en", "<b>ed</b>", "xliff:a", "t")
    approved = SegmentTranslation(1, MET, hostile.target, approved=hostile)
    machine = SegmentTranslation(2, SIMILAR, "x", fuzzy=(FuzzyMatch(hostile, 91.3),))
    page = _review_html([approved, machine])
    assert "<img" not in page and "<b>ed" not in page and "&lt;img src=x" in page
    assert "approved translation, reused as written: &lt;b&gt;ed&lt;/b&gt;" in page
    assert "91%" in page and "approved translations of similar sentences" in page
