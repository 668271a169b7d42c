"""Choosing the grammatical form of a glossary term that fits the words it replaces.

When a translation renders a term in other words ("five contracts", «пять контрактов») and the
glossary asks for another wording (agreement, соглашение), the substitute must take the
grammar of the replaced words: «пять соглашений» (genitive plural), "five agreements".

* Russian: case and number (and gender, for an adjective-only term) are read from
  pymorphy3's analyses of the replaced words' head; the term's forms of that case and number
  are kept (ambiguous analyses keep several, the caller lets the model choose).
* English: the number of the replaced head noun, except that a mass noun (cooperation,
  equipment, cybersecurity) is never pluralised; when the replaced words give no number,
  the Persian source surface does (a plural suffix).
* Any other language: the citation form.

:func:`fitting_forms` is the entry point; it returns candidates best first, never empty when
the term has a variant in the language.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from toolkit.glossary.model import Term
from toolkit.glossary.target import (
    RussianForm,
    TargetMatcher,
    english_plurals,
    russian_phrase_forms,
)
from toolkit.text.morph import russian_morph

_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_RU_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_EN_PREPOSITIONS = frozenset("of for on in to with between from at by and".split())
_EN_IRREGULAR_PLURALS = frozenset(
    "memoranda people children men women data criteria media phenomena".split()
)

# English heads that are (in news use) uncountable: never pluralised by a substitution.
MASS_NOUNS = frozenset(
    """
    cooperation collaboration equipment hardware software information data security
    cybersecurity intelligence infrastructure transit research news advice progress
    development knowledge evidence traffic funding investment trade commerce support
    assistance legislation machinery technology training health energy
    """.split()
)
_MASS_SUFFIXES = ("ware", "ity", "ism", "ics")

# Persian plural endings (on the matching key's letters) that mark a plural source term.
_FA_PLURAL = re.compile(r"(?:ها|های|هایی|ان|ات|گان)$")


@dataclass(frozen=True)
class Grammar:
    """What the replaced words say: the (case, number, gender) analyses of their head."""

    analyses: frozenset[tuple[str, str, str]] = frozenset()

    @property
    def cases(self) -> frozenset[str]:
        return frozenset(a[0] for a in self.analyses)


def is_mass_noun(word: str) -> bool:
    low = word.lower()
    return low in MASS_NOUNS or low.endswith(_MASS_SUFFIXES)


def english_head(words: list[str]) -> int:
    """Index of the head noun of an English phrase: the word before the first preposition
    ("memoranda of understanding"); "and" coordinates modifiers of the last word
    ("information and communications technology")."""
    for i, w in enumerate(words):
        if i > 0 and w.lower() in _EN_PREPOSITIONS and w.lower() != "and":
            return i - 1
    return len(words) - 1


def english_number(phrase: str) -> str | None:
    """``plur`` or ``sing`` for the head noun of ``phrase``, or None when it has no word."""
    words = _EN_WORD.findall(phrase)
    if not words:
        return None
    head = words[english_head(words)].rstrip("'’")
    low = head.lower()
    if low in _EN_IRREGULAR_PLURALS:
        return "plur"
    if head.isupper() and len(head) > 1:  # MoU vs MoUs, ICT
        return "sing"
    if len(head) > 3 and head[-1] == "s" and head[-2] not in "su'’":
        if head[-2].isupper():  # MoUs
            return "plur"
        return "plur" if low[:-1] and not low.endswith(("ss", "us", "is")) else "sing"
    return "sing"


_FA_COUNTING = frozenset(
    "دو سه چهار پنج شش هفت هشت نه ده یازده دوازده بیست سی چهل پنجاه صد هزار چند تعدادی "
    "برخی بسیاری چندین".split()
)


def counted_in_source(source: str, start: int) -> bool:
    """Whether the word before ``start`` in a Persian sentence counts more than one (۲۰,
    پنج, چند, تعدادی): Persian keeps the noun singular there, English does not."""
    before = source[:start].split()
    if not before:
        return False
    word = before[-1].translate(_FA_DIGITS)
    if word.isdigit():
        return int(word) != 1
    return word in _FA_COUNTING


_FA_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def source_is_plural(surface: str) -> bool:
    """Whether a Persian term surface carries a plural suffix on its last word."""
    words = surface.replace("\u200c", "").split()
    return bool(words) and len(words[-1]) > 3 and bool(_FA_PLURAL.search(words[-1]))


_FOLDED_CASES = {"gen2": "gent", "loc2": "loct", "acc2": "accs", "voct": "nomn"}


@functools.lru_cache(maxsize=8192)
def russian_grammar(phrase: str) -> Grammar:
    """The (case, number, gender) analyses of the head of a Russian phrase.

    The head is the first noun (or, failing that, the first full adjective or participle);
    every analysis pymorphy3 gives for it counts, so «контракты» is nominative or accusative
    plural and «Министерства» genitive singular or nominative/accusative plural.
    """
    morph = russian_morph()
    words = _RU_WORD.findall(phrase)
    for pos in (("NOUN",), ("ADJF", "PRTF")):
        for word in words:
            parses = [p for p in morph.parse(word) if p.tag.POS in pos and p.tag.case]
            if parses:
                return Grammar(
                    frozenset(
                        (
                            _FOLDED_CASES.get(str(p.tag.case), str(p.tag.case)),
                            str(p.tag.number or "sing"),
                            str(p.tag.gender or ""),
                        )
                        for p in parses
                    )
                )
    return Grammar()


def fitting_forms(
    matcher: TargetMatcher, variant: str, term: Term, replaced: str, source_surface: str = ""
) -> list[str]:
    """Forms of ``variant`` that fit the grammar of ``replaced``, best first (never empty)."""
    if matcher.lang == "ru":
        return _russian_fitting(variant, term, replaced)
    if matcher.lang == "en":
        return _english_fitting(variant, term, replaced, source_surface)
    return [variant]


def _russian_fitting(variant: str, term: Term, replaced: str) -> list[str]:
    forms = russian_phrase_forms(variant, term)
    if not forms:
        return [variant]
    grammar = russian_grammar(replaced)
    if not grammar.cases:
        return [f.text for f in forms][:1]
    # Gender matters only for an adjective-only term (a modifier agrees with its noun); a
    # noun keeps its own gender whatever the replaced noun's was.
    by_gender = len({f.gender for f in forms}) > 1

    def fits(form: RussianForm) -> bool:
        for case, number, gender in grammar.analyses:
            if form.case != case or form.number != number:
                continue
            if by_gender and number == "sing" and gender and form.gender != gender:
                continue
            return True
        return False

    exact = [f.text for f in forms if fits(f)]
    if exact:
        return list(dict.fromkeys(exact))
    # The case fits but the number cannot (a plural-only or singular-only term).
    by_case = [f.text for f in forms if f.case in grammar.cases]
    return list(dict.fromkeys(by_case or [forms[0].text]))


def _english_fitting(variant: str, term: Term, replaced: str, source_surface: str) -> list[str]:
    number = english_number(replaced)
    if number is None:
        number = "plur" if source_is_plural(source_surface) else "sing"
    return english_forms(variant, term, number)


def english_forms(variant: str, term: Term, number: str) -> list[str]:
    """The form of an English variant in ``number`` (``sing``/``plur``); a mass noun, a
    proper name, an adjective or an acronym stays as it is."""
    words = variant.split()
    if not words or term.pos in ("propn", "adj", "verb", "abbr"):
        return [variant]
    head = english_head(words)
    if number == "plur" and english_number(variant) == "plur":
        return [variant]  # a plural-only variant (bilateral negotiations)
    if number == "plur" and not is_mass_noun(words[head]):
        plurals = english_plurals(words[head])
        if plurals:
            return [" ".join([*words[:head], p, *words[head + 1 :]]) for p in plurals]
    return [variant]


def english_article(word_after: str) -> str:
    """``a`` or ``an`` before ``word_after`` (by spelling, with the usual exceptions)."""
    low = word_after.lower()
    if sum(c.isupper() for c in word_after) >= 2:  # an acronym, read letter by letter
        return "an" if word_after[0] in "AEFHILMNORSX" else "a"
    if low.startswith(("uni", "use", "usu", "eu", "one", "once")):
        return "a"
    if low.startswith(("hour", "honest", "honor", "honour", "heir")):
        return "an"
    return "an" if low[:1] in "aeiou" else "a"


def russian_reagree(head: str, form: str, tail: str, replaced: str) -> tuple[str, str]:
    """Words around a substituted Russian form that agreed in gender with the replaced noun:
    the adjective just before it and a past-tense verb or short participle just after it
    (with «был» before the participle) take the new noun's gender. Only in the singular,
    where Russian marks gender; anything pymorphy3 cannot inflect is left as it was."""
    old = russian_grammar(replaced)
    new = russian_grammar(form)
    old_genders = {g for c, n, g in old.analyses if n == "sing" and g}
    new_sing = [(c, g) for c, n, g in new.analyses if n == "sing" and g]
    if not old_genders or not new_sing:
        return head, tail
    new_gender = new_sing[0][1]
    if new_gender in old_genders:
        return head, tail
    morph = russian_morph()

    def regender(word: str, pos: tuple[str, ...]) -> str | None:
        for p in morph.parse(word.lower()):
            if p.tag.POS in pos and p.tag.number == "sing" and p.tag.gender in old_genders:
                grammemes = {new_gender, "sing"} | ({str(p.tag.case)} if p.tag.case else set())
                f = p.inflect(grammemes)
                if f is not None:
                    return word[:1] + f.word[1:] if word[:1].isupper() else f.word
        return None

    # Adjectives right before the noun («этот важный контракт»), nearest first.
    end = len(head)
    for _ in range(3):
        m = re.search(r"([^\W\d_]+)(\s+)$", head[:end])
        if not m:
            break
        changed = regender(m.group(1), ("ADJF", "PRTF"))
        if not changed:
            break
        head = head[: m.start(1)] + changed + head[m.end(1) :]
        end = m.start(1)
    # The predicate right after it: «(был) подписан».
    pos = 0
    for _ in range(2):
        m = re.compile(r"\s+([^\W\d_]+)").match(tail, pos)
        if not m:
            break
        word = m.group(1)
        changed = regender(word, ("VERB", "PRTS", "ADJS"))
        if not changed:
            break
        tail = tail[: m.start(1)] + changed + tail[m.end(1) :]
        pos = m.start(1) + len(changed)
        if morph.parse(word.lower())[0].normal_form != "быть":
            break
    return head, tail
