"""What a placement must keep, and what the sentence's placements come to: the rules every
strategy's candidates pass (:func:`keeping`), and the outcome per occurrence."""

from __future__ import annotations

import re

from toolkit.errors import InputError
from toolkit.glossary.model import Term
from toolkit.glossary.source import SourceMatch
from toolkit.glossary.target import TargetMatch, term_renderings
from toolkit.languages import find
from toolkit.text.script import profile
from toolkit.translate import locate
from toolkit.translate.base import SCORE, TermOutcome
from toolkit.translate.calls import Score, Step
from toolkit.translate.enforce.cut import variant
from toolkit.translate.enforce.isolated import isolated_renderings
from toolkit.translate.enforce.state import Context, Draft, Placement, Sentence
from toolkit.translate.verify import check_edit


def rendered(ctx: Context, text: str, required: list[SourceMatch]) -> dict[int, TargetMatch]:
    """Occurrence index -> its own rendering (one rendering serves one occurrence)."""
    by_term: dict[Term, list[int]] = {}
    for i, m in enumerate(required):
        by_term.setdefault(m.term, []).append(i)
    # The evaluator's rule: a rendering inside another term's rendering is not this one's.
    found = term_renderings(text, list(by_term), ctx.matcher)
    placed: dict[int, TargetMatch] = {}
    for term, indices in by_term.items():
        for occurrence, hit in zip(indices, found[term], strict=False):
            placed[occurrence] = hit
    return placed


def has_rendering(term: Term, placements: dict[int, Placement]) -> bool:
    """Whether another occurrence of ``term`` already has a rendering of its own."""
    return any(p.match.term == term for p in placements.values())


def best_keeping(
    ctx: Context,
    sentence: Sentence,
    candidates: list[str],
    occurrence: int,
    placements: dict[int, Placement],
    status: str,
    replaced: str = "",
    before: str | None = None,
    span: tuple[int, int] | None = None,
) -> Step[Draft | None]:
    """The best-scoring candidate that keeps every placement, renders the occurrence and
    changes nothing but it (see :func:`keeping`)."""
    good = []
    for cand in dict.fromkeys(candidates):
        result = yield from keeping(
            ctx, sentence, cand, occurrence, placements, status, replaced, before, span
        )
        if result is not None:
            good.append(result)
    if not good:
        return None
    if len(good) == 1:
        return good[0]
    scores = yield from model_scores(ctx, sentence.source, [g.text for g in good])
    if scores is None:
        return good[0]  # too long to score: the first (grammatically best) form
    return good[max(range(len(good)), key=lambda k: scores[k])]


def keeping(
    ctx: Context,
    sentence: Sentence,
    text: str,
    occurrence: int,
    placements: dict[int, Placement],
    status: str,
    replaced: str = "",
    before: str | None = None,
    span: tuple[int, int] | None = None,
) -> Step[Draft | None]:
    """``text`` with the occurrence placed, if it keeps every placement and, compared with
    ``before``, changes only the term (its ``span`` of ``before``, or where it went in) and
    its grammar (:func:`~toolkit.translate.verify.check_edit`)."""
    required = sentence.required
    found = rendered(ctx, text, required)
    if occurrence not in found or not set(placements) <= set(found):
        return None
    if before is not None:
        form = found[occurrence].surface
        absorbs = status == "constrained"
        why = check_edit(before, text, ctx.lang, form, span, absorbs=absorbs)
        if why is None and status in ("constrained", "inserted"):
            why = yield from beside(
                ctx, sentence, required[occurrence], before, text, found, placements
            )
        if why is not None:
            sentence.refused.append(why)
            return None
    updated = {i: Placement(p.status, found[i], p.replaced) for i, p in placements.items()}
    updated[occurrence] = Placement(status, found[occurrence], replaced)
    return Draft(text, updated)


def model_scores(ctx: Context, source: str, targets: list[str]) -> Step[list[float] | None]:
    """The model's score of each target (None: it cannot score, or the text is too long)."""
    if not ctx.translator.can(SCORE):
        return None
    try:
        scores: list[float] = yield Score((source,) * len(targets), tuple(targets))
    except InputError:
        return None
    return scores


def beside(
    ctx: Context,
    sentence: Sentence,
    match: SourceMatch,
    before: str,
    after: str,
    found: dict[int, TargetMatch],
    placements: dict[int, Placement],
) -> Step[str | None]:
    """Why a form added for the term would stand beside the model's own rendering of it:
    a word with the head lemma of one of the model's isolated renderings, free in
    ``before`` and still there in ``after`` (a continuation that left it out took it as
    said). A rendering the enforcer could not delimit is left alone: the term fails."""
    # A rendering in another script is noise (a random model echoing the source).
    own = yield from isolated_renderings(ctx, sentence, match)
    renderings = tuple(r for r in own if wrong_script_words(r, ctx.lang) == 0)
    if not renderings:
        return None
    taken = [(p.match.start, p.match.end) for p in placements.values()]
    held = locate.anchors(before, renderings, ctx.lang, taken)
    if not held:
        return None
    placed = [(m.start, m.end) for m in found.values()]
    kept = locate.anchors(after, renderings, ctx.lang, placed)
    if len(kept) < len(held):
        return None
    word = before[held[0][0] : held[0][1]]
    return f"the model's own rendering «{word}» would stay beside it"


def outcomes(
    ctx: Context,
    required: list[SourceMatch],
    placements: dict[int, Placement],
    failed: dict[int, str],
) -> list[TermOutcome]:
    """One outcome per required occurrence, in source order: its placement, the rendering
    it shares with another occurrence of its term, or why it failed."""
    out = []
    for i, m in enumerate(required):
        expected = variant(ctx, m)
        p = placements.get(i)
        if p is not None:
            out.append(
                TermOutcome(m.label, p.status, p.match.surface, expected, replaced=p.replaced)
            )
            continue
        shared = next((q for q in placements.values() if q.match.term == m.term), None)
        if shared is not None and i not in failed:
            out.append(
                TermOutcome(m.label, shared.status, shared.match.surface, expected, shared=True)
            )
        else:
            reason = failed.get(i, "not rendered")
            out.append(TermOutcome(m.label, "failed", "", expected, reason))
    return out


def wrong_script_words(text: str, lang: str) -> int:
    """Words written in a script other than the target language's (Latin acronyms such as
    IT in Russian are words too: the count is compared, not judged on its own)."""
    language = find(lang)
    if language is None or not language.target:
        return 0
    script = language.script
    count = 0
    for word in re.findall(r"[^\W\d_]+", text):
        prof = profile(word)
        if prof.letters and prof.share(script) < 0.5:
            count += 1
    return count
