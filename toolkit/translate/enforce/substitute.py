"""Step 2, substitution: the model's own rendering of a missing term, located in the
sentence, replaced with the glossary's form in the grammatical form of the words replaced."""

from __future__ import annotations

import re

from toolkit.glossary.agree import fit_neighbours, fitting_forms, source_number
from toolkit.glossary.model import Term
from toolkit.glossary.source import SourceMatch
from toolkit.translate import locate
from toolkit.translate.calls import Step
from toolkit.translate.enforce.cut import alignment, cased, variant
from toolkit.translate.enforce.evidence import evidence_of
from toolkit.translate.enforce.isolated import isolated_renderings
from toolkit.translate.enforce.outcomes import best_keeping, wrong_script_words
from toolkit.translate.enforce.settings import MAX_FORMS
from toolkit.translate.enforce.state import Context, Draft, Placement, Sentence
from toolkit.translate.probe import Evidence


def substitute(
    ctx: Context,
    sentence: Sentence,
    text: str,
    occurrence: int,
    placements: dict[int, Placement],
) -> Step[Draft | None]:
    """``text`` with the model's rendering of the occurrence (and of the later missing
    occurrences of its term) replaced, or None where no located span may be replaced."""
    settings, lang = ctx.settings, ctx.lang
    required = sentence.required
    match = required[occurrence]
    term = match.term
    taken = [(p.match.start, p.match.end) for p in placements.values()]
    renderings = yield from isolated_renderings(ctx, sentence, match)
    # The model's whole rendering may contain another term's accepted rendering ("the
    # Ambassador of the Islamic Republic of Iran to Russia" holds "Islamic Republic of
    # Iran", which a later occurrence may own): free spans first, then overlapping ones;
    # a replacement that loses a placed term is refused when it is tried.
    found = locate.lexical_spans(text, renderings, lang, [])
    spans = [s for s in found if locate.is_free(s.start, s.end, taken)]
    spans += [s for s in found if s not in spans and locate.contains_all(s, taken)]
    if not spans:
        align = yield from alignment(ctx, sentence, text)
        anchors = locate.anchors(text, renderings, lang, taken)
        for anchor in anchors if settings.grow_anchors else []:
            grown = locate.extend_anchor(text, anchor, align, match.start, match.end, lang, taken)
            if grown is not None and locate.explained(grown.text, renderings, lang):
                spans = [grown]
                break
        confidence = sentence.confidence
        if (
            not spans
            and settings.align_only
            and align is not None
            and confidence is not None
            and confidence >= settings.min_aligned_score
        ):
            span = locate.aligned_span(text, align, match.start, match.end, lang, taken)
            spans = [span] if span is not None else []
    evidence = yield from evidence_of(ctx, sentence, occurrence)
    spans = agreeing(spans, evidence, text, taken)
    # A rendering is words of the target language: a span in another script is noise
    # (a random model echoing the source), never the model's wording of a term.
    spans = [s for s in spans if wrong_script_words(s.text, lang) == 0]
    spans = [s for s in spans if exclusive(ctx, s, text, required, term)]
    if not spans:
        return None
    # The occurrences of this term still missing take the located spans in order; a span
    # whose replacement would lose a placed term is skipped for the next one.
    missing = [
        i
        for i in range(occurrence, len(required))
        if required[i].term == term and i not in placements
    ]
    draft = Draft(text, dict(placements))
    pending = list(spans)
    for i in missing:
        while pending:
            result = yield from replace(ctx, sentence, draft, i, pending.pop(0))
            if result is not None:
                draft = result
                break
    if occurrence not in draft.placements:
        return None
    return draft


def agreeing(
    spans: list[locate.Located],
    evidence: Evidence,
    text: str,
    taken: list[tuple[int, int]],
) -> list[locate.Located]:
    """The spans that the probe's evidence does not contradict. Where the model showed its
    rendering, a located span must lie inside it (the tighter of the two is replaced) or
    hold it; where the model's words do not depend on the term, none is its rendering."""
    if evidence.verdict == "omitted":
        return []
    if evidence.verdict != "rendered":
        return spans
    shown = [
        locate.Located(m.start(), m.end(), m.group(), "probed")
        for m in re.finditer(re.escape(evidence.rendering), text)
        if locate.is_free(m.start(), m.end(), taken)
    ]
    if len(shown) != 1:
        return []  # gone, or twice in the sentence: which one is the term's is not known
    probed = shown[0]
    if not spans:
        return [probed]
    inside = [s for s in spans if probed.start <= s.start and s.end <= probed.end]
    if inside:
        return inside
    if any(s.start <= probed.start and probed.end <= s.end for s in spans):
        return [probed]
    return []


def replace(
    ctx: Context,
    sentence: Sentence,
    draft: Draft,
    occurrence: int,
    span: locate.Located,
) -> Step[Draft | None]:
    """``draft`` with ``span`` replaced by the occurrence's term in the forms that fit the
    words replaced; the best candidate the edit guard lets through."""
    text = draft.text
    match = sentence.required[occurrence]
    wanted = variant(ctx, match)
    if not wanted:
        return None
    # Where the span moved because of earlier replacements, find it again by its text.
    start = text.find(span.text, max(0, span.start - 64))
    if start < 0:
        return None
    end = start + len(span.text)
    forms = fitting_forms(
        ctx.matcher,
        wanted,
        match.term,
        span.text,
        match.surface,
        source_number(sentence.source, match),
    )
    candidates = []
    for form in forms[:MAX_FORMS]:
        # The words around the form adjusted as the language's grammar requires (English
        # a/an; Russian о/об and the gender of the adjectives before it and the predicate
        # after it: :func:`~toolkit.glossary.agree.fit_neighbours`).
        head, tail = fit_neighbours(ctx.lang, text[:start], form, text[end:], span.text)
        candidates.append(head + cased(head, form) + tail)
    return (
        yield from best_keeping(
            ctx,
            sentence,
            candidates,
            occurrence,
            draft.placements,
            "substituted",
            span.text,
            before=text,
            span=(start, end),
        )
    )


def exclusive(
    ctx: Context, span: locate.Located, text: str, required: list[SourceMatch], term: Term
) -> bool:
    """Whether ``span`` may be this term's rendering: content words, not function words
    alone (a preposition is never a term: «после» is not a form of «посол»), and no part of
    another term's rendering in the sentence (clear of it, or holding it whole)."""
    lang = ctx.lang
    if all(locate.is_function_word(w.text, lang) for w in locate.words(span.text, lang)):
        return False
    for other in {m.term for m in required if m.term != term}:
        for hit in ctx.matcher.find(text, other):
            overlaps = hit.start < span.end and span.start < hit.end
            holds = span.start <= hit.start and hit.end <= span.end
            if overlaps and not holds:
                return False
    return True
