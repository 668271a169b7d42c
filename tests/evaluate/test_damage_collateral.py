"""The damage check's collateral edits: words a translation changed against its baseline
(the unconstrained output) outside the term placements. Hand-checked pairs in both languages,
the issue's examples among them (issue 22)."""

from __future__ import annotations

import json

import jsonschema
import pytest
from builders import ROOT, build_glossary

from toolkit.evaluate.checks import CollateralDetail, Placement, collateral_edits
from toolkit.evaluate.html import render_html
from toolkit.evaluate.report import evaluate, render_text

SCHEMA = json.loads((ROOT / "toolkit" / "evaluate" / "report.schema.json").read_text("utf-8"))

# A variant glossary, as in the issue: other wording than the models' own.
GLOSSARY = build_glossary(
    [
        ("هیئت", "mission", "миссия"),
        ("سفیر", "envoy", "посланник"),
        ("قرارداد", "agreement", "соглашение"),
        ("کارگروه مشترک", "commission", "комиссия"),
        ("خبرگزاری جمهوری اسلامی", "IRNA", "ИРНА"),
        (
            "وزارت ارتباطات و فناوری اطلاعات",
            "ICT Ministry",
            "Министерство связи и информационных технологий",
        ),
        ("هوش مصنوعی", "AI", "ИИ"),
        ("امنیت سایبری", "cybersecurity", "кибербезопасность"),
        ("سفیر ایران در روسیه", "Iranian Ambassador to Russia", "посол Ирана в РФ"),
        ("محور همکاری", "avenue of cooperation", "направление сотрудничества"),
        (
            "معاون وزیر ارتباطات در امور فناوری و نوآوری",
            "Deputy ICT Minister for Technology and Innovation",
            "замминистра ИКТ по технологиям и инновациям",
        ),
    ]
)

NO_PLACEMENTS: tuple[Placement, ...] = ()

# (source, baseline, hypothesis, lang, placements, (removed, added) of the collateral
# finding or None), checked by hand.
CASES = [
    # -- collateral ---------------------------------------------------------------------------
    # A second «миссия» where the source has one delegation: a wrong substitution.
    (
        "هیئت آمد تا شرکت‌های ایرانی را به طرف روسی معرفی کند.",
        "Делегация приехала, чтобы представить российской стороне иранские компании.",
        "Миссия приехала, чтобы представить российской стороне миссии.",
        "ru",
        NO_PLACEMENTS,
        (("иранские", "компании"), ("миссии",)),
    ),
    # «после» (after) read as a form of «посол»: a preposition is never a term's rendering.
    (
        "سفیر پس از مذاکرات دوجانبه سخن گفت.",
        "Посол выступил после двусторонних переговоров.",
        "Посол выступил посланнике двусторонних переговоров.",
        "ru",
        NO_PLACEMENTS,
        (("после",), ()),
    ),
    # The same, declared by the placement: still a dropped preposition.
    (
        "سفیر پس از مذاکرات دوجانبه سخن گفت.",
        "Посол выступил после двусторонних переговоров.",
        "Посол выступил посланнике двусторонних переговоров.",
        "ru",
        (Placement("посланнике", "после"),),
        (("после",), ()),
    ),
    # A phrase written twice.
    (
        "سفیر به مسکو سفر کرد.",
        "The ambassador traveled to Moscow.",
        "The envoy traveled to Moscow to Moscow.",
        "en",
        NO_PLACEMENTS,
        ((), ("to", "Moscow")),
    ),
    # A continuation that dropped words and doubled a phrase.
    (
        "هیئت به مسکو سفر کرد.",
        "The delegation of government officials and representatives traveled to Moscow.",
        "The mission traveled to Moscow to Moscow.",
        "en",
        NO_PLACEMENTS,
        (
            ("delegation", "of", "government", "officials", "and", "representatives"),
            ("to", "Moscow"),
        ),
    ),
    # ... where the placement declares what it replaced, the rest is lost.
    (
        "هیئت به مسکو سفر کرد.",
        "The delegation of government officials and representatives traveled to Moscow.",
        "The mission traveled to Moscow.",
        "en",
        (Placement("mission", "delegation"),),
        (("government", "officials", "and", "representatives"), ()),
    ),
    # A placement that declares one word replaced, while two went.
    (
        "هیئت آمد.",
        "Iranian companies arrived.",
        "Missions arrived.",
        "en",
        (Placement("Missions", "companies"),),
        (("Iranian",), ()),
    ),
    # A word replaced by another outside the term.
    (
        "سفیر با وزیر دیدار کرد.",
        "The ambassador met the minister.",
        "The envoy met the president.",
        "en",
        NO_PLACEMENTS,
        (("minister",), ("president",)),
    ),
    # A word dropped outside the term.
    (
        "دو کشور قرارداد امضا کردند.",
        "Две страны подписали важный контракт.",
        "Две страны подписали соглашение.",
        "ru",
        NO_PLACEMENTS,
        # Two words went for the term's one: which of them was the model's rendering, only
        # a placement can say.
        (("важный", "контракт"), ()),
    ),
    (
        "دو کشور قرارداد امضا کردند.",
        "Две страны подписали важный контракт.",
        "Две страны подписали соглашение.",
        "ru",
        (Placement("соглашение", "контракт"),),
        (("важный",), ()),
    ),
    (
        "دو کشور قرارداد امضا کردند.",
        "Две страны подписали контракт.",
        "Страны подписали соглашение.",
        "ru",
        NO_PLACEMENTS,
        (("Две",), ()),
    ),
    # A long rendering replaced by a short term, with nothing declared: more words went than
    # the term can account for.
    (
        "کارگروه مشترک تشکیل شد.",
        "The joint working group was formed.",
        "The commission was formed.",
        "en",
        NO_PLACEMENTS,
        (("joint", "working", "group"), ()),
    ),
    # Found before the edit guard (the sentences stand-in's continuations): a term phrase
    # written twice, with the words it stood for dropped ...
    (
        "قراردادهایی در زمینه امنیت سایبری و هوش مصنوعی امضا کرد.",
        "подписал конкретные контракты по таким темам, как кибербезопасность, искусственный "
        "интеллект.",
        "подписал конкретные ИИ, как кибербезопасность, как кибербезопасность, искусственный "
        "интеллект.",
        "ru",
        NO_PLACEMENTS,
        (("контракты", "по", "таким", "темам"), ("как", "кибербезопасность")),
    ),
    # ... a verb dropped beside a placed form ...
    (
        "سفیر ایران در روسیه گفت:",
        "Посол Ирана в России отметил:",
        "Посол Ирана в РФ:",
        "ru",
        (Placement("Посол Ирана в РФ"),),
        (("России", "отметил"), ()),
    ),
    # ... and a verb replaced by a forced form.
    (
        "او درباره محورهای همکاری سخن گفت.",
        "He also spoke about the areas of cooperation.",
        "He also avenues of cooperation.",
        "en",
        (Placement("avenues of cooperation"),),
        (("spoke", "about", "the", "areas"), ()),
    ),
    # -- not collateral -----------------------------------------------------------------------
    # ... the same, declared by its placement.
    (
        "کارگروه مشترک تشکیل شد.",
        "The joint working group was formed.",
        "The commission was formed.",
        "en",
        (Placement("commission", "joint working group"),),
        None,
    ),
    # A clean substitution; the adjective and the verb re-inflected to agree.
    (
        "قرارداد مهم امضا شد.",
        "Важный контракт подписан.",
        "Важное соглашение подписано.",
        "ru",
        NO_PLACEMENTS,
        None,
    ),
    # A clean English substitution, "a number of" kept.
    (
        "چند قرارداد امضا شد.",
        "A number of contracts were signed.",
        "A number of agreements were signed.",
        "en",
        NO_PLACEMENTS,
        None,
    ),
    # A reworded multi-word term keeps some of its words: one change, not three.
    (
        "وزارت ارتباطات و فناوری اطلاعات اعلام کرد.",
        "Министерство информационных и коммуникационных технологий заявило.",
        "Министерство связи и информационных технологий заявило.",
        "ru",
        NO_PLACEMENTS,
        None,
    ),
    # An acronym for the model's long name.
    (
        "خبرگزاری جمهوری اسلامی گزارش داد.",
        "The Islamic Republic News Agency reported.",
        "IRNA reported.",
        "en",
        NO_PLACEMENTS,
        None,
    ),
    # An acronym whose last letter stands for a word kept re-inflected (технологий).
    (
        "معاون وزیر ارتباطات در امور فناوری و نوآوری سخن گفت.",
        "Выступил заместитель министра информационных и коммуникационных технологий по "
        "вопросам технологий и инноваций.",
        "Выступил замминистра ИКТ по технологиям и инновациям.",
        "ru",
        NO_PLACEMENTS,
        None,
    ),
    # A term pasted in where the model left it out.
    (
        "سفیر به مسکو سفر کرد.",
        "He traveled to Moscow.",
        "He envoy traveled to Moscow.",
        "en",
        (Placement("envoy"),),
        None,
    ),
    # Function words only: an article and a preposition.
    (
        "سفیر به مسکو سفر کرد.",
        "The ambassador traveled to the Moscow region.",
        "An envoy traveled in the Moscow region.",
        "en",
        NO_PLACEMENTS,
        None,
    ),
    # «о» → «об» before the placed term.
    (
        "سفیر درباره هیئت سخن گفت.",
        "Посол рассказал о делегации.",
        "Посол рассказал об миссии.",
        "ru",
        NO_PLACEMENTS,
        None,
    ),
    # Nothing changed.
    (
        "سفیر سخن گفت.",
        "The envoy spoke.",
        "The envoy spoke.",
        "en",
        NO_PLACEMENTS,
        None,
    ),
]


def collateral_of(
    source: str, baseline: str, hypothesis: str, lang: str, placements: tuple[Placement, ...]
) -> list[CollateralDetail]:
    report = evaluate(
        source,
        hypothesis,
        lang,
        glossary=GLOSSARY,
        baseline=baseline,
        placements={1: placements} if placements else None,
    )
    return [f.detail for f in report.of("damage") if isinstance(f.detail, CollateralDetail)]


@pytest.mark.parametrize(
    ("source", "baseline", "hypothesis", "lang", "placements", "expected"), CASES
)
def test_collateral_edits(
    source: str,
    baseline: str,
    hypothesis: str,
    lang: str,
    placements: tuple[Placement, ...],
    expected: tuple[tuple[str, ...], tuple[str, ...]] | None,
) -> None:
    found = collateral_of(source, baseline, hypothesis, lang, placements)
    if expected is None:
        assert found == []
    else:
        assert found == [CollateralDetail(removed=expected[0], added=expected[1])]


def test_the_finding_is_one_error_line_naming_the_words() -> None:
    report = evaluate(
        "هیئت آمد تا شرکت‌های ایرانی را به طرف روسی معرفی کند.",
        "Миссия приехала, чтобы представить российской стороне миссии.",
        "ru",
        glossary=GLOSSARY,
        baseline="Делегация приехала, чтобы представить российской стороне иранские компании.",
    )
    [finding] = [f for f in report.of("damage") if f.kind == "collateral"]
    assert finding.severity == "error"
    assert finding.message == (
        "3 word(s) changed outside the term placements: «иранские компании» → «миссии»"
    )
    data = report.to_dict()
    jsonschema.validate(data, SCHEMA)
    assert data["summary"]["collateral_edits"] == 3
    assert data["damage"]["segments"] == [
        {"segment": 1, "kind": "collateral", "severity": "error", "message": finding.message}
    ]
    assert {
        "kind": "collateral",
        "removed": ["иранские", "компании"],
        "added": ["миссии"],
    }.items() <= data["findings"][0].items()
    assert "collateral edits: 3 word(s) against the baseline" in render_text(report)
    assert "collateral edits" in render_html([report])


def test_collateral_edits_are_counted_per_language_only_with_a_baseline() -> None:
    source = "سفیر به مسکو سفر کرد.\nسفیر با وزیر دیدار کرد."
    hypothesis = "The envoy traveled to Moscow to Moscow.\nThe envoy met the president."
    baseline = "The ambassador traveled to Moscow.\nThe ambassador met the minister."
    with_baseline = evaluate(source, hypothesis, "en", glossary=GLOSSARY, baseline=baseline)
    assert with_baseline.collateral_edits == 4
    assert with_baseline.to_dict()["summary"]["collateral_edits"] == 4
    clean = evaluate(source, hypothesis, "en", glossary=GLOSSARY, baseline=hypothesis)
    assert clean.to_dict()["summary"]["collateral_edits"] == 0
    without = evaluate(source, hypothesis, "en", glossary=GLOSSARY)
    assert without.collateral_edits is None
    assert "collateral_edits" not in without.to_dict()["summary"]
    assert "collateral" not in render_text(without)
    no_damage_check = evaluate(
        source, hypothesis, "en", glossary=GLOSSARY, baseline=baseline, checks=("term",)
    )
    assert "collateral_edits" not in no_damage_check.to_dict()["summary"]


@pytest.mark.parametrize(
    ("baseline", "hypothesis", "expected"),
    [
        # The diff pairs the «и» between two renderings with one inside the second: neither
        # is a change of its own.
        (
            "по вопросам технологий и инноваций и заместителя министра цифрового развития, "
            "связи и массовых коммуникаций Российской Федерации.",
            "по технологиям и инновациям и замглавы Минцифры России.",
            [],
        ),
    ],
)
def test_declared_renderings_take_their_function_words(
    baseline: str, hypothesis: str, expected: list[str]
) -> None:
    placements = (
        Placement("по технологиям и инновациям", "по вопросам технологий и инноваций"),
        Placement(
            "замглавы Минцифры России",
            "заместителя министра цифрового развития, связи и массовых коммуникаций "
            "Российской Федерации",
        ),
    )
    edits = collateral_edits(baseline, hypothesis, "ru", placements=placements)
    assert [str(e) for e in edits] == expected
