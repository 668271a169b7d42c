"""The translation interface; its value objects live in :mod:`toolkit.results`.

A :class:`Translator` turns source sentences into hypotheses for one language pair. Its core
is one abstract method for decoding (``generate``); ``translate`` is built on it. What else a
translator can do it declares in :attr:`Translator.capabilities` (:data:`CAPABILITIES`: n-best
lists, continuing a forced target prefix, scoring a given target, cross-attention, counting
the model's own tokens), so that callers choose their strategies from the declaration; a
member it lacks raises :class:`Unsupported` (an ``InputError``). Behaviour composes by
wrapping: :class:`ModelTranslator` puts a loaded model backend behind the interface,
:class:`PivotTranslator` chains two (fa→en→ru through Marian models), and the engine adds
glossary enforcement and the translation memory around any of them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from toolkit.errors import ConfigError, InputError
from toolkit.results import (
    PROBLEM_KINDS,
    REVIEW_STATUSES,
    TERM_STATUSES,
    Problem,
    SegmentTranslation,
    TermOutcome,
    Translation,
)
from toolkit.signature import Signature

__all__ = [
    "PROBLEM_KINDS",
    "REVIEW_STATUSES",
    "TERM_STATUSES",
    "Problem",
    "SegmentTranslation",
    "TermOutcome",
    "Translation",
]

if TYPE_CHECKING:
    from toolkit.translate.backends.base import Backend, Hypothesis, SourceAttention

N_BEST = "n-best"
"""``generate`` gives up to ``num_hypotheses`` distinct hypotheses per source, best first."""
PREFIX = "prefix"
"""``generate`` continues a forced target prefix (``prefixes``)."""
SCORE = "score"
"""``score`` gives the model's log-probability of a given target, and hypotheses carry one."""
ATTENTION = "attention"
"""``attention`` gives the cross-attention of a target over its source."""
TOKEN_COUNT = "token-count"
"""``count_tokens`` counts the model's own tokens (without it: an estimate from the length)."""
INDEPENDENT = "independent"
"""Each source of a greedy ``generate`` batch is translated on its own: the batch gives what
one call per source gives (a model run here; not a server that reads a batch as one document
with context)."""
CAPABILITIES: tuple[str, ...] = (N_BEST, PREFIX, SCORE, ATTENTION, TOKEN_COUNT, INDEPENDENT)
"""What a translator may declare beside its core (decoding one hypothesis per source)."""
ALL_CAPABILITIES = frozenset(CAPABILITIES)


class Unsupported(InputError):
    """A translator was asked for something it does not declare in its capabilities.

    An ``InputError``, as a sentence too long for the model to score or continue is: the
    term enforcer, which catches that, degrades to what the translator can do.
    """


class Translator(ABC):
    """Translates sentences from ``source_language`` into ``target_language``."""

    source_language: str = "fa"
    target_language: str = ""
    capabilities: frozenset[str] = frozenset()
    """What this translator can do beside its core (:data:`CAPABILITIES`)."""

    def can(self, capability: str) -> bool:
        """True when this translator declares ``capability`` (one of :data:`CAPABILITIES`)."""
        return capability in self.capabilities

    @abstractmethod
    def generate(
        self,
        sources: list[str],
        *,
        num_hypotheses: int = 1,
        beam_size: int = 4,
        prefixes: list[str | None] | None = None,
        max_new_tokens: list[int] | None = None,
        **decoding: Any,
    ) -> list[list[Hypothesis]]:
        """Hypotheses per source, best first; ``prefixes[i]`` forces the start of output ``i``."""

    def score(self, sources: list[str], targets: list[str]) -> list[float]:
        """Average log-probability per token of each target given its source (:data:`SCORE`)."""
        raise Unsupported(f"{type(self).__name__} cannot score a given translation")

    @abstractmethod
    def count_tokens(self, texts: list[str]) -> list[int]:
        """Source length of each text in model tokens (an estimate without :data:`TOKEN_COUNT`)."""

    @property
    @abstractmethod
    def max_source_tokens(self) -> int:
        """The longest source (in tokens) the model accepts."""

    @property
    @abstractmethod
    def signature(self) -> Signature:
        """The settings that determine the output (model, backend, ...)."""

    def attention(self, sources: list[str], targets: list[str]) -> list[SourceAttention] | None:
        """Cross-attention of each target over its source, when the model can tell
        (:data:`ATTENTION`)."""
        return None

    def translate(self, sources: list[str]) -> list[str]:
        return [hyps[0].text for hyps in self.generate(sources)]

    def expect(self, documents: Sequence[str]) -> None:
        """The documents about to be translated, in order. A translator that sends whole
        windows of a document (an LLM server) keeps their sentences in this order, with the
        previous window as context; a sentence-level translator needs nothing."""
        return None


class ModelTranslator(Translator):
    """A loaded model backend (``hf`` or ``ct2``) for one language pair."""

    capabilities = ALL_CAPABILITIES

    def __init__(self, backend: Backend, source_language: str, target_language: str) -> None:
        self.backend = backend
        self.source_language = source_language
        self.target_language = target_language
        self._signature: Signature | None = None
        backend.codec.check_pair(source_language, target_language)

    def generate(
        self,
        sources: list[str],
        *,
        num_hypotheses: int = 1,
        beam_size: int = 4,
        prefixes: list[str | None] | None = None,
        max_new_tokens: list[int] | None = None,
        **decoding: Any,
    ) -> list[list[Hypothesis]]:
        return self.backend.generate(
            sources,
            self.source_language,
            self.target_language,
            num_hypotheses=num_hypotheses,
            beam_size=max(beam_size, num_hypotheses),
            prefixes=prefixes,
            max_new_tokens=max_new_tokens,
            **decoding,
        )

    def score(self, sources: list[str], targets: list[str]) -> list[float]:
        return self.backend.score(sources, targets, self.source_language, self.target_language)

    def attention(self, sources: list[str], targets: list[str]) -> list[SourceAttention] | None:
        return self.backend.source_attention(
            sources, targets, self.source_language, self.target_language
        )

    def count_tokens(self, texts: list[str]) -> list[int]:
        return self.backend.count_tokens(texts)

    @property
    def max_source_tokens(self) -> int:
        return self.backend.max_source_tokens

    @property
    def signature(self) -> Signature:
        if self._signature is None:
            self._signature = self._model_signature()
        return self._signature

    def _model_signature(self) -> Signature:
        info = dict(self.backend.signature)
        return Signature.create(
            "model",
            model=info.get("model"),
            revision=model_revision(self.backend.path),
            backend=info.get("backend"),
            compute_type=info.get("compute_type"),
            settings={k: v for k, v in info.items() if k not in _MODEL_FIELDS},
        )


class PivotTranslator(Translator):
    """Translates through a pivot language: ``first`` (fa→en) then ``second`` (en→ru).

    Forced prefixes and scores apply to the second leg; the pivot text of each source is
    kept (for the last :attr:`PIVOT_CACHE` sources) so that scoring and continuing see the
    same intermediate sentence. Attention is composed through the pivot: target → pivot
    words (second leg) times pivot words → source (first leg), so that term placement can
    locate spans as with a direct model.
    """

    PIVOT_CACHE = 4096

    def __init__(self, first: Translator, second: Translator) -> None:
        if first.target_language != second.source_language:
            raise ConfigError(
                f"the pivot legs do not meet in one language: the first translates into "
                f"{first.target_language}, the second from {second.source_language}"
            )
        self.first = first
        self.second = second
        self.source_language = first.source_language
        self.target_language = second.target_language
        # Decoding and scoring are the second leg's; token counts the first's; attention is
        # composed through the pivot, so it needs both legs'.
        self.capabilities = frozenset(
            {c for c in (N_BEST, PREFIX, SCORE) if second.can(c)}
            | ({TOKEN_COUNT} if first.can(TOKEN_COUNT) else set())
            | ({INDEPENDENT} if first.can(INDEPENDENT) and second.can(INDEPENDENT) else set())
            | ({ATTENTION} if first.can(ATTENTION) and second.can(ATTENTION) else set())
        )
        self._pivot: OrderedDict[str, str] = OrderedDict()

    def _remember(self, source: str, pivot: str) -> None:
        self._pivot[source] = pivot
        self._pivot.move_to_end(source)
        while len(self._pivot) > self.PIVOT_CACHE:
            self._pivot.popitem(last=False)

    def _pivots(self, sources: list[str]) -> list[str]:
        known = {s: self._pivot[s] for s in dict.fromkeys(sources) if s in self._pivot}
        todo = [s for s in dict.fromkeys(sources) if s not in known]
        # The pivot text must fit the second model's input: bound the first leg's output,
        # and tighten the bound for any pivot text that still does not fit.
        budget = max(8, self.second.max_source_tokens - 4)
        while todo:
            hyps = self.first.generate(todo, max_new_tokens=[budget] * len(todo), rescore=False)
            mids = [h[0].text for h in hyps]
            lengths = self.second.count_tokens(mids)
            retry = []
            for src, mid, n in zip(todo, mids, lengths, strict=True):
                if n <= self.second.max_source_tokens or budget <= 8:
                    known[src] = mid
                    self._remember(src, mid)
                else:
                    retry.append(src)
            todo, budget = retry, max(8, budget // 2)
        return [known[s] for s in sources]

    def attention(self, sources: list[str], targets: list[str]) -> list[SourceAttention] | None:
        """Target → source attention composed through the pivot words."""
        mids = self._pivots(sources)
        first = self.first.attention(sources, mids)
        second = self.second.attention(mids, targets)
        if first is None or second is None:
            return None
        return [compose_attention(a, b) for a, b in zip(first, second, strict=True)]

    def generate(
        self,
        sources: list[str],
        *,
        num_hypotheses: int = 1,
        beam_size: int = 4,
        prefixes: list[str | None] | None = None,
        max_new_tokens: list[int] | None = None,
        **decoding: Any,
    ) -> list[list[Hypothesis]]:
        return self.second.generate(
            self._pivots(sources),
            num_hypotheses=num_hypotheses,
            beam_size=beam_size,
            prefixes=prefixes,
            max_new_tokens=max_new_tokens,
            **decoding,
        )

    def score(self, sources: list[str], targets: list[str]) -> list[float]:
        return self.second.score(self._pivots(sources), targets)

    def count_tokens(self, texts: list[str]) -> list[int]:
        return self.first.count_tokens(texts)

    @property
    def max_source_tokens(self) -> int:
        return self.first.max_source_tokens

    @property
    def signature(self) -> Signature:
        first, second = self.first.signature, self.second.signature
        return Signature.create(
            "model",
            model=f"{first.model} > {second.model}",
            backend=second.backend,
            compute_type=second.compute_type,
            settings={
                "pivot": self.first.target_language,
                "first": first.to_dict(),
                "second": second.to_dict(),
            },
        )


_MODEL_FIELDS = frozenset({"model", "backend", "compute_type"})


def model_revision(path: Any) -> str | None:
    """The revision of a model checkpoint: the hub snapshot's commit for a downloaded model
    (``.../snapshots/<commit>/``), else a hash of its ``config.json`` and the names and sizes
    of its files (a local directory has no commit)."""
    import hashlib
    from pathlib import Path

    folder = Path(path)
    if folder.parent.name == "snapshots" and len(folder.name) >= 12:
        return folder.name
    digest = hashlib.sha256()
    try:
        config = folder / "config.json"
        if config.is_file():
            digest.update(config.read_bytes())
        for item in sorted(folder.iterdir()):
            if item.is_file():
                digest.update(f"{item.name}:{item.stat().st_size};".encode())
    except OSError:
        return None
    return "sha256:" + digest.hexdigest()[:16]


def _words_of(pieces: tuple[str, ...]) -> list[int]:
    """For each subword piece, the index of the word it belongs to (``▁`` starts a word)."""
    out, word = [], -1
    for piece in pieces:
        if piece.startswith("▁") or word < 0:
            word += 1
        out.append(word)
    return out


def compose_attention(first: SourceAttention, second: SourceAttention) -> SourceAttention:
    """Attention of ``second``'s targets over ``first``'s sources, through the pivot text
    that is ``first``'s target and ``second``'s source (tokenized by two tokenizers, so the
    two legs meet at the pivot's words)."""
    from toolkit.translate.backends.base import SourceAttention as Attention

    mid_in_first = _words_of(first.target_tokens)
    mid_in_second = _words_of(second.source_tokens)
    n_words = max([*mid_in_first, *mid_in_second, -1]) + 1
    n_src = len(first.source_tokens)
    # pivot word -> source distribution (the first leg's rows summed over the word's pieces)
    word_to_src = [[0.0] * n_src for _ in range(n_words)]
    for j, row in enumerate(first.weights):
        if j < len(mid_in_first):
            for i, w in enumerate(row[:n_src]):
                word_to_src[mid_in_first[j]][i] += w
    weights = []
    for row in second.weights:
        composed = [0.0] * n_src
        for j, w in enumerate(row):
            if w and j < len(mid_in_second):
                src_row = word_to_src[mid_in_second[j]]
                for i in range(n_src):
                    composed[i] += w * src_row[i]
        weights.append(tuple(composed))
    return Attention(first.source_tokens, second.target_tokens, tuple(weights))
