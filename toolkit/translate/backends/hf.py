"""The transformers backend: ``AutoModelForSeq2SeqLM`` and ``model.generate``.

Forced target starts (language token, then a text prefix) are passed as
``decoder_input_ids``; ``generate`` continues from them. Requests are grouped by the length
of their forced start, because ``generate`` needs a rectangular decoder input.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from toolkit.errors import MissingDependencyError, ModelError
from toolkit.translate.backends.base import Backend, DecodedIds, DecodeOptions, DecodeRequest

SAMPLING_TOP_P = 0.9


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        raise MissingDependencyError(
            "the hf backend needs torch: pip install 'toolkit[hf]' (see https://pytorch.org "
            "for CPU or CUDA builds)"
        ) from None
    return torch


class HFBackend(Backend):
    """Hugging Face transformers on CPU (float32) or CUDA (float16)."""

    name = "hf"

    def _load(self) -> None:
        torch = _torch()
        from transformers import AutoModelForSeq2SeqLM

        if self.device == "cuda" and not torch.cuda.is_available():
            raise ModelError("device cuda requested, but torch sees no CUDA GPU")
        dtype = torch.float16 if self.device == "cuda" else torch.float32
        self.compute_type = "float16" if self.device == "cuda" else "float32"
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(
                self.path, dtype=dtype, local_files_only=True
            )
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise ModelError(
                f"cannot load model '{self.model_id}' from {self.path}: {exc}"
            ) from None
        self._model = model.to(self.device).eval()
        self._torch = torch
        # Marian's <pad> only stands for the decoder's zero start embedding: never an output
        # (CTranslate2 drops it from the vocabulary, so scores agree with the ct2 backend).
        self._blocked: list[int] = [self.codec.pad_id] if self.family == "marian" else []

    def _pad(self, rows: Sequence[Sequence[int]]) -> tuple[Any, Any]:
        width = max(len(r) for r in rows)
        pad = self.codec.pad_id
        ids = [list(r) + [pad] * (width - len(r)) for r in rows]
        mask = [[1] * len(r) + [0] * (width - len(r)) for r in rows]
        torch = self._torch
        return (torch.tensor(ids, device=self.device), torch.tensor(mask, device=self.device))

    def _generate_batch(
        self, requests: Sequence[DecodeRequest], options: DecodeOptions
    ) -> list[list[DecodedIds]]:
        results: list[list[DecodedIds]] = [[] for _ in requests]
        groups: dict[int, list[int]] = {}
        for k, req in enumerate(requests):
            groups.setdefault(len(req.start), []).append(k)
        for members in groups.values():
            for k, outs in zip(
                members, self._generate_group([requests[k] for k in members], options), strict=True
            ):
                results[k] = outs
        return results

    def _generate_group(
        self, requests: Sequence[DecodeRequest], options: DecodeOptions
    ) -> list[list[DecodedIds]]:
        torch = self._torch
        input_ids, attention_mask = self._pad([r.source for r in requests])
        start = [[self.codec.decoder_start_id, *r.start] for r in requests]
        decoder_input_ids = torch.tensor(start, device=self.device)
        n = options.num_hypotheses
        kwargs: dict[str, Any] = {
            "num_beams": options.beam_size,
            "num_return_sequences": n,
            "do_sample": options.sampling,
            "max_new_tokens": max(r.max_new_tokens for r in requests),
            "min_new_tokens": options.min_new_tokens or None,
            "repetition_penalty": options.repetition_penalty,
            "no_repeat_ngram_size": options.no_repeat_ngram_size,
            "forced_bos_token_id": None,  # the language token is in decoder_input_ids
            "forced_eos_token_id": None,  # a cut-off output must look unfinished
            "eos_token_id": self.codec.eos_id,
            "pad_token_id": self.codec.pad_id,
            "decoder_start_token_id": self.codec.decoder_start_id,
        }
        if options.sampling:
            kwargs.update(top_k=0, top_p=SAMPLING_TOP_P, temperature=1.0)
        if self._blocked:
            kwargs["suppress_tokens"] = self._blocked
        with self._seeded(options.seed), torch.inference_mode():
            sequences = self._model.generate(
                input_ids=input_ids,
                attention_mask=attention_mask,
                decoder_input_ids=decoder_input_ids,
                **kwargs,
            )
        rows = sequences.tolist()
        skip = len(start[0])
        eos = self.codec.eos_id
        out: list[list[DecodedIds]] = []
        for k in range(len(requests)):
            hyps = []
            for row in rows[k * n : (k + 1) * n]:
                gen = row[skip:]
                if eos in gen:
                    hyps.append(DecodedIds(tuple(gen[: gen.index(eos)]), True))
                else:
                    hyps.append(DecodedIds(tuple(gen), False))
            out.append(hyps)
        return out

    @contextlib.contextmanager
    def _seeded(self, seed: int | None) -> Iterator[None]:
        """Torch's generators seeded with ``seed`` for the duration (none: left alone), and
        restored after, so that a seeded call changes no one else's draws."""
        if seed is None:
            yield
            return
        torch = self._torch
        devices = [torch.cuda.current_device()] if self.device == "cuda" else []
        with torch.random.fork_rng(devices=devices):
            torch.manual_seed(seed)
            yield

    def _teacher_forced(
        self, sources: Sequence[Sequence[int]], targets: Sequence[Sequence[int]], attentions: bool
    ) -> Any:
        torch = self._torch
        input_ids, attention_mask = self._pad(sources)
        decoder_ids, _ = self._pad([[self.codec.decoder_start_id, *t] for t in targets])
        with torch.inference_mode():
            return self._model(
                input_ids=input_ids,
                attention_mask=attention_mask,
                decoder_input_ids=decoder_ids,
                output_attentions=attentions,
                use_cache=False,
            )

    def _score_batch(
        self, sources: Sequence[Sequence[int]], targets: Sequence[Sequence[int]]
    ) -> list[list[float]]:
        torch = self._torch
        output = self._teacher_forced(sources, targets, attentions=False)
        result = []
        with torch.inference_mode():
            logits = output.logits.float()
            if self._blocked:
                logits[..., self._blocked] = float("-inf")
            logprobs = torch.log_softmax(logits, dim=-1)
            for row, target in zip(logprobs, targets, strict=True):
                labels = torch.tensor([*target, self.codec.eos_id], device=row.device)
                picked = row[: len(labels)].gather(-1, labels.unsqueeze(-1)).squeeze(-1)
                result.append([float(x) for x in picked.tolist()])
        return result

    def _attention_batch(
        self, sources: Sequence[Sequence[int]], targets: Sequence[Sequence[int]]
    ) -> list[list[list[float]]]:
        with self._eager_attention():
            output = self._teacher_forced(sources, targets, attentions=True)
        if not output.cross_attentions:
            raise ModelError(f"model '{self.model_id}' returned no cross-attention")
        last = output.cross_attentions[-1].float().mean(dim=1)  # average the last layer's heads
        return [
            m[: len(t), : len(s)].tolist() for m, s, t in zip(last, sources, targets, strict=True)
        ]

    @contextlib.contextmanager
    def _eager_attention(self) -> Iterator[None]:
        """Switch to eager attention (the only one returning weights) for the duration."""
        before = getattr(self._model.config, "_attn_implementation", None)
        if before in (None, "eager"):
            yield
            return
        self._model.set_attn_implementation("eager")
        try:
            yield
        finally:
            self._model.set_attn_implementation(before)
