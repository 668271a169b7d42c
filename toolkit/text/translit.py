"""Transliteration of Persian personal names into a target language's script.

Persian writes no short vowels, so a name's spelling in another script cannot be derived
from its letters alone. Each word is first looked up in a shipped list of names as news
media spell them (``data/persian_names.json``); a word not in the list is built from a
listed stem plus a listed name part (``-زاده``, ``-پور``, ``-ی``...) or, failing that, by
rules: the sounds of a simplified BGN/PCGN romanization without diacritics, spelt as the
language's module says (English as they are; Russian in the practical transcription of
Russian media). The result says which way it was made, so a
reviewer knows which spellings to check.

>>> transliterate("کاظم جلالی", "ru").text
'Казем Джалали'
>>> transliterate("حمیدی", "en")
Transliteration(text='Hamidi', lang='en', method='rules')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from toolkit.errors import ConfigError
from toolkit.languages import LANGUAGES, NameSpelling, get
from toolkit.text.normalize import ZWNJ, normalize


def languages() -> tuple[str, ...]:
    """The registered languages that spell Persian names (``Language.spelling``)."""
    return tuple(code for code, lang in LANGUAGES.items() if lang.spelling is not None)


def __getattr__(name: str) -> tuple[str, ...]:
    # LANGS: languages() when read, never at import.
    if name == "LANGS":
        return languages()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


Method = Literal["list", "rules"]


@dataclass(frozen=True)
class Transliteration:
    """A transliterated name; ``method`` is ``"rules"`` if any word was not in the list."""

    text: str
    lang: str
    method: Method


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """The shipped list as (whole words, name parts), keyed without ZWNJ."""
    path = resources.files("toolkit.text").joinpath("data", "persian_names.json")
    raw: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    words: dict[str, dict[str, str]] = {}
    parts: dict[str, dict[str, str]] = {}
    for key, value in raw.items():
        key = normalize(key).replace(ZWNJ, "")
        if key.startswith("-"):
            parts[key[1:]] = value
        else:
            words[key] = value
    return words, parts


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------

# Consonant letters -> sound, in the plain Latin notation of news romanization; each target
# language's module spells the sounds (toolkit.languages.NameSpelling).
_CONSONANTS: dict[str, str] = {
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ث": "s",
    "ج": "j",
    "چ": "ch",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "z",
    "ر": "r",
    "ز": "z",
    "ژ": "zh",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "z",
    "ط": "t",
    "ظ": "z",
    "غ": "gh",
    "ف": "f",
    "ق": "gh",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "و": "v",
    "ه": "h",
    "ی": "y",
}
# Glottal stops (ain, hamza and its seats): written as nothing in either script.
_GLOTTAL = frozenset("عءئأؤإ")
# Written long vowels -> sound.
_LONG = {"ا": "a", "آ": "a", "و": "ou", "ی": "i"}

_C, _G, _V = "C", "G", "V"  # consonant, glottal stop, vowel
_Unit = tuple[str, str]  # (kind, sound)


def _units(part: str, word_final: bool) -> list[_Unit]:
    """Split one ZWNJ-free part into consonants, glottal stops and written vowels."""
    units: list[_Unit] = []
    n = len(part)
    i = 0
    while i < n:
        ch = part[i]
        prev = units[-1][0] if units else None
        nxt = part[i + 1] if i + 1 < n else ""
        if ch == "خ" and nxt == "و" and part[i + 2 : i + 3] == "ا":
            units.append((_C, "kh"))  # silent vav: خواجه -> khajeh
            i += 2
            continue
        if ch in "اآ":
            if prev is None:
                units.append((_G, ""))
            units.append((_V, _LONG["ا"]))
        elif ch in _GLOTTAL:
            units.append((_G, ""))
        elif ch == "و":
            vowel_next = nxt in ("ا", "ی", "آ") or nxt in _GLOTTAL
            if prev in (_C, _G) and not vowel_next:
                units.append((_V, _LONG["و"]))
            else:
                units.append((_C, _CONSONANTS["و"]))
        elif ch == "ی":
            if prev == _V and units[-1][1] == "a" and i == n - 1:
                units.append((_V, "ei" if word_final else "i"))  # دایی, خامنه‌ای
            elif prev in (_C, _G):
                units.append((_V, _LONG["ی"]))
            else:
                units.append((_C, _CONSONANTS["ی"]))
        elif ch in ("ه", "ة") and i == n - 1 and prev in (_C, _G):
            units.append((_V, "eh" if word_final else "e"))  # silent final heh
        elif ch in _CONSONANTS:
            units.append((_C, _CONSONANTS[ch]))
        i += 1
    return units


def _short(units: list[_Unit], i: int, after_long: bool) -> _Unit:
    """The unwritten short vowel after the onset at ``i``."""
    if after_long:
        return (_V, "e")
    consonants = [u for u in units[i + 1 : i + 4] if u[0] == _C]
    if i == 0 and units[0][1] == "m" and len(consonants) == 3:
        return (_V, "o")  # مُحمد, مُحسن, مُصطفی, مُرتضی
    return (_V, "a")


def _vocalize(units: list[_Unit]) -> list[_Unit]:
    """Insert unwritten short vowels so that every syllable has a nucleus.

    Persian syllables are CV(C)(C). After a written long vowel two consonants usually mean
    an unwritten -e- between them (هاشمی -> Hashemi, کاظم -> Kazem); after a short vowel
    the first consonant closes the syllable (اکبر -> Akbar).
    """
    if "".join(u[0] for u in units) == "CCCV" and units[3][1] == "i":
        # Three consonants and -i: the nisba of a three-letter root is CaCaCi (صفری is
        # Safari, نجفی Najafi, تقوی Taghavi) far more often than CaCCi.
        a = (_V, "a")
        return [units[0], a, units[1], a, units[2], units[3]]
    out: list[_Unit] = []
    i = 0
    n = len(units)
    need_nucleus = True
    last_long = False
    while i < n:
        kind = units[i][0]
        if kind == _V:
            out.append(units[i])
            last_long, need_nucleus = True, False
            i += 1
            continue
        # a consonant or glottal stop
        out.append(units[i])
        nxt = units[i + 1][0] if i + 1 < n else None
        if need_nucleus:
            if nxt != _V:
                out.append(_short(units, i, after_long=False))
                last_long, need_nucleus = False, False
            i += 1
            continue
        # after a nucleus: a coda, or the onset of the next syllable
        if nxt in (_C, _G):
            if last_long:
                out.append(_short(units, i, after_long=True))  # onset with an unwritten -e-
                last_long = False
            else:
                need_nucleus = True  # a coda: the next consonant starts a syllable
        i += 1
    return out


def _render(units: list[_Unit], lang: str) -> str:
    """The units spelt as ``lang``'s module says (:class:`toolkit.languages.NameSpelling`)."""
    spelling = _spelling(lang)
    text = ""
    prev_vowel = True
    for kind, sound in units:
        piece = spelling.sounds.get(sound, sound)
        if kind == _V and prev_vowel and piece[:1] in spelling.initial:
            piece = spelling.initial[piece[0]] + piece[1:]
        if kind != _G:
            prev_vowel = kind == _V
        text += piece
    for a, b in spelling.joins:
        text = text.replace(a, b)
    return text


def _rules(word: str, lang: str) -> str:
    """Rule-based transliteration of one normalized word, lower case, no list lookup."""
    parts = [p for p in word.split(ZWNJ) if p]
    out = []
    for k, part in enumerate(parts):
        units = _vocalize(_units(part, word_final=k == len(parts) - 1))
        out.append(_render(units, lang))
    return "".join(out)


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def _spelling(lang: str) -> NameSpelling:
    spelling = get(lang).spelling
    if spelling is None:
        raise ConfigError(
            f"unsupported language {lang!r} for transliteration; expected one of "
            f"{', '.join(languages())}"
        )
    return spelling


@lru_cache(maxsize=16)
def _spellings(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """The shipped list's spellings in ``lang`` (none for a language it does not cover)."""
    words, parts = _names()
    return (
        {k: v[lang] for k, v in words.items() if lang in v},
        {k: v[lang] for k, v in parts.items() if lang in v},
    )


def _part(part: str, lang: str, word_final: bool) -> tuple[str, bool]:
    """One ZWNJ-free part: (lower-case text, whether it came from the list)."""
    words, suffixes = _spellings(lang)
    if part in words:
        return words[part].lower(), True
    for suffix in sorted(suffixes, key=len, reverse=True):
        stem = part[: -len(suffix)]
        if part.endswith(suffix) and stem in words:
            return words[stem].lower() + suffixes[suffix], False
    if part in suffixes:
        return suffixes[part], False
    for suffix in sorted(suffixes, key=len, reverse=True):
        # A name part written without its ZWNJ (پیرزاده): the stem by rules, then the part.
        stem = part[: -len(suffix)]
        if len(suffix) > 2 and part.endswith(suffix) and len(stem) >= 2:
            units = _vocalize(_units(stem, word_final=False))
            return _render(units, lang) + suffixes[suffix], False
    units = _vocalize(_units(part, word_final=word_final))
    return _render(units, lang), False


def _word(word: str, lang: str) -> tuple[str, bool]:
    words, _ = _spellings(lang)
    key = word.replace(ZWNJ, "")
    if key in words:
        return words[key], True
    parts = [p for p in word.split(ZWNJ) if p]
    if len(parts) == 1:
        text, _listed = _part(parts[0], lang, word_final=True)
        return text[:1].upper() + text[1:], False
    pieces = [_part(p, lang, word_final=k == len(parts) - 1)[0] for k, p in enumerate(parts)]
    text = "".join(pieces)
    return text[:1].upper() + text[1:], False


def transliterate(name: str, lang: str) -> Transliteration:
    """Transliterate a Persian name into a language that spells names (``"en"`` Latin,
    ``"ru"`` Cyrillic); ``ConfigError`` for another.

    >>> transliterate("محمد جواد ظریف", "en").text
    'Mohammad Javad Zarif'
    """
    _spelling(lang)  # ConfigError for a language without one
    results = [_word(w, lang) for w in normalize(name).split()]
    method: Method = "list" if results and all(listed for _, listed in results) else "rules"
    return Transliteration(" ".join(text for text, _ in results), lang, method)


def name_kind(word: str) -> str | None:
    """``"given"`` or ``"family"`` for a word in the shipped name list, else None.

    >>> name_kind("کاظم"), name_kind("جلالی"), name_kind("وزیر")
    ('given', 'family', None)
    """
    words, _ = _names()
    entry = words.get(normalize(word).replace(ZWNJ, ""))
    return entry.get("kind") if entry else None
