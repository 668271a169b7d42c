"""Output folders hold the toolkit's own files only (toolkit.publish): a manifest, force that
replaces only what it lists, staging that no other run touches, symlinks resolved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import pretend_read_only

from toolkit.errors import OutputError
from toolkit.publish import MANIFEST, check_folder, digest, publish, read_manifest

FIRST = {"report.json": "{}\n", "summary.fa.txt": "یک\n", "article.en.txt": "one\n"}
SECOND = {"report.json": '{"again": true}\n', "summary.fa.txt": "دو\n"}


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def live_pid() -> Iterator[int]:
    """The id of a process that is alive while the test runs."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield proc.pid
    proc.kill()
    proc.wait()


@pytest.fixture
def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_publish_writes_the_files_and_a_manifest_of_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(out, FIRST, force=False)
    assert names(out) == sorted([*FIRST, MANIFEST])
    assert (out / "summary.fa.txt").read_text("utf-8") == "یک\n"
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    assert manifest["files"] == {name: digest(text) for name, text in FIRST.items()}
    assert digest("one\n") == (
        "sha256:2c8b08da5ce60398e1f19af0e5dccc744df274b826abe585eaba68c525434806"
    )


def test_force_replaces_the_manifest_files_and_keeps_every_other(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(out, FIRST, force=False)
    (out / "notes.docx").write_text("mine", encoding="utf-8")
    (out / "project").mkdir()
    (out / "project" / "plan.txt").write_text("plan", encoding="utf-8")
    publish(out, SECOND, force=True)
    # article.en.txt was the first run's and this run writes none: it goes.
    assert names(out) == sorted([MANIFEST, "notes.docx", "project", *SECOND])
    assert (out / "notes.docx").read_text("utf-8") == "mine"
    assert (out / "project" / "plan.txt").read_text("utf-8") == "plan"
    assert (out / "report.json").read_text("utf-8") == SECOND["report.json"]
    manifest = read_manifest(out)
    assert manifest is not None and set(manifest.files) == set(SECOND)


@pytest.mark.parametrize(
    ("setup", "force", "message"),
    [
        ("foreign", True, "holds files the toolkit did not write"),
        ("foreign", False, "holds files the toolkit did not write"),
        ("previous", False, "pass force= to replace"),
        ("collision", True, "report.json is not a file the toolkit wrote"),
        ("not-a-folder", True, "exists and is not a folder"),
        ("bad-manifest", True, "not a toolkit manifest"),
        ("escaping-manifest", True, "not a toolkit manifest"),
    ],
)
def test_refused_folders_are_left_as_they_were(
    tmp_path: Path, setup: str, force: bool, message: str
) -> None:
    out = tmp_path / "out"
    if setup == "not-a-folder":
        out.write_text("a file", encoding="utf-8")
    else:
        out.mkdir()
        (out / "notes.docx").write_text("mine", encoding="utf-8")
    if setup in ("previous", "collision"):
        (out / MANIFEST).write_text(
            json.dumps({"format": "toolkit-manifest/1", "files": {"summary.fa.txt": "x"}}),
            encoding="utf-8",
        )
    if setup == "collision":
        (out / "report.json").write_text("the user's own", encoding="utf-8")
    if setup == "bad-manifest":
        (out / MANIFEST).write_text("{not json", encoding="utf-8")
    if setup == "escaping-manifest":
        (tmp_path / "precious.txt").write_text("keep", encoding="utf-8")
        (out / MANIFEST).write_text(
            json.dumps({"format": "toolkit-manifest/1", "files": {"../precious.txt": "x"}}),
            encoding="utf-8",
        )
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(OutputError, match=message):
        check_folder(out, force, FIRST)
    with pytest.raises(OutputError, match=message):
        publish(out, FIRST, force=force)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("where", ["itself", "inside", "deeper"])
def test_a_folder_that_is_or_holds_the_input_is_refused(tmp_path: Path, where: str) -> None:
    out = tmp_path / "out"
    article = {
        "itself": out,
        "inside": out / "a.fa.txt",
        "deeper": out / "sub" / "a.fa.txt",
    }[where]
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text("متن", encoding="utf-8") if where != "itself" else out.mkdir()
    (out / MANIFEST).write_text('{"format": "toolkit-manifest/1", "files": {}}', "utf-8")
    with pytest.raises(OutputError, match="an input of this run"):
        check_folder(out, True, FIRST, inputs=[str(article)])
    if where != "itself":
        assert article.read_text("utf-8") == "متن"


def test_a_symlinked_folder_is_written_in_its_target_and_nowhere_else(tmp_path: Path) -> None:
    target = tmp_path / "real" / "target"
    target.mkdir(parents=True)
    links = tmp_path / "links"
    links.mkdir()
    (links / "out").symlink_to(target)
    assert publish(links / "out", FIRST, force=False) == target.resolve()
    publish(links / "out", SECOND, force=True)
    assert names(target) == sorted([MANIFEST, *SECOND])
    # Nothing beside the link, nothing beside the target.
    assert names(links) == ["out"] and (links / "out").is_symlink()
    assert names(tmp_path / "real") == ["target"]


def test_a_live_runs_staging_folder_is_never_touched(tmp_path: Path, live_pid: int) -> None:
    out = tmp_path / "out"
    out.mkdir()
    staging = out / f".toolkit-{live_pid}-0123456789ab.partial"
    staging.mkdir()
    (staging / "report.json").write_text("being written", encoding="utf-8")
    check_folder(out, False, FIRST)  # a live run's staging folder is not content
    publish(out, FIRST, force=False)
    publish(out, SECOND, force=True)
    assert (staging / "report.json").read_text("utf-8") == "being written"


def test_leftovers_of_dead_runs_are_removed(tmp_path: Path, dead_pid: int) -> None:
    out = tmp_path / "out"
    out.mkdir()
    staging = out / f".toolkit-{dead_pid}-0123456789ab.partial"
    staging.mkdir()
    (staging / "report.json").write_text("half", encoding="utf-8")
    # What earlier versions left beside the folder after a kill: a folder and a dangling link.
    old = tmp_path / f".out.old-{dead_pid}"
    old.mkdir()
    (tmp_path / f".other.old-{dead_pid}").mkdir()  # another folder's: not this run's business
    publish(out, FIRST, force=False)
    assert names(out) == sorted([MANIFEST, *FIRST])
    assert not old.exists()
    assert (tmp_path / f".other.old-{dead_pid}").exists()


def test_a_crash_while_publishing_leaves_a_folder_force_can_replace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    publish(out, FIRST, force=False)
    (out / "notes.docx").write_text("mine", encoding="utf-8")
    moves = []
    real_replace = os.replace

    def crash_on_second_file(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name != MANIFEST:
            moves.append(dst)
            if len(moves) == 2:
                raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr("toolkit.publish.os.replace", crash_on_second_file)
    new = {**SECOND, "article.ru.txt": "два\n"}
    with pytest.raises(OutputError, match="No space left on device"):
        publish(out, new, force=True)
    monkeypatch.undo()
    # Every file of either run is listed: none of them is taken for the user's.
    listed = read_manifest(out)
    assert listed is not None and set(listed.files) >= set(FIRST) | set(new)
    assert not [p for p in out.iterdir() if p.name.endswith(".partial")]
    publish(out, new, force=True)
    assert names(out) == sorted([MANIFEST, "notes.docx", *new])


def test_a_folder_to_make_in_a_read_only_parent_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = tmp_path / "read-only"
    parent.mkdir()
    pretend_read_only(monkeypatch, parent)
    with pytest.raises(OutputError, match=r"cannot be made, .*read-only is not writable"):
        check_folder(parent / "a" / "b", False, FIRST)
    # An existing, writable folder inside it needs nothing of the parent.
    (parent / "out").mkdir()
    publish(parent / "out", FIRST, force=False)
    assert names(parent) == ["out"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="not writable"):
            check_folder(out, False, FIRST)
        with pytest.raises(OutputError, match="not writable"):
            check_folder(out / "sub", False, FIRST)
    finally:
        out.chmod(0o755)


def batch(args: list[str]) -> tuple[int, str]:
    from click.testing import CliRunner

    from toolkit.cli import cli

    result = CliRunner().invoke(cli, ["batch", *args, "--summary-only", "--quiet"])
    return result.exit_code, result.stderr


def test_a_batch_keeps_foreign_files_in_an_article_folder_and_writes_through_a_link(
    tmp_path: Path,
) -> None:
    from builders import SEED

    corpus = tmp_path / "in"
    corpus.mkdir()
    for ident in ("a", "b"):
        (corpus / f"{ident}.fa.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    code, err = batch([str(corpus), "--out", str(out)])
    assert code == 0, err
    (out / "a" / "notes.docx").write_text("mine", encoding="utf-8")
    # b's folder moved elsewhere and linked back.
    elsewhere = tmp_path / "disk" / "b"
    elsewhere.parent.mkdir()
    (out / "b").rename(elsewhere)
    (out / "b").symlink_to(elsewhere)
    code, err = batch([str(corpus), "--out", str(out), "--force", "--sentences", "2"])
    assert code == 0, err
    assert names(out / "a") == [MANIFEST, "notes.docx", "report.json", "summary.fa.txt"]
    assert len((out / "a" / "summary.fa.txt").read_text("utf-8").splitlines()) == 2
    assert len((elsewhere / "summary.fa.txt").read_text("utf-8").splitlines()) == 2
    assert names(tmp_path / "disk") == ["b"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
