"""Each check on small hand-made segment pairs."""

import pytest
from builders import build_glossary

from toolkit.evaluate.checks import ConsistencyDetail
from toolkit.evaluate.report import evaluate

GLOSSARY = build_glossary(
    [
        ("تفاهم‌نامه", "memorandum of understanding|MoU", "меморандум о взаимопонимании"),
        ("قرارداد", "contract", "контракт"),
        ("کارگروه مشترک", "joint working group", "совместная рабочая группа"),
        ("سفیر", "ambassador", "посол"),
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
