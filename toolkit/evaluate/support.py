"""Whether a summary says only what its article says (``--method llm``: a summary a model
wrote in the target language). Every number, date, glossary term and name of the summary
must be supported by the Persian article; one that is not is an error finding.

The number check (:mod:`~toolkit.evaluate.checks.number`) asks the opposite question of a
translation, whether every source number reached the target; here a number of the summary
that the article lacks is the error, and a number of the article that the summary leaves out
is not (a summary leaves things out). The pieces are reused: the number readers of
:mod:`toolkit.text.numbers` with their date test, the glossary's source and target matchers.

* a number is supported by an article number of the same value (a Jalali year also by its
  Gregorian years); a date, by an article date that is that day in either calendar;
* a glossary term rendered in the summary, by its Persian in the article;
* a name (an English or Russian word written with a capital, not the first of its
  sentence, nor an acronym of two letters or a function word, nor the month of a date, nor
  a word of a glossary term reported already), by a rendering the article
  supports: a glossary or gazetteer entry (places, institutions, titles) found in the
  article, or the transliteration of one of the article's words; a word matches when one is
  the other's start (``Iranian``: ``Iran``; ``России``: ``Россия`` less its ending) or when
  they are spelled alike (similarity :data:`NAME_SIMILARITY`). A Persian summary has no
  capitals: its names are not checked.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, Literal

from toolkit.evaluate.checks import Finding, SupportDetail
from toolkit.glossary.model import Glossary
from toolkit.languages import is_source
from toolkit.text.numbers.calendar import reference_year_of, undated_years
from toolkit.text.numbers.check import date_renders
from toolkit.text.numbers.persian import analyse_source
from toolkit.text.numbers.target import analyse_target
from toolkit.text.numbers.values import (
    CalendarDate,
    FoundNumber,
    Number,
    same_value,
    values_of,
)
from toolkit.text.segment import segment

CHECK = "support"
SupportKind = Literal["number", "date", "term", "name"]
"""What :class:`~toolkit.evaluate.checks.SupportDetail` names."""
NAME_SIMILARITY = 0.8
"""How alike a name and a rendering the article supports must be spelled (difflib ratio,
case-folded): transliterations vary (Mohammad, Muhammad)."""
MIN_STEM = 4
"""The shortest start of a word that counts as the word (``Iran`` in ``Iranian``)."""

NOT_NAMES: dict[str, frozenset[str]] = {
    "en": frozenset(
        "i a an the of and in on at to for by with from as is are was were this that these "
        "those it its he she they we his her their our mr mrs ms dr "
        "monday tuesday wednesday thursday friday saturday sunday".split()
    ),
    "ru": frozenset(
        "в во на и с со к ко по о об от до за из у для при это этот эта эти он она они мы "
        "его ее её их г".split()
    ),
}
"""Words written with a capital that are no names, per language (case-folded)."""

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def check_summary(
    article: str, summary: str, lang: str, glossary: Glossary | None = None
) -> list[Finding]:
    """An error finding for each number, date, glossary term and name of ``summary`` (in
    ``lang``: ``en``, ``ru`` or ``fa``) that the Persian ``article`` does not support;
    ``segment`` is the summary's sentence (1-based), ``target_evidence`` the words."""
    support = _Article(article, glossary)
    findings: list[Finding] = []
    for sentence in segment(summary, lang):
        for kind, surface in _unsupported(sentence.text, lang, support):
            findings.append(
                Finding(
                    check=CHECK,
                    severity="error",
                    segment=sentence.index,
                    message=f"{MESSAGES[kind]} «{surface}» of the summary is not in the article",
                    target_evidence=surface,
                    detail=SupportDetail(kind, surface),
                )
            )
    return findings


MESSAGES: dict[str, str] = {
    "number": "the number",
    "date": "the date",
    "term": "the glossary term",
    "name": "the name",
}


class _Article:
    """What an article supports: its numbers and dates, its glossary terms, and the
    renderings of its names (built on first need)."""

    def __init__(self, text: str, glossary: Glossary | None) -> None:
        self.text = text
        self.glossary = glossary
        analysis = analyse_source(text)
        self.years = undated_years(reference_year_of(analysis.years))
        self.dates = [n.date for n in analysis.numbers if n.date is not None]
        self.values: list[tuple[Number, ...]] = [values_of(n) for n in analysis.numbers]
        for day in self.dates:  # a dated date's year stands as a number too
            if day.year is not None:
                extra = (day.year + 621, day.year + 622) if day.calendar == "jalali" else ()
                self.values.append((day.year, *extra))
        self._terms: frozenset[str] | None = None
        self._renderings: dict[str, tuple[str, ...]] = {}

    def has_number(self, number: FoundNumber) -> bool:
        return any(same_value(values_of(number), v) for v in self.values)

    def has_date(self, day: CalendarDate) -> bool:
        return any(date_renders(src, day, self.years) for src in self.dates)

    def terms(self) -> frozenset[str]:
        """The labels of the glossary terms the article has."""
        if self._terms is None:
            from toolkit.glossary.source import source_matcher

            found = source_matcher(self.glossary).find(self.text) if self.glossary else []
            self._terms = frozenset(m.term.label for m in found)
        return self._terms

    def renderings(self, lang: str) -> tuple[str, ...]:
        """Case-folded words of what the article's names may be written as in ``lang``."""
        if lang not in self._renderings:
            self._renderings[lang] = tuple(sorted(_name_words(self.text, self.glossary, lang)))
        return self._renderings[lang]


def _unsupported(sentence: str, lang: str, article: _Article) -> list[tuple[SupportKind, str]]:
    out: list[tuple[SupportKind, str]] = []
    out += _numbers(sentence, lang, article)
    terms = _terms(sentence, lang, article)
    out += terms
    if lang in NOT_NAMES:
        # a word of a term already reported is not reported again as a name, nor is a
        # month of a date (the date is checked as a date)
        reported = {w for _, surface in terms for w in _WORD.findall(surface)}
        for d in analyse_target(sentence, lang).dates:
            reported.update(_WORD.findall(d.number.surface))
        out += [
            ("name", w)
            for w in names_of(sentence, lang)
            if w not in reported and not _known(w, article, lang)
        ]
    return out


def _numbers(sentence: str, lang: str, article: _Article) -> list[tuple[SupportKind, str]]:
    """The summary sentence's dates and numbers that the article lacks; a date's own
    numbers (its day, its year) are the date's."""
    out: list[tuple[SupportKind, str]] = []
    if is_source(lang):
        for n in analyse_source(sentence).numbers:
            if n.date is not None:
                if not article.has_date(n.date):
                    out.append(("date", n.surface))
            elif not article.has_number(n):
                out.append(("number", n.surface))
        return out
    analysis = analyse_target(sentence, lang)
    taken: set[int] = set()
    for d in analysis.dates:
        taken.update(d.parts)
        if d.number.date is not None and not article.has_date(d.number.date):
            out.append(("date", d.number.surface))
    for k, t in enumerate(analysis.numbers):
        if k not in taken and not article.has_number(t):
            out.append(("number", t.surface))
    return out


def _terms(sentence: str, lang: str, article: _Article) -> list[tuple[SupportKind, str]]:
    """Glossary terms rendered in the sentence whose Persian the article lacks."""
    if article.glossary is None:
        return []
    out: list[tuple[SupportKind, str]] = []
    if is_source(lang):
        from toolkit.glossary.source import source_matcher

        for m in source_matcher(article.glossary).find(sentence):
            if m.term.label not in article.terms():
                out.append(("term", m.surface))
        return out
    from toolkit.glossary.target import target_matcher

    matcher = target_matcher(lang)
    for term in article.glossary.terms:
        if term.label in article.terms() or not term.get(lang):
            continue
        out += [("term", m.surface) for m in matcher.find(sentence, term)]
    return out


def names_of(sentence: str, lang: str) -> list[str]:
    """The words of an English or Russian sentence that may be names: written with a
    capital, not the sentence's first word, not a function word, not an acronym of two
    letters or fewer; in order, each once."""
    words = list(_WORD.finditer(sentence))
    out: list[str] = []
    for k, m in enumerate(words):
        word = m.group()
        if k == 0 or not word[0].isupper() or word.casefold() in NOT_NAMES[lang]:
            continue
        if word.isupper() and len(word) <= 2:
            continue
        if word not in out:
            out.append(word)
    return out


def _known(word: str, article: _Article, lang: str) -> bool:
    return name_supported(word, article.renderings(lang))


def name_supported(word: str, renderings: Sequence[str]) -> bool:
    """Whether ``word`` is one of ``renderings`` (case-folded words): the same, one the
    other's start (at least :data:`MIN_STEM` letters; the word's last letter may be an
    ending), or, both longer than :data:`MIN_STEM` letters, spelled alike."""
    w = word.casefold()
    stem = w[:-1] if len(w) > MIN_STEM else w
    for r in renderings:
        if w == r:
            return True
        if len(r) >= MIN_STEM and w.startswith(r):
            return True
        if len(stem) >= MIN_STEM and r.startswith(stem):
            return True
        if min(len(w), len(r)) > MIN_STEM and (
            difflib.SequenceMatcher(None, w, r).ratio() >= NAME_SIMILARITY
        ):
            return True
    return False


def _name_words(text: str, glossary: Glossary | None, lang: str) -> set[str]:
    """Case-folded words of every rendering the article supports in ``lang``: the glossary's
    and the gazetteer's entries found in it, and its words transliterated."""
    from toolkit.glossary.gazetteer import gazetteer
    from toolkit.glossary.source import source_matcher

    words: set[str] = set()
    for source in (glossary, gazetteer()):
        if source is None:
            continue
        for m in source_matcher(source).find(text):
            for variant in m.term.get(lang):
                words.update(w.casefold() for w in _WORD.findall(variant))
    for word in set(_WORD.findall(text)):
        words.update(w.casefold() for w in _WORD.findall(_transliterated(word, lang)))
    return words


@lru_cache(maxsize=8192)
def _transliterated(word: str, lang: str) -> str:
    from toolkit.text.translit import transliterate

    return transliterate(word, lang).text


def summary_findings(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """The findings as ``report.json`` and ``summarize --format json`` write them."""
    return [
        {
            "check": f.check,
            "severity": f.severity,
            "sentence": f.segment,
            "message": f.message,
            "evidence": f.target_evidence,
            **f.detail.to_dict(),
        }
        for f in findings
    ]
