"""`toolkit glossary suggest` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from builders import ROOT, SEED
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.glossary.validate import check_file


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


def test_tsv_output_is_a_glossary_that_passes_the_check(tmp_path: Path) -> None:
    out = tmp_path / "suggested.tsv"
    code, _, err = run(["glossary", "suggest", str(SEED), "--format", "tsv", "-o", str(out)])
    assert code == 0, err
    assert "without a rendering (left out of TSV" in err
    code, _, err = run(["glossary", "check", str(out)])
    assert code == 0, err
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t")[:3] == ["fa", "en", "ru"]
    assert any(r.startswith("مسکو\tMoscow\tМосква") for r in rows)


def test_json_lists_every_kind_with_how_each_rendering_was_made() -> None:
    code, out, _ = run(["glossary", "suggest", str(SEED), "--format", "json"])
    assert code == 0
    data = json.loads(out)
    kinds = {s["kind"] for s in data["suggestions"]}
    assert kinds == {"person", "org", "place", "title", "term"}
    abedi = next(s for s in data["suggestions"] if s["fa"] == "میثم عابدی")
    assert abedi["renderings"]["en"] == {"text": "Meysam Abedi", "method": "transliterated"}
    assert data["signature"]["kind"] == "suggestion"


def test_an_existing_glossary_removes_what_it_has() -> None:
    glossary = ROOT / "glossaries" / "iran-russia-ict.tsv"
    code, out, err = run(["glossary", "suggest", str(SEED), "-g", str(glossary)])
    assert code == 0
    assert "already in the glossary" in err
    assert "میثم عابدی" not in out and "Moscow" not in out


def test_text_output_and_one_target(tmp_path: Path) -> None:
    code, out, _ = run(["glossary", "suggest", str(SEED), "--to", "en"])
    assert code == 0
    line = next(row for row in out.splitlines() if "\tمسکو\t" in row)
    assert line.split("\t") == ["place", "1x", "مسکو", "en: Moscow (gazetteer)"]


def test_refuses_to_overwrite_and_wrong_language(tmp_path: Path) -> None:
    out = tmp_path / "s.tsv"
    out.write_text("keep", encoding="utf-8")
    code, _, err = run(["glossary", "suggest", str(SEED), "-o", str(out)])
    assert code != 0 and "exists" in err and out.read_text(encoding="utf-8") == "keep"
    english = tmp_path / "en.txt"
    english.write_text("This is an English article about nothing at all.\n", encoding="utf-8")
    code, _, err = run(["glossary", "suggest", str(english)])
    assert code != 0 and str(english) in err and "Traceback" not in err


def test_a_model_renders_the_rest_and_the_tsv_still_passes_the_check(
    tiny_nllb: Path, tmp_path: Path
) -> None:
    out = tmp_path / "s.tsv"
    args = ["glossary", "suggest", str(SEED), "--to", "ru", "--model", str(tiny_nllb)]
    code, _, err = run([*args, "--format", "tsv", "-o", str(out)])
    assert code == 0, err
    assert check_file(out).errors == []
    code, stdout, _ = run([*args, "--format", "json"])
    data = json.loads(stdout)
    methods = {s["renderings"]["ru"]["method"] for s in data["suggestions"] if s["renderings"]}
    assert "model" in methods  # the tiny model's noise is Cyrillic: kept, marked as the model's
    assert data["signature"]["model"] == str(tiny_nllb)


def test_a_missing_model_and_a_bad_glossary_are_one_line_errors(tmp_path: Path) -> None:
    code, _, err = run(["glossary", "suggest", str(SEED), "--model", "no-such-org/no-model"])
    assert code == 5 and "no-such-org/no-model" in err and len(err.strip().splitlines()) == 1
    bad = tmp_path / "bad.tsv"
    bad.write_text("fa\ten\tru\nقرارداد\t\tконтракт\n", encoding="utf-8")
    code, _, err = run(["glossary", "suggest", str(SEED), "-g", str(bad)])
    assert code == 4 and "Traceback" not in err and len(err.strip().splitlines()) == 1
