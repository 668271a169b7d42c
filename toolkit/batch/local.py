"""The local engine: groups of articles on this machine, in this process (one worker) or in
worker processes, each of which loads the glossary and the model once."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from pathlib import Path

from toolkit.batch.inputs import Item
from toolkit.batch.worker import ArticleWorker, Outcome
from toolkit.pipeline import RunOptions


def run_local(
    groups: Sequence[Sequence[Item]],
    options: RunOptions,
    out_dir: Path,
    settings: str,
    workers: int,
    address: str | None = None,
) -> Iterator[list[Outcome]]:
    """Each group's outcomes, as the groups are done."""
    if workers == 1:
        worker = ArticleWorker(options, out_dir, settings)
        for group in groups:
            yield worker.process(group)
        return
    threads = max(1, _cpu_count() // workers)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        # spawn: a fresh interpreter per worker (forking a process that has loaded a model
        # and its threads is unsafe)
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(threads,),
    )
    try:
        pending: set[Future[list[Outcome]]] = set()
        queue = list(groups)
        while queue or pending:
            # Two groups in flight per worker: none waits, and a stop loses little.
            while queue and len(pending) < 2 * workers:
                pending.add(pool.submit(_process, options, str(out_dir), settings, queue.pop(0)))
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


_WORKER: ArticleWorker | None = None
"""This worker process's worker, made on its first group (so that an error loading the
model reaches the caller as itself, not as a broken pool)."""


def _start_worker(threads: int) -> None:
    # The cores are shared among the workers: the backends read this when they load.
    os.environ["OMP_NUM_THREADS"] = str(threads)


def _process(
    options: RunOptions, out_dir: str, settings: str, group: Sequence[Item]
) -> list[Outcome]:
    global _WORKER
    if _WORKER is None:
        _WORKER = ArticleWorker(options, out_dir, settings)
    return _WORKER.process(group)
