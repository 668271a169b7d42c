"""Corpus mode (``toolkit batch``): many articles, each written as ``toolkit run`` writes one.

The input is a folder of ``.txt`` articles or a JSONL file (``{"id", "text"}`` a line). Each
good article gets ``DIR/<id>/`` with the files of ``toolkit run``; ``DIR/index.jsonl`` gets one
line per article (status, term outcomes, finding counts, timings); ``DIR/report.html`` links
them all. The model and glossary are loaded once per worker, articles are translated in
groups whose sentences share batches, and one translation memory serves them all. A stopped
batch goes on where it stopped; a bad article is recorded as failed and the batch goes on.

Engines (:data:`ENGINES`): ``local`` (this process, or worker processes) and ``ray`` (an
actor pool on Ray Data, the ``toolkit[ray]`` extra). Both run :class:`ArticleWorker`, so their
files are the same.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from toolkit import __version__
from toolkit.batch.index import OVERVIEW, Index, models_built_for_tests, render_overview
from toolkit.batch.inputs import Item, read_items
from toolkit.batch.worker import OK, ArticleWorker, Outcome
from toolkit.errors import ConfigError
from toolkit.io import limit_bytes, write_text_atomic
from toolkit.pipeline import RunOptions
from toolkit.registry import resolve

ENGINES = {
    "local": "toolkit.batch.local:run_local",
    "ray": "toolkit.batch.ray_engine:run_ray",
}
"""Engine name → ``"module:function"``, imported on first use."""

GROUP_SIZE = 8
"""Articles translated together, in one pass over shared batches, by one worker."""

_NOT_SETTINGS = ("force", "quiet", "out")
"""Options that change nothing in an article's files (``out`` is ``DIR/<id>``)."""

Engine = Callable[
    [
        Sequence[Sequence[Item]],
        RunOptions,
        Path,
        str,
        int,
        "str | None",
        "Callable[[int], None] | None",
    ],
    Iterator[list[Outcome]],
]
"""``(groups, options, out_dir, settings, workers, address, on_sentences)`` → each group's
outcomes as they are done (in any order); ``on_sentences``, where the engine can, is given
the number of sentences each translation batch has just done (so that progress moves while
a group is translated)."""


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch; ``run`` holds the per-article options of ``toolkit run``."""

    run: RunOptions
    engine: str = "local"
    workers: int = 1
    group_size: int = GROUP_SIZE
    address: str | None = None
    """The Ray cluster to join (``ray.init(address=...)``); None: ``RAY_ADDRESS``, else a
    local Ray instance. Only for the ``ray`` engine."""


@dataclass(frozen=True)
class Failure:
    """An article that failed: its id (or ``FILE.jsonl:LINE``) and why."""

    label: str
    reason: str


@dataclass(frozen=True)
class BatchResult:
    out_dir: Path
    articles: int
    done: int
    failed: tuple[Failure, ...]
    """The articles that failed, in input order."""
    skipped: int
    """Articles done by an earlier run with the same settings, not done again."""
    translated: int
    reused: int
    seconds: float

    def to_dict(self) -> dict[str, object]:
        return {
            "out_dir": str(self.out_dir),
            "articles": self.articles,
            "done": self.done,
            "failed": len(self.failed),
            "failed_ids": [f.label for f in self.failed],
            "skipped": self.skipped,
            "sentences": {"translated": self.translated, "reused": self.reused},
            "seconds": round(self.seconds, 3),
        }


def settings_digest(options: RunOptions, glossary_hash: str | None) -> str:
    """What an article's files depend on besides its text: a resumed batch redoes an article
    made with other settings."""
    settings = {k: v for k, v in options.to_dict().items() if k not in _NOT_SETTINGS}
    payload = json.dumps(
        {"toolkit": __version__, "options": settings, "glossary": glossary_hash}, sort_keys=True
    )
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def run_batch(
    source: str | Path,
    out_dir: str | Path,
    options: BatchOptions,
    on_outcome: Callable[[Outcome], None] = lambda _: None,
    on_start: Callable[[int, int], None] = lambda todo, skipped: None,
    on_sentences: Callable[[int], None] | None = None,
) -> BatchResult:
    """Run every article of ``source`` (a folder of ``.txt`` files or a JSONL file) into
    ``out_dir``. ``on_start(todo, skipped)`` is called once the work is known,
    ``on_outcome`` once per article, after its index line is on disk, and ``on_sentences``
    with the number of sentences each translation batch has just done (local engine)."""
    from toolkit.translate.factory import TranslatorSpec, check_model
    from toolkit.translate.session import resolve_glossary

    started = time.perf_counter()
    if options.workers < 1 or options.group_size < 1:
        raise ConfigError("{option:workers} and {option:group_size} must be at least 1")
    engine: Engine = resolve(ENGINES, options.engine, "engine")
    run = replace(options.run, out=None)
    # Checked here, before any worker starts: a bad glossary or a missing model stops the
    # batch at once (exit codes 4 and 5), not once per article.
    glossary = resolve_glossary(run.glossary, run.no_glossary)
    if not run.summary_only:
        spec = TranslatorSpec(
            run.model,
            "",
            backend=run.backend,
            pivot_model=run.pivot_model,
            settings=run.server_settings(),
        )
        check_model(spec, "model")
    settings = settings_digest(run, glossary.hash if glossary else None)
    items = read_items(source, limit_bytes(run.max_input_mb))
    out = Path(out_dir)
    index = Index(out, settings, items, run.force)
    todo = [item for item in items if item.id not in index.done]
    on_start(len(todo), len(items) - len(todo))
    groups = [todo[k : k + options.group_size] for k in range(0, len(todo), options.group_size)]
    try:
        if todo:
            work = engine(
                groups, run, out, settings, options.workers, options.address, on_sentences
            )
            for outcomes in work:
                for outcome in outcomes:
                    index.append(outcome)
                    on_outcome(outcome)
    finally:
        index.close()
        _write_overview(out, index.written, items, run)
    return _result(out, items, index.written, set(index.done), started)


def _write_overview(
    out: Path, outcomes: Sequence[Outcome], items: Sequence[Item], options: RunOptions
) -> None:
    order = {item.label: k for k, item in enumerate(items)}
    ordered = sorted(outcomes, key=lambda o: order.get(o.label, len(order)))
    targets = () if options.summary_only else options.targets
    title = f"Batch report: {out.name}"
    models = models_built_for_tests(out, ordered) if targets else []
    write_text_atomic(out / OVERVIEW, render_overview(ordered, targets, title, models))


def _result(
    out: Path,
    items: Sequence[Item],
    outcomes: Sequence[Outcome],
    skipped: set[str],
    started: float,
) -> BatchResult:
    by_label = {o.label: o for o in outcomes}
    ordered = [by_label[item.label] for item in items if item.label in by_label]
    ok = [o for o in ordered if o.status == OK]
    fresh = [o for o in ok if o.id not in skipped]  # the skipped were counted in their run
    return BatchResult(
        out,
        len(items),
        len(ok),
        tuple(Failure(o.label, o.reason) for o in ordered if o.status != OK),
        len(skipped),
        sum(o.sentences.get("translated", 0) for o in fresh),
        sum(o.sentences.get("reused", 0) for o in fresh),
        time.perf_counter() - started,
    )


__all__ = [
    "ENGINES",
    "ArticleWorker",
    "BatchOptions",
    "BatchResult",
    "Failure",
    "Item",
    "Outcome",
    "read_items",
    "run_batch",
    "settings_digest",
]
