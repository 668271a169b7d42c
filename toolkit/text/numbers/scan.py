"""The phrase scanner shared by the languages: tokens in, number phrases out.

``tokens`` builds the token list from word and digit spans and joins ordinal endings to
their number (``۵ام``, ``سی‌ام``, ``5th``, ``5-е``); ``scan`` groups atoms into phrases, left
to right and longest first (``two thousand five hundred and twenty``, ``دو و نیم میلیارد``),
by the rules of the language's module (:class:`toolkit.languages.Numbers`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from toolkit.languages import Numbers
from toolkit.text.numbers.digits import NATIVE_RUN, number_rules
from toolkit.text.numbers.tokens import Atom, Phrase, Piece, Tok, following, hard
from toolkit.text.numbers.values import Number, clean

Span = tuple[int, int, str, Piece | None]  # (start, end, word, digit piece)
# Multipliers that are also units: "100 m" is 100 metres or 100 million.
UNIT_LIKE_SCALES = frozenset({"m"})
_State = tuple[Number, Number, Number | None, Number, int, bool]


def _place(atom: Atom) -> Number:
    """An additive part after ``atom`` must be smaller than this (twenty -> 10: twenty-five)."""
    if atom.cls == "tens":
        return 10
    if atom.cls in ("hundreds", "hundred"):
        return 100
    return 1


class _Accumulator:
    """Adds up the atoms of one number phrase (``two thousand five hundred and twenty``)."""

    def __init__(self, atom: Atom) -> None:
        self.total: Number = 0
        self.current: Number = 0
        self.top: Number | None = None
        self.floor: Number = 1
        self.atoms = [atom]
        self.closed = atom.ordinal or atom.cls == "compound"
        if atom.cls == "scale":
            self.total = self.top = self.floor = atom.value
        elif atom.cls == "hundred":
            self.current, self.floor = 100, 100
        else:
            self.current, self.floor = atom.value, _place(atom)

    @property
    def value(self) -> Number:
        return clean(self.total + self.current)

    @property
    def ordinal(self) -> bool:
        return self.atoms[-1].ordinal

    def snapshot(self) -> _State:
        return (self.total, self.current, self.top, self.floor, len(self.atoms), self.closed)

    def restore(self, state: _State) -> None:
        self.total, self.current, self.top, self.floor, count, self.closed = state
        del self.atoms[count:]

    def _took(self, atom: Atom) -> bool:
        self.atoms.append(atom)
        self.closed = atom.ordinal
        return True

    def add(self, atom: Atom) -> bool:
        """Add a smaller part: twenty *five*, هزار و *صد* (a bare hundred adds 100)."""
        if self.closed or atom.cls in ("scale", "half", "compound"):
            return False
        if not 0 < atom.value < self.floor:
            return False
        self.current += atom.value
        self.floor = _place(atom)
        return self._took(atom)

    def scale(self, atom: Atom) -> bool:
        if self.closed:
            return False
        if atom.cls == "hundred":
            if not (isinstance(self.current, int) and 1 <= self.current <= 9):
                return False
            if self.atoms[-1].cls not in ("unit", "digits"):
                return False
            self.current *= 100
            self.floor = 100
            return self._took(atom)
        mult = atom.value
        if self.current == 0:
            if self.top is None or mult <= self.top:
                return False
            self.total *= mult  # "هزار میلیارد": a thousand billion
        elif self.top is None or mult < self.top:
            self.total += self.current * mult
        elif mult > self.top:
            self.total = (self.total + self.current) * mult
        else:
            return False
        self.current = 0
        self.top = mult if self.top is None else max(self.top, mult)
        self.floor = mult
        return self._took(atom)

    def half(self) -> bool:
        if self.closed:
            return False
        if self.current:
            self.current += 0.5
        elif self.top is not None:
            self.total += self.top / 2
        else:
            return False
        self.floor = 0  # only a scale word may follow: "two and a half million"
        return True


def _add_at(toks: list[Tok], k: int, acc: _Accumulator) -> bool:
    """Add token ``k`` as a smaller part, unless the multiplier after it shows that it starts
    a new number: "۱۰ هزار و ۲۰ هزار" is 10000 and 20000, not 10020 and 1000."""
    atom = toks[k].atom
    if atom is None:
        return False
    state = acc.snapshot()
    top = acc.top
    if not acc.add(atom):
        return False
    after = following(toks, k + 1)
    scale = after.atom if after is not None else None
    if top is not None and scale is not None and scale.cls == "scale" and scale.value >= top:
        acc.restore(state)
        return False
    return True


def _words_at(toks: list[Tok], k: int, words: tuple[str, ...]) -> bool:
    """Whether ``words`` are the words from token ``k`` on, with no punctuation between."""
    for i, word in enumerate(words):
        tok = toks[k] if i == 0 else following(toks, k + i)
        if tok is None or tok.word != word:
            return False
    return True


def _extend(toks: list[Tok], j: int, acc: _Accumulator, rules: Numbers) -> int | None:
    """Index of the last token after extending the phrase ending at ``j``, or None."""
    k = j + 1
    if k >= len(toks) or hard(toks[k].gap):
        return None
    nxt = toks[k]
    atom = nxt.atom
    if atom is not None and atom.cls in ("scale", "hundred"):
        return k if acc.scale(atom) else None
    if atom is not None and rules.bare_addition and _add_at(toks, k, acc):
        return k
    if following(toks, k + 1) is None:
        return None
    for half in rules.halves:  # "and a half", "و نیم", "с половиной"
        if _words_at(toks, k, half):
            return k + len(half) - 1 if acc.half() else None
    if rules.conjunction and nxt.word == rules.conjunction:
        # "two hundred and five", "two thousand and five"; never "$100 million and three
        # MoUs", where "and" joins two things
        spoken = acc.atoms[0].cls != "digits" and acc.floor in (100, 1000)
        if (spoken or not rules.conjunction_after_words) and _add_at(toks, k + 1, acc):
            return k + 1
    return None


def _half_of_scale(toks: list[Tok], i: int, articles: frozenset[str]) -> Phrase | None:
    """``نیم میلیون``, "half a million": half of the multiplier that follows."""
    k = i + 1
    nxt = following(toks, k)
    if nxt is not None and nxt.word in articles:
        k += 1
        nxt = following(toks, k)
    if nxt is None or nxt.atom is None or nxt.atom.cls != "scale":
        return None
    return Phrase(i, k, clean(nxt.atom.value / 2), "word", True)


def scan(toks: list[Tok], lang: str) -> list[Phrase]:
    """Group number atoms into phrases, left to right, longest first."""
    rules = number_rules(lang)
    articles = rules.words().articles
    phrases: list[Phrase] = []
    i = 0
    while i < len(toks):
        atom = toks[i].atom
        if atom is not None and atom.cls == "half":
            half = _half_of_scale(toks, i, articles)
            if half is not None:
                phrases.append(half)
                i = half.last + 1
                continue
        if atom is None or atom.cls == "half":
            i += 1
            continue
        acc = _Accumulator(atom)
        j = i
        while (step := _extend(toks, j, acc, rules)) is not None:
            j = step
        first = acc.atoms[0]
        if acc.ordinal:
            kind = "ordinal"
        elif first.cls == "digits":
            kind = "decimal" if any(a.decimal for a in acc.atoms) else "digits"
        else:
            kind = "word"
        if i == j:
            alts = toks[i].alternatives
        elif first.cls == "digits" and first.value and all(a.cls == "scale" for a in acc.atoms[1:]):
            # "20,000 млн": the other readings of the digits, multiplied alike. "20 million"
            # never stands for 20: a source ۲۰ میلیونی reads 20 million.
            factor = acc.value / first.value
            alts = tuple(clean(v * factor) for v in toks[i].alternatives)
            if toks[j].word in UNIT_LIKE_SCALES:
                alts = (first.value, *alts)
        else:
            alts = ()
        words_only = all(a.cls != "digits" for a in acc.atoms)
        phrases.append(Phrase(i, j, acc.value, kind, words_only, alts))
        i = j + 1
    return phrases


def tokens(
    text: str, spans: list[Span], lookup: Callable[[str], Atom | None], lang: str
) -> list[Tok]:
    """Tokens from (start, end, word, digit piece) spans in text order."""
    toks: list[Tok] = []
    prev_end = 0
    for start, end, word, piece in sorted(spans, key=lambda s: s[0]):
        gap = text[prev_end:start]
        prev_end = end
        if piece is None:
            toks.append(Tok(word, start, end, gap, lookup(word)))
            continue
        atom = None if piece.date else Atom(piece.value, "digits", decimal=piece.decimal)
        native = bool(NATIVE_RUN.search(text, start, end))
        toks.append(Tok("", start, end, gap, atom, piece.alternatives, piece.date, native))
    return _merge_ordinal_suffixes(toks, lang)


def _ordinal_suffix(prev: Tok, tok: Tok, rules: Numbers) -> bool:
    if prev.atom is None or prev.atom.ordinal or prev.atom.decimal:
        return False
    if prev.atom.cls != "digits" and not rules.ordinal_after_words:
        return False
    return tok.gap in rules.ordinal_gaps and tok.word in rules.words().ordinal_suffixes


def _merge_ordinal_suffixes(toks: list[Tok], lang: str) -> list[Tok]:
    """``۵ام``, ``سی‌ام``, ``5th``, ``5-е``: a number and its ordinal ending become one token."""
    rules = number_rules(lang)
    out: list[Tok] = []
    for tok in toks:
        prev = out[-1] if out else None
        if prev is not None and prev.atom is not None and _ordinal_suffix(prev, tok, rules):
            out[-1] = replace(prev, end=tok.end, atom=replace(prev.atom, ordinal=True))
            continue
        out.append(tok)
    return out
