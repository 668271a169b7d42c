"""``toolkit normalize`` and ``toolkit segment``."""

from __future__ import annotations

import click

from toolkit.cli.common import (
    LANG_CHOICE,
    echo_json,
    format_option,
    input_argument,
    max_input_option,
    read_input,
)
from toolkit.text import ensure_language, normalize, removed_characters, segment


@click.command("normalize")
@input_argument
@click.option(
    "--lang",
    type=LANG_CHOICE,
    default="auto",
    show_default=True,
    help="Refuse input not written in this language's script.",
)
@max_input_option
def normalize_cmd(source: str, lang: str, max_input_mb: float) -> None:
    """Normalize Persian text for display (letters, spacing, ZWNJ, diacritics).

    Reads FILE, or standard input for '-', and prints the normalized text with the same
    number of lines. Words are never merged or split. Control characters (but tab and
    newline) and bidi overrides are removed, and counted on standard error.
    """
    text, name = read_input(source, max_input_mb)
    ensure_language(text, lang, name)
    out = normalize(text)
    click.echo(out, nl=not out.endswith("\n"))
    removed = removed_characters(text)
    if removed:
        click.echo(f"{name}: removed {removed}", err=True)


@click.command("segment")
@input_argument
@click.option(
    "--lang",
    type=LANG_CHOICE,
    default="auto",
    show_default=True,
    help="Language of the input; 'auto' detects it by script.",
)
@format_option("text", "json")
@max_input_option
def segment_cmd(source: str, lang: str, fmt: str, max_input_mb: float) -> None:
    """Split text into sentences, one per output line.

    JSON output gives each sentence's 1-based index, its input line (paragraph) and its
    character offsets into the original input: {"segments": [{"index", "line", "text",
    "start", "end"}]}.
    """
    text, name = read_input(source, max_input_mb)
    found = ensure_language(text, lang, name)
    segments = segment(text, found)
    if fmt == "json":
        echo_json({"language": found, "segments": [s.to_dict() for s in segments]})
    else:
        for s in segments:
            click.echo(s.text)
