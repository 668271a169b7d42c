"""The CTranslate2 backend: int8 on CPU by default, float16 on CUDA.

A Hugging Face checkpoint is converted once, with ``ctranslate2.converters.
TransformersConverter``, into ``$TOOLKIT_HOME/ct2/<model>-<quantization>-<hash>``; the hash
covers the checkpoint's resolved path (for hub models it holds the revision) and its files'
sizes and times, so an updated checkpoint gets a new conversion. Conversion writes into a
temporary directory that is renamed into place when complete: an interrupted conversion
never leaves a broken cache entry.

Tokenization goes through the checkpoint's Hugging Face tokenizer, like the ``hf`` backend;
CTranslate2 takes and returns token strings. ``generate`` uses ``translate_batch`` (forced
starts as ``target_prefix``), ``score`` uses ``score_batch``, ``source_attention`` uses
``translate_batch(return_attention=True)`` with the whole target as prefix: CTranslate2
returns the attention of its alignment head (the first head of the last decoder layer for
converted transformers models), where the ``hf`` backend averages the last layer's heads.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit.errors import ConfigError, MissingDependencyError, ModelError
from toolkit.hub import toolkit_home
from toolkit.translate.backends.base import Backend, DecodedIds, DecodeOptions, DecodeRequest

log = logging.getLogger(__name__)

CT2_MARKER = "toolkit-ct2.json"
"""File written into every CTranslate2 conversion: source checkpoint, model id, quantization."""

DEFAULT_COMPUTE_TYPE: dict[str, str] = {"cpu": "int8", "cuda": "float16"}
COMPUTE_TYPES: tuple[str, ...] = (
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
SAMPLING_TOP_P = 0.9
_STALE_TMP_SECONDS = 3600
_WEIGHT_SUFFIXES = (".json", ".safetensors", ".bin", ".model", ".spm")


def _ctranslate2() -> Any:
    try:
        import ctranslate2
    except ImportError:
        raise MissingDependencyError(
            "ctranslate2 is not installed: pip install 'toolkit[ct2]' (or use {option:backend} hf)"
        ) from None
    return ctranslate2


def _cpu_threads() -> int:
    """``OMP_NUM_THREADS`` where set (a worker of several on one machine, a Ray actor), else
    every core this process may use."""
    if (value := os.environ.get("OMP_NUM_THREADS", "")).isdigit() and int(value) > 0:
        return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


MAX_WORKERS = 4
"""CPU workers at most: a call's batch is split among them."""


def cpu_workers(threads: int) -> tuple[int, int]:
    """How ``threads`` CPU threads are spent: (workers, threads per worker).

    A call's batch is split among the workers, each decoding its share on threads of its own
    (CTranslate2's ``inter_threads``; the model's weights are shared): at most
    :data:`MAX_WORKERS` workers, each with the threads left to it. Threads inside one
    decoding step (``intra_threads``) meet at every operation of every step, and on the
    project's 2-vCPU virtual machine that cost more than it saved, for a model of 5M
    parameters and of 385M alike, while workers that share nothing within a step sped up
    every call, one sentence included (``benchmarks/ct2_threads.py``)."""
    per_worker = max(1, -(-threads // MAX_WORKERS))
    return max(1, threads // per_worker), per_worker


class CT2Backend(Backend):
    """CTranslate2 ``Translator`` over a converted checkpoint."""

    name = "ct2"
    # With a length penalty (so no early exit) and patience 1, CTranslate2 ends a beam search
    # at the step where a beam's worth of hypotheses has completed; the last is among them
    search_end_shown = True

    def _load(self) -> None:
        ct2 = _ctranslate2()
        compute_type = self.compute_type or DEFAULT_COMPUTE_TYPE[self.device]
        if compute_type not in COMPUTE_TYPES:
            raise ConfigError(
                f"unknown compute type '{compute_type}' (choose one of: {', '.join(COMPUTE_TYPES)})"
            )
        if self.device == "cuda" and ct2.get_cuda_device_count() == 0:
            raise ModelError("device cuda requested, but CTranslate2 sees no CUDA GPU")
        supported = ct2.get_supported_compute_types(self.device)
        if compute_type not in supported:
            raise ConfigError(
                f"compute type {compute_type} is not supported on {self.device} "
                f"here (supported: {', '.join(sorted(supported))})"
            )
        self.compute_type = compute_type
        self.ct2_path = convert_checkpoint(self.path, self.model_id, compute_type)
        workers, per_worker = cpu_workers(_cpu_threads()) if self.device == "cpu" else (1, 1)
        self.workers = workers
        try:
            self._translator = ct2.Translator(
                str(self.ct2_path),
                device=self.device,
                compute_type=compute_type,
                intra_threads=per_worker,
                inter_threads=workers,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(f"cannot load the CTranslate2 model {self.ct2_path}: {exc}") from None

    def _generate_batch(
        self, requests: Sequence[DecodeRequest], options: DecodeOptions
    ) -> list[list[DecodedIds]]:
        codec = self.codec
        sources = [codec.tokens(r.source) for r in requests]
        prefixes: list[list[str] | None] = [codec.tokens(r.start) or None for r in requests]
        longest = max(len(r.start) + r.max_new_tokens for r in requests)
        kwargs: dict[str, Any] = {
            "beam_size": options.beam_size,
            "num_hypotheses": options.num_hypotheses,
            "max_decoding_length": longest,
            # CTranslate2's defaults, pinned: search_end_shown rests on them
            "length_penalty": 1.0,
            "patience": 1.0,
            "repetition_penalty": options.repetition_penalty,
            "no_repeat_ngram_size": options.no_repeat_ngram_size,
            "return_end_token": True,
            "max_input_length": 0,  # never truncate; the caller checked the length
            **self._shared(len(requests)),
        }
        if options.min_new_tokens:
            kwargs["min_decoding_length"] = (
                min(len(r.start) for r in requests) + options.min_new_tokens
            )
        seeded = options.sampling and options.seed is not None
        if seeded:
            # CTranslate2 draws with a generator per worker thread, seeded once when the
            # thread first samples (set_random_seed does not reseed it): a seeded draw is
            # made here instead, among a beam's hypotheses (see _seeded_draw).
            kwargs.update(
                beam_size=max(SEEDED_POOL, options.num_hypotheses),
                num_hypotheses=max(SEEDED_POOL, options.num_hypotheses),
                return_scores=True,
            )
        elif options.sampling:
            kwargs.update(sampling_topk=0, sampling_topp=SAMPLING_TOP_P, sampling_temperature=1.0)
        results = self._translator.translate_batch(
            sources, target_prefix=prefixes if any(prefixes) else None, **kwargs
        )
        if seeded:
            results = [
                _Drawn(_seeded_draw(r.hypotheses, r.scores, options.num_hypotheses, options.seed))
                for r in results
            ]
        eos = codec.tokenizer.eos_token
        out: list[list[DecodedIds]] = []
        for req, result in zip(requests, results, strict=True):
            hyps = []
            for tokens in result.hypotheses:
                finished = bool(tokens) and tokens[-1] == eos
                body = tokens[len(req.start) : len(tokens) - 1 if finished else len(tokens)]
                hyps.append(DecodedIds(tuple(codec.ids(body)), finished))
            out.append(hyps)
        return out

    def _score_batch(
        self, sources: Sequence[Sequence[int]], targets: Sequence[Sequence[int]]
    ) -> list[list[float]]:
        codec = self.codec
        results = self._translator.score_batch(
            [codec.tokens(s) for s in sources],
            [codec.tokens(t) for t in targets],
            max_input_length=0,
            **self._shared(len(sources)),
        )
        return [list(r.log_probs) for r in results]

    def _shared(self, n: int) -> dict[str, int]:
        """The batch size that splits a call of ``n`` sources among the workers (each
        source's result is its own: a greedy output does not depend on its batch, and a
        beam search's length is its request's: see ``Backend.generate``)."""
        return {"max_batch_size": -(-n // self.workers)} if self.workers > 1 else {}

    def _attention_batch(
        self, sources: Sequence[Sequence[int]], targets: Sequence[Sequence[int]]
    ) -> list[list[list[float]]]:
        codec = self.codec
        prefixes: list[list[str] | None] = [codec.tokens(t) or None for t in targets]
        longest = max(len(t) for t in targets)
        results = self._translator.translate_batch(
            [codec.tokens(s) for s in sources],
            target_prefix=prefixes,
            beam_size=1,
            max_decoding_length=longest + 1,
            return_attention=True,
            max_input_length=0,
            **self._shared(len(sources)),
        )
        return [
            [list(row) for row in r.attention[0][: len(t)]]
            for r, t in zip(results, targets, strict=True)
        ]


SEEDED_POOL = 8
"""Hypotheses of the beam that a seeded draw of the ct2 backend picks among."""


class _Drawn:
    """The hypotheses of a seeded draw, shaped as CTranslate2's result."""

    def __init__(self, hypotheses: list[list[str]]) -> None:
        self.hypotheses = hypotheses


def _seeded_draw(
    hypotheses: Sequence[list[str]], scores: Sequence[float], n: int, seed: int | None
) -> list[list[str]]:
    """``n`` of ``hypotheses`` drawn without replacement in proportion to their
    probability (Gumbel top-k over the log-probabilities), with a generator seeded by
    ``seed``: the same beam and seed give the same draw."""
    import math
    import random

    rng = random.Random(seed)
    keyed = []
    for k, (hyp, score) in enumerate(zip(hypotheses, scores, strict=True)):
        gumbel = -math.log(-math.log(max(rng.random(), 1e-12)))
        keyed.append((score + gumbel, -k, hyp))
    keyed.sort(reverse=True)
    return [hyp for _, _, hyp in keyed[:n]]


# -- conversion cache ----------------------------------------------------------------------------


def _sanitize(model_id: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "--", model_id.strip("/\\")).strip("-.")
    return name[-80:] or "model"


def _fingerprint(path: Path, quantization: str) -> str:
    """Hash of what the conversion depends on: checkpoint path, its files, quantization."""
    digest = hashlib.sha256()
    digest.update(str(path.resolve()).encode())
    digest.update(quantization.encode())
    for child in sorted(path.iterdir()):
        if child.is_file() and child.name.endswith(_WEIGHT_SUFFIXES):
            stat = child.stat()
            digest.update(f"{child.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def ct2_cache_dir() -> Path:
    """Where CTranslate2 conversions are kept: ``$TOOLKIT_HOME/ct2``."""
    return toolkit_home() / "ct2"


def ct2_dir_for(path: Path, model_id: str, quantization: str) -> Path:
    """Where the conversion of checkpoint ``path`` with ``quantization`` is cached."""
    return (
        ct2_cache_dir() / f"{_sanitize(model_id)}-{quantization}-{_fingerprint(path, quantization)}"
    )


def convert_checkpoint(path: Path, model_id: str, quantization: str) -> Path:
    """Return the CTranslate2 conversion of checkpoint ``path``, converting it if not cached."""
    target = ct2_dir_for(path, model_id, quantization)
    if (target / "model.bin").is_file() and (target / CT2_MARKER).is_file():
        return target
    ct2 = _ctranslate2()
    root = target.parent
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot create the model cache {root}: {exc.strerror}") from None
    _remove_stale_tmp(root, target.name)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=root))
    log.info("converting %s to CTranslate2 (%s) in %s", model_id, quantization, target)
    started = time.monotonic()
    try:
        converter = _converter_class(ct2)(str(path))
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
            converter.convert(str(tmp), quantization=quantization, force=True)
        marker = {
            "model": model_id,
            "source": str(path),
            "quantization": quantization,
            "ctranslate2": ct2.__version__,
        }
        (tmp / CT2_MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")
        try:
            os.rename(tmp, target)
        except OSError:
            if not (target / "model.bin").is_file():
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # another process finished first
    except (ValueError, RuntimeError, OSError, KeyError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(f"cannot convert '{model_id}' to CTranslate2: {exc}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("converted %s in %.1f s", model_id, time.monotonic() - started)
    return target


def _remove_stale_tmp(root: Path, name: str) -> None:
    """Remove temporary directories left by conversions killed more than an hour ago."""
    now = time.time()
    for leftover in root.glob(f".{name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > _STALE_TMP_SECONDS:
                shutil.rmtree(leftover, ignore_errors=True)


class _TokenizerWithLanguageTokens:
    """A tokenizer whose ``get_vocab`` includes M2M100's language tokens.

    transformers 5's ``M2M100Tokenizer.get_vocab`` leaves out the 100 ``__xx__`` tokens and
    no longer lists them as ``additional_special_tokens``, so the CTranslate2 converter would
    build a vocabulary 100 entries short of the model's. Everything else is delegated.
    """

    def __init__(self, tokenizer: Any) -> None:
        self._tokenizer = tokenizer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tokenizer, name)

    def get_vocab(self) -> dict[str, int]:
        vocab = dict(self._tokenizer.get_vocab())
        vocab.update(getattr(self._tokenizer, "lang_token_to_id", None) or {})
        return vocab


def _converter_class(ct2: Any) -> Any:
    base = ct2.converters.TransformersConverter

    class _Converter(base):  # type: ignore[misc, valid-type]
        def load_tokenizer(self, *args: Any, **kwargs: Any) -> Any:
            return _TokenizerWithLanguageTokens(super().load_tokenizer(*args, **kwargs))

    return _Converter
