"""What CTranslate2's intra-op threads do to one decoding call on this machine.

The ct2 backend gives CTranslate2 every core the process may use (``OMP_NUM_THREADS`` where
set). This times one call of ``translate_batch`` for one sentence, with a fixed number of
decoding steps (greedy and a beam of 4), with one thread against every core, in the same
process and run, and prints the milliseconds per call and per step and their ratio. The
enforcement of a glossary makes many such small calls, so what a step costs beyond its work
is what it pays on a machine where threads are expensive to wake (a small virtual machine).

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

from _common import ROOT

STEPS = 40
CALLS = 10


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def per_call_ms(path: Path, threads: int, beam: int, steps: int, calls: int) -> float:
    """The least of ``calls`` timings of one call decoding ``steps`` steps (milliseconds)."""
    import ctranslate2

    translator = ctranslate2.Translator(
        str(path), device="cpu", compute_type="int8", intra_threads=threads, inter_threads=1
    )
    source = [["▁a", "▁b", "▁c", "</s>", "pes_Arab"]]
    options = {
        "beam_size": beam,
        "max_decoding_length": steps,
        "min_decoding_length": steps,
        "target_prefix": [["eng_Latn"]],
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

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    many = cores()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TOOLKIT_HOME"] = str(Path(tmp) / "home")
        models = [("tiny", build_tiny_nllb(Path(tmp) / "tiny"))]
        if args.large:
            build(Path(tmp) / "large", NLLB_600M, 32000)
            models.append(("385M", Path(tmp) / "large"))
        print(f"{many} cores; {STEPS} decoding steps a call, one sentence; least of {args.calls}")
        print(
            f"{'model':<6} {'search':<7} {'1 thread ms':>11} {f'{many} threads ms':>13} "
            f"{'ratio':>7} {'ms/step 1':>9} {f'ms/step {many}':>10}"
        )
        for name, checkpoint in models:
            path = converted(checkpoint)
            for beam, label in ((1, "greedy"), (4, "beam 4")):
                one = per_call_ms(path, 1, beam, STEPS, args.calls)
                all_ = per_call_ms(path, many, beam, STEPS, args.calls)
                print(
                    f"{name:<6} {label:<7} {one:>11.1f} {all_:>13.1f} {all_ / one:>6.1f}x "
                    f"{one / STEPS:>9.2f} {all_ / STEPS:>10.2f}"
                )


if __name__ == "__main__":
    main()
