"""The number check's cross-checks (a date in both calendars, a number and its noun) and the
forms it reads (decimals in words, halves, percentages, money), on hand-checked pairs."""

from __future__ import annotations

import pytest

from toolkit.text.numbers import (
    Counted,
    DateConflict,
    Misattached,
    check_numbers,
    extract_source_numbers,
    find_target_numbers,
)
from toolkit.text.numbers.nouns import lexicon_counted

# --- A date given in both calendars: (source, target, lang, [(code, wrong calendar)]) ------

BOTH_CALENDARS = [
    # right in both, in either order and with or without years
    ("جمعه ۱۴ آذر", "Friday, 14 Azar (5 December 2025)", "en", []),
    ("جمعه ۱۴ آذر", "Friday, 14 Azar (December 5)", "en", []),
    ("جمعه ۱۴ آذر", "Friday, 5 December 2025 (14 Azar 1404)", "en", []),
    ("جمعه ۱۴ آذر", "Friday, 14 Azar / 5 December", "en", []),
    ("جمعه ۱۴ آذر", "в пятницу, 14 азара (5 декабря 2025 года)", "ru", []),
    ("جمعه ۱۴ آذر", "в пятницу, 5 декабря 2025 года (14 азара 1404 года)", "ru", []),
    ("۵ دسامبر ۲۰۲۵", "5 December 2025 (14 Azar 1404)", "en", []),  # a Gregorian source
    ("۵ دسامبر", "5 December (14 Azar)", "en", []),
    # the source gives both dates itself: each target date renders its own
    ("جمعه ۱۴ آذر (۵ دسامبر)", "Friday, 14 Azar (5 December)", "en", []),
    # two dates, each with its Gregorian date
    ("از ۱۴ آذر تا ۲۰ آذر", "from 14 Azar (5 December) to 20 Azar (11 December)", "en", []),
    # one calendar wrong: issue 12's examples, both orders, a wrong year
    ("جمعه ۱۴ آذر", "Friday, 14 Azar (6 December 2025)", "en", [("wrong-date", "gregorian")]),
    ("جمعه ۱۴ آذر", "в пятницу, 14 азара (6 декабря 2025 года)", "ru", [("wrong-date", "gregorian")]),
    ("جمعه ۱۴ آذر", "Friday, 24 Azar (5 December)", "en", [("wrong-date", "jalali")]),
    ("جمعه ۱۴ آذر", "в пятницу, 24 азара (5 декабря)", "ru", [("wrong-date", "jalali")]),
    ("جمعه ۱۴ آذر", "Friday, 5 December 2025 (15 Azar)", "en", [("wrong-date", "jalali")]),
    ("جمعه ۱۴ آذر", "Friday, 14 Azar (5 December 2024)", "en", [("wrong-date", "gregorian")]),
    ("۱۴ آذر ۱۴۰۴", "14 Azar 1404 (4 December 2025)", "en", [("wrong-date", "gregorian")]),
    ("۵ دسامبر ۲۰۲۵", "5 December 2025 (15 Azar 1404)", "en", [("wrong-date", "jalali")]),
    # both wrong: the date is missing, once
    ("جمعه ۱۴ آذر", "Friday, 15 Azar (6 December 2025)", "en", [("missing", None)]),
    # not side by side: two separate dates are not one date in two calendars
    ("۱۴ آذر", "14 Azar, a week before 12 December", "en", []),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "lang", "expected"), BOTH_CALENDARS)
def test_a_date_in_both_calendars_must_be_right_in_both(
    source: str, target: str, lang: str, expected: list[tuple[str, str | None]]
) -> None:
    findings = check_numbers(source, target, lang)
    calendars = [f.date_conflict.calendar if f.date_conflict else None for f in findings]
    assert list(zip([f.code for f in findings], calendars, strict=True)) == expected


def test_a_wrong_date_names_the_calendar_and_the_right_date() -> None:
    (finding,) = check_numbers("جمعه ۱۴ آذر", "Friday, 14 Azar (6 December 2025)", "en")
    assert finding.date_conflict == DateConflict("gregorian", "6 December 2025", "5 December 2025")
    assert "Gregorian date is wrong: 6 December 2025" in finding.message
    assert (finding.source, finding.target) == ("۱۴ آذر", "6 December 2025")
    (finding,) = check_numbers("جمعه ۱۴ آذر", "Friday, 24 Azar (5 December)", "en")
    assert finding.date_conflict == DateConflict("jalali", "24 Azar", "14 Azar")
    assert finding.to_dict()["date_conflict"] == {
        "calendar": "jalali",
        "given": "24 Azar",
        "expected": "14 Azar",
    }


# --- A number and the noun it counts: (source, target, lang, [code]) --------------------------

SWAPS = [
    # issue 12: ۲۰ تفاهم‌نامه و پنج قرارداد
    ("۲۰ تفاهمنامه و پنج قرارداد منعقد شد", "20 contracts and five memoranda of understanding were concluded", "en", ["swapped"]),
    ("۲۰ تفاهمنامه و پنج قرارداد منعقد شد", "five memoranda of understanding and 20 contracts were concluded", "en", ["swapped"]),
    ("۲۰ تفاهمنامه و پنج قرارداد منعقد شد", "заключены 20 контрактов и пять меморандумов", "ru", ["swapped"]),
    ("۲۰ تفاهمنامه و پنج قرارداد منعقد شد", "20 memoranda of understanding and five contracts were concluded", "en", []),
    ("۲۰ تفاهمنامه و پنج قرارداد منعقد شد", "five contracts and 20 MoUs were concluded", "en", []),
    ("۲۰ تفاهمنامه و پنج قرارداد منعقد شد", "заключены пять контрактов и 20 меморандумов", "ru", []),
    # money and percentages: symbols before or after, codes, abbreviations
    ("صادرات ۵ میلیون دلار و واردات ۲۰ میلیون یورو بود", "Exports were $20 million and imports €5 million", "en", ["swapped"]),
    ("صادرات ۵ میلیون دلار و واردات ۲۰ میلیون یورو بود", "Exports were $5 million and imports €20 million", "en", []),
    ("صادرات ۵ میلیون دلار و واردات ۲۰ میلیون یورو بود", "Экспорт составил 20 млн долларов, импорт — 5 млн евро", "ru", ["swapped"]),
    ("صادرات ۵ میلیون دلار و واردات ۲۰ میلیون یورو بود", "Экспорт составил 5 млн долларов, импорт — 20 млн евро", "ru", []),
    ("سهم ۲۰ درصد و ۵ شرکت", "a 5% share and 20 companies", "en", ["swapped"]),
    ("سهم ۲۰ درصد و ۵ شرکت", "a 20% share and 5 companies", "en", []),
    ("۱۵۰ میلیون روبل و ۳ شرکت", "RUB 150 million and three companies", "en", []),
    ("۱۵۰ میلیون روبل و ۳ شرکت", "150 млн руб. и три компании", "ru", []),
    # a counter word between the number and its noun
    ("۲۰ فقره قرارداد و ۵ تفاهم‌نامه", "five contracts and 20 MoUs", "en", ["swapped"]),
    # clean translations that move words around: never a finding
    ("ایران و روسیه ۱۲ قرارداد به ارزش ۵۰۰ میلیون دلار امضا کردند", "Iran and Russia signed 12 contracts worth $500 million", "en", []),
    ("ایران و روسیه ۱۲ قرارداد به ارزش ۵۰۰ میلیون دلار امضا کردند", "Иран и Россия подписали 12 контрактов на сумму 500 млн долларов", "ru", []),
    ("۳ شرکت روسی و ۷ شرکت ایرانی", "seven Iranian and three Russian companies", "en", []),
    ("در ۵ سال گذشته ۲۰ پروژه اجرا شده است", "20 projects have been carried out over the past five years", "en", []),
    ("در ۵ سال گذشته ۲۰ پروژه اجرا شده است", "за последние пять лет реализовано 20 проектов", "ru", []),
    ("۱۰ کشور و ۲۵۰ شرکت در نمایشگاه حضور داشتند", "250 companies from 10 countries attended", "en", []),
    ("۱۰ کشور و ۲۵۰ شرکت در نمایشگاه حضور داشتند", "в выставке участвовали 250 компаний из 10 стран", "ru", []),
    ("۴۰ درصد از ۲۰ قرارداد", "40% of the 20 contracts", "en", []),
    ("۵ قرارداد از ۲۰ قرارداد", "five of the 20 contracts", "en", []),
    ("۵ میلیون دلار برای ۲۰ پروژه", "20 projects worth $5 million", "en", []),
    ("۲۰ قرارداد و ۵ تفاهم‌نامه امضا شد", "20 contracts were signed, along with five MoUs", "en", []),
    ("۲۰ هزار تن گندم و ۵ میلیون دلار", "20 thousand tons of wheat worth 5 million dollars", "en", []),
    ("۲۰ هزار تن گندم و ۵ میلیون دلار", "20 тыс. тонн пшеницы и 5 млн долларов", "ru", []),
    ("۵ شرکت و ۲ کشور", "5 companies in 2 countries", "en", []),
    ("۱۰ روز پس از امضای ۳ قرارداد", "через 10 дней после подписания трёх контрактов", "ru", []),
    # the noun comes first or is left out: nothing to compare
    ("۲۰ تفاهمنامه و پنج قرارداد منعقد شد", "MoUs: 20; contracts: five", "en", []),
    ("پنج قرارداد و ۲ کشور", "contracts between the 2 countries, five of which", "en", []),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "lang", "expected"), SWAPS)
def test_a_number_stays_with_its_noun(
    source: str, target: str, lang: str, expected: list[str]
) -> None:
    assert [f.code for f in check_numbers(source, target, lang)] == expected


def test_a_swap_is_one_finding_naming_both() -> None:
    source = "در مجموع، ۲۰ تفاهمنامه و پنج قرارداد منعقد شد"
    target = "In all, 20 contracts and five memoranda of understanding were concluded"
    (finding,) = check_numbers(source, target, "en")
    # The lexicon knows the head noun ("memoranda"); a glossary term gives the whole rendering.
    assert finding.misattached == (
        Misattached(20, "تفاهمنامه", "contracts"),
        Misattached(5, "قرارداد", "memoranda"),
    )
    assert finding.source == "۲۰ تفاهمنامه و پنج قرارداد"
    assert finding.target == "20 contracts and five memoranda"
    assert "'۲۰ تفاهمنامه' is '20 contracts'" in finding.message
    assert "'پنج قرارداد' is 'five memoranda'" in finding.message
    assert finding.to_dict()["misattached"][0] == {
        "value": 20,
        "counted": "تفاهمنامه",
        "attached": "contracts",
    }


def test_one_number_on_another_noun() -> None:
    source = "۲۰ تفاهمنامه و پنج قرارداد"
    (finding,) = check_numbers(source, "memoranda and 20 contracts, five of them", "en")
    assert finding.code == "swapped"
    assert finding.misattached == (Misattached(20, "تفاهمنامه", "contracts"),)
    assert "another noun" in finding.message


def _counted(label: str, source: str, fa: str, target: str, en: str) -> Counted:
    start, end = source.index(fa), source.index(fa) + len(fa)
    spans = [(i, i + len(en)) for i in range(len(target)) if target.startswith(en, i)]
    return Counted(label, ((start, end),), tuple(spans))


def test_the_callers_terms_count_as_nouns() -> None:
    # کارگاه (workshop) and نمایشگاه (exhibition) are not in the lexicon: a glossary supplies them.
    source = "۲۰ کارگاه و ۵ نمایشگاه برگزار شد"
    target = "5 workshops and 20 exhibitions were held"
    assert check_numbers(source, target, "en") == []
    counted = [
        _counted("کارگاه", source, "کارگاه", target, "workshops"),
        _counted("نمایشگاه", source, "نمایشگاه", target, "exhibitions"),
    ]
    (finding,) = check_numbers(source, target, "en", counted=counted)
    assert [m.attached for m in finding.misattached] == ["exhibitions", "workshops"]


def test_the_lexicon_finds_nouns_symbols_and_inflected_forms() -> None:
    source = "۲۰ تفاهم‌نامه، ۵ قراردادهای مهم، ۱۰٪ و ۳ میلیون دلار"
    target = "20 меморандумов, пять контрактов, 10% и $3 млн"
    found = {c.label: c for c in lexicon_counted(source, target, "ru")}
    assert set(found) == {"memorandum of understanding", "contract", "percent", "dollar"}
    assert [target[a:b] for a, b in found["contract"].target_spans] == ["контрактов"]
    assert [target[a:b] for a, b in found["percent"].target_spans] == ["%"]
    assert [target[a:b] for a, b in found["dollar"].target_before] == ["$"]
    assert [source[a:b] for a, b in found["contract"].source_spans] == ["قراردادهای"]


# --- Decimals, halves, percentages and money --------------------------------------------------

SOURCE_FORMS = [
    ("رشد ۱.۲ درصدی", [("۱.۲", 1.2, "decimal")]),
    ("یک ممیز دو درصد", [("یک ممیز دو", 1.2, "decimal")]),  # ممیز: the decimal point
    ("دو ممیز پنج دهم درصد", [("دو ممیز پنج دهم", 2.5, "decimal")]),
    ("صفر ممیز سه درصد", [("صفر ممیز سه", 0.3, "decimal")]),
    ("یک ممیز بیست و پنج", [("یک ممیز بیست و پنج", 1.25, "decimal")]),
    ("دو ممیز پنج میلیارد دلار", [("دو ممیز پنج میلیارد", 2500000000, "decimal")]),
    ("۲ ممیز ۵ درصد", [("۲ ممیز ۵", 2.5, "decimal")]),
    ("سه دهم درصد", [("سه دهم", 0.3, "decimal")]),  # three tenths
    ("بیست و پنج صدم", [("بیست و پنج صدم", 0.25, "decimal")]),
    ("پنج صدم درصد", [("پنج صدم", 0.05, "decimal")]),  # not "500th"
    ("دوره دهم", [("دهم", 10, "ordinal")]),  # an ordinal still
    ("نیم میلیون نفر", [("نیم میلیون", 500000, "word")]),  # half a million, not a million
    ("دو و نیم میلیارد دلار", [("دو و نیم میلیارد", 2500000000, "word")]),
    ("۵ میلیون دلار", [("۵ میلیون", 5000000, "digits")]),
    ("جمعیت ۸۵ میلیونی", [("۸۵ میلیونی", 85000000, "digits")]),  # "85-million"
    ("۲۰٪ سهم", [("۲۰", 20, "digits")]),
    ("۳ هزار میلیارد ریال", [("۳ هزار میلیارد", 3000000000000, "digits")]),
]


@pytest.mark.parametrize(("text", "expected"), SOURCE_FORMS)
def test_source_decimals_halves_and_multipliers(
    text: str, expected: list[tuple[str, float, str]]
) -> None:
    assert [(n.surface, n.value, n.kind) for n in extract_source_numbers(text)] == expected


TARGET_FORMS = [
    ("half a million people", "en", [("half a million", 500000, "word")]),
    ("half a dozen", "en", [("half a dozen", 6, "word")]),
    ("полмиллиона человек", "ru", [("полмиллиона", 500000, "word")]),
    ("около полумиллиарда долларов", "ru", [("полумиллиарда", 500000000, "word")]),
    ("пятилетний контракт", "ru", [("пятилетний", 5, "word")]),  # a number joined to a word
    ("двадцать пятилетних", "ru", [("двадцать", 20, "word"), ("пятилетних", 5, "word")]),
    ("трёхдневный визит", "ru", [("трёхдневный", 3, "word")]),
    ("двусторонние переговоры", "ru", []),  # bilateral, not "two"
    ("семинар", "ru", []),
    ("$100 million and three MoUs", "en", [("100 million", 100000000, "digits"), ("three", 3, "word")]),
    ("two hundred and five", "en", [("two hundred and five", 205, "word")]),
    ("two thousand and five", "en", [("two thousand and five", 2005, "word")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "lang", "expected"), TARGET_FORMS)
def test_target_halves_compounds_and_and(
    text: str, lang: str, expected: list[tuple[str, float, str]]
) -> None:
    assert [(n.surface, n.value, n.kind) for n in find_target_numbers(text, lang)] == expected


# (source, target, lang, [(code, source surface)])
FORM_CHECKS = [
    ("رشد ۱.۲ درصدی", "1.2% growth", "en", []),
    ("رشد ۱.۲ درصدی", "рост на 1,2%", "ru", []),
    ("یک ممیز دو درصد", "1.2 percent", "en", []),
    ("یک ممیز دو درصد", "1,2 процента", "ru", []),
    ("سه دهم درصد", "0.3 percent", "en", []),
    ("سه دهم درصد", "0,3%", "ru", []),
    ("دو و نیم میلیارد دلار", "$2.5 billion", "en", []),
    ("دو و نیم میلیارد دلار", "2,5 млрд долларов", "ru", []),
    ("دو و نیم میلیارد دلار", "два с половиной миллиарда долларов", "ru", []),
    ("نیم میلیون نفر", "half a million people", "en", []),
    ("نیم میلیون نفر", "полмиллиона человек", "ru", []),
    ("نیم میلیون نفر", "a million people", "en", [("missing", "نیم میلیون")]),
    ("۵ میلیون دلار", "$5m", "en", []),
    ("۵ میلیون دلار", "USD 5 million", "en", []),
    ("۵ میلیون دلار", "5 млн долларов", "ru", []),
    ("۵ میلیون دلار", "$5 billion", "en", [("missing", "۵ میلیون")]),
    ("۱.۵ میلیارد یورو", "€1.5bn", "en", []),
    ("۱.۵ میلیارد یورو", "€15 billion", "en", [("missing", "۱.۵ میلیارد")]),
    ("۲۰ درصد", "20 per cent", "en", []),
    ("۲۰ درصد", "двадцать процентов", "ru", []),
    ("۲۰٪", "20%", "en", []),
    ("قرارداد ۵ ساله", "пятилетний контракт", "ru", []),
    ("جمعیت ۸۵ میلیونی", "a population of 85 million", "en", []),
    # "5 million" never stands for a bare 5 (a source ۵ میلیونی reads 5 million)
    ("۵ قرارداد", "5 million contracts", "en", [("missing", "۵")]),
    ("طول جاده ۱۰۰ متر است.", "The road is 100 m long.", "en", []),  # "m": metres or million
]


@pytest.mark.parametrize(("source", "target", "lang", "expected"), FORM_CHECKS)
def test_decimals_percentages_and_money(
    source: str, target: str, lang: str, expected: list[tuple[str, str]]
) -> None:
    findings = check_numbers(source, target, lang, reference_year=1404)
    assert [(f.code, f.source) for f in findings] == expected


# --- The seed and its references ----------------------------------------------------------------

# (line, language, text in the reference, replacement, expected codes)
CROSS_MUTATIONS = [
    (3, "en", "20 memoranda of understanding (MoUs) and five contracts",
     "20 contracts and five memoranda of understanding (MoUs)", ["swapped"]),
    (3, "ru", "20 меморандумов о взаимопонимании и пять контрактов",
     "20 контрактов и пять меморандумов о взаимопонимании", ["swapped"]),
    (9, "en", "14 Azar (5 December 2025)", "14 Azar (6 December 2025)", ["wrong-date"]),
    (9, "en", "14 Azar (5 December 2025)", "24 Azar (5 December)", ["wrong-date"]),
    (9, "ru", "14 азара (5 декабря 2025 года)", "14 азара (6 декабря 2025 года)", ["wrong-date"]),
    (9, "ru", "14 азара (5 декабря 2025 года)", "24 азара (5 декабря)", ["wrong-date"]),
]  # fmt: skip


@pytest.mark.parametrize(("line", "lang", "old", "new", "expected"), CROSS_MUTATIONS)
def test_cross_checks_on_the_references(
    seed_lines: list[str],
    reference_lines: dict[str, list[str]],
    line: int,
    lang: str,
    old: str,
    new: str,
    expected: list[str],
) -> None:
    reference = reference_lines[lang][line - 1]
    assert old in reference
    assert check_numbers(seed_lines[line - 1], reference, lang) == []
    findings = check_numbers(seed_lines[line - 1], reference.replace(old, new), lang)
    assert [f.code for f in findings] == expected
