"""The numbers of Persian text: digits, number words, ordinals and dates.

Words are matched whole on the matching key, so ``سه‌شنبه``, ``سه شنبه`` and ``سهشنبه`` are
all Tuesday, never the number three. Words that are usually not counts are skipped: the
article ``یک`` (unless a unit follows: ``یک درصد``, ``یک میلیون``), ``نه`` ("not"), ``هر دو``
("both"), ``دو جانبه`` ("bilateral"), ``چند``/``چندین`` ("several"), plurals such as
``صدها``/``ده‌ها``/``هزاران``, weekday names, fractions (``یک سوم``) and approximations
(``دو سه روز``). Decimals in words are read: ``یک ممیز دو`` (ممیز, the decimal point: 1.2),
``سه دهم`` (0.3), ``بیست و پنج صدم`` (0.25), as are halves (``دو و نیم``, ``نیم میلیون``) and
multipliers as adjectives (``۸۵ میلیونی``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from toolkit.text.normalize import key_of, match_key
from toolkit.text.numbers.calendar import (
    JALALI_YEARS,
    jalali_year_of,
    reference_year_of,
    valid_date,
)
from toolkit.text.numbers.digits import FA_RUN, read_run
from toolkit.text.numbers.lexicon import Month, persian_lexicon
from toolkit.text.numbers.scan import Span, scan, tokens
from toolkit.text.numbers.tokens import Atom, Phrase, Tok, after, before, hard
from toolkit.text.numbers.values import CalendarDate, Number, SourceNumber, clean

# Words the rules of ``_keep`` name, on the matching key.
_W = {w: key_of(w) for w in ("یک", "نه", "سی", "دو", "اول", "صد", "هر", "و", "در", "یکی", "میدانی")}


def _tokens(text: str) -> list[Tok]:
    mk = match_key(text)
    key = mk.key
    spans: list[Span] = []
    i = 0
    while i < len(key):
        j = i + 1
        while j < len(key) and not mk.boundary[j]:
            j += 1
        if not key[i].isdigit():  # digit runs are read from the text, with their separators
            spans.append((mk.starts[i], mk.ends[j - 1], key[i:j], None))
        i = j
    for m in FA_RUN.finditer(text):
        spans.extend((p.start, p.end, "", p) for p in read_run(m.group(), m.start(), "fa"))
    return _decimal_words(tokens(text, spans, persian_lexicon().atoms.get, "fa"))


def _decimal_words(toks: list[Tok]) -> list[Tok]:
    """Decimals in words become one decimal token: ``سه دهم`` (0.3), ``بیست و پنج صدم``
    (0.25), ``دو ممیز پنج`` and ``دو ممیز پنج دهم`` (2.5). A multiplier after it still
    applies (``دو ممیز پنج میلیارد``)."""
    lex = persian_lexicon()
    if not any(t.word == lex.decimal_point or t.word in lex.denominators for t in toks):
        return toks
    # Read the parts with no multipliers and no denominators, so that پنج صدم is not 500.
    plain = [
        replace(t, atom=None)
        if t.atom is not None and (t.atom.cls == "scale" or t.word in lex.denominators)
        else t
        for t in toks
    ]
    phrases = scan(plain, "fa")
    starting = {p.first: p for p in phrases}
    merged: dict[int, tuple[int, Number]] = {}  # first token -> (last token, value)
    used: set[int] = set()
    for p in phrases:
        if p.first in used:
            continue
        whole = _fraction(toks, p, lex.denominators)
        q = starting.get(p.last + 2)
        if whole is None and after(toks, p.last) == lex.decimal_point and q is not None:
            tail = _fraction(toks, q, lex.denominators)
            if tail is None and q.kind != "ordinal" and isinstance(q.value, int):
                tail = (q.last, q.value / 10 ** len(str(q.value)))
            if p.kind != "ordinal" and tail is not None and not hard(toks[q.first].gap):
                whole = (tail[0], clean(round(p.value + tail[1], 12)))
        if whole is not None:
            merged[p.first] = whole
            used.update(range(p.first, whole[0] + 1))
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        if i not in merged:
            out.append(toks[i])
            i += 1
            continue
        last, value = merged[i]
        atom = Atom(value, "digits", decimal=True)
        out.append(Tok("", toks[i].start, toks[last].end, toks[i].gap, atom))
        i = last + 1
    return out


def _fraction(
    toks: list[Tok], p: Phrase, denominators: dict[str, int]
) -> tuple[int, Number] | None:
    """``سه دهم``: a whole number before a denominator word, below it (last token, value)."""
    k = p.last + 1
    if k >= len(toks) or hard(toks[k].gap) or toks[k].word not in denominators:
        return None
    denominator = denominators[toks[k].word]
    if p.kind == "ordinal" or not isinstance(p.value, int) or not 0 < p.value < denominator:
        return None
    return k, round(p.value / denominator, 12)


def _month(word: str) -> Month | None:
    lex = persian_lexicon()
    mah = lex.month_word
    if word.endswith(mah) and len(word) > len(mah):
        word = word[: -len(mah)]  # آذرماه
    return lex.months.get(word)


@dataclass(frozen=True)
class _DateHit:
    number: SourceNumber | None  # None: a name such as "هفت تیر", skipped
    consumed: int  # phrases used


def _date(text: str, toks: list[Tok], phrases: list[Phrase], k: int) -> _DateHit | None:
    """A date starting at phrase ``k``: day, month name, optional ماه, optional year."""
    p = phrases[k]
    mi = p.last + 1
    if mi >= len(toks) or hard(toks[mi].gap):
        return None
    month = _month(toks[mi].word)
    if month is None or not isinstance(p.value, int) or not 1 <= p.value <= 31:
        return None
    if p.kind == "word":
        return _DateHit(None, 1)  # "هفت تیر", "پانزده خرداد": streets and events
    if p.kind not in ("digits", "ordinal"):
        return None
    lex = persian_lexicon()
    calendar, month_no = month
    last = mi
    yi = mi + 1
    if after(toks, last) == lex.month_word:
        last = yi
        yi += 1
    if after(toks, last) == lex.year_word:
        yi += 1
    year = None
    consumed = 1
    if k + 1 < len(phrases):
        q = phrases[k + 1]
        if (
            q.first == yi
            and not hard(toks[yi].gap)
            and q.kind == "digits"
            and isinstance(q.value, int)
            and 1000 <= q.value <= 2200
        ):
            year, consumed, last = q.value, 2, q.last
    if not valid_date(calendar, year, month_no, p.value):
        return None
    start, end = toks[p.first].start, toks[last].end
    day = CalendarDate(calendar, month_no, p.value, year)
    return _DateHit(SourceNumber(p.value, "date", start, end, text[start:end], day), consumed)


def _keep(toks: list[Tok], p: Phrase) -> bool:
    """Whether a number phrase is a count (not an article, a name or part of a word)."""
    lex = persian_lexicon()
    first, last = p.first, p.last
    prev, nxt = before(toks, first), after(toks, last)
    if nxt in lex.compound_next:
        return False
    head = toks[first].atom
    if head is not None and head.cls in ("scale", "hundred") and prev in lex.vague:
        return False
    if not p.words_only:
        return True
    if prev in lex.verb_prefixes:
        return False
    if first != last:
        return True
    word = toks[first].word
    if prev == _W["یکی"] and isinstance(p.value, int) and p.value <= 10:
        return False  # یکی دو "one or two"
    if word == _W["یک"]:
        return nxt in lex.measures
    if word == _W["نه"]:
        return nxt in lex.counted
    if word == _W["سی"]:
        return prev not in lex.letter_names and nxt not in lex.letter_names
    if word == _W["دو"]:
        return prev != _W["هر"] and not (nxt == _W["و"] and after(toks, last, 2) == _W["میدانی"])
    if word == _W["اول"]:
        return bool(prev) and prev not in lex.not_first
    if word == _W["صد"]:
        in_full = nxt == _W["در"] and after(toks, last, 2) == _W["صد"]
        return not in_full and not (prev == _W["در"] and before(toks, first, 2) == _W["صد"])
    return True


def _pair(toks: list[Tok], p: Phrase, q: Phrase | None) -> bool:
    """Two number words side by side: a fraction (یک سوم) or a range (دو سه روز)."""
    if q is None or q.first != p.last + 1 or hard(toks[q.first].gap):
        return False
    return p.words_only and q.words_only and p.kind == "word"


def _alternatives(p: Phrase) -> tuple[Number, ...]:
    """A Jalali year (۱۴۰۴) may be given as its Gregorian year (2025 or 2026)."""
    if p.first != p.last:
        return ()  # ۲۰ هزار is 20000, never 20
    if p.kind == "digits" and isinstance(p.value, int) and p.value in JALALI_YEARS:
        return (*p.alternatives, p.value + 621, p.value + 622)
    return p.alternatives


@dataclass(frozen=True)
class SourceAnalysis:
    """The numbers of a Persian text and the Jalali years it names (a dated date's year,
    the year of a Gregorian date, a number after سال)."""

    numbers: list[SourceNumber]
    years: list[int]


def analyse_source(text_fa: str) -> SourceAnalysis:
    toks = _tokens(text_fa)
    found: list[SourceNumber] = []
    years: list[int] = []
    for tok in toks:
        if tok.date is not None:
            surface = text_fa[tok.start : tok.end]
            found.append(SourceNumber(tok.date.day, "date", tok.start, tok.end, surface, tok.date))
    phrases = scan(toks, "fa")
    year_word = persian_lexicon().year_word
    k = 0
    while k < len(phrases):
        p = phrases[k]
        hit = _date(text_fa, toks, phrases, k)
        if hit is not None:
            if hit.number is not None:
                found.append(hit.number)
            k += hit.consumed
            continue
        nxt = phrases[k + 1] if k + 1 < len(phrases) else None
        if _pair(toks, p, nxt):
            k += 2
            continue
        if _keep(toks, p):
            start, end = toks[p.first].start, toks[p.last].end
            surface = text_fa[start:end]
            alts = _alternatives(p)
            found.append(SourceNumber(p.value, p.kind, start, end, surface, alternatives=alts))
            if p.kind == "digits" and before(toks, p.first) == year_word:
                years.append(int(p.value))
        k += 1
    found.sort(key=lambda n: n.start)
    years += [y for n in found if n.date is not None and (y := _jalali_year(n.date)) is not None]
    return SourceAnalysis(found, [y for y in years if y in JALALI_YEARS])


def _jalali_year(day: CalendarDate) -> int | None:
    if day.calendar == "jalali" or day.year is None:
        return day.year
    return jalali_year_of(date(day.year, day.month, day.day))


def extract_source_numbers(text_fa: str) -> list[SourceNumber]:
    """The numbers of a Persian text, in text order.

    >>> [(n.value, n.kind) for n in extract_source_numbers("۲۰ تفاهمنامه و پنجمین نشست")]
    [(20, 'digits'), (5, 'ordinal')]
    """
    return analyse_source(text_fa).numbers


def article_year(texts: Iterable[str]) -> int | None:
    """The Jalali year an article is about, from the years its text names (``۱۴ آذر ۱۴۰۴``,
    ``سال ۱۴۰۴``, ``۵ دسامبر ۲۰۲۵``): the most frequent, the latest on a tie; None when it
    names none."""
    return reference_year_of(y for text in texts for y in analyse_source(text).years)
