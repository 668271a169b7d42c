"""Language detection by script, for the three languages the toolkit handles.

Persian is Arabic script, Russian Cyrillic, English Latin. Detection counts letters per
script; Arabic-language text (Arabic script without any Persian-only letter) is told apart
so that it is refused as Persian rather than silently accepted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from toolkit.errors import InputError
from toolkit.languages import LANGUAGES as _REGISTRY

LANGUAGES: dict[str, str] = {code: lang.name for code, lang in _REGISTRY.items()}
"""Code -> name of every language in the registry (:mod:`toolkit.languages`)."""
SCRIPTS: dict[str, str] = {code: lang.script for code, lang in _REGISTRY.items()}
# The first language registered for a script is the one detected for it.
_SCRIPT_LANG: dict[str, str] = {}
for _code, _lang in _REGISTRY.items():
    _SCRIPT_LANG.setdefault(_lang.script, _code)

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


def detect_language(text: str) -> str | None:
    """'fa', 'en' or 'ru' by dominant script; 'ar' for Arabic; None when there are no letters."""
    prof = profile(text)
    dom = prof.dominant
    if dom is None:
        return None
    lang = _SCRIPT_LANG[dom]
    if lang == "fa" and prof.counts["Arabic"] >= 40 and _looks_arabic(prof):
        return "ar"
    return lang


def _looks_arabic(prof: ScriptProfile) -> bool:
    # Persian text always has some of پ چ ژ گ ک ی; Arabic has none of them but has ي/ة/ك.
    return prof.persian_letters == 0 and prof.arabic_letters > 0


def ensure_language(text: str, lang: str, name: str = "input") -> str:
    """Return the language of ``text``; raise ``InputError`` if it is not ``lang``.

    ``lang`` may be 'auto', which accepts any of the supported languages. ``name`` (a file
    name) starts the message, so that a command reading two files says which one is wrong.
    """
    found = detect_language(text)
    if found is None:
        raise InputError(f"{name}: no letters in any supported script (Persian, English, Russian)")
    if found == "ar":
        if lang in ("fa", "auto"):
            raise InputError(f"{name}: looks like Arabic, not Persian (no Persian-only letters)")
        found = "fa"
    if lang != "auto" and found != lang:
        prof = profile(text)
        share = prof.share(SCRIPTS[found])
        raise InputError(
            f"{name}: looks like {LANGUAGES[found]} ({SCRIPTS[found]} script, "
            f"{share:.0%} of letters), not {LANGUAGES[lang]}"
        )
    return found
