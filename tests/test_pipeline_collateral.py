"""`toolkit run` (and the batch, which shares its last stage) counts collateral edits per
language in report.json: the words a translation changed against the model's own output
outside what its term placements declare (issue 22). No model: the translations are made
by hand, as the engine would record them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from builders import ROOT, build_glossary

from toolkit.pipeline import (
    RunOptions,
    Translated,
    finish_article,
    summarize_article,
    write_article,
)
from toolkit.signature import GlossaryRef, Signature
from toolkit.translate.base import SegmentTranslation, TermOutcome, Translation

RUN_SCHEMA = json.loads((ROOT / "toolkit" / "run_report.schema.json").read_text("utf-8"))
EVAL_SCHEMA = json.loads((ROOT / "toolkit" / "evaluate" / "report.schema.json").read_text("utf-8"))
GLOSSARY = build_glossary(
    [("سفیر", "envoy", "посланник"), ("کارگروه مشترک", "commission", "комиссия")]
)
ARTICLE = "سفیر به مسکو سفر کرد.\nکارگروه مشترک تشکیل شد."


def translation(lang: str, segments: list[SegmentTranslation]) -> Translation:
    signature = Signature.create(
        "translation",
        glossary=GlossaryRef.of(GLOSSARY),
        settings={"translator": {"model": "by hand"}, "options": {}},
    )
    return Translation(lang, tuple(s.text for s in segments), tuple(segments), signature)


# Line 1 doubles a phrase ("to Moscow": 2 words); line 2's substitution replaced three words
# of the model's for one, which only its placement's declaration (`replaced`) explains.
ENGLISH = translation(
    "en",
    [
        SegmentTranslation(
            1,
            "سفیر به مسکو سفر کرد.",
            "The envoy traveled to Moscow to Moscow.",
            (TermOutcome("سفیر", "substituted", "envoy", "envoy", replaced="ambassador"),),
            baseline="The ambassador traveled to Moscow.",
        ),
        SegmentTranslation(
            2,
            "کارگروه مشترک تشکیل شد.",
            "The commission was formed.",
            (
                TermOutcome(
                    "کارگروه مشترک",
                    "substituted",
                    "commission",
                    "commission",
                    replaced="joint working group",
                ),
            ),
            baseline="The joint working group was formed.",
        ),
    ],
)
# A clean Russian translation: a substitution and an adjective re-inflected to agree.
RUSSIAN = translation(
    "ru",
    [
        SegmentTranslation(
            1,
            "سفیر به مسکو سفر کرد.",
            "Новый посланник прибыл в Москву.",
            (TermOutcome("سفیر", "substituted", "посланник", "посланник", replaced="посол"),),
            baseline="Новый посол прибыл в Москву.",
        ),
        SegmentTranslation(
            2,
            "کارگروه مشترک تشکیل شد.",
            "Комиссия создана.",
            (
                TermOutcome(
                    "کارگروه مشترک",
                    "substituted",
                    "Комиссия",
                    "комиссия",
                    replaced="Совместная рабочая группа",
                ),
            ),
            baseline="Совместная рабочая группа создана.",
        ),
    ],
)


def test_report_json_counts_collateral_edits_per_language(tmp_path: Path) -> None:
    options = RunOptions(sentences=1)
    article = summarize_article(ARTICLE, "a.fa.txt", GLOSSARY, options)
    summary = {lang: translation(lang, [SegmentTranslation(1, "", "")]) for lang in ("en", "ru")}
    translations = {
        "en": Translated(ENGLISH, summary["en"]),
        "ru": Translated(RUSSIAN, summary["ru"]),
    }
    report = finish_article(article, translations, GLOSSARY, options, None)
    write_article(tmp_path / "out", report, options)
    data = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    jsonschema.validate(data, RUN_SCHEMA)
    evaluations = {lang: data["languages"][lang]["evaluation"] for lang in ("en", "ru")}
    for evaluation in evaluations.values():
        jsonschema.validate(evaluation, EVAL_SCHEMA)
    assert evaluations["en"]["summary"]["collateral_edits"] == 2
    assert evaluations["en"]["signature"]["placements"] is True
    assert evaluations["ru"]["summary"]["collateral_edits"] == 0
    assert [
        (f["segment"], f["removed"], f["added"])
        for f in evaluations["en"]["findings"]
        if f.get("kind") == "collateral"
    ] == [(1, [], ["to", "Moscow"])]
    page = (tmp_path / "out" / "report.html").read_text("utf-8")
    assert page.count("collateral edits (words changed outside the terms)") == 2
