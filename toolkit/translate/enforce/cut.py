"""Where an added term goes in a translation (the cut), and in which forms: shared by
constrained continuation and insertion."""

from __future__ import annotations

from toolkit.errors import InputError
from toolkit.glossary.agree import SENTENCE_START, fit_before, placed_forms, source_number
from toolkit.glossary.source import SourceMatch
from toolkit.translate import locate
from toolkit.translate.base import ATTENTION
from toolkit.translate.calls import Attention, Step
from toolkit.translate.enforce.settings import MAX_FORMS
from toolkit.translate.enforce.state import Context, Placement, Sentence


def alignment(ctx: Context, sentence: Sentence, text: str) -> Step[locate.WordAlignment | None]:
    """The word alignment of ``text`` with the sentence's source (cross-attention), asked
    once per text; None where the translator gives no attention."""
    if text in sentence.alignments:
        return sentence.alignments[text]
    result = None
    if text.strip() and ctx.translator.can(ATTENTION):
        try:
            attention = yield Attention((sentence.source,), (text,))
        except InputError:
            attention = None
        if attention:
            result = locate.word_alignment(attention[0], sentence.source, text)
    sentence.alignments[text] = result
    return result


def cut(
    ctx: Context,
    sentence: Sentence,
    text: str,
    match: SourceMatch,
    placements: dict[int, Placement],
) -> Step[int]:
    """Where in ``text`` the term should start: a word boundary outside every rendered
    term."""
    at = yield from aligned_cut(ctx, sentence, text, match)
    if at is None:
        ratio = match.start / max(1, len(sentence.source))
        at = round(ratio * len(text))
    at = min(max(at, 0), len(text))
    while 0 < at < len(text) and not text[at - 1].isspace():
        at -= 1
    stripped = text.rstrip()
    if at >= len(stripped) and stripped and stripped[-1] in ".!?…":
        at = len(stripped) - 1
        while at > 0 and stripped[at - 1] in ".!?…":
            at -= 1
    for p in sorted(placements.values(), key=lambda p: p.match.start):
        if p.match.start < at < p.match.end:
            at = p.match.end
    return at


def aligned_cut(
    ctx: Context, sentence: Sentence, text: str, match: SourceMatch
) -> Step[int | None]:
    """The start of the first target word aligned with the term."""
    align = yield from alignment(ctx, sentence, text)
    if align is None:
        return None
    chosen = locate.aligned_words(align, match.start, match.end)
    return align.target_spans[chosen[0]][0] if chosen else None


def context(text: str, at: int, placements: dict[int, Placement]) -> str:
    """The model's words before the cut, which decide a placed term's case; a term
    placed just before the cut is the toolkit's own, not the model's grammar, and leaves
    no context (the nominative)."""
    head = text[:at].rstrip()
    if any(p.match.end >= len(head) for p in placements.values() if p.match.end <= at):
        return ""
    return head


def cased(head: str, form: str) -> str:
    """A lower-case form starts with a capital at the start of a sentence."""
    if form[:1].islower() and SENTENCE_START.search(head):
        return form[:1].upper() + form[1:]
    return form


def before(ctx: Context, head: str, form: str) -> str:
    """The words before a placed form, fitted to it (Russian «о» or «об»)."""
    return fit_before(ctx.lang, head, form)


def variant(ctx: Context, match: SourceMatch) -> str:
    """The glossary's form of the term in the target language ("" where it has none)."""
    term = match.term
    if term.dnt:
        own = term.get(ctx.lang)
        return own[0] if own else match.surface
    variants = ctx.matcher.variants(term)
    return variants[0] if variants else ""


def forms(ctx: Context, source: str, match: SourceMatch, head: str) -> list[str]:
    """Forms to force or insert where the model wrote nothing for the term, after
    ``head`` (:func:`~toolkit.glossary.agree.placed_forms`): the number of the Persian
    source (a plural suffix, a count, a plural verb), a name never plural, and in
    Russian the cases the words before the cut allow. The model's scores choose only
    among these."""
    wanted = variant(ctx, match)
    if not wanted:
        return []
    if match.term.dnt:
        return [wanted]
    number = source_number(source, match)
    return placed_forms(ctx.matcher, wanted, match.term, number, head)[:MAX_FORMS]
