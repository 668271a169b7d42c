"""The per-article work of a batch, the same for every engine: a worker loads the glossary
and the model once, then turns groups of articles into their output folders.

A group's articles are read, checked and summarized one by one; their summaries and texts
are translated together, in one pass over shared batches per target language (sentences of
several articles share a batch, and a sentence that an earlier article of the group has is
translated once); each article is then evaluated and its folder published at once, exactly
as ``toolkit run`` writes it. An article that cannot be used is an :class:`Outcome` with
its reason, never an exception that stops the batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit.batch.inputs import Item, input_digest
from toolkit.errors import InputError, OutputError, ToolkitError
from toolkit.io import decode_text, limit_bytes, read_bytes, too_large
from toolkit.pipeline import (
    Article,
    RunOptions,
    RunReport,
    Translated,
    finish_article,
    prepare,
    summarize_article,
    translate_articles,
    write_article,
)
from toolkit.text import ensure_language

OK, FAILED = "ok", "failed"


@dataclass(frozen=True)
class Outcome:
    """What became of one article: one line of ``index.jsonl`` (:meth:`to_dict`)."""

    id: str | None
    source: str
    status: str
    settings: str
    """The digest of the settings it was made with (:func:`toolkit.batch.settings_digest`)."""
    reason: str = ""
    languages: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per target language: sentences, term outcomes per status, finding counts, and the
    segments left off target (in another language; kept and reported, never a failure)."""
    sentences: dict[str, int] = field(default_factory=dict)
    """Sentences ``translated`` now (``for_names`` of them a second time, to keep a name's
    rendering) and ``reused`` from the memory, all languages."""
    timings: dict[str, float] = field(default_factory=dict)
    input: str = ""
    """The digest of the input it was made from (:func:`~toolkit.batch.inputs.input_digest`):
    an article edited since is done again."""

    @property
    def label(self) -> str:
        return self.id if self.id is not None else self.source

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "source": self.source, "status": self.status}
        if self.reason:
            out["reason"] = self.reason
        if self.status == OK:
            out["languages"] = self.languages
            out["sentences"] = self.sentences
            out["input"] = self.input
        out["timings"] = self.timings
        out["settings"] = self.settings
        return out

    @classmethod
    def from_dict(cls, value: dict[str, Any]) -> Outcome:
        return cls(
            value["id"],
            value["source"],
            value["status"],
            value["settings"],
            value.get("reason", ""),
            value.get("languages", {}),
            value.get("sentences", {}),
            value.get("timings", {}),
            value.get("input", ""),
        )


class ArticleWorker:
    """Loads the glossary and the translation session once; :meth:`process` does groups."""

    def __init__(
        self,
        options: RunOptions,
        out_dir: str | Path,
        settings: str,
        on_sentences: Callable[[int], None] | None = None,
    ) -> None:
        self.options = options
        self.out_dir = Path(out_dir)
        self.settings = settings
        # The batch draws one progress bar for all articles: none per translation pass, whose
        # sentences go to ``on_sentences`` (the number just done), if given.
        self.glossary, self.session = prepare(replace(options, quiet=True))
        if self.session is not None and on_sentences is not None:
            self.session.progress = on_sentences

    def process(self, items: Sequence[Item]) -> list[Outcome]:
        """Every item's outcome, in order; each good article's folder is published."""
        outcomes: dict[int, Outcome] = {}
        ready: list[tuple[int, str, Article, str, dict[str, float]]] = []
        for k, item in enumerate(items):
            started = time.perf_counter()
            try:
                ident, article, digest = self._read(item)
            except InputError as exc:
                outcomes[k] = self._failed(item, exc, started)
                continue
            timings = {"prepare": time.perf_counter() - started}
            ready.append((k, ident, article, digest, timings))
        translations, seconds = self._translate([r[2] for r in ready])
        for (k, ident, article, digest, timings), mine, spent in zip(
            ready, translations, seconds, strict=True
        ):
            timings["translate"] = spent
            started = time.perf_counter() - sum(timings.values())
            try:
                outcomes[k] = self._finish(items[k], ident, article, digest, mine, timings)
            # A translation the evaluator cannot check; an article folder the toolkit may not
            # replace (a user's folder where its file was): that article fails, not the batch.
            except (InputError, OutputError) as exc:
                outcomes[k] = self._failed(items[k], exc, started)
        return [outcomes[k] for k in range(len(items))]

    # -- stages ------------------------------------------------------------------------------

    def _read(self, item: Item) -> tuple[str, Article, str]:
        """The article's id, the article (checked and summarized) and the digest of its
        input; ``InputError`` if bad."""
        if item.error is not None or item.id is None:
            raise InputError(item.error or f"{item.source}: no id")
        limit = limit_bytes(self.options.max_input_mb)
        if item.text is None:
            data, name = read_bytes(item.source, max_bytes=limit)
        else:
            name, data = item.source, item.read()
            if len(data) > limit:
                raise InputError(too_large(name, len(data), limit))
        raw = decode_text(data, name)
        ensure_language(raw, "fa", name)
        article = summarize_article(raw, name, self.glossary, self.options)
        return item.id, article, input_digest(data)

    def _translate(
        self, articles: list[Article]
    ) -> tuple[list[dict[str, Translated]], list[float]]:
        """Per article: its (translation, summary translation) per language, and the seconds
        of the shared passes, divided among the articles by their length."""
        out: list[dict[str, Translated]] = [{} for _ in articles]
        seconds = [0.0] * len(articles)
        if self.session is None or not articles:
            return out, seconds
        sizes = [len(a.text) + len(a.summary_text) for a in articles]
        for lang in self.options.targets:
            started = time.perf_counter()
            pairs = translate_articles(self.session, lang, articles)
            spent = time.perf_counter() - started
            for k, pair in enumerate(pairs):
                out[k][lang] = pair
                seconds[k] += spent * sizes[k] / max(sum(sizes), 1)
        return out, seconds

    def _finish(
        self,
        item: Item,
        ident: str,
        article: Article,
        digest: str,
        translations: dict[str, Translated],
        timings: dict[str, float],
    ) -> Outcome:
        started = time.perf_counter()
        report = finish_article(article, translations, self.glossary, self.options, self.session)
        timings["evaluate"] = time.perf_counter() - started
        started = time.perf_counter()
        # The folder may be there from a run stopped before its index line: replace it.
        write_article(self.out_dir / ident, report, replace(self.options, force=True))
        timings["write"] = time.perf_counter() - started
        timings["total"] = sum(timings.values())
        return Outcome(
            ident,
            item.source,
            OK,
            self.settings,
            languages=_languages(report),
            sentences=_sentences(report),
            timings={k: round(v, 3) for k, v in timings.items()},
            input=digest,
        )

    def _failed(self, item: Item, error: ToolkitError, started: float) -> Outcome:
        # Settings are named as they are spelt here (max_input_mb), not as a flag: the index
        # is read by people and scripts alike.
        reason = error.render(lambda name: name)
        if not reason.startswith(item.source):
            reason = f"{item.source}: {reason}"
        seconds = round(time.perf_counter() - started, 3)
        return Outcome(
            item.id, item.source, FAILED, self.settings, reason, timings={"total": seconds}
        )


def _languages(report: RunReport) -> dict[str, dict[str, Any]]:
    out = {}
    for r in report.languages:
        counts = r.evaluation.counts()
        out[r.language] = {
            "segments": r.sentences,
            "terms": r.article.term_counts(),
            "term_matched": r.evaluation.terms_matched,
            "term_total": r.evaluation.terms_total,
            "findings": {s: counts.get(s, 0) for s in ("error", "warning", "info")},
            "off_target": r.evaluation.off_target,
        }
    return out


def _sentences(report: RunReport) -> dict[str, int]:
    segments = [s for r in report.languages for tr in (r.summary, r.article) for s in tr.segments]
    reused = sum(s.cached for s in segments)
    approved = sum(s.approved is not None for s in segments)
    # A sentence naming someone the glossary lacks was translated twice (toolkit.translate.names).
    again = sum(r.retranslated for r in report.languages)
    out = {"translated": len(segments) - reused - approved + again, "reused": reused}
    out["for_names"] = again
    if approved:  # approved translations reused verbatim (issue 27)
        out["approved"] = approved
    return out
