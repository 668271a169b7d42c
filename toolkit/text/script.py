"""Language detection by script, over the registered languages (:mod:`toolkit.languages`).

Detection counts letters per script; the languages of the dominant script are told apart by
their stop words and letters (English from another Latin-script language), and a language's
``lookalike`` hook names a text that only looks like it (Arabic-language text, refused as
Persian rather than silently accepted).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from toolkit.errors import InputError
from toolkit.languages import AUTO, Language, find, view
from toolkit.languages import LANGUAGES as _REGISTRY

LANGUAGES: Mapping[str, str] = view(lambda lang: lang.name)
"""Code -> name of every language in the registry (:mod:`toolkit.languages`), live."""
SCRIPTS: Mapping[str, str] = view(lambda lang: lang.script)
"""Code -> script of every language in the registry, live."""
_WORD = re.compile(r"[^\W\d_]+")

_PERSIAN_ONLY = frozenset("پچژگکی")
_ARABIC_ONLY = frozenset("ةيكى")


def script_of(ch: str) -> str | None:
    """The script of one letter: 'Arabic', 'Cyrillic', 'Latin', or None for other characters."""
    cp = ord(ch)
    if 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0xFB50 <= cp <= 0xFEFC:
        return "Arabic" if ch.isalpha() else None
    if 0x0400 <= cp <= 0x052F:
        return "Cyrillic" if ch.isalpha() else None
    if (ch.isascii() and ch.isalpha()) or 0x00C0 <= cp <= 0x024F:
        return "Latin" if ch.isalpha() else None
    return None


@dataclass(frozen=True)
class ScriptProfile:
    """Letter counts per script of a text."""

    counts: dict[str, int]
    persian_letters: int
    arabic_letters: int

    @property
    def letters(self) -> int:
        return sum(self.counts.values())

    def share(self, script: str) -> float:
        return self.counts.get(script, 0) / self.letters if self.letters else 0.0

    @property
    def dominant(self) -> str | None:
        if not self.counts:
            return None
        return max(self.counts.items(), key=lambda kv: kv[1])[0]


def profile(text: str) -> ScriptProfile:
    counts: Counter[str] = Counter()
    persian = arabic = 0
    for ch in text:
        s = script_of(ch)
        if s is None:
            continue
        counts[s] += 1
        if ch in _PERSIAN_ONLY:
            persian += 1
        elif ch in _ARABIC_ONLY:
            arabic += 1
    return ScriptProfile(dict(counts), persian, arabic)


def _candidates(script: str) -> list[Language]:
    return [lang for lang in _REGISTRY.values() if lang.script == script]


def _score(lang: Language, words: list[str]) -> int:
    """Stop words of ``lang`` among ``words``, plus words with a letter only it uses."""
    return sum(w in lang.stopwords or not lang.letters.isdisjoint(w) for w in words)


def _by_words(text: str, candidates: list[Language]) -> Language:
    """Of several languages of one script, the one whose stop words and letters the text
    uses most; the first registered on a tie (English among the Latin-script ones)."""
    words = [w.lower() for w in _WORD.findall(text)]
    best, best_score = candidates[0], _score(candidates[0], words)
    for lang in candidates[1:]:
        score = _score(lang, words)
        if score > best_score:
            best, best_score = lang, score
    return best


def _detect(text: str) -> tuple[Language | None, str | None, ScriptProfile]:
    """(the registered language, the look-alike code it is taken for, the profile)."""
    prof = profile(text)
    dom = prof.dominant
    candidates = _candidates(dom) if dom is not None else []
    if not candidates:
        return None, None, prof
    lang = candidates[0] if len(candidates) == 1 else _by_words(text, candidates)
    other = lang.lookalike(prof) if lang.lookalike is not None else None
    return lang, other.code if other else None, prof


def detect_language(text: str) -> str | None:
    """The registered language of ``text``: by dominant script, then, among languages of one
    script, by stop words and letters; a look-alike's code (``ar`` for Arabic, which Persian
    tells apart); None when there are no letters."""
    lang, other, _ = _detect(text)
    if lang is None:
        return None
    return other or lang.code


def ensure_language(text: str, lang: str, name: str = "input") -> str:
    """Return the language of ``text``; raise ``InputError`` if it is not ``lang``.

    ``lang`` may be 'auto', which accepts any of the supported languages. ``name`` (a file
    name) starts the message, so that a command reading two files says which one is wrong.
    """
    found, other, prof = _detect(text)
    if found is None:
        names = ", ".join(LANGUAGES.values())
        raise InputError(f"{name}: no letters in any supported script ({names})")
    if other is not None:
        why = found.lookalike(prof) if found.lookalike is not None else None
        if why is not None and lang in {found.code, AUTO}:
            raise InputError(f"{name}: looks like {why.name}, not {found.name} ({why.why})")
    if lang != AUTO and found.code != lang:
        share = prof.share(found.script)
        wanted = find(lang)
        raise InputError(
            f"{name}: looks like {found.name} ({found.script} script, "
            f"{share:.0%} of letters), not {wanted.name if wanted else lang}"
        )
    return found.code
