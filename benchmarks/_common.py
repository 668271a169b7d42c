"""Shared helpers for the benchmarks: timing, peak memory and a reproducible Persian corpus."""

from __future__ import annotations

import random
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "mehr-iran-russia-ict.fa.txt"
ARTICLES = sorted((ROOT / "evaluation" / "summarization" / "articles").glob("*.fa.txt"))


def persian_corpus(size_bytes: int, seed: int = 7) -> str:
    """About ``size_bytes`` of Persian news text: the seed and the evaluation articles,
    lines shuffled, so that the text is realistic but not one paragraph repeated."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for path in ARTICLES:
        lines += [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < size_bytes:
        line = rng.choice(lines)
        out.append(line)
        size += len(line.encode("utf-8")) + 1
    return "\n".join(out) + "\n"


def best_of(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """The best wall time of ``repeat`` runs, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
