"""Quality checks of a translation against its source, segment by segment.

Each check is a small class with an id and one method, ``run(pairs, context)``, returning
findings: the check id, a severity, the 1-based segment, the source span and the target
evidence. The checks follow what QA tools (Xbench, Verifika) and the WMT terminology task
measure: terms and their consistency, numbers, untranslated text and coverage.
"""

from __future__ import annotations

import functools
import math
import re
import statistics
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Mapping
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


DamageDetail: TypeAlias = WrongScriptDetail | ShorterDetail | AddedBesideDetail
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


@dataclass
class Context:
    """What the checks share: the target language, the glossary, the term analysis and,
    when given, the unconstrained translation of each segment (``baseline``, by segment)."""

    target_language: str
    glossary: Glossary | None = None
    term_uses: list[TermUse] = field(default_factory=list)
    baseline: dict[int, str] = field(default_factory=dict)
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


class DamageCheck(Check):
    """Damage that term placement (or a careless post-editor) does to a sentence.

    * words in another script (a forced English word left in Russian output: ``of``);
    * with a baseline (the unconstrained translation of the same source): a segment much
      shorter than it (a dropped clause), and a glossary term added beside the baseline's
      words instead of in place of some of them (the model's own rendering of the term is
      then probably still there: "agreement contracts").
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
        return findings

    def _added_beside(self, pair: Pair, baseline: str, context: Context) -> list[Finding]:
        """Term renderings that the hypothesis adds to the baseline without taking any of the
        baseline's words away around them."""
        import difflib

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
