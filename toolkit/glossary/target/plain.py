"""The plain fallback matcher of any language: whole words, case-insensitive except for
acronyms and terms marked case-sensitive; the phrase patterns the English matcher shares.
"""

from __future__ import annotations

import functools
import re

from toolkit.glossary.model import Term
from toolkit.glossary.target.base import TargetMatcher, _is_acronym
from toolkit.glossary.target.prefilter import TermKeys, literal_keys


class PlainMatcher(TargetMatcher):
    """Exact whole-word match, case-insensitive except for acronyms."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def forms(self, variant: str, term: Term) -> tuple[str, ...]:
        return (variant,)

    def keys(self, variant: str, term: Term) -> TermKeys:
        """Every word of the variant, as it is."""
        return TermKeys(all_of=literal_keys(variant.split()))

    def find_variant(self, text: str, variant: str, term: Term) -> list[tuple[int, int]]:
        pattern = _phrase_pattern([[w] for w in variant.split()], term.case_sensitive)
        return [m.span() for m in pattern.finditer(text)]


def _word_alternation(forms: list[str], case_sensitive: bool) -> str:
    alts = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
    if case_sensitive or any(_is_acronym(f) for f in forms):
        return f"(?-i:{alts})"
    return f"(?:{alts})"


def _phrase_pattern(
    words: list[list[str]], case_sensitive: bool, possessive: bool = False
) -> re.Pattern[str]:
    """The pattern of a phrase: each word one of its forms, words apart by spaces or
    hyphens, whole words only (an English possessive ending allowed after the last one)."""
    return _phrase_pattern_of(tuple(map(tuple, words)), case_sensitive, possessive)


@functools.lru_cache(maxsize=4096)
def _phrase_pattern_of(
    words: tuple[tuple[str, ...], ...], case_sensitive: bool, possessive: bool
) -> re.Pattern[str]:
    """:func:`_phrase_pattern`, built once per phrase: a translation is searched for
    every term of its sentence many times while its terms are placed."""
    parts = [_word_alternation(list(forms), case_sensitive) for forms in words]
    body = r"[\s\u00a0\-]+".join(parts)
    tail = r"(?:['’]s?)?" if possessive else ""
    pattern = rf"(?<![\w]){body}{tail}(?![\w])"
    return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)
