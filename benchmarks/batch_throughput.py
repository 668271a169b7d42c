"""Corpus throughput: `toolkit batch` against a shell-style loop of `toolkit run`.

An NLLB-200-distilled-600M-sized model with random weights (built as in
``translate_speed.py``; ``--quick``: d_model 512, 6+6 layers) translates short Persian
articles (``--articles``, default 24, each three sentences of the repository's articles and
the same agency line at the end) into English (``--to``), through the whole pipeline
(summary, translation under the glossary, evaluation, files). Four rows, each in fresh
processes with an empty translation memory of its own, model loading included:

1. a shell-style loop: ``python -m toolkit run ARTICLE`` once per article (a new process, the
   model and glossary loaded again each time; one memory for the loop, as a loop over the
   default memory would have);
2. ``toolkit batch --engine local`` (one worker);
3. ``toolkit batch --engine ray --workers 1``; 4. ``--workers 2`` (a local Ray instance
   started by the command, its start-up included).

Rates: articles per minute, and source tokens per second (the articles' tokens, as the
model's tokenizer counts them: what "an archive of N articles of about 1,000 tokens" counts).
Random weights make the model's output noise: its length is the engine's budget (about twice
the source), and it is often degenerate, so the engine's retries run as they would for a
model that fails; the same work in every row.

``--device cuda`` runs every row on the GPU (CTranslate2 float16, the toolkit's default
there) and adds each row's peak GPU memory (in use while the row runs, above what was in use
before it; sampled with ``nvidia-smi``).

    .venv/bin/python benchmarks/batch_throughput.py [--quick] [--articles N] [--keep DIR]
    .venv/bin/python benchmarks/batch_throughput.py --device cuda --rows loop,local
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ARTICLES, SEED, GpuMemory
from translate_speed import NLLB_600M, QUICK, build

BOILERPLATE = "این خبر را خبرگزاری مهر منتشر کرده است."
ROWS = {
    "loop": "shell loop: toolkit run per article",
    "local": "toolkit batch --engine local",
    "ray1": "toolkit batch --engine ray --workers 1",
    "ray2": "toolkit batch --engine ray --workers 2",
}


def make_articles(folder: Path, n: int) -> list[str]:
    """``n`` articles of three sentences (8-30 words) each and the boilerplate line."""
    from toolkit.text import segment

    sentences = []
    for path in [SEED, *ARTICLES]:
        for seg in segment(path.read_text(encoding="utf-8"), "fa"):
            if 8 <= len(seg.text.split()) <= 30:
                sentences.append(seg.text)
    if len(sentences) < 3 * n:
        raise SystemExit(f"only {len(sentences)} sentences: at most {len(sentences) // 3} articles")
    folder.mkdir(parents=True, exist_ok=True)
    texts = []
    for k in range(n):
        text = "\n".join([*sentences[3 * k : 3 * k + 3], BOILERPLATE]) + "\n"
        (folder / f"article{k:03d}.fa.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def source_tokens(model: Path, texts: list[str]) -> int:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model, src_lang="pes_Arab")
    lines = [line for t in texts for line in t.splitlines() if line.strip()]
    return sum(len(ids) for ids in tokenizer(lines)["input_ids"])


def timed(commands: list[list[str]], env: dict[str, str], log: Path) -> float:
    """Wall time of running ``commands`` one after another. Exit codes 3 (a ``toolkit run``
    of the loop row) and 8 (a batch) are accepted besides 0: an article whose translation the
    evaluator refuses was still translated."""
    started = time.perf_counter()
    with open(log, "a", encoding="utf-8") as fh:
        for command in commands:
            code = subprocess.run(command, env=env, stdout=fh, stderr=fh, check=False).returncode
            if code not in (0, 3, 8):
                raise SystemExit(f"{' '.join(command)} exited {code}; see {log}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a d512 6+6-layer model")
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--to", default="en", choices=["en", "ru"])
    parser.add_argument("--vocab", type=int, default=32000)
    parser.add_argument(
        "--glossary",
        action="store_true",
        help="enforce the domain glossary (on random weights every term is forced: slow)",
    )
    parser.add_argument("--keep", type=Path, default=None, help="build the model here (reused)")
    parser.add_argument("--rows", default=",".join(ROWS), help="which rows (comma-separated)")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="toolkit-batch-bench-"))
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env.setdefault("TOOLKIT_HOME", str(tmp / "home"))
    os.environ.update(env)
    try:
        model = args.keep or tmp / "model"
        dims = QUICK if args.quick else NLLB_600M
        if not (model / "config.json").is_file():
            info = build(model, dims, args.vocab)
            print(
                f"built a random-weight NLLB-style model: {info['params'] / 1e6:.0f}M "
                f"parameters, {dims}, in {info['build_s']:.0f} s",
                file=sys.stderr,
            )
        from toolkit.translate.backends.ct2 import DEFAULT_COMPUTE_TYPE, convert_checkpoint

        # once, before any row
        convert_checkpoint(model, str(model), DEFAULT_COMPUTE_TYPE[args.device])
        texts = make_articles(tmp / "in", args.articles)
        tokens = source_tokens(model, texts)
        toolkit = [sys.executable, "-m", "toolkit"]
        common = ["--model", str(model), "--to", args.to, "--device", args.device, "--quiet"]
        if not args.glossary:
            common.append("--no-glossary")
        print(
            f"{args.articles} articles, {tokens} source tokens, → {args.to}; "
            f"{'quick' if args.quick else 'NLLB-600M'} size; {os.cpu_count()} CPUs; "
            f"device {args.device}",
            file=sys.stderr,
        )
        results = []
        for name in args.rows.split(","):
            label = ROWS[name]
            memory, out = tmp / f"{name}.sqlite3", tmp / f"out-{name}"
            options = [*common, "--cache-path", str(memory)]
            if name == "loop":
                commands = [
                    [*toolkit, "run", str(p), *options, "--out", str(out / p.name.split(".")[0])]
                    for p in sorted((tmp / "in").glob("*.txt"))
                ]
            else:
                engine = ["--engine", "ray", "--workers", name[-1]] if name != "local" else []
                commands = [
                    [*toolkit, "batch", str(tmp / "in"), "--out", str(out), *options, *engine]
                ]
            with GpuMemory(args.device == "cuda") as gpu:
                seconds = timed(commands, env, tmp / f"{name}.log")
            written = len(list(out.glob("*/report.json")))
            results.append((label, seconds, written, gpu.peak_mb))
            print(f"  {label}: {seconds:.1f} s, {written} articles written", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    # Ratios are against the first row run: (1) unless --rows leaves it out.
    base = args.articles / results[0][1]
    gpu_column = args.device == "cuda"
    head = f"{'path':<42} {'seconds':>8} {'articles/min':>13} {'tokens/s':>9} {'vs (1)':>7}"
    print(head + (f" {'peak GPU':>9}" if gpu_column else ""))
    for label, seconds, _, peak in results:
        rate = args.articles / seconds
        line = (
            f"{label:<42} {seconds:>8.1f} {60 * rate:>13.1f} {tokens / seconds:>9.1f} "
            f"{rate / base:>6.1f}x"
        )
        if gpu_column:
            line += f" {peak:>6.0f} MB" if peak is not None else f" {'n/a':>9}"
        print(line)


if __name__ == "__main__":
    main()
