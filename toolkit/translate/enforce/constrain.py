"""Step 3, constrained continuation: where the model left a term out, the translation is cut
where the term belongs, each form forced as a prefix, and the model continues the sentence."""

from __future__ import annotations

from toolkit.errors import InputError
from toolkit.translate.base import PREFIX
from toolkit.translate.calls import Generate, Step
from toolkit.translate.enforce.cut import before, cased, context, cut, forms
from toolkit.translate.enforce.outcomes import best_keeping, model_scores, wrong_script_words
from toolkit.translate.enforce.settings import EnforcerSettings
from toolkit.translate.enforce.state import Context, Draft, Placement, Sentence


def constrain(
    ctx: Context,
    sentence: Sentence,
    text: str,
    occurrence: int,
    placements: dict[int, Placement],
) -> Step[Draft | None]:
    """``text`` continued by the model after the occurrence's form, or None: no forced
    prefix to continue (insertion is what is left), or no continuation kept the sentence."""
    if not ctx.translator.can(PREFIX):
        return None  # no forced prefix to continue: insertion is what is left
    settings, source = ctx.settings, sentence.source
    match = sentence.required[occurrence]
    at = yield from cut(ctx, sentence, text, match, placements)
    candidates = forms(ctx, source, match, context(text, at, placements))
    if not candidates:
        return None
    head = text[:at].rstrip()
    joiner = " " if head else ""
    prefixes = [f"{before(ctx, head, form)}{joiner}{cased(head, form)}" for form in candidates]
    if len(prefixes) > settings.max_continued:
        # Rank the forms by the model first (one teacher-forced pass), continue the best.
        ranks = yield from model_scores(ctx, source, prefixes)
        if ranks is not None:
            order = sorted(range(len(prefixes)), key=lambda k: -ranks[k])
            prefixes = [prefixes[k] for k in order[: settings.max_continued]]
        else:
            prefixes = prefixes[: settings.max_continued]
    tail_budget = min(sentence.budget, len(text[at:]) // 2 + 8)
    try:
        outputs = yield Generate(
            (source,) * len(prefixes),
            1,
            settings.beam_size,
            prefixes=tuple(prefixes),
            max_new_tokens=(tail_budget,) * len(prefixes),
        )
    except InputError:
        return None  # the prefix does not fit the model: insertion is what is left
    tail_words = len(text[at:].split())
    sound = [
        hyps[0].text
        for prefix, hyps in zip(prefixes, outputs, strict=True)
        if hyps and keeps_coverage(settings, ctx.lang, text, hyps[0].text, prefix, tail_words)
    ]
    return (
        yield from best_keeping(
            ctx, sentence, sound, occurrence, placements, "constrained", before=text
        )
    )


def keeps_coverage(
    settings: EnforcerSettings, lang: str, before: str, after: str, prefix: str, tail_words: int
) -> bool:
    """The continuation after the forced prefix keeps most of what followed the cut (no
    dropped clause, no length collapse) and adds no word in another script."""
    continued = len(after[len(prefix) :].split()) if after.startswith(prefix) else 0
    # One word of slack: the term may take the place of a word the model had written.
    if continued + 1 < settings.min_kept_words * tail_words:
        return False
    return wrong_script_words(after, lang) <= wrong_script_words(before, lang)
