"""A source holding control characters and a bidi override: `toolkit run` removes them,
reports them, and writes CAT exports that a strict XML parser reads."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
from builders import ROOT, SEED
from click.testing import CliRunner

from toolkit.cli import cli

RUN_SCHEMA = json.loads((ROOT / "toolkit" / "run_report.schema.json").read_text("utf-8"))
HOSTILE = ("\x07", "\x1b", "\u202e")  # BEL, ESC, RLO


def test_run_on_hostile_source_writes_well_formed_exports(tiny_nllb: Path, tmp_path: Path) -> None:
    lines = SEED.read_text("utf-8").splitlines()[:3]  # three paragraphs: enough, and fast
    lines[0] = f"\x07{lines[0]}\x1b[31m"
    lines[1] = f"\u202e{lines[1]}"
    article = tmp_path / "hostile.fa.txt"
    article.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "out"
    args = [str(article), "--model", str(tiny_nllb), "--out", str(out), "--xliff"]
    args += ["--cache-path", str(tmp_path / "tm.sqlite3"), "--n-best", "2", "--sentences", "3"]
    result = CliRunner().invoke(cli, ["run", *args])
    assert result.exit_code in (0, 1), result.stderr
    assert "normalize: removed 2 control characters, 1 bidi control" in result.stderr
    for name in ("article.tmx", "article.en.xlf", "article.ru.xlf"):
        ET.fromstring((out / name).read_bytes())  # expat: well-formed or an error
    for name in ("summary.fa.txt", "article.tmx", "article.ru.xlf", "report.json"):
        text = (out / name).read_text("utf-8")
        assert not any(ch in text for ch in HOSTILE), name
    report = json.loads((out / "report.json").read_text("utf-8"))
    jsonschema.validate(report, RUN_SCHEMA)
    assert report["normalization"] == {"removed": {"control": 2, "bidi": 1}}
