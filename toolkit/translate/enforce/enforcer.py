"""The sentence loop: the hypothesis chosen, then each missing occurrence placed by the
strategies in turn, from least to most intervention (``docs/design/term-enforcer.md``)."""

from __future__ import annotations

from toolkit.glossary.source import SourceMatch
from toolkit.glossary.target import TargetMatcher
from toolkit.translate import locate
from toolkit.translate.base import TermOutcome, Translator
from toolkit.translate.calls import Step, run
from toolkit.translate.enforce.constrain import constrain
from toolkit.translate.enforce.evidence import unsafe_to_add
from toolkit.translate.enforce.insert import insert
from toolkit.translate.enforce.isolated import IsolatedRenderings
from toolkit.translate.enforce.outcomes import has_rendering, outcomes, rendered
from toolkit.translate.enforce.settings import EnforcerSettings
from toolkit.translate.enforce.state import Context, Draft, Placement, Sentence
from toolkit.translate.enforce.substitute import substitute


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

    def placing(
        self,
        source: str,
        hypotheses: list[str],
        scores: list[float],
        required: list[SourceMatch],
        max_new_tokens: int,
        *,
        degenerate: bool = False,
    ) -> Step[tuple[str, list[TermOutcome]]]:
        """:meth:`enforce` as requests (:mod:`toolkit.translate.calls`), for a driver that
        gathers the model calls of several sentences."""
        ctx = self._context
        index = self.choose(hypotheses, scores, required)
        text = hypotheses[index]
        confidence = scores[index] if scores[index] == scores[index] else None
        found = rendered(ctx, text, required)
        placements = {i: Placement("model", m) for i, m in found.items()}
        failed: dict[int, str] = {}
        aligned: list[locate.WordAlignment | None] = []  # computed once, on first need
        sentence = Sentence(
            source,
            required,
            text,
            confidence,
            degenerate,
            max_new_tokens,
            [i for i in range(len(required)) if i not in found],
        )
        for occurrence in range(len(required)):
            if occurrence in placements or occurrence in failed:
                continue
            if has_rendering(required[occurrence].term, placements):
                continue  # shared with another occurrence's rendering (resolved below)
            sentence.refused.clear()
            draft: Draft | None = yield from substitute(
                ctx, sentence, text, occurrence, placements, aligned
            )
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
            aligned.clear()  # the text changed
        return text, outcomes(ctx, required, placements, failed)
