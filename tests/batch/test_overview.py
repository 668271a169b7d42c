"""The batch overview `DIR/report.html`: headers that fit their columns, one column per term
status (explained in a legend and each header's title), and the test-model banner that each
article's report shows."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from batch_corpus import articles, write_corpus
from click.testing import CliRunner

from toolkit.batch.index import models_built_for_tests, render_overview
from toolkit.batch.worker import FAILED, OK, Outcome
from toolkit.cli import cli
from toolkit.evaluate.html import STATUS_LEGEND
from toolkit.translate.base import TERM_STATUSES


def done(ident: str, terms: dict[str, int], errors: int, warnings: int) -> Outcome:
    info = {
        "segments": 3,
        "terms": terms,
        "term_matched": sum(terms.values()) - terms.get("failed", 0),
        "term_total": sum(terms.values()),
        "findings": {"error": errors, "warning": warnings, "info": 0},
    }
    return Outcome(
        ident,
        f"in/{ident}.fa.txt",
        OK,
        "sha256:x",
        languages={"en": info, "ru": info},
        sentences={"translated": 4, "reused": 1},
        timings={"total": 2.25},
    )


OUTCOMES = [
    done("a0", {"model": 1, "substituted": 2, "constrained": 0, "inserted": 3, "failed": 1}, 2, 5),
    Outcome("bad", "in/bad.txt", FAILED, "sha256:x", "in/bad.txt: input is empty"),
]


def header_cells(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", " ", cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", page)]


def columns(row: str) -> int:
    spans = re.findall(r"<t[dh](?: [^>]*?colspan=\"(\d+)\")?[^>]*>", row)
    return sum(int(span or 1) for span in spans)


def test_no_header_is_wider_than_a_status_name() -> None:
    page = render_overview(OUTCOMES, ("en", "ru"), "Batch report")
    words = [word for cell in header_cells(page) for word in html.unescape(cell).split()]
    assert max(len(w) for w in words) <= max(len(s) for s in TERM_STATUSES)
    assert "table.overview{table-layout:auto}" in page


def test_each_status_has_a_column_of_its_own_explained_by_its_title_and_the_legend() -> None:
    page = render_overview(OUTCOMES, ("en", "ru"), "Batch report")
    for status in TERM_STATUSES:
        title = html.escape(STATUS_LEGEND[status])
        assert page.count(f'title="{title}"><span class="st {status}">{status}</span>') == 2
        assert f'<span class="st {status}">{status}</span> {title}' in page  # the legend
    row = re.search(r"<tr><td><a href=\"a0/report.html\">a0</a>.*?</tr>", page)
    assert row is not None
    cells = re.findall(r'<td class="n[^"]*">([^<]*)</td>', row.group(0))
    # per language: matched, model, substituted, constrained, inserted, failed, errors,
    # warnings; then sentences and seconds
    one = ["6/7", "1", "2", "0", "3", "1", "2", "5"]
    assert cells == one + one + ["4 / 1", "2.2"]


@pytest.mark.parametrize("targets", [("ru",), ("en", "ru"), ()])
def test_every_row_has_as_many_columns_as_the_header(targets: tuple[str, ...]) -> None:
    page = render_overview(OUTCOMES, targets, "Batch report")
    head = re.search(r"<thead>(.*)</thead>", page)
    assert head is not None
    top = re.findall(r"<tr>(.*?)</tr>", head.group(1))[0]
    body = re.findall(r"<tr[^>]*>(.*?)</tr>", page.split("<tbody>")[1])
    width = columns(top)
    assert [columns(row) for row in body] == [width, width]


def write_report(folder: Path, signatures: dict[str, dict]) -> None:
    folder.mkdir(parents=True)
    languages = {lang: {"translation": {"signature": sig}} for lang, sig in signatures.items()}
    (folder / "report.json").write_text(json.dumps({"languages": languages}), encoding="utf-8")


def test_models_built_for_tests_are_read_from_an_articles_translation_signatures(
    tmp_path: Path,
) -> None:
    outcome = done("a0", {"model": 1}, 0, 0)
    assert models_built_for_tests(tmp_path, [outcome]) == []  # no report.json: no banner
    tiny = {"model": "tiny", "test_model": "random weights"}
    write_report(tmp_path / "a0", {"en": tiny, "ru": tiny})
    assert models_built_for_tests(tmp_path, [outcome]) == [("tiny", "random weights")]
    write_report(tmp_path / "b", {"ru": {"model": "facebook/nllb-200-distilled-600M"}})
    assert models_built_for_tests(tmp_path, [done("b", {"model": 1}, 0, 0)]) == []


BANNER = re.compile(r'<p class="warn"><b>Test model\.</b>.*?</p>')


def test_a_batch_made_with_a_test_model_says_so_as_each_articles_report_does(
    batch_args: list[str], tmp_path: Path
) -> None:
    corpus = write_corpus(tmp_path / "in", articles(1), bad=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(corpus), "--out", str(out), *batch_args])
    assert result.exit_code == 0, result.stderr
    article = BANNER.search((out / "a0" / "report.html").read_text("utf-8"))
    assert article is not None
    assert BANNER.findall((out / "report.html").read_text("utf-8")) == [article.group(0)]


def test_a_summary_only_batch_has_no_banner_and_no_language_columns(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", articles(1), bad=False)
    out = tmp_path / "out"
    args = ["batch", str(corpus), "--out", str(out), "--summary-only", "--quiet"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    page = (out / "report.html").read_text("utf-8")
    assert not BANNER.search(page) and '<span class="st inserted">' not in page
