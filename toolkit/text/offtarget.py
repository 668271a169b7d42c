"""Is one translated segment in its target language? Judged by script, as
:mod:`toolkit.text.script` detects a language: Latin for English, Cyrillic for Russian,
Arabic for the Persian source copied through.

A segment is judged only from :data:`MIN_LETTERS` letters on, so that a number, a name or an
acronym (``2025``, ``Mehr``, ``IT``) on its own is never flagged; above that, it is off
target when most of its letters are in another language's script.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.text.script import LANGUAGES, SCRIPTS, detect_language, profile

MIN_LETTERS = 20
"""Letters (Latin, Cyrillic or Arabic; digits and punctuation do not count) a segment needs
before its language is judged: about four words. A shorter one is never off target."""


@dataclass(frozen=True)
class OffTarget:
    """A segment in another language than the one asked for."""

    found: str
    """The language its script says ('en', 'ru', or 'fa' for the source copied through)."""
    expected: str
    share: float
    """The share of its letters in ``found``'s script."""

    @property
    def message(self) -> str:
        found, expected = LANGUAGES.get(self.found, self.found), LANGUAGES[self.expected]
        return (
            f"segment looks like {found} ({SCRIPTS.get(self.found, '?')} script, "
            f"{self.share:.0%} of letters), not {expected}"
        )


def off_target(text: str, lang: str) -> OffTarget | None:
    """How ``text`` is not in ``lang``, or None (in ``lang``, or too short to judge)."""
    prof = profile(text)
    if prof.letters < MIN_LETTERS:
        return None
    found = detect_language(text)
    if found == "ar":  # Arabic script: the source's, whatever its letters
        found = "fa"
    if found is None or found == lang:
        return None
    return OffTarget(found, lang, round(prof.share(SCRIPTS[found]), 4))
