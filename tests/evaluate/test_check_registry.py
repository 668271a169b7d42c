"""Adding a check is one new file: a check defined here, in ``tests/``, and registered with
``register_check`` runs in ``evaluate`` and ``toolkit evaluate``, and has its section in the
JSON and the HTML report, with no file of ``toolkit/`` changed. The report schema is held
against the registry."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import pytest
from builders import ROOT
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import ConfigError, InputError
from toolkit.evaluate.checks import (
    CHECKS,
    Check,
    Context,
    Finding,
    Pair,
    Section,
    register_check,
    unregister_check,
)
from toolkit.evaluate.html import render_html
from toolkit.evaluate.report import EvaluationReport, evaluate, report_schema

SCHEMA = json.loads((ROOT / "toolkit" / "evaluate" / "report.schema.json").read_text("utf-8"))
BUILT_IN = (
    "term",
    "term-consistency",
    "term-number",
    "number",
    "untranslated",
    "coverage",
    "damage",
    "off-target",
)

SOURCE = "دو کشور قرارداد امضا کردند.\nنشست در تهران برگزار شد.\nسفر سه روز طول کشید.\n"
HYPOTHESIS = (
    "The two countries signed a contract.\n"
    "The meeting FIXME was held in Tehran.\n"
    "The trip lasted three days.\n"
)


# --- the toy check: this whole block is what a new check's file holds ----------------------


@dataclass(frozen=True)
class FixmeDetail:
    """A translator's FIXME left in the target."""

    count: int
    kind: ClassVar[str] = "fixme"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "count": self.count}


class FixmeCheck(Check):
    """A hypothesis with the word FIXME in it is a warning."""

    id = "fixme"
    kinds = ("fixme",)
    details = (FixmeDetail,)
    section = Section("fixme", "segments")

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        return [
            self.finding(
                "warning",
                pair.segment,
                "a FIXME is left in the translation",
                FixmeDetail(pair.target.count("FIXME")),
                target=pair.target,
            )
            for pair in pairs
            if "FIXME" in pair.target
        ]

    def row(self, finding: Finding) -> dict[str, Any]:
        return {"segment": finding.segment, "target": finding.target_evidence}

    def html(self, report: EvaluationReport) -> str:
        items = "".join(
            f"<li>{f.segment}: {html.escape(f.target_evidence)}</li>" for f in report.of(self.id)
        )
        return f'<div class="fixme"><h3>FIXME left in</h3><ul>{items}</ul></div>' if items else ""


# ----------------------------------------------------------------------------------------------


@pytest.fixture
def fixme() -> Iterator[type[Check]]:
    register_check(FixmeCheck)
    yield FixmeCheck
    unregister_check("fixme")


def test_a_registered_check_has_its_section_in_the_json_report(fixme: type[Check]) -> None:
    report = evaluate(SOURCE, HYPOTHESIS, "en")
    data = report.to_dict()
    jsonschema.validate(data, report_schema())
    assert data["fixme"] == {
        "segments": [{"segment": 2, "target": "The meeting FIXME was held in Tehran."}]
    }
    assert list(data)[-4:] == ["fixme", "scores", "findings", "signature"]  # after coverage
    assert data["summary"]["by_check"] == {"fixme": {"error": 0, "warning": 1}}
    assert data["findings"] == [
        {
            "check": "fixme",
            "severity": "warning",
            "segment": 2,
            "message": "a FIXME is left in the translation",
            "source": "",
            "source_span": None,
            "target": "The meeting FIXME was held in Tehran.",
            "kind": "fixme",
            "count": 1,
        }
    ]
    assert "fixme" in data["signature"]["checks"]


def test_a_registered_check_has_its_section_in_the_html_report(fixme: type[Check]) -> None:
    page = render_html([evaluate(SOURCE, HYPOTHESIS, "en")])
    assert (
        '<div class="fixme"><h3>FIXME left in</h3><ul><li>2: The meeting FIXME was held in' in page
    )
    # and, as every finding, under its segment
    assert '<span class="sev warning">warning</span>fixme: a FIXME is left in' in page


def test_a_registered_check_runs_in_toolkit_evaluate(fixme: type[Check], tmp_path: Path) -> None:
    (tmp_path / "src.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "hyp.txt").write_text(HYPOTHESIS, encoding="utf-8")
    args = ["evaluate", "-s", str(tmp_path / "src.txt"), "-H", str(tmp_path / "hyp.txt")]
    args += ["-t", "en", "--no-glossary", "--format", "json", "--fail-on", "warning"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output  # its warning fails the run
    assert json.loads(result.stdout)["fixme"]["segments"][0]["segment"] == 2


def test_without_registration_there_is_no_such_section() -> None:
    data = evaluate(SOURCE, HYPOTHESIS, "en").to_dict()
    assert "fixme" not in data and data["findings"] == []
    with pytest.raises(InputError, match="unknown check"):
        evaluate(SOURCE, HYPOTHESIS, "en", checks=("fixme",))


def test_a_check_that_needs_an_input_runs_only_with_it(fixme: type[Check]) -> None:
    class BaselineFixme(FixmeCheck):
        id = "fixme-baseline"
        needs = frozenset({"baseline"})

    register_check(BaselineFixme)
    try:
        without = evaluate(SOURCE, HYPOTHESIS, "en").to_dict()
        with_baseline = evaluate(SOURCE, HYPOTHESIS, "en", baseline=HYPOTHESIS).to_dict()
    finally:
        unregister_check("fixme-baseline")
    assert "fixme-baseline" not in without["signature"]["checks"]
    assert "fixme-baseline" in with_baseline["signature"]["checks"]
    assert [f["check"] for f in with_baseline["findings"]] == ["fixme", "fixme-baseline"]


class Nameless(FixmeCheck):
    id = ""


class Impostor(FixmeCheck):
    id = "number"


class NeedsWeather(FixmeCheck):
    id = "weather"
    needs = frozenset({"weather"})


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (Nameless, "has no id"),
        (Impostor, "'number' is already registered"),
        (NeedsWeather, "needs weather"),
    ],
)
def test_registration_refuses_a_bad_check(check: type[Check], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        register_check(check)
    assert list(CHECKS) == list(BUILT_IN)


# --- the schema file against the registry -------------------------------------------------------


def test_the_registry_holds_the_built_in_checks_in_order() -> None:
    assert list(CHECKS) == list(BUILT_IN)


def test_the_schema_names_every_check_and_section_of_the_registry() -> None:
    properties = SCHEMA["properties"]
    assert properties["findings"]["items"]["properties"]["check"]["enum"] == list(CHECKS)
    for name, check in CHECKS.items():
        if check.section is None:
            continue
        section = properties[check.section.group]["properties"][check.section.key]
        kind = section["items"]["properties"].get("kind")
        if kind is not None:  # the kinds a section lists are the check's
            assert set(kind["enum"]) <= set(check.kinds), name
        else:
            assert check.kinds == (), name
    assert report_schema() == SCHEMA


def test_each_built_in_check_is_one_module_named_after_it() -> None:
    for name, check in CHECKS.items():
        assert check.__module__ == "toolkit.evaluate.checks." + name.replace("-", "_")
        assert check.details and check.__doc__, name
