"""The counted-noun lexicon (``data/counted.json``): nouns that numbers count in news, found
in Persian, English and Russian text.

``lexicon_counted(source, target, lang)`` gives a :class:`Counted` for each lexicon noun of
the source segment, with its occurrences in both texts. The number check uses them to see
that a number stays with its noun; the evaluator adds the glossary's terms.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

from toolkit.text.morph import russian_morph
from toolkit.text.normalize import MatchKey, key_of, match_key
from toolkit.text.numbers.values import Counted, Span

_RU_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Noun:
    label: str
    fa: tuple[str, ...]  # matching keys
    en: tuple[str, ...]  # lower-case forms, plurals included
    ru: frozenset[str]  # dictionary forms
    after: tuple[str, ...]  # symbols after a number: 20%
    before: tuple[str, ...]  # symbols before a number: $5


@dataclass(frozen=True)
class NounLexicon:
    nouns: tuple[Noun, ...]
    fa_endings: tuple[str, ...]  # matching keys, longest first
    classifiers: frozenset[str]  # matching keys: ۲۰ فقره قرارداد


def _english_forms(words: list[str]) -> tuple[str, ...]:
    """Each word with its regular plural: contract(s), company/companies, tax(es)."""
    forms = []
    for word in words:
        forms.append(word)
        if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
            forms.append(word[:-1] + "ies")
        elif word.endswith(("s", "x", "ch", "sh")):
            forms.append(word + "es")
        elif not word.endswith("a"):  # memoranda is already plural
            forms.append(word + "s")
    return tuple(dict.fromkeys(forms))


@functools.cache
def noun_lexicon() -> NounLexicon:
    path = resources.files("toolkit.text.numbers").joinpath("data", "counted.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    nouns = tuple(
        Noun(
            label=entry["label"],
            fa=tuple(key_of(w) for w in entry["fa"]),
            en=_english_forms(entry["en"]),
            ru=frozenset(entry["ru"]),
            after=tuple(entry.get("after", ())),
            before=tuple(entry.get("before", ())),
        )
        for entry in data["nouns"]
    )
    endings = sorted((key_of(w) for w in data["fa_endings"]), key=len, reverse=True)
    classifiers = frozenset(key_of(w) for w in data["fa_classifiers"]["words"])
    return NounLexicon(nouns, tuple(endings), classifiers)


def _persian_spans(mk: MatchKey, noun: Noun, endings: tuple[str, ...]) -> list[Span]:
    """Whole-word occurrences of the noun, with a plural or ezafe ending (قراردادهای)."""
    key = mk.key
    spans = []
    for word in noun.fa:
        start = key.find(word)
        while start >= 0:
            end = start + len(word)
            if mk.is_word_start(start):
                if not mk.is_word_end(end):
                    ending = next((e for e in endings if key.startswith(e, end)), "")
                    end = end + len(ending) if ending else -1
                if end > 0 and mk.is_word_end(end):
                    spans.append(mk.span(start, end))
            start = key.find(word, start + 1)
    return spans


@functools.lru_cache(maxsize=1)
def _english_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    owner = {form: noun.label for noun in noun_lexicon().nouns for form in noun.en}
    alternation = "|".join(re.escape(f) for f in sorted(owner, key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])", re.IGNORECASE), owner


@functools.lru_cache(maxsize=16384)
def _russian_lemmas(word: str) -> frozenset[str]:
    parses = russian_morph().parse(word)
    return frozenset({word, *(p.normal_form.replace("ё", "е") for p in parses)})


def _target_spans(text: str, lang: str) -> dict[str, list[Span]]:
    """The lexicon nouns of an English or Russian text: label -> spans."""
    found: dict[str, list[Span]] = {}
    if lang == "en":
        pattern, owner = _english_pattern()
        for m in pattern.finditer(text):
            found.setdefault(owner[m.group().lower()], []).append(m.span())
        return found
    by_lemma = {lemma: noun.label for noun in noun_lexicon().nouns for lemma in noun.ru}
    for m in _RU_WORD.finditer(text):
        for lemma in _russian_lemmas(m.group().lower().replace("ё", "е")):
            if lemma in by_lemma:
                found.setdefault(by_lemma[lemma], []).append(m.span())
                break
    return found


def _symbols(text: str, symbols: tuple[str, ...]) -> list[Span]:
    spans: list[Span] = []
    for symbol in symbols:
        word = symbol.isalpha()
        pattern = (r"(?<![^\W\d_])" if word else "") + re.escape(symbol)
        pattern += r"(?![^\W\d_])" if word else ""
        spans.extend(m.span() for m in re.finditer(pattern, text))
    return spans


def lexicon_counted(source: str, target: str, lang: str) -> list[Counted]:
    """The lexicon nouns that occur in the Persian ``source``, with their occurrences in
    both texts (symbols included: ``٪``, ``%``, ``$``)."""
    lex = noun_lexicon()
    mk = match_key(source)
    in_target: dict[str, list[Span]] | None = None
    out = []
    for noun in lex.nouns:
        source_spans = _persian_spans(mk, noun, lex.fa_endings)
        source_spans += _symbols(source, tuple(s for s in noun.after if not s.isalpha()))
        if not source_spans:
            continue
        if in_target is None:
            in_target = _target_spans(target, lang)
        target_spans = in_target.get(noun.label, []) + _symbols(target, noun.after)
        out.append(
            Counted(
                noun.label,
                tuple(sorted(source_spans)),
                tuple(sorted(target_spans)),
                tuple(sorted(_symbols(target, noun.before))),
            )
        )
    return out


def classifier_gap(gap: str) -> bool:
    """Whether the Persian text between a number and its noun is blank or one counter word
    (``۲۰ فقره قرارداد``)."""
    words = gap.replace("\u200c", " ").split()
    if not words:
        return True
    return len(words) == 1 and key_of(words[0]) in noun_lexicon().classifiers
