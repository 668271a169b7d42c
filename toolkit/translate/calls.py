"""Model calls as values: the enforcer's strategies (and the probe) are generators that
yield a request and receive its answer, so that whoever drives them decides how the calls
reach the translator: one at a time (:func:`run`), or gathered over a batch of sentences.

A request that the translator refuses with an ``InputError`` (a sentence too long to
continue or score) is thrown back into the generator at its ``yield``.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from toolkit.errors import InputError

if TYPE_CHECKING:
    from toolkit.translate.backends.base import Hypothesis, SourceAttention
    from toolkit.translate.base import Translator

T = TypeVar("T")


@dataclass(frozen=True)
class Generate:
    """``translator.generate``: hypotheses per source, best first."""

    sources: tuple[str, ...]
    num_hypotheses: int
    beam_size: int
    prefixes: tuple[str | None, ...] | None = None
    max_new_tokens: tuple[int, ...] | None = None

    def call(self, translator: Translator) -> list[list[Hypothesis]]:
        options: dict[str, Any] = {}
        if self.prefixes is not None:
            options["prefixes"] = list(self.prefixes)
        if self.max_new_tokens is not None:
            options["max_new_tokens"] = list(self.max_new_tokens)
        return translator.generate(
            list(self.sources),
            num_hypotheses=self.num_hypotheses,
            beam_size=self.beam_size,
            **options,
        )


@dataclass(frozen=True)
class Score:
    """``translator.score``: the average log-probability of each target given its source."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]

    def call(self, translator: Translator) -> list[float]:
        return translator.score(list(self.sources), list(self.targets))


@dataclass(frozen=True)
class Attention:
    """``translator.attention``: the cross-attention of each target over its source."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]

    def call(self, translator: Translator) -> list[SourceAttention] | None:
        return translator.attention(list(self.sources), list(self.targets))


Request = Generate | Score | Attention
Step = Generator[Request, Any, T]
"""A computation that asks the model: it yields requests, receives their answers and
returns a ``T``."""


def run(translator: Translator, step: Step[T]) -> T:
    """Drive ``step`` to its end, each request a call of its own, as it comes."""
    try:
        request = next(step)
        while True:
            try:
                answer = request.call(translator)
            except InputError as exc:
                request = step.throw(exc)
                continue
            request = step.send(answer)
    except StopIteration as stop:
        return stop.value
