"""The values the enforcer's strategies share: what they work with (:class:`Context`), the
sentence being placed (:class:`Sentence`) and what a placement leaves (:class:`Draft`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from toolkit.glossary.source import SourceMatch
from toolkit.glossary.target import TargetMatch, TargetMatcher
from toolkit.translate.base import Translator
from toolkit.translate.enforce.settings import EnforcerSettings
from toolkit.translate.locate import WordAlignment
from toolkit.translate.probe import Evidence

if TYPE_CHECKING:
    from toolkit.translate.backends.base import Hypothesis
    from toolkit.translate.enforce.isolated import IsolatedRenderings


@dataclass(frozen=True)
class Placement:
    """How an occurrence got its rendering (``status``), where it stands in the text, and
    the words it replaced (a substitution)."""

    status: str
    match: TargetMatch
    replaced: str = ""


@dataclass(frozen=True)
class Draft:
    """A translation and the occurrences placed in it (index -> placement): what each
    strategy returns when it placed its occurrence."""

    text: str
    placements: dict[int, Placement]


@dataclass(frozen=True)
class Context:
    """What every strategy works with: the translator, the target language's matcher, the
    settings, and the model's renderings of terms on their own."""

    translator: Translator
    matcher: TargetMatcher
    settings: EnforcerSettings
    isolated: IsolatedRenderings

    @property
    def lang(self) -> str:
        return self.matcher.lang


@dataclass
class Sentence:
    """The sentence being placed: what the strategies read, and note as they go."""

    source: str
    required: list[SourceMatch]
    hypothesis: str
    """The model's hypothesis the placements start from."""
    confidence: float | None
    """Its score (average log-probability per token), when the model gave one."""
    degenerate: bool
    """The engine's retries left it broken: no words of the model's to keep."""
    budget: int
    """The most new tokens a translation of the sentence may take."""
    unrendered: list[int]
    """Indices of the occurrences that the hypothesis lacks."""
    ticket: int
    """Its place among the sentences placed (:meth:`IsolatedRenderings.ticket`)."""
    refused: list[str] = field(default_factory=list)
    """Why the edit guard refused the candidates of the occurrence being placed."""
    evidence: dict[int, Evidence] | None = None
    """The probe's evidence per unrendered occurrence (None: not probed yet)."""
    alignments: dict[str, WordAlignment | None] = field(default_factory=dict)
    """The word alignment of each text of the sentence asked so far."""
    greedy: Hypothesis | None = None
    """The model's greedy translation of the sentence, when the engine gave it
    (:attr:`~toolkit.translate.enforce.enforcer.Job.greedy`)."""

    @property
    def missing(self) -> tuple[SourceMatch, ...]:
        return tuple(self.required[i] for i in self.unrendered)
