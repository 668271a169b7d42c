"""The model's own renderings of a term: its translations of the term's words on their own,
less those that are not this term's (a sentence the model knows, another term's rendering)."""

from __future__ import annotations

import re

from toolkit.errors import InputError
from toolkit.glossary.model import Term
from toolkit.glossary.source import SourceMatch
from toolkit.translate.base import N_BEST, SCORE
from toolkit.translate.calls import Generate, Step
from toolkit.translate.enforce.state import Context, Sentence

SENTENCE_WORDS = 8
"""Two answers of at least this many words that begin with the same words are one answer: a
sentence the model knows, with a word repeated or dropped at its end. Shorter ones must be
alike in full ("Deputy Minister of ICT" begins the longer title too)."""


class IsolatedRenderings:
    """The renderings of the terms asked so far (by their words), and the terms each of the
    model's first answers was given for."""

    def __init__(self) -> None:
        self.by_words: dict[str, tuple[str, ...]] = {}
        self.producers: dict[str, set[Term]] = {}
        """Isolated rendering -> the terms it was given for (in this document so far)."""


def isolated_renderings(
    ctx: Context, sentence: Sentence, match: SourceMatch
) -> Step[tuple[str, ...]]:
    """The model's own translations of the term on its own: of the words as they stand in
    the sentence (with their suffixes) and of the glossary's source form."""
    cache = ctx.isolated
    out: list[str] = []
    # The glossary's own source form first: a model knows it best; the sentence's
    # inflected surface (with its suffixes) may be new to the model and draw confident
    # nonsense.
    # The other missing terms of the sentence first: a rendering the model also gives for
    # another term is a sentence it knows, not this term's (a model that memorised its
    # sentences answers many terms alike), whichever term asks first.
    for other in (*sentence.missing, match):
        for key in dict.fromkeys((other.variant, other.surface)):
            if key not in cache.by_words:
                cache.by_words[key] = yield from translate_alone(ctx, key, other.term)
    others = {m.term for m in sentence.required if m.term != match.term}
    for key in dict.fromkeys((match.variant, match.surface)):
        out.extend(
            r
            for r in cache.by_words[key]
            if not any(cache.producers.get(g, set()) - {match.term} for g in gists(r))
            # wholly another term's rendering ("counterpart" asked for "technology
            # company" by a model that did not know it) is not this term's
            and not any(is_whole_rendering(ctx, r, t) for t in others)
        )
    return tuple(dict.fromkeys(out))


def translate_alone(ctx: Context, words: str, term: Term) -> Step[tuple[str, ...]]:
    """The model's translations of ``words`` on their own that may be its rendering of
    ``term``; one where it gives no n-best list (an LLM server: its own rendering), kept
    whatever its score where it gives none. Every answer, kept or not, is noted as given
    for ``term`` (see :func:`isolated_renderings`)."""
    settings, translator = ctx.settings, ctx.translator
    n = settings.isolated_hypotheses if translator.can(N_BEST) else 1
    try:
        hyps = (yield Generate((words,), n, n))[0]
    except InputError:
        return ()
    if not hyps:
        return ()
    # The model's first answer is what it gives for this term; a tail of its n-best list
    # may hold anything (another term's rendering).
    for key in gists(hyps[0].text):
        ctx.isolated.producers.setdefault(key, set()).add(term)
    scored = translator.can(SCORE)
    best = max(h.score for h in hyps)
    a, b = settings.isolated_words
    longest = a * len(words.split()) + b
    return tuple(
        h.text
        for h in hyps
        # cut at the length limit: a sentence the model knows, not a term's rendering
        if h.finished
        and len(h.text.split()) <= longest
        and (
            not scored
            or (
                h.score >= settings.min_isolated_score
                and h.score >= best - settings.isolated_margin
            )
        )
        and h.text.strip()
        and not ctx.matcher.find(h.text, term)
    )


def is_whole_rendering(ctx: Context, text: str, term: Term) -> bool:
    """Whether ``text`` is, all of it, a rendering of ``term``."""
    stripped = text.strip().rstrip(".")
    return any(m.start == 0 and m.end >= len(stripped) for m in ctx.matcher.find(stripped, term))


def gists(text: str) -> tuple[str, ...]:
    """Keys under which two answers are the same: the text lower-cased without punctuation,
    and for a long one its first :data:`SENTENCE_WORDS` words."""
    words = re.findall(r"[^\W_]+", text.lower())
    if len(words) >= SENTENCE_WORDS:
        return (" ".join(words), "begins: " + " ".join(words[:SENTENCE_WORDS]))
    return (" ".join(words),)
