"""Declared capabilities: what each translator can do beside its core, read instead of
caught errors."""

from __future__ import annotations

from typing import Any

import pytest

from toolkit.errors import InputError
from toolkit.signature import Signature
from toolkit.translate.backends import Hypothesis
from toolkit.translate.base import (
    ALL_CAPABILITIES,
    ATTENTION,
    CAPABILITIES,
    INDEPENDENT,
    N_BEST,
    PREFIX,
    SCORE,
    TOKEN_COUNT,
    ModelTranslator,
    PivotTranslator,
    Translator,
    Unsupported,
)


class Core(Translator):
    """A translator with the core alone: one hypothesis per source."""

    def __init__(self, src: str = "fa", tgt: str = "en", caps: frozenset[str] = frozenset()):
        self.source_language, self.target_language = src, tgt
        self.capabilities = caps

    def generate(self, sources: list[str], **kw: Any) -> list[list[Hypothesis]]:
        return [[Hypothesis(s, float("nan"))] for s in sources]

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(t) for t in texts]

    @property
    def max_source_tokens(self) -> int:
        return 100

    @property
    def signature(self) -> Signature:
        return Signature.create("model", model="core")


def test_the_six_capabilities_are_named_once() -> None:
    assert CAPABILITIES == (N_BEST, PREFIX, SCORE, ATTENTION, TOKEN_COUNT, INDEPENDENT)
    assert len(set(CAPABILITIES)) == 6 and frozenset(CAPABILITIES) == ALL_CAPABILITIES


def test_a_core_translator_declares_nothing_and_refuses_scoring_as_input_error() -> None:
    core = Core()
    assert core.capabilities == frozenset()
    assert not any(core.can(c) for c in CAPABILITIES)
    # The enforcer catches InputError today: an undeclared member degrades, never crashes.
    with pytest.raises(InputError, match="cannot score"):
        core.score(["a"], ["b"])
    assert issubclass(Unsupported, InputError)
    assert core.attention(["a"], ["b"]) is None
    assert core.translate(["سلام"]) == ["سلام"]


def test_the_seq2seq_translators_declare_everything() -> None:
    assert ModelTranslator.capabilities == ALL_CAPABILITIES


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (ALL_CAPABILITIES, ALL_CAPABILITIES, ALL_CAPABILITIES),
        # attention is composed through the pivot: both legs must have it
        (ALL_CAPABILITIES - {ATTENTION}, ALL_CAPABILITIES, ALL_CAPABILITIES - {ATTENTION}),
        # decoding and scoring are the second leg's, token counts the first's
        (frozenset({TOKEN_COUNT}), frozenset({N_BEST, SCORE}), {N_BEST, SCORE, TOKEN_COUNT}),
        # a batch is independent only if it is in both legs
        (frozenset({INDEPENDENT}), frozenset({INDEPENDENT, SCORE}), {INDEPENDENT, SCORE}),
        (frozenset({INDEPENDENT}), frozenset({SCORE}), {SCORE}),
        (frozenset(), frozenset({PREFIX, TOKEN_COUNT}), {PREFIX}),
    ],
)
def test_a_pivot_declares_what_its_legs_give(
    first: frozenset[str], second: frozenset[str], expected: set[str]
) -> None:
    pivot = PivotTranslator(Core("fa", "en", first), Core("en", "ru", second))
    assert pivot.capabilities == expected
