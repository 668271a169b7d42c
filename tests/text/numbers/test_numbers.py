from datetime import date

import pytest

from toolkit.errors import ConfigError
from toolkit.text.numbers import (
    UNDATED_YEARS,
    CalendarDate,
    article_year,
    check_numbers,
    extract_source_numbers,
    find_target_numbers,
    is_jalali_leap,
    jalali_to_gregorian,
    jalali_year_of,
    undated_years,
)

# --- Jalali -> Gregorian, checked against known dates --------------------------------------

CONVERSIONS = [
    ((1404, 9, 14), date(2025, 12, 5)),  # the seed's meeting, Friday 14 Azar 1404
    ((1403, 9, 14), date(2024, 12, 4)),
    ((1404, 1, 1), date(2025, 3, 21)),  # Nowruz 1404
    ((1403, 1, 1), date(2024, 3, 20)),  # Nowruz 1403
    ((1403, 12, 30), date(2025, 3, 20)),  # 1403 is a leap year: Esfand has 30 days
    ((1400, 1, 1), date(2021, 3, 21)),
    ((1402, 10, 1), date(2023, 12, 22)),  # 1 Dey, the day after Yalda night
    ((1357, 11, 22), date(1979, 2, 11)),  # 22 Bahman 1357
    ((1408, 12, 30), date(2030, 3, 20)),  # 1408 is a leap year
    ((1700, 1, 1), date(2321, 3, 21)),  # beyond the old hand-written calendar (1210-1629)
]


@pytest.mark.parametrize(("jalali", "gregorian"), CONVERSIONS)
def test_jalali_to_gregorian(jalali: tuple[int, int, int], gregorian: date) -> None:
    assert jalali_to_gregorian(*jalali) == gregorian
    assert jalali_year_of(gregorian) == jalali[0]


@pytest.mark.parametrize(
    ("year", "leap"), [(1399, True), (1403, True), (1404, False), (1407, False), (1408, True)]
)
def test_jalali_leap_years(year: int, leap: bool) -> None:
    assert is_jalali_leap(year) is leap


@pytest.mark.parametrize("bad", [(1404, 12, 30), (1404, 7, 31), (1404, 13, 1), (0, 1, 1)])
def test_invalid_jalali_dates_raise(bad: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError):
        jalali_to_gregorian(*bad)


# --- The reference year of undated source dates -----------------------------------------------


def test_undated_years_come_from_the_reference_year_never_the_clock() -> None:
    assert undated_years(1404) == range(1403, 1406)
    assert undated_years(None) == UNDATED_YEARS == range(1340, 1500)


@pytest.mark.parametrize("bad", [2025, 0, 1299, 1500])
def test_a_reference_year_must_be_jalali(bad: int) -> None:
    with pytest.raises(ConfigError, match="not a Jalali year"):
        check_numbers("جمعه ۱۴ آذر", "Friday, 5 December", "en", reference_year=bad)


ARTICLE_YEARS = [
    (["جمعه ۱۴ آذر"], None),
    (["۱۴ آذر ۱۴۰۴"], 1404),
    (["۱۴۰۴/۰۹/۱۴"], 1404),
    (["تولید سال ۱۴۰۳ افزایش یافت."], 1403),
    (["۵ دسامبر ۲۰۲۵"], 1404),  # a Gregorian date: its Jalali year
    (["۱۴۰۳ نفر"], None),  # a count, not a year
    (["سال ۱۴۰۲", "۱۴ آذر ۱۴۰۴", "در سال ۱۴۰۴"], 1404),  # the most frequent
    (["سال ۱۴۰۲", "سال ۱۴۰۳"], 1403),  # the latest on a tie
]


@pytest.mark.parametrize(("texts", "year"), ARTICLE_YEARS)
def test_article_year(texts: list[str], year: int | None) -> None:
    assert article_year(texts) == year


# (source, target, reference year, expected (code, source surface))
REFERENCE_YEAR_CASES = [
    # 14 Azar is 5 December 2025 (1404) and 5 December 2030 (1409)
    ("جمعه ۱۴ آذر", "Friday, 5 December 2030", 1404, [("missing", "۱۴ آذر")]),
    ("جمعه ۱۴ آذر", "Friday, 5 December 2030", 1409, []),
    ("جمعه ۱۴ آذر", "Friday, 5 December 2030", None, []),  # no year known: any of 1340-1499
    ("جمعه ۱۴ آذر", "Friday, 5 December 1950", None, [("missing", "۱۴ آذر")]),
    ("جمعه ۱۴ آذر", "Friday, 6 December", None, [("missing", "۱۴ آذر")]),
    # the segment names its year
    ("در سال ۱۴۰۴ و روز ۱۴ آذر", "in 2025 and on 5 December 2030", None, [("missing", "۱۴ آذر")]),
    ("در سال ۱۴۰۹ و روز ۱۴ آذر", "in 2030 and on 5 December 2030", None, []),
    # a dated source date is read in its own year, whatever the reference year
    ("۱۴ آذر ۱۴۰۴", "5 December 2025", 1409, []),
]


@pytest.mark.parametrize(("source", "target", "year", "expected"), REFERENCE_YEAR_CASES)
def test_reference_year(
    source: str, target: str, year: int | None, expected: list[tuple[str, str]]
) -> None:
    findings = check_numbers(source, target, "en", reference_year=year)
    assert [(f.code, f.source) for f in findings] == expected


def test_date_message_names_the_gregorian_days() -> None:
    (finding,) = check_numbers("جمعه ۱۴ آذر", "Friday", "en", reference_year=1404)
    assert finding.message.endswith("neither as 14 Azar nor as 4 December or 5 December")
    (finding,) = check_numbers("۱۴ آذر ۱۴۰۴", "Friday", "en")
    assert finding.message.endswith("neither as 14 Azar 1404 nor as 5 December 2025")


# --- Persian source numbers: (text, [(surface, value, kind)]) --------------------------------

SOURCE_CASES = [
    # digits in three scripts, separators and decimals
    ("۲۰ تفاهمنامه", [("۲۰", 20, "digits")]),
    ("٣٠ شرکت", [("٣٠", 30, "digits")]),  # Arabic-Indic digits
    ("30 شرکت", [("30", 30, "digits")]),
    ("۱۲٬۵۰۰ نفر", [("۱۲٬۵۰۰", 12500, "digits")]),
    ("12,500 نفر", [("12,500", 12500, "digits")]),
    ("۳.۵ درصد", [("۳.۵", 3.5, "decimal")]),
    ("۳٫۵ درصد", [("۳٫۵", 3.5, "decimal")]),
    ("۳/۵ درصد", [("۳/۵", 3.5, "decimal")]),  # "/" as the Persian decimal point
    ("ساعت ۱۰:۳۰", [("۱۰", 10, "digits"), ("۳۰", 30, "digits")]),
    # words, tens, compounds with و, multipliers
    ("سه کشور", [("سه", 3, "word")]),
    ("نوزده نفر", [("نوزده", 19, "word")]),
    ("چهل سال", [("چهل", 40, "word")]),
    ("بیست و پنج نفر", [("بیست و پنج", 25, "word")]),
    ("صد و بیست و سه", [("صد و بیست و سه", 123, "word")]),
    ("دو هزار و پانصد", [("دو هزار و پانصد", 2500, "word")]),
    ("هزار و صد نفر", [("هزار و صد", 1100, "word")]),
    ("۲۰ هزار نفر", [("۲۰ هزار", 20000, "digits")]),
    ("۲.۵ میلیون تن", [("۲.۵ میلیون", 2500000, "decimal")]),
    ("دو و نیم میلیارد دلار", [("دو و نیم میلیارد", 2500000000, "word")]),
    ("۲ میلیارد و ۵۰۰ میلیون", [("۲ میلیارد و ۵۰۰ میلیون", 2500000000, "digits")]),
    ("۱۰ هزار و ۲۰ هزار", [("۱۰ هزار", 10000, "digits"), ("۲۰ هزار", 20000, "digits")]),
    ("پنج و شش", [("پنج", 5, "word"), ("شش", 6, "word")]),
    # ordinals
    ("پنجمین نشست", [("پنجمین", 5, "ordinal")]),
    ("دوره پنجم", [("پنجم", 5, "ordinal")]),
    ("دومین سفر", [("دومین", 2, "ordinal")]),
    ("سومین دور", [("سومین", 3, "ordinal")]),
    ("بیست\u200cو\u200cپنجمین سالگرد", [("بیست\u200cو\u200cپنجمین", 25, "ordinal")]),
    ("روز سی\u200cام", [("سی\u200cام", 30, "ordinal")]),
    ("۵ام", [("۵ام", 5, "ordinal")]),
    ("اولین نشست", [("اولین", 1, "ordinal")]),
    ("معاون اول وزیر", [("اول", 1, "ordinal")]),
    # dates
    ("جمعه ۱۴ آذر", [("۱۴ آذر", 14, "date")]),
    ("۱۴ آذر ۱۴۰۴", [("۱۴ آذر ۱۴۰۴", 14, "date")]),
    ("۱۴ آذرماه ۱۴۰۴", [("۱۴ آذرماه ۱۴۰۴", 14, "date")]),
    ("۱۴۰۴/۰۹/۱۴", [("۱۴۰۴/۰۹/۱۴", 14, "date")]),
    ("اول مهر", [("اول مهر", 1, "date")]),
    ("۵ دسامبر ۲۰۲۵", [("۵ دسامبر ۲۰۲۵", 5, "date")]),
    ("سال ۱۴۰۴", [("۱۴۰۴", 1404, "digits")]),
    # not counts
    ("خبرگزاری مهر", []),  # the agency, not the month
    ("هفت تیر", []),  # a square named after a date
    ("یک تفاهمنامه امضا شد", []),  # the article "a"
    ("یک درصد", [("یک", 1, "word")]),  # a count before a measure word
    ("یک میلیون نفر", [("یک میلیون", 1000000, "word")]),
    ("مذاکرات دو جانبه", []),  # "bilateral"
    ("مذاکرات دوجانبه", []),
    ("طی چند سال", []),  # "several"
    ("چندین شرکت", []),
    ("چند هزار نفر", []),  # "several thousand"
    ("هر دو کشور", []),  # "both"
    ("هزاران نفر", []),
    ("صدها شرکت", []),
    ("صد\u200cها شرکت", []),
    ("ده\u200cها هزار نفر", []),  # "tens of thousands"
    ("یکی از شرکت‌ها", []),
    ("یکی دو روز", []),  # "a day or two"
    ("دو سه روز", []),  # "two or three days"
    ("یک سوم بودجه", []),  # a fraction
    ("در دوران جنگ", []),  # دوران "era" holds دو
    ("روز سه\u200cشنبه", []),  # Tuesday, with ZWNJ
    ("روز سهشنبه", []),  # Tuesday, ZWNJ lost
    ("روز سه شنبه", []),  # Tuesday, with a space
    ("روز پنجشنبه", []),
    ("روز ۵شنبه", []),
    ("یکشنبه و دوشنبه", []),
    ("نه تنها", []),  # "not only"
    ("نه نفر", [("نه", 9, "word")]),
    ("بی بی سی گزارش داد", []),  # BBC
    ("سی سال", [("سی", 30, "word")]),
    ("به او می\u200cدهم", []),  # "I give", not "tenth"
    ("در اول سال", []),  # "at the beginning of the year"
    ("صد در صد", []),
    ("دو و میدانی", []),  # athletics
    ("در چهار چوب قانون", []),  # "framework"
    ("سهم ایران", []),  # "share", not "third"
]


@pytest.mark.parametrize(("text", "expected"), SOURCE_CASES)
def test_extract_source_numbers(text: str, expected: list[tuple[str, float, str]]) -> None:
    found = extract_source_numbers(text)
    assert [(n.surface, n.value, n.kind) for n in found] == expected
    assert all(text[n.start : n.end] == n.surface for n in found)


def test_source_dates_carry_month_and_year() -> None:
    (undated,) = extract_source_numbers("جمعه ۱۴ آذر")
    assert undated.date == CalendarDate("jalali", 9, 14, None)
    (dated,) = extract_source_numbers("۱۴ آذر ۱۴۰۴")
    assert dated.date == CalendarDate("jalali", 9, 14, 1404)


def test_a_jalali_year_may_come_out_gregorian() -> None:
    (year,) = extract_source_numbers("سال ۱۴۰۴")
    assert year.alternatives == (2025, 2026)


# --- English and Russian target numbers ----------------------------------------------------

TARGET_CASES = [
    ("20,000 people", "en", [("20,000", 20000, "digits")]),
    ("20 000 people", "en", [("20 000", 20000, "digits")]),
    ("2.5 million", "en", [("2.5 million", 2500000, "decimal")]),
    ("$2.5m", "en", [("2.5m", 2500000, "decimal")]),
    ("twenty-five", "en", [("twenty-five", 25, "word")]),
    ("one hundred and twenty-three", "en", [("one hundred and twenty-three", 123, "word")]),
    ("a thousand", "en", [("a thousand", 1000, "word")]),
    ("two and a half million", "en", [("two and a half million", 2500000, "word")]),
    ("the fifth and the 5th", "en", [("fifth", 5, "ordinal"), ("5th", 5, "ordinal")]),
    ("twenty-first", "en", [("twenty-first", 21, "ordinal")]),
    ("both countries", "en", [("both", 2, "word")]),
    ("thousands of people", "en", []),
    ("Dec. 5", "en", [("Dec. 5", 5, "date"), ("5", 5, "digits")]),
    (
        "14 Azar 1404",
        "en",
        [("14 Azar 1404", 14, "date"), ("14", 14, "digits"), ("1404", 1404, "digits")],
    ),
    ("2,5 млн", "ru", [("2,5 млн", 2500000, "decimal")]),
    ("20 000 человек", "ru", [("20 000", 20000, "digits")]),
    ("двадцать пять", "ru", [("двадцать пять", 25, "word")]),
    ("двух стран", "ru", [("двух", 2, "word")]),
    ("пяти компаний", "ru", [("пяти", 5, "word")]),
    ("на пятом заседании", "ru", [("пятом", 5, "ordinal")]),
    ("5-е заседание", "ru", [("5-е", 5, "ordinal")]),
    ("две тысячи пятьсот", "ru", [("две тысячи пятьсот", 2500, "word")]),
    ("полтора миллиона", "ru", [("полтора миллиона", 1500000, "word")]),
    (
        "5 декабря 2025 года",
        "ru",
        [("5 декабря 2025", 5, "date"), ("5", 5, "digits"), ("2025", 2025, "digits")],
    ),
    ("14 азара", "ru", [("14 азара", 14, "date"), ("14", 14, "digits")]),
]


@pytest.mark.parametrize(("text", "lang", "expected"), TARGET_CASES)
def test_find_target_numbers(text: str, lang: str, expected: list[tuple[str, float, str]]) -> None:
    found = find_target_numbers(text, lang)
    assert [(n.surface, n.value, n.kind) for n in found] == expected
    assert all(text[n.start : n.end] == n.surface for n in found)


def test_ambiguous_russian_comma_keeps_both_readings() -> None:
    (number,) = find_target_numbers("20,000", "ru")
    assert (number.value, number.alternatives) == (20, (20000,))


# --- The check: (source, target, lang, [(code, source surface)]) ---------------------------

MISSING = "missing"
DIGITS = "untranslated-digits"

CHECK_CASES = [
    # clean pairs written for these tests
    ("وزیر گفت ۱۲ شرکت در نمایشگاه حضور داشتند.", "The minister said 12 companies attended.", "en", []),
    ("وزیر گفت ۱۲ شرکت در نمایشگاه حضور داشتند.", "Министр сообщил, что участвовали 12 компаний.", "ru", []),
    ("صادرات ۲.۵ میلیون تن افزایش یافت.", "Exports rose by 2.5 million tonnes.", "en", []),
    ("صادرات ۲.۵ میلیون تن افزایش یافت.", "Экспорт вырос на 2,5 млн тонн.", "ru", []),
    ("صادرات ۲.۵ میلیون تن افزایش یافت.", "Exports rose by 2,500,000 tonnes.", "en", []),
    ("فروش ۲.۵ میلیون دلار بود.", "Sales were $2.5m.", "en", []),
    ("طول جاده ۱۰۰ متر است.", "The road is 100 m long.", "en", []),
    ("بیست و پنج نفر زخمی شدند.", "Twenty-five people were injured.", "en", []),
    ("بیست و پنج نفر زخمی شدند.", "Пострадали 25 человек.", "ru", []),
    ("۲۰ هزار نفر شرکت کردند.", "20,000 people took part.", "en", []),
    ("۲۰ هزار نفر شرکت کردند.", "Twenty thousand people took part.", "en", []),
    ("۲۰ هزار نفر شرکت کردند.", "Приняли участие 20 тысяч человек.", "ru", []),
    ("٣٠ شرکت حضور داشتند.", "30 companies attended.", "en", []),
    ("نرخ تورم ۳٫۵ درصد بود.", "Inflation was 3.5 percent.", "en", []),
    ("نرخ تورم ۳/۵ درصد بود.", "Инфляция составила 3,5 процента.", "ru", []),
    ("قیمت‌ها ۲۰ درصد افزایش یافت.", "Prices rose 20%.", "en", []),
    ("یک درصد", "one percent", "en", []),
    ("یک تفاهمنامه امضا شد.", "A memorandum was signed.", "en", []),
    ("یک تفاهمنامه امضا شد.", "Был подписан меморандум.", "ru", []),
    ("مذاکرات دو جانبه ادامه دارد.", "Bilateral talks continue.", "en", []),
    ("مذاکرات دو جانبه ادامه دارد.", "Двусторонние переговоры продолжаются.", "ru", []),
    ("طی چند سال اخیر همکاری گسترش یافت.", "Cooperation grew over the past few years.", "en", []),
    ("طی چند سال اخیر همکاری گسترش یافت.", "За последние несколько лет сотрудничество выросло.", "ru", []),
    ("هر دو کشور از توافق استقبال کردند.", "Both countries welcomed the deal.", "en", []),
    ("هر دو کشور از توافق استقبال کردند.", "Обе страны приветствовали соглашение.", "ru", []),
    ("این نشست روز سه\u200cشنبه برگزار شد.", "The meeting was held on Tuesday.", "en", []),
    ("این نشست روز سهشنبه برگزار شد.", "Встреча состоялась во вторник.", "ru", []),
    ("ده\u200cها هزار نفر تظاهرات کردند.", "Tens of thousands of people marched.", "en", []),
    ("بی بی سی گزارش داد.", "The BBC reported.", "en", []),
    ("تولید سال ۱۴۰۴ افزایش یافت.", "Output rose in 2025.", "en", []),
    ("نه کشور عضو شدند.", "Nine countries joined.", "en", []),
    ("نه کشور عضو شدند.", "Членами стали девять стран.", "ru", []),
    ("نمایندگان شانزده شرکت", "представители шестнадцати компаний", "ru", []),
    ("چهل سال", "forty years", "en", []),
    ("نود سال", "девяносто лет", "ru", []),
    ("۲ کشور", "two countries", "en", []),
    ("۲ کشور", "двух стран", "ru", []),
    ("۲ کشور", "both countries", "en", []),
    # ordinals as words or digits
    ("پنجمین نشست", "the fifth meeting", "en", []),
    ("پنجمین نشست", "the 5th meeting", "en", []),
    ("پنجمین نشست", "пятое заседание", "ru", []),
    ("پنجمین نشست", "итоги пятого заседания", "ru", []),
    ("پنجمین نشست", "5-е заседание", "ru", []),
    ("معاون اول وزیر", "the First Deputy Minister", "en", []),
    # dates
    ("جمعه ۱۴ آذر", "Friday, 14 Azar", "en", []),
    ("جمعه ۱۴ آذر", "Friday, December 5", "en", []),
    ("جمعه ۱۴ آذر", "в пятницу, 5 декабря", "ru", []),
    ("جمعه ۱۴ آذر", "в пятницу, 14 азара", "ru", []),
    ("جمعه ۱۴ آذر", "Friday, 5 December 2025", "en", []),
    ("۱۴ آذر ۱۴۰۴", "5 December 2025", "en", []),
    ("۱۴ آذر ۱۴۰۴", "14 Azar 1404 (5 December 2025)", "en", []),
    ("۱۴ آذر ۱۴۰۴", "5 декабря 2025 года", "ru", []),
    # changed, missing and untranslated numbers
    ("۲۰ تفاهمنامه امضا شد.", "21 memoranda were signed.", "en", [(MISSING, "۲۰")]),
    ("۲۰ تفاهمنامه امضا شد.", "Подписан 21 меморандум.", "ru", [(MISSING, "۲۰")]),
    ("نمایندگان ۱۶ شرکت", "representatives of companies", "en", [(MISSING, "۱۶")]),
    ("نمایندگان ۱۶ شرکت", "representatives of ۱۶ companies", "en", [(DIGITS, "۱۶")]),
    ("نمایندگان ۱۶ شرکت", "представители ١٦ компаний", "ru", [(DIGITS, "۱۶")]),
    ("پنجمین نشست", "the sixth meeting", "en", [(MISSING, "پنجمین")]),
    ("پنجمین نشست", "шестое заседание", "ru", [(MISSING, "پنجمین")]),
    ("دو کشور", "three countries", "en", [(MISSING, "دو")]),
    ("۲ کشور", "трёх стран", "ru", [(MISSING, "۲")]),
    ("۲۰ هزار نفر", "20 people", "en", [(MISSING, "۲۰ هزار")]),
    ("۲.۵ میلیون تن", "25 million tonnes", "en", [(MISSING, "۲.۵ میلیون")]),
    ("یک میلیون دلار", "two million dollars", "en", [(MISSING, "یک میلیون")]),
    ("پنج قرارداد و پنج تفاهمنامه", "five contracts and memoranda", "en", [(MISSING, "پنج")]),
    ("جمعه ۱۴ آذر", "Friday, 15 Azar", "en", [(MISSING, "۱۴ آذر")]),
    ("جمعه ۱۴ آذر", "Friday, 6 December", "en", [(MISSING, "۱۴ آذر")]),
    ("جمعه ۱۴ آذر", "Friday", "en", [(MISSING, "۱۴ آذر")]),
    ("۱۴ آذر ۱۴۰۴", "5 December 2024", "en", [(MISSING, "۱۴ آذر ۱۴۰۴")]),
    ("۱۴ آذر ۱۴۰۴", "14 Azar 1403", "en", [(MISSING, "۱۴ آذر ۱۴۰۴")]),
    # the day of a date is no count: "fifth" -> "sixth" next to "5 December" is still caught
    ("پنجمین نشست روز ۱۴ آذر", "The sixth meeting on 5 December", "en", [(MISSING, "پنجمین")]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "lang", "expected"), CHECK_CASES)
def test_check_numbers(
    source: str, target: str, lang: str, expected: list[tuple[str, str]]
) -> None:
    findings = check_numbers(source, target, lang, reference_year=1404)
    assert [(f.code, f.source) for f in findings] == expected


def test_missing_finding_locates_the_source_number() -> None:
    source = "در مجموع، ۲۰ تفاهمنامه امضا شد."
    (finding,) = check_numbers(source, "In all, 21 memoranda were signed.", "en")
    assert source[finding.start : finding.end] == "۲۰"
    assert finding.value == 20
    assert finding.kind == "digits"
    assert "21" in finding.message


def test_untranslated_digits_give_target_evidence() -> None:
    target = "representatives of ۱۶ companies"
    (finding,) = check_numbers("نمایندگان ۱۶ شرکت", target, "en")
    assert target[finding.target_start : finding.target_end] == "۱۶"
    assert finding.to_dict()["target"] == "۱۶"
    assert "16" in finding.message


def test_untranslated_digits_without_a_source_number() -> None:
    (finding,) = check_numbers("نمایندگان شرکت‌ها", "representatives of ۱۶ companies", "en")
    assert (finding.code, finding.source, finding.start) == (DIGITS, "", None)


def test_each_target_number_counts_once() -> None:
    findings = check_numbers("پنج قرارداد و پنج تفاهمنامه", "five contracts and five MoUs", "en")
    assert findings == []


@pytest.mark.parametrize("lang", ["fa", "de", ""])
def test_unknown_target_language(lang: str) -> None:
    with pytest.raises(ConfigError, match="English or Russian"):
        check_numbers("۲ کشور", "2", lang)


def test_empty_segments() -> None:
    assert check_numbers("", "", "en") == []
    assert [f.source for f in check_numbers("۲ کشور", "", "ru")] == ["۲"]


# --- The seed article and its human references ---------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_references_are_clean(
    seed_lines: list[str], reference_lines: dict[str, list[str]], lang: str
) -> None:
    references = reference_lines[lang]
    assert len(seed_lines) == len(references) == 11
    findings = {
        number: check_numbers(source, target, lang)
        for number, (source, target) in enumerate(zip(seed_lines, references, strict=True), 1)
    }
    assert {n: f for n, f in findings.items() if f} == {}


def test_seed_numbers(seed_lines: list[str]) -> None:
    found = {
        number: [(n.surface, n.value) for n in extract_source_numbers(line)]
        for number, line in enumerate(seed_lines, 1)
    }
    assert {n: f for n, f in found.items() if f} == {
        3: [("۲۰", 20), ("پنج", 5)],
        4: [("پنجمین", 5), ("دو", 2)],
        7: [("۲", 2), ("پنج", 5)],
        8: [("۲", 2)],
        9: [("پنجمین", 5), ("۱۴ آذر", 14)],
        10: [("۱۶", 16)],
        11: [("پنج", 5)],
    }


# (line, language, text in the reference, replacement, expected (code, source surface))
MUTATIONS = [
    (3, "en", "20 memoranda", "21 memoranda", (MISSING, "۲۰")),
    (3, "en", "and five contracts", "and six contracts", (MISSING, "پنج")),
    (4, "en", "fifth meeting", "sixth meeting", (MISSING, "پنجمین")),
    (4, "en", "the two countries", "the three countries", (MISSING, "دو")),
    (7, "en", "five of which", "four of which", (MISSING, "پنج")),
    (9, "en", "The fifth session", "The sixth session", (MISSING, "پنجمین")),
    (9, "en", "14 Azar (5 December 2025)", "15 Azar (6 December 2025)", (MISSING, "۱۴ آذر")),
    (10, "en", "16 leading", "leading", (MISSING, "۱۶")),
    (10, "en", "16 leading", "۱۶ leading", (DIGITS, "۱۶")),
    (3, "ru", "20 меморандумов", "21 меморандума", (MISSING, "۲۰")),
    (4, "ru", "двух стран", "трёх стран", (MISSING, "دو")),
    (8, "ru", "Две страны", "Три страны", (MISSING, "۲")),
    (9, "ru", "Пятое заседание", "Шестое заседание", (MISSING, "پنجمین")),
    (9, "ru", "14 азара (5 декабря 2025 года)", "(4 декабря 2025 года)", (MISSING, "۱۴ آذر")),
    (10, "ru", "16 ведущих", "ведущих", (MISSING, "۱۶")),
    (11, "ru", "пяти иранских", "шести иранских", (MISSING, "پنج")),
]


@pytest.mark.parametrize(("line", "lang", "old", "new", "expected"), MUTATIONS)
def test_mutated_reference_is_flagged(
    seed_lines: list[str],
    reference_lines: dict[str, list[str]],
    line: int,
    lang: str,
    old: str,
    new: str,
    expected: tuple[str, str],
) -> None:
    reference = reference_lines[lang][line - 1]
    assert old in reference
    findings = check_numbers(seed_lines[line - 1], reference.replace(old, new), lang)
    assert [(f.code, f.source) for f in findings] == [expected]
