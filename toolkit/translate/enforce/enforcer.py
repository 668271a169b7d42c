"""The sentence loop: the hypothesis chosen, then each missing occurrence placed by the
strategies in turn, from least to most intervention (``docs/design/term-enforcer.md``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit.glossary.source import SourceMatch
from toolkit.glossary.target import TargetMatcher
from toolkit.translate.base import INDEPENDENT, TermOutcome, Translator
from toolkit.translate.calls import Step, run, run_together
from toolkit.translate.enforce.constrain import constrain
from toolkit.translate.enforce.cost import EnforcementCost, Ledger
from toolkit.translate.enforce.evidence import unsafe_to_add
from toolkit.translate.enforce.insert import insert
from toolkit.translate.enforce.isolated import IsolatedRenderings, ask_alone
from toolkit.translate.enforce.outcomes import has_rendering, outcomes, rendered
from toolkit.translate.enforce.settings import EnforcerSettings
from toolkit.translate.enforce.state import Context, Draft, Placement, Sentence
from toolkit.translate.enforce.substitute import substitute

if TYPE_CHECKING:
    from toolkit.translate.backends.base import Hypothesis


@dataclass(frozen=True)
class Job:
    """A sentence to place terms in: the model's hypotheses of ``source`` (best first) with
    their scores, the occurrences it requires, its token budget, and whether the
    hypotheses stayed broken after the engine's retries."""

    source: str
    hypotheses: list[str]
    scores: list[float]
    required: list[SourceMatch]
    max_new_tokens: int
    degenerate: bool = False
    greedy: Hypothesis | None = None
    """The model's greedy translation of ``source`` within ``max_new_tokens``, when the
    engine has it (its first pass) and the translator gives a source alone what it gives it
    in a batch: the probe's translation of the whole sentence, not asked again."""


class TermEnforcer:
    """Applies the guarantee to translations produced by a :class:`Translator`."""

    def __init__(
        self,
        translator: Translator,
        matcher: TargetMatcher,
        settings: EnforcerSettings | None = None,
    ) -> None:
        self.translator = translator
        self.matcher = matcher
        self.settings = settings or EnforcerSettings()
        self._context = Context(translator, matcher, self.settings, IsolatedRenderings())
        self.cost = EnforcementCost()
        """What this enforcer asked of the model so far."""

    def share(self, other: TermEnforcer) -> None:
        """Keep the model's translations of terms alone, and the cost, with ``other``'s (an
        engine's for one document, beside the run's): asked once per run and language."""
        self._context = Context(
            self.translator,
            self.matcher,
            self.settings,
            IsolatedRenderings(other._context.isolated.alone),
        )
        self.cost = other.cost

    @property
    def lang(self) -> str:
        return self.matcher.lang

    def choose(
        self, hypotheses: list[str], scores: list[float], required: list[SourceMatch]
    ) -> int:
        """Step 1: the best hypothesis rendering the most occurrences, among those not much
        shorter than the best hypothesis."""
        floor = self.settings.max_length_ratio * len(hypotheses[0].split())
        best_index, best_key = 0, (-1, float("-inf"))
        for i, (text, score) in enumerate(zip(hypotheses, scores, strict=True)):
            if i and len(text.split()) < floor:
                continue
            placed = len(rendered(self._context, text, required))
            key = (placed, score if score == score else float("-inf"))  # NaN: unscored
            if i == 0 or key > best_key:
                best_index, best_key = i, key
            if placed == len(required):
                break
        return best_index

    def enforce(
        self,
        source: str,
        hypotheses: list[str],
        scores: list[float],
        required: list[SourceMatch],
        max_new_tokens: int,
        *,
        degenerate: bool = False,
    ) -> tuple[str, list[TermOutcome]]:
        """The final text and one outcome per required occurrence (in source order).
        ``degenerate``: the hypotheses stayed broken after the engine's retries (a token
        repeated, noise), so they hold no words of the model's to keep."""
        step = self.placing(
            source, hypotheses, scores, required, max_new_tokens, degenerate=degenerate
        )
        return run(self.translator, step)

    def enforce_many(self, jobs: Sequence[Job]) -> list[tuple[str, list[TermOutcome]]]:
        """:meth:`enforce` for each job, the same results as one after another. For an
        :data:`~toolkit.translate.base.INDEPENDENT` translator, the terms missing from the
        jobs are first translated on their own in batches, then the sentences are placed in
        lock-step: each round, their model requests go in one call per kind of request and
        decoding settings (:func:`~toolkit.translate.calls.run_together`)."""
        together = self.translator.can(INDEPENDENT)
        if together:
            words = [w for job in jobs for w in self._alone_wanted(job)]
            run_together(self.translator, [ask_alone(self._context, words)], tally=self.cost.alone)
        ledgers = [Ledger() for _ in jobs]
        steps = [
            self.placing(
                j.source,
                j.hypotheses,
                j.scores,
                j.required,
                j.max_new_tokens,
                degenerate=j.degenerate,
                ledger=ledger,
                greedy=j.greedy,
            )
            for j, ledger in zip(jobs, ledgers, strict=True)
        ]
        results: list[tuple[str, list[TermOutcome]]] = run_together(
            self.translator,
            steps,
            together=together,
            charge=lambda k, seconds: ledgers[k].charge(seconds),
            tally=self.cost.loop,
        )
        for ledger, (_, outcomes_) in zip(ledgers, results, strict=True):
            self.cost.add(ledger, outcomes_)
        return results

    def _alone_wanted(self, job: Job) -> list[str]:
        """The words the job's sentence will ask the model to translate on their own: those
        of its missing terms (their glossary and sentence forms), if any of them has no
        rendering in the chosen hypothesis at all."""
        index = self.choose(job.hypotheses, job.scores, job.required)
        found = rendered(self._context, job.hypotheses[index], job.required)
        placed = {job.required[i].term for i in found}
        missing = [m for i, m in enumerate(job.required) if i not in found]
        if all(m.term in placed for m in missing):
            return []
        return [w for m in missing for w in dict.fromkeys((m.variant, m.surface))]

    def placing(
        self,
        source: str,
        hypotheses: list[str],
        scores: list[float],
        required: list[SourceMatch],
        max_new_tokens: int,
        *,
        degenerate: bool = False,
        ledger: Ledger | None = None,
        greedy: Hypothesis | None = None,
    ) -> Step[tuple[str, list[TermOutcome]]]:
        """:meth:`enforce` as requests (:mod:`toolkit.translate.calls`), for a driver that
        gathers the model calls of several sentences; ``ledger`` is told which occurrence
        is being placed; ``greedy`` is :attr:`Job.greedy`."""
        ledger = ledger if ledger is not None else Ledger()
        ctx = self._context
        index = self.choose(hypotheses, scores, required)
        text = hypotheses[index]
        confidence = scores[index] if scores[index] == scores[index] else None
        found = rendered(ctx, text, required)
        placements = {i: Placement("model", m) for i, m in found.items()}
        failed: dict[int, str] = {}
        sentence = Sentence(
            source,
            required,
            text,
            confidence,
            degenerate,
            max_new_tokens,
            [i for i in range(len(required)) if i not in found],
            ctx.isolated.ticket(),
            greedy=greedy,
        )
        for occurrence in range(len(required)):
            if occurrence in placements or occurrence in failed:
                continue
            if has_rendering(required[occurrence].term, placements):
                continue  # shared with another occurrence's rendering (resolved below)
            sentence.refused.clear()
            ledger.occurrence = occurrence
            draft: Draft | None = yield from substitute(ctx, sentence, text, occurrence, placements)
            unsafe = None
            if draft is None:
                unsafe = yield from unsafe_to_add(ctx, sentence, text, occurrence, placements)
            if unsafe is not None:
                sentence.refused.append(unsafe)
            if draft is None and unsafe is None:
                draft = yield from constrain(ctx, sentence, text, occurrence, placements)
            if draft is None and unsafe is None:
                draft = yield from insert(ctx, sentence, text, occurrence, placements)
            if draft is None:
                failed[occurrence] = (
                    f"every placement was refused: {sentence.refused[0]}"
                    if sentence.refused
                    else "no accepted rendering could be placed in the translation"
                )
                continue
            text, placements = draft.text, draft.placements
        return text, outcomes(ctx, required, placements, failed)
