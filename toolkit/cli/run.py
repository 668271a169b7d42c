"""``toolkit run``: the main job, an article in; summaries, translations and a report out."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import click

from toolkit.cli.common import (
    echo_json,
    extent,
    format_option,
    max_input_option,
    run_targets_option,
    sentences_option,
    suggest_option,
    summary_method_option,
)
from toolkit.cli.translate import dry_run_option, translation_options
from toolkit.pipeline import RunOptions, RunResult, read_config, run_article
from toolkit.translate.base import TERM_STATUSES

SHORT_STATUS = {"substituted": "subst", "constrained": "constr"}
"""Column-header abbreviations of the longer term statuses."""


@click.command("run")
@click.argument("article", metavar="ARTICLE")
@run_targets_option
@translation_options
@dry_run_option
@click.option(
    "--out",
    "out",
    default=None,
    help="Output folder  [default: out/<article name up to its first dot>; out/stdin for -]",
)
@sentences_option
@summary_method_option
@click.option(
    "--summary-only",
    is_flag=True,
    help="Only summarize (Persian); needs no model and works offline.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace the files an earlier run wrote into the output folder (its "
    ".toolkit-manifest.json lists them); any other file there is kept.",
)
@click.option("--xliff", is_flag=True, help="Also write article.<lang>.xlf (XLIFF 1.2).")
@suggest_option
@click.option(
    "--config",
    "config_path",
    default=None,
    help="TOML file setting any of these options; command-line options win.",
)
@max_input_option
@format_option("text", "json")
@click.pass_context
def run_cmd(
    ctx: click.Context, article: str, config_path: str | None, fmt: str, **params: Any
) -> None:
    """Summarize a Persian article, translate the summary and the article into English and
    Russian under the glossary, check the translations, and write everything to one folder.

    ARTICLE is a file, or - for stdin. The folder holds summary.fa.txt, summary.<lang>.txt,
    article.<lang>.txt (line-aligned with the input), report.json, report.html, article.tmx
    and .toolkit-manifest.json, the list of the files the run wrote. They are written at the
    end: an interrupted run leaves nothing half-written, and running again resumes from the
    translation memory. A folder that holds other files and no manifest, or the article
    itself, is refused; so is one that cannot be written. Both are checked, and a model
    looked for, before any work is done.

    With --format json, stdout gets one JSON object: the folder, the files written and each
    language's figures (or, with --dry-run, the estimates); progress stays on stderr.
    """
    config = read_config(config_path) if config_path else {}
    values: dict[str, Any] = {}
    names = {f.name for f in fields(RunOptions)}
    cli_names = {"glossary_path": "glossary"}
    for key, value in params.items():
        name = cli_names.get(key, key)
        if name not in names:
            continue
        source = ctx.get_parameter_source(key)
        from_cli = source is not None and source.name == "COMMANDLINE"
        if name in config and not from_cli:
            values[name] = config[name]
        elif name == "targets":
            values[name] = tuple(dict.fromkeys(value)) or RunOptions.targets
        else:
            values[name] = value
    for name, value in config.items():
        values.setdefault(name, value)
    options = RunOptions(**values)
    if options.dry_run:
        from toolkit.cli.translate import check_dry_run, echo_estimates
        from toolkit.pipeline import estimate_run

        check_dry_run(options.backend)
        translations, summaries = estimate_run(article, options)
        echo_estimates(translations, options.model, fmt, summaries)
        return
    log = (lambda msg: None) if options.quiet else (lambda msg: click.echo(msg, err=True))
    result = run_article(article, options, log)
    if fmt == "json":
        echo_json(result_json(result))
    else:
        _final_table(result)


def result_json(result: RunResult) -> dict[str, Any]:
    """What ``run --format json`` prints: where the run wrote, and each language's figures
    (report.json in that folder has everything)."""
    return {
        "out_dir": str(result.out_dir),
        "files": list(result.files),
        "report": str(result.out_dir / "report.json"),
        "lines": result.lines,
        "languages": {
            lr.language: {
                "sentences": lr.segments,
                "term_success": lr.term_success,
                "terms_matched": lr.term_matched,
                "terms_total": lr.term_total,
                "term_status": {s: lr.term_status.get(s, 0) for s in TERM_STATUSES},
                "off_target": lr.off_target,
                "approved": lr.approved,
                "errors": lr.errors,
                "warnings": lr.warnings,
            }
            for lr in result.languages
        },
        "memory": {"reused": result.memory_hits, "translated": result.memory_misses},
    }


def _final_table(result: RunResult) -> None:
    click.echo(f"wrote {result.out_dir}/: {', '.join(result.files)}", err=True)
    if not result.languages:
        return
    statuses = "/".join(SHORT_STATUS.get(s, s) for s in TERM_STATUSES)
    click.echo(f"article: {extent(result.lines, result.languages[0].segments)}", err=True)
    rows = [("lang", "sentences", "term success", statuses, "off-target", "errors", "warnings")]
    for lr in result.languages:
        success = f"{lr.term_success:.1%}" if lr.term_success is not None else "n/a"
        rows.append(
            (
                lr.language,
                str(lr.segments),
                f"{success} ({lr.term_matched}/{lr.term_total})",
                "/".join(str(lr.term_status.get(s, 0)) for s in TERM_STATUSES),
                str(lr.off_target),
                str(lr.errors),
                str(lr.warnings),
            )
        )
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip(), err=True)
    for lr in result.languages:
        if lr.approved:
            click.echo(
                f"{lr.language}: {lr.approved} sentences reused as a reviewer approved them",
                err=True,
            )
    if result.memory_hits:
        click.echo(
            f"translation memory: {result.memory_hits} sentences reused, "
            f"{result.memory_misses} translated",
            err=True,
        )
