"""``toolkit evaluate``: check a translation against its source and score it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from toolkit.cli.common import TARGET_CHOICE, check_glossary_options, max_input_option, read_input
from toolkit.errors import OutputError
from toolkit.evaluate.report import FAIL_ON, evaluate, render_text
from toolkit.io import write_text_atomic
from toolkit.text import ensure_language


@click.command("evaluate")
@click.option(
    "--source",
    "-s",
    "source_path",
    required=True,
    metavar="FILE|-",
    help="The Persian source, one segment per line.",
)
@click.option(
    "--hypothesis",
    "-H",
    "hypothesis_path",
    required=True,
    metavar="FILE",
    help="The translation to check, line-aligned with the source.",
)
@click.option("--target-lang", "-t", type=TARGET_CHOICE, required=True)
@click.option(
    "--reference",
    "-r",
    "reference_paths",
    multiple=True,
    metavar="FILE",
    help="Reference translation (repeatable) for BLEU, chrF++ and TER.",
)
@check_glossary_options
@click.option(
    "--baseline",
    "-b",
    "baseline_path",
    default=None,
    metavar="FILE",
    help="The model's translation before glossary enforcement, line-aligned: the damage "
    "check then also reports segments much shorter than it, terms added beside its words "
    "(the old rendering probably left in place) and words changed outside the terms "
    "(collateral edits).",
)
@click.option(
    "--align", is_flag=True, help="Align sentences when the files' lines do not correspond."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    "output_path",
    default=None,
    help="Write the report here (atomically) instead of standard output.",
)
@click.option(
    "--force", is_flag=True, help="Replace the --output file if it exists (default: refuse)."
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="error",
    show_default=True,
    help="Exit 1 when a finding of this severity or worse is found.",
)
@max_input_option
def evaluate_cmd(
    source_path: str,
    hypothesis_path: str,
    target_lang: str,
    reference_paths: tuple[str, ...],
    glossary_path: str | None,
    no_glossary: bool,
    baseline_path: str | None,
    align: bool,
    fmt: str,
    output_path: str | None,
    force: bool,
    fail_on: str,
    max_input_mb: float,
) -> None:
    """Check a translation segment by segment: glossary terms and their consistency,
    numbers, untranslated text, coverage, damage (words in the wrong script; with --baseline,
    dropped clauses, doubled renderings and words changed outside the terms); and score it
    against references.

    Exit 0 when no finding reaches --fail-on, 1 when one does, 3 for bad input, 4 for a bad
    glossary. JSON output follows toolkit/evaluate/report.schema.json.
    """
    from toolkit.translate.session import resolve_glossary

    if output_path and Path(output_path).exists() and not force:
        raise OutputError(f"{output_path}: exists; pass --force to replace it")
    source, source_name = read_input(source_path, max_input_mb)
    ensure_language(source, "fa", source_name)
    hypothesis, hypothesis_name = read_input(hypothesis_path, max_input_mb)
    references = [read_input(p, max_input_mb)[0] for p in reference_paths]
    baseline = read_input(baseline_path, max_input_mb)[0] if baseline_path else None
    glossary = resolve_glossary(glossary_path, no_glossary)
    report = evaluate(
        source,
        hypothesis,
        target_lang,
        references=references,
        glossary=glossary,
        align=align,
        baseline=baseline,
        hypothesis_name=hypothesis_name,
    )
    if fmt == "json":
        out = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        from toolkit.evaluate.html import render_html

        out = render_html([report])
    else:
        out = render_text(report) + "\n"
    if output_path:
        write_text_atomic(output_path, out)
        click.echo(f"wrote {output_path}", err=True)
    else:
        click.echo(out, nl=False)
    if report.fails(fail_on):
        click.get_current_context().exit(1)
