"""The ray engine (Ray Data, an actor pool) writes the files the local engine writes.

Skipped without Ray: it is the optional extra `toolkit[ray]` (`pip install 'toolkit[ray]'`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_corpus import (
    article_files,
    articles,
    fast_options,
    index_without_timings,
    write_corpus,
)

from toolkit.batch import BatchOptions, run_batch

ray = pytest.importorskip(
    "ray.data", reason="Ray Data is not installed (the optional extra toolkit[ray])"
)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """A local Ray instance of two CPUs, for this module."""
    import ray as ray_core

    ray_core.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray_core.shutdown()


def test_ray_engine_writes_the_same_files_as_the_local_engine(
    local_ray: None, tiny_nllb: Path, glossary_file: Path, tmp_path: Path
) -> None:
    corpus = write_corpus(tmp_path / "in", articles(3))
    memory = tmp_path / "tm.sqlite3"
    run = fast_options(tiny_nllb, glossary_file, memory)
    results = {}
    for engine, workers in (("local", 1), ("ray", 2)):
        for leftover in tmp_path.glob("tm.sqlite3*"):  # each engine starts from no memory
            leftover.unlink()
        options = BatchOptions(run, engine=engine, workers=workers, group_size=2)
        results[engine] = run_batch(corpus, tmp_path / engine, options)
    assert results["ray"].done == results["local"].done == 3
    assert len(results["ray"].failed) == len(results["local"].failed) == 3
    local, remote = article_files(tmp_path / "local"), article_files(tmp_path / "ray")
    assert len(local) == 3 * 6
    assert remote == local
    assert index_without_timings(tmp_path / "ray") == index_without_timings(tmp_path / "local")
