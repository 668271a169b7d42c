"""Shared helpers for the benchmarks: timing, peak memory and a reproducible Persian corpus."""

from __future__ import annotations

import random
import resource
import shutil
import subprocess
import threading
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


def gpu_memory_used_mb() -> float | None:
    """Memory in use on the first GPU (MB), as ``nvidia-smi`` reports it; None without one."""
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return None
    try:
        out = subprocess.run(
            [smi, "--query-gpu=memory.used", "--format=csv,noheader,nounits", "--id=0"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return float(out.stdout.split()[0])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


class GpuMemory:
    """The peak memory in use on the first GPU while the ``with`` block runs, above what was in
    use when it started (``peak_mb``; None when off or without ``nvidia-smi``). Sampled every
    ``interval`` seconds, so it sees what any process uses (CTranslate2's allocator included),
    CUDA contexts too."""

    def __init__(self, enabled: bool = True, interval: float = 0.1) -> None:
        self.enabled = enabled
        self.interval = interval
        self.peak_mb: float | None = None
        self._start: float | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> GpuMemory:
        self._start = gpu_memory_used_mb() if self.enabled else None
        if self._start is not None:
            self.peak_mb = 0.0
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.is_set():
            self._record()
            self._stop.wait(self.interval)

    def _record(self) -> None:
        used = gpu_memory_used_mb()
        if used is not None and self._start is not None and self.peak_mb is not None:
            self.peak_mb = max(self.peak_mb, used - self._start)

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
