"""NLLB's and M2M100's decoder, one token a step, on the CPU, for the hf backend's own
searches: the operations of transformers' modules, on their weights, without the Python
that each call of those modules runs (masks built anew, the cache's bookkeeping, hooks,
output objects).

For a small model that Python costs more than the arithmetic: about 1.5 ms a step on the
fluent stand-in, whatever the number of rows. The first step of a search (the forced start,
one or more tokens, perhaps padded on the left) still goes through the model, which fills a
transformers cache; its keys and values are then taken over, and every later step runs
here. ``tests/translate/test_hf_step.py`` holds each step's logits to the model's own.

Only for the architecture it was written from (``model_type`` ``m2m_100`` with the
``sdpa`` attention, in inference); any other model keeps the model's own call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from toolkit.translate.backends.hf_search import Rows

GROWTH = 16
"""Positions a key or value buffer adds when it is full (:func:`grown`): the hf backend's
decoding cache and :class:`DirectRows` write a step's position into a buffer, where
transformers' dynamic cache concatenates the whole cache again."""

_LAYER_PARTS = (
    "self_attn",
    "self_attn_layer_norm",
    "encoder_attn",
    "encoder_attn_layer_norm",
    "fc1",
    "fc2",
    "final_layer_norm",
    "activation_fn",
)


def supports(model: Any) -> bool:
    """Whether :class:`DirectRows` can run the model's decoder steps: an M2M100/NLLB model
    in inference, with the ``sdpa`` attention, the parts this module reads, and no bias on
    its output layer."""
    config = getattr(model, "config", None)
    if getattr(config, "model_type", None) != "m2m_100" or model.training:
        return False
    if getattr(config, "_attn_implementation", None) != "sdpa":
        return False
    decoder = model.get_decoder() if hasattr(model, "get_decoder") else None
    positions = getattr(decoder, "embed_positions", None)
    head = getattr(model, "lm_head", None)
    return (
        decoder is not None
        and getattr(decoder, "layer_norm", None) is not None
        and hasattr(positions, "weights")
        and hasattr(getattr(decoder, "embed_tokens", None), "embed_scale")
        and head is not None
        and head.bias is None
        and all(all(hasattr(layer, part) for part in _LAYER_PARTS) for layer in decoder.layers)
    )


class DirectRows(Rows):
    """:class:`~toolkit.translate.backends.hf_search.Rows` whose steps after the first run
    the decoder's operations directly (see the module). Each row's positions are numbered
    as it would be alone: a start padded on the left by ``p`` pads numbers its step ``t``
    as an unpadded start does, and its pads are masked out of the self-attention.

    Until the first step has run, the model's cache (``cache``) holds the rows; after it,
    ``cache`` is None and these hold them:"""

    _decoder: Any
    _self: list[list[Any]]
    """Per layer, the self-attention's key and value buffers (``_held`` positions used)."""
    _held: int
    _cross: list[tuple[Any, Any]]
    """Per layer, the cross-attention's keys and values."""
    _pads: Any
    """Per row, the pads on the left of its start."""
    _padded: bool
    _cross_mask: Any | None
    """The encoder's mask as the attention takes it; None where it masks nothing out."""

    def logits(self, decoder_ids: Any) -> Any:
        if self.cache is not None:  # the forced start, through the model
            logits = super().logits(decoder_ids)
            self._take_cache()
            return logits
        return self._step(decoder_ids)

    def keep(self, rows: list[int]) -> None:
        if self.cache is not None:
            super().keep(rows)
            return
        index = self._torch().tensor(rows, device=self._pads.device)
        self._pads = self._pads[index]
        if self._cross_mask is not None:
            self._cross_mask = self._cross_mask[index]
        self._masks()
        self._self = [[buffer[index] for buffer in pair] for pair in self._self]
        self._cross = [(k[index], v[index]) for k, v in self._cross]
        self._on_keep(rows)

    def _masks(self) -> None:
        """No mask where the rows left have nothing to mask out, as transformers passes
        none then."""
        self._padded = bool(self._pads.any())
        if self._cross_mask is not None and bool(self._cross_mask.all()):
            self._cross_mask = None

    def reorder(self, beam_index: Any) -> None:
        if self.cache is not None:
            super().reorder(beam_index)
            return
        move_rows([b for pair in self._self for b in pair], beam_index, self._held)

    def _take_cache(self) -> None:
        """After the first step: the keys and values, from the model's cache into buffers
        of this class's own (the model's cache is not used again), and each row's pads and
        encoder mask."""
        torch = self._torch()
        self._decoder = self._model.get_decoder()
        own = self.cache.self_attention_cache.layers
        cross = self.cache.cross_attention_cache.layers
        self._held = int(own[0].keys.shape[-2])
        self._self = [
            [grown(layer.keys, self._held), grown(layer.values, self._held)] for layer in own
        ]
        self._cross = [(layer.keys, layer.values) for layer in cross]
        self.cache = None
        self._pads = (
            (self._decoder_mask == 0).sum(dim=-1)
            if self._decoder_mask is not None
            else torch.zeros(self._hidden.shape[0], dtype=torch.long, device=self._hidden.device)
        )
        self._cross_mask = self._mask.bool()[:, None, None, :]
        self._masks()

    def _step(self, decoder_ids: Any) -> Any:
        """One token per row: the decoder's forward, as its modules compute it."""
        torch = self._torch()
        functional = torch.nn.functional
        decoder = self._decoder
        n = decoder_ids.shape[0]
        held = self._held
        if held + 1 > self._self[0][0].shape[-2]:
            self._self = [[grown(b[:, :, :held, :], held) for b in pair] for pair in self._self]
        embed = decoder.embed_tokens
        hidden = functional.embedding(decoder_ids, embed.weight, embed.padding_idx)
        hidden = hidden * embed.embed_scale
        hidden = hidden + self._positions(decoder_ids)
        self_mask = (
            (torch.arange(held + 1, device=decoder_ids.device)[None, :] >= self._pads[:, None])[
                :, None, None, :
            ]
            if self._padded
            else None
        )
        for layer, pair, cross in zip(decoder.layers, self._self, self._cross, strict=True):
            attention = layer.self_attn
            residual = hidden
            x = _norm(functional, layer.self_attn_layer_norm, hidden)
            query = _heads(functional, attention.q_proj, x, attention.head_dim)
            for buffer, proj in zip(pair, (attention.k_proj, attention.v_proj), strict=True):
                buffer[:, :, held : held + 1, :] = _heads(functional, proj, x, attention.head_dim)
            keys, values = (buffer[:, :, : held + 1, :] for buffer in pair)
            hidden = residual + _attended(functional, attention, query, keys, values, self_mask, n)
            attention = layer.encoder_attn
            residual = hidden
            x = _norm(functional, layer.encoder_attn_layer_norm, hidden)
            query = _heads(functional, attention.q_proj, x, attention.head_dim)
            hidden = residual + _attended(
                functional, attention, query, cross[0], cross[1], self._cross_mask, n
            )
            residual = hidden
            x = _norm(functional, layer.final_layer_norm, hidden)
            x = layer.activation_fn(functional.linear(x, layer.fc1.weight, layer.fc1.bias))
            hidden = residual + functional.linear(x, layer.fc2.weight, layer.fc2.bias)
        hidden = _norm(functional, decoder.layer_norm, hidden)
        self._held = held + 1
        logits = functional.linear(hidden, self._model.lm_head.weight)
        return logits[:, -1, :].to(copy=True, dtype=torch.float32)

    def _positions(self, decoder_ids: Any) -> Any:
        """Each row's position embedding for this step: the module's numbering (a pad
        token takes the padding position), from the row's own length, pads left out. The
        backend caps every output at the model's positions, so the table holds them all."""
        module = self._decoder.embed_positions
        padding = module.padding_idx
        real = decoder_ids.ne(padding).long()
        numbers = (self._held + 1 - self._pads[:, None]) * real + padding
        return module.weights.index_select(0, numbers.view(-1)).view(*decoder_ids.shape, -1)


def grown(held: Any, wanted: int) -> Any:
    """A buffer of ``wanted`` positions and :data:`GROWTH` more, ``held`` (rows, heads,
    positions, head size) copied to its start."""
    buffer = held.new_empty((*held.shape[:-2], wanted + GROWTH, held.shape[-1]))
    buffer[..., : held.shape[-2], :] = held
    return buffer


def move_rows(buffers: Sequence[Any], beam_index: Any, held: int) -> None:
    """A beam search's reorder in place: row ``i`` of each buffer's first ``held`` positions
    goes on from row ``beam_index[i]``; only the rows whose beam changed are copied."""
    import torch

    rows = torch.arange(beam_index.shape[0], device=beam_index.device)
    moved = (beam_index != rows).nonzero().squeeze(-1)
    if not moved.numel():
        return
    taken = beam_index[moved]
    for buffer in buffers:
        part = buffer[..., :held, :]
        part.index_copy_(0, moved, part.index_select(0, taken))


def _norm(functional: Any, module: Any, x: Any) -> Any:
    return functional.layer_norm(x, module.normalized_shape, module.weight, module.bias, module.eps)


def _heads(functional: Any, proj: Any, x: Any, head_dim: int) -> Any:
    """A projection of one step, split into heads: (rows, heads, 1, head_dim)."""
    return (
        functional.linear(x, proj.weight, proj.bias)
        .view(x.shape[0], 1, -1, head_dim)
        .transpose(1, 2)
    )


def _attended(
    functional: Any, attention: Any, query: Any, keys: Any, values: Any, mask: Any, n: int
) -> Any:
    out = functional.scaled_dot_product_attention(
        query, keys, values, attn_mask=mask, dropout_p=0.0, scale=attention.scaling
    )
    out = out.transpose(1, 2).contiguous().reshape(n, 1, -1).contiguous()
    return functional.linear(out, attention.out_proj.weight, attention.out_proj.bias)
