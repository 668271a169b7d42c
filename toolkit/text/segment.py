"""Sentence segmentation, with offsets into the input; the language's module gives its
abbreviations (:attr:`toolkit.languages.Language.abbreviations`).

Rules, in order:

* Every line is a paragraph; a sentence never crosses a line break.
* ``. ! ? ؟ …`` and ``...`` end a sentence when followed by whitespace (or the end of the
  line); closing quotes and brackets right after the terminator belong to the sentence.
  In Persian a full stop glued to the next word (``شد.وی``) also ends a sentence.
* A full stop does not end a sentence inside a number (``۲.۵``, ``3.14``), after a known
  abbreviation (``Dr.``, ``e.g.``, ``т.е.``, ``г.``) or a single-letter initial, or when the
  next word starts with a lowercase letter.
* A terminator inside parentheses, brackets or guillemets (« ») that close on the same line
  does not end it; a quoted passage stays in the sentence that quotes it.
* A single letter before a full stop is an initial or part of a dotted abbreviation
  (``م. رضایی``, ``ه.ش.``, ``A. Smith``), not a sentence end.
* The Persian semicolon ``؛`` never ends a sentence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from toolkit.languages import get


@dataclass(frozen=True)
class Segment:
    """One sentence of an input text.

    ``index`` and ``line`` are 1-based; ``start``/``end`` are character offsets into the
    original text, so ``original[start:end] == text``.
    """

    index: int
    line: int
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        return {
            "index": self.index,
            "line": self.line,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


_TERMINATORS = ".!?؟…"
_CLOSERS = "\"'»”’)]}"
_BRACKETS = {"(": ")", "[": "]", "{": "}", "«": "»"}
_WORD_BEFORE = re.compile(r"([^\W\d_]+(?:\.[^\W\d_]+)*)$")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u067E-\u06D3]")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` (LF or CRLF), as line-aligned files count them: a final line
    break ends the last line and does not start another."""
    lines = text.replace("\r\n", "\n").split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def _line_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """(line number, start, end) of each line, without its line break."""
    pos = 0
    for number, line in enumerate(text.split("\n"), start=1):
        body = line[:-1] if line.endswith("\r") else line
        yield number, pos, pos + len(body)
        pos += len(line) + 1


def _protected_ranges(line: str) -> list[tuple[int, int]]:
    """Ranges inside brackets that close on the same line."""
    ranges: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(line):
        if ch in _BRACKETS:
            stack.append((_BRACKETS[ch], i))
        elif stack and ch == stack[-1][0]:
            _, start = stack.pop()
            if not stack:
                ranges.append((start, i))
    return ranges


def _is_abbreviation(line: str, dot: int, lang: str) -> bool:
    m = _WORD_BEFORE.search(line[:dot])
    if not m:
        return False
    word = m.group(1)
    parts = word.split(".")
    spec = get(lang)
    if all(len(p) == 1 for p in parts) and (
        len(parts) > 1 or word.isupper() or spec.initials or _ARABIC_LETTER.match(word)
    ):
        return True  # an initial or dotted letters: "A. Pushkin", "А. С.", "م. رضایی", "ه.ش."
    return word.lower() in spec.abbreviations


def _sentence_ends(line: str, lang: str) -> list[int]:
    """Offsets (exclusive, within the line) where sentences end."""
    ends: list[int] = []
    protected = _protected_ranges(line)
    n = len(line)
    i = 0
    while i < n:
        ch = line[i]
        if ch not in _TERMINATORS:
            i += 1
            continue
        j = i
        while j < n and line[j] in _TERMINATORS:
            j += 1
        while j < n and line[j] in _CLOSERS:
            j += 1
        if any(a < i < b and j <= b for a, b in protected):
            i = j
            continue
        nxt = line[j] if j < n else ""
        run = line[i:j]
        if nxt and not nxt.isspace():
            # Glued: only a Persian full stop followed by a Persian letter ends a sentence.
            glued_persian = (
                run.rstrip(_CLOSERS) in (".", "!", "؟")
                and i > 0
                and _ARABIC_LETTER.match(line[i - 1])
                and _ARABIC_LETTER.match(nxt)
                and not _is_abbreviation(line, i, lang)
            )
            if not glued_persian:
                i = j
                continue
        else:
            k = j
            while k < n and line[k].isspace():
                k += 1
            following = line[k] if k < n else ""
            single_dot = run.rstrip(_CLOSERS) == "."
            if single_dot and (
                _is_abbreviation(line, i, lang)
                or (i > 0 and line[i - 1].isdigit() and _enumerator(line, i))
            ):
                i = j
                continue
            if following and following.islower() and run.rstrip(_CLOSERS) in (".", "...", "…"):
                i = j
                continue
        ends.append(j)
        i = j
    return ends


def _enumerator(line: str, dot: int) -> bool:
    """``1.`` or ``۱۲.`` at the start of a line is a list number, not a sentence."""
    head = line[:dot].strip()
    return head.isdigit() and len(head) <= 2


def segment(text: str, lang: str = "fa") -> list[Segment]:
    """Split ``text`` into sentences with 1-based line numbers and original offsets.

    >>> [s.text for s in segment("Dr. Smith came. He left.", "en")]
    ['Dr. Smith came.', 'He left.']
    """
    segments: list[Segment] = []
    for number, line_start, line_end in _line_spans(text):
        line = text[line_start:line_end]
        cuts = [0, *_sentence_ends(line, lang), len(line)]
        for a, b in itertools.pairwise(cuts):
            piece = line[a:b]
            stripped = piece.strip()
            if not stripped:
                continue
            lead = len(piece) - len(piece.lstrip())
            start = line_start + a + lead
            segments.append(
                Segment(len(segments) + 1, number, stripped, start, start + len(stripped))
            )
    return segments
