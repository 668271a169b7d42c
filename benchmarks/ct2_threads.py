"""What CTranslate2's threads do to one decoding call on this machine.

This times one call of ``translate_batch``, with a fixed number of decoding steps (greedy and
a beam of 4), for one sentence and for 8, in the same process and run: on one thread, on
every core as intra-op threads (``intra_threads``: the threads meet at every operation of
every step; the ct2 backend's setting until session 33), and as the ct2 backend spends them
now (``cpu_workers``: the batch split among workers of their own, ``inter_threads``). It
prints the milliseconds per call and per step, and the ratio of every core's intra-op threads
to one thread. The enforcement of a glossary makes many small calls, so what a step costs
beyond its work is what it pays on a machine where threads are expensive to wake (a small
virtual machine).

    .venv/bin/python benchmarks/ct2_threads.py          # the tiny model of tests/tiny_models.py
    .venv/bin/python benchmarks/ct2_threads.py --large  # and a 385M-parameter model: d_model
                                                        # 1024, 12+12 layers, 32,000 entries
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT

STEPS = 40
CALLS = 10


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def per_call_ms(
    path: Path,
    threads: int,
    beam: int,
    steps: int,
    calls: int,
    sentences: int = 1,
    workers: int = 1,
) -> float:
    """The least of ``calls`` timings of one call decoding ``steps`` steps for ``sentences``
    sentences (milliseconds), on ``workers`` workers of ``threads`` threads each, the batch
    split among them."""
    import ctranslate2

    translator = ctranslate2.Translator(
        str(path), device="cpu", compute_type="int8", intra_threads=threads, inter_threads=workers
    )
    source = [["▁a", "▁b", "▁c", "</s>", "pes_Arab"]] * sentences
    options: dict[str, Any] = {
        "beam_size": beam,
        "max_decoding_length": steps,
        "min_decoding_length": steps,
        "target_prefix": [["eng_Latn"]] * sentences,
        "max_batch_size": -(-sentences // workers),
    }
    translator.translate_batch(source, **options)  # warm-up
    best = float("inf")
    for _ in range(calls):
        started = time.perf_counter()
        translator.translate_batch(source, **options)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def converted(checkpoint: Path) -> Path:
    from toolkit.translate.backends.ct2 import convert_checkpoint

    return convert_checkpoint(checkpoint, str(checkpoint), "int8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--large", action="store_true", help="also a 385M-parameter model")
    parser.add_argument("--calls", type=int, default=CALLS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_models import build_tiny_nllb
    from translate_speed import NLLB_600M, build

    from toolkit.translate.backends.ct2 import cpu_workers

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    many = cores()
    workers, per_worker = cpu_workers(many)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TOOLKIT_HOME"] = str(Path(tmp) / "home")
        models = [("tiny", build_tiny_nllb(Path(tmp) / "tiny"))]
        if args.large:
            build(Path(tmp) / "large", NLLB_600M, 32000)
            models.append(("385M", Path(tmp) / "large"))
        print(
            f"{many} cores; {STEPS} decoding steps a call; least of {args.calls}; "
            f"the backend's split: {workers} workers of {per_worker} threads"
        )
        print(
            f"{'model':<6} {'search':<7} {'sents':>5} {'1 thread ms':>11} "
            f"{f'{many} threads ms':>13} {'split ms':>9} {'ratio':>7} {'ms/step 1':>9} "
            f"{f'ms/step {many}':>10}"
        )
        for name, checkpoint in models:
            path = converted(checkpoint)
            for sentences in (1, 8):
                for beam, label in ((1, "greedy"), (4, "beam 4")):
                    run = (path, beam, STEPS, args.calls, sentences)
                    one = per_call_ms(path, 1, *run[1:])
                    all_ = per_call_ms(path, many, *run[1:])
                    split = per_call_ms(path, per_worker, *run[1:], workers=workers)
                    print(
                        f"{name:<6} {label:<7} {sentences:>5} {one:>11.1f} {all_:>13.1f} "
                        f"{split:>9.1f} {all_ / one:>6.1f}x {one / STEPS:>9.2f} "
                        f"{all_ / STEPS:>10.2f}"
                    )


if __name__ == "__main__":
    main()
