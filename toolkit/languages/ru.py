"""Russian: a target language, inflected (pymorphy3 for lemmas, forms and number words)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from toolkit.languages.base import (
    NEWS_ABBREVIATIONS,
    Language,
    NameSpelling,
    Numbers,
    NumberWords,
    read_json,
)

if TYPE_CHECKING:
    from toolkit.text.numbers.tokens import Atom

_SPACES = " \u00a0\u202f\u2009"
_HYPHENS = "-\u2010\u2011\u2012\u2013"
# Sounds of Persian names (news romanization) -> Russian media spelling.
_SOUNDS = {
    "b": "б", "p": "п", "t": "т", "s": "с", "j": "дж", "ch": "ч", "h": "х", "kh": "х",
    "d": "д", "z": "з", "r": "р", "zh": "ж", "sh": "ш", "gh": "г", "f": "ф", "k": "к",
    "g": "г", "l": "л", "m": "м", "n": "н", "v": "в", "y": "й",
    "a": "а", "ou": "у", "i": "и", "e": "е", "o": "о", "eh": "е", "ei": "и",
}  # fmt: skip
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ"})
_SUFFIXES = tuple(
    sorted(
        """ами ями ого его ому ему ыми ими ах ях ов ев ей ой ый ий ая яя ое ее ую юю ом ем ам ям
        ых их ы и а я о е у ю ь""".split(),
        key=len,
        reverse=True,
    )
)


def stem(word: str) -> str:
    """One case or number ending off, a stem of 4+ letters kept."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _morph() -> Any:
    from toolkit.text.morph import russian_morph

    return russian_morph()


@functools.lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """The word (lower case, ё as е) and every pymorphy3 normal form of it."""
    low = word.lower().replace("ё", "е").replace("’", "'")
    return frozenset({low} | {p.normal_form.replace("ё", "е") for p in _morph().parse(low)})


def is_function_word(word: str) -> bool:
    parses = _morph().parse(word.lower())
    return bool(parses) and parses[0].tag.POS in _FUNCTION_POS


def head(words: Sequence[str]) -> int:
    """The first noun that is not a function word (pymorphy also reads «в» as a noun), else
    the first word that is not one."""
    content = [i for i, w in enumerate(words) if not is_function_word(w)]
    morph = _morph()
    for i in content:
        if any(p.tag.POS == "NOUN" for p in morph.parse(words[i].lower())):
            return i
    return content[0] if content else 0


@functools.lru_cache(maxsize=16384)
def _atom(word: str) -> Atom | None:
    from toolkit.text.numbers.tokens import Atom, cls_of

    data = _data()
    if word in data.scales:
        return Atom(data.scales[word], "scale")
    if word in data.cardinals:
        return Atom(data.cardinals[word], cls_of(data.cardinals[word]))
    if not word.isalpha() or len(word) < 2:
        return None
    for parse in _morph().parse(word):
        normal = parse.normal_form.replace("ё", "е")
        if normal in data.scales and "NOUN" in parse.tag:
            return Atom(data.scales[normal], "scale")
        if normal in data.cardinals and ("NUMR" in parse.tag or "Anum" in parse.tag):
            value = data.cardinals[normal]
            return Atom(value, cls_of(value))
        if normal in data.ordinals and "Anum" in parse.tag:
            value = data.ordinals[normal]
            return Atom(value, cls_of(value), ordinal=True)
    for stem_, value in data.compound_stems:
        if word.startswith(stem_) and word.startswith(data.compound_heads, len(stem_)):
            return Atom(value, "compound")  # пятилетний: 5, and a phrase of its own
    return None


class _Lexicon:
    """``data/ru.json``: number words by dictionary form, read once."""

    def __init__(self) -> None:
        data = read_json("toolkit.languages", "ru.json")
        self.cardinals: dict[str, int | float] = dict(data["cardinals"])
        self.scales: dict[str, int] = dict(data["scales"])
        self.ordinals: dict[str, int] = dict(data["ordinals"])
        self.months = {
            w: (cal, m) for cal, table in data["months"].items() for w, m in table.items()
        }
        self.ordinal_suffixes = frozenset(data["ordinal_suffixes"])
        stems = data["compounds"]["stems"].items()  # longest first: пятидесяти before пяти
        self.compound_stems = tuple(sorted(stems, key=lambda kv: len(kv[0]), reverse=True))
        self.compound_heads = tuple(data["compounds"]["heads"])  # пяти + летний


@functools.cache
def _data() -> _Lexicon:
    return _Lexicon()


@functools.cache
def number_words() -> NumberWords:
    """Every case of every number word, through pymorphy3 (``пяти``, ``двух``)."""
    data = _data()
    return NumberWords(atom=_atom, months=data.months, ordinal_suffixes=data.ordinal_suffixes)


LANGUAGE = Language(
    code="ru",
    name="Russian",
    script="Cyrillic",
    nllb="rus_Cyrl",
    m2m100="ru",
    marian=(">>rus<<", ">>ru<<"),
    marian_names=("ru", "rus"),
    target=True,
    expected_ratio=1.45,
    stopwords=frozenset("и в не на что с по это как из за от для о к у же".split()),
    abbreviations=NEWS_ABBREVIATIONS
    | frozenset(
        """г гг т.е т.д т.п т.к т.н др им ул пр д кв стр млн млрд тыс руб коп см напр проф акад
        ген полк св англ рус н.э ок пер с в""".split()
    ),
    initials=True,
    stem=stem,
    matcher="toolkit.glossary.target:RussianMatcher",
    lemmas=lemmas,
    is_function_word=is_function_word,
    head=head,
    fitting_forms="toolkit.glossary.agree:russian_fitting_forms",
    placed_forms="toolkit.glossary.agree:russian_placed_forms",
    fit_neighbours="toolkit.glossary.agree:russian_neighbours",
    fit_before="toolkit.glossary.agree:o_ob",
    grammar_words=frozenset({"о", "об"}),
    rendering_number="toolkit.evaluate.checks.term_number:russian_rendering_number",
    shows_number="toolkit.evaluate.checks.term_number:russian_shows_number",
    numbers=Numbers(
        words=number_words,
        thousands=frozenset(",." + _SPACES),
        decimals=frozenset(",."),
        halves=(("с", "половиной"),),
        ordinal_gaps=frozenset(_HYPHENS),
    ),
    nouns_by_lemma=True,
    spelling=NameSpelling(
        sounds=_SOUNDS,
        initial={"е": "э"},
        joins=(("йа", "я"), ("йу", "ю")),
    ),
)
