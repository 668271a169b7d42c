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

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from toolkit.errors import ConfigError, InputError
from toolkit.evaluate.report import EvaluationReport
from toolkit.glossary.model import Glossary
from toolkit.io import (
    DEFAULT_MAX_BYTES,
    InputTooLargeError,
    limit_bytes,
    read_bytes,
    read_text,
)
from toolkit.languages import TARGETS
from toolkit.publish import check_folder, publish
from toolkit.signature import GlossaryRef, Signature
from toolkit.summarize.base import Summary
from toolkit.text import Removed, ensure_language, normalize, removed_characters
from toolkit.text.segment import segment
from toolkit.translate.base import Translation
from toolkit.translate.models import DEFAULT_MODEL
from toolkit.translate.names import NameRendering

if TYPE_CHECKING:
    from toolkit.evaluate.checks import Finding
    from toolkit.glossary.suggest import Suggestions
    from toolkit.translate.openai import Estimate
    from toolkit.translate.session import Session

SUMMARY_SENTENCES = 3
SUMMARY_METHODS = ("extractive", "llm")
"""``toolkit run --summary-method``: the extractive default, or written by the server."""


@dataclass(frozen=True)
class RunOptions:
    """Every option of ``toolkit run``; a TOML config file may set any of them."""

    targets: tuple[str, ...] = TARGETS
    glossary: str | None = None
    no_glossary: bool = False
    out: str | None = None
    model: str = DEFAULT_MODEL
    pivot_model: str | None = None
    backend: str = "ct2"
    device: str = "cpu"
    sentences: int = SUMMARY_SENTENCES
    summary_only: bool = False
    force: bool = False
    cache: bool = True
    cache_path: str | None = None
    n_best: int = 4
    names: bool = True
    suggest: bool = False
    xliff: bool = False
    quiet: bool = False
    max_input_mb: float = DEFAULT_MAX_BYTES / 1048576
    api_base: str | None = None
    """``--backend openai``: the server's API (credentials in it are never recorded)."""
    concurrency: int = 4
    timeout: float = 120.0
    summary_method: str = "extractive"
    """``extractive`` (no model), or ``llm``: each summary (Persian and every target
    language's) written by the server of ``--backend openai``, and checked against the
    article (:mod:`toolkit.evaluate.support`)."""
    dry_run: bool = False
    """``--backend openai``: estimate the requests and tokens (:func:`estimate_run`), send
    nothing, write nothing."""

    def to_dict(self) -> dict[str, Any]:
        from toolkit.translate.openai_client import redact_url

        data = asdict(self)
        data["targets"] = list(self.targets)
        if self.api_base:
            data["api_base"] = redact_url(self.api_base)
        return data

    def server_settings(self) -> dict[str, Any]:
        """The options of a server backend (``openai``), as the session takes them."""
        return {"api_base": self.api_base, "concurrency": self.concurrency, "timeout": self.timeout}


CONFIG_KEYS = {f for f in RunOptions.__dataclass_fields__}
CONFIG_ALIASES = {
    "to": "targets",
    "summary-only": "summary_only",
    "pivot-model": "pivot_model",
    "no-glossary": "no_glossary",
    "cache-path": "cache_path",
    "n-best": "n_best",
    "max-input-mb": "max_input_mb",
    "api-base": "api_base",
    "summary-method": "summary_method",
}
_CONFIG_SPELLING = {v: k for k, v in CONFIG_ALIASES.items()}
CONFIG_NAMES = frozenset(_CONFIG_SPELLING.get(k, k) for k in CONFIG_KEYS)
"""Option names as a config file writes them (``to``, ``summary-only``, ...)."""


def read_config(path: str | Path) -> dict[str, Any]:
    """Options from a TOML file (keys as the command-line options: ``to``, ``model``, ...)."""
    import tomllib

    p = Path(path)
    try:  # through the bounded reader: a config linked to /dev/zero stops at 1 MB
        data = tomllib.loads(read_bytes(p, max_bytes=1 << 20)[0].decode("utf-8-sig"))
    except InputTooLargeError:
        raise ConfigError(f"config file {p}: over 1 MB, not a config file") from None
    except InputError as exc:
        raise ConfigError(f"config file {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{p}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: invalid TOML ({exc})") from None
    section = data.get("run", data)
    out: dict[str, Any] = {}
    for key, value in section.items():
        name = CONFIG_ALIASES.get(key, key.replace("-", "_"))
        if name not in CONFIG_KEYS:
            raise ConfigError(
                f"{p}: unknown option {key!r}; known: {', '.join(sorted(CONFIG_NAMES))}"
            )
        if name == "targets":
            value = (value,) if isinstance(value, str) else tuple(value)
            wrong = [v for v in value if v not in TARGETS]
            if wrong or not value:
                raise ConfigError(
                    f"{p}: to = {list(value)!r}: target languages are {', '.join(TARGETS)}"
                )
        out[name] = value
    return out


@dataclass
class LanguageResult:
    """One target language's line in the final table of ``toolkit run``."""

    language: str
    segments: int
    term_total: int
    term_matched: int
    term_status: dict[str, int]
    errors: int
    warnings: int
    off_target: int = 0
    """Segments left in another language than the target after their retries (each one
    of the ``errors``): kept, and reported as ``off-target`` findings."""

    @property
    def term_success(self) -> float | None:
        return self.term_matched / self.term_total if self.term_total else None


@dataclass
class RunResult:
    out_dir: Path
    files: list[str]
    summary: list[str]
    languages: list[LanguageResult] = field(default_factory=list)
    memory_hits: int = 0
    memory_misses: int = 0
    lines: int = 0
    """The article's lines that hold text (its sentences are in each language's row)."""


@dataclass(frozen=True)
class LanguageReport:
    """What one target language came to: the translations and their evaluation."""

    language: str
    article: Translation
    summary: Translation
    evaluation: EvaluationReport
    sentences: int
    """Source sentences (clause splits for the model's limit are not counted)."""
    names: tuple[NameRendering, ...] = ()
    """Names the glossary does not cover, each kept to one rendering (not glossary terms)."""
    retranslated: int = 0
    """Sentences translated a first time, then again to keep a name's rendering."""
    requests: Mapping[str, Any] | None = None
    """What the requests to a server cost for this language (the summary, the article and
    its names together: requests, prompt and completion tokens, retries, seconds); None for
    a model run in this process."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "translation": {
                "terms": self.article.term_counts(),
                "segments": [s.to_dict() for s in self.article.segments],
                "signature": self.article.signature.to_dict() if self.article.signature else {},
                "names": [n.to_dict() for n in self.names],
            },
            "evaluation": self.evaluation.to_dict(),
        }
        if self.requests is not None:
            out["requests"] = dict(self.requests)
        return out

    def result(self) -> LanguageResult:
        counts = self.evaluation.counts()
        return LanguageResult(
            self.language,
            self.sentences,
            self.evaluation.terms_total,
            self.evaluation.terms_matched,
            self.article.term_counts(),
            counts.get("error", 0),
            counts.get("warning", 0),
            self.evaluation.off_target,
        )


@dataclass(frozen=True)
class RunReport:
    """Everything ``toolkit run`` found, serialised to ``report.json`` by :meth:`to_dict`
    (schema ``toolkit/run_report.schema.json``)."""

    article: str
    summary: Summary
    languages: tuple[LanguageReport, ...]
    signature: Signature
    suggested: Suggestions | None = None
    """Glossary suggestions for the article (``--suggest``): ``suggested-glossary.tsv``."""
    removed: Removed = field(default_factory=Removed)
    """Characters normalization removed from the article."""
    summary_findings: Mapping[str, tuple[Finding, ...]] | None = None
    """An ``llm`` summary's checks against the article, per language (``fa`` and each
    target): what it says that the article does not support."""
    summary_requests: Mapping[str, Mapping[str, Any]] | None = None
    """What each ``llm`` summary's request cost, per language."""

    @property
    def summary_lines(self) -> list[str]:
        return [s.text for s in self.summary.sentences]

    def to_dict(self) -> dict[str, Any]:
        signature = self.signature.to_dict()
        if self.languages:
            signature["translator"] = {
                r.language: r.article.signature.setting("translator") if r.article.signature else {}
                for r in self.languages
            }
        sentences = []
        for k, sentence in enumerate(self.summary.sentences):
            item = sentence.to_dict()
            item["translations"] = {
                r.language: r.summary.lines[k] if k < len(r.summary.lines) else ""
                for r in self.languages
            }
            sentences.append(item)
        summary: dict[str, Any] = {
            **self.summary.to_dict(),
            "sentences": sentences,
            "translations": {r.language: r.summary.text for r in self.languages},
        }
        if self.summary_findings is not None:
            from toolkit.evaluate.support import summary_findings

            summary["findings"] = {
                lang: summary_findings(found) for lang, found in self.summary_findings.items()
            }
        if self.summary_requests:
            summary["requests"] = {k: dict(v) for k, v in self.summary_requests.items()}
        return {
            "article": Path(self.article).name,
            "summary": summary,
            "languages": {r.language: r.to_dict() for r in self.languages},
            "signature": signature,
            **({"normalization": {"removed": self.removed.to_dict()}} if self.removed else {}),
        }


def _models_by_name(value: Any) -> Any:
    """``value`` with every model named by an absolute path (a local model folder) named by
    the folder's name: a report records no path of the machine it was made on."""
    if isinstance(value, dict):
        return {
            k: _model_name(v) if k == "model" and isinstance(v, str) else _models_by_name(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_models_by_name(v) for v in value]
    return value


def _model_name(model: str) -> str:
    # A pivot's model is "first > second".
    return " > ".join(Path(m).name if Path(m).is_absolute() else m for m in model.split(" > "))


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
    ensure_language(raw, "fa", name)
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
    step(f"write {out_dir}")
    files = write_article(out_dir, report, options)
    result = RunResult(out_dir, files, report.summary_lines, [r.result() for r in report.languages])
    result.lines = len({s.line for s in segment(doc.text, "fa")})
    if session is not None and session.memory is not None:
        result.memory_hits, result.memory_misses = session.memory.hits, session.memory.misses
    return result


def with_requests(report: RunReport, requests: Mapping[str, Mapping[str, Any]]) -> RunReport:
    """``report`` with each language's request costs (a server backend; ``requests`` is
    empty for the others, whose reports stay as they are)."""
    if not requests:
        return report
    languages = tuple(replace(r, requests=requests.get(r.language)) for r in report.languages)
    return replace(report, languages=languages)


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
    ensure_language(raw, "fa", name)
    glossary = resolve_glossary(options.glossary, options.no_glossary)
    targets = () if options.summary_only else options.targets
    text = normalize(raw)
    if options.summary_method == "llm":
        from toolkit.summarize.llm import LLMSummarizer

        summaries = [
            LLMSummarizer(options.model, target=lang).estimate(text, options.sentences, glossary)
            for lang in ("fa", *targets)
        ]
        return dry_run([text], targets, options.model, glossary), summaries
    doc = summarize_article(raw, name, glossary, options)
    # The article first: the translator sends the summary's sentences that the article has
    # in the article's windows, and the others (a pronoun replaced) after them.
    return dry_run([doc.text, doc.summary_text], targets, options.model, glossary), []


# -- stages: `toolkit batch` runs them too, preparing once and then per article -----------------


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


def write_article(out_dir: Path, report: RunReport, options: RunOptions) -> list[str]:
    """Render every output file and publish them into the folder at the end, with a
    manifest of them (:mod:`toolkit.publish`); the file names, sorted."""
    files = _render_files(report, options)
    publish(out_dir, files, options.force)
    return sorted(files)


def _run_report(
    article: Article,
    languages: list[LanguageReport],
    glossary: Glossary | None,
    options: RunOptions,
) -> RunReport:
    return RunReport(
        article.name,
        article.summary,
        tuple(languages),
        Signature.create(
            "run",
            glossary=GlossaryRef.of(glossary) if glossary else None,
            settings={"options": _recorded_options(options)},
        ),
        removed=article.removed,
        summary_requests=article.requests or None,
    )


PATH_OPTIONS = ("out", "glossary", "cache_path")
"""Options naming a file or folder: a report records them by name alone."""


def _recorded_options(options: RunOptions) -> dict[str, Any]:
    """The options as ``report.json`` records them: a path by its file name alone (and a
    local model folder by its name), so that two users' reports of one run compare."""
    data = options.to_dict()
    for key in PATH_OPTIONS:
        if data[key] is not None:
            data[key] = Path(data[key]).name
    for key in ("model", "pivot_model"):
        if data[key] is not None:
            data[key] = _model_name(data[key])
    return data


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


def _render_files(report: RunReport, options: RunOptions) -> dict[str, str]:
    """Every output file's content, by name."""
    lines = report.summary_lines
    files: dict[str, str] = {"summary.fa.txt": "\n".join(lines) + "\n"}
    for r in report.languages:
        files[f"summary.{r.language}.txt"] = r.summary.text + "\n"
        files[f"article.{r.language}.txt"] = r.article.text + "\n"
    if report.languages:
        from toolkit.evaluate.html import render_html
        from toolkit.exports import to_tmx, to_xliff

        translations = {r.language: r.article for r in report.languages}
        if options.xliff:
            for lang, tr in translations.items():
                files[f"article.{lang}.xlf"] = to_xliff(tr, Path(report.article).name)
        files["article.tmx"] = to_tmx(translations)
        files["report.html"] = render_html(
            [r.evaluation for r in report.languages],
            title=f"Quality report: {Path(report.article).name}",
            intro=_summary_html(report.summary, {r.language: r.summary for r in report.languages})
            + _names_html(report.languages),
            segments={lang: tr.segments for lang, tr in translations.items()},
            signatures={  # named as report.json names them: no path of this machine
                lang: replace(sig, model=_model_name(sig.model) if sig.model else None)
                for lang, tr in translations.items()
                if (sig := tr.signature) is not None
            },
        )
    if report.suggested is not None:
        from toolkit.glossary.formats import dump_glossary

        files["suggested-glossary.tsv"] = dump_glossary(report.suggested.glossary(), "tsv")
    data = _models_by_name(report.to_dict())
    files["report.json"] = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return files


def _summary_html(summary: Summary, translations: dict[str, Translation]) -> str:
    """The summary as a table: one row per sentence, the Persian (right to left) beside its
    translation in each target language (the summary is translated one sentence a line)."""
    import html

    head = "".join(f'<th lang="{lang}">{html.escape(lang)}</th>' for lang in translations)
    rows = []
    for k, sentence in enumerate(summary.sentences):
        note = ""
        if sentence.replaced is not None:
            r = sentence.replaced
            note = (
                f' title="«{html.escape(r.old)}» replaced by «{html.escape(r.new)}» '
                f'(sentence {r.source})"'
            )
        cells = "".join(
            f'<td class="tgt" lang="{lang}">'
            f"{html.escape(tr.lines[k] if k < len(tr.lines) else '')}</td>"
            for lang, tr in translations.items()
        )
        rows.append(
            f'<tr><td class="n">{sentence.segment.index}</td>'
            f'<td class="src" dir="rtl" lang="fa"{note}>{html.escape(sentence.text)}</td>'
            f"{cells}</tr>"
        )
    written = (
        "<p>Each summary was written by the server in its language (<code>--summary-method "
        "llm</code>), not translated: a row's cells need not say the same thing. report.json "
        "lists what each says that the article does not support.</p>"
        if summary.method == "llm"
        else ""
    )
    return (
        f'<h2>Summary</h2>{written}<table class="summary"><thead><tr><th class="n">#</th>'
        f'<th class="src">fa</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _names_html(languages: Sequence[LanguageReport]) -> str:
    """The names kept to one rendering, per language: not glossary terms, so a translator
    reviews them (a transliteration above all)."""
    import html

    rows = [
        f'<tr><td class="src" dir="rtl" lang="fa">{html.escape(n.source)}</td>'
        f'<td lang="{r.language}">{html.escape(n.rendering)}</td>'
        f"<td>{html.escape(n.chosen)}</td><td>{n.occurrences}</td></tr>"
        for r in languages
        for n in r.names
    ]
    if not rows:
        return ""
    return (
        "<h2>Names not in the glossary</h2><p>Each kept to one rendering throughout: the "
        "model's own at the first occurrence (<em>model</em>), or a transliteration where the "
        "model wrote nothing close (<em>transliterated</em>: review it).</p>"
        '<table class="names"><thead><tr><th class="src">fa</th><th>rendering</th>'
        f"<th>chosen</th><th>occurrences</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _check_out_dir(out_dir: Path, options: RunOptions, article: str | None = None) -> Path:
    """Refuse, before any work, an output folder this run may not write (see
    :func:`toolkit.publish.check_folder`); the resolved folder."""
    # The memory too: one made inside a new folder would make it the user's.
    inputs = (article, options.cache_path if options.cache else None)
    return check_folder(out_dir, options.force, output_names(options), inputs)


def output_names(options: RunOptions) -> set[str]:
    """Every file name a run with ``options`` may write (:func:`_render_files` writes them)."""
    names = {"summary.fa.txt", "report.json"}
    if options.suggest:
        names.add("suggested-glossary.tsv")
    if not options.summary_only:
        names |= {"article.tmx", "report.html"}
        for lang in options.targets:
            names |= {f"summary.{lang}.txt", f"article.{lang}.txt"}
            if options.xliff:
                names.add(f"article.{lang}.xlf")
    return names
