"""``toolkit glossary``: check, show, convert and match glossaries, and suggest entries."""

from __future__ import annotations

import bisect
import json
import os
from typing import Any

import click

from toolkit.cli.common import (
    TARGET_CHOICE,
    echo_json,
    format_option,
    max_input_option,
    read_input,
)
from toolkit.errors import OutputError
from toolkit.glossary.formats import FORMATS, dump_glossary, format_of, read_glossary
from toolkit.glossary.source import source_matcher
from toolkit.glossary.target import target_matcher
from toolkit.glossary.target.prefilter import candidate_terms
from toolkit.glossary.validate import check_file, load_glossary
from toolkit.io import write_text_atomic
from toolkit.languages import LANGUAGES, TARGETS
from toolkit.text import ensure_language
from toolkit.translate.factory import TRANSLATORS

SUGGEST_CONCURRENCY = 4
SUGGEST_TIMEOUT = 120.0
"""Requests in flight and seconds a request may take, with --backend openai (the defaults
of `translate`)."""

GLOSSARY_HELP = f"Glossary file ({', '.join(sorted(FORMATS))}; format from the extension)."


@click.group("glossary")
def glossary_group() -> None:
    """Check, show, convert glossaries and find their terms in text."""


@glossary_group.command("check")
@click.argument("glossary", metavar="GLOSSARY")
@format_option("text", "json")
@click.option(
    "--strict/--no-strict",
    default=False,
    show_default=True,
    help="Treat warnings as errors for the exit code (info never counts).",
)
def check_cmd(glossary: str, fmt: str, strict: bool) -> None:
    """Validate a glossary: print `file:line: severity: message` for each finding, errors
    first, then warnings, then info (terms inside other terms, which is by design).

    The summary gives the terms read against the data lines of a TSV or CSV file (non-blank
    lines after the header); a line not read as a term is an error. Exits 0 when there is
    no error (and, with --strict, no warning), 4 otherwise.
    """
    report = check_file(glossary)
    if fmt == "json":
        echo_json(report.to_dict())
    else:
        if report.findings:
            click.echo("\n".join(f.format(glossary) for f in report.findings))
        lines = f" (from {report.lines} data lines)" if report.lines >= 0 else ""
        click.echo(
            f"{glossary}: {report.terms} terms, {len(report.errors)} errors, "
            f"{len(report.warnings)} warnings, {len(report.infos)} info{lines}",
            err=True,
        )
    if report.errors or (strict and report.warnings):
        click.get_current_context().exit(4)


@glossary_group.command("show")
@click.argument("glossary", metavar="GLOSSARY")
@click.option("--lang", "langs", multiple=True, help="Only these languages (repeatable).")
def show_cmd(glossary: str, langs: tuple[str, ...]) -> None:
    """Print a glossary as a readable table (preferred variant first, then accepted ones)."""
    g = read_glossary(glossary).glossary
    columns = list(langs) or list(g.languages)
    unknown = [c for c in columns if c not in g.languages]
    if unknown:
        raise click.BadParameter(f"not in this glossary: {', '.join(unknown)}", param_hint="--lang")
    rows = [["#", *columns, "note"]]
    for i, term in enumerate(g, start=1):
        rows.append([str(i), *(" | ".join(term.get(c)) for c in columns), term.note])
    widths = [min(48, max(len(r[k]) for r in rows)) for k in range(len(rows[0]))]
    for r in rows:
        cells = [
            (cell if len(cell) <= widths[k] else cell[: widths[k] - 1] + "…").ljust(widths[k])
            for k, cell in enumerate(r)
        ]
        click.echo("  ".join(cells).rstrip())
    click.echo(f"{len(g)} terms, hash {g.hash}", err=True)


@glossary_group.command("convert")
@click.argument("source", metavar="IN")
@click.argument("target", metavar="OUT")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
def convert_cmd(source: str, target: str, force: bool) -> None:
    """Convert a glossary between TSV, CSV, TBX and JSON (formats from the extensions).

    The glossary is validated first; a glossary with errors is not converted. TSV cells are
    written as they are; in CSV a cell that a spreadsheet would run as a formula (=, +, -,
    @ first) gets a ' before it, which reading the CSV back removes.
    """
    fmt = format_of(target)
    if os.path.isdir(target):
        raise OutputError(f"{target}: is a directory, expected a glossary file name")
    if os.path.lexists(target) and not force:
        raise OutputError(f"{target}: exists; pass --force to overwrite it")
    g = load_glossary(source)
    write_text_atomic(target, dump_glossary(g, fmt))
    click.echo(f"wrote {len(g)} terms to {target} ({fmt})", err=True)


@glossary_group.command("match")
@click.argument("source", metavar="FILE|-")
@click.option("--glossary", "-g", "glossary_path", required=True, help=GLOSSARY_HELP)
@click.option(
    "--lang",
    default="fa",
    show_default=True,
    help="Language of FILE: fa finds source terms; en, ru, ... find target renderings.",
)
@click.option(
    "--index/--no-index",
    default=True,
    show_default=True,
    help="Use the compiled glossary index in $TOOLKIT_HOME/glossary: a large glossary "
    "already checked, and its matcher, are loaded from it, not read, checked and built again.",
)
@format_option("text", "json")
@max_input_option
def match_cmd(
    source: str, glossary_path: str, lang: str, index: bool, fmt: str, max_input_mb: float
) -> None:
    """Find glossary terms in a text.

    Text: one match per line, LINE:START-END (character offsets within that line), the
    surface found and the glossary entry. JSON: {"matches": [{"line", "start", "end",
    "text", "term"}]} where start/end are character offsets into the whole input, text is
    the surface found and term the entry's first variant in that language.
    """
    g = load_glossary(glossary_path, use_index=index)
    if lang not in g.languages:
        raise click.BadParameter(f"the glossary has no {lang!r} column", param_hint="--lang")
    text, name = read_input(source, max_input_mb)
    if lang in LANGUAGES:
        ensure_language(text, lang, name)
    found: list[tuple[int, int, str, str]] = []
    if lang == g.source_language:
        for m in source_matcher(g, use_index=index).find(text):
            found.append((m.start, m.end, m.surface, m.term.label))
    else:
        matcher = target_matcher(lang)
        hits = [
            (tm.start, tm.end, tm.surface, term.preferred(lang))
            for term in candidate_terms(g.terms, text, matcher)
            for tm in matcher.find(text, term)
        ]
        # Longest first, then drop what overlaps an accepted hit (as on the source side).
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        for hit in hits:
            if all(hit[1] <= f[0] or hit[0] >= f[1] for f in found):
                found.append(hit)
        found.sort()
    line_starts = _line_starts(text)
    lines = [bisect.bisect_right(line_starts, start) for start, _, _, _ in found]
    if fmt == "json":
        rows = [
            {"line": line, "start": start, "end": end, "text": surface, "term": term}
            for line, (start, end, surface, term) in zip(lines, found, strict=True)
        ]
        echo_json({"matches": rows})
    else:
        # Text output: offsets within the line (JSON keeps offsets into the whole input).
        out = []
        for line, (start, end, surface, term) in zip(lines, found, strict=True):
            base = line_starts[line - 1]
            out.append(f"{line}:{start - base}-{end - base}\t{surface}\t{term}\n")
        click.echo("".join(out), nl=False)
        click.echo(f"{len(found)} matches", err=True)


def _line_starts(text: str) -> list[int]:
    """The offset at which each line of ``text`` starts."""
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


@glossary_group.command("suggest")
@click.argument("source", metavar="ARTICLE|-")
@click.option(
    "--glossary",
    "-g",
    "glossary_path",
    default=None,
    help="An existing glossary: entries it already has are not suggested again.",
)
@click.option(
    "--to",
    "targets",
    multiple=True,
    type=TARGET_CHOICE,
    default=TARGETS,
    show_default=True,
    help="Languages to propose renderings in (repeatable).",
)
@click.option(
    "--min-count",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="How often a repeated word pair or triple must occur to be suggested as a term "
    "(enumerated terms and names need one occurrence).",
)
@click.option(
    "--model",
    "-m",
    default=None,
    help="Translate the suggestions no gazetteer covers with this model (hub id or local "
    "directory; with --backend openai, the server's model name); without it they are listed "
    "with no rendering and left out of TSV.",
)
@click.option(
    "--backend",
    type=click.Choice(list(TRANSLATORS)),
    default="ct2",
    show_default=True,
    help="How --model is run: "
    + "; ".join(f"{name}: {kind.help}" for name, kind in TRANSLATORS.items())
    + ".",
)
@click.option(
    "--api-base",
    default=None,
    metavar="URL",
    help="With --backend openai: the server's OpenAI-compatible API; default "
    "$TOOLKIT_API_BASE. The key is read from TOOLKIT_API_KEY or OPENAI_API_KEY only.",
)
@click.option("--out", "-o", "out_path", default=None, help="Write the output to this file.")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@format_option("text", "tsv", "json")
@max_input_option
def suggest_cmd(
    source: str,
    glossary_path: str | None,
    targets: tuple[str, ...],
    min_count: int,
    model: str | None,
    backend: str,
    api_base: str | None,
    out_path: str | None,
    force: bool,
    fmt: str,
    max_input_mb: float,
) -> None:
    """Suggest glossary entries for a Persian article: people, institutions, places,
    titles and multi-word domain terms, with English and Russian renderings.

    Places and known institutions are rendered from the shipped gazetteers, names are
    transliterated (marked for review), the rest by --model if given. TSV output is a
    glossary file that `toolkit glossary check` accepts: only suggestions with every
    rendering go into it. Text: one suggestion per line (kind, count, Persian, renderings
    with how each was made).
    """
    from toolkit.glossary.suggest import suggest

    if out_path and not force and os.path.exists(out_path):
        raise OutputError(f"{out_path}: exists; pass --force to replace it")
    existing = load_glossary(glossary_path) if glossary_path else None
    text, name = read_input(source, max_input_mb)
    ensure_language(text, "fa", name)
    render = None
    if model is not None:
        from toolkit.cli.translate import server_settings
        from toolkit.translate.session import open_session, phrase_renderer

        session = open_session(
            model=model,
            glossary=None,
            backend=backend,
            progress=False,
            settings=server_settings(api_base, SUGGEST_CONCURRENCY, SUGGEST_TIMEOUT),
        )
        render = phrase_renderer(session)
    result = suggest(
        text, glossary=existing, targets=targets, min_count=min_count, render=render, model=model
    )
    if fmt == "json":
        output = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "tsv":
        output = dump_glossary(result.glossary(), "tsv")
    else:
        output = "".join(_suggestion_line(s, targets) for s in result.items)
    if out_path:
        write_text_atomic(out_path, output)
    else:
        click.echo(output, nl=False)
    missing = len(result.unrendered)
    click.echo(
        f"{len(result.items)} suggestions"
        + (f", {result.skipped} already in the glossary" if existing is not None else "")
        + (
            f"; {missing} without a rendering (left out of TSV; --model renders them)"
            if missing
            else ""
        ),
        err=True,
    )


def _suggestion_line(s: Any, targets: tuple[str, ...]) -> str:
    cells = [s.kind, f"{s.count}x", s.fa]
    for lang in targets:
        r = s.rendering(lang)
        cells.append(f"{lang}: {r.text} ({r.method})" if r else f"{lang}: -")
    return "\t".join(cells) + "\n"
