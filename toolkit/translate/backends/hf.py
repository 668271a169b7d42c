"""The transformers backend: ``AutoModelForSeq2SeqLM`` and ``model.generate``.

Forced target starts (language token, then a text prefix) are passed as
``decoder_input_ids``; ``generate`` continues from them. ``generate`` needs a rectangular
decoder input: starts of several lengths are padded on the left, where the model's decoder
positions allow it (:class:`_PositionShift`), and grouped by length otherwise.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from toolkit.errors import MissingDependencyError, ModelError
from toolkit.translate.backends import hf_search, hf_step
from toolkit.translate.backends.base import Backend, DecodedIds, DecodeOptions, DecodeRequest
from toolkit.translate.backends.hf_search import Found, plain_config
from toolkit.translate.backends.hf_step import grown, move_rows

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
        self._shift = _PositionShift.install(model, self.codec.pad_id, self.codec.decoder_start_id)
        self._cache_name = _cache_argument(model)
        self._plain = self.device == "cpu" and plain_config(model, self._blocked)
        self._direct = self._plain and hf_step.supports(model)

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
        for members in self._start_groups(requests, options):
            for k, outs in zip(
                members, self._generate_group([requests[k] for k in members], options), strict=True
            ):
                results[k] = outs
        return results

    def _stops_each_search(self, options: DecodeOptions) -> bool:
        """Each row of a call stops at its own length (:func:`_row_limits`, as it stops at
        the call's length alone), and transformers decides a search is done from its own
        scores and length, unless ``early_stopping="never"`` with a positive length penalty
        bounds the best score by the call's length."""
        config = self._model.generation_config
        return not (config.early_stopping == "never" and (config.length_penalty or 0.0) > 0)

    def _start_groups(
        self, requests: Sequence[DecodeRequest], options: DecodeOptions
    ) -> list[list[int]]:
        """Indices of ``requests`` decoded in one ``generate`` call each: all of them where
        forced starts may be padded on the left (the model's positions are shifted, and no
        penalty reads the decoder's input, pads included), else the starts of one length a
        call."""
        if self._shift is not None and _deterministic(options):
            return [list(range(len(requests)))]
        groups: dict[int, list[int]] = {}
        for k, req in enumerate(requests):
            groups.setdefault(len(req.start), []).append(k)
        return list(groups.values())

    def _generate_group(
        self, requests: Sequence[DecodeRequest], options: DecodeOptions
    ) -> list[list[DecodedIds]]:
        torch = self._torch
        input_ids, attention_mask = self._pad([r.source for r in requests])
        starts = [[self.codec.decoder_start_id, *r.start] for r in requests]
        width = max(len(s) for s in starts)
        pads = [width - len(s) for s in starts]
        limits = [width + r.max_new_tokens for r in requests]
        pad = self.codec.pad_id
        decoder_input_ids = torch.tensor(
            [[pad] * p + s for p, s in zip(pads, starts, strict=True)], device=self.device
        )
        decoder_mask = (
            torch.tensor(
                [[0] * p + [1] * len(s) for p, s in zip(pads, starts, strict=True)],
                device=self.device,
            )
            if any(pads)
            else None
        )
        shifted = (
            self._shift.shifted(pads, options.beam_size)
            if self._shift is not None and any(pads)
            else contextlib.nullcontext()
        )
        with self._seeded(options.seed), torch.inference_mode(), shifted:
            decode = self._searched if self._searches_itself(options) else self._generated
            rows = decode(
                input_ids, attention_mask, decoder_input_ids, decoder_mask, limits, options
            )
        n = options.num_hypotheses
        eos = self.codec.eos_id
        out: list[list[DecodedIds]] = []
        for k, req in enumerate(requests):
            hyps = []
            for found in rows[k * n : (k + 1) * n]:
                gen = found.ids[width:]
                if eos in gen:
                    count, finished = gen.index(eos), True
                else:  # stopped at its own length (a longer search may have run on, padded)
                    count, finished = min(len(gen), req.max_new_tokens), False
                lps = found.logprobs
                hyps.append(
                    DecodedIds(
                        tuple(gen[:count]),
                        finished,
                        None
                        if lps is None
                        else tuple(lps[width : width + count + (1 if finished else 0)]),
                    )
                )
            out.append(hyps)
        return out

    def _generated(
        self,
        input_ids: Any,
        attention_mask: Any,
        starts: Any,
        decoder_mask: Any | None,
        limits: Sequence[int],
        options: DecodeOptions,
    ) -> list[Found]:
        """``generate``'s rows for the call (starts padded on the left, ``limits`` each
        row's whole length at most)."""
        width = starts.shape[1]
        kwargs: dict[str, Any] = {
            "num_beams": options.beam_size,
            "num_return_sequences": options.num_hypotheses,
            "do_sample": options.sampling,
            "max_new_tokens": max(limits) - width,
            "min_new_tokens": options.min_new_tokens or None,
            "repetition_penalty": options.repetition_penalty,
            "no_repeat_ngram_size": options.no_repeat_ngram_size,
            "forced_bos_token_id": None,  # the language token is in decoder_input_ids
            "forced_eos_token_id": None,  # a cut-off output must look unfinished
            "eos_token_id": self.codec.eos_id,
            "pad_token_id": self.codec.pad_id,
            "decoder_start_token_id": self.codec.decoder_start_id,
        }
        if decoder_mask is not None:
            kwargs["decoder_attention_mask"] = decoder_mask
        if len(set(limits)) > 1:
            # each search stops at its own length, as it would alone
            kwargs["stopping_criteria"] = _row_limits(limits)
        if options.sampling:
            kwargs.update(top_k=0, top_p=SAMPLING_TOP_P, temperature=1.0)
        elif self._cache_name and (options.beam_size > 1 or self.device == "cpu"):
            kwargs[self._cache_name] = _decoding_cache(self._model, self.device)
        if self._blocked:
            kwargs["suppress_tokens"] = self._blocked
        sequences = self._model.generate(
            input_ids=input_ids,
            attention_mask=attention_mask,
            decoder_input_ids=starts,
            **kwargs,
        )
        return [Found(row) for row in sequences.tolist()]

    def _searches_itself(self, options: DecodeOptions) -> bool:
        """Whether the call goes to :mod:`~toolkit.translate.backends.hf_search` (a greedy
        or beam search that takes settled rows out of the batch) rather than ``generate``:
        on the CPU, with the backend's cache, without sampling or penalties, and where the
        model's generation config adds nothing to the search."""
        return (
            self._plain
            and self._cache_name is not None
            and _deterministic(options)
            and not options.min_new_tokens
        )

    def _searched(
        self,
        input_ids: Any,
        attention_mask: Any,
        starts: Any,
        decoder_mask: Any | None,
        limits: Sequence[int],
        options: DecodeOptions,
    ) -> list[Found]:
        """What ``generate`` returns for the call, as ``hf_search.Found`` rows (see
        :meth:`_searches_itself`), with each token's log-probability from a beam search
        where no token is blocked."""
        cache_name = self._cache_name or "past_key_values"  # set: see _searches_itself
        beams = options.beam_size
        encoder = self._model.get_encoder()(
            input_ids=input_ids, attention_mask=attention_mask, return_dict=True
        )
        hidden = encoder.last_hidden_state
        if beams > 1:
            hidden = hidden.repeat_interleave(beams, dim=0)
            attention_mask = attention_mask.repeat_interleave(beams, dim=0)
            if decoder_mask is not None:
                decoder_mask = decoder_mask.repeat_interleave(beams, dim=0)
        rows = (hf_step.DirectRows if self._direct else hf_search.Rows)(
            self._model,
            cache_name,
            _decoding_cache(self._model, self.device),
            hidden,
            attention_mask,
            decoder_mask,
            self._blocked,
            self._shift.keep if self._shift is not None else lambda kept: None,
        )
        eos = self.codec.eos_id
        if beams == 1:
            return hf_search.greedy(rows, starts, limits, eos)
        config = self._model.generation_config
        found = hf_search.beam(
            rows,
            starts,
            limits,
            eos=eos,
            pad=self.codec.pad_id,
            beams=beams,
            returned=options.num_hypotheses,
            length_penalty=1.0 if config.length_penalty is None else config.length_penalty,
            early_stopping=False if config.early_stopping is None else config.early_stopping,
            # a blocked token's share would count in a teacher-forced score (and a fill that is
            # the end token would hide where a hypothesis ended)
            logprobs=not self._blocked and self.codec.pad_id not in (0, eos),
        )
        return [row for hyps in found for row in hyps]

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
        eos = self.codec.eos_id
        with torch.inference_mode():
            logits = output.logits.float()
            if self._blocked:
                logits[..., self._blocked] = float("-inf")
            logprobs = torch.log_softmax(logits, dim=-1)
            # every row's labels (its target and the end token) picked in one gather
            labels, _ = self._pad([[*t, eos] for t in targets])
            picked = logprobs[:, : labels.shape[1]].gather(-1, labels.unsqueeze(-1)).squeeze(-1)
            rows = picked.tolist()
        return [row[: len(t) + 1] for row, t in zip(rows, targets, strict=True)]

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


class _PositionShift:
    """Decoder positions for forced starts padded on the left.

    NLLB and M2M100 number a decoder input's positions from its tokens, pads left out, so
    a padded start's first pass is numbered as it is alone; each later step is numbered
    from the cache's length, pads included. Within :meth:`shifted`, the rows of each
    padded start take the positions of a cache shorter by its pads: the numbers the same
    step has alone. Installed on the decoder's position module when the model numbers its
    positions so (and its pad is not its decoder start, as Marian's is); the shift is
    per thread, and outside :meth:`shifted` the module runs as it was."""

    def __init__(self, forward: Any, names: Sequence[str]) -> None:
        self._forward = forward
        self._names = tuple(names)  # the module's (ids, embeddings, cache length) arguments
        self._local = threading.local()

    @classmethod
    def install(cls, model: Any, pad_id: int, decoder_start_id: int) -> _PositionShift | None:
        decoder = model.get_decoder() if hasattr(model, "get_decoder") else None
        module = getattr(decoder, "embed_positions", None)
        if (
            module is None
            or pad_id == decoder_start_id
            or not hasattr(type(module), "create_position_ids_from_input_ids")
        ):
            return None
        names = list(inspect.signature(module.forward).parameters)
        if len(names) != 3 or names[0] != "input_ids":
            return None
        shift = cls(module.forward, names)
        module.forward = shift
        return shift

    @contextlib.contextmanager
    def shifted(self, pads: Sequence[int], beams: int) -> Iterator[None]:
        """Shift the rows of ``generate``'s batch (each start's ``beams`` rows in turn) by
        their start's ``pads``."""
        self._local.pads = [p for p in pads for _ in range(beams)]
        # the padded input runs past the model's length where each row's positions do not
        logger = logging.getLogger("transformers.generation.stopping_criteria")
        logger.addFilter(_PAST_MODEL_LENGTH)
        try:
            yield
        finally:
            self._local.pads = None
            logger.removeFilter(_PAST_MODEL_LENGTH)

    def keep(self, rows: Sequence[int]) -> None:
        """Only ``rows`` of the shifted batch go on (a search took the others out)."""
        pads: list[int] | None = getattr(self._local, "pads", None)
        if pads is not None:
            self._local.pads = [pads[r] for r in rows]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        pads: list[int] | None = getattr(self._local, "pads", None)
        if pads is None:
            return self._forward(*args, **kwargs)
        given = dict(zip(self._names, args, strict=False)) | kwargs
        input_ids, cache = given.get(self._names[0]), given.get(self._names[2], 0)
        if input_ids is None or not cache:  # the first pass numbers pads out on its own
            return self._forward(*args, **kwargs)
        if len(pads) != input_ids.shape[0]:
            raise ModelError("decoder batch does not match its padded starts")
        rows: dict[int, list[int]] = {}
        for row, p in enumerate(pads):
            rows.setdefault(p, []).append(row)
        out = None
        for p, members in rows.items():
            index = input_ids.new_tensor(members)
            part = self._forward(input_ids[index], None, cache - p)
            if out is None:
                out = part.new_empty((input_ids.shape[0], *part.shape[1:]))
            out[index] = part
        return out


def _deterministic(options: DecodeOptions) -> bool:
    """A search without sampling, and without a penalty that reads the decoder's input
    (repetition, repeated n-grams)."""
    return (
        not options.sampling
        and options.repetition_penalty == 1.0
        and not options.no_repeat_ngram_size
    )


def _cache_argument(model: Any) -> str | None:
    """The name under which ``generate`` takes an encoder-decoder model's cache (``cache``
    in later transformers 5 releases, ``past_key_values`` before), or None where it builds
    its own (a cache implementation set in the model's generation config)."""
    if getattr(model.generation_config, "cache_implementation", None) is not None:
        return None
    parameters = inspect.signature(model.forward).parameters
    return next((name for name in ("cache", "past_key_values") if name in parameters), None)


def _decoding_cache(model: Any, device: str) -> Any:
    """A fresh cache for one ``generate`` call: transformers' own, but for two things.

    * It reorders only the self-attention part in a beam search. A beam search reorders its
      rows within each source's beams, and the cross-attention keys and values of those
      rows are one source's encoder output, the same in every row: reordering them
      (transformers does, every step) copies them onto themselves.
    * On the CPU, its self-attention layers grow in place (:func:`_growing_layer_class`)
      instead of being concatenated anew at every step, and a beam search moves only the
      rows whose beam changed.

    The search is the same, token for token, as with transformers' own cache; the fluent
    stand-in's n-best search takes about a third less time (a quarter from the reorder, a
    tenth more from the growth)."""
    from transformers import DynamicCache
    from transformers.cache_utils import DynamicLayer

    config = model.config.get_text_config(decoder=True)
    own = DynamicCache(config=config)
    if device == "cpu":
        growing = _growing_layer_class()
        own.layers = [growing() if type(x) is DynamicLayer else x for x in own.layers]
    return _decoding_cache_class()(own, DynamicCache(config=config))


@functools.cache
def _decoding_cache_class() -> Any:
    from transformers import EncoderDecoderCache

    class DecodingCache(EncoderDecoderCache):
        def reorder_cache(self, beam_idx: Any) -> None:
            self.self_attention_cache.reorder_cache(beam_idx)

    return DecodingCache


@functools.cache
def _growing_layer_class() -> Any:
    from transformers.cache_utils import DynamicLayer

    class GrowingLayer(DynamicLayer):
        """transformers' dynamic layer, its keys and values views of buffers that grow by
        :data:`~toolkit.translate.backends.hf_step.GROWTH` positions when full
        (:func:`~toolkit.translate.backends.hf_step.grown`): a step writes its own position,
        where the dynamic layer concatenates the whole cache again. Anything that replaces
        the views (transformers' own cropping, selection or offloading) is copied into fresh
        buffers at the next step."""

        def __init__(self) -> None:
            super().__init__()
            self._buffers: tuple[Any, Any] | None = None

        def update(self, key_states: Any, value_states: Any, *args: Any, **kwargs: Any) -> Any:
            if not self.is_initialized:
                self.device = key_states.device
                self.keys, self.values = key_states[..., :0, :], value_states[..., :0, :]
                self.is_initialized = True
            keys: Any = self.keys
            values: Any = self.values
            held = keys.shape[-2]
            wanted = held + key_states.shape[-2]
            buffers = self._held_buffers()
            if buffers is None or wanted > buffers[0].shape[-2]:
                buffers = (grown(keys, wanted), grown(values, wanted))
                self._buffers = buffers
            for buffer, new in zip(buffers, (key_states, value_states), strict=True):
                buffer[..., held:wanted, :] = new
            self.keys, self.values = (buffer[..., :wanted, :] for buffer in buffers)
            return self.keys, self.values

        def reorder_cache(self, beam_idx: Any) -> None:
            buffers = self._held_buffers()
            held = self.get_seq_length()
            if buffers is None or not held:
                super().reorder_cache(beam_idx)
                return
            move_rows(buffers, beam_idx, held)

        def _held_buffers(self) -> tuple[Any, Any] | None:
            """The buffers, while the keys and values are still views of them."""
            if self._buffers is None or not self.is_initialized:
                return None
            keys: Any = self.keys
            values: Any = self.values
            held_keys, held_values = self._buffers
            if (
                keys.data_ptr() == held_keys.data_ptr()
                and values.data_ptr() == held_values.data_ptr()
                and keys.shape[:-2] == held_keys.shape[:-2]
            ):
                return self._buffers
            return None

    return GrowingLayer


class _PastModelLength(logging.Filter):
    """Drops transformers' reminder that a call has run past the model's maximum length."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "exceeded the model's predefined maximum length" not in record.getMessage()


_PAST_MODEL_LENGTH = _PastModelLength()


def _row_limits(limits: Sequence[int]) -> Any:
    """A stopping criterion for ``generate``: each source's rows stop at its own length."""
    from transformers import StoppingCriteriaList

    return StoppingCriteriaList([_row_limits_class()(limits)])


@functools.cache
def _row_limits_class() -> Any:
    from transformers import StoppingCriteria

    class RowLimits(StoppingCriteria):
        def __init__(self, limits: Sequence[int]) -> None:
            self.limits = limits

        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            per = input_ids.shape[0] // len(self.limits)
            limit = input_ids.new_tensor(self.limits).repeat_interleave(per)
            return input_ids.shape[-1] >= limit

    return RowLimits
