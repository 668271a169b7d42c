"""Russian term matching: every case and number of the whole term with agreement, generated
with pymorphy3 (adjectives before the head noun agree with it; words after it keep their
form: ``Министерство связи`` → ``Министерства связи``); hyphenated compounds
(``ИКТ-компании``); forms that are really a function word (``после`` as a form of ``посол``)
are not used for one-word terms, so they never match by accident.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from typing import Any

from toolkit.glossary.model import Term
from toolkit.glossary.target.base import TargetMatcher, _is_acronym, _restore_case
from toolkit.glossary.target.prefilter import TermKeys, first_keys, literal_keys
from toolkit.text.morph import russian_morph

_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_NUMBERS = ("sing", "plur")
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "ADVB", "NPRO", "PRED", "INTJ", "COMP"})
_RU_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _guess_name_forms(word: str) -> list[str]:
    """Case forms of a foreign personal name pymorphy does not know (Мейсам -> Мейсама ...)."""
    low = word.lower()
    if low[-1:] in "иоуеэю":
        return [word]
    if low.endswith("а"):
        stem = word[:-1]
        return [word, stem + "ы", stem + "е", stem + "у", stem + "ой", stem + "и"]
    if low.endswith("й"):
        stem = word[:-1]
        return [word, stem + "я", stem + "ю", stem + "ем", stem + "е"]
    return [word, word + "а", word + "у", word + "ом", word + "е"]


class RussianMatcher(TargetMatcher):
    lang = "ru"

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - one matcher per process
    def _slots(self, variant: str, person: bool) -> tuple[tuple[str, ...], ...] | None:
        """Per case/number, the whole phrase; returned as a tuple of phrase forms."""
        words = variant.split()
        if not words:
            return None
        if person:
            per_word = [self._name_forms(w) for w in words]
            return tuple(per_word)
        forms = plain_phrase_forms(variant)
        return (tuple(dict.fromkeys(f.text for f in forms)),)

    @staticmethod
    def _inflect_last_part(model: str, form: str) -> str:
        if "-" in model:
            prefix = model.rsplit("-", 1)[0]
            return prefix + "-" + _restore_case(model.rsplit("-", 1)[1], form)
        return _restore_case(model, form)

    @staticmethod
    def _find_head(words: list[str]) -> tuple[int, Any]:
        for i, word in enumerate(words):
            last = word.rsplit("-", 1)[-1]
            if _is_acronym(last) or not last.isalpha():
                if i == 0:
                    return i, None
                continue
            parses = _parses(last)
            for parse in parses:
                tag = parse.tag
                if tag.POS == "NOUN" and tag.case == "nomn" and (tag.number in ("sing", "plur")):
                    return i, parse
            if not any(p.tag.POS in ("ADJF", "PRTF") for p in parses):
                return i, None
        return 0, None

    @staticmethod
    def _agree(morph: Any, word: str, head: Any, case: str, number: str) -> str | None:
        candidates = [
            p for p in morph.parse(word) if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "nomn"
        ]
        if not candidates:
            return word  # not an adjective (e.g. a number or a name): keep it
        grammemes = {case, number}
        if number == "sing" and head.tag.gender:
            grammemes.add(head.tag.gender)
        if case == "accs" and (number == "plur" or head.tag.gender == "masc"):
            grammemes.add(head.tag.animacy or "inan")
        form = candidates[0].inflect(grammemes)
        if form is None:
            return None
        return _restore_case(word, form.word)

    @staticmethod
    def _name_forms(word: str) -> tuple[str, ...]:
        """Every case form of one word of a person's name, the word itself first."""
        return tuple(dict.fromkeys([word, *_person_word_forms(word).values()]))

    def _phrase_forms(self, variant: str, term: Term) -> _RussianForms:
        person = term.domain == "person"
        slots = self._slots(variant, person)
        if slots is None:
            return _RussianForms(phrases=(variant,))
        if person:
            return _RussianForms(per_word=slots)
        phrases = list(dict.fromkeys((variant, *slots[0])))
        if _coordinated(variant) is not None:  # «связи и информационных технологий»
            phrases = list(
                dict.fromkeys([*phrases, *(f.text for f in russian_phrase_forms(variant, term))])
            )
        if len(variant.split()) == 1:
            phrases = [p for p in phrases if p == variant or not self._is_function_word(p)]
        return _RussianForms(phrases=tuple(phrases))

    @staticmethod
    @functools.lru_cache(maxsize=65536)
    def _is_function_word(form: str) -> bool:
        parses = russian_morph().parse(form)
        return bool(parses) and parses[0].tag.POS in _FUNCTION_POS

    def forms(self, variant: str, term: Term) -> tuple[str, ...]:
        found = self._phrase_forms(variant, term)
        if found.per_word:
            # A person's name: each word declines on its own, in the same case.
            slots = found.per_word
            width = max(len(s) for s in slots)
            out = [" ".join(s[min(k, len(s) - 1)] for s in slots) for k in range(width)]
            return tuple(dict.fromkeys([variant, *out]))
        return found.phrases

    def keys(self, variant: str, term: Term) -> TermKeys:
        """The words after the head noun, which keep their form («связи» in «Министерство
        связи»); else the first word of each form (which costs the forms, pymorphy's
        inflection of the whole phrase)."""
        words = variant.split()
        if words and term.domain != "person" and _coordinated(variant) is None:
            head, parse = self._find_head(words)
            if parse is not None:
                fixed = literal_keys(words[head + 1 :])
                if fixed:
                    return TermKeys(all_of=fixed)
        found = self._phrase_forms(variant, term)
        if found.per_word:
            return TermKeys(any_of=first_keys(found.per_word[0]))
        return TermKeys(any_of=first_keys(found.phrases))

    def find_variant(self, text: str, variant: str, term: Term) -> list[tuple[int, int]]:
        found = self._phrase_forms(variant, term)
        tokens = [(m.start(), m.end(), _fold(m.group())) for m in _RU_TOKEN.finditer(text)]
        words = [t[2] for t in tokens]
        spans: list[tuple[int, int]] = []
        if found.per_word:
            sequences = [frozenset(_fold(w) for w in slot) for slot in found.per_word]
            n = len(sequences)
            for i in range(len(words) - n + 1):
                if all(words[i + k] in sequences[k] for k in range(n)):
                    spans.append((tokens[i][0], tokens[i + n - 1][1]))
            return spans
        targets = {tuple(_RU_TOKEN.findall(_fold(p))) for p in found.phrases}
        for target in targets:
            n = len(target)
            if not n:
                continue
            for i in range(len(words) - n + 1):
                if words[i] == target[0] and tuple(words[i : i + n]) == target:
                    spans.append((tokens[i][0], tokens[i + n - 1][1]))
        return sorted(set(spans))


@dataclass(frozen=True)
class _RussianForms:
    """Either whole-phrase forms, or (for a person's name) the forms of each word."""

    phrases: tuple[str, ...] = ()
    per_word: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class RussianForm:
    """One inflected form of a Russian term, with its grammar (for substitution)."""

    text: str
    case: str
    number: str
    gender: str | None = None


_GUESSED_CASES = {
    "а": ("nomn", "gent", "datv", "accs", "ablt", "loct"),
    "й": ("nomn", "gent", "datv", "ablt", "loct"),
    "": ("nomn", "gent", "datv", "ablt", "loct"),
}


@functools.lru_cache(maxsize=65536)
def _parses(word: str) -> tuple[Any, ...]:
    """pymorphy3's analyses of one word (a termbase repeats its head nouns)."""
    return tuple(russian_morph().parse(word))


def _person_word_forms(word: str) -> dict[str, str]:
    """Case -> form of one word of a person's name (singular)."""
    morph = russian_morph()
    for parse in morph.parse(word):
        tag = parse.tag
        if (
            tag.POS == "NOUN"
            and tag.case == "nomn"
            and tag.number == "sing"
            and ({"Name", "Surn", "Patr", "Geox"} & set(tag.grammemes))
        ):
            if "Fixd" in tag.grammemes:
                return dict.fromkeys(_CASES, word)
            out = {}
            for case in _CASES:
                f = parse.inflect({case, "sing"})
                out[case] = _restore_case(word, f.word) if f is not None else word
            return out
    guessed = _guess_name_forms(word)
    if len(guessed) == 1:
        return dict.fromkeys(_CASES, word)
    ending = word.lower()[-1:] if word.lower()[-1:] in ("а", "й") else ""
    out = dict(zip(_GUESSED_CASES[ending], guessed, strict=False))
    out.setdefault("accs", out["gent"])  # a man's name: accusative = genitive
    return {case: out.get(case, word) for case in _CASES}


def _nominative(word: str) -> bool:
    return any(
        p.tag.case == "nomn" and p.tag.POS in ("NOUN", "ADJF", "PRTF")
        for p in russian_morph().parse(word)
    )


def _coordinated(variant: str) -> list[str] | None:
    """The conjuncts of a coordinated term («связь и информационные технологии»), or None.

    «и» coordinates at the top level only when the words on both sides of it can be
    nominative: in «Министерство связи и информационных технологий» the second conjunct is
    a genitive complement of «Министерство», and only the head declines.
    """
    parts = re.split(r"\s+и\s+", variant)
    if len(parts) < 2:
        return None
    for left, right in itertools.pairwise(parts):
        if not (_nominative(left.split()[-1]) and _nominative(right.split()[0])):
            return None
    return parts


def _coordinated_forms(conjuncts: list[str], term: Term) -> tuple[RussianForm, ...]:
    """Each conjunct in the same case, keeping its own number (связь — sg, технологии — pl):
    «связи и информационных технологий»."""
    per_case: list[dict[str, str]] = []
    for conjunct in conjuncts:
        forms = russian_phrase_forms(conjunct, term)
        own = next(
            (f.number for f in forms if f.text == conjunct and f.case == "nomn"), forms[0].number
        )
        by_case: dict[str, str] = {}
        for f in forms:
            if f.number == own:
                by_case.setdefault(f.case, f.text)
        per_case.append(by_case)
    number = next((f.number for f in russian_phrase_forms(conjuncts[0], term)), "sing")
    out = []
    for case in _CASES:
        if all(case in c for c in per_case):
            out.append(RussianForm(" и ".join(c[case] for c in per_case), case, number))
    return tuple(out)


@functools.lru_cache(maxsize=8192)
def russian_phrase_forms(variant: str, term: Term) -> tuple[RussianForm, ...]:
    """Every case/number form of a Russian variant, tagged with its grammar.

    The same forms :class:`RussianMatcher` accepts, in the same order (nominative singular
    first); a person's name declines word by word; an adjective-only term in every gender.
    """
    words = variant.split()
    if not words:
        return ()
    conjuncts = _coordinated(variant) if term.domain != "person" else None
    if conjuncts is not None:
        return _coordinated_forms(conjuncts, term)
    if term.domain == "person":
        per_word = [_person_word_forms(w) for w in words]
        return tuple(
            RussianForm(" ".join(f[case] for f in per_word), case, "sing") for case in _CASES
        )
    return plain_phrase_forms(variant)


@functools.lru_cache(maxsize=8192)
def plain_phrase_forms(variant: str) -> tuple[RussianForm, ...]:
    """The case/number forms of a phrase that is neither a name nor coordinated: the head
    noun declines, adjectives before it agree, words after it keep their form
    («Министерство связи» → «Министерства связи»); an adjective-only phrase in every gender
    (the accusative both animate and inanimate)."""
    words = variant.split()
    if not words:
        return ()
    morph = russian_morph()
    head, head_parse = RussianMatcher._find_head(words)
    out: list[RussianForm] = []
    if head_parse is None:
        parses = []
        for word in words:
            found = [
                p
                for p in morph.parse(word)
                if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "nomn"
            ]
            if not found:
                return (RussianForm(variant, "nomn", "sing"),)
            parses.append(found[0])
        for number, gender in (
            ("sing", "masc"),
            ("sing", "femn"),
            ("sing", "neut"),
            ("plur", None),
        ):
            for case in _CASES:
                animacies = ("inan", "anim") if case == "accs" else (None,)
                for animacy in animacies:
                    grammemes = {case, number} | ({gender} if gender else set())
                    if animacy and (number == "plur" or gender == "masc"):
                        grammemes.add(animacy)
                    forms = [p.inflect(grammemes) for p in parses]
                    if all(f is not None for f in forms):
                        text = " ".join(
                            _restore_case(w, f.word) for w, f in zip(words, forms, strict=True)
                        )
                        out.append(RussianForm(text, case, number, gender))
        return tuple(out)
    gender = str(head_parse.tag.gender) if head_parse.tag.gender else None
    for number in _NUMBERS:
        if number == "plur" and {"Sgtm", "Fixd"} & set(head_parse.tag.grammemes):
            continue
        for case in _CASES:
            head_form = head_parse.inflect({case, number})
            if head_form is None:
                continue
            phrase = list(words)
            phrase[head] = RussianMatcher._inflect_last_part(words[head], head_form.word)
            agreed_all = True
            for i in range(head):
                agreed = RussianMatcher._agree(morph, words[i], head_form, case, number)
                if agreed is None:
                    agreed_all = False
                    break
                phrase[i] = agreed
            if agreed_all:
                out.append(RussianForm(" ".join(phrase), case, number, gender))
    return tuple(out) or (RussianForm(variant, "nomn", "sing", gender),)
