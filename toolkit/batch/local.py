"""The local engine: groups of articles on this machine, in this process (one worker) or in
worker processes, each of which loads the glossary and the model once."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from multiprocessing.queues import SimpleQueue
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
    on_sentences: Callable[[int], None] | None = None,
) -> Iterator[list[Outcome]]:
    """Each group's outcomes, as the groups are done; ``on_sentences`` is given the number
    of sentences each translation batch has just done, in any worker, as they are done."""
    if workers == 1:
        worker = ArticleWorker(options, out_dir, settings, on_sentences)
        for group in groups:
            yield worker.process(group)
        return
    threads = max(1, _cpu_count() // workers)
    # spawn: a fresh interpreter per worker (forking a process that has loaded a model and
    # its threads is unsafe)
    context = get_context("spawn")
    ticks: SimpleQueue[int] | None = context.SimpleQueue() if on_sentences else None
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(threads, ticks),
    )
    try:
        pending: set[Future[list[Outcome]]] = set()
        queue = list(groups)
        while queue or pending:
            # Two groups in flight per worker: none waits, and a stop loses little.
            while queue and len(pending) < 2 * workers:
                pending.add(pool.submit(_process, options, str(out_dir), settings, queue.pop(0)))
            poll = _POLL_SECONDS if ticks is not None else None
            done, pending = wait(pending, timeout=poll, return_when=FIRST_COMPLETED)
            _drain(ticks, on_sentences)
            for future in done:
                yield future.result()
        _drain(ticks, on_sentences)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_POLL_SECONDS = 0.25
"""How often the workers' sentence counts are passed on while their groups are in flight."""


def _drain(ticks: SimpleQueue[int] | None, on_sentences: Callable[[int], None] | None) -> None:
    if ticks is None or on_sentences is None:
        return
    done = 0
    while not ticks.empty():
        done += ticks.get()
    if done:
        on_sentences(done)


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


_WORKER: ArticleWorker | None = None
"""This worker process's worker, made on its first group (so that an error loading the
model reaches the caller as itself, not as a broken pool)."""
_TICKS: SimpleQueue[int] | None = None
"""Where this worker process puts the number of sentences each batch has done."""


def _start_worker(threads: int, ticks: SimpleQueue[int] | None) -> None:
    global _TICKS
    # The cores are shared among the workers: the backends read this when they load.
    os.environ["OMP_NUM_THREADS"] = str(threads)
    _TICKS = ticks


def _process(
    options: RunOptions, out_dir: str, settings: str, group: Sequence[Item]
) -> list[Outcome]:
    global _WORKER
    if _WORKER is None:
        _WORKER = ArticleWorker(options, out_dir, settings, _TICKS.put if _TICKS else None)
    return _WORKER.process(group)
