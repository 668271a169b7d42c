"""Model calls as values: the enforcer's strategies (and the probe) are generators that
yield a request and receive its answer, so that whoever drives them decides how the calls
reach the translator: one at a time (:func:`run`), or gathered over a batch of sentences
(:func:`run_together`: each round, the requests of every step still running, one call per
kind of request and decoding settings).

A request that the translator refuses with an ``InputError`` (a sentence too long to
continue or score) is thrown back into the generator at its ``yield``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, replace
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
    scored: bool = True
    """False: the asker reads no score (a local backend then skips its scoring pass)."""

    def call(self, translator: Translator) -> list[list[Hypothesis]]:
        options: dict[str, Any] = {}
        if self.prefixes is not None:
            options["prefixes"] = list(self.prefixes)
        if self.max_new_tokens is not None:
            options["max_new_tokens"] = list(self.max_new_tokens)
        if not self.scored:
            options["rescore"] = False
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


Charge = Callable[[int, float], None]
"""Told, for each request answered, the step it came from and its share of the call's
seconds."""


@dataclass
class Tally:
    """Model calls made, requests answered, and their seconds."""

    calls: int = 0
    requests: int = 0
    seconds: float = 0.0
    rounds: int = 0
    """Rounds of :func:`run_together` (every step's next request answered)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "model_calls": self.calls,
            "requests": self.requests,
            "rounds": self.rounds,
            "seconds": round(self.seconds, 3),
        }


class _Start:
    """The first advance of a step."""


@dataclass(frozen=True)
class _Refused:
    error: InputError


def run_together(
    translator: Translator,
    steps: Sequence[Step[Any]],
    *,
    together: bool = True,
    charge: Charge | None = None,
    tally: Tally | None = None,
) -> list[Any]:
    """Drive every step to its end; their results in order. ``together``: in lock-step,
    each round's requests gathered into one call per group of alike requests (the same
    kind and decoding settings; see :func:`merge`), for a translator whose batch gives
    what one call per source gives (:data:`~toolkit.translate.base.INDEPENDENT`); else
    each step to its end before the next, one call per request, as :func:`run`."""
    results: dict[int, Any] = {}
    waiting: dict[int, Request] = {}
    tally = tally if tally is not None else Tally()

    def advance(k: int, answer: Any) -> None:
        step = steps[k]
        try:
            if isinstance(answer, _Start):
                request = next(step)
            elif isinstance(answer, _Refused):
                request = step.throw(answer.error)
            else:
                request = step.send(answer)
        except StopIteration as stop:
            results[k] = stop.value
            return
        waiting[k] = request

    steps_request: dict[int, Request] = {}

    def ask(members: list[int]) -> None:
        steps_request.update((k, waiting[k]) for k in members)
        for k, answer in zip(
            members, _answers(translator, members, waiting, charge, tally), strict=True
        ):
            answered[k] = answer

    answered: dict[int, Any] = {}
    if not together:
        for k in range(len(steps)):
            advance(k, _Start())
            while k in waiting:
                ask([k])
                del waiting[k]
                advance(k, answered.pop(k))
        return [results[k] for k in range(len(steps))]
    for k in range(len(steps)):
        advance(k, _Start())
    # A step whose request the translator refused (a text grown past the model's limit)
    # asks its next request of that kind alone, so that it does not refuse a whole call.
    suspects: set[tuple[int, tuple[Any, ...]]] = set()
    while waiting:
        tally.rounds += 1
        groups: dict[tuple[Any, ...], list[int]] = {}
        for k in sorted(waiting):
            kind = _kind(waiting[k])
            groups.setdefault((k, *kind) if (k, kind) in suspects else kind, []).append(k)
        for members in groups.values():
            ask(members)
        waiting.clear()
        for k in sorted(answered):
            answer = answered.pop(k)
            if isinstance(answer, _Refused):
                suspects.add((k, _kind(steps_request[k])))
            advance(k, answer)
    return [results[k] for k in range(len(steps))]


def _kind(request: Request) -> tuple[Any, ...]:
    """Requests that go in one call: the same kind and decoding settings."""
    if isinstance(request, Generate):
        return (
            "generate",
            request.num_hypotheses,
            request.beam_size,
            request.prefixes is None,
            request.max_new_tokens is None,
            request.scored,
        )
    return (type(request).__name__,)


def merge(requests: Sequence[Request]) -> Request:
    """One request for all of ``requests`` (alike: see :func:`_kind`), their sources in
    order."""
    first = requests[0]
    sources = tuple(s for r in requests for s in r.sources)
    if isinstance(first, Generate):
        gens = [r for r in requests if isinstance(r, Generate)]
        prefixes = (
            None if first.prefixes is None else tuple(p for r in gens for p in r.prefixes or ())
        )
        budgets = (
            None
            if first.max_new_tokens is None
            else tuple(b for r in gens for b in r.max_new_tokens or ())
        )
        return replace(first, sources=sources, prefixes=prefixes, max_new_tokens=budgets)
    targets = tuple(t for r in requests if not isinstance(r, Generate) for t in r.targets)
    return replace(first, sources=sources, targets=targets)


def _answers(
    translator: Translator,
    members: list[int],
    waiting: dict[int, Request],
    charge: Charge | None,
    tally: Tally,
) -> list[Any]:
    """The answer to each member's request (a :class:`_Refused` where the translator
    refused it), from one call where there are several; a refused merged call is asked
    again in halves, so that only the request at fault is refused."""
    requests = [waiting[k] for k in members]
    started = time.perf_counter()
    try:
        answer = (requests[0] if len(requests) == 1 else merge(requests)).call(translator)
    except InputError as exc:
        if len(requests) == 1:
            _charge(members, requests, time.perf_counter() - started, charge, tally)
            return [_Refused(exc)]
        half = len(members) // 2
        return _answers(translator, members[:half], waiting, charge, tally) + _answers(
            translator, members[half:], waiting, charge, tally
        )
    _charge(members, requests, time.perf_counter() - started, charge, tally)
    if answer is None:
        return [None] * len(requests)
    out, at = [], 0
    for r in requests:
        out.append(answer[at : at + len(r.sources)])
        at += len(r.sources)
    return out


def _charge(
    members: list[int],
    requests: list[Request],
    seconds: float,
    charge: Charge | None,
    tally: Tally,
) -> None:
    tally.calls += 1
    tally.requests += len(requests)
    tally.seconds += seconds
    if charge is None:
        return
    total = sum(len(r.sources) for r in requests)
    for k, r in zip(members, requests, strict=True):
        charge(k, seconds * len(r.sources) / total)
