"""Abstractive summarization with a transformers sequence-to-sequence model.

The default model is mT5 fine-tuned on XL-Sum (``csebuetnlp/mT5_multilingual_XLSum``), which
covers Persian, English and Russian news. Any ``AutoModelForSeq2SeqLM`` checkpoint (hub id
or local directory) works. Models are found by :func:`toolkit.hub.resolve_model`, as
translation models are: a local directory is used as is, a hub id comes from the Hugging
Face cache, and nothing is downloaded under ``HF_HUB_OFFLINE``. Loaded models are cached for
the life of the process.

Long inputs are cut, between sentences, into chunks that fit the model's input length; each
chunk is summarized, and the partial summaries are joined and summarized again while they
are longer than one summary may be (``max_new_tokens``), at most ``max_rounds`` times. The
result keeps at most the requested number of sentences.

torch and transformers are imported on first use, never when this module is imported.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.errors import ConfigError, MissingDependencyError, ModelError
from toolkit.hub import resolve_model
from toolkit.summarize.base import ScoredSentence, Summarizer
from toolkit.text import segment
from toolkit.text.segment import Segment

if TYPE_CHECKING:
    from toolkit.glossary.model import Glossary

DEFAULT_MODEL = "csebuetnlp/mT5_multilingual_XLSum"
DEFAULT_MAX_INPUT_TOKENS = 512
"""Used when the tokenizer does not state a sensible ``model_max_length`` (mT5 does not)."""

_SPACES = re.compile(r"\s+")
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Generated:
    """One generated summary and its length-normalized log-probability (higher is better)."""

    text: str
    score: float


@dataclass(frozen=True)
class LoadedModel:
    """A tokenizer and model ready for inference, shared by every summarizer in the process."""

    path: str
    device: str
    tokenizer: Any
    model: Any
    max_input_tokens: int


class AbstractiveSummarizer(Summarizer):
    """Summaries written by a seq2seq model (beam search).

    The sentences of the result are the summary's own, segmented in the input language;
    their ``index`` and ``line`` refer to the generated text, and every sentence carries the
    generation's score (mean log-probability per token).
    """

    name = "abstractive"

    def __init__(
        self,
        model: str | None = None,
        *,
        device: str = "auto",
        max_input_tokens: int | None = None,
        max_new_tokens: int = 84,
        num_beams: int = 4,
        no_repeat_ngram_size: int = 2,
        batch_size: int = 4,
        max_rounds: int = 3,
    ) -> None:
        if max_input_tokens is not None and max_input_tokens < 8:
            raise ConfigError(f"max_input_tokens must be at least 8, not {max_input_tokens}")
        if max_new_tokens < 1 or num_beams < 1 or batch_size < 1 or max_rounds < 1:
            raise ConfigError("max_new_tokens, num_beams, batch_size and max_rounds must be >= 1")
        self.model_id = model or DEFAULT_MODEL
        self.device = device
        self.max_input_tokens = max_input_tokens
        self.max_new_tokens = max_new_tokens
        self.num_beams = num_beams
        self.no_repeat_ngram_size = no_repeat_ngram_size
        self.batch_size = batch_size
        self.max_rounds = max_rounds

    def _options(self) -> Mapping[str, object]:
        return {
            "beams": self.num_beams,
            "max_new_tokens": self.max_new_tokens,
            "no_repeat_ngram": self.no_repeat_ngram_size,
            "max_input_tokens": self.max_input_tokens or "model",
        }

    def load(self) -> LoadedModel:
        """Find and load the model (once per process for each checkpoint and device)."""
        model_id = self.model_id or DEFAULT_MODEL
        path = resolve_model(model_id)
        return _load(str(path), _pick_device(self.device), model_id)

    def _compose(
        self, segments: Sequence[Segment], n: int, lang: str, glossary: Glossary | None
    ) -> Sequence[ScoredSentence]:
        loaded = self.load()
        limit = self.max_input_tokens or loaded.max_input_tokens
        texts = [_SPACES.sub(" ", s.text).strip() for s in segments]
        result = Generated("", 0.0)
        for _ in range(self.max_rounds):
            chunks = pack_sentences(texts, count_tokens(loaded, texts), limit)
            partials = [g for g in self.generate(loaded, chunks, limit) if g.text]
            if not partials:
                break
            result = Generated(
                " ".join(g.text for g in partials),
                sum(g.score for g in partials) / len(partials),
            )
            if len(chunks) == 1 or count_tokens(loaded, [result.text])[0] <= self.max_new_tokens:
                break
            texts = [s.text for s in segment(result.text, lang)]
        sentences = segment(result.text, lang)[:n]
        if not sentences:
            raise ModelError(f"model '{self.model_id}' produced an empty summary")
        return [ScoredSentence(s, result.score) for s in sentences]

    def generate(self, loaded: LoadedModel, inputs: Sequence[str], limit: int) -> list[Generated]:
        """Summarize each input text (truncated to ``limit`` tokens) with beam search."""
        import torch

        out: list[Generated] = []
        tokenizer, model = loaded.tokenizer, loaded.model
        for start in range(0, len(inputs), self.batch_size):
            batch = list(inputs[start : start + self.batch_size])
            enc = tokenizer(
                batch, return_tensors="pt", padding=True, truncation=True, max_length=limit
            ).to(loaded.device)
            with torch.inference_mode():
                gen = model.generate(
                    **enc,
                    num_beams=self.num_beams,
                    max_new_tokens=self.max_new_tokens,
                    no_repeat_ngram_size=self.no_repeat_ngram_size,
                    early_stopping=self.num_beams > 1,
                    output_scores=True,
                    return_dict_in_generate=True,
                )
            texts = tokenizer.batch_decode(gen.sequences, skip_special_tokens=True)
            scores = _sequence_scores(model, gen, tokenizer.pad_token_id)
            out += [
                Generated(_SPACES.sub(" ", t).strip(), s)
                for t, s in zip(texts, scores, strict=True)
            ]
        return out


def pack_sentences(texts: Sequence[str], lengths: Sequence[int], limit: int) -> list[str]:
    """Join consecutive sentences into chunks of at most ``limit`` tokens (one end-of-sequence
    token reserved); a sentence longer than that is a chunk of its own (and is truncated)."""
    budget = max(1, limit - 1)
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for text, length in zip(texts, lengths, strict=True):
        if current and used + length > budget:
            chunks.append(" ".join(current))
            current, used = [], 0
        current.append(text)
        used += length
    if current:
        chunks.append(" ".join(current))
    return chunks


def count_tokens(loaded: LoadedModel, texts: Sequence[str]) -> list[int]:
    """Tokens of each text without special tokens."""
    if not texts:
        return []
    ids = loaded.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
    return [len(x) for x in ids]


def _sequence_scores(model: Any, gen: Any, pad_id: int | None) -> list[float]:
    beam_scores = getattr(gen, "sequences_scores", None)
    if beam_scores is not None:
        return [float(x) for x in beam_scores]
    steps = model.compute_transition_scores(gen.sequences, gen.scores, normalize_logits=True)
    generated = gen.sequences[:, -steps.shape[1] :]
    mask = generated != pad_id if pad_id is not None else generated == generated
    totals = (steps * mask).sum(dim=1)
    counts = mask.sum(dim=1).clamp(min=1)
    return [float(x) for x in totals / counts]


def _pick_device(device: str) -> str:
    if device != "auto":
        return device
    try:
        import torch
    except ImportError:
        return "cpu"
    return "cuda" if torch.cuda.is_available() else "cpu"


def _load(path: str, device: str, model_id: str) -> LoadedModel:
    with _LOCK:
        return _load_cached(path, device, model_id)


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, device: str, model_id: str) -> LoadedModel:
    try:
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:
        raise MissingDependencyError(
            "abstractive summarization needs torch and transformers: "
            "pip install 'toolkit[abstractive]'"
        ) from None
    try:
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModelForSeq2SeqLM.from_pretrained(path)
    except ValueError as exc:
        raise ModelError(
            f"model '{model_id}' cannot be loaded as a sequence-to-sequence model "
            f"({_first_line(exc)})"
        ) from None
    except OSError as exc:
        raise ModelError(f"model '{model_id}' cannot be loaded ({_first_line(exc)})") from None
    try:
        model = model.to(device).eval()
    except (RuntimeError, AssertionError) as exc:
        raise ModelError(
            f"model '{model_id}' cannot run on {device} ({_first_line(exc)})"
        ) from None
    stated = getattr(tokenizer, "model_max_length", None)
    max_input = (
        int(stated)
        if isinstance(stated, int) and 8 <= stated <= 100_000
        else DEFAULT_MAX_INPUT_TOKENS
    )
    return LoadedModel(path, device, tokenizer, model, max_input)


def clear_cache() -> None:
    """Forget the loaded models (they are freed once no summarizer uses them)."""
    with _LOCK:
        _load_cached.cache_clear()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
