"""Persian normalization: one form for display, another (a key) for matching.

``normalize`` rewrites text for people: it unifies Arabic letters with their Persian
counterparts, removes tatweel and stray diacritics, cleans zero-width characters and fixes
spacing around punctuation. It never merges or splits words. It also removes the characters
that have no place in a news text and that XML 1.0 forbids or that can reorder or hide it
(control characters but tab and newline, bidi overrides, embeddings and isolates,
noncharacters); ``removed_characters`` counts them so that a run can report what was dropped.
ZWNJ is kept (it is spelling); ZWJ, LRM and RLM were always removed as invisible formatting
and are not counted (they reorder nothing).

``match_key`` builds a *matching key*: a string with every separator removed plus, for each
key character, where it came from in the original text and whether a word boundary or a
punctuation break precedes it. Matching on the key ignores ZWNJ/space/nothing differences
(تفاهمنامه, تفاهم نامه, تفاهم‌نامه), hamza seats (هیأت, هیئت), Arabic vs Persian letters
and digit scripts (۲۰, ٢٠, 20), and every hit maps back to original offsets.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass

ZWNJ = "\u200c"

# Letters unified for display (Arabic code points -> Persian ones).
_DISPLAY_LETTERS = {
    "\u064a": "\u06cc",  # ARABIC YEH -> FARSI YEH
    "\u0649": "\u06cc",  # ALEF MAKSURA -> FARSI YEH
    "\u06d2": "\u06cc",  # YEH BARREE -> FARSI YEH
    "\u0643": "\u06a9",  # ARABIC KAF -> KEHEH
    "\u06aa": "\u06a9",  # SWASH KAF -> KEHEH
    "\u06d5": "\u0647",  # AE -> HEH
    "\u06c1": "\u0647",  # HEH GOAL -> HEH
    "\u0640": "",  # TATWEEL
}
# Arabic-Indic digits become Persian (extended) digits for display.
_DISPLAY_LETTERS.update({chr(0x0660 + i): chr(0x06F0 + i) for i in range(10)})

# Combining sequences written as two code points, composed first.
_COMPOSE = {
    "\u0647\u0654": "\u06c0",  # HEH + HAMZA ABOVE -> HEH WITH YEH ABOVE (ۀ)
    "\u06d5\u0654": "\u06c0",
    "\u06cc\u0654": "\u0626",  # YEH + HAMZA -> ئ
    "\u064a\u0654": "\u0626",
    "\u0627\u0654": "\u0623",  # ALEF + HAMZA ABOVE -> أ
    "\u0627\u0655": "\u0625",  # ALEF + HAMZA BELOW -> إ
    "\u0648\u0654": "\u0624",  # WAW + HAMZA -> ؤ
    "\u0627\u0653": "\u0622",  # ALEF + MADDA -> آ
}
_COMPOSE_RE = re.compile("|".join(map(re.escape, _COMPOSE)))

# Diacritics (harakat, tanwin, shadda, sukun, superscript alef...) removed as "stray".
_DIACRITICS = frozenset([chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u06e1", "\u06ed"])
# Invisible characters that are never wanted (ZWNJ is handled separately).
_INVISIBLE = frozenset(["\u200b", "\u200d", "\u200e", "\u200f", "\ufeff", "\u2060", "\u00ad"])
_SPACES = frozenset([" ", "\t", "\u00a0", "\u2009", "\u202f", "\u2002", "\u2003", "\u3000"])

# Characters removed and reported, by kind. C0 controls but tab and newline (a carriage
# return is a line break, unified first), DEL and the C1 controls; the bidi embeddings,
# overrides and isolates, which reorder what a reader sees ("Trojan Source"); lone
# surrogates and the noncharacters U+FFFE/U+FFFF, which XML forbids too.
_CONTROLS = [chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r"]
_BIDI = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
_NONCHARACTERS = [chr(c) for c in [*range(0xD800, 0xE000), 0xFFFE, 0xFFFF]]
REMOVED_KINDS = ("control", "bidi", "noncharacter")
_REMOVED_KIND = {
    **dict.fromkeys(_CONTROLS, "control"),
    **dict.fromkeys(_BIDI, "bidi"),
    **dict.fromkeys(_NONCHARACTERS, "noncharacter"),
}
# Controls that separate text (vertical tab, form feed, the information separators, NEL)
# become a space, so that removing them never glues two words together.
_SEPARATING_CONTROLS = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f\x85")
_REMOVED_RE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


@dataclass(frozen=True)
class Removed:
    """How many characters of each kind (``REMOVED_KINDS``) normalization removed."""

    control: int = 0
    bidi: int = 0
    noncharacter: int = 0

    def __bool__(self) -> bool:
        return bool(self.control or self.bidi or self.noncharacter)

    def to_dict(self) -> dict[str, int]:
        """The kinds removed at least once, with their counts."""
        return {kind: n for kind in REMOVED_KINDS if (n := getattr(self, kind))}

    def __str__(self) -> str:
        names = {"control": "control character", "bidi": "bidi control", "noncharacter": ""}
        return ", ".join(
            f"{n} {names[kind] or kind}{'s' if n != 1 else ''}"
            for kind, n in self.to_dict().items()
        )


def removed_characters(text: str) -> Removed:
    """What :func:`normalize` removes from ``text``, counted by kind."""
    counts = dict.fromkeys(REMOVED_KINDS, 0)
    for ch in _REMOVED_RE.findall(text):
        counts[_REMOVED_KIND[ch]] += 1
    return Removed(**counts)


_CLOSING = ".,،؛:;!?؟)]}»"
_OPENING = "([{«"


def _is_presentation_form(ch: str) -> bool:
    cp = ord(ch)
    return 0xFB50 <= cp <= 0xFDFF or (0xFE70 <= cp <= 0xFEFF and cp != 0xFEFF)


def _display_char(ch: str) -> str:
    if ch in _REMOVED_KIND:
        return " " if ch in _SEPARATING_CONTROLS else ""
    if ch in _DISPLAY_LETTERS:
        return _DISPLAY_LETTERS[ch]
    if ch in _DIACRITICS or ch in _INVISIBLE:
        return ""
    if ch in _SPACES:
        return " "
    if _is_presentation_form(ch):
        return "".join(_display_char(c) for c in unicodedata.normalize("NFKC", ch))
    return ch


_MULTI_SPACE = re.compile(r" {2,}")
_ZWNJ_RUN = re.compile(ZWNJ + "{2,}")
_ZWNJ_NEXT_TO_SPACE = re.compile(f" ?{ZWNJ}+ ?")
_SPACE_BEFORE_CLOSING = re.compile(r" +(?=[" + re.escape(_CLOSING) + "])")
_SPACE_AFTER_OPENING = re.compile("(?<=[" + re.escape(_OPENING) + "]) +")
# A Persian comma/semicolon/question mark or "!" glued to the next letter gets a space.
_GLUED_PUNCT = re.compile(r"([،؛؟!])(?=[^\W\d_])")
# A full stop glued to a following Arabic-script letter (Persian sentences typed without a space).
_GLUED_STOP = re.compile(r"(?<=[\u0600-\u06FF])\.(?=[\u0621-\u064A\u067E-\u06D3])")


def _fix_zwnj(line: str) -> str:
    line = _ZWNJ_RUN.sub(ZWNJ, line)

    def repl(m: re.Match[str]) -> str:
        return " " if " " in m.group(0) else m.group(0)

    line = _ZWNJ_NEXT_TO_SPACE.sub(repl, line)
    # A ZWNJ that does not sit between two letters joins nothing: drop it.
    out = []
    for i, ch in enumerate(line):
        if ch == ZWNJ:
            prev = line[i - 1] if i > 0 else ""
            nxt = line[i + 1] if i + 1 < len(line) else ""
            if not (prev.isalpha() and nxt.isalpha()):
                continue
        out.append(ch)
    return "".join(out)


def normalize_line(line: str) -> str:
    """Display-normalize one line (no newline inside)."""
    line = _COMPOSE_RE.sub(lambda m: _COMPOSE[m.group(0)], line)
    line = "".join(_display_char(ch) for ch in line)
    line = _fix_zwnj(line)
    line = _MULTI_SPACE.sub(" ", line)
    line = _SPACE_BEFORE_CLOSING.sub("", line)
    line = _SPACE_AFTER_OPENING.sub("", line)
    line = _GLUED_PUNCT.sub(r"\1 ", line)
    line = _GLUED_STOP.sub(". ", line)
    return line.strip(" ")


def normalize(text: str) -> str:
    """Normalize text for display, line by line; the number of lines never changes.

    >>> normalize("كتاب  هاي عربي ـ فارسی")
    'کتاب های عربی فارسی'
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(normalize_line(line) for line in lines)


# ---------------------------------------------------------------------------
# Matching key
# ---------------------------------------------------------------------------

_HAMZA = "\u0621"
_KEY_LETTERS: dict[str, str] = {
    **{k: v for k, v in _DISPLAY_LETTERS.items() if v},
    "\u0629": "\u0647",  # TEH MARBUTA -> HEH
    "\u06c0": "\u0647",  # HEH WITH YEH ABOVE -> HEH (ezafe written on the letter)
    "\u0623": _HAMZA,  # every hamza seat is one key letter: هیأت == هیئت, مسئول == مسؤول
    "\u0625": _HAMZA,
    "\u0624": _HAMZA,
    "\u0626": _HAMZA,
    "\u0654": _HAMZA,
    "\u0622": "\u0627",  # ALEF WITH MADDA -> ALEF
    "\u0671": "\u0627",  # ALEF WASLA -> ALEF
}
_KEY_LETTERS.update({chr(0x06F0 + i): str(i) for i in range(10)})
_KEY_LETTERS.update({chr(0x0660 + i): str(i) for i in range(10)})

# Character classes for the key builder.
_SEP, _DROP, _PUNCT = 0, 1, 2


def _key_char(ch: str) -> str | int:
    """Map one character to its key form, or to a class (_SEP, _DROP, _PUNCT)."""
    if ch in _KEY_LETTERS:
        return _KEY_LETTERS[ch]
    if ch == ZWNJ or ch in _SPACES or ch in "\n\r":
        return _SEP
    if ch in _DIACRITICS or ch in _INVISIBLE or ch == "\u0640":
        return _DROP
    if ch.isalnum():
        if _is_presentation_form(ch):
            folded = unicodedata.normalize("NFKC", ch)
            return "".join(_KEY_LETTERS.get(c, c) for c in folded).lower()
        if ch.isdigit() and not ch.isascii():
            return str(unicodedata.digit(ch, 0))
        return ch.lower()
    if unicodedata.category(ch).startswith("M"):
        return _DROP
    return _PUNCT


def _kind(ch: str) -> int:
    """0 = digit, 1 = Arabic script, 2 = other letters: a change of kind is a word boundary."""
    if ch.isdigit():
        return 0
    if "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff":
        return 1
    return 2


@dataclass(frozen=True)
class MatchKey:
    """A separator-free key of a text with a map back to the text.

    ``key[i]`` came from ``text[starts[i]:ends[i]]``. ``boundary[i]`` is 1 when a word
    boundary (space, ZWNJ, punctuation, a change between digits and letters or between
    scripts, or the start of the text) precedes ``key[i]``; ``hard[i]`` is 1 when
    punctuation or a line break precedes it, which a multi-word term never spans.
    """

    text: str
    key: str
    starts: array
    ends: array
    boundary: bytes
    hard: bytes

    def is_word_start(self, i: int) -> bool:
        return i == 0 or i >= len(self.key) or bool(self.boundary[i])

    def is_word_end(self, i: int) -> bool:
        """True when key position ``i`` (exclusive end) closes a word."""
        return i >= len(self.key) or bool(self.boundary[i])

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original character offsets of key slice ``[i, j)``."""
        return self.starts[i], self.ends[j - 1]


def match_key(text: str) -> MatchKey:
    """Build the matching key of ``text``."""
    fast = _match_key_fast(text) if len(text) >= _FAST_MIN_CHARS else None
    return fast if fast is not None else _match_key_slow(text)


_FAST_MIN_CHARS = 200  # below this the per-character loop beats numpy's set-up cost


class _LazyTable(dict[int, str]):
    """A ``str.translate`` table filled on first sight of each character."""

    def __init__(self, fn: Callable[[str], str]) -> None:
        super().__init__()
        self._fn = fn

    def __missing__(self, cp: int) -> str:
        value = self[cp] = self._fn(chr(cp))
        return value


def _class_of(ch: str) -> str:
    """k: one key letter, s: separator, n: line break, p: punctuation, d: dropped, x: complex."""
    if ch in "\n\r":
        return "n"
    mapped = _key_char(ch)
    if mapped == _SEP:
        return "s"
    if mapped == _PUNCT:
        return "p"
    if mapped == _DROP or mapped == "":
        return "d"
    return "k" if isinstance(mapped, str) and len(mapped) == 1 else "x"


def _key_letter(ch: str) -> str:
    mapped = _key_char(ch)
    return mapped if isinstance(mapped, str) and len(mapped) == 1 else " "


def _kind_of(ch: str) -> str:
    return str(_kind(_key_letter(ch)))


_CLASS_TABLE = _LazyTable(_class_of)
_KEY_TABLE = _LazyTable(_key_letter)
_KIND_TABLE = _LazyTable(_kind_of)


def _match_key_fast(text: str) -> MatchKey | None:
    """Vectorized key building; None when the text needs the slow path (rare sequences)."""
    import numpy as np

    classes = text.translate(_CLASS_TABLE)
    if "x" in classes or _COMPOSE_RE.search(text):
        return None
    cls = np.frombuffer(classes.encode("ascii"), dtype=np.uint8)
    kept = np.flatnonzero(cls == ord("k"))
    if kept.size == 0:
        return MatchKey(text, "", array("i"), array("i"), b"", b"")
    letters = np.frombuffer(text.translate(_KEY_TABLE).encode("utf-32-le"), dtype=np.uint32)
    key = letters[kept].tobytes().decode("utf-32-le")
    hard_mask = (cls == ord("n")) | (cls == ord("p"))
    sep_mask = hard_mask | (cls == ord("s"))
    sep_cum = np.cumsum(sep_mask)
    hard_cum = np.cumsum(hard_mask)
    kinds = np.frombuffer(text.translate(_KIND_TABLE).encode("ascii"), dtype=np.uint8)[kept]
    boundary = np.ones(kept.size, dtype=np.uint8)
    hard = np.ones(kept.size, dtype=np.uint8)
    boundary[1:] = (sep_cum[kept[1:]] != sep_cum[kept[:-1]]) | (kinds[1:] != kinds[:-1])
    hard[1:] = hard_cum[kept[1:]] != hard_cum[kept[:-1]]
    starts = array("i", kept.astype(np.int32).tobytes())
    ends = array("i", (kept + 1).astype(np.int32).tobytes())
    return MatchKey(text, key, starts, ends, boundary.tobytes(), hard.tobytes())


def _match_key_slow(text: str) -> MatchKey:
    key_chars: list[str] = []
    starts = array("i")
    ends = array("i")
    boundary = bytearray()
    hard = bytearray()
    pending_boundary = True
    pending_hard = True
    prev_kind = -1
    for ch, pos, width in _composed(text):
        mapped = _key_char(ch)
        if mapped == _SEP:
            pending_boundary = True
            if ch in "\n\r":
                pending_hard = True
            continue
        if mapped == _PUNCT:
            pending_boundary = True
            pending_hard = True
            continue
        if mapped == _DROP or mapped == "":
            continue
        assert isinstance(mapped, str)
        kind = _kind(mapped[0])
        for k in mapped:
            key_chars.append(k)
            starts.append(pos)
            ends.append(pos + width)
            boundary.append(1 if pending_boundary or (prev_kind not in (-1, kind)) else 0)
            hard.append(1 if pending_hard else 0)
            pending_boundary = pending_hard = False
        prev_kind = kind
    return MatchKey(text, "".join(key_chars), starts, ends, bytes(boundary), bytes(hard))


def _composed(text: str) -> list[tuple[str, int, int]]:
    """Characters of ``text`` with two-code-point sequences composed: (char, offset, width)."""
    if not _COMPOSE_RE.search(text):
        return [(ch, i, 1) for i, ch in enumerate(text)]
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _COMPOSE:
            out.append((_COMPOSE[pair], i, 2))
            i += 2
        else:
            out.append((text[i], i, 1))
            i += 1
    return out


def _word_char(ch: str) -> str:
    cls = _class_of(ch)
    if cls == "k":
        return _key_letter(ch)
    if cls in "snp":
        return " "
    if cls == "d":
        return ""
    return "\x00"  # needs the slow path


_WORD_TABLE = _LazyTable(_word_char)
_KIND_CHANGE = re.compile(
    r"(?<=\d)(?=[^\d\s])|(?<=[^\d\s])(?=\d)"
    r"|(?<=[\u0600-\u06ff])(?=[^\u0600-\u06ff\d\s])|(?<=[^\u0600-\u06ff\d\s])(?=[\u0600-\u06ff])"
)


def key_words(text: str) -> list[str]:
    """The key of each word of a short text, split where the text has word boundaries."""
    spaced = text.translate(_WORD_TABLE)
    if "\x00" not in spaced and not _COMPOSE_RE.search(text):
        return _KIND_CHANGE.sub(" ", spaced).split()
    mk = _match_key_slow(text)
    words: list[str] = []
    for i, ch in enumerate(mk.key):
        if i == 0 or mk.boundary[i]:
            words.append(ch)
        else:
            words[-1] += ch
    return words


def key_of(text: str) -> str:
    """The bare key of a short text (a term): separators removed, letters unified."""
    return "".join(key_words(text))
