"""The batch's progress: one call per article, the sentences of a group counted while it is
translated (in this process and in worker processes), and a bar whose initial count is the
articles done by an earlier run, with a rate of this run's done articles alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from batch_corpus import BAD, articles, fast_options, write_corpus
from click.testing import CliRunner

from toolkit.batch import BatchOptions, Outcome, run_batch
from toolkit.cli import cli
from toolkit.pipeline import RunOptions


class FakeBar:
    """Stands in for tqdm: records how the bar was made and each call."""

    made: ClassVar[list[FakeBar]] = []

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.n = kwargs.get("initial", 0)
        self.postfixes: list[str] = []
        FakeBar.made.append(self)

    def update(self, n: int = 1) -> None:
        self.n += n

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        self.postfixes.append(text)

    def close(self) -> None:
        pass


@pytest.fixture
def bars(monkeypatch: pytest.MonkeyPatch) -> list[FakeBar]:
    FakeBar.made = []
    monkeypatch.setattr("tqdm.tqdm", FakeBar)
    return FakeBar.made


def batch(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["batch", *args])
    return result.exit_code, result.stderr


def test_on_outcome_is_called_once_per_article_and_on_start_with_the_work(
    tmp_path: Path,
) -> None:
    corpus = write_corpus(tmp_path / "in", articles(3))
    calls: list[tuple[str, object]] = []
    options = BatchOptions(RunOptions(summary_only=True, quiet=True))

    def on_outcome(outcome: Outcome) -> None:
        calls.append(("outcome", outcome.label))

    def on_start(todo: int, skipped: int) -> None:
        calls.append(("start", (todo, skipped)))

    run_batch(corpus, tmp_path / "out", options, on_outcome, on_start)
    assert calls[0] == ("start", (6, 0))
    assert sorted(label for _, label in calls[1:]) == sorted(["a0", "a1", "a2", *BAD])
    calls.clear()
    (tmp_path / "out" / "a1" / "report.json").unlink()  # a1 is done again
    run_batch(corpus, tmp_path / "out", options, on_outcome, on_start)
    assert calls[0] == ("start", (4, 2))
    assert sorted(label for _, label in calls[1:]) == sorted(["a1", *BAD])


def test_a_resumed_bar_starts_at_the_articles_already_done(
    tmp_path: Path, bars: list[FakeBar]
) -> None:
    corpus = write_corpus(tmp_path / "in", articles(3))
    args = [str(corpus), "--out", str(tmp_path / "out"), "--summary-only"]
    assert batch(args)[0] == 8
    first = bars.pop()
    assert first.kwargs["total"] == 6 and first.kwargs["initial"] == 0 and first.n == 6
    (tmp_path / "out" / "a1" / "report.json").unlink()
    code, err = batch(args)
    assert code == 8 and "2 articles already done, 4 to do" in err
    (bar,) = bars
    assert bar.kwargs["total"] == 6 and bar.kwargs["initial"] == 2 and bar.n == 6
    assert "articles/min" in bar.postfixes[-1] and bar.postfixes[-1].endswith("3 failed")


def test_articles_that_fail_at_once_give_no_rate(tmp_path: Path, bars: list[FakeBar]) -> None:
    # The "8234.0 articles/min": on resume only the bad articles were left, and
    # they fail in milliseconds.
    corpus = write_corpus(tmp_path / "in", articles(2))
    args = [str(corpus), "--out", str(tmp_path / "out"), "--summary-only"]
    batch([*args, "--quiet"])
    assert not bars
    code, err = batch(args)
    assert code == 8 and "2 articles already done, 3 to do" in err
    (bar,) = bars
    assert (bar.kwargs["total"], bar.kwargs["initial"], bar.n) == (5, 2, 5)
    assert bar.postfixes == ["1 failed", "2 failed", "3 failed"]


def test_a_groups_sentences_are_counted_while_it_is_translated(
    tiny_nllb: Path, glossary_file: Path, tmp_path: Path
) -> None:
    corpus = write_corpus(tmp_path / "in", articles(2), bad=False)
    run = fast_options(tiny_nllb, glossary_file, tmp_path / "tm.sqlite3")
    events: list[object] = []
    result = run_batch(
        corpus,
        tmp_path / "out",
        BatchOptions(run, group_size=2),
        on_outcome=lambda o: events.append(o.label),
        on_sentences=events.append,
    )
    assert result.done == 2
    ticks = [e for e in events if isinstance(e, int)]
    # Every sentence of the one group is counted before its first article is done: three a
    # text, and each summary's.
    assert ticks and events[: len(ticks)] == ticks and sorted(events[len(ticks) :]) == ["a0", "a1"]
    assert sum(ticks) >= 2 * 3 + 2


def test_worker_processes_count_their_sentences_too(
    tiny_nllb: Path, glossary_file: Path, tmp_path: Path
) -> None:
    corpus = write_corpus(tmp_path / "in", articles(2), bad=False)
    run = fast_options(tiny_nllb, glossary_file, tmp_path / "tm.sqlite3")
    ticks: list[int] = []
    result = run_batch(
        corpus,
        tmp_path / "out",
        BatchOptions(run, workers=2, group_size=1),
        on_sentences=ticks.append,
    )
    assert result.done == 2
    assert sum(ticks) >= 2 * 3 + 2
