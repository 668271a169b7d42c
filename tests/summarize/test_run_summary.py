"""The summary in `toolkit run`'s report: one table row per sentence, Persian beside each
translation, and per-sentence translations and replacements in report.json."""

from __future__ import annotations

import json

import jsonschema
from builders import ROOT, SEED

from toolkit.pipeline import LanguageReport, RunReport
from toolkit.pipeline.render import _summary_html
from toolkit.signature import Signature
from toolkit.summarize import get_summarizer
from toolkit.translate.base import Translation

RUN_SCHEMA = json.loads((ROOT / "toolkit" / "run_report.schema.json").read_text("utf-8"))


def _report() -> RunReport:
    summary = get_summarizer().summarize(SEED.read_text(encoding="utf-8"), count=3)
    languages = []
    for lang in ("en", "ru"):
        lines = tuple(f"{lang} sentence {k} <b>" for k in range(1, 4))
        tr = Translation(lang, lines, ())
        evaluation = _Evaluation()
        languages.append(LanguageReport(lang, tr, tr, evaluation, 11))  # type: ignore[arg-type]
    signature = Signature.create("run", settings={"options": {}})
    return RunReport("seed.fa.txt", summary, tuple(languages), signature)


class _Evaluation:
    """Stands in for an EvaluationReport (only ``to_dict`` is used here)."""

    def to_dict(self) -> dict[str, object]:
        return {}


def test_summary_table_one_row_per_sentence() -> None:
    report = _report()
    page = _summary_html(report.summary, {r.language: r.summary for r in report.languages})
    assert page.count("<tr>") == 1 + 3  # header and one row per sentence
    assert page.count('<td class="src" dir="rtl" lang="fa"') == 3
    assert page.count('<td class="tgt" lang="en">') == page.count('<td class="tgt" lang="ru">') == 3
    assert "en sentence 2 &lt;b&gt;" in page  # escaped, on its own row
    assert "میثم عابدی خاطرنشان کرد" in page
    assert "«وی» replaced by «میثم عابدی» (sentence 2)" in page


def test_report_json_gives_each_sentence_its_translations() -> None:
    data = _report().to_dict()
    jsonschema.validate(data["summary"], RUN_SCHEMA["properties"]["summary"])
    sentences = data["summary"]["sentences"]
    assert [s["translations"]["ru"] for s in sentences] == [
        f"ru sentence {k} <b>" for k in range(1, 4)
    ]
    assert sentences[0]["replaced"]["new"] == "میثم عابدی"
