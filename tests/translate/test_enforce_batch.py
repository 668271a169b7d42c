"""The missing-term path in batches: the model calls of a batch's sentences go together,
with the results of one sentence after another.

A scripted model (its own wording, fixed continuations of forced prefixes) stands for a
translator whose batch gives what one call per source gives (``independent``), and the same
model without that capability for one that must be asked source by source (a server).
"""

from __future__ import annotations

from typing import Any

import pytest
from builders import ScriptedTranslator, build_glossary

from toolkit.translate.backends import Hypothesis
from toolkit.translate.base import ALL_CAPABILITIES, INDEPENDENT
from toolkit.translate.engine import TranslateOptions, TranslationEngine, _Unit

FAST = TranslateOptions(num_hypotheses=2, beam_size=2)

GLOSSARY = build_glossary(
    [
        ("قرارداد", "agreement", "соглашение"),
        ("تفاهم‌نامه", "memorandum of understanding", "меморандум о взаимопонимании"),
        ("همکاری", "collaboration", "сотрудничество"),
    ]
)

# Three sentences whose translations leave their term out.
SENTENCES = {
    "تفاهم‌نامه امضا شد.": "It was signed.",
    "قرارداد دیروز امضا شد.": "It was signed yesterday.",
    "همکاری ادامه خواهد یافت.": "It will continue.",
}
# What the model says for each term on its own: words the sentences do not have.
ALONE = {"قرارداد": "contract", "تفاهم‌نامه": "memo", "همکاری": "cooperation"}
PLACED = [
    ("Memorandum of understanding was signed.", "constrained"),
    ("Agreement was signed yesterday.", "constrained"),
    ("Collaboration will continue.", "constrained"),
]


class Recording(ScriptedTranslator):
    """Translates :data:`SENTENCES` and :data:`ALONE`, anything else as "?", continues a forced prefix with
    the words after the hypothesis's first, and notes every call: (kind, sources)."""

    def __init__(self, independent: bool) -> None:
        self.target_language = "en"
        self.capabilities = ALL_CAPABILITIES - (set() if independent else {INDEPENDENT})
        self.calls: list[tuple[str, int]] = []
        self.greedy: list[str] = []
        """The sources of every greedy call (one hypothesis, one beam)."""

    def generate(
        self,
        sources: list[str],
        *,
        num_hypotheses: int = 1,
        beam_size: int = 4,
        prefixes: list[str | None] | None = None,
        max_new_tokens: list[int] | None = None,
        **decoding: Any,
    ) -> list[list[Hypothesis]]:
        kind = "continue" if prefixes else "alone" if num_hypotheses > 2 else "translate"
        self.calls.append((kind, len(sources)))
        if num_hypotheses == 1 and beam_size == 1 and not prefixes:
            self.greedy += sources
        if prefixes:
            return [
                [Hypothesis(f"{p} {' '.join(SENTENCES[s].split()[1:])}", -0.2)]
                for s, p in zip(sources, prefixes, strict=True)
            ]
        return [[Hypothesis(SENTENCES.get(s, ALONE.get(s, "?")), -0.1)] for s in sources]

    def score(self, sources: list[str], targets: list[str]) -> list[float]:
        self.calls.append(("score", len(sources)))
        return [-len(t) / 100 for t in targets]


def translate(model: Recording) -> tuple[list[tuple[str, str]], TranslationEngine]:
    engine = TranslationEngine(model, GLOSSARY, options=FAST)
    units = [_Unit(1 + k, s) for k, s in enumerate(SENTENCES)]
    results = engine.translate_units(units)
    return [(r.text, r.terms[0].status) for r in results], engine


def test_the_continuations_of_a_batch_go_in_one_call() -> None:
    model = Recording(independent=True)
    placed, _ = translate(model)
    assert placed == PLACED
    assert [n for kind, n in model.calls if kind == "continue"] == [3]


def test_a_translator_asked_source_by_source_gets_each_continuation_alone() -> None:
    model = Recording(independent=False)
    placed, _ = translate(model)
    assert placed == PLACED
    assert [n for kind, n in model.calls if kind == "continue"] == [1, 1, 1]


def test_terms_of_one_length_are_translated_alone_in_one_call() -> None:
    model = Recording(independent=True)
    translate(model)
    # The three terms' own words, each one word in the sentence and in the glossary.
    assert [n for kind, n in model.calls if kind == "alone"] == [3]


@pytest.mark.parametrize("independent", [True, False])
def test_the_cost_of_placing_terms_is_counted_per_status(independent: bool) -> None:
    model = Recording(independent)
    _, engine = translate(model)
    cost = engine.enforcement_cost
    assert cost["by_status"]["constrained"]["occurrences"] == 3
    # every call but the engine's first pass is placing's (the n-best search for the three
    # sentences: one call, or one per sentence for a translator asked source by source), and
    # so are its calls for attention (which this model answers with none)
    assert cost["model_calls"] >= len(model.calls) - 1
    assert cost["search"] == {
        "model_calls": 1 if independent else 3,
        "requests": 3,
        "rounds": 0,
        "seconds": cost["search"]["seconds"],
    }
    assert cost["model_calls"] == (5 if independent else 21)
    assert cost["seconds"] >= cost["search"]["seconds"] >= 0


@pytest.mark.parametrize("independent", [True, False])
def test_the_probe_does_not_translate_the_whole_sentence_again(independent: bool) -> None:
    """The probe compares the sentence's translation without the term with its greedy
    translation: the engine's first pass, where the translator gives a source alone what it
    gives it in a batch; a translator asked source by source is asked again, alone."""
    model = Recording(independent)
    placed, _ = translate(model)
    assert placed == PLACED
    # the first pass, then the probe: each sentence without its control word, without its term
    assert len(model.greedy) == len(SENTENCES) * (3 if independent else 4)
    asked_whole = [model.greedy.count(s) for s in SENTENCES]
    assert asked_whole == ([1, 1, 1] if independent else [2, 2, 2])
