"""Options and helpers shared by CLI commands."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from toolkit.io import limit_bytes, read_text
from toolkit.languages import AUTO, LANGUAGES, targets

F = TypeVar("F", bound=Callable[..., Any])


class LanguageChoice(click.Choice[str]):
    """A choice of registry codes, read when an option is parsed or shown, so that a
    language registered after import (:func:`toolkit.languages.register`) is offered."""

    def __init__(self, codes: Callable[[], Sequence[str]]) -> None:
        self._codes = codes
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self._codes())

    @choices.setter
    def choices(self, value: Sequence[str]) -> None:
        pass  # click's __init__ sets them; they are always read from the registry


LANG_CHOICE = LanguageChoice(lambda: (*LANGUAGES, AUTO))
TARGET_CHOICE = LanguageChoice(targets)


def extent(lines: int, sentences: int, pieces: int = 0) -> str:
    """How much text was translated, in the same words in ``run`` and ``translate``: the
    input lines that hold text, the sentences they were segmented into, and the pieces when
    sentences over the model's length limit were split: ``11 lines, 13 sentences``."""
    out = f"{lines} line{'s' * (lines != 1)}, {sentences} sentence{'s' * (sentences != 1)}"
    if pieces > sentences:
        out += f" ({pieces} pieces: long sentences split for the model)"
    return out


def input_argument(func: F) -> F:
    return click.argument("source", metavar="FILE|-", type=str)(func)


def max_input_option(func: F) -> F:
    return click.option(
        "--max-input-mb",
        type=click.FloatRange(min=0.001),
        default=5.0,
        show_default=True,
        help="Refuse inputs larger than this many megabytes.",
    )(func)


def check_glossary_options(func: F) -> F:
    """``--glossary``/``--no-glossary`` of the commands that check a translation's terms
    (``evaluate``, ``review import``)."""
    func = click.option("--no-glossary", is_flag=True, help="Skip the term checks.")(func)
    return click.option(
        "--glossary",
        "-g",
        "glossary_path",
        default=None,
        help="Glossary for the term checks; default: the domain glossary.",
    )(func)


def run_targets_option(func: F) -> F:
    """``--to`` of ``run`` and ``batch``: repeatable, every target language by default."""
    return click.option(
        "--to",
        "targets",
        multiple=True,
        type=TARGET_CHOICE,
        help="Target language (repeatable)  [default: en and ru]",
    )(func)


def suggest_option(func: F) -> F:
    """``--suggest`` of ``run`` and ``batch``."""
    return click.option(
        "--suggest",
        is_flag=True,
        help="Also write suggested-glossary.tsv: entries the glossary lacks (people, "
        "institutions, places, titles, terms), rendered by the gazetteers, transliteration or "
        "the model; see `toolkit glossary suggest`.",
    )(func)


def summary_method_option(func: F) -> F:
    """``--summary-method`` of ``run`` and ``batch``: who writes the summaries."""
    from toolkit.pipeline import SUMMARY_METHODS

    return click.option(
        "--summary-method",
        type=click.Choice(list(SUMMARY_METHODS)),
        default="extractive",
        show_default=True,
        help="extractive: sentences of the article (no model); llm: each summary "
        "(summary.fa.txt and every summary.<lang>.txt) written by the server of --backend "
        "openai in its language, checked against the article (report.json summary.findings).",
    )(func)


def sentences_option(func: F) -> F:
    """``--sentences`` of ``run`` and ``batch``: the summary's length."""
    from toolkit.pipeline import SUMMARY_SENTENCES

    return click.option(
        "--sentences",
        "-n",
        type=click.IntRange(min=1),
        default=SUMMARY_SENTENCES,
        show_default=True,
        help="Sentences in the summary.",
    )(func)


def format_option(*choices: str) -> Callable[[F], F]:
    def deco(func: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(list(choices)),
            default=choices[0],
            show_default=True,
            help="Output format: text for people, json for scripts.",
        )(func)

    return deco


def read_input(source: str, max_input_mb: float) -> tuple[str, str]:
    """Read a FILE or '-' as UTF-8 text, enforcing the size limit."""
    return read_text(source, max_bytes=limit_bytes(max_input_mb))


def echo_json(obj: object) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))
