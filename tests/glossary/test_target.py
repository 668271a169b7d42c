import pytest

from toolkit.glossary.model import Term
from toolkit.glossary.target import english_plurals, target_matcher


def term(lang: str, variants: str, **meta: object) -> Term:
    return Term.create({"fa": "x", lang: variants}, **meta)


# (variants, meta, text, surfaces expected), English, each checked by hand.
ENGLISH = [
    (
        "memorandum of understanding",
        {},
        "Two memoranda of understanding were signed",
        ["memoranda of understanding"],
    ),
    (
        "memorandum of understanding",
        {},
        "20 memorandums of understanding",
        ["memorandums of understanding"],
    ),
    ("memorandum of understanding|MoU", {}, "an MoU and a mou", ["MoU"]),
    ("IT", {"case_sensitive": True}, "it said IT firms", ["IT"]),
    ("ICT", {}, "ICT-related ict projects", ["ICT"]),
    ("company", {}, "companies and the company's plan", ["companies", "company"]),
    ("Ministry of ICT", {}, "the ministry of ICT's delegation", ["ministry of ICT"]),
    ("ambassador", {}, "Iran's ambassadors met", ["ambassadors"]),
    ("Iran", {"pos": "propn"}, "Iranian firms", []),
    ("data transit", {}, "data-transit routes", ["data-transit"]),
    ("smart government", {}, "smartgovernment", []),
]


@pytest.mark.parametrize(("variants", "meta", "text", "expected"), ENGLISH)
def test_english_matching(variants: str, meta: dict, text: str, expected: list[str]) -> None:
    found = target_matcher("en").find(text, term("en", variants, **meta))
    assert [m.surface for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.surface


RUSSIAN = [
    (
        "совместная рабочая группа",
        {},
        "заседание совместной рабочей группы",
        ["совместной рабочей группы"],
    ),
    (
        "совместная рабочая группа",
        {},
        "в совместных рабочих группах",
        ["совместных рабочих группах"],
    ),
    ("Министерство связи", {}, "представители Министерства связи", ["Министерства связи"]),
    ("Министерство связи", {}, "министерству связи Ирана", ["министерству связи"]),
    ("российская сторона", {}, "с российской стороной", ["российской стороной"]),
    ("посол", {}, "после переговоров", []),  # preposition, not a form to match
    ("посол", {}, "встреча с послом Ирана", ["послом"]),
    ("почта", {}, "почти все", []),
    ("почта", {}, "по почте", ["почте"]),
    ("ИКТ", {}, "ИКТ-компании Ирана", ["ИКТ"]),
    ("компания", {}, "ИКТ-компании Ирана", ["компании"]),
    (
        "меморандум о взаимопонимании",
        {},
        "20 меморандумов о взаимопонимании",
        ["меморандумов о взаимопонимании"],
    ),
    ("Казем Джалали", {"domain": "person"}, "по словам Казема Джалали", ["Казема Джалали"]),
    ("Мейсам Абеди", {"domain": "person"}, "Мейсаму Абеди", ["Мейсаму Абеди"]),
    (
        "искусственный интеллект|ИИ",
        {},
        "в сфере искусственного интеллекта и ИИ",
        ["искусственного интеллекта", "ИИ"],
    ),
    ("делегация", {}, "делегации двух стран", ["делегации"]),
    ("делегация", {}, "делегат", []),  # no loose stemming
    (
        "иранский",
        {"pos": "adj"},
        "иранские компании и с иранскими коллегами",
        ["иранские", "иранскими"],
    ),
    ("российский", {"pos": "adj"}, "с российскими партнёрами", ["российскими"]),
]


@pytest.mark.parametrize(("variants", "meta", "text", "expected"), RUSSIAN)
def test_russian_matching(variants: str, meta: dict, text: str, expected: list[str]) -> None:
    found = target_matcher("ru").find(text, term("ru", variants, **meta))
    assert [m.surface for m in found] == expected


def test_russian_forms_agree_in_case_and_number() -> None:
    forms = target_matcher("ru").forms(
        "совместная рабочая группа", term("ru", "совместная рабочая группа")
    )
    assert forms[0] == "совместная рабочая группа"
    assert "совместную рабочую группу" in forms  # accusative singular, feminine
    assert "совместными рабочими группами" in forms  # instrumental plural
    assert "совместной рабочая группы" not in forms  # no broken agreement


def test_russian_accusative_animacy() -> None:
    forms = target_matcher("ru").forms("иранский посол", term("ru", "иранский посол"))
    assert "иранского посла" in forms  # animate: accusative = genitive
    forms = target_matcher("ru").forms("совместный проект", term("ru", "совместный проект"))
    assert "совместный проект" in forms and "совместного проекта" in forms


@pytest.mark.parametrize(
    ("word", "plural"),
    [
        ("memorandum", "memoranda"),
        ("company", "companies"),
        ("ICT", "ICTs"),
        ("ministry", "ministries"),
    ],
)
def test_english_plurals(word: str, plural: str) -> None:
    assert plural in english_plurals(word)


def test_do_not_translate_keeps_source() -> None:
    t = Term.create({"fa": "Mehr", "en": ""}, dnt=True)
    assert [m.surface for m in target_matcher("en").find("Mehr reported", t)] == ["Mehr"]


def test_plain_matcher_for_other_languages() -> None:
    t = Term.create({"fa": "x", "de": "Vertrag"})
    assert [m.surface for m in target_matcher("de").find("Der vertrag ist", t)] == ["vertrag"]


def test_inflect_without_typeguard_gives_the_plurals_of_a_plain_import() -> None:
    # The toolkit imports inflect with typeguard's decorator as a pass-through (1.6 s less
    # per run); a plain import, with the decorator, in a fresh process must agree word for word.
    import json
    import subprocess
    import sys

    from toolkit.glossary.target import english_singular
    from toolkit.glossary.target.english import _inflect_engines

    words = [
        *"memorandum company ICT ministry agreement contract delegation ambassador".split(),
        *"criterion analysis formula index person child deputy country sheep news".split(),
        *"datum bus box minister staff series species cactus syllabus phenomenon".split(),
        *"contracts memoranda companies ministries people children analyses indices".split(),
    ]
    plain = """
import json, sys, inflect
m, c = inflect.engine(), inflect.engine()
c.classical(all=True)
out = {}
for w in json.loads(sys.argv[1]):
    s = m.singular_noun(w)
    out[w] = [m.plural_noun(w), c.plural_noun(w), s if isinstance(s, str) else None]
out["instrumented"] = "TypeCheckMemo" in inflect.engine.plural_noun.__code__.co_names
print(json.dumps(out))
"""
    done = subprocess.run(
        [sys.executable, "-c", plain, json.dumps(words)],
        capture_output=True,
        text=True,
        check=True,
    )
    expected = json.loads(done.stdout)
    assert expected.pop("instrumented")  # a plain import checks types ...
    engine = type(_inflect_engines()[0])
    assert "TypeCheckMemo" not in engine.plural_noun.__code__.co_names  # ... ours does not
    for word in words:
        modern, classical, singular = expected[word]
        forms = tuple(dict.fromkeys(f for f in (modern, classical) if f and f != word))
        assert english_plurals(word) == (
            forms if word.isalpha() and not word.isupper() else (word + "s",)
        ), word
        assert english_singular(word) == singular, word
