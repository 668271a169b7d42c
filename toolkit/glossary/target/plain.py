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


@functools.lru_cache(maxsize=4096)
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _phrase_pattern(
    words: list[list[str]], case_sensitive: bool, possessive: bool = False
) -> re.Pattern[str]:
    parts = [_word_alternation(forms, case_sensitive) for forms in words]
    body = r"[\s\u00a0\-]+".join(parts)
    tail = r"(?:['’]s?)?" if possessive else ""
    pattern = rf"(?<![\w]){body}{tail}(?![\w])"
    return _compiled(pattern, 0 if case_sensitive else re.IGNORECASE)
