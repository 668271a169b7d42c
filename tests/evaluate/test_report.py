"""The evaluation report: schema, line alignment, scores, exit codes, HTML."""

import json
from pathlib import Path

import jsonschema
import pytest
from builders import ROOT, SEED
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import InputError
from toolkit.evaluate.report import evaluate

SCHEMA = json.loads((ROOT / "toolkit" / "evaluate" / "report.schema.json").read_text("utf-8"))
REF = {
    lang: ROOT / "evaluation" / "references" / f"mehr-iran-russia-ict.{lang}.txt"
    for lang in ("en", "ru")
}


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_references_are_clean_and_json_validates(lang: str) -> None:
    code, out, _ = run(
        [
            "evaluate",
            "-s",
            str(SEED),
            "-H",
            str(REF[lang]),
            "-t",
            lang,
            "-r",
            str(REF[lang]),
            "--format",
            "json",
        ]
    )
    assert code == 0
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert data["summary"] == {"errors": 0, "warnings": 0, "by_check": {}}
    assert data["terms"]["accuracy"] == 1.0 and data["terms"]["total"] > 50
    assert data["scores"]["bleu"]["score"] == 100.0
    assert data["signature"]["glossary"]["hash"].startswith("sha256:")


def flawed(tmp_path: Path) -> Path:
    lines = REF["en"].read_text("utf-8").split("\n")
    lines[2] = lines[2].replace("20 memoranda", "21 memoranda")
    lines[5] = ""
    path = tmp_path / "flawed.en.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_findings_exit_1_and_fail_on(tmp_path: Path) -> None:
    hyp = flawed(tmp_path)
    base = ["evaluate", "-s", str(SEED), "-H", str(hyp), "-t", "en"]
    code, out, _ = run([*base, "--format", "json"])
    assert code == 1
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert [v["segment"] for v in data["numbers"]["violations"]] == [3]
    assert data["coverage"]["segments"][0] == {
        "segment": 6,
        "kind": "empty",
        "severity": "error",
        "message": "target segment is empty",
    }
    assert run([*base, "--fail-on", "never"])[0] == 0


def test_text_table_and_html_output(tmp_path: Path) -> None:
    hyp = flawed(tmp_path)
    code, out, _ = run(["evaluate", "-s", str(SEED), "-H", str(hyp), "-t", "en"])
    assert code == 1
    assert "   3  error     number" in out
    html_path = tmp_path / "report.html"
    code, _, err = run(
        [
            "evaluate",
            "-s",
            str(SEED),
            "-H",
            str(hyp),
            "-t",
            "en",
            "--format",
            "html",
            "-o",
            str(html_path),
        ]
    )
    assert code == 1 and "wrote" in err
    page = html_path.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "http" not in page.split("<body>")[1]
    assert page.count('<tr class="has-error">') == 2
    assert '<mark class="num"' in page and 'dir="rtl"' in page


@pytest.mark.parametrize(
    ("hyp_text", "message"),
    [
        ("one line only\n", "the source has 11 lines and the hypothesis 1"),
        ("Это русский текст, а не английский.\n" * 11, "looks like Russian, not English"),
    ],
)
def test_bad_input(tmp_path: Path, hyp_text: str, message: str) -> None:
    hyp = tmp_path / "h.txt"
    hyp.write_text(hyp_text, encoding="utf-8")
    code, _, err = run(["evaluate", "-s", str(SEED), "-H", str(hyp), "-t", "en"])
    assert code == 3 and message in err and len(err.strip().splitlines()) == 1


def test_align_recovers_sentence_pairs() -> None:
    source = "قرارداد امضا شد. سفیر گفت.\nپایان."
    target = "The contract was signed.\nThe ambassador spoke. The end."
    with pytest.raises(InputError):
        evaluate(source, target + "\nextra", "en")
    report = evaluate(source, target, "en", align=True)
    assert [(p.source, p.target) for p in report.pairs] == [
        ("قرارداد امضا شد.", "The contract was signed."),
        ("سفیر گفت.", "The ambassador spoke."),
        ("پایان.", "The end."),
    ]
