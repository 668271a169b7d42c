"""The summary support check (:mod:`toolkit.evaluate.support`): every number, date, name
and glossary term of a summary must be in its Persian article. Hand-checked cases."""

from __future__ import annotations

import pytest

from toolkit.evaluate.support import check_summary, name_supported, names_of
from toolkit.glossary.model import Glossary, Term

GLOSSARY = Glossary(
    (
        Term.create({"fa": "امنیت سایبری", "en": "cybersecurity", "ru": "кибербезопасность"}),
        Term.create({"fa": "قرارداد", "en": "contract", "ru": "контракт"}),
    ),
    ("fa", "en", "ru"),
)
# Sattar Hashemi, Iran's minister of communications, signed five contracts in Moscow on
# 14 Azar 1404 (5 December 2025). The sector's growth was 20 percent.
ARTICLE = (
    "ستار هاشمی وزیر ارتباطات ایران روز ۱۴ آذر ۱۴۰۴ در مسکو پنج قرارداد امضا کرد.\n"
    "رشد این بخش ۲۰ درصد بود."
)

CASES = [
    # (summary, language, unsupported (kind, words))
    ("Sattar Hashemi signed five contracts in Moscow.", "en", []),
    ("He signed 7 contracts.", "en", [("number", "7")]),
    ("Growth was 20 percent.", "en", []),
    ("Growth was 30 percent.", "en", [("number", "30")]),
    ("On 14 Azar 1404 he visited Moscow.", "en", []),
    ("On 5 December 2025 he visited Moscow.", "en", []),  # 14 Azar 1404, Gregorian
    ("On 6 December 2025 he visited.", "en", [("date", "6 December 2025")]),
    ("He met them in 2025.", "en", []),  # the Jalali year 1404 is 2025/2026
    ("He met them in 2031.", "en", [("number", "2031")]),
    ("Then Vladimir Putin welcomed him.", "en", [("name", "Vladimir"), ("name", "Putin")]),
    ("The Iranian minister signed.", "en", []),  # Iran, in the article
    ("They discussed cybersecurity.", "en", [("term", "cybersecurity")]),
    ("Саттар Хашеми подписал пять контрактов в Москве.", "ru", []),
    ("Подписано 7 контрактов.", "ru", [("number", "7")]),
    ("Обсуждалась кибербезопасность.", "ru", [("term", "кибербезопасность")]),
    ("Затем Путин встретил его.", "ru", [("name", "Путин")]),
    ("هاشمی پنج قرارداد امضا کرد.", "fa", []),
    ("هاشمی هفت قرارداد امضا کرد.", "fa", [("number", "هفت")]),
    ("هاشمی در ۱۴ آذر در مسکو بود.", "fa", []),
    ("هاشمی در ۱۵ آذر در مسکو بود.", "fa", [("date", "۱۵ آذر")]),
    ("هاشمی درباره امنیت سایبری گفت.", "fa", [("term", "امنیت سایبری")]),
]


@pytest.mark.parametrize(("summary", "lang", "expected"), CASES)
def test_what_the_article_does_not_say_is_an_error(
    summary: str, lang: str, expected: list[tuple[str, str]]
) -> None:
    findings = check_summary(ARTICLE, summary, lang, GLOSSARY)
    assert [(f.detail.kind, f.detail.value) for f in findings] == expected
    assert all(f.severity == "error" and f.check == "support" for f in findings)
    assert all(f.target_evidence in summary for f in findings)


def test_a_missing_article_number_is_no_finding_and_sentences_are_numbered() -> None:
    # the summary leaves the 20 percent out (a summary leaves things out): not a finding;
    # its second sentence has an unsupported number
    findings = check_summary(
        ARTICLE, "Hashemi signed five contracts.\nGrowth was 40 percent.", "en"
    )
    assert [(f.segment, f.detail.value) for f in findings] == [(2, "40")]


NAMES = [
    ("The Minister met Putin in Moscow.", "en", ["Minister", "Putin", "Moscow"]),
    ("Both ICT and AI grew; Putin and Putin.", "en", ["ICT", "Putin"]),  # AI: 2 letters
    ("Moscow is large.", "en", []),  # a sentence's first word
    ("Глава Минкомсвязи посетил Москву и Тегеран.", "ru", ["Минкомсвязи", "Москву", "Тегеран"]),
]


@pytest.mark.parametrize(("sentence", "lang", "expected"), NAMES)
def test_names_are_capitalised_words_after_the_first(
    sentence: str, lang: str, expected: list[str]
) -> None:
    assert names_of(sentence, lang) == expected


SUPPORTED = [
    ("Iranian", ["iran"], True),  # the rendering starts the word
    ("России", ["россия"], True),  # the word less its ending starts the rendering
    ("Muhammad", ["mohammad"], True),  # spelled alike: 0.875
    ("Putin", ["pouya", "tehran"], False),
    ("Ira", ["iran"], False),  # too short a start, too short to be spelled alike
    ("Ali", ["ali"], True),
]


@pytest.mark.parametrize(("word", "renderings", "expected"), SUPPORTED)
def test_a_name_matches_a_rendering_by_its_start_or_its_spelling(
    word: str, renderings: list[str], expected: bool
) -> None:
    assert name_supported(word, renderings) is expected
