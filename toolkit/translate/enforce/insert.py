"""Step 4, insertion: the last resort, the term's form pasted into the translation at the
cut."""

from __future__ import annotations

from toolkit.translate.calls import Step
from toolkit.translate.enforce.cut import before, cased, context, cut, forms
from toolkit.translate.enforce.outcomes import keeping
from toolkit.translate.enforce.state import Context, Draft, Placement, Sentence


def insert(
    ctx: Context,
    sentence: Sentence,
    text: str,
    occurrence: int,
    placements: dict[int, Placement],
) -> Step[Draft | None]:
    """``text`` with the first of the occurrence's forms that the edit guard lets through
    pasted in at the cut, or None."""
    source = sentence.source
    match = sentence.required[occurrence]
    at = yield from cut(ctx, sentence, text, match, placements)
    head = text[:at].rstrip()
    joiner = " " if head else ""
    tail = text[at:].lstrip()
    for form in forms(ctx, source, match, context(text, at, placements)):
        words_before = before(ctx, head, form)
        cand = f"{words_before}{joiner}{cased(head, form)}" + (f" {tail}" if tail else "")
        result = yield from keeping(
            ctx, sentence, cand, occurrence, placements, "inserted", before=text
        )
        if result is not None:
            return result
    return None
