"""The summarizer interface and its value objects.

A :class:`Summarizer` turns a text into a :class:`Summary`. Its public template method
``summarize`` does the work every method shares (language check, sentence segmentation, the
requested length, the empty and one-sentence cases, the signature) around one private hook,
``_compose``. Extractive methods derive from :class:`ExtractiveSummarizer`, whose hook is
``_rank``: a score per sentence; the shared helper :func:`keep_top` keeps the best N and
restores document order.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from toolkit.errors import ConfigError, InputError
from toolkit.signature import GlossaryRef, Signature
from toolkit.text import ensure_language, segment
from toolkit.text.segment import Segment

if TYPE_CHECKING:
    from toolkit.glossary.model import Glossary

DEFAULT_SENTENCES = 3

_INT = re.compile(r"^\s*\d+\s*$")
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_FRACTION = re.compile(r"^\s*(0?\.\d+|1(?:\.0*)?)\s*$")


@dataclass(frozen=True)
class SummaryLength:
    """How long a summary is: a number of sentences, or a share of the input's sentences.

    ``SummaryLength.parse`` accepts ``5``, ``"5"``, ``"20%"`` and ``"0.2"`` (a fraction with a
    decimal point); a ratio keeps at least one sentence.
    """

    sentences: int | None = None
    ratio: float | None = None

    def __post_init__(self) -> None:
        if (self.sentences is None) == (self.ratio is None):
            raise ConfigError("a summary length is either a number of sentences or a ratio")
        if self.sentences is not None and self.sentences < 1:
            raise ConfigError(f"summary length must be at least 1 sentence, not {self.sentences}")
        if self.ratio is not None and not 0 < self.ratio <= 1:
            raise ConfigError(
                f"summary ratio must be above 0% and at most 100%, not {self.ratio:.0%}"
            )

    @classmethod
    def parse(cls, value: int | float | str | SummaryLength) -> SummaryLength:
        if isinstance(value, SummaryLength):
            return value
        if isinstance(value, bool):
            raise ConfigError(f"invalid summary length {value!r}")
        if isinstance(value, int):
            return cls(sentences=value)
        if isinstance(value, float):
            return cls(ratio=value)
        if isinstance(value, str):
            if _INT.match(value):
                return cls(sentences=int(value))
            m = _PERCENT.match(value)
            if m:
                return cls(ratio=float(m.group(1)) / 100)
            m = _FRACTION.match(value)
            if m:
                return cls(ratio=float(m.group(1)))
        raise ConfigError(
            f"invalid summary length {value!r}: give a number of sentences (3), "
            f"a percentage (20%) or a fraction (0.2)"
        )

    def resolve(self, total: int) -> int:
        """The number of sentences to keep out of ``total``."""
        if self.sentences is not None:
            return min(self.sentences, total)
        assert self.ratio is not None  # guaranteed by __post_init__
        return max(1, min(total, math.floor(total * self.ratio + 0.5)))

    def __str__(self) -> str:
        if self.sentences is not None:
            return str(self.sentences)
        return f"{(self.ratio or 0) * 100:g}%"


@dataclass(frozen=True)
class Replacement:
    """Words of a kept sentence replaced so that it reads on its own: a pronoun (``وی``) or a
    bare title (``این وزیر``) at ``start`` in the sentence, replaced by the name or title of
    whom it refers to, taken from sentence ``source`` (1-based) of the input."""

    old: str
    new: str
    start: int
    source: int

    def apply(self, text: str) -> str:
        return text[: self.start] + self.new + text[self.start + len(self.old) :]

    def to_dict(self) -> dict[str, object]:
        return {"old": self.old, "new": self.new, "start": self.start, "source": self.source}


@dataclass(frozen=True)
class ScoredSentence:
    """A sentence of the summary and the score that chose it (higher is better).

    ``text`` is the sentence as the summary shows it: the input sentence, with ``replaced``
    applied when a pronoun had to be replaced by a name (``segment.text`` keeps the input).
    """

    segment: Segment
    score: float
    replaced: Replacement | None = None

    @property
    def text(self) -> str:
        if self.replaced is not None:
            return self.replaced.apply(self.segment.text)
        return self.segment.text

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "index": self.segment.index,
            "line": self.segment.line,
            "text": self.text,
            "score": round(self.score, 4),
        }
        if self.replaced is not None:
            data["replaced"] = self.replaced.to_dict()
        return data


@dataclass(frozen=True)
class Summary:
    """A summary: its sentences in document order, and how it was made."""

    language: str
    method: str
    sentences: tuple[ScoredSentence, ...]
    signature: Signature = field(compare=False)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def indices(self) -> tuple[int, ...]:
        """1-based indices of the kept sentences (for an abstractive summary: of its own)."""
        return tuple(s.segment.index for s in self.sentences)

    def to_dict(self) -> dict[str, object]:
        return {
            "language": self.language,
            "method": self.method,
            "sentences": [s.to_dict() for s in self.sentences],
            "summary": self.text,
            "signature": self.signature.to_dict(),
        }


def keep_top(scores: Sequence[float], n: int) -> list[int]:
    """Positions of the ``n`` best scores, in document order; ties go to the earlier one."""
    best = sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:n]
    return sorted(best)


class Summarizer(ABC):
    """Summarizes a text in Persian, English or Russian.

    Subclasses set ``name`` (and ``uses_glossary`` when a glossary changes their result) and
    implement ``_compose``; ``_options`` and ``model_id`` go into every result's signature.
    """

    name: ClassVar[str] = ""
    uses_glossary: ClassVar[bool] = False
    """Whether a glossary changes the result (only then is its hash in the signature)."""
    model_id: str | None = None

    def summarize(
        self,
        text: str,
        *,
        count: int | float | str | SummaryLength = DEFAULT_SENTENCES,
        lang: str = "auto",
        glossary: Glossary | None = None,
    ) -> Summary:
        """Summarize ``text`` in ``count`` sentences (``5``, ``"20%"``).

        ``lang`` is ``fa``, ``en``, ``ru`` or ``auto``; text in another script raises
        ``InputError``, as does an empty text. A one-sentence text is its own summary.
        """
        length = SummaryLength.parse(count)
        if not text.strip():
            raise InputError("input is empty: nothing to summarize")
        found = ensure_language(text, lang)
        segments = segment(text, found)
        if not segments:
            raise InputError("input has no sentences: nothing to summarize")
        n = length.resolve(len(segments))
        if len(segments) == 1:
            chosen: Sequence[ScoredSentence] = (ScoredSentence(segments[0], 1.0),)
        else:
            chosen = self._compose(segments, n, found, glossary)
        return Summary(found, self.name, tuple(chosen), self.signature(length, glossary))

    def signature(
        self, length: SummaryLength | None = None, glossary: Glossary | None = None
    ) -> Signature:
        options = {k: _option_text(v) for k, v in self._options().items()}
        return Signature.create(
            "summary",
            model=self.model_id,
            glossary=GlossaryRef.of(glossary)
            if glossary is not None and self.uses_glossary
            else None,
            settings={
                "method": self.name,
                "length": str(length) if length is not None else "",
                "options": options,
            },
        )

    def _options(self) -> Mapping[str, object]:
        """Settings that change the result, for the signature."""
        return {}

    @abstractmethod
    def _compose(
        self, segments: Sequence[Segment], n: int, lang: str, glossary: Glossary | None
    ) -> Sequence[ScoredSentence]:
        """The summary of two or more ``segments`` in about ``n`` sentences, in order."""


class ExtractiveSummarizer(Summarizer):
    """A summarizer that keeps input sentences: it scores them and keeps the best."""

    def _compose(
        self, segments: Sequence[Segment], n: int, lang: str, glossary: Glossary | None
    ) -> Sequence[ScoredSentence]:
        scores = self._rank(segments, lang, glossary)
        return [ScoredSentence(segments[i], scores[i]) for i in keep_top(scores, n)]

    @abstractmethod
    def _rank(
        self, segments: Sequence[Segment], lang: str, glossary: Glossary | None
    ) -> list[float]:
        """One score per segment (higher is better)."""


def _option_text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
