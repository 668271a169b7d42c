"""Whether a beam search gives the same hypotheses alone and in a batch.

For sentences of the seed and the evaluation articles, each with its own token budget (the
engine's: twice its length plus 10, within the model's limit), an n-best search of 4 is run
three ways on one model and backend:

* **alone**: ``Backend.generate`` with one sentence a call;
* **generate**: ``Backend.generate`` with all of them in one call, as the engine asks now
  (each search stops at a length set by its own request; only searches of one such length
  share a decoding call);
* **one decoding call**: all of them in one call of the backend's decoder with their own
  budgets, which decodes the call up to its longest budget: how batches were decoded
  before the length rule.

It prints, for each way, the seconds and the number of sentences whose hypotheses (texts,
or scores to 5 decimals) differ from alone.

    .venv/bin/python benchmarks/beam_batches.py --model PATH [--backend ct2|hf] [--lang en]
    .venv/bin/python benchmarks/beam_batches.py --tiny      # the tiny model of tests/tiny_models.py
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ARTICLES, ROOT, SEED


def sentences(backend: Any, n: int) -> list[str]:
    from toolkit.text import segment

    out = []
    for path in [SEED, *ARTICLES]:
        for seg in segment(path.read_text(encoding="utf-8"), "fa"):
            if 3 <= len(seg.text.split()) <= 60 and backend.count_tokens([seg.text])[0] <= 100:
                out.append(seg.text)
            if len(out) == n:
                return out
    return out


def key(hyps: list[Any]) -> list[tuple[str, float]]:
    return [(h.text, round(h.score, 5)) for h in hyps]


def one_decoding_call(backend: Any, sources: list[str], budgets: list[int], lang: str) -> Any:
    """The hypotheses of one call of the backend's decoder for every source with its own
    budget, cut to it and scored as ``Backend.generate`` does."""
    from toolkit.translate.backends.base import DecodeOptions, DecodeRequest

    codec = backend.codec
    forced = codec.forced_ids(lang)
    ids = backend._checked_sources(sources, "fa", lang)
    requests = [
        DecodeRequest(tuple(i), tuple(forced), b) for i, b in zip(ids, budgets, strict=True)
    ]
    options = DecodeOptions(4, 4, False, 1.0, 0, 0)
    decoded = backend._generate_batch(requests, options)
    flat = []
    for k, outs in enumerate(decoded):
        for out in outs:
            gen = out.ids[: budgets[k]]
            flat.append((k, gen, out.finished and len(out.ids) <= budgets[k]))
    scores = backend._average_logprobs(
        [ids[k] for k, _, _ in flat], [g for _, g, _ in flat], forced, [f for _, _, f in flat]
    )
    from toolkit.translate.backends.base import Hypothesis

    results: list[list[Any]] = [[] for _ in sources]
    for (k, gen, fin), score in zip(flat, scores, strict=True):
        text = codec.text(gen, None, 0)
        results[k].append(Hypothesis(text, score, tuple(codec.tokens(gen)), fin))
    for r in results:
        r.sort(key=lambda h: h.score if not math.isnan(h.score) else -math.inf, reverse=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--tiny", action="store_true", help="build and use the tiny model")
    parser.add_argument("--backend", default="ct2", choices=["ct2", "hf"])
    parser.add_argument("--lang", default="en")
    parser.add_argument("--sentences", type=int, default=40)
    args = parser.parse_args()
    if not args.tiny and args.model is None:
        parser.error("give --model PATH or --tiny")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT / "tests"))
    from toolkit.translate.backends import load_backend

    with tempfile.TemporaryDirectory() as tmp:
        model = args.model
        if args.tiny:
            from tiny_models import build_tiny_nllb

            os.environ["TOOLKIT_HOME"] = str(Path(tmp) / "home")
            model = build_tiny_nllb(Path(tmp) / "tiny")
        backend = load_backend(str(model), args.backend)
        sources = sentences(backend, args.sentences)
        room = backend._max_target_positions - 1 - len(backend.codec.forced_ids(args.lang))
        budgets = [min(2 * n + 10, room) for n in backend.count_tokens(sources)]
        options: dict[str, Any] = {"beam_size": 4, "num_hypotheses": 4}
        started = time.perf_counter()
        alone = [
            backend.generate([s], "fa", args.lang, max_new_tokens=[b], **options)[0]
            for s, b in zip(sources, budgets, strict=True)
        ]
        rows = [("alone", time.perf_counter() - started, alone)]
        started = time.perf_counter()
        together = backend.generate(sources, "fa", args.lang, max_new_tokens=budgets, **options)
        rows.append(("generate", time.perf_counter() - started, together))
        started = time.perf_counter()
        single = one_decoding_call(backend, sources, budgets, args.lang)
        rows.append(("one decoding call", time.perf_counter() - started, single))
    print(
        f"{Path(str(model)).name} on {args.backend} into {args.lang}: {len(sources)} "
        f"sentences, {len(set(budgets))} distinct budgets, n-best of 4"
    )
    print(f"{'way':<18} {'seconds':>8} {'differ from alone':>18}")
    for name, seconds, result in rows:
        differ = sum(key(a) != key(b) for a, b in zip(alone, result, strict=True))
        print(f"{name:<18} {seconds:>8.2f} {differ:>12} of {len(sources)}")


if __name__ == "__main__":
    main()
