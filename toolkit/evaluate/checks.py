"""Quality checks of a translation against its source, segment by segment.

Each check is a small class with an id and one method, ``run(pairs, context)``, returning
findings: the check id, a severity, the 1-based segment, the source span and the target
evidence. The checks follow what QA tools (Xbench, Verifika) and the WMT terminology task
measure: terms and their consistency, numbers, untranslated text and coverage.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import statistics
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeAlias

from toolkit.glossary.agree import (
    english_head,
    english_number,
    is_mass_noun,
    is_mass_term,
    russian_context,
    russian_grammar,
    source_number,
)
from toolkit.glossary.model import Glossary, Term
from toolkit.glossary.source import SourceMatch
from toolkit.glossary.source import source_matcher as cached_source_matcher
from toolkit.glossary.target import (
    TargetMatch,
    TargetMatcher,
    assign_terms,
    russian_phrase_forms,
    target_matcher,
)
from toolkit.text.numbers import (
    Counted,
    Misattached,
    Number,
    NumberFinding,
    article_year,
    check_numbers,
)
from toolkit.text.offtarget import off_target
from toolkit.text.script import profile

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Pair:
    """One segment: a source line and its translation (1-based ``segment``)."""

    segment: int
    source: str
    target: str


# ---------------------------------------------------------------------------
# Findings: one detail type per check (three for damage), each with its kinds and its JSON
# fields (toolkit/evaluate/report.schema.json)
# ---------------------------------------------------------------------------

TermKind = Literal["missing", "untranslated", "shared"]
UntranslatedKind = Literal["segment", "span"]
CoverageKind = Literal["empty", "extra", "short", "long"]
NumberKind = Literal["missing", "untranslated-digits"]


@dataclass(frozen=True)
class TermDetail:
    """A glossary term with no accepted rendering (``missing``, or ``untranslated``: left in
    Persian), or a repeated occurrence satisfied by another one's rendering (``shared``)."""

    source_term: str
    expected: str
    kind: TermKind

    def to_dict(self) -> dict[str, Any]:
        return {"source_term": self.source_term, "expected": self.expected, "kind": self.kind}


@dataclass(frozen=True)
class ConsistencyDetail:
    """One source form of a term rendered with several variants: the segments of each."""

    source_term: str
    variants: Mapping[str, tuple[int, ...]]
    kind: ClassVar[None] = None  # one kind, not written

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_term": self.source_term,
            "variants": {v: list(segments) for v, segments in self.variants.items()},
        }


@dataclass(frozen=True)
class NumberDetail:
    """A number problem: ``kind`` is :class:`~toolkit.text.numbers.NumberFinding`'s code
    ("missing", "untranslated-digits"); ``value`` the number's value."""

    kind: NumberKind
    value: Number | None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value}


@dataclass(frozen=True)
class WrongDateDetail:
    """A source date given in both calendars, one of them wrong: ``calendar`` ("jalali" or
    "gregorian") is the wrong one, ``given`` what the target says, ``expected`` the source
    date in that calendar; ``value`` the source day."""

    calendar: str
    given: str
    expected: str
    value: Number | None
    kind: ClassVar[str] = "wrong-date"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "calendar": self.calendar,
            "given": self.given,
            "expected": self.expected,
        }


@dataclass(frozen=True)
class SwappedDetail:
    """Numbers attached to the wrong nouns: for each, its value, the noun it counts in the
    source and the one it counts in the target (two entries for a swapped pair)."""

    numbers: tuple[Misattached, ...]
    kind: ClassVar[str] = "swapped"

    def to_dict(self) -> dict[str, Any]:
        value = self.numbers[0].value if self.numbers else None
        return {
            "kind": self.kind,
            "value": value,
            "misattached": [n.to_dict() for n in self.numbers],
        }


@dataclass(frozen=True)
class UntranslatedDetail:
    """A whole segment (``segment``) or a run of words (``span``) left in the source script."""

    kind: UntranslatedKind

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind}


@dataclass(frozen=True)
class CoverageDetail:
    """An empty target, text beside a blank source line (``extra``), or a length ratio that is
    an outlier (``short``, ``long``: then ``ratio`` and ``expected_ratio`` are set)."""

    kind: CoverageKind
    ratio: float | None = None
    expected_ratio: float | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.ratio is None:
            return {"kind": self.kind}
        return {"kind": self.kind, "ratio": self.ratio, "expected_ratio": self.expected_ratio}


@dataclass(frozen=True)
class WrongScriptDetail:
    """Words in a script the target language does not use."""

    words: tuple[str, ...]
    kind: ClassVar[str] = "wrong-script"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "words": list(self.words)}


@dataclass(frozen=True)
class ShorterDetail:
    """A segment much shorter than the baseline: the word counts of both."""

    words: int
    baseline_words: int
    kind: ClassVar[str] = "shorter"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "words": self.words, "baseline_words": self.baseline_words}


@dataclass(frozen=True)
class AddedBesideDetail:
    """A term rendering added beside the baseline's words instead of in place of some."""

    source_term: str
    kind: ClassVar[str] = "added-beside"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "source_term": self.source_term}


@dataclass(frozen=True)
class TermNumberDetail:
    """A placed term in another number than the source's (``wrong-number``): "Deputy
    Ministers" for one معاون وزیر, "Islamic Republics of Iran" for a name."""

    source_term: str
    source_number: str
    target_number: str
    kind: Literal["wrong-number"] = "wrong-number"

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_term": self.source_term,
            "source_number": self.source_number,
            "target_number": self.target_number,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class OffTargetDetail:
    """A segment in another language than the target (``found``: 'en', 'ru', or 'fa' for
    the source copied through), ``share`` of its letters in that language's script."""

    found: str
    share: float
    kind: ClassVar[str] = "off-target"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "found": self.found, "share": self.share}


@dataclass(frozen=True)
class CollateralDetail:
    """Words the hypothesis changed against the baseline outside the term placements:
    ``removed`` from the baseline, ``added`` in the hypothesis (see :func:`collateral_edits`)."""

    removed: tuple[str, ...]
    added: tuple[str, ...]
    kind: ClassVar[str] = "collateral"

    @property
    def words(self) -> int:
        """How many words changed: removed and added together."""
        return len(self.removed) + len(self.added)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "removed": list(self.removed), "added": list(self.added)}


@dataclass(frozen=True)
class SupportDetail:
    """Something a summary says that its article does not (:mod:`~toolkit.evaluate.support`):
    ``kind`` is ``number``, ``date``, ``term`` or ``name``; ``value`` the summary's words."""

    kind: Literal["number", "date", "term", "name"]
    value: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value}


DamageDetail: TypeAlias = WrongScriptDetail | ShorterDetail | AddedBesideDetail | CollateralDetail
Detail: TypeAlias = (
    TermDetail
    | TermNumberDetail
    | ConsistencyDetail
    | NumberDetail
    | WrongDateDetail
    | SwappedDetail
    | UntranslatedDetail
    | CoverageDetail
    | DamageDetail
    | OffTargetDetail
    | SupportDetail
)


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
    detail: Detail

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


class Check(ABC):
    id: str = ""

    @abstractmethod
    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        """Findings for the whole document."""


# ---------------------------------------------------------------------------
# Terms
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


def _expected(term: Term, matcher: TargetMatcher) -> str:
    variants = matcher.variants(term)
    return variants[0] if variants else ""


class TermCheck(Check):
    """Every glossary term in a source segment needs an accepted rendering in its target."""

    id = "term"

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        matcher = target_matcher(context.target_language)
        by_segment = {p.segment: p for p in pairs}
        findings = []
        for use in context.term_uses:
            if use.shared and use.target is not None:
                findings.append(
                    Finding(
                        check=self.id,
                        severity="info",
                        segment=use.segment,
                        message=f"term '{use.source.term.label}' occurs again in the source and "
                        f"is rendered once ('{use.target.surface}')",
                        source_span=(use.source.start, use.source.end),
                        source_text=use.source.surface,
                        target_evidence=use.target.surface,
                        detail=TermDetail(
                            source_term=use.source.term.label,
                            expected=_expected(use.source.term, matcher),
                            kind="shared",
                        ),
                    )
                )
            if use.target is not None or not _translated(by_segment[use.segment].target):
                continue  # an empty or untranslated segment is reported once, by its own check
            term = use.source.term
            expected = _expected(term, matcher)
            target = by_segment[use.segment].target
            untranslated = use.source.surface in target
            kind: TermKind = "untranslated" if untranslated else "missing"
            findings.append(
                Finding(
                    check=self.id,
                    severity="error",
                    segment=use.segment,
                    message=f"term '{term.label}' should be rendered as '{expected}'"
                    + (" (left in Persian)" if untranslated else ""),
                    source_span=(use.source.start, use.source.end),
                    source_text=use.source.surface,
                    detail=TermDetail(source_term=term.label, expected=expected, kind=kind),
                )
            )
        return findings


class TermConsistencyCheck(Check):
    """One source form of a term rendered with more than one accepted variant.

    Inflected forms of one variant are one variant. Different source forms of an entry
    (سفیر جمهوری اسلامی ایران در روسیه / سفیر ایران در روسیه) may rightly take different
    renderings, so they are compared separately.
    """

    id = "term-consistency"

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        variants: dict[tuple[Term, str], dict[str, list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for use in context.term_uses:
            if use.target is not None:
                key = (use.source.term, use.source.variant)
                variants[key][use.target.variant].append(use.segment)
        findings = []
        for (term, _), used in variants.items():
            if len(used) < 2:
                continue
            first_segments = sorted(min(segs) for segs in used.values())
            listing = "; ".join(
                f"'{v}' in segment(s) {', '.join(map(str, sorted(set(s))))}"
                for v, s in used.items()
            )
            findings.append(
                Finding(
                    check=self.id,
                    severity="warning",
                    segment=first_segments[1],
                    message=f"term '{term.label}' is rendered in {len(used)} ways: {listing}",
                    source_text=term.label,
                    target_evidence=" | ".join(used),
                    detail=ConsistencyDetail(
                        source_term=term.label,
                        variants={v: tuple(sorted(set(s))) for v, s in used.items()},
                    ),
                )
            )
        return findings


# ---------------------------------------------------------------------------
# Term number: a placed term in the number the source gives it
# ---------------------------------------------------------------------------


class TermNumberCheck(Check):
    """A term rendered in another grammatical number than its source occurrence.

    The source's number is :func:`~toolkit.glossary.agree.source_number`'s (a plural suffix
    on the term's head, a count before it, a plural verb; a name is singular). The
    target's is the rendering's own, only where it is unambiguous (English: the head noun;
    Russian: every pymorphy3 analysis of the head agrees), and where the target could show
    the difference: a mass noun, a term without a plural or a plural-only one, and a Russian
    noun after a number (which governs its number: «две компании») are skipped.
    """

    id = "term-number"

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        lang = context.target_language
        if lang not in ("en", "ru"):
            return []
        by_segment = {p.segment: p for p in pairs}
        findings = []
        for use in context.term_uses:
            if use.target is None or use.shared:
                continue
            pair = by_segment[use.segment]
            expected = source_number(pair.source, use.source)
            written = _target_number(pair.target, use.target, lang)
            if written is None or written == expected:
                continue
            if not _shows_number(use.target.variant, use.source.term, lang):
                continue
            term = use.source.term
            findings.append(
                Finding(
                    check=self.id,
                    severity="warning",
                    segment=use.segment,
                    message=f"term '{term.label}' is {_NUMBER_WORDS[expected]} in the source "
                    f"but '{use.target.surface}' is {_NUMBER_WORDS[written]}",
                    source_span=(use.source.start, use.source.end),
                    source_text=use.source.surface,
                    target_evidence=use.target.surface,
                    detail=TermNumberDetail(
                        source_term=term.label, source_number=expected, target_number=written
                    ),
                )
            )
        return findings


_NUMBER_WORDS = {"sing": "singular", "plur": "plural"}


def _target_number(target: str, hit: TargetMatch, lang: str) -> str | None:
    """The number of a rendering, or None where it cannot be told (or is governed by a
    number before it, in Russian)."""
    if lang == "en":
        return english_number(hit.surface)
    if russian_context(target[: hit.start]).number is not None:
        return None  # «две компании», «пять компаний»: the number word decides
    numbers = {n for _, n, _ in russian_grammar(hit.surface).analyses}
    return next(iter(numbers)) if len(numbers) == 1 else None


def _shows_number(variant: str, term: Term, lang: str) -> bool:
    """Whether ``variant`` is a singular noun phrase with a plural that differs (not a mass
    noun, not an adjective, which agrees with its noun; a name's plural is still a plural:
    "Islamic Republics" is flagged)."""
    if term.pos in ("adj", "verb", "abbr"):
        return False
    if lang == "en":
        words = variant.split()
        if not words:
            return False
        head = words[english_head(words)]
        return not is_mass_noun(head) and english_number(variant) == "sing"
    if is_mass_term(term):
        return False  # сотрудничество for همکاری‌ها, as "cooperation"
    forms = russian_phrase_forms(variant, term)
    if len({f.gender for f in forms if f.gender}) > 1:
        return False  # an adjective-only phrase
    numbers = {f.number for f in forms if f.case == "nomn"}
    own = next((f.number for f in forms if f.text == variant), None)
    return numbers == {"sing", "plur"} and own == "sing"


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


class NumberCheck(Check):
    """Every source number must appear in the target, as digits or words; a date given in
    both calendars must be right in both; a number must stay with the noun it counts (the
    segment's glossary terms, found with the target matcher, and the number package's
    counted-noun lexicon)."""

    id = "number"

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        year = context.reference_year
        if year is None:
            year = article_year(p.source for p in pairs)
        lang = context.target_language
        terms: dict[int, list[SourceMatch]] = defaultdict(list)
        for use in context.term_uses:
            terms[use.segment].append(use.source)
        findings = []
        for pair in pairs:
            if not _translated(pair.target):
                continue  # coverage or untranslated reports the segment
            counted = functools.partial(
                _counted_terms, pair.target, terms.get(pair.segment, []), lang
            )
            for f in check_numbers(
                pair.source, pair.target, lang, reference_year=year, counted=counted
            ):
                span = (f.start, f.end) if f.start is not None and f.end is not None else None
                findings.append(
                    Finding(
                        check=self.id,
                        severity="warning" if f.code == "untranslated-digits" else "error",
                        segment=pair.segment,
                        message=f.message,
                        source_span=span,
                        source_text=f.source,
                        target_evidence=f.target,
                        detail=_number_detail(f),
                    )
                )
        return findings


def _counted_terms(target: str, matches: list[SourceMatch], lang: str) -> tuple[Counted, ...]:
    """The glossary terms of a segment as things numbers count: their source occurrences
    and every accepted rendering in the target."""
    if not matches:
        return ()
    matcher = target_matcher(lang)
    by_term: dict[Term, list[tuple[int, int]]] = defaultdict(list)
    for m in matches:
        by_term[m.term].append((m.start, m.end))
    return tuple(
        Counted(
            term.label,
            tuple(spans),
            tuple((t.start, t.end) for t in matcher.find(target, term)),
        )
        for term, spans in by_term.items()
    )


def _number_detail(f: NumberFinding) -> NumberDetail | WrongDateDetail | SwappedDetail:
    if f.date_conflict is not None:
        c = f.date_conflict
        return WrongDateDetail(
            calendar=c.calendar, given=c.given, expected=c.expected, value=f.value
        )
    if f.misattached:
        return SwappedDetail(numbers=f.misattached)
    kind: NumberKind = "untranslated-digits" if f.code == "untranslated-digits" else "missing"
    return NumberDetail(kind=kind, value=f.value)


# ---------------------------------------------------------------------------
# Untranslated text
# ---------------------------------------------------------------------------

_ARABIC_RUN = re.compile(r"[\u0600-\u06FF\u200c]+(?:[\s\u200c]+[\u0600-\u06FF\u200c]+)*")
UNTRANSLATED_SHARE = 0.5
UNTRANSLATED_SPAN_WORDS = 3


class UntranslatedCheck(Check):
    """A target segment, or a long span in it, still in the source (Arabic) script."""

    id = "untranslated"

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        findings = []
        for pair in pairs:
            prof = profile(pair.target)
            if not prof.letters:
                continue
            if prof.share("Arabic") >= UNTRANSLATED_SHARE:
                findings.append(
                    Finding(
                        check=self.id,
                        severity="error",
                        segment=pair.segment,
                        message=f"segment is untranslated ({prof.share('Arabic'):.0%} of its "
                        "letters are in the source script)",
                        target_evidence=_clip(pair.target),
                        detail=UntranslatedDetail(kind="segment"),
                    )
                )
                continue
            for m in _ARABIC_RUN.finditer(pair.target):
                words = [w for w in re.split(r"[\s\u200c]+", m.group()) if w]
                if len(words) >= UNTRANSLATED_SPAN_WORDS:
                    findings.append(
                        Finding(
                            check=self.id,
                            severity="warning",
                            segment=pair.segment,
                            message=f"{len(words)} words left in the source script",
                            target_evidence=m.group(),
                            detail=UntranslatedDetail(kind="span"),
                        )
                    )
        return findings


def _clip(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# ---------------------------------------------------------------------------
# Coverage
# ---------------------------------------------------------------------------

# Typical target/source length ratios in characters (measured on the shipped references).
EXPECTED_RATIO = {"en": 1.35, "ru": 1.45}
HIGH_RATIO = 1.8
MIN_SOURCE_CHARS = 25
# The short bound depends on the line's length. A line's length is a sum over its words, so
# its spread around the expected length grows with the square root of the source length
# (as in Gale and Church's length-based sentence alignment): the deviation
# (target - expected_ratio * source) / sqrt(source), in characters, has a standard
# deviation of about 1.7 on the two shipped references (22 lines; the worst is -3.8, English
# line 5). A line is short below SHORT_DEVIATIONS of it, about 3.5 standard deviations;
# the bound lies between LOW_RATIO (short lines, where one word more or less weighs
# much) and LOW_RATIO_LONG (very long lines, where translators' styles still differ).
LOW_RATIO = 0.7
LOW_RATIO_LONG = 0.8
SHORT_DEVIATIONS = 6.0


def short_bound(source_chars: int, expected: float) -> float:
    """The relative length (target / (expected ratio × source)) below which a line of
    ``source_chars`` characters is short: 0.7 up to about 150 characters, tighter for longer
    lines (0.78 at 380 characters with the Russian ratio), never above 0.8."""
    bound = 1 - SHORT_DEVIATIONS / (expected * math.sqrt(source_chars))
    return min(LOW_RATIO_LONG, max(LOW_RATIO, bound))


class CoverageCheck(Check):
    """Empty targets, and segments whose length ratio to the source is an outlier: longer
    than HIGH_RATIO times the expected length, or shorter than :func:`short_bound`, which
    is tighter for long lines. A segment left in the source script is the untranslated
    check's."""

    id = "coverage"

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        findings = []
        ratios = {}
        for pair in pairs:
            if pair.source.strip() and not pair.target.strip():
                findings.append(
                    Finding(
                        check=self.id,
                        severity="error",
                        segment=pair.segment,
                        message="target segment is empty",
                        source_text=_clip(pair.source),
                        detail=CoverageDetail(kind="empty"),
                    )
                )
            elif not pair.source.strip() and pair.target.strip():
                findings.append(
                    Finding(
                        check=self.id,
                        severity="warning",
                        segment=pair.segment,
                        message="target has text where the source line is blank",
                        target_evidence=_clip(pair.target),
                        detail=CoverageDetail(kind="extra"),
                    )
                )
            elif len(pair.source.strip()) >= MIN_SOURCE_CHARS and _translated(pair.target):
                ratios[pair.segment] = len(pair.target.strip()) / len(pair.source.strip())
        expected = EXPECTED_RATIO.get(context.target_language, 1.2)
        if len(ratios) >= 8:
            # A long document sets its own norm (style varies), within sane bounds.
            expected = min(max(statistics.median(ratios.values()), expected / 1.5), expected * 1.5)
        by_segment = {p.segment: p for p in pairs}
        for seg, ratio in ratios.items():
            rel = ratio / expected
            source_chars = len(by_segment[seg].source.strip())
            low = short_bound(source_chars, expected)
            if low <= rel <= HIGH_RATIO:
                continue
            kind: CoverageKind = "short" if rel < low else "long"
            if kind == "short":
                message = (
                    f"target is {rel:.2f}× the expected length, below {low:.2f}× for a line "
                    f"of {source_chars} characters (truncated or dropped content?)"
                )
            else:
                message = f"target is {rel:.2f}× the expected length (added content?)"
            findings.append(
                Finding(
                    check=self.id,
                    severity="warning",
                    segment=seg,
                    message=message,
                    source_text=_clip(by_segment[seg].source),
                    target_evidence=_clip(by_segment[seg].target),
                    detail=CoverageDetail(
                        kind=kind, ratio=round(ratio, 3), expected_ratio=round(expected, 3)
                    ),
                )
            )
        return findings


# ---------------------------------------------------------------------------
# Damage
# ---------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_OTHER_SCRIPT = {"en": ("Cyrillic",), "ru": ("Latin",)}
SHORTER_THAN_BASELINE = 0.75


def wrong_script_words(text: str, lang: str) -> list[str]:
    """Words in a script the target language does not use: Cyrillic in English, lower-case
    Latin in Russian (Latin names and acronyms such as IT or Mehr are normal in Russian news).
    Words in the source script are the untranslated check's."""
    out = []
    for word in _WORD.findall(text):
        prof = profile(word)
        if not prof.letters:
            continue
        for script in _OTHER_SCRIPT.get(lang, ()):
            if prof.share(script) >= 0.5 and not (script == "Latin" and not word.islower()):
                out.append(word)
    return out


# Collateral edits: the words a placement changed besides the term.


@dataclass(frozen=True)
class EditWords:
    """The words of a language that the collateral-edit count treats apart.

    ``grammar`` come and go with a placed term anywhere (articles, «о/об»); ``function``
    words (those, conjunctions and short prepositions) may change on their own, as a word
    diff pairs them across neighbouring phrases; ``structure`` words are never part of a
    term's rendering, so a term put in place of one (``после`` read as a form of ``посол``)
    dropped it. Two words are one word re-inflected when they agree up to ``strip`` final
    letters (Russian endings) or one of ``endings`` (English plurals), leaving a stem of at
    least :data:`MIN_STEM` letters.
    """

    grammar: frozenset[str]
    function: frozenset[str]
    structure: frozenset[str]
    strip: int = 0
    endings: tuple[str, ...] = ()


MIN_STEM = 3
EDIT_WORDS: dict[str, EditWords] = {
    "en": EditWords(
        grammar=frozenset("a an the 's ’s".split()),
        function=frozenset(
            "a an the 's ’s and or but nor of in to for with on by at from as".split()
        ),
        structure=frozenset(
            "and or but nor of in to for with on by at from as after before since during "
            "between about under over through without against among until".split()
        ),
        endings=("es", "s"),
    ),
    "ru": EditWords(
        grammar=frozenset("о об обо".split()),
        function=frozenset(
            "о об обо и или а но да в во с со на по для при к ко из от до у за".split()
        ),
        structure=frozenset(
            "и или а но да в во с со на по для при к ко из от до у за после перед между через "
            "без под над около среди вместо против".split()
        ),
        strip=2,
    ),
}
"""Per target language; a language without an entry has no words treated apart."""
_NO_EDIT_WORDS = EditWords(frozenset(), frozenset(), frozenset())
_EDIT_TOKEN = re.compile(r"['’]s\b|[^\W_]+(?:-[^\W_]+)*")
"""Words, and a possessive as a word of its own ("Ministry's": "Ministry", "'s")."""


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.text.lower().replace("ё", "е")


@dataclass(frozen=True)
class CollateralEdit:
    """One place where a hypothesis changed its baseline outside the term placements: the
    baseline's words ``removed`` there and the hypothesis's words ``added``."""

    removed: tuple[str, ...]
    added: tuple[str, ...]

    def __str__(self) -> str:
        removed, added = " ".join(self.removed), " ".join(self.added)
        if not added:
            return f"«{removed}» dropped"
        if not removed:
            return f"«{added}» added"
        return f"«{removed}» → «{added}»"


def collateral_edits(
    baseline: str,
    hypothesis: str,
    lang: str,
    terms: Sequence[tuple[int, int]] = (),
    placements: Sequence[Placement] = (),
) -> list[CollateralEdit]:
    """The words ``hypothesis`` changed against ``baseline`` outside the term placements.

    A word diff of the two; a change is allowed (not collateral) when
    * its added words lie in a term rendering: ``terms`` (character spans of the hypothesis,
      one per source occurrence) or a placement's ``form``; the baseline's words it removed
      there are the model's own rendering: a placement's ``replaced`` words where one
      declares them, else at most as many words as a placed form added there (a rendering
      found without a placement: as its own words), or any number of words whose initials
      the term abbreviates (ICT), function words aside; never a structure word at their edge;
    * a word is re-inflected (a removed and an added word of one stem: agreement);
    * only function words change (:data:`EDIT_WORDS`).
    Everything else is collateral: a word replaced by another, dropped, or added outside the
    terms (a term rendering more than the source has), and a phrase written twice.
    """
    rules = EDIT_WORDS.get(lang, _NO_EDIT_WORDS)
    old, new = _edit_words(baseline), _edit_words(hypothesis)
    ops = difflib.SequenceMatcher(
        a=[w.key for w in old], b=[w.key for w in new], autojunk=False
    ).get_opcodes()
    changed_old = {i for tag, i1, i2, _, _ in ops if tag != "equal" for i in range(i1, i2)}
    changed_new = {j for tag, _, _, j1, j2 in ops if tag != "equal" for j in range(j1, j2)}
    if not changed_old and not changed_new:
        return []
    # The placements' forms first, then the renderings the term analysis found elsewhere.
    spans: list[frozenset[int]] = []
    declared: set[int] = set()
    for placement in placements:
        form = _claim(new, placement.form, changed_new, set().union(*spans))
        if form:
            spans.append(form)
        if placement.replaced:
            declared |= _claim(old, placement.replaced, changed_old, declared)
    placed = len(spans)
    found = [_covered(new, start, end) for start, end in terms]
    spans += [span for span in found if not span & set().union(*spans[:placed])]
    # A phrase written twice is collateral, even a term's rendering (but not a placed form,
    # which declares what it wrote): the copy the diff counts as added.
    doubled = _doubled(old, new, changed_new) - set().union(*spans[:placed])
    term_of = {j: k for k, span in enumerate(spans) for j in span if j not in doubled}
    # A word re-inflected to agree is gone and come back with one stem, wherever the diff
    # put the two (it may pair a word with its neighbour's).
    old_stems = set().union(*(_stems(old[i].key, rules) for i in changed_old))
    new_stems = set().union(*(_stems(new[j].key, rules) for j in changed_new))
    kept_old = {i for i in changed_old if _stems(old[i].key, rules) & new_stems}
    kept_new = {j for j in changed_new if _stems(new[j].key, rules) & old_stems}
    edits = []
    for group in _groups(ops, term_of):
        added = [j for _, _, _, j1, j2 in group for j in range(j1, j2) if j not in doubled]
        touched = {term_of[j] for j in added if j in term_of}
        removed = [i for _, i1, i2, _, _ in group for i in range(i1, i2) if i not in kept_old]
        added = [j for j in added if j not in kept_new]
        if touched:
            # Only the words judged wrong: the rest of the group is the term's edit.
            term_words = [new[j] for k in touched for j in sorted(spans[k])]
            # A placed form took the place of at most as many words as it brought; a rendering
            # found without a placement, of at most as many as its own words.
            if any(k < placed for k in touched):
                room = [j for j in added if j in term_of]
            else:
                room = [j for k in touched for j in spans[k]]
            room = [j for j in room if new[j].key not in rules.function]
            removed = _beyond_rendering(old, group, removed, declared, term_words, len(room), rules)
            added = [j for j in added if j not in term_of and new[j].key not in rules.function]
            if removed or added:
                edits.append(_edit(old, new, removed, added))
        elif any(old[i].key not in rules.function for i in removed) or any(
            new[j].key not in rules.function for j in added
        ):
            # A change of its own: its function words went with it ("to Moscow" doubled).
            edits.append(_edit(old, new, removed, added))
    for run in _runs(sorted(doubled)):
        edits.append(_edit(old, new, [], run))
    return edits


MAX_DOUBLED = 4
"""The longest phrase, in words, looked for written twice in a row."""


def _doubled(old: list[_Word], new: list[_Word], changed: set[int]) -> set[int]:
    """The words of the hypothesis that write a phrase of up to :data:`MAX_DOUBLED` words a
    second time in a row, where the baseline has that repetition fewer times: of the two
    copies, the one the diff counts as added."""
    a, b = [w.key for w in old], [w.key for w in new]

    def count(keys: list[str], phrase: list[str]) -> int:
        n = len(phrase)
        return sum(keys[k : k + n] == phrase for k in range(len(keys) - n + 1))

    out: set[int] = set()
    for n in range(MAX_DOUBLED, 0, -1):
        for k in range(len(b) - 2 * n + 1):
            if b[k : k + n] != b[k + n : k + 2 * n] or out & set(range(k, k + 2 * n)):
                continue
            if count(b, b[k : k + 2 * n]) <= count(a, b[k : k + 2 * n]):
                continue
            second = set(range(k + n, k + 2 * n))
            out |= second if second & changed else set(range(k, k + n))
    return out & changed


def _runs(indices: list[int]) -> list[list[int]]:
    """Consecutive indices, grouped."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _edit_words(text: str) -> list[_Word]:
    return [_Word(m.group(), m.start(), m.end()) for m in _EDIT_TOKEN.finditer(text)]


def _edit(
    old: list[_Word], new: list[_Word], removed: list[int], added: list[int]
) -> CollateralEdit:
    return CollateralEdit(tuple(old[i].text for i in removed), tuple(new[j].text for j in added))


def _covered(words: list[_Word], start: int, end: int) -> frozenset[int]:
    """The words that overlap the character span ``start:end``."""
    return frozenset(k for k, w in enumerate(words) if w.start < end and start < w.end)


def _claim(words: list[_Word], text: str, changed: set[int], taken: set[int]) -> frozenset[int]:
    """The first occurrence of ``text``'s words that a change touches and that no other
    placement took (each placement declares one occurrence); none if there is no such."""
    keys = [w.key for w in _edit_words(text)]
    n = len(keys)
    all_keys = [w.key for w in words]
    for k in range(len(words) - n + 1 if n else 0):
        span = set(range(k, k + n))
        if all_keys[k : k + n] == keys and changed & span and not taken & span:
            return frozenset(span)
    return frozenset()


_Op = tuple[str, int, int, int, int]


def _groups(ops: Sequence[_Op], term_of: Mapping[int, int]) -> list[list[_Op]]:
    """The diff's changes, those on either side of unchanged words of one term rendering
    taken as one (a reworded term keeps some of its words: «информационных»)."""
    groups: list[list[_Op]] = []
    current: list[_Op] = []
    for k, op in enumerate(ops):
        tag, _, _, j1, j2 = op
        if tag != "equal":
            current.append(op)
            continue
        inside = {term_of.get(j) for j in range(j1, j2)}
        if current and k + 1 < len(ops) and len(inside) == 1 and None not in inside:
            continue
        if current:
            groups.append(current)
        current = []
    if current:
        groups.append(current)
    return groups


def _beyond_rendering(
    old: list[_Word],
    group: list[_Op],
    removed: list[int],
    declared: set[int],
    term: list[_Word],
    room: int,
    rules: EditWords,
) -> list[int]:
    """The removed words of a change that put a term in, that were not the model's own
    rendering of it: outside the words a placement declares it replaced, else beyond ``room``
    words (unless the term abbreviates them), function words and words re-inflected aside;
    and a structure word at the edge of the baseline's words there, which no rendering
    has."""
    region = [i for i in range(group[0][1], group[-1][2]) if old[i].key not in rules.grammar]
    edges = []
    while region and region[0] in removed and old[region[0]].key in rules.structure:
        edges.append(region.pop(0))
    while region and region[-1] in removed and old[region[-1]].key in rules.structure:
        edges.append(region.pop())
    # Function words inside are the diff's pairing (it may match an «и» of one rendering
    # with another's) or the old rendering's own ("Ministry of ...").
    rest = [i for i in removed if i in region and i not in declared]
    content = [i for i in rest if old[i].key not in rules.function]
    if not any(i in declared for i in removed):
        # The initials of every word there, a re-inflected one too (ИКТ: «информационных и
        # коммуникационных технологий», the last kept as «технологиям»).
        there = [old[i] for i in region if old[i].key not in rules.function]
        fits = len(content) <= room or _abbreviates(term, there)
        content = [] if fits else content
    # The words lost, with the function words between them ("officials and representatives").
    lost = [i for i in removed if i not in declared and content and content[0] <= i <= content[-1]]
    return sorted(edges + lost)


def _abbreviates(term: list[_Word], words: list[_Word]) -> bool:
    """Whether a word of the term is an acronym of ``words``' initials, in order (ICT:
    Information and Communications Technology)."""
    initials = "".join(w.key[0] for w in words)
    for w in term:
        if len(w.text) < 2 or not w.text.isupper():
            continue
        rest = iter(initials)
        if all(letter in rest for letter in w.key):
            return True
    return False


def _stems(key: str, rules: EditWords) -> set[str]:
    """The word and the stems its inflection may leave (:class:`EditWords`)."""
    out = {key}
    for k in range(1, rules.strip + 1):
        if len(key) - k >= MIN_STEM:
            out.add(key[:-k])
    for ending in rules.endings:
        if key.endswith(ending) and len(key) - len(ending) >= MIN_STEM:
            out.add(key[: -len(ending)])
    return out


class DamageCheck(Check):
    """Damage that term placement (or a careless post-editor) does to a sentence.

    * words in another script (a forced English word left in Russian output: ``of``);
    * with a baseline (the unconstrained translation of the same source): a segment much
      shorter than it (a dropped clause), a glossary term added beside the baseline's
      words instead of in place of some of them (the model's own rendering of the term is
      then probably still there: "agreement contracts"), and collateral edits: words
      changed outside the spans the term placements declare (:func:`collateral_edits`).
    """

    id = "damage"

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        findings = []
        lang = context.target_language
        for pair in pairs:
            if not _translated(pair.target):
                continue
            wrong = wrong_script_words(pair.target, lang)
            if wrong:
                findings.append(
                    Finding(
                        check=self.id,
                        severity="error",
                        segment=pair.segment,
                        message=f"{len(wrong)} word(s) in the wrong script: {', '.join(wrong[:5])}",
                        target_evidence=", ".join(wrong),
                        detail=WrongScriptDetail(words=tuple(wrong)),
                    )
                )
            baseline = context.baseline.get(pair.segment)
            if baseline is None or not baseline.strip():
                continue
            n_base, n_hyp = len(baseline.split()), len(pair.target.split())
            if n_hyp < SHORTER_THAN_BASELINE * n_base:
                findings.append(
                    Finding(
                        check=self.id,
                        severity="error",
                        segment=pair.segment,
                        message=f"segment has {n_hyp} words against {n_base} in the "
                        "unconstrained translation (a dropped clause?)",
                        target_evidence=_clip(pair.target),
                        detail=ShorterDetail(words=n_hyp, baseline_words=n_base),
                    )
                )
            findings.extend(self._added_beside(pair, baseline, context))
            collateral = self._collateral(pair, baseline, context)
            if collateral is not None:
                findings.append(collateral)
        return findings

    def _collateral(self, pair: Pair, baseline: str, context: Context) -> Finding | None:
        """One finding listing the words changed outside the term placements, if any."""
        terms = [
            (u.target.start, u.target.end)
            for u in context.term_uses
            if u.segment == pair.segment and u.target is not None
        ]
        edits = collateral_edits(
            baseline,
            pair.target,
            context.target_language,
            terms,
            context.placements.get(pair.segment, ()),
        )
        if not edits:
            return None
        detail = CollateralDetail(
            removed=tuple(w for e in edits for w in e.removed),
            added=tuple(w for e in edits for w in e.added),
        )
        return Finding(
            check=self.id,
            severity="error",
            segment=pair.segment,
            message=f"{detail.words} word(s) changed outside the term placements: "
            + _clip("; ".join(str(e) for e in edits), 160),
            target_evidence=_clip(pair.target),
            detail=detail,
        )

    def _added_beside(self, pair: Pair, baseline: str, context: Context) -> list[Finding]:
        """Term renderings that the hypothesis adds to the baseline without taking any of the
        baseline's words away around them."""
        uses = [
            u
            for u in context.term_uses
            if u.segment == pair.segment and u.target is not None and not u.shared
        ]
        if not uses:
            return []
        base = [w.lower() for w in baseline.split()]
        hyp_spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", pair.target)]
        hyp = [pair.target[a:b].lower() for a, b in hyp_spans]
        ops = difflib.SequenceMatcher(a=base, b=hyp, autojunk=False).get_opcodes()
        inserted = [(j1, j2) for tag, _, _, j1, j2 in ops if tag == "insert"]
        findings = []
        for use in uses:
            if use.target is None:
                continue
            words = [
                k
                for k, (a, b) in enumerate(hyp_spans)
                if a < use.target.end and b > use.target.start
            ]
            if not words:
                continue
            if any(j1 <= words[0] and words[-1] < j2 for j1, j2 in inserted):
                findings.append(
                    Finding(
                        check=self.id,
                        severity="warning",
                        segment=pair.segment,
                        message=f"term '{use.source.term.label}' was added beside the "
                        "unconstrained translation's words, not in place of any: its old "
                        "rendering may remain",
                        source_span=(use.source.start, use.source.end),
                        source_text=use.source.surface,
                        target_evidence=use.target.surface,
                        detail=AddedBesideDetail(source_term=use.source.term.label),
                    )
                )
        return findings


# ---------------------------------------------------------------------------
# Off target
# ---------------------------------------------------------------------------


class OffTargetCheck(Check):
    """A segment in another target language than its own (English in a Russian
    translation, Russian in an English one): most of its letters in that language's script,
    judged from :data:`~toolkit.text.offtarget.MIN_LETTERS` letters on, so that a number or
    a name alone is never flagged (:mod:`toolkit.text.offtarget`). A segment left in the
    source script is the untranslated check's, reported once; both count as off target in
    :attr:`~toolkit.evaluate.report.EvaluationReport.off_target`."""

    id = "off-target"

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        findings = []
        for pair in pairs:
            wrong = off_target(pair.target, context.target_language)
            if wrong is None or not _translated(pair.target):
                continue
            findings.append(
                Finding(
                    check=self.id,
                    severity="error",
                    segment=pair.segment,
                    message=wrong.message,
                    target_evidence=_clip(pair.target),
                    detail=OffTargetDetail(found=wrong.found, share=wrong.share),
                )
            )
        return findings


CHECKS: dict[str, type[Check]] = {
    "term": TermCheck,
    "term-consistency": TermConsistencyCheck,
    "term-number": TermNumberCheck,
    "number": NumberCheck,
    "untranslated": UntranslatedCheck,
    "coverage": CoverageCheck,
    "damage": DamageCheck,
    "off-target": OffTargetCheck,
}
