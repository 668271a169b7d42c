"""English: a target language, and the pivot of one-direction model chains."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from toolkit.languages import hook
from toolkit.languages.base import Language, NameSpelling, Numbers, NumberWords, read_json

_SPACES = " \u00a0\u202f\u2009"
_FUNCTION_WORDS = frozenset(
    "the a an of and to in on for with at by from 's ’s its their his her our this these "
    "that those after before about between during into over under through as or but "
    "than".split()
)


def stem(word: str) -> str:
    """One plural ending off (``ministries`` -> ``ministry``), a stem of 3+ letters kept."""
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and len(word) - 1 >= 3:
        return word[:-1]
    return word


@functools.lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """The word, without a possessive, and the singular of a plural noun (lower case)."""
    low = word.lower().replace("ё", "е").replace("’", "'")
    out = {low}
    if low.endswith("'s"):
        low = low[:-2]
        out.add(low)
    single = hook("toolkit.glossary.target:english_singular")(low)
    if single:
        out.add(single)
    return frozenset(out)


def is_function_word(word: str) -> bool:
    return word.lower() in _FUNCTION_WORDS


def head(words: Sequence[str]) -> int:
    """The word before the first preposition (``memoranda of understanding``)."""
    index: int = hook("toolkit.glossary.agree:english_head")(list(words))
    return index


def noun_forms(words: Sequence[str]) -> tuple[str, ...]:
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
def number_words() -> NumberWords:
    """``data/en.json``, with the ordinals a rule derives (``twentieth``, ``thousandth``)."""
    from toolkit.text.numbers.tokens import Atom

    data = read_json("toolkit.languages", "en.json")
    atoms: dict[str, Atom] = {}
    for value, (word, ordinal) in enumerate(zip(data["units"], data["unit_ordinals"], strict=True)):
        atoms[word] = Atom(value, "unit")
        atoms[ordinal] = Atom(value, "unit", ordinal=True)
    for value, word in enumerate(data["tens"], start=2):
        atoms[word] = Atom(value * 10, "tens")
        atoms[word[:-1] + "ieth"] = Atom(value * 10, "tens", ordinal=True)  # twentieth
    atoms[data["hundred"]] = Atom(100, "hundred")
    atoms[data["hundred"] + "th"] = Atom(100, "hundred", ordinal=True)
    for word, value in data["scales"].items():
        atoms[word] = Atom(value, "scale")
        if len(word) > 3:  # thousandth, millionth; not "mlnth"
            atoms[word + "th"] = Atom(value, "scale", ordinal=True)
    for word, value in data["ordinal_adverbs"].items():
        atoms[word] = Atom(value, "unit", ordinal=True)
    for word, value in data["counts"].items():
        atoms[word] = Atom(value, "unit")
    atoms[data["half"]] = Atom(0.5, "half")
    months = {w: (cal, m) for cal, table in data["months"].items() for w, m in table.items()}
    return NumberWords(
        atom=atoms.get,
        months=months,
        ordinal_suffixes=frozenset(data["ordinal_suffixes"]),
        articles=frozenset(data["articles"]),
    )


LANGUAGE = Language(
    code="en",
    name="English",
    script="Latin",
    nllb="eng_Latn",
    m2m100="en",
    marian=(">>eng<<", ">>en<<"),
    marian_names=("en", "eng"),
    target=True,
    pivot=True,
    expected_ratio=1.35,
    stopwords=frozenset(
        "the of and to in is was for that on with by as at from are has have it be this "
        "which said will an".split()
    ),
    stem=stem,
    matcher="toolkit.glossary.target:EnglishMatcher",
    lemmas=lemmas,
    is_function_word=is_function_word,
    head=head,
    fitting_forms="toolkit.glossary.agree:english_fitting_forms",
    placed_forms="toolkit.glossary.agree:english_placed_forms",
    fit_neighbours="toolkit.glossary.agree:english_neighbours",
    grammar_words=frozenset({"a", "an", "the", "'s", "’s"}),
    rendering_number="toolkit.evaluate.checks.term_number:english_rendering_number",
    shows_number="toolkit.evaluate.checks.term_number:english_shows_number",
    numbers=Numbers(
        words=number_words,
        thousands=frozenset(",." + _SPACES),
        decimals=frozenset("."),
        thousands_first=frozenset(","),
        conjunction="and",
        conjunction_after_words=True,
        halves=(("and", "a", "half"),),
    ),
    noun_forms=noun_forms,
    spelling=NameSpelling(),
)
