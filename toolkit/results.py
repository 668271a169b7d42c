"""What a translation produced, as values: term outcomes and their statuses, reported
problems, translated segments and documents.

The translator writes them; the checker, the exports and the reports read them. They live
below both ``translate`` and ``evaluate`` so that the checker depends on data, not on the
code it checks (:mod:`toolkit.translate.base` re-exports them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from toolkit.signature import Signature

TERM_STATUSES = ("model", "substituted", "constrained", "inserted", "failed")
"""How a term occurrence got into the translation, from least to most intervention:

* ``model``: the model's own output already had an accepted rendering;
* ``substituted``: the model rendered the term in other words (``replaced``); the toolkit
  put the glossary form, in the grammatical form of those words, in their place;
* ``constrained``: the model had left the term out; the glossary form was forced as a target
  prefix and the model wrote the rest of the sentence after it;
* ``inserted``: the glossary form was pasted into the model's output as a string, without
  the model (the last resort; always worth a translator's review);
* ``failed``: no accepted rendering could be placed (``reason`` says why).
"""
REVIEW_STATUSES = frozenset({"inserted", "failed"})
"""Statuses that mark a segment for review (XLIFF ``needs-review-translation``)."""


@dataclass(frozen=True)
class TermOutcome:
    """How one glossary term occurrence of a source sentence came out in its translation.

    ``status`` is one of :data:`TERM_STATUSES`; ``form`` is the surface in the translation;
    ``replaced`` is the model's own rendering that a substitution replaced; ``shared`` is
    true when the occurrence is satisfied only by the rendering of another occurrence of the
    same term in the sentence (a repeated source term translated once).
    """

    term: str
    status: str
    form: str = ""
    expected: str = ""
    reason: str = ""
    replaced: str = ""
    shared: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"term": self.term, "status": self.status, "form": self.form}
        if self.expected:
            out["expected"] = self.expected
        if self.reason:
            out["reason"] = self.reason
        if self.replaced:
            out["replaced"] = self.replaced
        if self.shared:
            out["shared"] = True
        return out

    @classmethod
    def from_dict(cls, value: dict[str, Any]) -> TermOutcome:
        return cls(
            value["term"],
            value["status"],
            value.get("form", ""),
            value.get("expected", ""),
            value.get("reason", ""),
            value.get("replaced", ""),
            bool(value.get("shared", False)),
        )


PROBLEM_KINDS = ("split", "degenerate", "number", "off-target", "term")


@dataclass(frozen=True)
class Problem:
    """Something reported (not fixed) about a segment's translation: ``split`` (a sentence
    over the model's limit, cut at clause boundaries), ``degenerate`` (output that stayed
    broken after the retries), ``number`` (a source number missing from the translation),
    ``off-target`` (output in another language than the target after its retries),
    ``term`` (an approved translation, reused as the reviewer wrote it, without an accepted
    rendering of a glossary term of its source: the toolkit places no term in it)."""

    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}" if self.kind == "number" else self.message

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "message": self.message}

    @classmethod
    def from_dict(cls, value: dict[str, str]) -> Problem:
        return cls(value["kind"], value["message"])


@dataclass(frozen=True)
class Approval:
    """A human translation of one source sentence, and where it came from.

    ``reviewer`` is who approved it (a name or an e-mail, as given); ``review`` where (for
    example ``page:OUTDIR#12``, ``xliff:FILE`` or ``tmx:FILE``); ``approved_at`` is ISO 8601
    UTC. Stored by :class:`toolkit.translate.approved.ApprovedStore`.
    """

    source: str
    target: str
    target_lang: str
    reviewer: str
    review: str
    approved_at: str
    source_lang: str = "fa"

    def to_dict(self) -> dict[str, str]:
        return {
            "source": self.source,
            "target": self.target,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "reviewer": self.reviewer,
            "review": self.review,
            "approved_at": self.approved_at,
        }

    def provenance(self) -> dict[str, str]:
        """What a segment reused from this approval records: ``report.json``'s
        ``"approved"`` key."""
        return {"reviewer": self.reviewer, "review": self.review, "approved_at": self.approved_at}


@dataclass(frozen=True)
class FuzzyMatch:
    """An approval of a sentence like the query; ``similarity`` is 0-100."""

    approval: Approval
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        """``report.json``'s entry of a segment's ``"fuzzy"`` list."""
        a = self.approval
        return {
            "similarity": self.similarity,
            "source": a.source,
            "target": a.target,
            "reviewer": a.reviewer,
            "approved_at": a.approved_at,
        }


@dataclass(frozen=True)
class SegmentTranslation:
    """The translation of one source sentence (or one piece of an over-long sentence)."""

    line: int
    source: str
    text: str
    terms: tuple[TermOutcome, ...] = ()
    problems: tuple[Problem, ...] = ()
    """Reported, not fixed: degenerate output, missing numbers, a split sentence."""
    cached: bool = False
    baseline: str = ""
    """The model's own translation before any term was substituted, forced or inserted
    (empty when the enforcer changed nothing): what the damage check compares with."""
    approved: Approval | None = None
    """The approval reused verbatim as this segment's translation (an exact match of its
    normalized source); None for a machine translation. An approved segment has no term
    outcomes (the toolkit placed nothing in it): a glossary term it lacks is a ``term``
    problem, and the checker reports its findings like any segment's."""
    fuzzy: tuple[FuzzyMatch, ...] = ()
    """Approvals of similar sentences, offered to the reviewer (a machine translation's
    only); the machine translation stays the output."""

    @property
    def needs_review(self) -> bool:
        """True when a term was pasted in without the model, or could not be placed."""
        return any(t.status in REVIEW_STATUSES for t in self.terms)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "line": self.line,
            "source": self.source,
            "text": self.text,
            "terms": [t.to_dict() for t in self.terms],
        }
        if self.problems:
            out["problems"] = [p.to_dict() for p in self.problems]
        if self.cached:
            out["cached"] = True
        if self.baseline:
            out["baseline"] = self.baseline
        if self.approved is not None:
            out["approved"] = self.approved.provenance()
        if self.fuzzy:
            out["fuzzy"] = [f.to_dict() for f in self.fuzzy]
        return out


@dataclass(frozen=True)
class Translation:
    """A translated document: ``lines[i]`` translates input line ``i + 1``."""

    target_language: str
    lines: tuple[str, ...]
    segments: tuple[SegmentTranslation, ...]
    signature: Signature | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def baseline_text(self) -> str:
        """The document as the model wrote it before term placement, line-aligned."""
        by_line: dict[int, list[str]] = {}
        for seg in self.segments:
            by_line.setdefault(seg.line, []).append(seg.baseline or seg.text)
        return "\n".join(" ".join(by_line.get(i, [])) for i in range(1, len(self.lines) + 1))

    @property
    def approved_segments(self) -> int:
        """Segments whose translation is an approved one, reused verbatim."""
        return sum(1 for seg in self.segments if seg.approved is not None)

    def term_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(TERM_STATUSES, 0)
        for seg in self.segments:
            for t in seg.terms:
                counts[t.status] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": list(self.lines),
            "segments": [s.to_dict() for s in self.segments],
            "terms": self.term_counts(),
        }
