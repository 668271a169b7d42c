"""Each check on small hand-made segment pairs."""

import re

import pytest
from builders import build_glossary

from toolkit.evaluate.checks import (
    ConsistencyDetail,
    CoverageCheck,
    SwappedDetail,
    WrongDateDetail,
    short_bound,
)
from toolkit.evaluate.report import evaluate
from toolkit.text.numbers import Misattached

GLOSSARY = build_glossary(
    [
        ("تفاهم‌نامه", "memorandum of understanding|MoU", "меморандум о взаимопонимании"),
        ("قرارداد", "contract", "контракт"),
        ("کارگروه مشترک", "joint working group", "совместная рабочая группа"),
        ("سفیر", "ambassador", "посол"),
        # not in the number package's counted-noun lexicon: only the glossary makes them nouns
        ("کارگاه آموزشی", "training workshop", "учебный семинар"),
        ("نمایشگاه", "exhibition", "выставка"),
    ]
)


def kinds(source: str, target: str, lang: str = "en") -> list[tuple[str, str, str]]:
    report = evaluate(source, target, lang, glossary=GLOSSARY)
    return [(f.check, f.severity, f.kind or "") for f in report.findings]


# (source, target, lang, expected (check, severity, kind) findings), checked by hand.
CASES = [
    ("۲۰ تفاهم‌نامه امضا شد.", "20 memoranda of understanding were signed.", "en", []),
    ("۲۰ تفاهم‌نامه امضا شد.", "20 agreements were signed.", "en", [("term", "error", "missing")]),
    (
        "۲۰ تفاهم‌نامه امضا شد.",
        "21 memoranda of understanding were signed.",
        "en",
        [("number", "error", "missing")],
    ),
    ("۲۰ تفاهم‌نامه امضا شد.", "Twenty MoUs were signed.", "en", []),
    (
        "۲۰ تفاهم‌نامه امضا شد.",
        "۲۰ memoranda of understanding were signed.",
        "en",
        [("number", "warning", "untranslated-digits")],
    ),
    ("کارگروه مشترک تشکیل شد.", "Заседание совместной рабочей группы прошло.", "ru", []),
    ("سفیر گفت.", "Послу сказали.", "ru", []),
    ("پنج قرارداد امضا شد.", "Пять контрактов подписано.", "ru", []),
    ("پنج قرارداد امضا شد.", "Шесть контрактов подписано.", "ru", [("number", "error", "missing")]),
    ("پنج قرارداد امضا شد.", "", "en", [("coverage", "error", "empty")]),
    ("پنج قرارداد امضا شد.", "پنج قرارداد امضا شد.", "en", [("untranslated", "error", "segment")]),
    (
        "کارگروه مشترک در مسکو با حضور نمایندگان دو کشور تشکیل شد و پنج قرارداد امضا شد.",
        "The joint working group met in Moscow and five contracts were signed با حضور نمایندگان دو کشور.",
        "en",
        # The span left in Persian holds the number دو ("two"), so it is missing too.
        [("untranslated", "warning", "span"), ("number", "error", "missing")],
    ),
    (
        "کارگروه مشترک در مسکو با حضور نمایندگان دو کشور و شرکت‌های فناوری تشکیل شد و پنج قرارداد امضا شد.",
        "The joint working group met in Moscow.",
        "en",
        # Dropped: دو (two), پنج (five) and the term قرارداد.
        [
            ("coverage", "warning", "short"),
            ("number", "error", "missing"),
            ("number", "error", "missing"),
            ("term", "error", "missing"),
        ],
    ),
]


CASES += [
    # a date given in both calendars, one of them wrong
    (
        "نشست روز جمعه ۱۴ آذر پایان یافت.",
        "The meeting ended on Friday, 14 Azar (6 December 2025).",
        "en",
        [("number", "error", "wrong-date")],
    ),
    (
        "نشست روز جمعه ۱۴ آذر پایان یافت.",
        "Заседание завершилось в пятницу, 24 азара (5 декабря).",
        "ru",
        [("number", "error", "wrong-date")],
    ),
    (
        "نشست روز جمعه ۱۴ آذر پایان یافت.",
        "The meeting ended on Friday, 14 Azar (5 December 2025).",
        "en",
        [],
    ),
    # figures swapped between their nouns (glossary terms)
    (
        "۲۰ تفاهم‌نامه و پنج قرارداد امضا شد.",
        "20 contracts and five memoranda of understanding were signed.",
        "en",
        [("number", "error", "swapped")],
    ),
    (
        "۲۰ تفاهم‌نامه و پنج قرارداد امضا شد.",
        "Подписаны 20 контрактов и пять меморандумов о взаимопонимании.",
        "ru",
        [("number", "error", "swapped")],
    ),
    (
        "۲۰ تفاهم‌نامه و پنج قرارداد امضا شد.",
        "Подписаны пять контрактов и 20 меморандумов о взаимопонимании.",
        "ru",
        [],
    ),
    (
        "۲۰ کارگاه آموزشی و ۵ نمایشگاه برگزار شد.",
        "5 training workshops and 20 exhibitions were held.",
        "en",
        [("number", "error", "swapped")],
    ),
    (
        "۲۰ کارگاه آموزشی و ۵ نمایشگاه برگزار شد.",
        "Прошли 20 учебных семинаров и пять выставок.",
        "ru",
        [],
    ),
]


@pytest.mark.parametrize(("source", "target", "lang", "expected"), CASES)
def test_checks(source: str, target: str, lang: str, expected: list[tuple[str, str, str]]) -> None:
    assert sorted(kinds(source, target, lang)) == sorted(expected)


def test_consistency_flags_two_variants_of_one_source_form() -> None:
    source = "تفاهم‌نامه امضا شد.\nتفاهم‌نامه دوم امضا شد."
    target = "A memorandum of understanding was signed.\nA second MoU was signed."
    report = evaluate(source, target, "en", glossary=GLOSSARY)
    assert [(f.check, f.segment) for f in report.findings] == [("term-consistency", 2)]
    assert report.findings[0].detail == ConsistencyDetail(
        source_term="تفاهم‌نامه", variants={"memorandum of understanding": (1,), "MoU": (2,)}
    )


def test_inflected_forms_are_not_inconsistency() -> None:
    source = "کارگروه مشترک تشکیل شد.\nکارگروه مشترک پایان یافت."
    target = (
        "Совместная рабочая группа собралась.\nЗаседание совместной рабочей группы завершилось."
    )
    assert evaluate(source, target, "ru", glossary=GLOSSARY).findings == []


def test_term_accuracy_counts_occurrences() -> None:
    source = "قرارداد و تفاهم‌نامه.\nقرارداد."
    target = "A contract and a deal.\nA contract."
    report = evaluate(source, target, "en", glossary=GLOSSARY)
    assert (report.terms_total, report.terms_matched) == (3, 2)
    data = report.to_dict()["terms"]
    assert data["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert data["violations"] == [
        {
            "segment": 1,
            "source_term": "تفاهم‌نامه",
            "expected": "memorandum of understanding",
            "kind": "missing",
            "source": "تفاهم‌نامه",
        }
    ]


def test_repeated_term_is_satisfied_by_one_rendering() -> None:
    source = "تعدادی قرارداد نهایی شد که پنج قرارداد امضا شد."
    target = "A number of contracts were finalized, five of which were signed."
    report = evaluate(source, target, "en", glossary=GLOSSARY)
    assert report.terms_matched == report.terms_total == 2
    # The second occurrence has no rendering of its own: reported on its own, as a note.
    assert [(f.severity, f.kind) for f in report.findings] == [("info", "shared")]
    assert [u.shared for u in report.term_uses] == [False, True]


def test_number_details_name_the_wrong_calendar_and_the_swapped_nouns() -> None:
    report = evaluate("روز جمعه ۱۴ آذر", "on Friday, 24 Azar (5 December)", "en", glossary=GLOSSARY)
    (finding,) = report.findings
    assert finding.detail == WrongDateDetail(
        calendar="jalali", given="24 Azar", expected="14 Azar", value=14
    )
    source = "۲۰ تفاهم‌نامه و پنج قرارداد امضا شد."
    target = "20 contracts and five memoranda of understanding were signed."
    (finding,) = evaluate(source, target, "en", glossary=GLOSSARY).findings
    # The glossary's matcher gives the whole rendering of the term, not only its head noun.
    assert finding.detail == SwappedDetail(
        numbers=(
            Misattached(20, "تفاهم‌نامه", "contracts"),
            Misattached(5, "قرارداد", "memoranda of understanding"),
        )
    )
    assert finding.source_span == (0, len("۲۰ تفاهم‌نامه و پنج قرارداد"))


def test_a_glossary_term_is_a_noun_only_with_the_glossary() -> None:
    source = "۲۰ کارگاه آموزشی و ۵ نمایشگاه برگزار شد."
    target = "5 training workshops and 20 exhibitions were held."
    assert [f.kind for f in evaluate(source, target, "en", glossary=GLOSSARY).findings] == [
        "swapped"
    ]
    assert evaluate(source, target, "en").findings == []


# --- Coverage: the short bound tightens with the line's length -----------------------------


@pytest.mark.parametrize(
    ("chars", "ratio", "bound"),
    [(25, 1.35, 0.7), (150, 1.42, 0.7), (380, 1.42, 0.7832), (500, 1.35, 0.8), (5000, 1.35, 0.8)],
)
def test_short_bound(chars: int, ratio: float, bound: float) -> None:
    assert short_bound(chars, ratio) == pytest.approx(bound, abs=1e-4)


def _line(word: str, chars: int) -> str:
    return ((word + " ") * (chars // (len(word) + 1) + 1))[:chars].strip()


@pytest.mark.parametrize(
    ("source_chars", "relative", "short"),
    [
        (400, 0.75, True),  # a quarter of a long line gone: below 0.78
        (400, 0.85, False),
        (100, 0.75, False),  # a short line may be 0.75 of the norm
        (100, 0.65, True),
    ],
)
def test_a_long_line_is_held_to_a_tighter_bound(
    source_chars: int, relative: float, short: bool
) -> None:
    source = _line("کلمه", source_chars)
    target = _line("word", round(relative * 1.35 * len(source)))
    kinds = [f.kind for f in evaluate(source, target, "en", checks=(CoverageCheck.id,)).findings]
    assert kinds == (["short"] if short else [])


def test_an_untranslated_segment_is_not_also_short() -> None:
    source = _line("کلمه", 300)
    kinds = [(f.check, f.kind) for f in evaluate(source, source[:150], "en").findings]
    assert kinds == [("untranslated", "segment")]


def test_a_short_line_just_under_its_bound_shows_two_different_figures() -> None:
    # 100 source characters: the bound is 0.70 of the expected length; a target at 0.698 of
    # it read "0.70× ..., below 0.70×" before.
    source = _line("کلمه", 100)
    length = next(
        n for n in range(200) if 0.695 <= n / (1.35 * len(source)) < short_bound(len(source), 1.35)
    )
    findings = evaluate(source, _line("word", length), "en", checks=(CoverageCheck.id,)).findings
    assert [f.kind for f in findings] == ["short"]
    shown = re.findall(r"(\d\.\d+)×", findings[0].message)
    assert len(shown) == 2 and shown[0] != shown[1], findings[0].message
