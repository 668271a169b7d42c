"""Persian: the source language (Arabic script, Arabic-language text told apart)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from toolkit.languages.base import Language, Lookalike, Numbers, NumberWords

# Plural and comparative endings (key form), longest first; the stem keeps 3 letters.
_SUFFIXES = ("هایشان", "هایی", "هایش", "های", "ترین", "ها")
# Affixes the summarizer's tokens split off, joined back for the cue lists.
_GLUE_NEXT = frozenset({"می", "نمی"})
_GLUE_PREVIOUS = frozenset({"ها", "های", "هایی", "هایش", "ای", "اند", "ایم", "ترین", "تر"})
_SUPERLATIVE = "ترین"
_PERFECT_AUX = frozenset({"بود", "بودند", "بوده"})
_PARTICIPLE = ("ده", "ته")


def lookalike(profile: Any) -> Lookalike | None:
    """Arabic, for Arabic-script text without any of پ چ ژ گ ک ی but with ي/ة/ك: Persian
    text always has some of them."""
    if profile.counts.get("Arabic", 0) < 40:
        return None
    if profile.persian_letters == 0 and profile.arabic_letters > 0:
        return Lookalike("ar", "Arabic", "no Persian-only letters")
    return None


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def cue_words(found: list[str]) -> list[str]:
    """``می`` joined to the verb after it, plural and other endings to the word before."""
    out: list[str] = []
    pending = ""
    for w in found:
        if pending:
            w, pending = pending + w, ""
        if w in _GLUE_NEXT:
            pending = w
        elif out and w in _GLUE_PREVIOUS and not out[-1].isdigit():
            out[-1] += w
        else:
            out.append(w)
    if pending:
        out.append(pending)
    return out


def background_at(ws: Sequence[str], j: int) -> bool:
    """A past perfect (``فسخ شده بود``) or ``یکی از`` + a superlative (``یکی از بزرگ‌ترین``)."""
    w = ws[j]
    if w in _PERFECT_AUX:
        return j > 0 and ws[j - 1].endswith(_PARTICIPLE) and len(ws[j - 1]) > 3
    return (
        w == "یکی"
        and j + 1 < len(ws)
        and ws[j + 1] == "از"
        and any(x.endswith(_SUPERLATIVE) for x in ws[j + 2 : j + 4])
    )


@functools.cache
def number_words() -> NumberWords:
    """``data/fa.json`` on the matching key (the source reader uses all of it)."""
    from toolkit.text.numbers.lexicon import persian_lexicon

    lex = persian_lexicon()
    return NumberWords(atom=lex.atoms.get, months=lex.months, ordinal_suffixes=lex.ordinal_suffixes)


LANGUAGE = Language(
    code="fa",
    name="Persian",
    script="Arabic",
    nllb="pes_Arab",
    m2m100="fa",
    marian=(">>pes<<", ">>fas<<", ">>per<<", ">>fa<<"),
    marian_names=("fa", "fas", "per", "pes"),
    source=True,
    lookalike=lookalike,
    stem=stem,
    cue_words=cue_words,
    background_at=background_at,
    numbers=Numbers(
        words=number_words,
        thousands=frozenset(",\u066c"),
        decimals=frozenset(".\u066b/"),
        slash_dates=True,
        bare_addition=False,
        conjunction="و",
        halves=(("و", "نیم"),),
        ordinal_gaps=frozenset({"", "\u200c"}),
        ordinal_after_words=True,
    ),
)
