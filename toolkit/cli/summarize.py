"""``toolkit summarize``: extractive (default) or abstractive summaries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from toolkit.cli import flag_for
from toolkit.cli.common import (
    LANG_CHOICE,
    echo_json,
    format_option,
    input_argument,
    max_input_option,
)
from toolkit.cli.glossary import GLOSSARY_HELP
from toolkit.errors import ConfigError, ToolkitError
from toolkit.languages import TARGETS
from toolkit.summarize import DEFAULT_METHOD, SUMMARIZERS, SummaryLength
from toolkit.summarize.abstractive import DEFAULT_MODEL
from toolkit.summarize.base import DEFAULT_SENTENCES
from toolkit.summarize.run import (
    SERVER_METHODS,
    PersianOnly,
    SummarizeOptions,
    SummaryResult,
    summarize_source,
)
from toolkit.translate.models import DEFAULT_MODEL as TRANSLATION_MODEL

if TYPE_CHECKING:
    from toolkit.evaluate.checks import Finding
    from toolkit.summarize.extractive import Explanation

MODEL_METHODS = ("abstractive", "llm")
"""Methods that take --model."""


class RatioType(click.ParamType):
    """A share of the input's sentences: ``20%`` or ``0.2``."""

    name = "RATIO"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, SummaryLength):
            return value
        text = str(value).strip()
        if not text.endswith("%") and "." not in text:
            self.fail(
                f"{value!r} is not a ratio: write 20% or 0.2 (use --sentences for a count)",
                param,
                ctx,
            )
        try:
            return SummaryLength.parse(text)
        except ConfigError as exc:
            self.fail(str(exc), param, ctx)


@click.command("summarize")
@input_argument
@click.option(
    "--sentences",
    "-n",
    type=click.IntRange(min=1),
    default=None,
    help=f"Keep this many sentences  [default: {DEFAULT_SENTENCES}]",
)
@click.option(
    "--ratio",
    "-r",
    type=RatioType(),
    default=None,
    help="Keep this share of the sentences instead: 20% or 0.2 (at least one).",
)
@click.option(
    "--method",
    "-m",
    type=click.Choice(list(SUMMARIZERS)),
    default=DEFAULT_METHOD,
    show_default=True,
    help=f"{DEFAULT_METHOD} needs no model; {MODEL_METHODS[0]} runs a seq2seq model "
    "(--model); llm asks a chat model behind an OpenAI-compatible server (--backend openai "
    "--api-base URL --model NAME) to write the summary in the language of --to, checked "
    "against the article; the others are classic baselines to compare with.",
)
@click.option(
    "--model",
    default=None,
    help=f"For --method {MODEL_METHODS[0]}: a hub id or a checkpoint directory "
    f"[default: {DEFAULT_MODEL}]; for --method llm: the model the server serves.",
)
@click.option(
    "--lang",
    type=LANG_CHOICE,
    default="auto",
    show_default=True,
    help="Language of the input; 'auto' detects it by script.",
)
@click.option("--glossary", "-g", "glossary_path", default=None, help=GLOSSARY_HELP)
@click.option(
    "--to",
    "targets",
    multiple=True,
    type=click.Choice([*TARGETS, "fa"]),
    help="Also translate the summary of a Persian text (repeatable), under the glossary "
    "(default: the domain glossary). With --method llm: the one language the summary is "
    "written in (fa, en or ru; default: the input's).",
)
@click.option(
    "--translation-model",
    default=TRANSLATION_MODEL,
    show_default=True,
    help="With --to: the translation model (hub id or directory).",
)
@click.option(
    "--backend",
    type=click.Choice(["ct2", "hf", "openai"]),
    default="ct2",
    show_default=True,
    help="With --to: the translation backend; --method llm needs openai.",
)
@click.option(
    "--api-base",
    default=None,
    metavar="URL",
    help="With --backend openai: the server's OpenAI-compatible API; default "
    "$TOOLKIT_API_BASE. The key is read from TOOLKIT_API_KEY or OPENAI_API_KEY only.",
)
@click.option(
    "--explain",
    is_flag=True,
    help=f"For --method {DEFAULT_METHOD}: also show, for every sentence, its score and the "
    "features behind it (JSON: an 'explain' object).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@format_option("text", "json")
@max_input_option
def summarize_cmd(
    source: str,
    sentences: int | None,
    ratio: SummaryLength | None,
    method: str,
    model: str | None,
    lang: str,
    glossary_path: str | None,
    targets: tuple[str, ...],
    translation_model: str,
    backend: str,
    api_base: str | None,
    explain: bool,
    quiet: bool,
    fmt: str,
    max_input_mb: float,
) -> None:
    """Summarize a news article in Persian, English or Russian.

    Reads FILE, or standard input for '-'. Extractive methods keep whole sentences of the
    input, in document order; glossary terms make a sentence more likely to be kept. Text
    output prints one summary sentence per line. JSON output: {"language", "method",
    "sentences": [{"index", "line", "text", "score"[, "replaced"]}], "summary",
    "translations", ["explain",] "signature"}; for an abstractive summary, index and line
    number the summary's own sentences. A kept sentence that opened with a pronoun whose
    antecedent is not kept has it replaced by the speaker's name: "replaced" gives the old
    and new words, where they start, and the sentence the name comes from. With --method
    llm the summary is the server's own, in the language of --to, and the JSON adds
    "findings" (what it says that the article does not support) and "requests".
    """
    if sentences is not None and ratio is not None:
        raise click.UsageError("give either --sentences or --ratio, not both")
    if explain and method != DEFAULT_METHOD:
        raise click.UsageError(f"--explain only applies to --method {DEFAULT_METHOD}")
    if model is not None and method not in MODEL_METHODS:
        raise click.UsageError(f"--model only applies to --method {' or '.join(MODEL_METHODS)}")
    if method in SERVER_METHODS:
        if backend != "openai":
            raise click.UsageError(f"--method {method} needs --backend openai")
        if not model:
            raise click.UsageError(
                f"--method {method} needs --model NAME (a model the server serves)"
            )
        if len(targets) > 1:
            raise click.UsageError(f"--method {method} writes one summary: give one --to")
    else:
        if "fa" in targets:
            raise click.UsageError("--to fa is for --method llm (a summary written in Persian)")
        if backend == "openai":
            raise click.UsageError("--backend openai is for --method llm")
    options = SummarizeOptions(
        method=method,
        count=ratio or SummaryLength(sentences=sentences or DEFAULT_SENTENCES),
        model=model,
        lang=lang,
        glossary=glossary_path,
        targets=targets,
        translation_model=translation_model,
        backend=backend,
        api_base=api_base,
        explain=explain,
        progress=not quiet,
        max_input_mb=max_input_mb,
    )
    try:
        result = summarize_source(source, options, warn=_warn)
    except PersianOnly:
        raise click.UsageError("--to translates Persian summaries only") from None
    findings = _check(result) if method in SERVER_METHODS else None
    if fmt == "json":
        from toolkit.evaluate.support import summary_findings

        echo_json(result.to_dict(None if findings is None else summary_findings(findings)))
        return
    for sentence in result.summary.sentences:
        click.echo(sentence.text)
    for target, translated in result.translations.items():
        click.echo(f"== {target} ==")
        click.echo(translated)
    if result.explanation is not None:
        click.echo()
        for line in explain_lines(result.explanation):
            click.echo(line)
    for f in findings or ():
        click.echo(f"summary sentence {f.segment}: {f.severity}: {f.message}", err=True)


def _warn(message: str) -> None:
    click.echo(f"toolkit: warning: {ToolkitError(message).render(flag_for)}", err=True)


def _check(result: SummaryResult) -> list[Finding]:
    """A server's summary of a Persian input checked against it
    (:mod:`toolkit.evaluate.support`): each number, date, name or glossary term it does not
    support is an error finding, in the JSON (``findings``) or on stderr. The exit code
    stays 0."""
    if result.language != "fa":
        return []
    from toolkit.evaluate.support import check_summary

    written = "\n".join(s.text for s in result.summary.sentences)
    return check_summary(result.article, written, result.summary.language, result.glossary)


def explain_lines(explanation: Explanation, width: int = 48) -> list[str]:
    """The text form of ``--explain``: one line per sentence, kept ones marked ``*``, with
    the score, the features that moved it (largest first) and the start of the sentence."""
    lines = ["kept  #    score  features (weighted contribution)"]
    for s in explanation.sentences:
        parts = [
            f"{name} {value:+.2f}"
            for name, value in sorted(s.contributions.items(), key=lambda kv: -abs(kv[1]))
            if abs(value) >= 0.005
        ]
        if s.opener is not None:
            parts.append(f"opens with «{s.opener}» = {s.refers_to or '?'}")
        text = s.segment.text if len(s.segment.text) <= width else s.segment.text[:width] + "…"
        lines.append(
            f"{'*' if s.kept else ' ':<4}{s.segment.index:>3}  {s.score:+.3f}  "
            f"{', '.join(parts) or '-'}  | {text}"
        )
    return lines
