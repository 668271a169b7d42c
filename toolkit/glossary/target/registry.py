"""The term matcher of each target language, as the language registry names it."""

from __future__ import annotations

import functools

from toolkit.glossary.target.base import TargetMatcher
from toolkit.glossary.target.plain import PlainMatcher


@functools.lru_cache(maxsize=16)
def target_matcher(lang: str) -> TargetMatcher:
    """The matcher the language registry names for ``lang`` (:mod:`toolkit.languages`);
    languages without their own get a plain whole-word matcher."""
    from toolkit.languages import LANGUAGES
    from toolkit.registry import resolve

    entry = LANGUAGES.get(lang)
    if entry is None or not entry.matcher:
        return PlainMatcher(lang)
    matcher: TargetMatcher = resolve({lang: entry.matcher}, lang, "term matcher")()
    return matcher
