"""The term-number check: a placed term in another number than its source occurrence.
Hand-checked pairs in both languages."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
import toy_tr
from builders import build_glossary

from toolkit.evaluate.report import evaluate
from toolkit.glossary.model import Glossary, Term
from toolkit.languages import get, register, unregister

GLOSSARY = build_glossary(
    [
        (
            "معاون وزیر ارتباطات و فناوری اطلاعات",
            "Deputy Minister of Information and Communications Technology",
            "заместитель министра информационных и коммуникационных технологий",
            {"domain": "title"},
        ),
        (
            "جمهوری اسلامی ایران",
            "Islamic Republic of Iran",
            "Исламская Республика Иран",
            {"pos": "propn", "domain": "place"},
        ),
        ("قرارداد", "contract", "контракт"),
        ("همکاری", "cooperation", "сотрудничество"),
        ("مذاکرات دوجانبه", "bilateral talks", "двусторонние переговоры"),
        ("ایرانی", "Iranian", "иранский", {"pos": "adj"}),
        ("شرکت", "company", "компания"),
    ]
)
DEPUTY = "معاون وزیر ارتباطات و فناوری اطلاعات سخنرانی کرد."

CASES = [
    # (source, target, lang, findings as (segment, source number, target number))
    (DEPUTY, "The Deputy Minister of Information and Communications Technology spoke.", "en", []),
    (
        DEPUTY,
        "The Deputy Ministers of Information and Communications Technology spoke.",
        "en",
        [("sing", "plur")],
    ),
    ("پنج قرارداد امضا شد.", "Five contracts were signed.", "en", []),
    ("پنج قرارداد امضا شد.", "Five contract were signed.", "en", [("plur", "sing")]),
    ("قراردادها امضا شد.", "The contracts were signed.", "en", []),
    ("قرارداد امضا شد.", "The contracts were signed.", "en", [("sing", "plur")]),
    ("همکاری‌ها ادامه دارد.", "Cooperation continues.", "en", []),  # a mass noun
    ("مذاکرات دوجانبه انجام شد.", "Bilateral talks were held.", "en", []),  # plural only
    (
        DEPUTY,
        "Выступил заместитель министра информационных и коммуникационных технологий.",
        "ru",
        [],
    ),
    (
        DEPUTY,
        "Выступили заместители министра информационных и коммуникационных технологий.",
        "ru",
        [("sing", "plur")],
    ),
    ("پنج قرارداد امضا شد.", "Подписано пять контрактов.", "ru", []),
    ("دو شرکت قرارداد امضا کردند.", "Две компании подписали контракт.", "ru", []),  # 2–4
    ("قرارداد امضا شد.", "Контракты подписаны.", "ru", [("sing", "plur")]),
    ("قراردادها امضا شد.", "Контракт подписан.", "ru", [("plur", "sing")]),
    ("همکاری‌ها ادامه دارد.", "Сотрудничество продолжается.", "ru", []),  # no plural
    ("شرکت‌های ایرانی", "иранские компании", "ru", []),  # an adjective agrees with its noun
]


@pytest.mark.parametrize(("source", "target", "lang", "expected"), CASES)
def test_term_number(source: str, target: str, lang: str, expected: list) -> None:
    report = evaluate(source, target, lang, glossary=GLOSSARY)
    found = [
        (f.detail.source_number, f.detail.target_number)  # type: ignore[union-attr]
        for f in report.of("term-number")
    ]
    assert found == expected
    assert all(
        f.severity == "warning" and f.kind == "wrong-number" for f in report.of("term-number")
    )


def test_a_name_made_plural_is_not_the_name() -> None:
    # "Islamic Republics of Iran" is no accepted form of a name at all: the term check's.
    report = evaluate(
        "سفیر جمهوری اسلامی ایران سخن گفت.",
        "The ambassador of the Islamic Republics of Iran spoke.",
        "en",
        glossary=GLOSSARY,
    )
    assert [(f.check, f.kind) for f in report.findings] == [("term", "missing")]


def test_the_finding_is_in_the_reports_json() -> None:
    report = evaluate(
        DEPUTY,
        "The Deputy Ministers of Information and Communications Technology spoke.",
        "en",
        glossary=GLOSSARY,
    )
    rows = [f for f in report.to_dict()["findings"] if f["check"] == "term-number"]
    assert rows == [
        {
            "check": "term-number",
            "severity": "warning",
            "segment": 1,
            "message": "term 'معاون وزیر ارتباطات و فناوری اطلاعات' is singular in the source "
            "but 'Deputy Ministers of Information and Communications Technology' is plural",
            "source": "معاون وزیر ارتباطات و فناوری اطلاعات",
            "source_span": [0, 36],
            "target": "Deputy Ministers of Information and Communications Technology",
            "source_term": "معاون وزیر ارتباطات و فناوری اطلاعات",
            "source_number": "sing",
            "target_number": "plur",
            "kind": "wrong-number",
        }
    ]


# --- a registered language supplies its own hooks (tests/toy_tr.py) ------------------------

TURKISH = Glossary(
    (Term.create({"fa": ["قرارداد"], "tr": ["sözleşme", "sözleşmeler"]}, id="t1"),),
    ("fa", "tr"),
    name="tr.tsv",
)
TURKISH_CASES = [
    # (source, target, findings as (source number, target number))
    ("وزارت امروز قرارداد را امضا کرد.", "Bakanlık bugün sözleşme imzaladı.", []),
    (
        "وزارت امروز قرارداد را امضا کرد.",
        "Bakanlık bugün sözleşmeler imzaladı.",
        [("sing", "plur")],
    ),
    ("وزارت امروز قراردادها را امضا کرد.", "Bakanlık bugün sözleşme imzaladı.", [("plur", "sing")]),
    ("وزارت امروز پنج قرارداد امضا کرد.", "Bakanlık bugün beş sözleşme imzaladı.", []),  # after 5
]


@pytest.fixture
def turkish() -> Iterator[None]:
    register("tr", "toy_tr")
    yield
    unregister("tr")


def number_findings(source: str, target: str, lang: str, glossary: Glossary) -> list:
    report = evaluate(source, target, lang, glossary=glossary)
    return [
        (f.detail.source_number, f.detail.target_number)  # type: ignore[union-attr]
        for f in report.of("term-number")
    ]


@pytest.mark.parametrize(("source", "target", "expected"), TURKISH_CASES)
def test_a_registered_language_gets_the_check_from_its_hooks(
    turkish: None, source: str, target: str, expected: list
) -> None:
    assert number_findings(source, target, "tr", TURKISH) == expected


def test_a_language_without_the_hooks_is_not_checked() -> None:
    plain = dataclasses.replace(toy_tr.LANGUAGE, rendering_number="", shows_number="")
    register("tr", plain)
    try:
        source, target, _ = TURKISH_CASES[1]
        assert number_findings(source, target, "tr", TURKISH) == []
    finally:
        unregister("tr")


def test_english_and_russian_name_their_hooks() -> None:
    assert get("en").rendering_number.endswith(":english_rendering_number")
    assert get("ru").shows_number.endswith(":russian_shows_number")
    assert get("fa").rendering_number == ""  # the source language: nothing to check
