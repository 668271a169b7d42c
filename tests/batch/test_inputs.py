"""The input of a batch: a folder of .txt files or a JSONL file, each bad line an item that
fails with its line number, never a crash (no model needed: summaries only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_corpus import articles
from click.testing import CliRunner

from toolkit.batch.inputs import folder_id, id_problem, read_items
from toolkit.cli import cli

GOOD = articles(2)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "x", "text": ', "not JSON"),
        ('["x", "text"]', 'expected an object {"id", "text"}'),
        ('{"text": "خبر"}', "no id"),
        ('{"id": "../etc", "text": "خبر"}', "not safe as a folder name"),
        ('{"id": ".hidden", "text": "خبر"}', "not safe as a folder name"),
        ('{"id": "report.html", "text": "خبر"}', "reserved"),
        ('{"id": 7, "text": "خبر"}', "id must be a string"),
        ('{"id": "a0", "text": "خبر"}', "id 'a0' is taken by"),
        ('{"id": "x", "text": null}', "'text' must be a string"),
    ],
)
def test_a_bad_jsonl_line_is_an_item_with_its_line_number(
    tmp_path: Path, line: str, reason: str
) -> None:
    path = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "a0", "text": GOOD["a0"]}, ensure_ascii=False)
    path.write_text(f"{good}\n\n{line}\n", encoding="utf-8")
    first, bad = read_items(path)
    assert first.id == "a0" and first.error is None and first.text == GOOD["a0"]
    assert bad.error is not None and reason in bad.error
    assert bad.error.startswith(f"{path}:3: ")  # the blank line 2 is skipped, not counted out


def test_a_line_that_is_not_utf8_is_an_item_too(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"id": "a", "text": "\xff"}\n')
    [item] = read_items(path)
    assert item.error == f"{path}:1: not valid UTF-8"


@pytest.mark.parametrize(
    ("name", "ident"),
    [("a.fa.txt", "a"), ("mehr-1403.txt", "mehr-1403"), ("خبر.txt", "خبر")],
)
def test_a_file_is_named_as_toolkit_run_names_its_folder(name: str, ident: str) -> None:
    assert folder_id(Path(name)) == ident and id_problem(ident) is None


CAFE_NFC = "caf\u00e9"  # é as one code point, as Linux and Windows write it
CAFE_NFD = "cafe\u0301"  # e and a combining acute accent, as macOS writes a file name


@pytest.mark.parametrize("name", [CAFE_NFC, CAFE_NFD], ids=["composed", "decomposed"])
def test_an_accented_name_is_a_safe_id_in_either_form(tmp_path: Path, name: str) -> None:
    (tmp_path / f"{name}.fa.txt").write_text("خبر", encoding="utf-8")
    [item] = read_items(tmp_path)
    assert (item.id, item.error) == (CAFE_NFC, None)
    assert Path(item.source).name == f"{name}.fa.txt"  # the file as it is on disk
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(json.dumps({"id": name, "text": "خبر"}) + "\n", encoding="utf-8")
    [item] = read_items(jsonl)
    assert (item.id, item.error) == (CAFE_NFC, None)


def test_two_spellings_of_one_name_are_one_id(tmp_path: Path) -> None:
    for name in (CAFE_NFC, CAFE_NFD):
        (tmp_path / f"{name}.txt").write_text("خبر", encoding="utf-8")
    items = read_items(tmp_path)
    if len(items) == 1:  # a file system that normalizes names holds one file
        return
    assert [i.id for i in items] == [CAFE_NFC, None]
    assert items[1].error is not None and f"id {CAFE_NFC!r} is taken by" in items[1].error


def test_folder_input_lists_txt_files_by_name_and_refuses_a_taken_id(tmp_path: Path) -> None:
    for name in ("b.txt", "a.fa.txt", "a.en.txt", "notes.md", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    items = read_items(tmp_path)
    assert [(i.id, Path(i.source).name) for i in items] == [
        ("a", "a.en.txt"),
        (None, "a.fa.txt"),
        ("b", "b.txt"),
    ]
    assert items[1].error is not None and "id 'a' is taken by" in items[1].error


def test_jsonl_batch_writes_good_articles_and_records_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": k, "text": v}, ensure_ascii=False) for k, v in GOOD.items()]
    lines += ["not json", json.dumps({"id": "empty", "text": "  "})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", str(path), "--out", str(out), "--summary-only", "--quiet"]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 8, result.stderr
    summary = json.loads(result.stdout)
    assert summary["done"] == 2 and summary["failed"] == 2
    assert summary["failed_ids"] == [f"{path}:3", "empty"]
    assert (out / "a1" / "summary.fa.txt").read_text("utf-8").count("\n") == 3
    index = [json.loads(x) for x in (out / "index.jsonl").read_text("utf-8").splitlines()]
    bad = {x["source"]: x for x in index if x["status"] == "failed"}
    assert bad[f"{path}:3"]["id"] is None and "not JSON" in bad[f"{path}:3"]["reason"]
    assert "input is empty" in bad[f"{path}:4"]["reason"]


def test_a_batch_without_failures_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": k, "text": v}, ensure_ascii=False) for k, v in GOOD.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["batch", str(path), "--out", str(tmp_path / "out"), "--summary-only", "--quiet"]
    )
    assert result.exit_code == 0, result.stderr
    assert "2 articles done, 0 failed" in result.stderr


def test_a_jsonl_text_over_the_size_limit_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    texts = {"short": GOOD["a0"], "long": GOOD["a1"] * 10}  # about 0.3 and 3 KB
    lines = [json.dumps({"id": k, "text": v}, ensure_ascii=False) for k, v in texts.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", str(path), "--out", str(out), "--summary-only", "--quiet"]
    result = CliRunner().invoke(cli, [*args, "--max-input-mb", "0.001"])
    assert result.exit_code == 8, result.stderr
    lines = (out / "index.jsonl").read_text("utf-8").splitlines()
    index = {x["id"]: x for x in map(json.loads, lines)}
    assert index["short"]["status"] == "ok"
    reason = index["long"]["reason"]
    assert "over the 0.001 MB limit" in reason and "max_input_mb" in reason, reason
    assert not (out / "long").exists()


def test_a_jsonl_line_over_its_bound_is_an_item_and_the_next_lines_are_read(
    tmp_path: Path,
) -> None:
    source = tmp_path / "in.jsonl"
    huge = json.dumps({"id": "huge", "text": "خبر " * 2000})
    good = json.dumps({"id": "ok", "text": "خبر"})
    source.write_text(f"{huge}\n{good}\n", encoding="utf-8")
    items = read_items(source, max_bytes=1000)  # a line may take 3 x 1000 + 1024 bytes
    assert items[0].id is None
    assert items[0].error is not None and "in.jsonl:1: line over 4024 bytes" in items[0].error
    assert (items[1].id, items[1].text) == ("ok", "خبر")


def test_an_article_file_linked_to_a_device_is_read_within_the_limit(tmp_path: Path) -> None:
    from toolkit.batch.inputs import Item
    from toolkit.errors import InputError

    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    with pytest.raises(InputError, match="over"):
        Item("zero", str(tmp_path / "zero.txt")).read(max_bytes=1 << 20)


def test_a_jsonl_source_that_is_a_device_is_refused_in_one_line(tmp_path: Path) -> None:
    from toolkit.errors import InputError

    (tmp_path / "in.jsonl").symlink_to("/dev/zero")
    with pytest.raises(InputError, match="not a regular file or folder"):
        read_items(tmp_path / "in.jsonl")
