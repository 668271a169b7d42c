"""`toolkit batch` resume checks each done article's files, not only its index line: a file
deleted or changed since the line was written gets the article done again."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from batch_corpus import FILES, articles, write_corpus
from click.testing import CliRunner

from toolkit.cli import cli


def batch(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["batch", *args])
    return result.exit_code, result.stderr


def index_lines(out: Path) -> dict[str, dict]:
    lines = (out / "index.jsonl").read_text("utf-8").splitlines()
    return {line["id"]: line for line in map(json.loads, lines)}


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def delete(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).unlink()


def edit(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_text("edited by hand\n", encoding="utf-8")


def add_notes(folder: Path) -> None:
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")


def replace_by_folder(name: str) -> Callable[[Path], None]:
    def tamper(folder: Path) -> None:
        (folder / name).unlink()
        (folder / name).mkdir()

    return tamper


# (what is done to a1's folder after the first run, what the next run does with a1)
TAMPERING = [
    (lambda folder: None, "kept"),
    (delete("report.json"), "redone"),
    (delete("summary.fa.txt"), "redone"),
    (edit("summary.fa.txt"), "redone"),
    (edit("report.json"), "redone"),
    # a folder of the user's where the toolkit's file was: never replaced, the article fails
    (replace_by_folder("report.json"), "refused"),
    (add_notes, "kept"),  # a file the toolkit did not write: not its business
]
IDS = ["untouched", "report deleted", "summary deleted", "summary edited", "report edited",
       "report now a folder", "a file added"]  # fmt: skip


@pytest.mark.parametrize(("tamper", "then"), TAMPERING, ids=IDS)
def test_an_article_whose_files_changed_since_is_done_again(
    tmp_path: Path, tamper: Callable[[Path], None], then: str
) -> None:
    corpus = write_corpus(tmp_path / "in", articles(3), bad=False)
    out = tmp_path / "out"
    args = [str(corpus), "--out", str(out), "--summary-only", "--quiet"]
    assert batch(args)[0] == 0
    written = contents(out / "a1")
    tamper(out / "a1")
    code, err = batch(args)
    if then == "refused":
        assert code == 8, err  # the others were written
        assert "a1" in err and "report.json" in err
        assert (out / "a1" / "report.json").is_dir()  # the user's folder, untouched
        assert index_lines(out)["a1"]["status"] == "failed"
        return
    assert code == 0, err
    if then == "redone":
        assert "2 articles already done, 1 to do" in err
        assert contents(out / "a1") == written  # every file back as it was written
        assert list(index_lines(out)) == ["a0", "a2", "a1"]
    else:
        assert "3 articles already done, 0 to do" in err
        assert list(index_lines(out)) == ["a0", "a1", "a2"]


def test_an_index_line_records_the_sha256_of_each_file_of_its_folder(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", articles(2), bad=True)
    out = tmp_path / "out"
    assert batch([str(corpus), "--out", str(out), "--summary-only", "--quiet"])[0] == 8
    lines = index_lines(out)
    for ident in ("a0", "a1"):
        expected = {n: hashlib.sha256(b).hexdigest() for n, b in contents(out / ident).items()}
        assert lines[ident]["files"] == expected
        assert {"summary.fa.txt", "report.json"} <= set(expected)
    assert "files" not in lines["empty"]  # a failed article has no folder


def test_a_line_that_records_no_files_is_done_again(tmp_path: Path) -> None:
    # As a line written before lines recorded their files: nothing says the folder is whole.
    corpus = write_corpus(tmp_path / "in", articles(2), bad=False)
    out = tmp_path / "out"
    args = [str(corpus), "--out", str(out), "--summary-only", "--quiet"]
    assert batch(args)[0] == 0
    lines = index_lines(out)
    del lines["a0"]["files"]
    lines["a1"]["files"] = {"../../etc/passwd": "0" * 64}  # never read outside the folder
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines.values())
    (out / "index.jsonl").write_text(text, encoding="utf-8")
    code, err = batch(args)
    assert code == 0 and "already done" not in err, err
    assert all("summary.fa.txt" in line["files"] for line in index_lines(out).values())


def test_translated_files_deleted_since_are_written_again(
    batch_args: list[str], tmp_path: Path
) -> None:
    """The issue's case: report.json and article.ru.txt deleted from B/art; the rerun said
    "1 articles already done" and left them missing."""
    corpus = write_corpus(tmp_path / "in", {"art": articles(1)["a0"]}, bad=False)
    out = tmp_path / "B"
    args = [str(corpus), "--out", str(out), *batch_args]
    code, err = batch(args)
    assert code == 0, err
    written = contents(out / "art")
    (out / "art" / "report.json").unlink()
    (out / "art" / "article.ru.txt").unlink()
    code, err = batch([*args, "--format", "json"])
    assert code == 0, err
    assert "already done" not in err
    assert sorted(contents(out / "art")) == FILES
    again = contents(out / "art")
    assert again["article.ru.txt"] == written["article.ru.txt"]  # from the memory
    assert index_lines(out)["art"]["sentences"]["translated"] == 0
