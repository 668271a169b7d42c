"""The main job: an article in; summaries, translations and a quality report out.

Stages: read and validate → normalize and segment → summarize (Persian) → translate the
summary and the article into each target under the glossary → evaluate each article
translation → write the outputs. The output folder is checked before any work; everything
is written into a staging folder inside it and moved into place at the end, with a manifest
of the files (``toolkit.publish``), so an interrupted run leaves no half-written file and
``force`` replaces only the toolkit's own files; translations already done are in the
translation memory, so running again resumes without translating anything twice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import ConfigError
from toolkit.io import limit_bytes, read_text
from toolkit.languages import source
from toolkit.pipeline.options import RunOptions
from toolkit.pipeline.publish import _check_out_dir, write_article
from toolkit.pipeline.report import RunResult, with_enforcement, with_requests
from toolkit.pipeline.stages import (
    Translated,
    finish_article,
    prepare,
    summarize_article,
    translate_articles,
)
from toolkit.text import ensure_language, normalize
from toolkit.text.segment import segment

if TYPE_CHECKING:
    from toolkit.translate.openai import Estimate


class _Steps:
    """Numbered progress lines that only count up: ``[k/n] what``."""

    def __init__(self, total: int, log: Callable[[str], None]) -> None:
        self.total, self.done, self.log = total, 0, log

    def __call__(self, what: str) -> None:
        self.done += 1
        self.log(f"[{self.done}/{self.total}] {what}")


def default_out_dir(article: str) -> Path:
    """``out/<article name up to its first dot>``; ``out/stdin`` for ``-``."""
    if article == "-":
        return Path("out") / "stdin"
    name = Path(article).name
    stem = name.split(".")[0] or "article"
    return Path("out") / stem


def run_article(
    article: str, options: RunOptions, log: Callable[[str], None] = lambda _: None
) -> RunResult:
    """Run every stage on ``article`` and publish the output folder."""
    out_dir = Path(options.out) if options.out else default_out_dir(article)
    _check_out_dir(out_dir, options, article)
    targets = () if options.summary_only else options.targets
    step = _Steps(4 + 2 * len(targets), log)

    step(f"read and validate {article}")
    raw, name = read_text(article, max_bytes=limit_bytes(options.max_input_mb))
    ensure_language(raw, source(), name)
    glossary, session = prepare(options)
    doc = summarize_article(raw, name, glossary, options, step)
    if doc.removed:
        log(f"normalize: removed {doc.removed}")
    translations: dict[str, Translated] = {}
    if session is not None:
        for k, lang in enumerate(targets):
            step(f"translate summary and article → {lang} ({k + 1}/{len(targets)})")
            [translations[lang]] = translate_articles(session, lang, [doc])
    report = finish_article(doc, translations, glossary, options, session, step)
    if session is not None:
        report = with_requests(report, session.requests())
        report = with_enforcement(report, session.enforcement())
    step(f"write {out_dir}")
    files = write_article(out_dir, report, options)
    result = RunResult(out_dir, files, report.summary_lines, [r.result() for r in report.languages])
    result.lines = len({s.line for s in segment(doc.text, source())})
    if session is not None and session.memory is not None:
        result.memory_hits, result.memory_misses = session.memory.hits, session.memory.misses
    return result


def estimate_run(article: str, options: RunOptions) -> tuple[list[Estimate], list[Estimate]]:
    """What ``toolkit run`` on ``article`` would cost a server (``--backend openai``), per
    target language, estimated without contacting it and writing nothing: the article is
    read, checked and summarized here (the extractive summary needs no server), then
    :func:`toolkit.translate.openai.dry_run` plans the article's and the summary's windows.
    The names kept to one rendering (their lines asked again) are not foreseen. With
    ``summary_method`` ``llm``, the second list holds each summary's one request (Persian
    and each target language's, written by the server: none translated)."""
    from toolkit.translate.openai import dry_run
    from toolkit.translate.session import resolve_glossary

    if options.backend != "openai":
        raise ConfigError(
            f"a dry run estimates the requests to a server: it needs {{option:backend}} openai, "
            f"not {options.backend}"
        )
    raw, name = read_text(article, max_bytes=limit_bytes(options.max_input_mb))
    ensure_language(raw, source(), name)
    glossary = resolve_glossary(options.glossary, options.no_glossary)
    targets = () if options.summary_only else options.targets
    text = normalize(raw)
    if options.summary_method == "llm":
        from toolkit.summarize.llm import LLMSummarizer

        languages = (source(), *targets)  # the Persian summary, then each target's
        summaries = [
            LLMSummarizer(options.model, target=lang).estimate(text, options.sentences, glossary)
            for lang in languages
        ]
        return dry_run([text], targets, options.model, glossary), summaries
    doc = summarize_article(raw, name, glossary, options)
    # The article first: the translator sends the summary's sentences that the article has
    # in the article's windows, and the others (a pronoun replaced) after them.
    return dry_run([doc.text, doc.summary_text], targets, options.model, glossary), []
