"""Coordinated terms (X и Y, X and Y): each conjunct declines in the same case.

Hand-written forms for every case, cross-checked against pymorphy3's own inflection of each
conjunct's head, and hand-checked sentences the matcher must accept.
"""

from __future__ import annotations

import pytest

from toolkit.glossary.agree import english_forms
from toolkit.glossary.model import Term
from toolkit.glossary.target import russian_phrase_forms, target_matcher
from toolkit.text.morph import russian_morph

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")

# term -> its six case forms (hand-written)
RUSSIAN = {
    # a singular and a plural conjunct
    "связь и информационные технологии": (
        "связь и информационные технологии",
        "связи и информационных технологий",
        "связи и информационным технологиям",
        "связь и информационные технологии",
        "связью и информационными технологиями",
        "связи и информационных технологиях",
    ),
    # two plural conjuncts
    "технологии и инновации": (
        "технологии и инновации",
        "технологий и инноваций",
        "технологиям и инновациям",
        "технологии и инновации",
        "технологиями и инновациями",
        "технологиях и инновациях",
    ),
    # two singular conjuncts
    "наука и техника": (
        "наука и техника",
        "науки и техники",
        "науке и технике",
        "науку и технику",
        "наукой и техникой",
        "науке и технике",
    ),
    # coordinated modifiers sharing one head
    "информационные и коммуникационные технологии": (
        "информационные и коммуникационные технологии",
        "информационных и коммуникационных технологий",
        "информационным и коммуникационным технологиям",
        "информационные и коммуникационные технологии",
        "информационными и коммуникационными технологиями",
        "информационных и коммуникационных технологиях",
    ),
}


def _term(ru: str) -> Term:
    return Term.create({"fa": "x", "en": "y", "ru": ru}, pos="noun")


@pytest.mark.parametrize("variant", list(RUSSIAN))
def test_each_conjunct_takes_the_case(variant: str) -> None:
    forms = {f.case: f.text for f in russian_phrase_forms(variant, _term(variant))}
    assert tuple(forms[c] for c in CASES) == RUSSIAN[variant]


@pytest.mark.parametrize("variant", list(RUSSIAN))
@pytest.mark.parametrize("case", CASES)
def test_forms_agree_with_pymorphy_for_each_conjunct_head(variant: str, case: str) -> None:
    morph = russian_morph()
    expected = RUSSIAN[variant][CASES.index(case)].split(" и ")
    for conjunct, form in zip(variant.split(" и "), expected, strict=True):
        head = conjunct.split()[-1]
        nouns = [p for p in morph.parse(head) if p.tag.case == "nomn" and p.tag.POS == "NOUN"]
        if not nouns:
            continue  # a coordinated modifier («информационные и ...»): agrees with the noun
        parse = nouns[0]
        inflected = parse.inflect({case, str(parse.tag.number)})
        assert inflected is not None and form.split()[-1] == inflected.word


@pytest.mark.parametrize(
    ("variant", "sentence", "found"),
    [
        (
            "связь и информационные технологии",
            "Он работает в сфере связи и информационных технологий.",
            "связи и информационных технологий",
        ),
        (
            "технологии и инновации",
            "заместитель министра по вопросам технологий и инноваций",
            "технологий и инноваций",
        ),
        ("наука и техника", "Он всю жизнь занимался наукой и техникой.", "наукой и техникой"),
        (
            "информационные и коммуникационные технологии",
            "Речь шла об информационных и коммуникационных технологиях.",
            "информационных и коммуникационных технологиях",
        ),
    ],
)
def test_matcher_accepts_declined_coordinated_terms(
    variant: str, sentence: str, found: str
) -> None:
    matches = target_matcher("ru").find(sentence, _term(variant))
    assert [m.surface for m in matches] == [found]


def test_a_genitive_complement_is_not_split_at_its_conjunction() -> None:
    # «Министерство связи и информационных технологий»: only the head declines.
    variant = "Министерство связи и информационных технологий"
    forms: dict[str, str] = {}
    for f in russian_phrase_forms(variant, _term(variant)):
        forms.setdefault(f.case, f.text)  # the singular first
    assert forms["ablt"] == "Министерством связи и информационных технологий"


@pytest.mark.parametrize(
    ("variant", "number", "expected"),
    [
        (
            # "technology" of a field is a mass noun: never "technologies" by substitution
            "information and communications technology",
            "plur",
            ["information and communications technology"],
        ),
        ("science and technology park", "plur", ["science and technology parks"]),
        ("research and development", "plur", ["research and development"]),  # a mass noun
    ],
)
def test_english_coordination_pluralises_the_last_word(
    variant: str, number: str, expected: list[str]
) -> None:
    assert english_forms(variant, Term.create({"fa": "x", "en": variant}), number) == expected


def test_a_rendering_inside_another_terms_rendering_belongs_to_that_term() -> None:
    # «ИКТ» inside «Министерства ИКТ» renders the ministry, not the field (ICT) as well.
    from builders import ROOT

    from toolkit.glossary.source import source_matcher
    from toolkit.glossary.target import assign_terms
    from toolkit.glossary.validate import load_glossary

    glossary = load_glossary(ROOT / "glossaries" / "iran-russia-ict.tsv")
    source = "در حوزه ارتباطات و فناوری اطلاعات و پیگیری وزارت ارتباطات کشورمان"
    required = source_matcher(glossary).find(source)
    labels = [m.term.label for m in required]
    assert labels == ["ارتباطات و فناوری اطلاعات", "وزارت ارتباطات و فناوری اطلاعات"]
    dropped = "в сфере связи и работы Министерства ИКТ нашей страны"
    placed = assign_terms(dropped, required, target_matcher("ru"))
    assert list(placed) == [1]  # the field term is not rendered: only the ministry is
    whole = "в сфере ИКТ и работы Министерства ИКТ нашей страны"
    assert sorted(assign_terms(whole, required, target_matcher("ru"))) == [0, 1]
