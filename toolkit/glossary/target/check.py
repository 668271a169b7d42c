"""Checking a translation: which renderings of the required terms a text holds, and which
source occurrences they satisfy.
"""

from __future__ import annotations

from toolkit.glossary.model import Term
from toolkit.glossary.source import SourceMatch
from toolkit.glossary.target.base import TargetMatch, TargetMatcher


def term_renderings(
    text: str, terms: list[Term], matcher: TargetMatcher
) -> dict[Term, list[TargetMatch]]:
    """Each term's renderings in ``text``, in order; a rendering inside a longer rendering of
    another of ``terms`` belongs to that term («ИКТ» in «Министерства ИКТ» is the ministry's,
    not the field's; "Islamic Republic of Iran" in "the Ambassador of the Islamic Republic of
    Iran to Russia" is the ambassador's title's). Longest first."""
    everything = sorted(
        (hit for term in dict.fromkeys(terms) for hit in matcher.find(text, term)),
        key=lambda hit: (-(hit.end - hit.start), hit.start),
    )
    kept: list[TargetMatch] = []
    for hit in everything:
        if not any(hit.start >= k.start and hit.end <= k.end and k.term != hit.term for k in kept):
            kept.append(hit)
    out: dict[Term, list[TargetMatch]] = {term: [] for term in terms}
    for hit in sorted(kept, key=lambda k: k.start):
        out[hit.term].append(hit)
    return out


def assign_terms(
    text: str, required: list[SourceMatch], matcher: TargetMatcher
) -> dict[int, TargetMatch]:
    """Which required occurrences (by index) ``text`` renders.

    Renderings are paired with occurrences in order. A term that occurs more often in the
    source than in the target is still satisfied once it is rendered at all: translators
    rightly write "five of them" for a repeated "contracts", and forcing the word again
    would make worse text.
    """
    by_term: dict[Term, list[int]] = {}
    for i, m in enumerate(required):
        by_term.setdefault(m.term, []).append(i)
    kept = term_renderings(text, list(by_term), matcher)
    placed: dict[int, TargetMatch] = {}
    for term, indices in by_term.items():
        # Preferred variants first: where a line holds two accepted renderings, the one a
        # consistent document would use is the one that counts.
        found = sorted(kept[term], key=lambda k: (k.variant_index, k.start))
        if not found:
            continue
        for k, occurrence in enumerate(indices):
            placed[occurrence] = found[min(k, len(found) - 1)]
    return placed
