"""The form of a term placed where the model wrote nothing: number from the Persian source,
names never plural, Russian case from the words before it. Hand-checked tables."""

from __future__ import annotations

import pytest

from toolkit.glossary.agree import (
    english_forms,
    matched_suffixes,
    placed_forms,
    russian_context,
    source_number,
)
from toolkit.glossary.model import Glossary, Term
from toolkit.glossary.source import SourceMatch, SourceMatcher
from toolkit.glossary.target import english_plurals, preferred_plural, target_matcher


def _term(fa: str, en: str, ru: str, **meta: object) -> Term:
    return Term.create({"fa": fa, "en": en, "ru": ru}, **meta)


DEPUTY = _term(
    "معاون وزیر ارتباطات و فناوری اطلاعات|معاون وزیر ارتباطات",
    "Deputy Minister of Information and Communications Technology",
    "заместитель министра информационных и коммуникационных технологий",
    domain="title",
    pos="noun",
)
MINISTRY = _term(
    "وزارت ارتباطات و فناوری اطلاعات|وزارت ارتباطات",
    "Ministry of Information and Communications Technology",
    "Министерство информационных и коммуникационных технологий",
    domain="org",
    pos="propn",
)
IRI = _term(
    "جمهوری اسلامی ایران",
    "Islamic Republic of Iran",
    "Исламская Республика Иран",
    domain="place",
    pos="propn",
)
MEHR = _term("خبرگزاری مهر", "Mehr News Agency", "агентство Мехр", domain="org", pos="propn")
CONTRACT = _term("قرارداد", "contract", "контракт", pos="noun")
MOU = _term("تفاهم‌نامه", "memorandum of understanding", "меморандум о взаимопонимании")
AREA = _term("محور همکاری", "area of cooperation", "направление сотрудничества", pos="noun")
WORKING_GROUP = _term(
    "کارگروه مشترک|کارگروه همکاری مشترک", "joint working group", "совместная рабочая группа"
)
OFFICIAL = _term("مسئول دولتی", "government official", "государственный чиновник")
DELEGATION = _term("هیئت", "delegation", "делегация", pos="noun")
COOPERATION = _term("همکاری", "cooperation", "сотрудничество", pos="noun")
PRIVATE = _term("بخش خصوصی", "private sector", "частный сектор", pos="noun")
COMPANY = _term("شرکت فناور", "technology company", "технологическая компания", pos="noun")
TALKS = _term("مذاکرات دوجانبه", "bilateral talks", "двусторонние переговоры", pos="noun")
RUSSIA = _term("روسیه", "Russia", "Россия", domain="place", pos="propn")
IRANIAN = _term("ایرانی", "Iranian", "иранский", pos="adj")
# A name the document's people give (toolkit.translate.names), unknown to pymorphy3.
SARKARATI = _term("سرکاراتی", "Sarkarati", "Саркарати", domain="document-name", pos="propn")

GLOSSARY = Glossary(
    (
        DEPUTY,
        MINISTRY,
        IRI,
        MEHR,
        CONTRACT,
        MOU,
        AREA,
        WORKING_GROUP,
        OFFICIAL,
        DELEGATION,
        COOPERATION,
        PRIVATE,
        COMPANY,
        TALKS,
        RUSSIA,
    ),
    ("fa", "en", "ru"),
)


# -- what the source matcher added to a term --------------------------------------------------

SUFFIXES = [
    # (glossary variant, source surface, suffix per word, in key letters)
    ("محور همکاری", "محورهای همکاری", ("های", "")),
    ("مسئول دولتی", "مسئولان دولتی", ("ان", "")),
    ("هیئت", "هیأت‌ها", ("ها",)),
    ("نماینده", "نمایندگان", ("گان",)),
    ("همتا", "همتایان", ("یان",)),
    ("تفاهم‌نامه", "تفاهمنامه", ("", "")),  # ZWNJ or none: the same word
    ("کارگروه همکاری مشترک", "کارگروه همکاری‌های مشترک", ("", "های", "")),
    # The term's own words carry no suffix: اطلاعات is the glossary's, not a plural.
    ("وزارت ارتباطات و فناوری اطلاعات", "وزارت ارتباطات و فناوری اطلاعات", ("",) * 5),
    ("قرارداد", "تفاهم‌نامه", None),  # not this variant at all
]


@pytest.mark.parametrize(("variant", "surface", "expected"), SUFFIXES)
def test_matched_suffixes(variant: str, surface: str, expected: tuple[str, ...] | None) -> None:
    assert matched_suffixes(variant, surface) == expected


# -- the number of a source occurrence ----------------------------------------------------------

NUMBERS = [
    # (Persian sentence, which term, its number) — checked by hand against the Persian.
    # Line 1 of the seed: one deputy minister; the plural verb has two subjects.
    (
        "در این سفر که با حضور گسترده بخش خصوصی همراه بود، معاون وزیر ارتباطات و فناوری "
        "اطلاعات؛ سفیر جمهوری اسلامی ایران در روسیه؛ در پایان برنامه‌ها، دستاوردهای این "
        "نشست را تشریح کردند.",
        DEPUTY,
        "sing",
    ),
    ("به نقل از وزارت ارتباطات و فناوری اطلاعات گزارش شد.", MINISTRY, "sing"),
    ("هیأت‌های دو کشور دیدار کردند.", DELEGATION, "plur"),  # plural suffix
    ("هیأت روسی وارد تهران شدند.", DELEGATION, "sing"),  # a collective's plural verb
    ("در مجموع، ۲۰ تفاهم‌نامه امضا شد.", MOU, "plur"),  # counted (digits)
    ("پنج قرارداد امضا شد.", CONTRACT, "plur"),  # counted (a number word)
    ("تعدادی قرارداد نهایی شد.", CONTRACT, "plur"),  # a counting word
    ("یک قرارداد امضا شد.", CONTRACT, "sing"),
    ("قرارداد امضا شد.", CONTRACT, "sing"),
    ("قرارداد در مسکو امضا شدند.", CONTRACT, "plur"),  # the subject of a plural verb
    ("قرارداد را امضا کردند.", CONTRACT, "sing"),  # an object: the verb's number is not its
    ("درباره محورهای همکاری گفت.", AREA, "plur"),
    ("پنجمین نشست کارگروه همکاری‌های مشترک برگزار شد.", WORKING_GROUP, "sing"),
    ("با حضور جمعی از مسئولان دولتی", OFFICIAL, "plur"),
    ("همکاری‌ها افزایش یابد.", COOPERATION, "plur"),  # plural in Persian (English decides)
    ("دو جمهوری اسلامی ایران", IRI, "sing"),  # a name is never plural
]


def _occurrence(sentence: str, term: Term) -> SourceMatch:
    found = [m for m in SourceMatcher(GLOSSARY).find(sentence) if m.term == term]
    assert len(found) == 1, (sentence, found)
    return found[0]


@pytest.mark.parametrize(("sentence", "term", "number"), NUMBERS)
def test_number_comes_from_the_persian_source(sentence: str, term: Term, number: str) -> None:
    assert source_number(sentence, _occurrence(sentence, term)) == number


# -- English plurals from inflect, never a letter appended ---------------------------------------


@pytest.mark.parametrize(
    ("word", "plural"),
    [
        ("Ministry", "Ministries"),  # inflect alone says "Ministrys" (it reads a name)
        ("Agency", "Agencies"),
        ("Deputy", "Deputies"),
        ("ministry", "ministries"),
        ("memorandum", "memoranda"),  # the classical -um plural of treaty texts
        ("company", "companies"),
        ("Minister", "Ministers"),
        ("brother", "brothers"),  # no other classical form ("brethren")
    ],
)
def test_preferred_plural(word: str, plural: str) -> None:
    assert preferred_plural(word) == plural
    assert plural in english_plurals(word)
    if word.endswith("y"):
        assert word + "s" not in english_plurals(word)  # "Ministrys", "Agencys"


ENGLISH = [
    # (term, number, the one form to place)
    (DEPUTY, "sing", "Deputy Minister of Information and Communications Technology"),
    (DEPUTY, "plur", "Deputy Ministers of Information and Communications Technology"),
    (MINISTRY, "plur", "Ministry of Information and Communications Technology"),  # a name
    (IRI, "plur", "Islamic Republic of Iran"),
    (MEHR, "plur", "Mehr News Agency"),
    (MOU, "plur", "memoranda of understanding"),
    (AREA, "plur", "areas of cooperation"),
    (CONTRACT, "plur", "contracts"),
    (COOPERATION, "plur", "cooperation"),  # a mass noun
    (TALKS, "sing", "bilateral talks"),  # plural only
    (COMPANY, "plur", "technology companies"),
]


@pytest.mark.parametrize(("term", "number", "form"), ENGLISH)
def test_english_placed_form(term: Term, number: str, form: str) -> None:
    variant = term.preferred("en")
    assert english_forms(variant, term, number) == [form]
    assert placed_forms(target_matcher("en"), variant, term, number, "The") == [form]


# -- Russian case from the words before the insertion point --------------------------------------

CONTEXTS = [
    # (text before the term, the cases it allows, the number a number word asks)
    ("", ("nomn",), None),
    ("ШШ ص", ("nomn",), None),  # noise: a word pymorphy3 does not know
    ("Об этом сообщило", ("nomn",), None),  # intransitive use: the subject follows
    ("Об этом заявил", ("nomn",), None),  # a speech verb: its subject follows
    ("Стороны подписали", ("accs", "nomn"), None),  # transitive: object (or subject)
    ("Встреча прошла в", ("loct",), None),  # place
    ("Делегация прибыла в", ("accs",), None),  # direction
    ("Визит в", ("accs",), None),
    ("на", ("loct",), None),
    ("сотрудничество с", ("ablt",), None),
    ("переговоры о", ("loct",), None),
    ("для", ("gent",), None),
    ("представитель от", ("gent",), None),
    ("обращение к", ("datv",), None),
    ("встреча по", ("datv",), None),
    ("Подписано пять", ("gent",), "plur"),
    ("Подписано 20", ("gent",), "plur"),
    ("Подписаны два", ("gent",), "sing"),
    ("Подписан 21", ("nomn",), "sing"),
    ("представители", ("gent",), None),  # after a noun: the genitive
    ("Сообщило агентство,", ("nomn",), None),  # after punctuation
]


@pytest.mark.parametrize(("head", "cases", "number"), CONTEXTS)
def test_russian_context(head: str, cases: tuple[str, ...], number: str | None) -> None:
    context = russian_context(head)
    assert (context.cases, context.number) == (cases, number)


RUSSIAN = [
    # (term, source number, text before it, the forms it may take) — checked by hand
    (MEHR, "sing", "", ["агентство Мехр"]),  # never «Агентствам Мехр»
    (MEHR, "plur", "ШШ", ["агентство Мехр"]),  # a name stays singular
    (MEHR, "sing", "по данным", ["агентства Мехр"]),
    (MINISTRY, "sing", "", ["Министерство информационных и коммуникационных технологий"]),
    (
        MINISTRY,
        "sing",
        "со ссылкой на",
        ["Министерстве информационных и коммуникационных технологий"],
    ),
    (
        MINISTRY,
        "sing",
        "встреча с",  # never «Министерствами» for one ministry
        ["Министерством информационных и коммуникационных технологий"],
    ),
    (PRIVATE, "sing", "", ["частный сектор"]),  # never «частных секторах» out of context
    (PRIVATE, "sing", "с участием", ["частного сектора"]),
    (PRIVATE, "sing", "с", ["частным сектором"]),
    (PRIVATE, "sing", "в", ["частном секторе"]),
    (CONTRACT, "plur", "пять", ["контрактов"]),
    (CONTRACT, "plur", "два", ["контракта"]),
    (CONTRACT, "plur", "", ["контракты"]),
    (CONTRACT, "plur", "подписали", ["контракты"]),
    (CONTRACT, "sing", "подписали", ["контракт"]),
    (DELEGATION, "plur", "визиты", ["делегаций"]),
    (DELEGATION, "sing", "к", ["делегации"]),
    (COOPERATION, "plur", "о", ["сотрудничестве"]),  # no plural for a mass noun
    (TALKS, "sing", "после", ["двусторонних переговоров"]),  # plural only
    (RUSSIA, "sing", "визит в", ["Россию"]),
    (RUSSIA, "sing", "в", ["России"]),
    (IRANIAN, "sing", "", ["иранский"]),  # an adjective keeps the glossary's gender
    (SARKARATI, "sing", "", ["Саркарати"]),  # never pymorphy3's guess «Саркарать»
    (
        DEPUTY,
        "sing",
        "встретился с",
        ["заместителем министра информационных и коммуникационных технологий"],
    ),
    (
        DEPUTY,
        "sing",
        "принял",  # transitive: the object (animate: like the genitive) or the subject
        [
            "заместителя министра информационных и коммуникационных технологий",
            "заместитель министра информационных и коммуникационных технологий",
        ],
    ),
]


@pytest.mark.parametrize(("term", "number", "head", "forms"), RUSSIAN)
def test_russian_placed_forms(term: Term, number: str, head: str, forms: list[str]) -> None:
    variant = term.preferred("ru")
    assert sorted(placed_forms(target_matcher("ru"), variant, term, number, head)) == sorted(forms)


@pytest.mark.parametrize(
    ("en", "meta", "plural"),
    [
        # no pos column: the domain tells
        ("Ministry of Communications", {"domain": "org"}, "Ministries of Communications"),
        ("Islamic Republic of Iran", {"domain": "place"}, "Islamic Republics of Iran"),
        ("Mehr News Agency", {"pos": "propn"}, "Mehr News Agencies"),
    ],
)
def test_a_name_has_no_plural_to_place_or_to_accept(en: str, meta: dict, plural: str) -> None:
    term = Term.create({"fa": "x", "en": en}, **meta)
    assert english_forms(en, term, "plur") == [en]
    assert target_matcher("en").forms(en, term) == (en,)
    assert target_matcher("en").find(f"The {plural} said.", term) == []
