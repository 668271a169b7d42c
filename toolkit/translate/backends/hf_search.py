"""Greedy and beam search for the hf backend on the CPU: what transformers' ``generate``
finds, step for step, less the rows whose outcome is settled.

``generate`` runs every row of a call until the last one ends: a greedy row that has ended
goes on producing pads, and a source whose beam search is settled keeps its beams running.
These searches take such rows out of the batch (their cache, encoder output and masks), so
a call costs what its unsettled rows cost. A row's numbers do not depend on the other rows
of its batch (``benchmarks/hf_exact.py``), so taking rows out changes no token.

They follow ``generate``'s own rules: the greedy token is the arg-max of the logits; a beam
search keeps the best ``2 × beams`` continuations of a source's beams, those ending (the end
token, or the source's length) enter its finished hypotheses scored by their summed
log-probabilities over ``length ** length_penalty``, and a source is settled by
transformers' early-stopping heuristic (``early_stopping`` and ``length_penalty`` read from
the model's generation config, as ``generate`` reads them). They run only where ``generate``
would apply no logits processor but the backend's blocked tokens (:func:`plain_config`);
``tests/translate/test_hf_search.py`` holds them to ``generate``'s output."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

NEG = -1.0e9
"""transformers' stand-in for minus infinity in a beam search."""

_IGNORED = frozenset(
    {
        # set by the backend on every call, whatever the config says
        "num_beams",
        "num_return_sequences",
        "do_sample",
        "max_new_tokens",
        "max_length",
        "repetition_penalty",
        "no_repeat_ngram_size",
        "forced_bos_token_id",
        "forced_eos_token_id",
        "eos_token_id",
        "pad_token_id",
        "decoder_start_token_id",
        # read by these searches as generate reads them
        "early_stopping",
        "length_penalty",
        # changing nothing in a search without sampling
        "bos_token_id",
        "temperature",
        "top_k",
        "top_p",
        "typical_p",
        "epsilon_cutoff",
        "eta_cutoff",
        "output_attentions",
        "output_hidden_states",
        "output_scores",
        "output_logits",
        "return_dict_in_generate",
        "transformers_version",
        "_from_model_config",
    }
)
"""Generation-config entries under which ``generate`` applies no logits processor of its
own to a call of the backend's (any other entry set sends the call to ``generate``)."""


@dataclass(frozen=True)
class Found:
    """One hypothesis, as ``generate`` returns it: the start, the tokens, then the end token
    if it came (and fill up to a common length); with ``logprobs``, the search's
    log-probability of each of them (0 for the start and the fill)."""

    ids: list[int]
    logprobs: list[float] | None = None


def plain_config(model: Any, blocked: Sequence[int]) -> bool:
    """Whether the model's generation config leaves ``generate`` nothing to do that these
    searches do not: no entry outside :data:`_IGNORED` set, but ``min_length`` 0, the cache
    on, and ``bad_words_ids`` naming the ``blocked`` tokens (Marian's pad)."""
    config = model.generation_config
    if getattr(config, "cache_implementation", None) is not None:
        return False
    for key, value in config.to_diff_dict().items():
        if key in _IGNORED or value is None:
            continue
        if key == "min_length" and value == 0:
            continue
        if key == "use_cache" and value is True:
            continue
        if key == "bad_words_ids" and sorted(value) == sorted([b] for b in blocked):
            continue
        return False
    return True


class Rows:
    """The model calls of one search: the encoder's output and mask, the decoder's mask (for
    starts padded on the left), the cache and the position shift, one row per hypothesis;
    rows are taken out with :meth:`keep`."""

    def __init__(
        self,
        model: Any,
        cache_name: str,
        cache: Any,
        encoder_hidden: Any,
        encoder_mask: Any,
        decoder_mask: Any | None,
        blocked: Sequence[int],
        on_keep: Callable[[list[int]], None],
    ) -> None:
        from transformers.modeling_outputs import BaseModelOutput

        self._model = model
        self._cache_name = cache_name
        self.cache = cache
        self._hidden = encoder_hidden
        self._mask = encoder_mask
        self._decoder_mask = decoder_mask
        self._blocked = list(blocked)
        self._on_keep = on_keep
        self._output = BaseModelOutput

    def logits(self, decoder_ids: Any) -> Any:
        """The next token's logits (float32) for each row; the decoder's mask grows by the
        step, as ``generate`` grows it."""
        kwargs: dict[str, Any] = {self._cache_name: self.cache}
        if self._decoder_mask is not None:
            kwargs["decoder_attention_mask"] = self._decoder_mask
        out = self._model(
            encoder_outputs=self._output(last_hidden_state=self._hidden),
            attention_mask=self._mask,
            decoder_input_ids=decoder_ids,
            use_cache=True,
            return_dict=True,
            **kwargs,
        )
        if self._decoder_mask is not None:
            ones = self._decoder_mask.new_ones((self._decoder_mask.shape[0], 1))
            self._decoder_mask = self._torch().cat([self._decoder_mask, ones], dim=-1)
        return out.logits[:, -1, :].to(copy=True, dtype=self._torch().float32)

    def greedy_scores(self, decoder_ids: Any) -> Any:
        """The logits with the blocked tokens at minus infinity: what ``generate``'s greedy
        search takes the arg-max of."""
        logits = self.logits(decoder_ids)
        if self._blocked:
            logits[:, self._blocked] = float("-inf")
        return logits

    def log_probs(self, decoder_ids: Any) -> Any:
        """The log-probabilities, then the blocked tokens at minus infinity: what
        ``generate``'s beam search ranks (its processors run after ``log_softmax``)."""
        log_probs = self._torch().log_softmax(self.logits(decoder_ids), dim=-1)
        if self._blocked:
            log_probs[:, self._blocked] = float("-inf")
        return log_probs

    def reorder(self, beam_index: Any) -> None:
        """Row ``i`` goes on from row ``beam_index[i]`` (a beam search's step)."""
        self.cache.reorder_cache(beam_index)

    def keep(self, rows: list[int]) -> None:
        """Only ``rows`` (in this order) go on."""
        index = self._torch().tensor(rows, device=self._hidden.device)
        self.cache.batch_select_indices(index)
        self._hidden = self._hidden[index]
        self._mask = self._mask[index]
        if self._decoder_mask is not None:
            self._decoder_mask = self._decoder_mask[index]
        self._on_keep(rows)

    @staticmethod
    def _torch() -> Any:
        import torch

        return torch


def greedy(rows: Rows, starts: Any, limits: Sequence[int], eos: int) -> list[Found]:
    """Each start's greedy continuation, as ``generate`` returns it (start, tokens, then
    the end token if it came); ``limits[i]`` is row ``i``'s whole length at most."""
    import torch

    width = starts.shape[1]
    out = [list(row) for row in starts.tolist()]
    alive = list(range(len(out)))
    step = starts
    length = width
    while alive:
        tokens = rows.greedy_scores(step).argmax(dim=-1)
        length += 1
        going = []
        for k, (row, token) in enumerate(zip(alive, tokens.tolist(), strict=True)):
            out[row].append(token)
            if token != eos and length < limits[row]:
                going.append(k)
        if len(going) < len(alive):
            if not going:
                break
            rows.keep(going)
            alive = [alive[k] for k in going]
            tokens = tokens[torch.tensor(going)]
        step = tokens.unsqueeze(-1)
    return [Found(ids) for ids in out]


def beam(
    rows: Rows,
    starts: Any,
    limits: Sequence[int],
    *,
    eos: int,
    pad: int,
    beams: int,
    returned: int,
    length_penalty: float,
    early_stopping: bool | str,
    logprobs: bool = False,
) -> list[list[Found]]:
    """Each start's ``returned`` best hypotheses of a beam search of ``beams``, best first,
    as ``generate`` returns them; ``rows`` holds ``beams`` rows per start. ``logprobs``: each
    token's log-probability is kept with it (the search computed it: a teacher-forced
    pass would compute it again, equal but for float rounding)."""
    import torch

    n, width = starts.shape
    max_length = max(limits)
    fill = pad or eos  # generate's fill value
    running_seqs = starts.new_full((n, beams, max_length), fill)
    running_seqs[:, :, :width] = starts[:, None, :]
    finished_seqs = running_seqs.clone()
    running_lps = torch.zeros((n, beams, max_length) if logprobs else (n, beams, 0))
    finished_lps = running_lps.clone()
    running = torch.zeros((n, beams))
    running[:, 1:] = NEG
    finished = torch.full((n, beams), NEG)
    held = torch.zeros((n, beams), dtype=torch.bool)  # a slot holds a finished hypothesis
    limit = torch.tensor(list(limits))
    top_beams = torch.cat(
        [torch.ones(beams, dtype=torch.bool), torch.zeros(beams, dtype=torch.bool)]
    )
    alive = list(range(n))
    results: list[list[Found]] = [[] for _ in range(n)]
    step = running_seqs[:, :, :width].reshape(n * beams, width)
    length = width
    while True:
        m = len(alive)
        log_probs = rows.log_probs(step)
        vocab = log_probs.shape[-1]
        totals = (log_probs.view(m, beams, vocab) + running[:, :, None]).view(m, beams * vocab)
        top, index = torch.topk(totals, 2 * beams)
        origin = index // vocab
        tokens = index % vocab
        candidates = torch.take_along_dim(running_seqs, origin[:, :, None], dim=1)
        candidates[:, :, length] = tokens
        candidate_lps = torch.take_along_dim(running_lps, origin[:, :, None], dim=1)
        if logprobs:
            candidate_lps[:, :, length] = log_probs.reshape(m, beams * vocab).gather(1, index)
        ends = (tokens == eos) | (length + 1 >= limit[:, None])
        # the best continuations that go on
        going_scores = top + ends.to(torch.float32) * NEG
        best = torch.topk(going_scores, beams)[1]
        running_seqs = torch.take_along_dim(candidates, best[:, :, None], dim=1)
        running_lps = torch.take_along_dim(candidate_lps, best[:, :, None], dim=1)
        running = torch.take_along_dim(going_scores, best, dim=1)
        rows_from = origin + torch.arange(m)[:, None] * beams
        beam_index = torch.take_along_dim(rows_from, best, dim=1).reshape(-1)
        # the best of those ending join the finished hypotheses
        ended = ends & top_beams[None, :]
        scores = top / ((length + 1 - width) ** length_penalty) + (~ended) * NEG
        merged = torch.cat([finished, scores], dim=1)
        chosen = torch.topk(merged, beams)[1]
        finished_seqs = torch.take_along_dim(
            torch.cat([finished_seqs, candidates], dim=1), chosen[:, :, None], dim=1
        )
        finished_lps = torch.take_along_dim(
            torch.cat([finished_lps, candidate_lps], dim=1), chosen[:, :, None], dim=1
        )
        finished = torch.take_along_dim(merged, chosen, dim=1)
        held = torch.take_along_dim(torch.cat([held, ended], dim=1), chosen, dim=1)
        rows.reorder(beam_index)
        length += 1
        # settled: no running beam can beat the worst finished hypothesis
        if early_stopping == "never" and length_penalty > 0.0:
            best_length = max_length - width
        else:
            best_length = length - width
        best_possible = running[:, :1] / (best_length**length_penalty)
        worst = torch.where(held, torch.min(finished, dim=1, keepdim=True)[0], NEG)
        settled = ~torch.any(best_possible > worst, dim=-1)
        if early_stopping is True:  # generate adds nothing to a source's full slots then
            settled |= torch.all(held, dim=-1)
        if bool(torch.all(ends)):  # no continuation goes on: generate stops
            settled[:] = True
        done = settled.tolist()
        if not any(done):
            step = running_seqs[:, :, length - 1].reshape(m * beams, 1)
            continue
        for k, source in enumerate(alive):
            if done[k]:
                ids = finished_seqs[k, :returned].tolist()
                lps = finished_lps[k, :returned].tolist() if logprobs else [None] * returned
                results[source] = [Found(i, p) for i, p in zip(ids, lps, strict=True)]
        going = [k for k in range(m) if not done[k]]
        if not going:
            return results
        keep = torch.tensor(going)
        rows.keep([k * beams + b for k in going for b in range(beams)])
        alive = [alive[k] for k in going]
        running_seqs, running = running_seqs[keep], running[keep]
        finished_seqs, finished, held = finished_seqs[keep], finished[keep], held[keep]
        running_lps, finished_lps = running_lps[keep], finished_lps[keep]
        limit = limit[keep]
        step = running_seqs[:, :, length - 1].reshape(len(going) * beams, 1)
