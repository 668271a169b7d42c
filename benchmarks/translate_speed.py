"""Translation speed on an NLLB-600M-sized model with random weights (nothing is downloaded).

The model has NLLB-200-distilled-600M's dimensions (d_model 1024, 12+12 layers, 16 heads,
FFN 4096) but a 32,000-entry vocabulary instead of 256,206 to save memory and build time
(``--vocab`` changes it). Its tokenizer is a real ``NllbTokenizer`` over a sentencepiece
model trained on the repository's Persian articles, so source lengths are realistic.

16 Persian sentences are translated fa→en with greedy search and a fixed output length
(minimum = maximum = 32 new tokens, so every path generates the same number of tokens):

1. transformers, one sentence at a time (``model.generate``)
2. transformers, one batch of 16 (``model.generate``)
3. the toolkit's default path: ``load_backend(model, "ct2")`` (CTranslate2 int8), batched,
   greedy, tokenization included: exactly the engine's first pass, which every sentence
   gets. For reference, the same with every hypothesis rescored by teacher forcing, and the
   n-best pass (beam 4, 4 hypotheses) that the engine adds only for sentences whose first
   hypothesis misses a glossary term.

Each measurement runs in a fresh process, so its peak RSS (``VmHWM``) covers loading that
model and running it, nothing else.

On a GPU (``--device cuda``) transformers runs in float16 and CTranslate2 in each of
``--compute-types`` (default float16 and int8_float16); ``--batch-sizes`` sets the sentences
per model call (default: all of them in one), and a peak GPU memory column is added (the
device's memory in use while the measurement runs, above what was in use before it, CUDA
context included; sampled with ``nvidia-smi``). ``--phases`` picks the measurements.

    .venv/bin/python benchmarks/translate_speed.py [--quick] [--keep DIR]
    .venv/bin/python benchmarks/translate_speed.py --device cuda --batch-sizes 16,64 --sentences 64
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _common import ARTICLES, ROOT, SEED, GpuMemory, peak_rss_mb

NLLB_600M = {
    "d_model": 1024,
    "encoder_layers": 12,
    "decoder_layers": 12,
    "encoder_attention_heads": 16,
    "decoder_attention_heads": 16,
    "encoder_ffn_dim": 4096,
    "decoder_ffn_dim": 4096,
}
QUICK = {
    "d_model": 512,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 8,
    "decoder_attention_heads": 8,
    "encoder_ffn_dim": 2048,
    "decoder_ffn_dim": 2048,
}
CODES = ["pes_Arab", "eng_Latn", "rus_Cyrl"]


def sentences(n: int) -> list[str]:
    from toolkit.text import segment

    out: list[str] = []
    for path in [SEED, *ARTICLES]:
        for seg in segment(path.read_text(encoding="utf-8"), "fa"):
            words = len(seg.text.split())
            if 8 <= words <= 40:
                out.append(seg.text)
            if len(out) == n:
                return out
    # more asked than the articles hold (large GPU batches): the same sentences again
    return [out[i % len(out)] for i in range(n)] if out else out


def build(directory: Path, dims: dict[str, int], vocab: int) -> dict[str, Any]:
    """Write a random-weight NLLB-style checkpoint with ``dims`` and ``vocab`` entries."""
    import sentencepiece as spm
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    started = time.perf_counter()
    corpus = []
    for path in [SEED, *ARTICLES, *sorted((ROOT / "evaluation" / "references").glob("*.txt"))]:
        corpus += [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus),
        model_writer=buf,
        vocab_size=8000,
        model_type="bpe",
        character_coverage=1.0,
        bos_id=0,
        pad_id=1,
        eos_id=2,
        unk_id=3,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "sentencepiece.bpe.model").write_bytes(buf.getvalue())
    tokenizer = NllbTokenizer.from_pretrained(directory, additional_special_tokens=CODES)
    if len(tokenizer) > vocab:
        raise SystemExit(f"--vocab must be at least {len(tokenizer)}")
    # fill the vocabulary up to its nominal size: the output layer's cost depends on it
    tokenizer.add_tokens([f"<extra_{i}>" for i in range(vocab - len(tokenizer))])
    tokenizer.save_pretrained(directory)
    torch.manual_seed(0)
    config = M2M100Config(
        vocab_size=len(tokenizer),
        max_position_embeddings=1024,
        scale_embedding=True,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        **dims,
    )
    model = M2M100ForConditionalGeneration(config).eval()
    params = sum(p.numel() for p in model.parameters())
    model.save_pretrained(directory)
    return {"params": params, "vocab": len(tokenizer), "build_s": time.perf_counter() - started}


def _hf_generate(
    model: Any, tokenizer: Any, batch: list[str], new_tokens: int, device: str = "cpu"
) -> int:
    import torch

    enc = tokenizer(batch, return_tensors="pt", padding=True).to(device)
    start = torch.tensor(
        [[2, tokenizer.convert_tokens_to_ids("eng_Latn")]] * len(batch), device=device
    )
    with torch.inference_mode():
        out = model.generate(
            **enc,
            decoder_input_ids=start,
            num_beams=1,
            do_sample=False,
            min_new_tokens=new_tokens,
            max_new_tokens=new_tokens,
        )
    return int((out.shape[1] - start.shape[1]) * len(batch))


def own_peak_rss_mb() -> float:
    """Peak RSS of this process since it started. ``ru_maxrss`` is not used in the children:
    Linux carries it over from the parent across fork and exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


@dataclass(frozen=True)
class Setup:
    """Where and how a measurement runs: device, CTranslate2 compute type, batch size."""

    device: str = "cpu"
    compute_type: str = "int8"
    batch_size: int | None = None
    """Sentences per model call; None: all of them in one."""


def _chunks(texts: list[str], size: int | None) -> list[list[str]]:
    size = size or len(texts)
    return [texts[i : i + size] for i in range(0, len(texts), size)]


def phase(
    name: str, directory: Path, texts: list[str], new_tokens: int, setup: Setup = Setup()
) -> dict[str, Any]:
    """Run one measurement in this process; return tokens, seconds and peak RSS."""
    device = setup.device
    if name.startswith("hf"):
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(directory, src_lang="pes_Arab")
        dtype = torch.float16 if device == "cuda" else torch.float32
        model = AutoModelForSeq2SeqLM.from_pretrained(directory, dtype=dtype).to(device).eval()
        _hf_generate(model, tokenizer, texts[:1], 2, device)  # warm-up
        started = time.perf_counter()
        if name == "hf-single":
            tokens = sum(_hf_generate(model, tokenizer, [t], new_tokens, device) for t in texts)
        else:
            tokens = sum(
                _hf_generate(model, tokenizer, batch, new_tokens, device)
                for batch in _chunks(texts, setup.batch_size)
            )
        if device == "cuda":
            torch.cuda.synchronize()
        seconds = time.perf_counter() - started
    else:
        from toolkit.translate.backends import load_backend
        from toolkit.translate.engine import TranslateOptions

        backend = load_backend(str(directory), "ct2", device, setup.compute_type)
        defaults = TranslateOptions()
        # ct2-default is exactly the engine's first pass, which every sentence gets; ct2-nbest
        # is the extra search the engine runs only for sentences whose first hypothesis
        # misses a glossary term.
        beam, n_best, rescore = 1, 1, True
        if name == "ct2-default":
            beam, n_best, rescore = defaults.first_pass_beam, 1, False
        elif name == "ct2-nbest":
            beam, n_best = defaults.beam_size, defaults.num_hypotheses
        if setup.batch_size:  # the toolkit's own batching: sentences per model call
            backend.max_sequences = setup.batch_size * max(beam, n_best)
        backend.generate(texts[:1], "fa", "en", beam_size=1, max_new_tokens=[2])  # warm-up
        started = time.perf_counter()
        results = backend.generate(
            texts,
            "fa",
            "en",
            beam_size=beam,
            num_hypotheses=n_best,
            max_new_tokens=[new_tokens] * len(texts),
            min_new_tokens=new_tokens,
            rescore=rescore,
        )
        seconds = time.perf_counter() - started
        tokens = sum(len(hyps[0].tokens) for hyps in results)
    return {"phase": name, "tokens": tokens, "seconds": seconds, "peak_rss_mb": own_peak_rss_mb()}


PHASES = [
    ("hf-single", "transformers, one sentence at a time"),
    ("hf-batch", "transformers, batched"),
    ("ct2-default", "toolkit default path: ct2 int8, batched, greedy"),
    ("ct2", "ct2 int8, batched, greedy, every hypothesis rescored"),
    ("ct2-nbest", "ct2 int8, n-best pass (beam 4, 4 hypotheses)"),
]
DEFAULT_COMPUTE_TYPES = {"cpu": "int8", "cuda": "float16,int8_float16"}


def label(name: str, setup: Setup, sized: bool) -> str:
    """A row's label: the phase's, with the compute type, the float16 of transformers on a
    GPU and, when ``sized`` (batch sizes were chosen), the batch size."""
    text = dict(PHASES)[name]
    if name.startswith("ct2"):
        text = text.replace("ct2 int8", f"ct2 {setup.compute_type}")
    elif setup.device == "cuda":
        text = text.replace("transformers", "transformers fp16")
    if sized and name != "hf-single":
        text += f", batch {setup.batch_size}"
    return text


def setups(
    name: str, device: str, compute_types: list[str], batch_sizes: list[int | None]
) -> list[Setup]:
    """The setups a phase runs in: every compute type (CTranslate2 only) and batch size."""
    types = compute_types if name.startswith("ct2") else [DEFAULT_COMPUTE_TYPES["cpu"]]
    sizes = [None] if name == "hf-single" else batch_sizes
    return [Setup(device, ct, size) for ct in types for size in sizes]


def _ints(value: str) -> list[int]:
    return [int(x) for x in value.split(",") if x]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="a 6+6-layer d512 model, 8 sentences, 16 new tokens"
    )
    parser.add_argument("--vocab", type=int, default=32000)
    parser.add_argument("--sentences", type=int, default=None)
    parser.add_argument("--new-tokens", type=int, default=None)
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="build the model here (reused if present) instead of a temp dir",
    )
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument(
        "--compute-types",
        default=None,
        help="CTranslate2 compute types, comma-separated (default: int8 on cpu, "
        "float16,int8_float16 on cuda)",
    )
    parser.add_argument(
        "--batch-sizes",
        default=None,
        help="sentences per model call, comma-separated (default: all in one call)",
    )
    parser.add_argument(
        "--phases", default=",".join(n for n, _ in PHASES), help="which measurements"
    )
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--model-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--compute-type", default="int8", help=argparse.SUPPRESS)
    parser.add_argument("--batch-size", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    n = args.sentences or (8 if args.quick else 16)
    new_tokens = args.new_tokens or (16 if args.quick else 32)
    texts = sentences(n)

    if args.phase:  # child process: one measurement, JSON on stdout
        setup = Setup(args.device, args.compute_type, args.batch_size)
        print(json.dumps(phase(args.phase, args.model_dir, texts, new_tokens, setup)))
        return

    phases = [x for x in args.phases.split(",") if x]
    if unknown := set(phases) - set(dict(PHASES)):
        parser.error(f"unknown phases {sorted(unknown)}; choose from {[p for p, _ in PHASES]}")
    compute_types = (args.compute_types or DEFAULT_COMPUTE_TYPES[args.device]).split(",")
    batch_sizes: list[int | None] = [*_ints(args.batch_sizes)] if args.batch_sizes else [None]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-") as tmp:
        os.environ.setdefault("TOOLKIT_HOME", str(Path(tmp) / "home"))
        directory = args.keep or Path(tmp) / "model"
        dims = QUICK if args.quick else NLLB_600M
        if not (directory / "config.json").is_file():
            info = build(directory, dims, args.vocab)
            print(
                f"built a random-weight NLLB-style model: {info['params'] / 1e6:.0f}M "
                f"parameters, vocabulary {info['vocab']} (the real NLLB-200 has 256,206), "
                f"{dims}, in {info['build_s']:.0f} s",
                file=sys.stderr,
            )
        from toolkit.translate.backends.ct2 import convert_checkpoint

        if any(p.startswith("ct2") for p in phases):
            for compute_type in compute_types:  # once each; the ct2 phases reuse them
                started = time.perf_counter()
                convert_checkpoint(directory, str(directory), compute_type)
                print(
                    f"CTranslate2 {compute_type} conversion: {time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                )
        print(
            f"{n} sentences, {new_tokens} new tokens each, greedy unless noted; "
            f"{os.cpu_count()} CPUs; device {args.device}",
            file=sys.stderr,
        )

        rows = []
        for name in phases:
            for setup in setups(name, args.device, compute_types, batch_sizes):
                command = [
                    sys.executable,
                    __file__,
                    "--phase",
                    name,
                    "--model-dir",
                    str(directory),
                    "--sentences",
                    str(n),
                    "--new-tokens",
                    str(new_tokens),
                    "--device",
                    setup.device,
                    "--compute-type",
                    setup.compute_type,
                ]
                if setup.batch_size:
                    command += ["--batch-size", str(setup.batch_size)]
                with GpuMemory(args.device == "cuda") as gpu:
                    out = subprocess.run(
                        command, check=True, capture_output=True, text=True, env=os.environ.copy()
                    )
                result = json.loads(out.stdout.strip().splitlines()[-1])
                result["label"] = label(name, setup, args.batch_sizes is not None)
                result["peak_gpu_mb"] = gpu.peak_mb
                rows.append(result)
                print(
                    f"  {result['label']}: {result['tokens'] / result['seconds']:.1f} tokens/s",
                    file=sys.stderr,
                )

    print(table(rows, gpu=args.device == "cuda"))


def table(rows: list[dict[str, Any]], gpu: bool = False) -> str:
    """The result table; ratios against the first row. ``gpu`` adds the peak GPU memory."""
    base = rows[0]["tokens"] / rows[0]["seconds"]
    width = max(50, *(len(r["label"]) for r in rows))
    head = (
        f"{'path':<{width}} {'tokens':>6} {'seconds':>8} {'tokens/s':>9} {'vs (1)':>7} "
        f"{'peak RSS':>9}"
    )
    lines = [head + (f" {'peak GPU':>9}" if gpu else "")]
    for row in rows:
        rate = row["tokens"] / row["seconds"]
        line = (
            f"{row['label']:<{width}} {row['tokens']:>6} {row['seconds']:>8.2f} {rate:>9.1f} "
            f"{rate / base:>6.1f}x {row['peak_rss_mb']:>6.0f} MB"
        )
        if gpu:
            peak = row.get("peak_gpu_mb")
            line += f" {peak:>6.0f} MB" if peak is not None else f" {'n/a':>9}"
        lines.append(line)
    return "\n".join(lines)


if __name__ == "__main__":
    main()
