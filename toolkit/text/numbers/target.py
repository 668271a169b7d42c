"""The numbers of a target text: digits, words, ordinals and dates, read by the rules and
words of the language's module (:class:`toolkit.languages.Numbers`).

Shipped for English and Russian: digits (``20,000``, ``20 000``, ``2.5``, ``2,5``), words
in every Russian case (``пяти``, ``двух``, through pymorphy3), halves (``half a million``,
``полмиллиона``, ``два с половиной``), numbers joined to a word (``пятилетний``: 5), ordinals
(``fifth``, ``5th``, ``пятое``, ``5-е``) and dates (``5 December 2025``, ``December 5``,
``14 Azar``, ``5 декабря``, ``14 азара``, ``05.12.2025``, ``2025-12-05``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from toolkit.errors import ConfigError
from toolkit.languages import get, name_of, targets
from toolkit.languages.base import Month
from toolkit.text.numbers.calendar import valid_date
from toolkit.text.numbers.digits import TARGET_RUN, number_rules, read_run
from toolkit.text.numbers.scan import Span, scan, tokens
from toolkit.text.numbers.tokens import Atom, Phrase, Tok, hard, word_at
from toolkit.text.numbers.values import CalendarDate, TargetNumber

_WORD = re.compile(r"[^\W\d_]+")
_YEAR_GAP = re.compile(r"[\s,]*")
_ABBR_GAP = re.compile(r"\.?\s+")


def target_languages() -> tuple[str, ...]:
    """The registry's target languages whose module reads numbers (``Language.numbers``)."""
    return tuple(code for code in targets() if get(code).numbers is not None)


def __getattr__(name: str) -> tuple[str, ...]:
    # TARGET_LANGUAGES: target_languages() when read (never at import, which would import
    # every language module while this one is half-initialised).
    if name == "TARGET_LANGUAGES":
        return target_languages()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_lang(lang: str) -> None:
    supported = target_languages()
    if lang not in supported:
        names = [name_of(c) for c in supported]
        listed = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        raise ConfigError(
            f"the number check reads {listed} targets, "
            f"not {lang!r} (expected one of: {', '.join(supported)})"
        )


def _tokens(text: str, lang: str) -> list[Tok]:
    spans: list[Span] = []
    for m in TARGET_RUN.finditer(text):
        spans.extend((p.start, p.end, "", p) for p in read_run(m.group(), m.start(), lang))
    for m in _WORD.finditer(text):
        spans.append((m.start(), m.end(), m.group().lower().replace("ё", "е"), None))
    lex = number_rules(lang).words()
    toks = tokens(text, spans, lex.atom, lang)
    # "a hundred", "a million": the article is the count.
    for i, tok in enumerate(toks[:-1]):
        nxt = toks[i + 1].atom
        scaled = nxt is not None and nxt.cls in ("hundred", "scale")
        if tok.word in lex.articles and scaled and not hard(toks[i + 1].gap):
            toks[i] = replace(tok, atom=Atom(1, "unit"))
    return toks


def _month(word: str, lang: str) -> Month | None:
    return number_rules(lang).words().months.get(word)


@dataclass(frozen=True)
class TargetDate:
    number: TargetNumber
    parts: tuple[int, ...]  # phrase indexes of the day, month and year numbers
    year_part: int | None  # phrase index of the year


class _DateFinder:
    """The dates of one target text, over its tokens and number phrases."""

    def __init__(self, text: str, toks: list[Tok], phrases: list[Phrase], lang: str) -> None:
        self.text, self.toks, self.phrases, self.lang = text, toks, phrases, lang
        self.at = {p.first: k for k, p in enumerate(phrases) if p.first == p.last}
        self.used: set[int] = set()
        self.dates: list[TargetDate] = []

    def day_phrase(self, k: int) -> Phrase | None:
        p = self.phrases[k]
        single = p.first == p.last and p.kind in ("digits", "ordinal")
        ok = single and isinstance(p.value, int) and 1 <= p.value <= 31 and k not in self.used
        return p if ok else None

    def year_after(self, tok: int) -> int | None:
        k = self.at.get(tok + 1)
        if k is None or k in self.used or not _YEAR_GAP.fullmatch(self.toks[tok + 1].gap):
            return None
        p = self.phrases[k]
        year_like = isinstance(p.value, int) and 1000 <= p.value <= 2200
        return k if p.kind == "digits" and year_like else None

    def add(self, day: int, month_tok: int, month: Month, parts: list[int]) -> None:
        toks, phrases = self.toks, self.phrases
        calendar, month_no = month
        d = phrases[day]
        year_k = self.year_after(max(month_tok, d.last))
        year = None
        if year_k is not None:
            year = int(phrases[year_k].value)
            parts.append(year_k)
        if not valid_date(calendar, year, month_no, int(d.value)):
            return
        ends = [toks[phrases[k].last].end for k in parts] + [toks[month_tok].end]
        starts = [toks[phrases[k].first].start for k in parts] + [toks[month_tok].start]
        start, end = min(starts), max(ends)
        day_date = CalendarDate(calendar, month_no, int(d.value), year)
        number = TargetNumber(d.value, "date", start, end, self.text[start:end], day_date)
        self.dates.append(TargetDate(number, tuple(parts), year_k))
        self.used.update(parts)

    def named_months(self) -> None:
        """14 Azar, 5 December 2025, the 5th of December, 5 декабря 2025 года; December 5,
        2025; Dec. 5."""
        toks = self.toks
        for k in range(len(self.phrases)):
            p = self.day_phrase(k)
            if p is None:
                continue
            mi = p.last + 1
            if word_at(toks, mi) == "of" and not hard(toks[mi].gap):
                mi += 1
            month = _month(word_at(toks, mi), self.lang)
            if month is not None and not hard(toks[mi].gap):
                self.add(k, mi, month, [k])
                continue
            mb = p.first - 1
            month = _month(word_at(toks, mb), self.lang) if mb >= 0 else None
            if month is not None and _ABBR_GAP.fullmatch(toks[p.first].gap):
                self.add(k, mb, month, [k])

    def numeric(self) -> None:
        """05.12.2025 and 2025-12-05."""
        toks, phrases, used = self.toks, self.phrases, self.used
        for k in range(len(phrases) - 2):
            a, b, c = phrases[k : k + 3]
            if {k, k + 1, k + 2} & used or not all(x.kind == "digits" for x in (a, b, c)):
                continue
            gaps = (toks[b.first].gap, toks[c.first].gap)
            values = (a.value, b.value, c.value)
            if not all(isinstance(v, int) for v in values):
                continue
            if gaps == (".", ".") and int(c.value) >= 1000:
                y, m, d = int(c.value), int(b.value), int(a.value)
            elif gaps == ("-", "-") and int(a.value) >= 1000:
                y, m, d = int(a.value), int(b.value), int(c.value)
            else:
                continue
            if not valid_date("gregorian", y, m, d):
                continue
            start, end = toks[a.first].start, toks[c.last].end
            number = TargetNumber(
                d, "date", start, end, self.text[start:end], CalendarDate("gregorian", m, d, y)
            )
            year_part = k + 2 if gaps[0] == "." else k
            self.dates.append(TargetDate(number, (k, k + 1, k + 2), year_part))
            used.update((k, k + 1, k + 2))


def _dates(text: str, toks: list[Tok], phrases: list[Phrase], lang: str) -> list[TargetDate]:
    finder = _DateFinder(text, toks, phrases, lang)
    finder.named_months()
    finder.numeric()
    return sorted(finder.dates, key=lambda d: d.number.start)


@dataclass(frozen=True)
class TargetAnalysis:
    numbers: list[TargetNumber]  # one per phrase, in phrase order
    dates: list[TargetDate]
    native: list[bool]  # per phrase: written with Persian or Arabic-Indic digits


def analyse_target(text: str, lang: str) -> TargetAnalysis:
    check_lang(lang)
    toks = _tokens(text, lang)
    phrases = scan(toks, lang)
    numbers = []
    native = []
    for p in phrases:
        start, end = toks[p.first].start, toks[p.last].end
        numbers.append(
            TargetNumber(p.value, p.kind, start, end, text[start:end], alternatives=p.alternatives)
        )
        native.append(any(t.native for t in toks[p.first : p.last + 1]))
    return TargetAnalysis(numbers, _dates(text, toks, phrases, lang), native)


def find_target_numbers(text: str, lang: str) -> list[TargetNumber]:
    """The numbers of a target text (``lang``: ``"en"``, ``"ru"``, ...), in text order.

    Dates come as entries of kind "date" besides the numbers they are made of.

    >>> [(n.value, n.kind) for n in find_target_numbers("the fifth of 20,000", "en")]
    [(5, 'ordinal'), (20000, 'digits')]
    """
    analysis = analyse_target(text, lang)
    found = analysis.numbers + [d.number for d in analysis.dates]
    return sorted(found, key=lambda n: (n.start, n.kind != "date"))
