"""End to end: `toolkit run` on the seed article with tiny random-weight models."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from builders import ROOT, SEED, pretend_read_only
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.glossary.validate import check_file
from toolkit.pipeline import RunOptions, run_article
from toolkit.publish import MANIFEST
from toolkit.translate.base import TERM_STATUSES, SegmentTranslation, TermOutcome, Translation

RUN_SCHEMA = json.loads((ROOT / "toolkit" / "run_report.schema.json").read_text("utf-8"))
EVAL_SCHEMA = json.loads((ROOT / "toolkit" / "evaluate" / "report.schema.json").read_text("utf-8"))
FILES = [
    "article.en.txt",
    "article.ru.txt",
    "article.tmx",
    "report.html",
    "report.json",
    "summary.en.txt",
    "summary.fa.txt",
    "summary.ru.txt",
]


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["run", *args])
    return result.exit_code, result.stdout, result.stderr


def run_args(model: Path, out: Path, memory: Path) -> list[str]:
    """`toolkit run` on the seed with a tiny model, its own folder and memory, fast settings."""
    return [
        str(SEED),
        "--model",
        str(model),
        "--out",
        str(out),
        "--cache-path",
        str(memory),
        "--n-best",
        "2",
        "--quiet",
    ]


@pytest.fixture(scope="module")
def first_run(demo_run: dict) -> dict:
    """The first run on the seed: `make demo-offline`'s (tests/conftest.py), which
    test_readme_demo checks too; ``args`` run it again, without --force."""
    return demo_run


def test_every_file_is_written(first_run: dict) -> None:
    assert first_run["code"] == 0, first_run["stderr"]
    assert sorted(p.name for p in first_run["out"].iterdir()) == [MANIFEST, *FILES]


def test_translations_are_line_aligned(first_run: dict) -> None:
    lines = SEED.read_text("utf-8").splitlines()
    for lang in ("en", "ru"):
        translated = (first_run["out"] / f"article.{lang}.txt").read_text("utf-8").splitlines()
        assert len(translated) == len(lines)
    summary = (first_run["out"] / "summary.fa.txt").read_text("utf-8").splitlines()
    assert len(summary) == 3
    assert len((first_run["out"] / "summary.ru.txt").read_text("utf-8").splitlines()) == 3


def test_report_validates_and_terms_are_all_rendered(first_run: dict) -> None:
    report = json.loads((first_run["out"] / "report.json").read_text("utf-8"))
    jsonschema.validate(report, RUN_SCHEMA)
    for lang in ("en", "ru"):
        assert "requests" not in report["languages"][lang]  # no server: nothing to count
        evaluation = report["languages"][lang]["evaluation"]
        jsonschema.validate(evaluation, EVAL_SCHEMA)
        assert evaluation["terms"]["accuracy"] == 1.0
        assert report["languages"][lang]["translation"]["terms"]["failed"] == 0
        statuses = {
            t["status"]
            for seg in report["languages"][lang]["translation"]["segments"]
            for t in seg["terms"]
        }
        assert statuses and statuses <= set(TERM_STATUSES) - {"failed"}
    assert report["signature"]["glossary"]["hash"].startswith("sha256:")
    header = next(line for line in first_run["stderr"].splitlines() if line.startswith("lang"))
    assert header.split()[2:5] == ["term", "success", "model/subst/constr/inserted/failed"]


def test_html_report_warns_about_a_test_model(first_run: dict) -> None:
    page = (first_run["out"] / "report.html").read_text(encoding="utf-8")
    assert page.count("Test model.") == 2  # one warning per language


def test_html_report_shows_term_statuses(first_run: dict) -> None:
    page = (first_run["out"] / "report.html").read_text("utf-8")
    assert page.count('<table class="mix">') == 2
    assert page.count('<span class="st ') > 2 * len(TERM_STATUSES)
    assert "pasted in without the model: review it" in page


def report_with(terms: tuple[TermOutcome, ...]) -> dict:
    """A minimal report.json for one language whose one segment has ``terms``."""
    segment = SegmentTranslation(1, "قرارداد امضا شد.", "The contract was signed.", terms)
    translation = Translation("en", (segment.text,), (segment,)).to_dict()
    signature = {"toolkit": "0", "translator": {}, "glossary": None, "options": {}}
    return {
        "article": "a.fa.txt",
        "summary": {
            "language": "fa",
            "method": "extractive",
            "sentences": [],
            "summary": "",
            "signature": {},
            "translations": {},
        },
        "languages": {
            "en": {
                "translation": {
                    "terms": translation["terms"],
                    "segments": translation["segments"],
                    "signature": signature,
                },
                "evaluation": {},
            }
        },
        "signature": {"toolkit": "0", "options": {}, "glossary": None},
    }


EVERY_STATUS = (
    TermOutcome("قرارداد", "model", "contract", "contract"),
    TermOutcome("قرارداد", "substituted", "contract", "contract", replaced="deal"),
    TermOutcome("قرارداد", "constrained", "contract"),
    TermOutcome("قرارداد", "inserted", "contract", shared=True),
    TermOutcome("قرارداد", "failed", "", "contract", "no accepted rendering"),
)


def test_schema_accepts_every_status() -> None:
    report = report_with(EVERY_STATUS)
    jsonschema.validate(report, RUN_SCHEMA)
    translation = report["languages"]["en"]["translation"]
    assert translation["terms"] == dict.fromkeys(TERM_STATUSES, 1)
    assert translation["segments"][0]["terms"][1]["replaced"] == "deal"
    assert translation["segments"][0]["terms"][3]["shared"] is True


@pytest.mark.parametrize(
    "spoil",
    [
        lambda r: r["terms"].update(repaired=1),
        lambda r: r["terms"].pop("inserted"),
        lambda r: r["segments"][0]["terms"][0].update(status="repaired"),
        lambda r: r["segments"][0]["terms"][0].update(colour="red"),
        lambda r: r["segments"][0]["terms"][0].update(shared=False),
        lambda r: r["segments"][0]["terms"][0].pop("form"),
    ],
    ids=["legacy count", "missing count", "legacy status", "unknown key", "shared false", "form"],
)
def test_schema_is_strict_about_term_outcomes(spoil: Callable[[dict], object]) -> None:
    report = report_with(EVERY_STATUS)
    spoil(report["languages"]["en"]["translation"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, RUN_SCHEMA)


def test_tmx_has_one_unit_per_sentence(first_run: dict) -> None:
    from defusedxml.ElementTree import parse

    root = parse(first_run["out"] / "article.tmx").getroot()
    units = root.findall("./body/tu")
    report = json.loads((first_run["out"] / "report.json").read_text("utf-8"))
    assert len(units) == len(report["languages"]["en"]["translation"]["segments"])
    assert all(len(tu.findall("tuv")) == 3 for tu in units)


def test_existing_folder_is_not_overwritten_without_force(first_run: dict) -> None:
    before = (first_run["out"] / "report.json").read_bytes()
    code, _, err = run(first_run["args"])
    assert code == 6 and "--force" in err
    assert (first_run["out"] / "report.json").read_bytes() == before


def test_second_run_is_served_from_memory(first_run: dict) -> None:
    code, _, err = run([*first_run["args"], "--force"])
    assert code == 0, err
    assert "translated" in err and " 0 translated" in err


def test_missing_model_fails_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = run([str(SEED), "--model", "no-such-org/no-such-model", "--out", str(out)])
    assert code == 5
    assert "no-such-org/no-such-model" in err and len(err.strip().splitlines()) <= 2
    assert not out.exists()


def test_summary_only_works_offline(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = run(
        [str(SEED), "--summary-only", "--model", "no-such/model", "--out", str(out), "--quiet"]
    )
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "report.json", "summary.fa.txt"]


def test_config_file_sets_options_and_command_line_wins(tmp_path: Path) -> None:
    config = tmp_path / "run.toml"
    config.write_text('summary-only = true\nsentences = 2\nout = "from-config"\n', encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run([str(SEED), "--config", str(config), "--out", str(out), "--quiet"])
    assert code == 0, err
    assert len((out / "summary.fa.txt").read_text("utf-8").splitlines()) == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("colour = 'red'\n", encoding="utf-8")
    code, _, err = run([str(SEED), "--config", str(bad)])
    assert code == 7 and "unknown option 'colour'" in err
    # The known options are listed as a config file writes them.
    assert "summary-only" in err and " to," in err and "targets" not in err


@pytest.mark.parametrize("value", ['"de"', '["fa"]', "[]"])
def test_config_target_languages_are_checked_even_for_a_summary(tmp_path: Path, value: str) -> None:
    config = tmp_path / "run.toml"
    config.write_text(f"to = {value}\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run([str(SEED), "--config", str(config), "--summary-only", "--out", str(out)])
    assert code == 7 and str(config) in err and "target languages are en, ru" in err
    assert not out.exists()


def test_killed_run_leaves_nothing_half_written_and_resumes(
    tiny_nllb: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    memory = tmp_path / "tm.sqlite3"
    args = [sys.executable, "-m", "toolkit", "run", *run_args(tiny_nllb, out, memory)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if memory.exists():
            try:
                done = sqlite3.connect(memory).execute("SELECT COUNT(*) FROM tm").fetchone()[0]
            except sqlite3.Error:
                done = 0
            if done >= 2:
                break
        time.sleep(0.1)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # At most the killed run's staging folder, inside the output folder; nothing beside it.
    leftovers = [p.name for p in out.iterdir()] if out.exists() else []
    assert all(n.startswith(".toolkit-") and n.endswith(".partial") for n in leftovers)
    assert all(p.name == "out" or p.name.startswith("tm.sqlite3") for p in tmp_path.iterdir())
    code, _, err = run(run_args(tiny_nllb, out, memory))
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, *FILES]
    reused = int(err.split("translation memory: ")[1].split(" sentences reused")[0])
    assert reused >= done


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "input is empty"),
        (b"\xffnot utf-8", "not valid UTF-8"),
        (b"This article is in English.", "looks like English"),
        ("س".encode() * 3_000_000, "over the 5 MB limit"),
    ],
)
def test_bad_article_is_one_line_exit_3_and_writes_nothing(
    tmp_path: Path, content: bytes, message: str
) -> None:
    article = tmp_path / "article.fa.txt"
    article.write_bytes(content)
    out = tmp_path / "out"
    code, _, err = run([str(article), "--summary-only", "--out", str(out), "--quiet"])
    assert code == 3
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()


def test_steps_count_up_and_end_at_the_total(tmp_path: Path) -> None:
    from toolkit.pipeline import RunOptions, run_article

    lines: list[str] = []
    run_article(str(SEED), RunOptions(summary_only=True, out=str(tmp_path / "out")), lines.append)
    numbers = [tuple(map(int, line[1 : line.index("]")].split("/"))) for line in lines]
    assert [k for k, _ in numbers] == list(range(1, len(numbers) + 1))
    assert {n for _, n in numbers} == {len(numbers)}


def test_final_table_counts_sentences_not_clause_splits(first_run: dict) -> None:
    # The tiny model's 128-position limit splits long seed sentences into clauses; the table
    # still counts the 11 sentences `toolkit segment` finds.
    from toolkit.text.segment import segment

    sentences = len(segment(SEED.read_text(encoding="utf-8"), "fa"))
    code, stdout, stderr = run([*first_run["args"], "--force"])
    assert code == 0, stderr
    table = (stdout + stderr).splitlines()
    rows = [line.split() for line in table if line.startswith(("en ", "ru "))]
    assert [int(r[1]) for r in rows] == [sentences, sentences]


def test_without_a_glossary_names_keep_one_rendering_and_suggestions_are_written(
    tiny_nllb: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = run_args(tiny_nllb, out, tmp_path / "tm.sqlite3")
    # Russian: the tiny model's noise looks Russian, and the evaluator refuses it as English.
    code, _, err = run([*args, "--no-glossary", "--suggest", "--to", "ru"])
    assert code == 0, err
    report = json.loads((out / "report.json").read_text("utf-8"))
    jsonschema.validate(report, RUN_SCHEMA)
    names = {n["source"]: n for n in report["languages"]["ru"]["translation"]["names"]}
    assert set(names) == {"میثم عابدی", "کاظم جلالی"}
    jalali = names["کاظم جلالی"]
    assert jalali["from_glossary"] is False and jalali["occurrences"] == 2
    # Every line of the translation that names him has the one rendering (or its surname).
    source = SEED.read_text("utf-8").splitlines()
    target = (out / "article.ru.txt").read_text("utf-8").splitlines()
    for fa, ru in zip(source, target, strict=True):
        if "جلالی" in fa:
            assert jalali["rendering"].split()[-1] in ru  # Джалали does not decline
    assert "Names not in the glossary" in (out / "report.html").read_text("utf-8")
    suggested = out / "suggested-glossary.tsv"
    assert check_file(suggested).errors == []
    assert "Meysam Abedi" not in suggested.read_text("utf-8")  # --to ru: Russian only


def test_suggestions_need_no_model(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = run(
        [str(SEED), "--summary-only", "--suggest", "--no-glossary", "--out", str(out), "-q"]
    )
    assert code == 0, err
    rows = (out / "suggested-glossary.tsv").read_text("utf-8").splitlines()
    assert any(r.startswith("میثم عابدی\tMeysam Abedi\tМейсам Абеди") for r in rows)


# -- the output folder holds the toolkit's own files only (toolkit.publish) --------------------


def foreign_folder(base: Path) -> Path:
    """A folder as a user keeps it: the article, notes, a project folder."""
    folder = base / "w"
    (folder / "project").mkdir(parents=True)
    (folder / "a.fa.txt").write_bytes(SEED.read_bytes())
    (folder / "notes.docx").write_text("notes", encoding="utf-8")
    (folder / "project" / "plan.txt").write_text("plan", encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("article_inside", [True, False])
def test_force_into_a_users_folder_is_refused_before_any_work(
    tmp_path: Path, article_inside: bool
) -> None:
    folder = foreign_folder(tmp_path)
    article = folder / "a.fa.txt" if article_inside else SEED
    before = snapshot(folder)
    # No model could be found: a refusal with exit 6, not 5, comes before looking for one.
    code, _, err = run(
        [str(article), "--out", str(folder), "--force", "--model", "no-such-org/no-model"]
    )
    assert code == 6, err
    expected = "an input of this run" if article_inside else "did not write"
    assert expected in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert snapshot(folder) == before


def test_out_dot_with_force_is_one_line_and_deletes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = foreign_folder(tmp_path)
    before = snapshot(folder)
    monkeypatch.chdir(folder)
    for article in ("a.fa.txt", str(SEED)):
        code, _, err = run([article, "--summary-only", "--out", ".", "--force", "-q"])
        assert code == 6 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert snapshot(folder) == before


def test_force_over_an_earlier_run_replaces_its_files_and_keeps_the_users(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = [str(SEED), "--summary-only", "--out", str(out), "-q"]
    code, _, err = run([*args, "--suggest", "--no-glossary"])
    assert code == 0, err
    (out / "notes.docx").write_text("mine", encoding="utf-8")
    code, _, err = run([*args, "--sentences", "2", "--force"])
    assert code == 0, err
    # The earlier suggestions are gone with the run that wrote them; the notes stay.
    assert sorted(p.name for p in out.iterdir()) == [
        MANIFEST,
        "notes.docx",
        "report.json",
        "summary.fa.txt",
    ]
    assert (out / "notes.docx").read_text("utf-8") == "mine"
    assert len((out / "summary.fa.txt").read_text("utf-8").splitlines()) == 2


@pytest.mark.parametrize("second", ["fails", "succeeds"])
def test_a_second_run_into_the_same_folder_cannot_break_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, second: str
) -> None:
    out = tmp_path / "out"
    empty = tmp_path / "empty.fa.txt"
    empty.write_bytes(b"")
    calls: list[str] = []
    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        # While the first run is writing its staging folder, a second run into the folder.
        if not calls:
            calls.append("second")
            article = str(empty) if second == "fails" else str(SEED)
            options = RunOptions(summary_only=True, out=str(out), sentences=2, force=True)
            try:
                run_article(article, options)
            except Exception as exc:  # the second run's fate is not the test
                calls.append(type(exc).__name__)
        real_fsync(fd)

    monkeypatch.setattr("toolkit.publish.os.fsync", slow_fsync)
    result = run_article(str(SEED), RunOptions(summary_only=True, out=str(out), force=True))
    assert calls == (["second", "InputError"] if second == "fails" else ["second"])
    assert result.files == ["report.json", "summary.fa.txt"]
    # The first run's files, whole, and no staging folder of either left.
    assert len((out / "summary.fa.txt").read_text("utf-8").splitlines()) == 3
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "report.json", "summary.fa.txt"]


def test_a_symlinked_out_writes_nothing_outside_its_target(tmp_path: Path) -> None:
    target = tmp_path / "disk" / "target"
    target.mkdir(parents=True)
    (tmp_path / "links").mkdir()
    link = tmp_path / "links" / "out"
    link.symlink_to(target)
    for force in ([], ["--force"]):
        code, _, err = run([str(SEED), "--summary-only", "--out", str(link), "-q", *force])
        assert code == 0, err
    assert sorted(p.name for p in target.iterdir()) == [MANIFEST, "report.json", "summary.fa.txt"]
    assert [p.name for p in (tmp_path / "links").iterdir()] == ["out"]
    assert [p.name for p in (tmp_path / "disk").iterdir()] == ["target"]


def test_a_folder_in_a_read_only_parent_is_refused_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = tmp_path / "read-only"
    parent.mkdir()
    pretend_read_only(monkeypatch, parent)
    code, _, err = run([str(SEED), "--out", str(parent / "out"), "--model", "no-such-org/model"])
    assert code == 6 and "read-only is not writable" in err, err
    assert len(err.strip().splitlines()) == 1 and not (parent / "out").exists()


def test_stdin_goes_to_out_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["run", "-", "--summary-only", "-q"], input=SEED.read_bytes())
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert sorted(p.name for p in (tmp_path / "out" / "stdin").iterdir()) == [
        MANIFEST,
        "report.json",
        "summary.fa.txt",
    ]
    assert "out/stdin for -" in CliRunner().invoke(cli, ["run", "--help"]).stdout


def strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def test_report_records_no_absolute_path(tmp_path: Path) -> None:
    out, memory = tmp_path / "out", tmp_path / "tm.sqlite3"
    glossary = ROOT / "glossaries" / "iran-russia-ict.tsv"
    code, _, err = run(
        [
            str(SEED),
            "--summary-only",
            "--out",
            str(out),
            "-g",
            str(glossary),
            "--cache-path",
            str(memory),
            "-q",
        ]
    )
    assert code == 0, err
    report = json.loads((out / "report.json").read_text("utf-8"))
    jsonschema.validate(report, RUN_SCHEMA)
    assert not [s for s in strings(report) if s.startswith("/") or str(tmp_path) in s]
    options = report["signature"]["options"]
    assert (options["out"], options["glossary"], options["cache_path"]) == (
        "out",
        "iran-russia-ict.tsv",
        "tm.sqlite3",
    )
    assert report["article"] == SEED.name


def test_report_of_a_translation_records_no_absolute_path(first_run: dict) -> None:
    report = json.loads((first_run["out"] / "report.json").read_text("utf-8"))
    assert not [s for s in strings(report) if s.startswith("/")]
    # The page names the model as the JSON does (its banner and signature lines).
    model = report["languages"]["en"]["translation"]["signature"]["model"]
    page = (first_run["out"] / "report.html").read_text("utf-8")
    assert f"{model} is a model built for tests" in page
    assert str(first_run["out"].parents[1]) not in page  # the tests' temporary root


def test_the_names_checked_before_work_are_the_names_written(first_run: dict) -> None:
    from toolkit.pipeline import output_names

    written = {p.name for p in first_run["out"].iterdir()} - {MANIFEST}
    assert written <= output_names(RunOptions())
    assert "article.en.xlf" in output_names(RunOptions(xliff=True)) - output_names(RunOptions())
    assert output_names(RunOptions(summary_only=True, suggest=True)) == {
        "report.json",
        "summary.fa.txt",
        "suggested-glossary.tsv",
    }


def test_a_memory_inside_the_output_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "out"
    memory = out / "tm.sqlite3"
    code, _, err = run(
        [str(SEED), "--out", str(out), "--cache-path", str(memory), "--model", "no-such/model"]
    )
    assert code == 6 and "an input of this run" in err, err
    assert not out.exists()
