"""The backend interface: a sequence-to-sequence translation model behind a tokenizer.

:class:`Backend` implements the public methods once (validation, family token conventions,
length-sorted batching, forced prefixes, scoring, order restoring) over three private hooks
that a backend implements on token ids: ``_generate_batch``, ``_score_batch`` and
``_attention_batch``.

Scores are average log-probabilities per target token, computed by teacher forcing over the
sentence's own tokens and the end-of-sentence token (the forced language token excluded), so
``generate`` and ``score`` give comparable numbers: higher is better, 0 is the maximum.
"""

from __future__ import annotations

import logging
import math
import warnings
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

from toolkit.errors import InputError, MissingDependencyError, ModelError
from toolkit.translate.backends.codec import Codec

log = logging.getLogger(__name__)

DEFAULT_MAX_SEQUENCES = 64
"""Sequences a call decodes at once (sources times beams): 16 sources with a beam of 4, 64
greedy ones."""
REFERENCE_BEAM = 4
"""Attention, which keeps every layer's weights, takes as many sources a call as a beam
search of this width."""


@dataclass(frozen=True)
class Hypothesis:
    """One translation of one source sentence."""

    text: str
    score: float
    """Average log-probability per target token (higher is better)."""
    tokens: tuple[str, ...] = ()
    """Target tokens, forced prefix included, special tokens excluded."""
    finished: bool = True
    """False when generation stopped at the length limit instead of an end-of-sentence token."""


@dataclass(frozen=True)
class SourceAttention:
    """Cross-attention of each target token over the source tokens.

    ``weights[j][i]`` is the attention of target token ``j`` (at the step that produced it)
    on source token ``i``. Special tokens are left out on both sides, so rows need not sum
    to one.
    """

    source_tokens: tuple[str, ...]
    target_tokens: tuple[str, ...]
    weights: tuple[tuple[float, ...], ...]

    def aligned_source(self) -> tuple[int, ...]:
        """For each target token, the index of the source token it attends to most (-1: none)."""
        return tuple(
            max(range(len(row)), key=row.__getitem__) if row else -1 for row in self.weights
        )


@dataclass(frozen=True)
class DecodeRequest:
    """What a backend decodes for one source sentence (ids, with the family's specials)."""

    source: tuple[int, ...]
    start: tuple[int, ...]
    """Forced target ids: language token (if any), then the content ids of the prefix."""
    max_new_tokens: int


@dataclass(frozen=True)
class DecodeOptions:
    beam_size: int
    num_hypotheses: int
    sampling: bool
    repetition_penalty: float
    no_repeat_ngram_size: int
    min_new_tokens: int
    seed: int | None = None
    """The seed of the random draws of ``sampling``, set before each request (decoded alone)."""


@dataclass(frozen=True)
class DecodedIds:
    """Raw output of ``_generate_batch``: target ids after the forced ones."""

    ids: tuple[int, ...]
    """Generated ids, end-of-sentence excluded."""
    finished: bool
    logprobs: tuple[float, ...] | None = None
    """The search's log-probability of each id, then of the end token if ``finished``; None
    where the search did not keep them (the hypothesis is then scored by teacher forcing)."""


class Backend(ABC):
    """A translation model loaded for inference.

    Attributes: ``name`` (backend, ``"hf"`` or ``"ct2"``), ``model_id`` (as given by the
    user), ``path`` (checkpoint directory), ``family`` (``"nllb"``, ``"m2m100"``,
    ``"marian"``), ``device``, ``max_source_tokens`` (the most tokens ``count_tokens`` may
    report for one source sentence) and ``max_sequences`` (sequences decoded in one model
    call: sources times beams, so a greedy call takes four times the sources of a beam of 4).
    """

    name: ClassVar[str] = ""
    search_end_shown: ClassVar[bool] = False
    """Whether a beam search that returns as many hypotheses as its beam shows the step it
    ended at (the hypothesis completed last is among them), so that a search may ride in a
    call decoded to a shorter length than its own: where it ended before that call's last
    step, it is what it is alone (:meth:`_beam_searches`)."""

    def __init__(
        self,
        model_id: str,
        path: Path,
        family: str,
        *,
        device: str = "cpu",
        compute_type: str | None = None,
    ) -> None:
        self.model_id = model_id
        self.path = Path(path)
        self.family = family
        self.device = device
        self.compute_type = compute_type
        self.max_sequences = DEFAULT_MAX_SEQUENCES
        tokenizer, config = _load_tokenizer_and_config(self.path, model_id)
        self.codec = Codec(tokenizer, config, family, model_id)
        # A checkpoint built for tests says so in its config (``toolkit_test_model``).
        self.test_model: str | None = getattr(config, "toolkit_test_model", None)
        self.max_source_tokens: int = self.codec.max_positions - 2
        self._max_target_positions: int = self.codec.max_positions
        self._load()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.model_id!r} {self.family} on {self.device}>"

    @property
    def signature(self) -> dict[str, str]:
        """The settings that determine this backend's output, for result signatures."""
        out = {
            "backend": self.name,
            "model": self.model_id,
            "family": self.family,
            "device": self.device,
            "compute_type": self.compute_type or "float32",
            "search_cap": SEARCH_CAP,
        }
        if self.test_model:
            out["test_model"] = str(self.test_model)
        return out

    # -- hooks ---------------------------------------------------------------------------------

    @abstractmethod
    def _load(self) -> None:
        """Load the model (the tokenizer is loaded already)."""

    @abstractmethod
    def _generate_batch(
        self, requests: Sequence[DecodeRequest], options: DecodeOptions
    ) -> list[list[DecodedIds]]:
        """Decode each request; return ``options.num_hypotheses`` outputs per request.

        Outputs may run past a request's ``max_new_tokens``; the caller truncates.
        """

    @abstractmethod
    def _score_batch(
        self, sources: Sequence[Sequence[int]], targets: Sequence[Sequence[int]]
    ) -> list[list[float]]:
        """Log-probability of each target id, then of end-of-sentence (``len + 1`` values)."""

    @abstractmethod
    def _attention_batch(
        self, sources: Sequence[Sequence[int]], targets: Sequence[Sequence[int]]
    ) -> list[list[list[float]]]:
        """Cross-attention rows (one per target id, over all source ids)."""

    # -- public API ----------------------------------------------------------------------------

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Source length of each text in tokens, special tokens included."""
        return self.codec.count(texts)

    def generate(
        self,
        sources: list[str],
        src_lang: str,
        tgt_lang: str,
        *,
        beam_size: int = 4,
        num_hypotheses: int = 1,
        max_new_tokens: list[int] | None = None,
        prefixes: list[str | None] | None = None,
        sampling: bool = False,
        repetition_penalty: float = 1.0,
        no_repeat_ngram_size: int = 0,
        min_new_tokens: int = 0,
        rescore: bool = True,
        seed: int | None = None,
    ) -> list[list[Hypothesis]]:
        """Translate each source; return ``num_hypotheses`` hypotheses per source, best first.

        ``max_new_tokens[i]`` bounds the tokens generated for source ``i`` (default
        ``2 * source tokens + 10``), capped by the model's positional limit. ``prefixes[i]``,
        when not None, is target text the output must start with; the returned text starts
        with it (trailing whitespace excepted). ``sampling`` draws hypotheses at random
        (nucleus sampling, p=0.9) instead of beam search. ``min_new_tokens`` forbids ending
        earlier (for benchmarks). ``rescore=False`` skips the teacher-forced scoring pass and
        leaves every score NaN (for a caller that ranks nothing). ``seed`` makes ``sampling``
        reproducible: each source is then decoded alone, its draws seeded with ``seed``, so
        they depend neither on the other sources nor on earlier calls (the ct2 backend,
        whose generators cannot be reseeded, draws among a beam's hypotheses instead). A source over
        ``max_source_tokens`` raises ``InputError``: split it first.
        """
        n = len(sources)
        if max_new_tokens is not None and len(max_new_tokens) != n:
            raise ValueError("max_new_tokens must have one entry per source")
        if prefixes is not None and len(prefixes) != n:
            raise ValueError("prefixes must have one entry per source")
        if beam_size < 1 or num_hypotheses < 1:
            raise ValueError("beam_size and num_hypotheses must be at least 1")
        self.codec.check_pair(src_lang, tgt_lang)
        options = DecodeOptions(
            beam_size=1 if sampling else max(beam_size, num_hypotheses),
            num_hypotheses=num_hypotheses,
            sampling=sampling,
            repetition_penalty=repetition_penalty,
            no_repeat_ngram_size=no_repeat_ngram_size,
            min_new_tokens=max(0, min_new_tokens),
            seed=seed if sampling else None,
        )
        source_ids = self._checked_sources(sources, src_lang, tgt_lang)
        forced = self.codec.forced_ids(tgt_lang)
        prefix_list = prefixes if prefixes is not None else [None] * n
        requests: dict[int, DecodeRequest] = {}  # sources with something to translate
        n_prefix: dict[int, int] = {}
        for i, (ids, prefix) in enumerate(zip(source_ids, prefix_list, strict=True)):
            if not sources[i].strip() and not prefix:
                continue
            pre = self.codec.prefix_ids(prefix) if prefix else []
            start = (*forced, *pre)
            room = self._max_target_positions - 1 - len(start)
            if room < 1:
                raise InputError(f"prefix of source {i + 1} is too long for the model")
            wanted = max_new_tokens[i] if max_new_tokens is not None else 2 * len(ids) + 10
            requests[i] = DecodeRequest(tuple(ids), start, max(1, min(wanted, room)))
            n_prefix[i] = len(pre)

        # Seeded draws: one source a call, so that its draws do not depend on its batch.
        beams = max(options.beam_size, options.num_hypotheses)
        size = 1 if options.seed is not None else max(1, self.max_sequences // beams)
        lengths = {i: len(source_ids[i]) for i in requests}
        if options.beam_size > 1 and not options.sampling:
            # A beam search decodes up to a length set by its request alone (a batch is
            # decoded up to its longest, and a search that runs longer can rank its
            # hypotheses otherwise), so that its batch does not change its result.
            capped = {
                i: replace(
                    req,
                    max_new_tokens=self._search_cap(req, options.min_new_tokens) - len(req.start),
                )
                for i, req in requests.items()
            }
            decoded = self._beam_searches(capped, lengths, size, options)
        else:
            # Greedy search and sampling: the first tokens do not depend on how long the batch
            # runs, and the caller cuts each output to its own budget.
            decoded = self._decoded_in_chunks(requests, lengths, size, options)

        # Truncate to each limit, then score every hypothesis: by the log-probabilities the
        # search kept, where it kept them for every hypothesis and no prefix was forced (they
        # are what a teacher-forced pass would compute, but for float rounding); else by
        # teacher forcing.
        flat: list[tuple[int, tuple[int, ...], bool]] = []
        kept: list[tuple[float, ...] | None] = []
        for i, req in requests.items():
            prefix_ids = req.start[len(forced) :]
            for out in decoded[i]:
                gen = out.ids[: req.max_new_tokens]
                finished = out.finished and len(out.ids) <= req.max_new_tokens
                flat.append((i, (*prefix_ids, *gen), finished))
                own = None if prefix_ids or out.logprobs is None else out.logprobs
                kept.append(None if own is None else own[: len(gen) + (1 if finished else 0)])
        if not rescore:  # the caller needs no score (one greedy hypothesis)
            scores = [math.nan] * len(flat)
        elif flat and None not in kept:
            scores = [_average(k or ()) for k in kept]
        else:
            scores = self._average_logprobs(
                [source_ids[i] for i, _, _ in flat],
                [c for _, c, _ in flat],
                forced,
                [f for _, _, f in flat],
            )
        results: list[list[Hypothesis]] = [[] for _ in range(n)]
        for (i, content, finished), score in zip(flat, scores, strict=True):
            text = self.codec.text(content, prefix_list[i], n_prefix[i])
            results[i].append(Hypothesis(text, score, tuple(self.codec.tokens(content)), finished))
        for i in range(n):
            if i not in requests:
                results[i] = [Hypothesis("", 0.0)] * num_hypotheses
            results[i].sort(key=lambda h: h.score, reverse=True)
        return results

    def _decoded(
        self, chunk: list[int], requests: list[DecodeRequest], options: DecodeOptions
    ) -> dict[int, list[DecodedIds]]:
        """One ``_generate_batch`` call: each index of ``chunk`` with its outputs."""
        outputs = self._generate_batch(requests, options)
        if len(outputs) != len(chunk):
            raise ModelError(
                f"{self.name} backend returned {len(outputs)} results for {len(chunk)} sources"
            )
        return dict(zip(chunk, outputs, strict=True))

    def _decoded_in_chunks(
        self,
        requests: dict[int, DecodeRequest],
        lengths: dict[int, int],
        size: int,
        options: DecodeOptions,
    ) -> dict[int, list[DecodedIds]]:
        """Every request, in calls of at most ``size`` sources, longest sources first."""
        decoded: dict[int, list[DecodedIds]] = {}
        for chunk in _length_sorted_chunks(list(requests), [lengths[i] for i in requests], size):
            decoded.update(self._decoded(chunk, [requests[i] for i in chunk], options))
        return decoded

    def _beam_searches(
        self,
        requests: dict[int, DecodeRequest],
        lengths: dict[int, int],
        size: int,
        options: DecodeOptions,
    ) -> dict[int, list[DecodedIds]]:
        """Each beam search of ``requests``, decoded up to its own length (start and new
        tokens): in calls of searches of one length, shortest length first, at most ``size``
        sources a call, longest sources first.

        Where the backend shows where a search ended (:attr:`search_end_shown`) and no
        length is fixed (``min_new_tokens``), the last call of each length is topped up to
        ``size`` with searches of longer lengths, each at most once, and every search of
        such a call returns its whole beam (cut to ``num_hypotheses`` after). A rider that
        ended before the call's last step (every hypothesis of its beam finished, the longest
        shorter than the call's length) ended where it would alone, and is not decoded
        again. A model that ends its sentences needs one call where it needed one per
        length; one that does not gets calls no longer and no more numerous than before,
        only wider.

        Where the backend stops each search of a call at its own length
        (:meth:`_stops_each_search`), searches of every length share calls, as greedy
        searches do."""
        if self._stops_each_search(options):
            # no call decodes a search past its own length: searches of every length together
            return self._decoded_in_chunks(requests, lengths, size, options)
        groups: dict[int, list[int]] = {}
        for i, req in requests.items():
            groups.setdefault(len(req.start) + req.max_new_tokens, []).append(i)
        ride = self.search_end_shown and not options.min_new_tokens
        # a riding call returns the whole beam (the same search), cut to those asked after
        asking = replace(options, num_hypotheses=options.beam_size) if ride else options
        decoded: dict[int, list[DecodedIds]] = {}
        rode: set[int] = set()
        for limit in sorted(groups):
            members = [i for i in groups[limit] if i not in decoded]
            if not members:
                continue
            chunks = list(_length_sorted_chunks(members, [lengths[i] for i in members], size))
            if ride:
                riders = sorted(
                    (
                        i
                        for i, req in requests.items()
                        if i not in decoded
                        and i not in rode
                        and len(req.start) + req.max_new_tokens > limit
                        and limit - len(req.start) >= 2
                    ),
                    key=lambda i: (
                        len(requests[i].start) + requests[i].max_new_tokens,
                        lengths[i],
                    ),
                )[: size - len(chunks[-1])]
                rode.update(riders)
                chunks[-1] = chunks[-1] + riders
            for chunk in chunks:
                asked = [
                    replace(requests[i], max_new_tokens=limit - len(requests[i].start))
                    for i in chunk
                ]
                for i, out in self._decoded(chunk, asked, asking).items():
                    own = len(requests[i].start) + requests[i].max_new_tokens
                    if own == limit or _ended_before(out, len(requests[i].start), limit):
                        decoded[i] = out[: options.num_hypotheses]
        return decoded

    def _stops_each_search(self, options: DecodeOptions) -> bool:
        """Whether each beam search of a call stops at its own length (start and new tokens)
        and ends as it would alone, so that searches of several lengths share a call
        (:meth:`_beam_searches`). Not by default: a call decodes up to its longest."""
        return False

    def _search_cap(self, request: DecodeRequest, min_new_tokens: int = 0) -> int:
        """Where a beam search for ``request`` stops at the latest: its start and budget
        rounded up to one of :data:`SEARCH_CAPS`, within the model's limit; the
        hypotheses are cut to the budget after. A search that may not end before its budget
        (``min_new_tokens``, for benchmarks) stops at it: every hypothesis runs there."""
        wanted = len(request.start) + request.max_new_tokens
        if min_new_tokens >= request.max_new_tokens:
            return wanted
        limit = self._max_target_positions - 1
        return min(next((c for c in SEARCH_CAPS if c >= wanted), limit), limit)

    def score(
        self, sources: list[str], targets: list[str], src_lang: str, tgt_lang: str
    ) -> list[float]:
        """Average log-probability per token of each target given its source (teacher forcing)."""
        if len(sources) != len(targets):
            raise ValueError("score needs one target per source")
        self.codec.check_pair(src_lang, tgt_lang)
        source_ids = self._checked_sources(sources, src_lang, tgt_lang)
        forced = self.codec.forced_ids(tgt_lang)
        target_ids = self._checked_targets(targets, len(forced))
        return self._average_logprobs(source_ids, target_ids, forced, [True] * len(targets))

    def source_attention(
        self, sources: list[str], targets: list[str], src_lang: str, tgt_lang: str
    ) -> list[SourceAttention]:
        """Cross-attention of each target over its source (see :class:`SourceAttention`)."""
        if len(sources) != len(targets):
            raise ValueError("source_attention needs one target per source")
        self.codec.check_pair(src_lang, tgt_lang)
        source_ids = self._checked_sources(sources, src_lang, tgt_lang)
        forced = self.codec.forced_ids(tgt_lang)
        target_ids = self._checked_targets(targets, len(forced))
        full = [[*forced, *ids] for ids in target_ids]
        rows: dict[int, list[list[float]]] = {}
        for chunk in _length_sorted_chunks(
            list(range(len(sources))),
            [len(s) for s in source_ids],
            max(1, self.max_sequences // REFERENCE_BEAM),
        ):
            out = self._attention_batch([source_ids[i] for i in chunk], [full[i] for i in chunk])
            rows.update(zip(chunk, out, strict=True))
        result = []
        for i, ids in enumerate(target_ids):
            cols = self.codec.source_content_slice(len(source_ids[i]))
            matrix = rows[i][len(forced) : len(forced) + len(ids)]
            result.append(
                SourceAttention(
                    source_tokens=tuple(self.codec.tokens(source_ids[i][cols])),
                    target_tokens=tuple(self.codec.tokens(ids)),
                    weights=tuple(tuple(float(x) for x in row[cols]) for row in matrix),
                )
            )
        return result

    # -- helpers -------------------------------------------------------------------------------

    def _checked_sources(
        self, sources: Sequence[str], src_lang: str, tgt_lang: str
    ) -> list[list[int]]:
        source_ids = self.codec.source_ids(sources, src_lang, tgt_lang)
        for i, ids in enumerate(source_ids):
            if len(ids) > self.max_source_tokens:
                raise InputError(
                    f"sentence {i + 1} has {len(ids)} tokens, over the limit of "
                    f"{self.max_source_tokens} of model '{self.model_id}': split it first"
                )
        return source_ids

    def _checked_targets(self, targets: Sequence[str], n_forced: int) -> list[list[int]]:
        target_ids = self.codec.target_ids(targets)
        limit = self._max_target_positions - 1 - n_forced  # the decoder start token
        for i, ids in enumerate(target_ids):
            if len(ids) > limit:
                raise InputError(
                    f"target {i + 1} has {len(ids)} tokens, over the limit of {limit} of "
                    f"model '{self.model_id}'"
                )
        return target_ids

    def _average_logprobs(
        self,
        sources: Sequence[Sequence[int]],
        contents: Sequence[Sequence[int]],
        forced: Sequence[int],
        with_eos: Sequence[bool],
    ) -> list[float]:
        values: dict[int, float] = {}
        order = list(range(len(sources)))
        for chunk in _length_sorted_chunks(
            order,
            [len(s) + len(c) for s, c in zip(sources, contents, strict=True)],
            self.max_sequences,
        ):
            logprobs = self._score_batch(
                [sources[k] for k in chunk], [[*forced, *contents[k]] for k in chunk]
            )
            for k, lps in zip(chunk, logprobs, strict=True):
                kept = lps[len(forced) : len(forced) + len(contents[k]) + (1 if with_eos[k] else 0)]
                values[k] = _average(kept)
        return [values[k] for k in order]


SEARCH_CAPS = tuple(sorted({b << k for k in range(3, 16) for b in (2, 3)}))
"""The lengths a beam search decodes up to: 2^k and 3·2^(k-1) tokens."""
SEARCH_CAP = "beam search up to start + budget rounded up to 2^k or 3*2^(k-1) tokens, then cut"
"""How :data:`SEARCH_CAPS` is used, in every signature (it changes what a search returns)."""


def _average(logprobs: Sequence[float]) -> float:
    """A hypothesis's score: the average log-probability of its tokens (0 for none)."""
    return sum(logprobs) / len(logprobs) if logprobs else 0.0


def _ended_before(hypotheses: Sequence[DecodedIds], start: int, limit: int) -> bool:
    """Whether a beam search decoded up to ``limit`` tokens (``start`` of them forced) ended
    before its last step: every hypothesis finished, the longest (end token included)
    shorter than ``limit``."""
    return bool(hypotheses) and all(
        h.finished and start + len(h.ids) + 1 < limit for h in hypotheses
    )


def _length_sorted_chunks(
    indices: Sequence[int], lengths: Sequence[int], size: int
) -> Iterator[list[int]]:
    """Split ``indices`` into chunks of at most ``size``, longest first, to limit padding."""
    ranked = sorted(range(len(indices)), key=lambda k: -lengths[k])
    for start in range(0, len(ranked), max(1, size)):
        yield [indices[k] for k in ranked[start : start + size]]


def _load_tokenizer_and_config(path: Path, model_id: str) -> tuple[Any, Any]:
    try:
        from transformers import AutoConfig, AutoTokenizer
        from transformers.utils import logging as hf_logging
    except ImportError:
        raise MissingDependencyError(
            "translation models need transformers: pip install 'toolkit[hf]' (or 'toolkit[all]')"
        ) from None
    # The toolkit shows its own progress; transformers' per-load weight bars are noise.
    hf_logging.disable_progress_bar()
    try:
        config = AutoConfig.from_pretrained(path, local_files_only=True)
        with warnings.catch_warnings():
            # MarianTokenizer asks for sacremoses on every load; it is optional
            warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
            tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"cannot load the tokenizer of '{model_id}' from {path}: {exc}") from None
    return tokenizer, config
