"""What every check shares: the segment pairs, the context, the finding and its detail, the
:class:`Check` interface and its report :class:`Section`.

A check is a small class with a name (``id``) and one method, ``run(pairs, context)``,
returning findings: the check, a severity, the 1-based segment, the source span, the target
evidence and a typed detail. The class also declares what the check needs, its finding kinds
and detail types, and how the reports show its findings.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

from toolkit.glossary.model import Glossary, Term
from toolkit.glossary.source import SourceMatch
from toolkit.glossary.source import source_matcher as cached_source_matcher
from toolkit.glossary.target import TargetMatch, assign_terms, target_matcher
from toolkit.text.script import profile

if TYPE_CHECKING:
    from toolkit.evaluate.report import EvaluationReport

SEVERITIES = ("error", "warning", "info")
INPUTS = ("glossary", "baseline", "placements", "references")
"""What an evaluation may be given besides the source and the hypothesis; a check
:attr:`~Check.needs` some of them."""


@dataclass(frozen=True)
class Pair:
    """One segment: a source line and its translation (1-based ``segment``)."""

    segment: int
    source: str
    target: str


class FindingDetail(Protocol):
    """What a finding carries that is particular to its check: its ``kind`` (None where the
    check has one kind, not written) and its JSON fields."""

    @property
    def kind(self) -> str | None: ...

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class SupportDetail:
    """Something a summary says that its article does not (:mod:`~toolkit.evaluate.support`):
    ``kind`` is ``number``, ``date``, ``term`` or ``name``; ``value`` the summary's words."""

    kind: Literal["number", "date", "term", "name"]
    value: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value}


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One problem (or, with severity ``info``, a note) in one segment.

    ``source_span`` is a pair of offsets into the source segment, ``source_text`` the source
    words concerned and ``target_evidence`` what the target shows; ``detail`` says what kind of
    problem it is and carries what is particular to its check.
    """

    check: str
    severity: str
    segment: int
    message: str
    source_span: tuple[int, int] | None = None
    source_text: str = ""
    target_evidence: str = ""
    detail: FindingDetail

    @property
    def kind(self) -> str | None:
        """The detail's kind ("missing", "span", "shorter"...; None for term-consistency)."""
        return self.detail.kind


@dataclass
class TermUse:
    """A source term occurrence and what the target made of it.

    ``shared`` is true when the occurrence has no rendering of its own and is satisfied only
    by the rendering of another occurrence of the same term in the segment (a repeated
    source term translated once, as translators rightly do); it still counts as rendered,
    and is reported on its own line so that a reviewer can see it.
    """

    segment: int
    source: SourceMatch
    target: TargetMatch | None
    shared: bool = False


@dataclass(frozen=True)
class Placement:
    """What a term placement declares it wrote into a segment: ``form``, the term's words in
    the translation, and ``replaced``, the model's own words it took the place of (empty
    when the form was forced or pasted in). The damage check allows changes inside them."""

    form: str
    replaced: str = ""


@dataclass
class Context:
    """What the checks share: the target language, the glossary, the term analysis and,
    when given, the unconstrained translation of each segment (``baseline``, by segment)
    and what the term placements declare they changed (``placements``, by segment)."""

    target_language: str
    glossary: Glossary | None = None
    term_uses: list[TermUse] = field(default_factory=list)
    baseline: dict[int, str] = field(default_factory=dict)
    placements: dict[int, tuple[Placement, ...]] = field(default_factory=dict)
    reference_year: int | None = None  # the Jalali year of undated source dates (numbers)


@dataclass(frozen=True)
class Section:
    """Where a check's findings stand in the JSON report: ``report[group][key]`` lists them,
    one row each (:meth:`Check.row`). Two checks may share a group (``terms``). ``order``
    places the group among the report's sections, lowest first (the built-in checks take 10
    to 60; a check registered from outside comes after them by default)."""

    group: str
    key: str = "segments"
    order: int = 100


class Check(ABC):
    """One check: its name (``id``), what it ``needs`` (of :data:`INPUTS`: without them it
    does not run), its finding ``kinds`` and ``details`` types, its report ``section`` (None:
    its findings are listed in ``findings`` only) and, for the HTML page, the class its
    findings' source spans are marked with (``source_mark``; None: not marked)."""

    id: ClassVar[str] = ""
    needs: ClassVar[frozenset[str]] = frozenset()
    kinds: ClassVar[tuple[str, ...]] = ()
    details: ClassVar[tuple[type, ...]] = ()
    section: ClassVar[Section | None] = None
    source_mark: ClassVar[str | None] = None

    @abstractmethod
    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        """Findings for the whole document."""

    def finding(
        self,
        severity: str,
        segment: int,
        message: str,
        detail: FindingDetail,
        *,
        term: SourceMatch | None = None,
        span: tuple[int, int] | None = None,
        source: str = "",
        target: str = "",
    ) -> Finding:
        """A finding of this check; ``term``, a source term occurrence, gives its span and
        its words (else ``span`` and ``source``); ``target`` is the target evidence."""
        if term is not None:
            span, source = (term.start, term.end), term.surface
        return Finding(
            check=self.id,
            severity=severity,
            segment=segment,
            message=message,
            source_span=span,
            source_text=source,
            target_evidence=target,
            detail=detail,
        )

    # -- how the reports show the findings ------------------------------------------------

    def in_section(self, finding: Finding) -> bool:
        """Whether ``finding`` is a row of the section (all are, by default)."""
        return True

    def row(self, finding: Finding) -> dict[str, Any]:
        """A finding as its section lists it: by default its segment, kind, severity and
        message."""
        return {
            "segment": finding.segment,
            "kind": finding.kind,
            "severity": finding.severity,
            "message": finding.message,
        }

    def section_fields(self, report: EvaluationReport) -> Mapping[str, Any]:
        """Fields the section's group holds before the rows (none by default)."""
        return {}

    def html(self, report: EvaluationReport) -> str:
        """A block of the HTML page after the segment table, escaped ("" by default: each
        finding is listed under its segment)."""
        return ""


# ---------------------------------------------------------------------------
# What several checks read: the term analysis and whether a segment is translated
# ---------------------------------------------------------------------------


def analyse_terms(pairs: list[Pair], glossary: Glossary, lang: str) -> list[TermUse]:
    """Every source term occurrence (WMT style), paired with the target rendering that
    satisfies it: the k-th occurrence of a term takes the k-th rendering; an occurrence
    beyond the renderings is satisfied by the last one and marked ``shared``.
    """
    source_matcher = cached_source_matcher(glossary)
    matcher = target_matcher(lang)
    uses: list[TermUse] = []
    for pair in pairs:
        required = source_matcher.find(pair.source)
        if not required:
            continue
        placed = assign_terms(pair.target, required, matcher)
        seen: dict[tuple[Term, int, int], int] = {}
        for i, m in enumerate(required):
            hit = placed.get(i)
            shared = False
            if hit is not None:
                key = (m.term, hit.start, hit.end)
                shared = key in seen
                seen[key] = i
            uses.append(TermUse(pair.segment, m, hit, shared))
    return uses


def _translated(target: str) -> bool:
    """False for an empty target or one mostly in the source script."""
    prof = profile(target)
    return bool(target.strip()) and not (
        prof.letters and prof.share("Arabic") >= UNTRANSLATED_SHARE
    )


UNTRANSLATED_SHARE = 0.5
"""The share of a target's letters in the source (Arabic) script from which it is
untranslated."""


def translated(target: str) -> bool:
    """False for an empty target or one mostly in the source script."""
    prof = profile(target)
    return bool(target.strip()) and not (
        prof.letters and prof.share("Arabic") >= UNTRANSLATED_SHARE
    )


def clip(text: str, n: int = 80) -> str:
    """``text`` cut to ``n`` characters with an ellipsis."""
    return text if len(text) <= n else text[: n - 1] + "…"
