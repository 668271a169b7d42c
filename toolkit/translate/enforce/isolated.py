"""The model's own renderings of a term: its translations of the term's words on their own,
less those that are not this term's (a sentence the model knows, another term's rendering)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from toolkit.errors import InputError
from toolkit.glossary.model import Term
from toolkit.glossary.source import SourceMatch
from toolkit.translate.base import INDEPENDENT, N_BEST, SCORE
from toolkit.translate.calls import Generate, Step
from toolkit.translate.enforce.state import Context, Sentence

if TYPE_CHECKING:
    from toolkit.translate.backends.base import Hypothesis

SENTENCE_WORDS = 8
"""Two answers of at least this many words that begin with the same words are one answer: a
sentence the model knows, with a word repeated or dropped at its end. Shorter ones must be
alike in full ("Deputy Minister of ICT" begins the longer title too)."""


class IsolatedRenderings:
    """The model's translations of terms on their own (kept for the run: :attr:`alone`),
    and, for the sentences placed so far, the renderings kept per term's words and the terms
    each of the model's first answers was given for."""

    def __init__(self, alone: dict[str, tuple[Hypothesis, ...] | None] | None = None) -> None:
        self.alone: dict[str, tuple[Hypothesis, ...] | None] = {} if alone is None else alone
        """The model's answers per words (None: too long for it), asked once per run and
        language; shared by the enforcers of one run's documents."""
        self.by_words: dict[str, tuple[str, ...]] = {}
        self.producers: dict[str, dict[Term, int]] = {}
        """Isolated rendering -> the terms it was given for (in this document so far), each
        with the ticket of the sentence that first asked: a sentence sees what the sentences
        before it and itself asked, as if the sentences were placed one after another."""
        self._tickets = itertools.count()

    def ticket(self) -> int:
        """The next sentence's place in order."""
        return next(self._tickets)


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
                cache.by_words[key] = yield from translate_alone(
                    ctx, key, other.term, sentence.ticket
                )
    others = {m.term for m in sentence.required if m.term != match.term}
    for key in dict.fromkeys((match.variant, match.surface)):
        out.extend(
            r
            for r in cache.by_words[key]
            if not any(
                t != match.term and ticket <= sentence.ticket
                for g in gists(r)
                for t, ticket in cache.producers.get(g, {}).items()
            )
            # wholly another term's rendering ("counterpart" asked for "technology
            # company" by a model that did not know it) is not this term's
            and not any(is_whole_rendering(ctx, r, t) for t in others)
        )
    return tuple(dict.fromkeys(out))


def translate_alone(ctx: Context, words: str, term: Term, ticket: int) -> Step[tuple[str, ...]]:
    """The model's translations of ``words`` on their own that may be its rendering of
    ``term``; one where it gives no n-best list (an LLM server: its own rendering), kept
    whatever its score where it gives none. Every answer, kept or not, is noted as given
    for ``term`` by the sentence with ``ticket`` (see :func:`isolated_renderings`). The
    answers come from :attr:`IsolatedRenderings.alone` where :func:`ask_alone` put them."""
    settings, translator = ctx.settings, ctx.translator
    alone = ctx.isolated.alone
    if words not in alone:
        n = alone_hypotheses(ctx)
        try:
            alone[words] = tuple((yield Generate((words,), n, n))[0])
        except InputError:
            alone[words] = None
    hyps = alone[words]
    if not hyps:
        return ()
    # The model's first answer is what it gives for this term; a tail of its n-best list
    # may hold anything (another term's rendering).
    for key in gists(hyps[0].text):
        ctx.isolated.producers.setdefault(key, {}).setdefault(term, ticket)
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


def alone_hypotheses(ctx: Context) -> int:
    """How many translations of a term on its own are asked for (one where the translator
    gives no n-best list)."""
    return ctx.settings.isolated_hypotheses if ctx.translator.can(N_BEST) else 1


def ask_alone(ctx: Context, words: Sequence[str]) -> Step[None]:
    """The model's translations of each of ``words`` on its own, into
    :attr:`IsolatedRenderings.alone`: in one call where the translator is
    :data:`~toolkit.translate.base.INDEPENDENT` (a local backend gives a beam search in a
    batch what it gives alone: see ``Backend.generate``), else one call each."""
    alone = ctx.isolated.alone
    todo = [w for w in dict.fromkeys(words) if w not in alone]
    if not todo:
        return
    n = alone_hypotheses(ctx)
    groups = [todo] if ctx.translator.can(INDEPENDENT) else [[w] for w in todo]
    for group in groups:
        try:
            answers = yield Generate(tuple(group), n, n)
        except InputError:
            if len(group) == 1:
                alone[group[0]] = None
                continue
            for w in group:  # which of them is too long: each alone
                try:
                    alone[w] = tuple((yield Generate((w,), n, n))[0])
                except InputError:
                    alone[w] = None
            continue
        for w, hyps in zip(group, answers, strict=True):
            alone[w] = tuple(hyps)


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
