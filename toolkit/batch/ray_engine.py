"""The Ray engine: the same per-article work (:class:`ArticleWorker`) on Ray Data, as an
actor pool in which each actor loads the glossary and the model once.

Ray is the optional extra ``toolkit[ray]``, imported only here. ``ray.init(address=...)``
joins an existing cluster (or ``RAY_ADDRESS``); without either, a local Ray instance starts.
Every actor reads its articles' files and writes their folders itself, so the input and the
output folder must be reachable under the same path on every node (a shared filesystem);
the driver alone writes ``index.jsonl``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from toolkit.batch.inputs import Item
from toolkit.batch.worker import ArticleWorker, Outcome
from toolkit.errors import MissingDependencyError, ToolkitError
from toolkit.pipeline import RunOptions


def _ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError:
        raise MissingDependencyError(
            "the ray engine needs Ray Data: pip install 'toolkit[ray]'"
        ) from None
    return ray


class RayWorker:
    """One actor: an :class:`ArticleWorker`, fed Ray Data batches of JSON-encoded items."""

    def __init__(self, options: RunOptions, out_dir: str, settings: str) -> None:
        self.args = (options, out_dir, settings)
        self.worker: ArticleWorker | None = None

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        # Made on the first batch, in the thread that Ray Data runs every batch of this actor
        # in (the translation memory's SQLite connection belongs to one thread).
        if self.worker is None:
            self.worker = ArticleWorker(*self.args)
        items = [Item.from_dict(json.loads(row)) for row in batch["item"]]
        outcomes = self.worker.process(items)
        return {"outcome": [json.dumps(o.to_dict(), ensure_ascii=False) for o in outcomes]}


def run_ray(
    groups: Sequence[Sequence[Item]],
    options: RunOptions,
    out_dir: Path,
    settings: str,
    workers: int,
    address: str | None = None,
    on_sentences: Callable[[int], None] | None = None,
) -> Iterator[list[Outcome]]:
    """Each group's outcomes, as Ray hands them back (the actors' sentences are not
    counted as they are done: ``on_sentences`` is not called)."""
    ray = _ray()
    if not ray.is_initialized():
        ray.init(
            address=address,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.WARNING,
        )
    # The batch draws its own progress bar: Ray Data's bars, and its logs of each execution
    # (set up when ray.data is imported), would interleave with it. Errors still show.
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    rows = [
        {"item": json.dumps(item.to_dict(), ensure_ascii=False)}
        for group in groups
        for item in group
    ]
    size = max(len(g) for g in groups)
    resources: dict[str, float] = {"num_cpus": _cpus_per_actor(ray, workers)}
    if options.device == "cuda":
        resources["num_gpus"] = 1
    dataset = ray.data.from_items(rows, override_num_blocks=len(groups)).map_batches(
        RayWorker,
        fn_constructor_kwargs={
            "options": options,
            "out_dir": str(out_dir.resolve()),
            "settings": settings,
        },
        batch_size=size,
        compute=ray.data.ActorPoolStrategy(size=workers),
        **resources,
    )
    try:
        for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
            yield [Outcome.from_dict(json.loads(row)) for row in batch["outcome"]]
    except Exception as exc:
        cause = _toolkit_error(exc)
        if cause is None:
            raise
        raise cause from None


def _toolkit_error(exc: BaseException) -> ToolkitError | None:
    """The toolkit error (a missing model, a failing backend) that an actor raised, from
    inside Ray's wrappers."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ToolkitError):
            return current
        seen.add(id(current))
        cause = getattr(current, "cause", None)
        current = cause if isinstance(cause, BaseException) else current.__cause__
    return None


def _cpus_per_actor(ray: Any, workers: int) -> float:
    """The cluster's CPUs shared among the actors, at most one node's worth (an actor runs
    on one node), at least one. Ray sets ``OMP_NUM_THREADS`` in the actor to this number,
    and the backends use that many threads."""
    nodes = [n.get("Resources", {}).get("CPU", 0) for n in ray.nodes() if n.get("Alive")]
    total = sum(nodes) or 1
    return max(1.0, min(max(nodes or [1]), total // workers))
