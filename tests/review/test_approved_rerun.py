"""The loop end to end with the tiny model: run, edit the XLIFF as a CAT tool would, import
it, run again: the approved sentence comes back verbatim as `approved`, and a near-identical
sentence of another article shows it as a fuzzy suggestion."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from builders import ROOT, SEED
from click.testing import CliRunner
from defusedxml.ElementTree import fromstring

from toolkit.cli import cli

XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"
RUN_SCHEMA = json.loads((ROOT / "toolkit" / "run_report.schema.json").read_text("utf-8"))
APPROVED = "According to Mehr, the deputy ICT minister and Iran's ambassador to Russia described the results."


def _run(model: Path, article: Path, out: Path, memory: Path) -> tuple[dict, str]:
    result = CliRunner().invoke(
        cli,
        [
            "run",
            str(article),
            "--model",
            str(model),
            "--out",
            str(out),
            "--to",
            "en",
            "--cache-path",
            str(memory),
            "--n-best",
            "2",
            "--quiet",
            "--xliff",
        ],
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads((out / "report.json").read_text("utf-8"))
    jsonschema.validate(report, RUN_SCHEMA)
    return report, result.stderr


@pytest.mark.slow
def test_approve_through_xliff_then_rerun_and_a_similar_article(
    tiny_nllb: Path, tmp_path: Path
) -> None:
    lines = SEED.read_text("utf-8").splitlines()[:3]
    article = tmp_path / "first.fa.txt"
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    memory = tmp_path / "tm.sqlite3"
    first, _ = _run(tiny_nllb, article, tmp_path / "one", memory)
    source = first["languages"]["en"]["translation"]["segments"][0]["source"]

    # A CAT tool's edit: unit 1's target rewritten and signed off.
    xlf = tmp_path / "one" / "article.en.xlf"
    ET.register_namespace("", XLIFF.strip("{}"))
    tree = ET.ElementTree(fromstring(xlf.read_bytes()))
    target = tree.getroot().find(f".//{XLIFF}trans-unit[@id='1']/{XLIFF}target")
    assert target is not None
    # the machine's unit: for review (a term pasted in), or translated but leveraged-mt
    assert (target.get("state"), target.get("state-qualifier")) in [
        ("needs-review-translation", None),
        ("translated", "leveraged-mt"),
    ]
    target.text, target.attrib["state"] = APPROVED, "final"
    tree.write(xlf, encoding="utf-8", xml_declaration=True)
    result = CliRunner().invoke(
        cli, ["review", "import", str(xlf), "--cache-path", str(memory), "--reviewer", "ed"]
    )
    assert result.exit_code in (0, 1), result.stderr  # 1: the tiny model's noise has errors
    assert "stored 1 approved units" in result.stderr

    # The rerun: the approved sentence verbatim, marked, XLIFF final.
    second, stderr = _run(tiny_nllb, article, tmp_path / "two", memory)
    seg = second["languages"]["en"]["translation"]["segments"][0]
    assert seg["text"] == APPROVED and seg["terms"] == []
    assert seg["approved"]["reviewer"] == "ed"
    assert seg["approved"]["review"] == "xliff:article.en.xlf"
    assert "cached" not in seg and "fuzzy" not in seg
    text = (tmp_path / "two" / "article.en.txt").read_text("utf-8").splitlines()
    assert text[0].startswith(APPROVED)
    unit = fromstring((tmp_path / "two" / "article.en.xlf").read_bytes()).find(
        f".//{XLIFF}trans-unit[@id='1']/{XLIFF}target"
    )
    assert unit.get("state") == "final"
    assert "en: 1 sentences reused as a reviewer approved them" in stderr
    # its glossary terms are checked: the evaluation still sees segment 1
    assert "approved translation, reused as written: ed" in (
        tmp_path / "two" / "report.html"
    ).read_text("utf-8")

    # Another article, its first sentence one word away: the machine translation, and
    # the approved sentence offered beside it.
    other = tmp_path / "other.fa.txt"
    other.write_text(source.replace("گسترده", "وسیع") + "\n" + lines[2] + "\n", encoding="utf-8")
    third, _ = _run(tiny_nllb, other, tmp_path / "three", memory)
    seg = third["languages"]["en"]["translation"]["segments"][0]
    assert "approved" not in seg and seg["text"] != APPROVED
    (match,) = seg["fuzzy"]
    assert match["target"] == APPROVED and match["source"] == source
    assert 75 <= match["similarity"] < 100 and match["reviewer"] == "ed"
    page = (tmp_path / "three" / "report.html").read_text("utf-8")
    assert (
        "approved translations of similar sentences" in page
        and APPROVED.replace("'", "&#x27;") in page
    )
