"""The stages of a run, which ``toolkit batch`` runs too (preparing once, then per article):
``prepare``, ``summarize_article``, ``translate_articles``, ``finish_article`` (evaluate,
suggest, gather the report).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple

from toolkit.errors import ConfigError
from toolkit.glossary.model import Glossary
from toolkit.pipeline.options import SUMMARY_METHODS, RunOptions
from toolkit.pipeline.report import LanguageReport, RunReport, _run_report
from toolkit.summarize.base import Summary
from toolkit.text import Removed, normalize, removed_characters
from toolkit.text.segment import segment
from toolkit.translate.base import Translation
from toolkit.translate.names import NameRendering

if TYPE_CHECKING:
    from toolkit.evaluate.checks import Finding
    from toolkit.glossary.suggest import Suggestions
    from toolkit.translate.session import Session


@dataclass(frozen=True)
class Article:
    """A validated article, normalized and summarized: what the translation stage takes."""

    name: str
    text: str
    summary: Summary
    removed: Removed = field(default_factory=Removed)
    """Characters normalization removed from the raw text (controls, bidi overrides)."""
    written: Mapping[str, Summary] = field(default_factory=dict)
    """Summaries the server wrote in each target language (``summary_method`` ``llm``):
    they take the place of the Persian summary's translations."""
    requests: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """What each summary the server wrote cost, per language (``fa`` and each target)."""

    @property
    def summary_text(self) -> str:
        """The summary as it is translated: one sentence a line ('' when the server wrote
        one in each target language: nothing to translate)."""
        if self.written:
            return ""
        return "\n".join(s.text for s in self.summary.sentences)

    def written_summary(self, lang: str) -> Translation | None:
        """The summary the server wrote in ``lang``, one sentence a line, as a translation
        without segments (no term was placed in it: the evaluator checks it instead)."""
        summary = self.written.get(lang)
        if summary is None:
            return None
        lines = tuple(s.text for s in summary.sentences)
        return Translation(lang, lines, (), summary.signature)


def prepare(options: RunOptions) -> tuple[Glossary | None, Session | None]:
    """The glossary, and the translation session (which fails here, before any work, when a
    model is neither local nor reachable)."""
    from toolkit.translate.session import open_session, resolve_glossary

    if options.summary_method not in SUMMARY_METHODS:
        raise ConfigError(
            f"unknown summary method '{options.summary_method}' (choose from "
            f"{', '.join(SUMMARY_METHODS)})"
        )
    if options.summary_method == "llm" and options.backend != "openai":
        raise ConfigError(
            "{option:summary_method} llm writes the summaries through the server of "
            f"{{option:backend}} openai, not {options.backend}"
        )
    glossary = resolve_glossary(options.glossary, options.no_glossary)
    if options.summary_only:
        return glossary, None
    session = open_session(
        model=options.model,
        glossary=glossary,
        pivot_model=options.pivot_model,
        backend=options.backend,
        device=options.device,
        cache=options.cache,
        cache_path=options.cache_path,
        n_best=options.n_best,
        progress=not options.quiet,
        names=options.names,
        settings=options.server_settings(),
    )
    return glossary, session


def summarize_article(
    raw: str,
    name: str,
    glossary: Glossary | None,
    options: RunOptions,
    step: Callable[[str], None] = lambda _: None,
) -> Article:
    """Normalize and summarize an article whose language was checked."""
    step("normalize and segment")
    text = normalize(raw)
    step(f"summarize ({options.sentences} sentences)")
    written: dict[str, Summary] = {}
    requests: dict[str, Mapping[str, Any]] = {}
    if options.summary_method == "llm" and not options.summary_only:
        for lang in options.targets:
            written[lang] = _summarize(text, glossary, options, lang, requests)
    summary = _summarize(text, glossary, options, "fa", requests)
    return Article(name, text, summary, removed_characters(raw), written, requests)


class Translated(NamedTuple):
    """An article's translation into one language, its summary's, and the names kept to one
    rendering in both."""

    article: Translation
    summary: Translation
    names: tuple[NameRendering, ...] = ()
    retranslated: int = 0
    """Sentences translated a first time, then again to keep a name's rendering."""


def _dropped(first: Translation, final: Translation) -> int:
    """The segments of ``first`` that ``final`` replaced and that were translated (not
    served from the memory)."""
    kept = {id(s) for s in final.segments}
    return sum(1 for s in first.segments if id(s) not in kept and not s.cached)


def translate_articles(
    session: Session, lang: str, articles: Sequence[Article]
) -> list[Translated]:
    """Each article's translation and summary translation into ``lang``, all in one pass over
    shared batches (the summary first, then the article, article after article): the same
    results as translating them one after another. With the session's ``names`` on, each
    name the glossary lacks keeps one rendering in the article and its summary
    (:mod:`toolkit.translate.names`)."""
    engine = session.engine(lang)
    texts = [text for a in articles for text in (a.summary_text, a.text)]
    engine.translator.expect([a.text for a in articles])  # a document translator's order
    done = engine.translate_many(texts)
    out = []
    for k, a in enumerate(articles):
        article_tr, summary_tr = done[2 * k + 1], done[2 * k]
        written = a.written_summary(lang)
        summary_tr = written or summary_tr
        if not session.names:
            out.append(Translated(article_tr, summary_tr))
            continue
        from toolkit.translate.names import choose_names

        names = choose_names(engine, a.text, article_tr)
        final_article = names.apply(engine, a.text, article_tr)
        # a summary the server wrote is kept as written: the evaluator checks its names
        final_summary = written or names.apply(engine, a.summary_text, summary_tr)
        redone = _dropped(article_tr, final_article) + _dropped(summary_tr, final_summary)
        out.append(Translated(final_article, final_summary, names.renderings, redone))
    return out


def finish_article(
    article: Article,
    translations: Mapping[str, Translated],
    glossary: Glossary | None,
    options: RunOptions,
    session: Session | None,
    step: Callable[[str], None] = lambda _: None,
) -> RunReport:
    """Evaluate each language's translations and, with ``options.suggest``, suggest glossary
    entries (rendered by the session's model); gather the report."""
    languages = []
    for lang, translated in translations.items():
        step(f"evaluate → {lang}")
        languages.append(_evaluate(lang, article.text, translated, glossary))
    report = _run_report(article, languages, glossary, options)
    if options.summary_method == "llm":
        report = replace(report, summary_findings=check_summaries(article, glossary))
    if options.suggest:
        suggested = suggest_glossary(article, glossary, session, options.targets)
        report = replace(report, suggested=suggested)
    return report


def check_summaries(article: Article, glossary: Glossary | None) -> dict[str, tuple[Finding, ...]]:
    """Each summary the server wrote (Persian, and each target language's) checked against
    the article: what it says that the article does not support."""
    from toolkit.evaluate.support import check_summary

    summaries = {"fa": article.summary, **article.written}
    return {
        lang: tuple(
            check_summary(
                article.text, "\n".join(s.text for s in summary.sentences), lang, glossary
            )
        )
        for lang, summary in summaries.items()
    }


def suggest_glossary(
    article: Article, glossary: Glossary | None, session: Session | None, targets: Sequence[str]
) -> Suggestions:
    """Glossary suggestions for what the glossary lacks, rendered by the session's model
    where no gazetteer covers them."""
    from toolkit.glossary.suggest import suggest
    from toolkit.translate.session import phrase_renderer

    render = phrase_renderer(session) if session is not None else None
    model = session.model if session is not None else None
    return suggest(article.text, glossary=glossary, targets=targets, render=render, model=model)


def _summarize(
    text: str,
    glossary: Glossary | None,
    options: RunOptions,
    target: str = "fa",
    requests: dict[str, Mapping[str, Any]] | None = None,
) -> Summary:
    """The article's summary in ``target``: extractive (Persian), or written by the server
    (``summary_method`` ``llm``; what its request cost goes into ``requests[target]``)."""
    from toolkit.summarize import get_summarizer

    if options.summary_method == "llm":
        summarizer = get_summarizer(
            "llm", model=options.model, target=target, settings=options.server_settings()
        )
    else:
        summarizer = get_summarizer("extractive")
    summary = summarizer.summarize(text, count=options.sentences, lang="fa", glossary=glossary)
    usage = getattr(summarizer, "usage", None)
    if usage is not None and requests is not None:
        requests[target] = usage.to_dict()
    return summary


def _evaluate(
    lang: str, text: str, translated: Translated, glossary: Glossary | None
) -> LanguageReport:
    from toolkit.evaluate.report import evaluate, placements_of

    article_tr = translated.article
    # The toolkit's own translation: a segment in another language is an off-target
    # finding, never a refusal of the whole article. The baseline and what each placement
    # declares let the damage check count the words changed besides the terms.
    evaluation = evaluate(
        text,
        article_tr.text,
        lang,
        glossary=glossary,
        baseline=article_tr.baseline_text,
        placements=placements_of(article_tr.segments),
        whole_language=False,
    )
    sentences = len(segment(text, "fa"))
    return LanguageReport(
        lang,
        article_tr,
        translated.summary,
        evaluation,
        sentences,
        translated.names,
        translated.retranslated,
    )
