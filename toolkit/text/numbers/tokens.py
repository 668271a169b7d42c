"""The pieces the number readers pass between them: digit pieces, atoms, tokens, phrases.

A text becomes tokens (words and digit runs, with the text between them); a token that is
a number word or digits carries an :class:`Atom`; the scanner groups atoms into
:class:`Phrase` s (``two thousand five hundred``).
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.text.normalize import ZWNJ
from toolkit.text.numbers.values import CalendarDate, Number

HYPHENS = "-\u2010\u2011\u2012\u2013"


@dataclass(frozen=True)
class Piece:
    """One number read from a run of digits and separators."""

    start: int
    end: int
    value: Number
    decimal: bool = False
    alternatives: tuple[Number, ...] = ()
    date: CalendarDate | None = None


@dataclass(frozen=True)
class Atom:
    """A number word or digit run: ``cls`` is digits, unit (0-19), tens, hundreds,
    hundred (a word that multiplies by 100), scale (thousand and up), half, or compound (a
    number joined to a word, ``пятилетний``: a phrase of its own)."""

    value: Number
    cls: str
    ordinal: bool = False
    decimal: bool = False


@dataclass(frozen=True)
class Tok:
    word: str  # the matching key (Persian) or the lower-cased word; "" for digits
    start: int
    end: int
    gap: str  # the text between the previous token and this one
    atom: Atom | None = None
    alternatives: tuple[Number, ...] = ()
    date: CalendarDate | None = None
    native: bool = False  # Persian or Arabic-Indic digits


@dataclass(frozen=True)
class Phrase:
    first: int  # token indexes, inclusive
    last: int
    value: Number
    kind: str
    words_only: bool
    alternatives: tuple[Number, ...] = ()


def cls_of(value: Number) -> str:
    """The atom class of a number word by its value."""
    if value >= 1000:
        return "scale"
    if value >= 100:
        return "hundreds"
    if value >= 20:
        return "tens"
    return "unit"


def hard(gap: str) -> bool:
    """Whether ``gap`` holds punctuation, which no number phrase spans."""
    return any(not (ch.isspace() or ch == ZWNJ or ch in HYPHENS) for ch in gap)


def word_at(toks: list[Tok], i: int) -> str:
    return toks[i].word if 0 <= i < len(toks) else ""


def before(toks: list[Tok], i: int, n: int = 1) -> str:
    """The word ``n`` tokens before token ``i`` when no punctuation is in between."""
    for k in range(i, i - n, -1):
        if k <= 0 or hard(toks[k].gap):
            return ""
    return word_at(toks, i - n)


def after(toks: list[Tok], i: int, n: int = 1) -> str:
    """The word ``n`` tokens after token ``i`` when no punctuation is in between."""
    for k in range(i + 1, i + n + 1):
        if k >= len(toks) or hard(toks[k].gap):
            return ""
    return word_at(toks, i + n)


def following(toks: list[Tok], k: int) -> Tok | None:
    """Token ``k`` when it exists and no punctuation comes before it."""
    return toks[k] if k < len(toks) and not hard(toks[k].gap) else None
