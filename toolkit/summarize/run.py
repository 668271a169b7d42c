"""Summarizing one input as ``toolkit summarize`` does: read it, summarize it by a method,
then translate the summary into target languages (a Persian summary) or have it written by
a server in one of them (``llm``). The command only parses options and prints the result."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.errors import ConfigError
from toolkit.io import DEFAULT_MAX_BYTES, limit_bytes, read_text
from toolkit.summarize import DEFAULT_METHOD, SummaryLength, get_summarizer
from toolkit.summarize.base import DEFAULT_SENTENCES, Summary
from toolkit.translate.models import DEFAULT_MODEL as TRANSLATION_MODEL

if TYPE_CHECKING:
    from toolkit.glossary.model import Glossary
    from toolkit.summarize.extractive import Explanation

SERVER_METHODS = ("llm",)
"""Methods that write through a server (``backend`` openai): in the language of the one
target."""


class PersianOnly(ConfigError):
    """Target languages given for a summary that is not Persian: only a Persian summary is
    translated."""


@dataclass(frozen=True)
class SummarizeOptions:
    """What ``toolkit summarize`` takes besides its input, by the library's names."""

    method: str = DEFAULT_METHOD
    count: SummaryLength = field(default_factory=lambda: SummaryLength(DEFAULT_SENTENCES))
    model: str | None = None
    """The summarization model (``abstractive``), or the model the server serves (``llm``)."""
    lang: str = "auto"
    """The input's language; ``auto`` detects it by script."""
    glossary: str | None = None
    """A glossary file; translating (or an ``llm`` summary in English or Russian) takes the
    domain glossary without one."""
    targets: tuple[str, ...] = ()
    """Languages to translate a Persian summary into; for ``llm``, the one language the
    summary is written in (default: the input's)."""
    translation_model: str = TRANSLATION_MODEL
    backend: str = "ct2"
    api_base: str | None = None
    explain: bool = False
    """``extractive``: also each sentence's score and the features behind it."""
    progress: bool = True
    max_input_mb: float = DEFAULT_MAX_BYTES / 1048576


@dataclass(frozen=True)
class SummaryResult:
    """A summary and what came with it: its translations, the explanation of its scores,
    and (a server's summary) what its request cost."""

    summary: Summary
    article: str
    """The input, read and decoded."""
    language: str
    """The input's language (a server's summary may be in another)."""
    glossary: Glossary | None = None
    """The glossary the summary was made and translated under."""
    translations: Mapping[str, str] = field(default_factory=dict)
    explanation: Explanation | None = None
    requests: Mapping[str, Any] | None = None

    def to_dict(self, findings: Sequence[Mapping[str, Any]] | None = None) -> dict[str, Any]:
        """The JSON of ``toolkit summarize``, with the ``findings`` of a check of the summary
        against the article where one was made."""
        data = self.summary.to_dict()
        signature = data.pop("signature")
        data["translations"] = dict(self.translations)
        if self.explanation is not None:
            data["explain"] = self.explanation.to_dict()
        if findings is not None:
            data["findings"] = list(findings)
        if self.requests is not None:
            data["requests"] = dict(self.requests)
        data["signature"] = signature
        return data


def summarize_source(
    source: str, options: SummarizeOptions, warn: Callable[[str], None] = lambda _: None
) -> SummaryResult:
    """Read ``source`` (a path, or ``-`` for standard input) and summarize it with
    ``options``; ``warn`` gets a message (``{option:NAME}`` naming a setting) for what is
    given but unused."""
    if options.method in SERVER_METHODS:
        return _through_server(source, options)
    glossary = None
    if options.glossary is not None:
        from toolkit.glossary.validate import load_glossary

        glossary = load_glossary(options.glossary)
    text, _ = read_text(source, max_bytes=limit_bytes(options.max_input_mb))
    method, model, count, lang = options.method, options.model, options.count, options.lang
    summarizer = get_summarizer(method, model=model) if model else get_summarizer(method)
    if glossary is not None and not summarizer.uses_glossary:
        warn(f"{{option:method}} {method} does not use the glossary")
    explanation: Explanation | None = None
    if options.explain:
        from toolkit.summarize.extractive import ExtractiveDefault

        if not isinstance(summarizer, ExtractiveDefault):
            raise ConfigError(
                f"{{option:explain}} only applies to {{option:method}} {DEFAULT_METHOD}"
            )
        explanation = summarizer.explain(text, count=count, lang=lang, glossary=glossary)
        summary = explanation.summary
    else:
        summary = summarizer.summarize(text, count=count, lang=lang, glossary=glossary)
    translations = _translate(summary, glossary, options) if options.targets else {}
    return SummaryResult(summary, text, summary.language, glossary, translations, explanation)


def _translate(
    summary: Summary, glossary: Glossary | None, options: SummarizeOptions
) -> dict[str, str]:
    """The Persian summary, one sentence a line, translated into each target under the
    glossary (the domain glossary when none is given)."""
    from toolkit.translate.session import open_session, resolve_glossary

    if summary.language != "fa":
        raise PersianOnly("{option:targets}: only a Persian summary is translated")
    session = open_session(
        model=options.translation_model,
        glossary=glossary or resolve_glossary(None, False),
        backend=options.backend,
        progress=options.progress,
        model_option="translation_model",
    )
    lines = "\n".join(s.text for s in summary.sentences)
    return {
        target: session.engine(target).translate(lines).text
        for target in dict.fromkeys(options.targets)
    }


def _through_server(source: str, options: SummarizeOptions) -> SummaryResult:
    """``llm``: the summary written by the server in the one target language (the input's
    by default), under the glossary (the domain glossary for an English or Russian one)."""
    from toolkit.text import ensure_language

    text, name = read_text(source, max_bytes=limit_bytes(options.max_input_mb))
    found = ensure_language(text, options.lang, name)
    target = options.targets[0] if options.targets else found
    glossary = None
    if target != "fa" or options.glossary is not None:
        from toolkit.translate.session import resolve_glossary

        glossary = resolve_glossary(options.glossary, False)
    summarizer = get_summarizer(
        options.method,
        model=options.model,
        target=target,
        settings={"api_base": options.api_base},
    )
    summary = summarizer.summarize(text, count=options.count, lang=found, glossary=glossary)
    usage = getattr(summarizer, "usage", None)
    requests = usage.to_dict() if usage is not None else None
    return SummaryResult(summary, text, found, glossary, requests=requests)
