"""`toolkit batch`: a folder of articles with bad ones among them, resuming, the index, the
overview, exit codes. The tiny random-weight model translates (noise, deterministically)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from batch_corpus import (
    BAD,
    FILES,
    SENTENCES,
    article_files,
    articles,
    fast_args,
    fast_options,
    index_without_timings,
    write_corpus,
)
from click.testing import CliRunner

from toolkit.batch import BatchOptions, Outcome, run_batch
from toolkit.cli import cli
from toolkit.translate.memory import TranslationMemory


def batch(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["batch", *args])
    return result.exit_code, result.stdout, result.stderr


def index_lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "index.jsonl").read_text("utf-8").splitlines()]


def memory_size(path: Path) -> int:
    memory = TranslationMemory(path)
    try:
        return len(memory)
    finally:
        memory.close()


@pytest.fixture(scope="module")
def first_batch(
    tiny_nllb: Path, glossary_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict:
    """8 good articles and 3 bad ones, run once."""
    base = tmp_path_factory.mktemp("batch")
    corpus = write_corpus(base / "in", articles(8))
    out, memory = base / "out", base / "tm.sqlite3"
    args = [str(corpus), "--out", str(out), *fast_args(tiny_nllb, glossary_file, memory)]
    args += ["--group-size", "4"]
    code, _, stderr = batch(args)
    return {"code": code, "stderr": stderr, "out": out, "args": args, "memory": memory}


def test_every_good_article_is_written_and_the_bad_ones_are_recorded(first_batch: dict) -> None:
    out = first_batch["out"]
    assert first_batch["code"] == 8, first_batch["stderr"]
    for k in range(8):
        assert sorted(p.name for p in (out / f"a{k}").iterdir()) == FILES
    lines = {line["id"]: line for line in index_lines(out)}
    assert len(lines) == 11
    for name, (_, reason) in BAD.items():
        assert lines[name]["status"] == "failed"
        assert reason in lines[name]["reason"] and f"{name}.txt" in lines[name]["reason"]
        assert not (out / name).exists()
        assert f"failed: {lines[name]['source']}" in first_batch["stderr"]
    good = lines["a0"]
    assert good["status"] == "ok" and set(good["languages"]) == {"ru"}
    ru = good["languages"]["ru"]
    assert ru["term_matched"] == ru["term_total"] >= 1  # ایران
    assert set(ru["findings"]) == {"error", "warning", "info"}
    assert {"prepare", "translate", "evaluate", "write", "total"} <= set(good["timings"])


def test_an_article_folder_is_what_toolkit_run_writes(first_batch: dict) -> None:
    report = json.loads((first_batch["out"] / "a3" / "report.json").read_text("utf-8"))
    assert report["article"].endswith("a3.fa.txt")
    assert len(report["languages"]["ru"]["translation"]["segments"]) == 3
    lines = (first_batch["out"] / "a3" / "article.ru.txt").read_text("utf-8").splitlines()
    assert len(lines) == 3


def test_overview_links_every_article_and_names_the_failures(first_batch: dict) -> None:
    page = (first_batch["out"] / "report.html").read_text("utf-8")
    assert "11 articles: 8 done, 3 failed" in page
    for k in range(8):
        assert f'<a href="a{k}/report.html">a{k}</a>' in page
    assert page.count('<tr class="failed">') == 3 and "input is empty" in page


def test_boilerplate_is_translated_once(first_batch: dict) -> None:
    # Every translation done is put in the memory once: a sentence translated twice would
    # count twice but take one entry. The boilerplate is in all 8 articles.
    lines = [line for line in index_lines(first_batch["out"]) if line["status"] == "ok"]
    translated = sum(line["sentences"]["translated"] for line in lines)
    assert translated == memory_size(first_batch["memory"])
    # Two sentences of each article's own, one boilerplate; a sentence that names someone
    # the glossary lacks (بهروز نیک‌اندیش) is translated a second time to keep the name.
    again = sum(line["sentences"]["for_names"] for line in lines)
    assert again >= 1
    assert translated - again <= 2 * 8 + 1
    assert sum(line["sentences"]["reused"] for line in lines) >= 7


def test_a_second_run_redoes_nothing(first_batch: dict) -> None:
    out = first_batch["out"]
    before = {p: p.stat().st_mtime_ns for p in out.glob("a*/report.json")}
    size = memory_size(first_batch["memory"])
    code, stdout, stderr = batch([*first_batch["args"], "--format", "json"])
    assert code == 8, stderr
    summary = json.loads(stdout)
    assert summary["skipped"] == 8 and summary["done"] == 8
    assert sorted(summary["failed_ids"]) == sorted(BAD)
    assert summary["sentences"] == {"translated": 0, "reused": 0}
    assert "8 articles already done, 3 to do" in stderr
    assert {p: p.stat().st_mtime_ns for p in out.glob("a*/report.json")} == before
    assert memory_size(first_batch["memory"]) == size
    assert len(index_lines(out)) == 11  # the failed ones are tried again, not added twice


def test_an_interrupted_batch_goes_on_without_translating_anything_twice(
    tiny_nllb: Path, glossary_file: Path, tmp_path: Path
) -> None:
    corpus = write_corpus(tmp_path / "in", articles(6), bad=False)
    out, memory = tmp_path / "out", tmp_path / "tm.sqlite3"
    run = fast_options(tiny_nllb, glossary_file, memory)
    options = BatchOptions(run, group_size=2)
    seen: list[Outcome] = []

    def stop_after_three(outcome: Outcome) -> None:
        seen.append(outcome)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(corpus, out, options, stop_after_three)
    # a0-a2 are in the index; a3 was written with a2 (one group) but not recorded.
    assert [line["id"] for line in index_lines(out)] == ["a0", "a1", "a2"]
    assert (out / "a3").is_dir()
    done_before = {k: (out / k / "report.json").stat().st_mtime_ns for k in ("a0", "a1", "a2")}
    translated_before = sum(o.sentences["translated"] for o in seen)
    size_before = memory_size(memory)

    result = run_batch(corpus, out, options)
    assert result.done == 6 and not result.failed and result.skipped == 3
    assert sorted(line["id"] for line in index_lines(out)) == [f"a{k}" for k in range(6)]
    assert {k: (out / k / "report.json").stat().st_mtime_ns for k in done_before} == done_before
    # a3 was translated before the stop (with a2) and comes from the memory now; every
    # sentence translated by the second run is a new entry of the memory: none was
    # translated twice.
    assert size_before > translated_before
    a3 = next(line for line in index_lines(out) if line["id"] == "a3")
    assert a3["sentences"] == {"translated": 0, "reused": 6, "for_names": 0}
    assert result.translated == memory_size(memory) - size_before > 0


def test_a_half_written_index_line_is_done_again(first_batch: dict, tmp_path: Path) -> None:
    from toolkit.batch.index import Index
    from toolkit.batch.inputs import read_items

    lines = (first_batch["out"] / "index.jsonl").read_text("utf-8").splitlines(keepends=True)
    ok = [line for line in lines if '"status": "ok"' in line]
    out = tmp_path / "out"
    out.mkdir()
    for k in range(8):  # the folders as written: resume checks their files
        shutil.copytree(first_batch["out"] / f"a{k}", out / f"a{k}")
    (out / ".a7.0123456789ab.partial").mkdir()  # a staging folder left by a kill
    (out / "index.jsonl").write_text("".join(ok[:7]) + ok[7][:40], encoding="utf-8")
    items = read_items(Path(json.loads(ok[0])["source"]).parent)
    settings = json.loads(ok[0])["settings"]
    index = Index(out, settings, items, force=False)
    assert sorted(index.done) == [f"a{k}" for k in range(8) if f'"a{k}"' in "".join(ok[:7])]
    assert len(index.done) == 7
    assert (out / "index.jsonl").read_text("utf-8") == "".join(ok[:7])
    assert not (out / ".a7.0123456789ab.partial").exists()
    index.close()  # one batch at a time holds the folder
    # Other settings (another model, glossary, languages...) redo every article; so does force.
    other = Index(out, "sha256:other", items, force=False)
    assert not other.done
    other.close()
    (out / "index.jsonl").write_text("".join(ok), encoding="utf-8")
    forced = Index(out, settings, items, force=True)
    assert not forced.done
    forced.close()


def test_an_article_edited_since_is_done_again(tmp_path: Path) -> None:
    texts = articles(3)
    corpus = write_corpus(tmp_path / "in", texts, bad=False)
    out = tmp_path / "out"
    args = [str(corpus), "--out", str(out), "--summary-only", "--quiet"]
    assert batch(args)[0] == 0
    (corpus / "a1.fa.txt").write_text(SENTENCES[0] + "\n", encoding="utf-8")
    code, _, err = batch(args)
    assert code == 0, err
    assert "2 articles already done, 1 to do" in err
    assert (out / "a1" / "summary.fa.txt").read_text("utf-8") == SENTENCES[0] + "\n"
    assert [line["id"] for line in index_lines(out)] == ["a0", "a2", "a1"]


def test_a_folder_that_is_not_a_batch_is_not_written_into(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", {"a": "خبر کوتاه است.\n"}, bad=False)
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = batch([str(corpus), "--out", str(out), "--summary-only", "--quiet"])
    assert code == 6 and "--force" in err and "index.jsonl" in err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    code, _, err = batch([str(corpus), "--out", str(out), "--summary-only", "--quiet", "--force"])
    assert code == 0, err
    assert (out / "a" / "summary.fa.txt").is_file() and (out / "notes.txt").is_file()


def test_worker_processes_write_the_same_files_as_one_worker(
    tiny_nllb: Path, glossary_file: Path, tmp_path: Path
) -> None:
    corpus = write_corpus(tmp_path / "in", articles(3), bad=False)
    memory = tmp_path / "tm.sqlite3"
    run = fast_options(tiny_nllb, glossary_file, memory)
    for workers in (1, 2):
        for leftover in tmp_path.glob("tm.sqlite3*"):  # each run starts from no memory
            leftover.unlink()
        result = run_batch(
            corpus, tmp_path / f"w{workers}", BatchOptions(run, workers=workers, group_size=1)
        )
        assert result.done == 3
    assert article_files(tmp_path / "w2") == article_files(tmp_path / "w1")
    assert index_without_timings(tmp_path / "w2") == index_without_timings(tmp_path / "w1")


def a_json_file(folder: Path) -> Path:
    path = folder / "a.json"
    path.write_text("{}", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing", "no such file or folder"),
        (lambda p: p, "no articles"),
        (a_json_file, "expected a folder of .txt articles or a .jsonl file"),
    ],
    ids=["missing", "empty folder", "not jsonl"],
)
def test_unusable_input_is_exit_3(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    (tmp_path / "in").mkdir()
    source = make(tmp_path / "in")
    code, _, err = batch([str(source), "--out", str(tmp_path / "out"), "--summary-only"])
    assert code == 3 and message in err and "Traceback" not in err


def test_missing_model_stops_before_any_article(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", {"a": "خبر کوتاه است.\n"}, bad=False)
    code, _, err = batch(
        [str(corpus), "--out", str(tmp_path / "out"), "--model", "no-such-org/no-such-model"]
    )
    assert code == 5 and "no-such-org/no-such-model" in err
    assert not (tmp_path / "out").exists()


def test_missing_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    corpus = write_corpus(tmp_path / "in", {"a": "خبر کوتاه است.\n"}, bad=False)
    code, _, err = batch(
        [str(corpus), "--out", str(tmp_path / "out"), "--engine", "ray", "--summary-only"]
    )
    assert code == 5 and "pip install 'toolkit[ray]'" in err


def test_help_lists_the_exit_code_of_a_batch_with_failures() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert "8 some articles failed" in " ".join(result.stdout.split())


def test_a_killed_batch_resumes_without_translating_anything_twice(
    batch_args: list[str], tmp_path: Path
) -> None:
    """SIGKILL in the middle, then the same command: the finished articles are kept, and
    every sentence the second run translates is a new entry of the memory (one already in
    it would be served, not translated)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    corpus = write_corpus(tmp_path / "in", articles(8), bad=False)
    out = tmp_path / "out"
    memory = Path(batch_args[batch_args.index("--cache-path") + 1])
    args = [str(corpus), "--out", str(out), *batch_args, "--group-size", "2"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "batch", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    index = out / "index.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if index.exists() and len(index.read_text("utf-8").splitlines()) >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = [line["id"] for line in index_lines(out)]
    assert 2 <= len(done_before) < 8
    size_before = memory_size(memory)

    code, stdout, err = batch([*args, "--format", "json"])
    assert code == 0, err
    summary = json.loads(stdout)
    assert summary["done"] == 8 and summary["skipped"] == len(done_before)
    assert memory_size(memory) - size_before == summary["sentences"]["translated"]
    for k in range(8):
        assert sorted(p.name for p in (out / f"a{k}").iterdir()) == FILES
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_suggest_writes_each_articles_suggested_glossary(tmp_path: Path) -> None:
    # As `toolkit run --suggest` does: the batch runs the same last stage (finish_article).
    from toolkit.glossary.validate import check_file

    seed = Path(__file__).resolve().parents[2] / "seeds" / "mehr-iran-russia-ict.fa.txt"
    corpus = write_corpus(tmp_path / "in", {"seed": seed.read_text("utf-8")}, bad=False)
    out = tmp_path / "out"
    code, _, err = batch(
        [str(corpus), "--out", str(out), "--summary-only", "--suggest", "--no-glossary", "-q"]
    )
    assert code == 0, err
    suggested = out / "seed" / "suggested-glossary.tsv"
    assert check_file(suggested).errors == []
    rows = suggested.read_text("utf-8").splitlines()
    assert any(r.startswith("میثم عابدی\tMeysam Abedi\tМейсам Абеди") for r in rows)


def test_an_article_folder_is_the_folder_toolkit_run_writes(
    tiny_nllb: Path, glossary_file: Path, tmp_path: Path
) -> None:
    # The same article, model, glossary and options; each with a memory of its own.
    corpus = write_corpus(tmp_path / "in", articles(1), bad=False)
    batch_args = fast_args(tiny_nllb, glossary_file, tmp_path / "batch.sqlite3")
    code, _, err = batch([str(corpus), "--out", str(tmp_path / "batch"), "--suggest", *batch_args])
    assert code == 0, err
    run_args = fast_args(tiny_nllb, glossary_file, tmp_path / "run.sqlite3")
    article, out = str(corpus / "a0.fa.txt"), str(tmp_path / "run" / "a0")
    single = CliRunner().invoke(cli, ["run", article, "--out", out, "--suggest", *run_args])
    assert single.exit_code == 0, single.stderr
    batch_files, run_files = article_files(tmp_path / "batch"), article_files(tmp_path / "run")
    assert "a0/suggested-glossary.tsv" in batch_files
    # The options name the memory and the output folder, which differ: nothing else may,
    # but what this `run` process spent placing terms (calls and seconds: `run` records it;
    # a batch places the terms of several articles in shared calls, so it has no per-article
    # cost to record).
    reports = []
    for files in (batch_files, run_files):
        files["a0/report.json"] = re.sub(
            r'\n *"(cache_path|out)": [^\n]*', "", files["a0/report.json"]
        )
        report = json.loads(files.pop("a0/report.json"))
        for language in report["languages"].values():
            language.pop("enforcement", None)
        reports.append(report)
    run_report = json.loads((tmp_path / "run" / "a0" / "report.json").read_text("utf-8"))
    assert run_report["languages"]["ru"]["enforcement"]["model_calls"] > 0
    assert reports[0] == reports[1]
    assert batch_files == run_files
