"""English term matching: case-insensitive except for acronyms (``IT`` is not ``it``) and
entries marked case-sensitive; regular and irregular plurals of the head noun (``memoranda
of understanding``); possessives.
"""

from __future__ import annotations

import functools
from typing import Any

from toolkit.glossary.model import Term
from toolkit.glossary.target.base import TargetMatcher, _is_acronym, _restore_case
from toolkit.glossary.target.plain import _phrase_pattern
from toolkit.glossary.target.prefilter import TermKeys, first_keys, literal_keys

_EN_PREPOSITIONS = frozenset("of for on in to with between from at by and".split())


def _import_inflect() -> Any:
    """inflect, imported with typeguard's ``@typechecked`` as a pass-through.

    inflect decorates its engine's methods with ``@typechecked``, which re-parses and
    recompiles each of them when inflect is imported: 1.6 s of every run that matches English
    terms, against 0.01 s without. The decorator only checks argument types at run time (the
    toolkit passes strings), so the plurals are the same;
    ``tests/glossary/test_target.py`` compares them with a plain import in another process.
    """
    import sys

    if "inflect" in sys.modules:
        return sys.modules["inflect"]
    import typeguard

    def passthrough(target: Any = None, **options: Any) -> Any:
        return target if target is not None else (lambda function: function)

    original = typeguard.typechecked
    setattr(typeguard, "typechecked", passthrough)  # noqa: B010 (a module attribute)
    try:
        import inflect
    finally:
        setattr(typeguard, "typechecked", original)  # noqa: B010
    return inflect


@functools.lru_cache(maxsize=1)
def _inflect_engines() -> tuple[Any, Any]:
    inflect = _import_inflect()
    modern = inflect.engine()
    classical = inflect.engine()
    classical.classical(all=True)
    return modern, classical


@functools.lru_cache(maxsize=65536)
def english_plurals(word: str) -> tuple[str, ...]:
    """Plural forms of an English noun (regular, irregular and classical), as inflect gives
    them, the modern one first.

    inflect reads a capitalised word as a name and only adds ``s`` ("Ministry" ->
    "Ministrys", "Agency" -> "Agencys"), so a capitalised common noun (a title's head,
    "Deputy Minister", "Ministry of ...") is inflected in lower case and its capital restored:
    "Ministries".
    """
    if _is_acronym(word):
        return (word + "s",)
    if not word.isalpha():
        return ()
    modern, classical = _inflect_engines()
    low = word.lower()
    forms = [modern.plural_noun(low), classical.plural_noun(low)]
    if word != low:
        forms = [_restore_case(word, f) if f else f for f in forms]
    return tuple(dict.fromkeys(f for f in forms if f and f != word))


def preferred_plural(word: str) -> str | None:
    """The plural to write: inflect's modern plural, except that a Latin ``-um`` noun takes
    its classical ``-a`` where inflect knows one ("memoranda of understanding", the form of
    treaty texts), and no other classical form ("brethren") is ever written."""
    plurals = english_plurals(word)
    if not plurals:
        return None
    classical = [p for p in plurals[1:] if word.lower().endswith("um") and p.lower().endswith("a")]
    return classical[0] if classical else plurals[0]


@functools.lru_cache(maxsize=65536)
def english_singular(word: str) -> str | None:
    """The singular of an English plural noun (``contracts`` -> ``contract``), else None."""
    if not word.isalpha():
        return None
    single = _inflect_engines()[0].singular_noun(word)
    return single if isinstance(single, str) else None


NAME_DOMAINS = frozenset({"org", "person", "place", "state", "document-name"})


def is_name(term: Term) -> bool:
    """Whether a term names one thing (a person, a place, an institution: ``pos = propn``
    or such a domain, for a glossary without a ``pos`` column), so it is never put in the
    plural: "Islamic Republic of Iran", never "Islamic Republics"."""
    return term.pos == "propn" or term.domain in NAME_DOMAINS


class EnglishMatcher(TargetMatcher):
    lang = "en"

    @staticmethod
    def _head_index(words: list[str]) -> int:
        for i, w in enumerate(words):
            if i > 0 and w.lower() in _EN_PREPOSITIONS:
                return i - 1
        return len(words) - 1

    @classmethod
    def _inflected(cls, words: list[str], term: Term) -> int | None:
        """The index of the one word that takes a plural, or None."""
        if not is_name(term) and term.pos not in ("adj", "verb") and words:
            return cls._head_index(words)
        return None

    def _word_forms(self, variant: str, term: Term) -> list[list[str]]:
        words = variant.split()
        slots = [[w] for w in words]
        head = self._inflected(words, term)
        if head is not None:
            slots[head] = [words[head], *english_plurals(words[head])]
        return slots

    def keys(self, variant: str, term: Term) -> TermKeys:
        """Every word but the head noun as it is; the head in one of its forms only when
        no other word has a key (inflect's plurals cost 40 µs a word)."""
        words = variant.split()
        head = self._inflected(words, term)
        fixed = literal_keys(w for i, w in enumerate(words) if i != head)
        if fixed or head is None:
            return TermKeys(all_of=fixed)
        return TermKeys(any_of=first_keys([words[head], *english_plurals(words[head])]))

    def forms(self, variant: str, term: Term) -> tuple[str, ...]:
        slots = self._word_forms(variant, term)
        words = [s[0] for s in slots]
        out = [variant]
        for i, slot in enumerate(slots):
            for alt in slot[1:]:
                out.append(" ".join([*words[:i], alt, *words[i + 1 :]]))
        return tuple(dict.fromkeys(out))

    def find_variant(self, text: str, variant: str, term: Term) -> list[tuple[int, int]]:
        pattern = _phrase_pattern(self._word_forms(variant, term), term.case_sensitive, True)
        spans = []
        for m in pattern.finditer(text):
            start, end = m.span()
            # Report the term without a possessive ending.
            surface = text[start:end]
            for tail in ("'s", "’s", "'", "’"):
                if surface.endswith(tail) and len(surface) > len(tail):
                    end -= len(tail)
                    break
            spans.append((start, end))
        return spans
