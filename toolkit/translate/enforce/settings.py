"""The enforcer's settings: everything that changes what it does."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

MAX_FORMS = 12
"""The most grammatical forms of a term tried at one place."""


@dataclass(frozen=True)
class EnforcerSettings:
    """Everything that changes what the enforcer does; part of every signature and of the
    translation memory key, so a change never serves output of another enforcer."""

    version: int = 6
    """Bumped whenever the placement method changes."""
    isolated_hypotheses: int = 4
    """How many translations of a term on its own are looked for in the sentence."""
    min_isolated_score: float = -1.5
    """An isolated translation scoring below this (average log-probability per token) is not
    trusted as the model's rendering (a model that does not know the term)."""
    isolated_margin: float = 0.7
    """Nor is one scoring more than this below the best isolated translation (the tail of an
    n-best list is where a model's confident nonsense lives)."""
    isolated_words: tuple[int, int] = (2, 3)
    """An isolated translation longer than ``a * n + b`` words, for a term of ``n`` words,
    or cut at the length limit, is not a rendering of it: a model that never learnt the term
    alone answers with a sentence it knows (measured on a model trained on whole sentences
    only)."""
    probe: bool = True
    """Whether the model is asked which words render a missing term, by translating the
    sentence without it (:mod:`~toolkit.translate.probe`): the evidence that locates a
    rendering in context, and that tells an omitted term from an unlocated one."""
    probe_beam: int = 1
    """Beams of the probe's translations: 1 (greedy) sends them in one batch, the same output
    as alone; more runs each alone."""
    min_translating_score: float = -2.0
    """A hypothesis scoring below this (average log-probability per token: the model choosing
    among about seven tokens a step) is not a translation the model stands behind (a random
    model scores about -2.9 on the seed, the stand-ins above -0.5): a term may be added to it
    without evidence that the model left the term out, as there are no words of the model's
    to keep."""
    grow_anchors: bool = True
    """Whether a rendering found by one of its words only (the head of the model's isolated
    rendering) may be grown over the words the attention aligns with the term. A grown span
    is replaced only if each of its words is a word of the isolated rendering or an acronym
    of its words (:func:`~toolkit.translate.locate.explained`): unchecked, on a model that
    does not translate the term alone in its in-context wording, it took a verb or half a
    rendering, damage reported as success."""
    align_only: bool = False
    """Whether attention alone (no lexical anchor) may locate a rendering to replace. Off by
    default: on the fluent stand-in, cross-attention alone picked wrong words (a verb for a
    title), and a wrong substitution is silent damage, where an insertion is reported."""
    min_aligned_score: float = -1.0
    """With ``align_only``: only in a hypothesis the model is this sure of."""
    min_kept_words: float = 0.85
    """A constrained continuation must keep this share of the hypothesis's words."""
    max_length_ratio: float = 0.8
    """An n-best hypothesis shorter than this share of the best one is not chosen for its
    terms (it dropped something)."""
    beam_size: int = 2
    max_continued: int = 3

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
