"""The counted-noun lexicon (``data/counted.json``): nouns that numbers count in news, found
in Persian text and in a target text (each entry lists each target language's words; the
language's module says how they are found: by form or by lemma).

``lexicon_counted(source, target, lang)`` gives a :class:`Counted` for each lexicon noun of
the source segment, with its occurrences in both texts. The number check uses them to see
that a number stays with its noun; the evaluator adds the glossary's terms.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from toolkit.languages import get
from toolkit.text.normalize import MatchKey, key_of, match_key
from toolkit.text.numbers.values import Counted, Span

_TARGET_WORD = re.compile(r"[^\W\d_]+")
# Keys of a counted.json entry that are not a target language's words.
_NOT_LANGUAGES = frozenset({"label", "fa", "after", "before"})


@dataclass(frozen=True)
class Noun:
    label: str
    fa: tuple[str, ...]  # matching keys
    words: Mapping[str, tuple[str, ...]]  # target language -> its words (dictionary forms)
    after: tuple[str, ...]  # symbols after a number: 20%
    before: tuple[str, ...]  # symbols before a number: $5


@dataclass(frozen=True)
class NounLexicon:
    nouns: tuple[Noun, ...]
    fa_endings: tuple[str, ...]  # matching keys, longest first
    classifiers: frozenset[str]  # matching keys: ۲۰ فقره قرارداد


@functools.cache
def noun_lexicon() -> NounLexicon:
    path = resources.files("toolkit.text.numbers").joinpath("data", "counted.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    nouns = tuple(
        Noun(
            label=entry["label"],
            fa=tuple(key_of(w) for w in entry["fa"]),
            words={
                lang: tuple(words)
                for lang, words in entry.items()
                if lang not in _NOT_LANGUAGES and isinstance(words, list)
            },
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


@functools.lru_cache(maxsize=16)
def _forms_pattern(lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """Every form of the lexicon nouns in ``lang`` as one whole-word pattern; form -> label."""
    forms = get(lang).noun_forms
    owner = {
        form.lower(): noun.label
        for noun in noun_lexicon().nouns
        for form in forms(noun.words.get(lang, ()))
    }
    if not owner:
        return re.compile(r"(?!)"), owner
    alternation = "|".join(re.escape(f) for f in sorted(owner, key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])", re.IGNORECASE), owner


def _target_spans(text: str, lang: str) -> dict[str, list[Span]]:
    """The lexicon nouns of a target text: label -> spans; by form, or by lemma where the
    language says so (Russian)."""
    found: dict[str, list[Span]] = {}
    spec = get(lang)
    if not spec.nouns_by_lemma:
        pattern, owner = _forms_pattern(lang)
        for m in pattern.finditer(text):
            found.setdefault(owner[m.group().lower()], []).append(m.span())
        return found
    by_lemma = {
        lemma: noun.label for noun in noun_lexicon().nouns for lemma in noun.words.get(lang, ())
    }
    for m in _TARGET_WORD.finditer(text):
        for lemma in spec.lemmas(m.group()):
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
