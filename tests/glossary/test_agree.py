"""The grammatical form of a substituted term: hand-checked tables."""

from __future__ import annotations

import pytest

from toolkit.glossary.agree import (
    counted_in_source,
    english_article,
    english_number,
    fitting_forms,
    russian_reagree,
)
from toolkit.glossary.model import Term
from toolkit.glossary.target import target_matcher

AGREEMENT = Term.create({"fa": "قرارداد", "en": "agreement", "ru": "соглашение"}, pos="noun")
TECH_FIRM = Term.create(
    {"fa": "شرکت فناور", "en": "tech firm", "ru": "технологическая фирма"}, pos="noun"
)
MINISTRY = Term.create(
    {
        "fa": "وزارت ارتباطات",
        "en": "Ministry of Communications and Information Technology",
        "ru": "Министерство связи и информационных технологий",
    },
    pos="propn",
)
IRANIAN = Term.create({"fa": "ایرانی", "en": "Iranian", "ru": "иранский"}, pos="adj")
COLLABORATION = Term.create({"fa": "همکاری", "en": "collaboration", "ru": "сотрудничество"})
ABEDI = Term.create(
    {"fa": "میثم عابدی", "en": "Meysam Abedi", "ru": "Мейсам Абеди"}, domain="person", pos="propn"
)

RUSSIAN = [
    # (term, variant, replaced words, expected forms)
    (AGREEMENT, "соглашение", "контракт", ["соглашение"]),
    (AGREEMENT, "соглашение", "контракты", ["соглашения"]),
    (AGREEMENT, "соглашение", "контракта", ["соглашения"]),
    (AGREEMENT, "соглашение", "контрактов", ["соглашений"]),  # genitive plural
    (AGREEMENT, "соглашение", "контрактом", ["соглашением"]),  # instrumental singular
    (AGREEMENT, "соглашение", "контрактами", ["соглашениями"]),  # instrumental plural
    (AGREEMENT, "соглашение", "контракте", ["соглашении"]),  # prepositional singular
    (AGREEMENT, "соглашение", "контрактах", ["соглашениях"]),  # prepositional plural
    (TECH_FIRM, "технологическая фирма", "технологических компаний", ["технологических фирм"]),
    (
        TECH_FIRM,
        "технологическая фирма",
        "технологическими компаниями",
        ["технологическими фирмами"],
    ),
    (
        MINISTRY,
        "Министерство связи и информационных технологий",
        "Министерства ИКТ",
        ["Министерства связи и информационных технологий"],
    ),
    (IRANIAN, "иранский", "персидской", ["иранской"]),  # a modifier takes the gender too
    (ABEDI, "Мейсам Абеди", "Мейсамом Абди", ["Мейсамом Абеди"]),
]


@pytest.mark.parametrize(("term", "variant", "replaced", "expected"), RUSSIAN)
def test_russian_form_takes_the_case_and_number_of_the_replaced_words(
    term: Term, variant: str, replaced: str, expected: list[str]
) -> None:
    assert fitting_forms(target_matcher("ru"), variant, term, replaced) == expected


ENGLISH = [
    # (term, variant, replaced words, Persian surface, expected)
    (AGREEMENT, "agreement", "contracts", "قرارداد", ["agreements"]),
    (AGREEMENT, "agreement", "contract", "قراردادها", ["agreement"]),  # the words decide
    (AGREEMENT, "agreement", "", "قراردادها", ["agreements"]),  # else the Persian plural
    (AGREEMENT, "agreement", "", "قرارداد", ["agreement"]),
    (TECH_FIRM, "tech firm", "technology companies", "شرکت فناور", ["tech firms"]),
    (COLLABORATION, "collaboration", "cooperation", "همکاری‌ها", ["collaboration"]),
    (COLLABORATION, "collaboration", "", "همکاری‌ها", ["collaboration"]),  # a mass noun
    (MINISTRY, MINISTRY.get("en")[0], "ICT Ministry", "وزارت ارتباطات", [MINISTRY.get("en")[0]]),
]


@pytest.mark.parametrize(("term", "variant", "replaced", "surface", "expected"), ENGLISH)
def test_english_form_takes_the_number_of_the_replaced_words(
    term: Term, variant: str, replaced: str, surface: str, expected: list[str]
) -> None:
    assert fitting_forms(target_matcher("en"), variant, term, replaced, surface) == expected


@pytest.mark.parametrize(
    ("phrase", "number"),
    [
        ("contracts", "plur"),
        ("contract", "sing"),
        ("memoranda of understanding", "plur"),
        ("MoUs", "plur"),
        ("ICT", "sing"),
        ("business", "sing"),
        ("status", "sing"),
        ("", None),
    ],
)
def test_english_number(phrase: str, number: str | None) -> None:
    assert english_number(phrase) == number


@pytest.mark.parametrize(
    ("head", "form", "tail", "replaced", "expected"),
    [
        ("", "Соглашение", " подписан.", "Контракт", ("", " подписано.")),
        (
            "Этот важный ",
            "соглашение",
            " был подписан.",
            "контракт",
            ("Это важное ", " было подписано."),
        ),
        ("пять ", "соглашений", " подписаны.", "контрактов", ("пять ", " подписаны.")),
        ("в ", "соглашении", " указано", "контракте", ("в ", " указано")),
    ],
)
def test_russian_neighbours_take_the_new_gender(
    head: str, form: str, tail: str, replaced: str, expected: tuple[str, str]
) -> None:
    assert russian_reagree(head, form, tail, replaced) == expected


@pytest.mark.parametrize(
    ("word", "article"),
    [("agreement", "an"), ("contract", "a"), ("union", "a"), ("hour", "an"), ("MoU", "an")],
)
def test_english_article(word: str, article: str) -> None:
    assert english_article(word) == article


@pytest.mark.parametrize(
    ("source", "start", "counted"),
    [("۲۰ تفاهم‌نامه", 3, True), ("یک تفاهم‌نامه", 3, False), ("پنج قرارداد", 4, True)],
)
def test_counted_in_source(source: str, start: int, counted: bool) -> None:
    assert counted_in_source(source, start) is counted
