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

    .venv/bin/python benchmarks/translate_speed.py [--quick] [--keep DIR]
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
from pathlib import Path
from typing import Any

from _common import ARTICLES, ROOT, SEED, peak_rss_mb

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
    return out


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


def _hf_generate(model: Any, tokenizer: Any, batch: list[str], new_tokens: int) -> int:
    import torch

    enc = tokenizer(batch, return_tensors="pt", padding=True)
    start = torch.tensor([[2, tokenizer.convert_tokens_to_ids("eng_Latn")]] * len(batch))
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


def phase(name: str, directory: Path, texts: list[str], new_tokens: int) -> dict[str, Any]:
    """Run one measurement in this process; return tokens, seconds and peak RSS."""
    if name.startswith("hf"):
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(directory, src_lang="pes_Arab")
        model = AutoModelForSeq2SeqLM.from_pretrained(directory).eval()
        _hf_generate(model, tokenizer, texts[:1], 2)  # warm-up
        started = time.perf_counter()
        if name == "hf-single":
            tokens = sum(_hf_generate(model, tokenizer, [t], new_tokens) for t in texts)
        else:
            tokens = _hf_generate(model, tokenizer, texts, new_tokens)
        seconds = time.perf_counter() - started
    else:
        from toolkit.translate.backends import load_backend
        from toolkit.translate.engine import TranslateOptions

        backend = load_backend(str(directory), "ct2")
        defaults = TranslateOptions()
        # ct2-default is exactly the engine's first pass, which every sentence gets; ct2-nbest
        # is the extra search the engine runs only for sentences whose first hypothesis
        # misses a glossary term.
        beam, n_best, rescore = 1, 1, True
        if name == "ct2-default":
            beam, n_best, rescore = defaults.first_pass_beam, 1, False
        elif name == "ct2-nbest":
            beam, n_best = defaults.beam_size, defaults.num_hypotheses
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
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--model-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    n = args.sentences or (8 if args.quick else 16)
    new_tokens = args.new_tokens or (16 if args.quick else 32)
    texts = sentences(n)

    if args.phase:  # child process: one measurement, JSON on stdout
        print(json.dumps(phase(args.phase, args.model_dir, texts, new_tokens)))
        return

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

        started = time.perf_counter()
        convert_checkpoint(directory, str(directory), "int8")  # once; the ct2 phases reuse it
        print(
            f"CTranslate2 int8 conversion: {time.perf_counter() - started:.0f} s", file=sys.stderr
        )
        print(
            f"{n} sentences, {new_tokens} new tokens each, greedy unless noted; "
            f"{os.cpu_count()} CPUs",
            file=sys.stderr,
        )

        rows = []
        for name, label in PHASES:
            out = subprocess.run(
                [
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
                ],
                check=True,
                capture_output=True,
                text=True,
                env=os.environ.copy(),
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            result["label"] = label
            rows.append(result)
            print(
                f"  {label}: {result['tokens'] / result['seconds']:.1f} tokens/s", file=sys.stderr
            )

    base = rows[0]["tokens"] / rows[0]["seconds"]
    print(
        f"{'path':<50} {'tokens':>6} {'seconds':>8} {'tokens/s':>9} {'vs (1)':>7} {'peak RSS':>9}"
    )
    for row in rows:
        rate = row["tokens"] / row["seconds"]
        print(
            f"{row['label']:<50} {row['tokens']:>6} {row['seconds']:>8.2f} {rate:>9.1f} "
            f"{rate / base:>6.1f}x {row['peak_rss_mb']:>6.0f} MB"
        )


if __name__ == "__main__":
    main()
