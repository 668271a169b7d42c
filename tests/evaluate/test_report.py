"""The evaluation report: schema, line alignment, scores, exit codes, HTML."""

import json
from pathlib import Path

import jsonschema
import pytest
from builders import ROOT, SEED, build_glossary
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import InputError
from toolkit.evaluate.checks import (
    AddedBesideDetail,
    CollateralDetail,
    ConsistencyDetail,
    CoverageDetail,
    Detail,
    NumberDetail,
    ShorterDetail,
    SwappedDetail,
    TermDetail,
    UntranslatedDetail,
    WrongDateDetail,
    WrongScriptDetail,
)
from toolkit.evaluate.report import evaluate
from toolkit.text.numbers import Misattached

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


# Each detail as the JSON writes it (after the finding's own fields), checked by hand.
DETAILS: list[tuple[Detail, dict[str, object]]] = [
    (
        TermDetail(source_term="قرارداد", expected="contract", kind="missing"),
        {"source_term": "قرارداد", "expected": "contract", "kind": "missing"},
    ),
    (
        ConsistencyDetail(source_term="تفاهم‌نامه", variants={"MoU": (2, 5), "memorandum": (3,)}),
        {"source_term": "تفاهم‌نامه", "variants": {"MoU": [2, 5], "memorandum": [3]}},
    ),
    (NumberDetail(kind="missing", value=20), {"kind": "missing", "value": 20}),
    (UntranslatedDetail(kind="span"), {"kind": "span"}),
    (CoverageDetail(kind="empty"), {"kind": "empty"}),
    (
        CoverageDetail(kind="short", ratio=0.5, expected_ratio=1.35),
        {"kind": "short", "ratio": 0.5, "expected_ratio": 1.35},
    ),
    (WrongScriptDetail(words=("и",)), {"kind": "wrong-script", "words": ["и"]}),
    (
        ShorterDetail(words=3, baseline_words=14),
        {"kind": "shorter", "words": 3, "baseline_words": 14},
    ),
    (AddedBesideDetail(source_term="قرارداد"), {"kind": "added-beside", "source_term": "قرارداد"}),
    (
        CollateralDetail(removed=("иранские", "компании"), added=("миссии",)),
        {"kind": "collateral", "removed": ["иранские", "компании"], "added": ["миссии"]},
    ),
    (
        WrongDateDetail(calendar="gregorian", given="6 December", expected="5 December", value=14),
        {
            "kind": "wrong-date",
            "value": 14,
            "calendar": "gregorian",
            "given": "6 December",
            "expected": "5 December",
        },
    ),
    (
        SwappedDetail(numbers=(Misattached(20, "تفاهم‌نامه", "contracts"),)),
        {
            "kind": "swapped",
            "value": 20,
            "misattached": [{"value": 20, "counted": "تفاهم‌نامه", "attached": "contracts"}],
        },
    ),
]


@pytest.mark.parametrize(("detail", "expected"), DETAILS)
def test_detail_to_dict(detail: Detail, expected: dict[str, object]) -> None:
    assert detail.to_dict() == expected
    assert detail.kind == expected.get("kind")


GLOSSARY = build_glossary(
    [
        ("تفاهم‌نامه", "memorandum of understanding|MoU", "меморандум о взаимопонимании"),
        ("قرارداد", "contract", "контракт"),
    ]
)
FLAWED_SOURCE = """دو کشور ۲۰ قرارداد امضا کردند.
تفاهم‌نامه همکاری در حوزه فناوری اطلاعات امضا شد.
تفاهم‌نامه دوم در تهران امضا شد و مقام‌ها درباره آن گفتگو کردند.
وزیر ارتباطات گفت که همکاری دو کشور در سال آینده گسترش می‌یابد.
این سفر سه روز طول کشید."""
FLAWED_BASELINE = """The two countries signed 20 agreements.
A memorandum on cooperation in information technology was signed.
A second memorandum was signed in Tehran and officials discussed it.
The communications minister said that cooperation between the two countries will expand next year.
The trip lasted three days."""
FLAWED_HYPOTHESIS = """The two countries signed agreements.
A memorandum of understanding on cooperation in information technology was signed и.
A second MoU was signed in Tehran.
The minister said.
این سفر سه روز طول کشید."""
SECTIONS = {
    "term": ("terms", "violations"),
    "term-consistency": ("terms", "inconsistent"),
    "number": ("numbers", "violations"),
    "untranslated": ("untranslated", "segments"),
    "damage": ("damage", "segments"),
    "coverage": ("coverage", "segments"),
}


def test_every_check_section_lists_its_findings_and_validates() -> None:
    report = evaluate(
        FLAWED_SOURCE, FLAWED_HYPOTHESIS, "en", glossary=GLOSSARY, baseline=FLAWED_BASELINE
    )
    data = report.to_dict()
    jsonschema.validate(data, SCHEMA)
    # Collateral edits against the baseline: «20» dropped (1), «и» added (2), "and officials
    # discussed it" dropped (3), "communications" and the rest of the sentence dropped (4).
    assert [(f["segment"], f["check"], f.get("kind")) for f in data["findings"]] == [
        (1, "damage", "collateral"),
        (1, "number", "missing"),
        (1, "term", "missing"),
        (2, "damage", "wrong-script"),
        (2, "damage", "collateral"),
        (3, "damage", "shorter"),
        (3, "damage", "collateral"),
        (3, "coverage", "short"),
        (3, "term-consistency", None),
        (4, "damage", "shorter"),
        (4, "damage", "collateral"),
        (4, "number", "missing"),
        (4, "coverage", "short"),
        (5, "untranslated", "segment"),
    ]
    assert data["summary"]["collateral_edits"] == 1 + 1 + 4 + 11
    for check, (group, section) in SECTIONS.items():
        rows = [(row["segment"], row.get("kind")) for row in data[group][section]]
        assert rows == [(f.segment, f.kind) for f in report.of(check)], check
    assert data["findings"][5] == {
        "check": "damage",
        "severity": "error",
        "segment": 3,
        "message": "segment has 7 words against 11 in the unconstrained translation "
        "(a dropped clause?)",
        "source": "",
        "source_span": None,
        "target": "A second MoU was signed in Tehran.",
        "kind": "shorter",
        "words": 7,
        "baseline_words": 11,
    }
    assert data["terms"]["inconsistent"] == [
        {
            "segment": 3,
            "source_term": "تفاهم‌نامه",
            "variants": {"memorandum of understanding": [2], "MoU": [3]},
        }
    ]
    assert data["untranslated"]["segments"] == [
        {
            "segment": 5,
            "kind": "segment",
            "severity": "error",
            "evidence": "این سفر سه روز طول کشید.",
        }
    ]


def test_output_file_is_not_replaced_without_force(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("keep me", encoding="utf-8")
    args = ["evaluate", "-s", str(SEED), "-H", str(REF["en"]), "-t", "en", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 6 and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert CliRunner().invoke(cli, [*args, "--force"]).exit_code == 0
    assert out.read_text(encoding="utf-8") != "keep me"


def test_wrong_language_errors_name_the_file(tmp_path: Path) -> None:
    english = tmp_path / "source.txt"
    english.write_text("This is not Persian at all.\n", encoding="utf-8")
    code, _, err = run(["evaluate", "-s", str(english), "-H", str(REF["en"]), "-t", "en"])
    assert code == 3 and f"{english}: looks like English" in err
    code, _, err = run(["evaluate", "-s", str(SEED), "-H", str(REF["ru"]), "-t", "en"])
    assert code == 3 and f"{REF['ru']} looks like Russian" in err


def test_number_cross_check_findings_validate() -> None:
    source = "۲۰ تفاهم‌نامه و پنج قرارداد امضا شد.\nنشست روز جمعه ۱۴ آذر پایان یافت."
    target = (
        "20 contracts and five memoranda of understanding were signed.\n"
        "The meeting ended on Friday, 14 Azar (6 December 2025)."
    )
    data = evaluate(source, target, "en", glossary=GLOSSARY).to_dict()
    jsonschema.validate(data, SCHEMA)
    rows = [(v["segment"], v["kind"], v["target"]) for v in data["numbers"]["violations"]]
    assert rows == [
        (1, "swapped", "20 contracts and five memoranda of understanding"),
        (2, "wrong-date", "6 December 2025"),
    ]
    assert data["findings"][1]["calendar"] == "gregorian"
    assert data["findings"][0]["misattached"][1]["attached"] == "memoranda of understanding"
