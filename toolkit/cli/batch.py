"""``toolkit batch``: many articles (a folder or a JSONL file), each as ``toolkit run``."""

from __future__ import annotations

import time
from dataclasses import fields
from typing import Any

import click

from toolkit.batch import ENGINES, GROUP_SIZE, BatchOptions, BatchResult, Outcome, run_batch
from toolkit.cli.common import (
    echo_json,
    format_option,
    max_input_option,
    run_targets_option,
    sentences_option,
    suggest_option,
    summary_method_option,
)
from toolkit.cli.translate import translation_options
from toolkit.pipeline import RunOptions

EXIT_SOME_FAILED = 8
"""The exit code of a batch in which an article failed (``toolkit.cli.EXIT_TABLE``)."""


@click.command("batch")
@click.argument("source", metavar="INPUT")
@click.option("--out", "out_dir", required=True, help="Output folder: DIR/<id>/ per article.")
@run_targets_option
@translation_options
@click.option(
    "--engine",
    type=click.Choice(list(ENGINES)),
    default="local",
    show_default=True,
    help="local: this machine; ray: an actor pool on Ray Data (pip install 'toolkit[ray]').",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Workers, each loading the model once (local: processes sharing the cores; ray: actors).",
)
@click.option(
    "--group-size",
    type=click.IntRange(min=1),
    default=GROUP_SIZE,
    show_default=True,
    help="Articles a worker translates together, their sentences in shared batches.",
)
@click.option(
    "--ray-address",
    default=None,
    help="Ray cluster to join (ray.init(address=...)); default $RAY_ADDRESS, else a local one.",
)
@sentences_option
@summary_method_option
@click.option("--summary-only", is_flag=True, help="Only summarize (Persian); needs no model.")
@click.option("--xliff", is_flag=True, help="Also write article.<lang>.xlf per article.")
@suggest_option
@click.option(
    "--force", is_flag=True, help="Start over: redo every article, even those already done."
)
@max_input_option
@format_option("text", "json")
def batch_cmd(
    source: str,
    out_dir: str,
    targets: tuple[str, ...],
    glossary_path: str | None,
    engine: str,
    workers: int,
    group_size: int,
    ray_address: str | None,
    fmt: str,
    **params: Any,
) -> None:
    """Run many Persian articles: INPUT is a folder of .txt articles or a JSONL file with
    one {"id": ..., "text": ...} object a line.

    Each article gets the files of `toolkit run` in DIR/<id>/ (the id: a file's name up to
    its first dot, or the JSONL id); DIR/index.jsonl has one line per article (status, term
    outcomes, finding counts, timings) and DIR/report.html links every article's report.
    The model and the glossary are loaded once per worker, sentences of several articles
    share batches, and one translation memory serves them all. Run it again to go on after
    an interruption: finished articles are not redone, unless edited since. An article that
    cannot be used (empty, not UTF-8, not Persian) is recorded as failed and the batch goes
    on; the exit code then says so.
    """
    known = {f.name for f in fields(RunOptions)}  # as `toolkit run` takes its options
    run = RunOptions(
        targets=tuple(dict.fromkeys(targets)) or RunOptions.targets,
        glossary=glossary_path,
        **{k: v for k, v in params.items() if k in known},
    )
    options = BatchOptions(run, engine, workers, group_size, ray_address)
    bar = _Progress(enabled=not run.quiet)
    try:
        result = run_batch(source, out_dir, options, bar.update, bar.start, bar.sentences)
    finally:
        bar.close()
    if fmt == "json":
        echo_json(result.to_dict())
    else:
        _final_lines(result)
    if result.failed:
        click.get_current_context().exit(EXIT_SOME_FAILED)


class _Progress:
    """One bar for the whole batch on stderr: articles (those done by an earlier run counted
    from the start, as its initial count, so that no rate counts them), the sentences done
    so far (it moves while a group is translated), articles/min of the articles done by this
    run (a failed article takes no time, and is not counted), the time left."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.done = 0
        self.failed = 0
        self.sentences_done = 0
        self.started = time.monotonic()

    def start(self, todo: int, skipped: int) -> None:
        if skipped:
            click.echo(f"{skipped} articles already done, {todo} to do", err=True)
        if self.enabled and todo:
            from tqdm import tqdm

            self.bar = tqdm(
                total=todo + skipped,
                initial=skipped,
                desc="articles",
                unit="art",
                dynamic_ncols=True,
                # No tqdm rate: a failed article takes milliseconds, and would show hundreds
                # of articles a second; the postfix's articles/min counts the articles done.
                bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}{postfix}]",
            )
        self.started = time.monotonic()

    def update(self, outcome: Outcome) -> None:
        """One article done (or failed)."""
        if outcome.status == "ok":
            self.done += 1
        else:
            self.failed += 1
        if self.bar is not None:
            self.bar.set_postfix_str(self._postfix(), refresh=False)
            self.bar.update(1)

    def sentences(self, count: int) -> None:
        """``count`` more sentences translated (or served from the memory)."""
        self.sentences_done += count
        if self.bar is not None:
            self.bar.set_postfix_str(self._postfix(), refresh=False)
            self.bar.update(0)  # redrawn, at most as often as tqdm redraws

    def _postfix(self) -> str:
        parts = [f"{self.sentences_done} sentences"] if self.sentences_done else []
        if self.done:
            minutes = max(time.monotonic() - self.started, 1e-9) / 60
            parts.append(f"{self.done / minutes:.1f} articles/min")
        parts.append(f"{self.failed} failed")
        return ", ".join(parts)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _final_lines(result: BatchResult) -> None:
    click.echo(
        f"wrote {result.out_dir}/: {result.done} articles done, {len(result.failed)} failed"
        + (f" ({result.skipped} done by an earlier run)" if result.skipped else "")
        + "; index.jsonl, report.html",
        err=True,
    )
    for failure in result.failed:
        click.echo(f"failed: {failure.reason}", err=True)
    click.echo(
        f"sentences: {result.translated} translated, {result.reused} from the translation "
        f"memory; {result.seconds:.1f} s",
        err=True,
    )
