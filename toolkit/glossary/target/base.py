"""What a target matcher is: for a term, which surface forms of its variants are acceptable
(``forms``, used to force a term into a translation), and where they occur in a text
(``find``, used to check one).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit.glossary.model import Term

if TYPE_CHECKING:
    from toolkit.glossary.target.prefilter import TermKeys


@dataclass(frozen=True)
class TargetMatch:
    """An accepted variant of ``term`` found in a text: ``text[start:end] == surface``."""

    term: Term
    variant: str
    variant_index: int
    start: int
    end: int
    surface: str


class TargetMatcher(ABC):
    """Finds accepted renderings of terms in text of one language."""

    lang: str = ""

    @abstractmethod
    def forms(self, variant: str, term: Term) -> tuple[str, ...]:
        """Acceptable surface forms of one variant, the citation form first."""

    @abstractmethod
    def find_variant(self, text: str, variant: str, term: Term) -> list[tuple[int, int]]:
        """Spans of ``variant`` (in any acceptable form) in ``text``."""

    def keys(self, variant: str, term: Term) -> TermKeys | None:
        """What a text must hold for :meth:`find_variant` to find ``variant`` in it (the
        prefilter of a large glossary, :mod:`.prefilter`); None: no condition, always tried.
        A matcher that gives keys must never find the variant in a text without them."""
        return None

    def variants(self, term: Term) -> tuple[str, ...]:
        """The variants a translation may use; a do-not-translate term keeps its source."""
        own = term.get(self.lang)
        if term.dnt:
            return tuple(dict.fromkeys((*own, *term.get("fa"))))
        return own

    def find(self, text: str, term: Term) -> list[TargetMatch]:
        """Every occurrence of any accepted variant of ``term``, non-overlapping, in order."""
        found: list[TargetMatch] = []
        for index, variant in enumerate(self.variants(term)):
            for start, end in self.find_variant(text, variant, term):
                found.append(TargetMatch(term, variant, index, start, end, text[start:end]))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[TargetMatch] = []
        for m in found:
            if kept and m.start < kept[-1].end:
                continue
            kept.append(m)
        return kept

    def contains(self, text: str, term: Term) -> TargetMatch | None:
        matches = self.find(text, term)
        return matches[0] if matches else None


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2


def _restore_case(model: str, form: str) -> str:
    if model.isupper() and len(model) > 1:
        return form.upper()
    if model[:1].isupper():
        return form[:1].upper() + form[1:]
    return form
