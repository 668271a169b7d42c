"""Whether a missing term may be added beside the model's words: what the probe showed, and
what else speaks for or against the model having rendered it."""

from __future__ import annotations

import re

from toolkit.errors import InputError
from toolkit.glossary.model import Term
from toolkit.translate import locate
from toolkit.translate.calls import Step
from toolkit.translate.enforce.isolated import isolated_renderings
from toolkit.translate.enforce.outcomes import wrong_script_words
from toolkit.translate.enforce.state import Context, Placement, Sentence
from toolkit.translate.probe import UNKNOWN, Evidence, probing

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
"""A word of a translation (letters, with inner apostrophes and hyphens)."""


def evidence_of(ctx: Context, sentence: Sentence, occurrence: int) -> Step[Evidence]:
    """What translating the sentence without the term showed (one probe per sentence,
    for every occurrence the model's hypothesis lacked)."""
    if not ctx.settings.probe:
        return UNKNOWN
    if sentence.evidence is None:
        todo = sentence.unrendered
        try:
            found = yield from probing(
                ctx.translator,
                sentence.source,
                [sentence.required[i] for i in todo],
                ctx.lang,
                beam_size=ctx.settings.probe_beam,
                max_new_tokens=sentence.budget,
                translated=sentence.greedy,
            )
        except InputError:
            found = [UNKNOWN] * len(todo)
        sentence.evidence = dict(zip(todo, found, strict=True))
    evidence = sentence.evidence.get(occurrence, UNKNOWN)
    if evidence.verdict == "omitted" and evidence.translation.split() != (
        sentence.hypothesis.split()
    ):
        return UNKNOWN  # the model left the term out of another translation than this one
    return evidence


def unsafe_to_add(
    ctx: Context,
    sentence: Sentence,
    text: str,
    occurrence: int,
    placements: dict[int, Placement],
) -> Step[str | None]:
    """Why the term may not be added (forced or pasted) beside the model's words: the model
    rendered it, or may have, in words that could not be replaced. None when the model
    left it out (the probe), when the enforcer knows the model's own renderings of the
    term (then :func:`~toolkit.translate.enforce.outcomes.beside` checks that none is
    there) and the sentence holds no content word of the term's renderings, or when the
    hypothesis is not a translation the model stands behind (degenerate, or scored below
    :attr:`EnforcerSettings.min_translating_score`)."""
    evidence = yield from evidence_of(ctx, sentence, occurrence)
    if evidence.verdict == "omitted":
        return None
    if evidence.verdict == "rendered":
        return f"the model rendered it as «{evidence.rendering}», which could not be replaced"
    confidence = sentence.confidence
    if sentence.degenerate or (
        confidence is not None and confidence < ctx.settings.min_translating_score
    ):
        return None
    match = sentence.required[occurrence]
    shared = shared_words(ctx, text, match.term, placements)
    if shared:
        # The model wrote words of the term itself ("areas of cooperation" where the
        # glossary asks for "avenues of cooperation"): its rendering is around them, in
        # words nothing located; the term added beside them would stand next to it.
        return (
            "the model may have rendered it around "
            + ", ".join(f"«{w}»" for w in shared)
            + ", in words that could not be located"
        )
    own = yield from isolated_renderings(ctx, sentence, match)
    if any(wrong_script_words(r, ctx.lang) == 0 for r in own):
        return None
    return "the model may have rendered it in words that could not be located"


def shared_words(
    ctx: Context, text: str, term: Term, placements: dict[int, Placement]
) -> list[str]:
    """The content words of ``text`` outside the placed terms that share a lemma with a
    content word of ``term``'s renderings."""
    lang = ctx.lang
    wanted: set[str] = set()
    for rendering in term.get(lang):
        for word in _WORD.findall(rendering):
            if not locate.is_function_word(word, lang):
                wanted |= locate.lemmas(word, lang)
    taken = [(p.match.start, p.match.end) for p in placements.values()]
    return [
        m.group()
        for m in _WORD.finditer(text)
        if locate.is_free(m.start(), m.end(), taken)
        and not locate.is_function_word(m.group(), lang)
        and locate.lemmas(m.group(), lang) & wanted
    ]
