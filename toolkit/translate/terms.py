"""The glossary guarantee: every term found in a source sentence appears in its translation,
without damaging the rest of it.

The design, and why: ``docs/design/term-enforcer.md``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from toolkit.errors import InputError
from toolkit.glossary.agree import (
    SENTENCE_START,
    fit_before,
    fit_neighbours,
    fitting_forms,
    placed_forms,
    source_number,
)
from toolkit.glossary.model import Term
from toolkit.glossary.source import SourceMatch
from toolkit.glossary.target import TargetMatch, TargetMatcher, term_renderings
from toolkit.languages import find
from toolkit.text.script import profile
from toolkit.translate import locate
from toolkit.translate.base import ATTENTION, N_BEST, PREFIX, SCORE, TermOutcome, Translator
from toolkit.translate.probe import UNKNOWN, Evidence, probe
from toolkit.translate.verify import check_edit

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
"""A word of a translation (letters, with inner apostrophes and hyphens)."""

MAX_FORMS = 12


@dataclass(frozen=True)
class EnforcerSettings:
    """Everything that changes what the enforcer does; part of every signature and of the
    translation memory key, so a change never serves output of another enforcer."""

    version: int = 6
    """Bumped whenever the placement method changes."""
    isolated_hypotheses: int = 4
    """How many translations of a term on its own are looked for in the sentence."""
    min_isolated_score: float = -1.5
    """An isolated translation scoring below this (average log-probability per token) is not
    trusted as the model's rendering (a model that does not know the term)."""
    isolated_margin: float = 0.7
    """Nor is one scoring more than this below the best isolated translation (the tail of an
    n-best list is where a model's confident nonsense lives)."""
    isolated_words: tuple[int, int] = (2, 3)
    """An isolated translation longer than ``a * n + b`` words, for a term of ``n`` words,
    or cut at the length limit, is not a rendering of it: a model that never learnt the term
    alone answers with a sentence it knows (measured on a model trained on whole sentences
    only)."""
    probe: bool = True
    """Whether the model is asked which words render a missing term, by translating the
    sentence without it (:mod:`~toolkit.translate.probe`): the evidence that locates a
    rendering in context, and that tells an omitted term from an unlocated one."""
    probe_beam: int = 1
    """Beams of the probe's translations: 1 (greedy) sends them in one batch, the same output
    as alone; more runs each alone."""
    min_translating_score: float = -2.0
    """A hypothesis scoring below this (average log-probability per token: the model choosing
    among about seven tokens a step) is not a translation the model stands behind (a random
    model scores about -2.9 on the seed, the stand-ins above -0.5): a term may be added to it
    without evidence that the model left the term out, as there are no words of the model's
    to keep."""
    grow_anchors: bool = True
    """Whether a rendering found by one of its words only (the head of the model's isolated
    rendering) may be grown over the words the attention aligns with the term. A grown span
    is replaced only if each of its words is a word of the isolated rendering or an acronym
    of its words (:func:`~toolkit.translate.locate.explained`): unchecked, on a model that
    does not translate the term alone in its in-context wording, it took a verb or half a
    rendering, damage reported as success."""
    align_only: bool = False
    """Whether attention alone (no lexical anchor) may locate a rendering to replace. Off by
    default: on the fluent stand-in, cross-attention alone picked wrong words (a verb for a
    title), and a wrong substitution is silent damage, where an insertion is reported."""
    min_aligned_score: float = -1.0
    """With ``align_only``: only in a hypothesis the model is this sure of."""
    min_kept_words: float = 0.85
    """A constrained continuation must keep this share of the hypothesis's words."""
    max_length_ratio: float = 0.8
    """An n-best hypothesis shorter than this share of the best one is not chosen for its
    terms (it dropped something)."""
    beam_size: int = 2
    max_continued: int = 3

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Placement:
    status: str
    match: TargetMatch
    replaced: str = ""


class TermEnforcer:
    """Applies the guarantee to translations produced by a :class:`Translator`."""

    def __init__(
        self,
        translator: Translator,
        matcher: TargetMatcher,
        settings: EnforcerSettings | None = None,
    ) -> None:
        self.translator = translator
        self.matcher = matcher
        self.settings = settings or EnforcerSettings()
        self._isolated: dict[str, tuple[str, ...]] = {}
        self._producers: dict[str, set[Term]] = {}
        """Isolated rendering -> the terms it was given for (in this document so far)."""
        self._missing: tuple[SourceMatch, ...] = ()
        self._unrendered: list[int] = []
        """Indices of ``_missing`` in the sentence's required occurrences."""
        self._required: list[SourceMatch] = []
        """The occurrences that the sentence being placed lacked in the model's hypothesis."""
        self._refused: list[str] = []
        """Why the edit guard refused the candidates of the occurrence being placed."""
        self._evidence: dict[int, Evidence] = {}
        """The probe's evidence for each occurrence of the sentence being placed."""
        self._probed = False
        self._hypothesis = ""
        self._confidence: float | None = None
        self._degenerate = False
        self._budget = 0

    @property
    def lang(self) -> str:
        return self.matcher.lang

    # -- step 1 ------------------------------------------------------------------------------

    def choose(
        self, hypotheses: list[str], scores: list[float], required: list[SourceMatch]
    ) -> int:
        """The best hypothesis rendering the most occurrences, among those not much shorter
        than the best hypothesis."""
        floor = self.settings.max_length_ratio * len(hypotheses[0].split())
        best_index, best_key = 0, (-1, float("-inf"))
        for i, (text, score) in enumerate(zip(hypotheses, scores, strict=True)):
            if i and len(text.split()) < floor:
                continue
            placed = len(self._rendered(text, required))
            key = (placed, score if score == score else float("-inf"))  # NaN: unscored
            if i == 0 or key > best_key:
                best_index, best_key = i, key
            if placed == len(required):
                break
        return best_index

    # -- the whole sentence ------------------------------------------------------------------

    def enforce(
        self,
        source: str,
        hypotheses: list[str],
        scores: list[float],
        required: list[SourceMatch],
        max_new_tokens: int,
        *,
        degenerate: bool = False,
    ) -> tuple[str, list[TermOutcome]]:
        """The final text and one outcome per required occurrence (in source order).
        ``degenerate``: the hypotheses stayed broken after the engine's retries (a token
        repeated, noise), so they hold no words of the model's to keep."""
        index = self.choose(hypotheses, scores, required)
        text = hypotheses[index]
        confidence = scores[index] if scores[index] == scores[index] else None
        placements: dict[int, _Placement] = {
            i: _Placement("model", m) for i, m in self._rendered(text, required).items()
        }
        failed: dict[int, str] = {}
        alignment: list[locate.WordAlignment | None] = []  # computed once, on first need
        self._evidence, self._probed = {}, False
        rendered = self._rendered(text, required)
        self._unrendered = [i for i in range(len(required)) if i not in rendered]
        self._missing = tuple(required[i] for i in self._unrendered)
        self._required = required
        self._hypothesis, self._confidence = text, confidence
        self._degenerate = degenerate
        self._budget = max_new_tokens
        for occurrence in range(len(required)):
            if occurrence in placements or occurrence in failed:
                continue
            term = required[occurrence].term
            if self._has_rendering(text, term, placements):
                continue  # shared with another occurrence's rendering (resolved below)
            self._refused.clear()
            outcome = self._substitute(
                source, text, required, occurrence, placements, alignment, confidence
            )
            unsafe = (
                None
                if outcome is not None
                else self._unsafe_to_add(source, text, required, occurrence, placements)
            )
            if unsafe is not None:
                self._refused.append(unsafe)
            if outcome is None and unsafe is None:
                outcome = self._constrain(
                    source, text, required, occurrence, placements, max_new_tokens
                )
            if outcome is None and unsafe is None:
                outcome = self._insert(source, text, required, occurrence, placements)
            if outcome is None:
                failed[occurrence] = (
                    f"every placement was refused: {self._refused[0]}"
                    if self._refused
                    else "no accepted rendering could be placed in the translation"
                )
                continue
            text, placements = outcome
            alignment.clear()  # the text changed
        return text, self._outcomes(text, required, placements, failed)

    # -- step 2: substitution ----------------------------------------------------------------

    def _substitute(
        self,
        source: str,
        text: str,
        required: list[SourceMatch],
        occurrence: int,
        placements: dict[int, _Placement],
        alignment: list[locate.WordAlignment | None],
        confidence: float | None,
    ) -> tuple[str, dict[int, _Placement]] | None:
        match = required[occurrence]
        term = match.term
        taken = [(p.match.start, p.match.end) for p in placements.values()]
        renderings = self._isolated_renderings(match)
        # The model's whole rendering may contain another term's accepted rendering ("the
        # Ambassador of the Islamic Republic of Iran to Russia" holds "Islamic Republic of
        # Iran", which a later occurrence may own): free spans first, then overlapping ones;
        # a replacement that loses a placed term is refused when it is tried.
        found = locate.lexical_spans(text, renderings, self.lang, [])
        spans = [s for s in found if locate.is_free(s.start, s.end, taken)]
        spans += [s for s in found if s not in spans and locate.contains_all(s, taken)]
        if not spans:
            align = self._alignment(source, text, alignment)
            anchors = locate.anchors(text, renderings, self.lang, taken)
            for anchor in anchors if self.settings.grow_anchors else []:
                grown = locate.extend_anchor(
                    text, anchor, align, match.start, match.end, self.lang, taken
                )
                if grown is not None and locate.explained(grown.text, renderings, self.lang):
                    spans = [grown]
                    break
            if (
                not spans
                and self.settings.align_only
                and align is not None
                and confidence is not None
                and confidence >= self.settings.min_aligned_score
            ):
                aligned = locate.aligned_span(text, align, match.start, match.end, self.lang, taken)
                spans = [aligned] if aligned is not None else []
        spans = self._agreeing(spans, self._evidence_of(source, required, occurrence), text, taken)
        # A rendering is words of the target language: a span in another script is noise
        # (a random model echoing the source), never the model's wording of a term.
        spans = [s for s in spans if wrong_script_words(s.text, self.lang) == 0]
        spans = [s for s in spans if self._exclusive(s, text, required, term)]
        if not spans:
            return None
        # The occurrences of this term still missing take the located spans in order; a span
        # whose replacement would lose a placed term is skipped for the next one.
        missing = [
            i
            for i in range(occurrence, len(required))
            if required[i].term == term and i not in placements
        ]
        new_placements = dict(placements)
        pending = list(spans)
        for i in missing:
            while pending:
                result = self._replace(source, text, required, i, pending.pop(0), new_placements)
                if result is not None:
                    text, new_placements = result
                    break
        if occurrence not in new_placements:
            return None
        return text, new_placements

    def _agreeing(
        self,
        spans: list[locate.Located],
        evidence: Evidence,
        text: str,
        taken: list[tuple[int, int]],
    ) -> list[locate.Located]:
        """The spans that the probe's evidence does not contradict. Where the model showed its
        rendering, a located span must lie inside it (the tighter of the two is replaced) or
        hold it; where the model's words do not depend on the term, none is its rendering."""
        if evidence.verdict == "omitted":
            return []
        if evidence.verdict != "rendered":
            return spans
        shown = [
            locate.Located(m.start(), m.end(), m.group(), "probed")
            for m in re.finditer(re.escape(evidence.rendering), text)
            if locate.is_free(m.start(), m.end(), taken)
        ]
        if len(shown) != 1:
            return []  # gone, or twice in the sentence: which one is the term's is not known
        probed = shown[0]
        if not spans:
            return [probed]
        inside = [s for s in spans if probed.start <= s.start and s.end <= probed.end]
        if inside:
            return inside
        if any(s.start <= probed.start and probed.end <= s.end for s in spans):
            return [probed]
        return []

    def _evidence_of(self, source: str, required: list[SourceMatch], occurrence: int) -> Evidence:
        """What translating the sentence without the term showed (one probe per sentence,
        for every occurrence the model's hypothesis lacked)."""
        if not self.settings.probe:
            return UNKNOWN
        if not self._probed:
            self._probed = True
            todo = self._unrendered
            try:
                found = probe(
                    self.translator,
                    source,
                    [required[i] for i in todo],
                    self.lang,
                    beam_size=self.settings.probe_beam,
                    max_new_tokens=self._budget,
                )
            except InputError:
                found = [UNKNOWN] * len(todo)
            self._evidence = dict(zip(todo, found, strict=True))
        evidence = self._evidence.get(occurrence, UNKNOWN)
        if evidence.verdict == "omitted" and evidence.translation.split() != (
            self._hypothesis.split()
        ):
            return UNKNOWN  # the model left the term out of another translation than this one
        return evidence

    def _unsafe_to_add(
        self,
        source: str,
        text: str,
        required: list[SourceMatch],
        occurrence: int,
        placements: dict[int, _Placement],
    ) -> str | None:
        """Why the term may not be added (forced or pasted) beside the model's words: the model
        rendered it, or may have, in words that could not be replaced. None when the model
        left it out (the probe), when the enforcer knows the model's own renderings of the
        term (then :meth:`_beside` checks that none is there) and the sentence holds no
        content word of the term's renderings, or when the hypothesis is not a translation
        the model stands behind (degenerate, or scored below
        :attr:`EnforcerSettings.min_translating_score`)."""
        evidence = self._evidence_of(source, required, occurrence)
        if evidence.verdict == "omitted":
            return None
        if evidence.verdict == "rendered":
            return f"the model rendered it as «{evidence.rendering}», which could not be replaced"
        confidence = self._confidence
        if self._degenerate or (
            confidence is not None and confidence < self.settings.min_translating_score
        ):
            return None
        match = required[occurrence]
        shared = self._shared_words(text, match.term, placements)
        if shared:
            # The model wrote words of the term itself ("areas of cooperation" where the
            # glossary asks for "avenues of cooperation"): its rendering is around them, in
            # words nothing located; the term added beside them would stand next to it.
            return (
                "the model may have rendered it around "
                + ", ".join(f"«{w}»" for w in shared)
                + ", in words that could not be located"
            )
        if any(wrong_script_words(r, self.lang) == 0 for r in self._isolated_renderings(match)):
            return None
        return "the model may have rendered it in words that could not be located"

    def _shared_words(self, text: str, term: Term, placements: dict[int, _Placement]) -> list[str]:
        """The content words of ``text`` outside the placed terms that share a lemma with a
        content word of ``term``'s renderings."""
        wanted: set[str] = set()
        for rendering in term.get(self.lang):
            for word in _WORD.findall(rendering):
                if not locate.is_function_word(word, self.lang):
                    wanted |= locate.lemmas(word, self.lang)
        taken = [(p.match.start, p.match.end) for p in placements.values()]
        return [
            m.group()
            for m in _WORD.finditer(text)
            if locate.is_free(m.start(), m.end(), taken)
            and not locate.is_function_word(m.group(), self.lang)
            and locate.lemmas(m.group(), self.lang) & wanted
        ]

    def _replace(
        self,
        source: str,
        text: str,
        required: list[SourceMatch],
        occurrence: int,
        span: locate.Located,
        placements: dict[int, _Placement],
    ) -> tuple[str, dict[int, _Placement]] | None:
        match = required[occurrence]
        variant = self._variant(match)
        if not variant:
            return None
        # Where the span moved because of earlier replacements, find it again by its text.
        start = text.find(span.text, max(0, span.start - 64))
        if start < 0:
            return None
        end = start + len(span.text)
        forms = fitting_forms(
            self.matcher,
            variant,
            match.term,
            span.text,
            match.surface,
            source_number(source, match),
        )
        candidates = []
        for form in forms[:MAX_FORMS]:
            head, tail = self._fit_context(text[:start], form, text[end:], span.text)
            candidates.append(head + self._cased(head, form) + tail)
        return self._best_keeping(
            source,
            candidates,
            required,
            occurrence,
            placements,
            "substituted",
            span.text,
            before=text,
            span=(start, end),
        )

    def _fit_context(self, head: str, form: str, tail: str, replaced: str) -> tuple[str, str]:
        """Adjust the words around a substituted form as the language's grammar requires
        (English a/an; Russian о/об and the gender of the adjectives before it and the
        predicate after it: :func:`~toolkit.glossary.agree.fit_neighbours`)."""
        return fit_neighbours(self.lang, head, form, tail, replaced)

    # -- step 3: constrained generation ------------------------------------------------------

    def _constrain(
        self,
        source: str,
        text: str,
        required: list[SourceMatch],
        occurrence: int,
        placements: dict[int, _Placement],
        max_new_tokens: int,
    ) -> tuple[str, dict[int, _Placement]] | None:
        if not self.translator.can(PREFIX):
            return None  # no forced prefix to continue: insertion is what is left
        match = required[occurrence]
        cut = self._cut(source, text, match, placements)
        forms = self._forms(source, match, self._context(text, cut, placements))
        if not forms:
            return None
        head = text[:cut].rstrip()
        joiner = " " if head else ""
        prefixes = [
            f"{self._before(head, form)}{joiner}{self._cased(head, form)}" for form in forms
        ]
        if len(prefixes) > self.settings.max_continued:
            # Rank the forms by the model first (one teacher-forced pass), continue the best.
            ranks = self._scores(source, prefixes)
            if ranks is not None:
                order = sorted(range(len(prefixes)), key=lambda k: -ranks[k])
                prefixes = [prefixes[k] for k in order[: self.settings.max_continued]]
            else:
                prefixes = prefixes[: self.settings.max_continued]
        tail_budget = min(max_new_tokens, len(text[cut:]) // 2 + 8)
        try:
            outputs = self.translator.generate(
                [source] * len(prefixes),
                num_hypotheses=1,
                beam_size=self.settings.beam_size,
                prefixes=list(prefixes),
                max_new_tokens=[tail_budget] * len(prefixes),
            )
        except InputError:
            return None  # the prefix does not fit the model: insertion is what is left
        tail_words = len(text[cut:].split())
        sound = [
            hyps[0].text
            for prefix, hyps in zip(prefixes, outputs, strict=True)
            if hyps and self._keeps_coverage(text, hyps[0].text, prefix, tail_words)
        ]
        return self._best_keeping(
            source, sound, required, occurrence, placements, "constrained", before=text
        )

    def _keeps_coverage(self, before: str, after: str, prefix: str, tail_words: int) -> bool:
        """The continuation after the forced prefix keeps most of what followed the cut (no
        dropped clause, no length collapse) and adds no word in another script."""
        continued = len(after[len(prefix) :].split()) if after.startswith(prefix) else 0
        # One word of slack: the term may take the place of a word the model had written.
        if continued + 1 < self.settings.min_kept_words * tail_words:
            return False
        return wrong_script_words(after, self.lang) <= wrong_script_words(before, self.lang)

    # -- step 4: insertion -------------------------------------------------------------------

    def _insert(
        self,
        source: str,
        text: str,
        required: list[SourceMatch],
        occurrence: int,
        placements: dict[int, _Placement],
    ) -> tuple[str, dict[int, _Placement]] | None:
        match = required[occurrence]
        cut = self._cut(source, text, match, placements)
        head = text[:cut].rstrip()
        joiner = " " if head else ""
        tail = text[cut:].lstrip()
        for form in self._forms(source, match, self._context(text, cut, placements)):
            before = self._before(head, form)
            cand = f"{before}{joiner}{self._cased(head, form)}" + (f" {tail}" if tail else "")
            result = self._keeping(cand, required, occurrence, placements, "inserted", before=text)
            if result is not None:
                return result
        return None

    # -- shared helpers ----------------------------------------------------------------------

    def _best_keeping(
        self,
        source: str,
        candidates: list[str],
        required: list[SourceMatch],
        occurrence: int,
        placements: dict[int, _Placement],
        status: str,
        replaced: str = "",
        before: str | None = None,
        span: tuple[int, int] | None = None,
    ) -> tuple[str, dict[int, _Placement]] | None:
        """The best-scoring candidate that keeps every placement, renders the occurrence and
        changes nothing but it (see :meth:`_keeping`)."""
        good = []
        for cand in dict.fromkeys(candidates):
            result = self._keeping(
                cand, required, occurrence, placements, status, replaced, before, span
            )
            if result is not None:
                good.append(result)
        if not good:
            return None
        if len(good) == 1:
            return good[0]
        scores = self._scores(source, [g[0] for g in good])
        if scores is None:
            return good[0]  # too long to score: the first (grammatically best) form
        return good[max(range(len(good)), key=lambda k: scores[k])]

    def _keeping(
        self,
        text: str,
        required: list[SourceMatch],
        occurrence: int,
        placements: dict[int, _Placement],
        status: str,
        replaced: str = "",
        before: str | None = None,
        span: tuple[int, int] | None = None,
    ) -> tuple[str, dict[int, _Placement]] | None:
        """``text`` with the occurrence placed, if it keeps every placement and, compared with
        ``before``, changes only the term (its ``span`` of ``before``, or where it went in) and
        its grammar (:func:`~toolkit.translate.verify.check_edit`)."""
        found = self._rendered(text, required)
        if occurrence not in found or not set(placements) <= set(found):
            return None
        if before is not None:
            form = found[occurrence].surface
            absorbs = status == "constrained"
            why = check_edit(before, text, self.lang, form, span, absorbs=absorbs)
            if why is None and status in ("constrained", "inserted"):
                why = self._beside(required[occurrence], before, text, found, placements)
            if why is not None:
                self._refused.append(why)
                return None
        updated = {i: _Placement(p.status, found[i], p.replaced) for i, p in placements.items()}
        updated[occurrence] = _Placement(status, found[occurrence], replaced)
        return text, updated

    def _scores(self, source: str, targets: list[str]) -> list[float] | None:
        if not self.translator.can(SCORE):
            return None
        try:
            return self.translator.score([source] * len(targets), targets)
        except InputError:
            return None

    def _rendered(self, text: str, required: list[SourceMatch]) -> dict[int, TargetMatch]:
        """Occurrence index -> its own rendering (one rendering serves one occurrence)."""
        by_term: dict[Term, list[int]] = {}
        for i, m in enumerate(required):
            by_term.setdefault(m.term, []).append(i)
        # The evaluator's rule: a rendering inside another term's rendering is not this one's.
        found = term_renderings(text, list(by_term), self.matcher)
        placed: dict[int, TargetMatch] = {}
        for term, indices in by_term.items():
            for occurrence, hit in zip(indices, found[term], strict=False):
                placed[occurrence] = hit
        return placed

    def _beside(
        self,
        match: SourceMatch,
        before: str,
        after: str,
        found: dict[int, TargetMatch],
        placements: dict[int, _Placement],
    ) -> str | None:
        """Why a form added for the term would stand beside the model's own rendering of it:
        a word with the head lemma of one of the model's isolated renderings, free in
        ``before`` and still there in ``after`` (a continuation that left it out took it as
        said). A rendering the enforcer could not delimit is left alone: the term fails."""
        # A rendering in another script is noise (a random model echoing the source).
        renderings = tuple(
            r for r in self._isolated_renderings(match) if wrong_script_words(r, self.lang) == 0
        )
        if not renderings:
            return None
        taken = [(p.match.start, p.match.end) for p in placements.values()]
        held = locate.anchors(before, renderings, self.lang, taken)
        if not held:
            return None
        placed = [(m.start, m.end) for m in found.values()]
        kept = locate.anchors(after, renderings, self.lang, placed)
        if len(kept) < len(held):
            return None
        word = before[held[0][0] : held[0][1]]
        return f"the model's own rendering «{word}» would stay beside it"

    def _exclusive(
        self, span: locate.Located, text: str, required: list[SourceMatch], term: Term
    ) -> bool:
        """Whether ``span`` may be this term's rendering: content words, not function words
        alone (a preposition is never a term: «после» is not a form of «посол»), and no part of
        another term's rendering in the sentence (clear of it, or holding it whole)."""
        if all(
            locate.is_function_word(w.text, self.lang) for w in locate.words(span.text, self.lang)
        ):
            return False
        for other in {m.term for m in required if m.term != term}:
            for hit in self.matcher.find(text, other):
                overlaps = hit.start < span.end and span.start < hit.end
                holds = span.start <= hit.start and hit.end <= span.end
                if overlaps and not holds:
                    return False
        return True

    def _is_whole_rendering(self, text: str, term: Term) -> bool:
        stripped = text.strip().rstrip(".")
        return any(
            m.start == 0 and m.end >= len(stripped) for m in self.matcher.find(stripped, term)
        )

    def _has_rendering(self, text: str, term: Term, placements: dict[int, _Placement]) -> bool:
        """Whether another occurrence of ``term`` already has a rendering of its own."""
        return any(p.match.term == term for p in placements.values())

    def _outcomes(
        self,
        text: str,
        required: list[SourceMatch],
        placements: dict[int, _Placement],
        failed: dict[int, str],
    ) -> list[TermOutcome]:
        outcomes = []
        for i, m in enumerate(required):
            expected = self._variant(m)
            p = placements.get(i)
            if p is not None:
                outcomes.append(
                    TermOutcome(m.label, p.status, p.match.surface, expected, replaced=p.replaced)
                )
                continue
            shared = next((q for q in placements.values() if q.match.term == m.term), None)
            if shared is not None and i not in failed:
                outcomes.append(
                    TermOutcome(m.label, shared.status, shared.match.surface, expected, shared=True)
                )
            else:
                reason = failed.get(i, "not rendered")
                outcomes.append(TermOutcome(m.label, "failed", "", expected, reason))
        return outcomes

    def _variant(self, match: SourceMatch) -> str:
        term = match.term
        if term.dnt:
            own = term.get(self.lang)
            return own[0] if own else match.surface
        variants = self.matcher.variants(term)
        return variants[0] if variants else ""

    def _forms(self, source: str, match: SourceMatch, head: str) -> list[str]:
        """Forms to force or insert where the model wrote nothing for the term, after
        ``head`` (:func:`~toolkit.glossary.agree.placed_forms`): the number of the Persian
        source (a plural suffix, a count, a plural verb), a name never plural, and in
        Russian the cases the words before the cut allow. The model's scores choose only
        among these."""
        variant = self._variant(match)
        if not variant:
            return []
        if match.term.dnt:
            return [variant]
        number = source_number(source, match)
        return placed_forms(self.matcher, variant, match.term, number, head)[:MAX_FORMS]

    def _before(self, head: str, form: str) -> str:
        """The words before a placed form, fitted to it (Russian «о» or «об»)."""
        return fit_before(self.lang, head, form)

    @staticmethod
    def _context(text: str, cut: int, placements: dict[int, _Placement]) -> str:
        """The model's words before the cut, which decide a placed term's case; a term
        placed just before the cut is the toolkit's own, not the model's grammar, and leaves
        no context (the nominative)."""
        head = text[:cut].rstrip()
        if any(p.match.end >= len(head) for p in placements.values() if p.match.end <= cut):
            return ""
        return head

    def _isolated_renderings(self, match: SourceMatch) -> tuple[str, ...]:
        """The model's own translations of the term on its own: of the words as they stand in
        the sentence (with their suffixes) and of the glossary's source form."""
        out: list[str] = []
        # The glossary's own source form first: a model knows it best; the sentence's
        # inflected surface (with its suffixes) may be new to the model and draw confident
        # nonsense.
        # The other missing terms of the sentence first: a rendering the model also gives for
        # another term is a sentence it knows, not this term's (a model that memorised its
        # sentences answers many terms alike), whichever term asks first.
        for other in (*self._missing, match):
            for key in dict.fromkeys((other.variant, other.surface)):
                if key not in self._isolated:
                    self._isolated[key] = self._translate_alone(key, other.term)
        others = {m.term for m in self._required if m.term != match.term}
        for key in dict.fromkeys((match.variant, match.surface)):
            out.extend(
                r
                for r in self._isolated[key]
                if not any(self._producers.get(g, set()) - {match.term} for g in _gists(r))
                # wholly another term's rendering ("counterpart" asked for "technology
                # company" by a model that did not know it) is not this term's
                and not any(self._is_whole_rendering(r, t) for t in others)
            )
        return tuple(dict.fromkeys(out))

    def _translate_alone(self, words: str, term: Term) -> tuple[str, ...]:
        """The model's translations of ``words`` on their own that may be its rendering of
        ``term``; one where it gives no n-best list (an LLM server: its own rendering), kept
        whatever its score where it gives none. Every answer, kept or not, is noted as given
        for ``term`` (see :meth:`_isolated_renderings`)."""
        n = self.settings.isolated_hypotheses if self.translator.can(N_BEST) else 1
        try:
            hyps = self.translator.generate([words], num_hypotheses=n, beam_size=n)[0]
        except InputError:
            return ()
        if not hyps:
            return ()
        # The model's first answer is what it gives for this term; a tail of its n-best list
        # may hold anything (another term's rendering).
        for key in _gists(hyps[0].text):
            self._producers.setdefault(key, set()).add(term)
        scored = self.translator.can(SCORE)
        best = max(h.score for h in hyps)
        a, b = self.settings.isolated_words
        longest = a * len(words.split()) + b
        return tuple(
            h.text
            for h in hyps
            # cut at the length limit: a sentence the model knows, not a term's rendering
            if h.finished
            and len(h.text.split()) <= longest
            and (
                not scored
                or (
                    h.score >= self.settings.min_isolated_score
                    and h.score >= best - self.settings.isolated_margin
                )
            )
            and h.text.strip()
            and not self.matcher.find(h.text, term)
        )

    def _alignment(
        self, source: str, text: str, cache: list[locate.WordAlignment | None]
    ) -> locate.WordAlignment | None:
        if cache:
            return cache[0]
        result = None
        if text.strip() and self.translator.can(ATTENTION):
            try:
                attention = self.translator.attention([source], [text])
            except InputError:
                attention = None
            if attention:
                result = locate.word_alignment(attention[0], source, text)
        cache.append(result)
        return result

    @staticmethod
    def _cased(head: str, form: str) -> str:
        """A lower-case form starts with a capital at the start of a sentence."""
        if form[:1].islower() and SENTENCE_START.search(head):
            return form[:1].upper() + form[1:]
        return form

    def _cut(
        self,
        source: str,
        text: str,
        match: SourceMatch,
        placements: dict[int, _Placement],
    ) -> int:
        """Where in ``text`` the term should start: a word boundary outside every rendered
        term."""
        cut = self._aligned_cut(source, text, match)
        if cut is None:
            ratio = match.start / max(1, len(source))
            cut = round(ratio * len(text))
        cut = min(max(cut, 0), len(text))
        while 0 < cut < len(text) and not text[cut - 1].isspace():
            cut -= 1
        stripped = text.rstrip()
        if cut >= len(stripped) and stripped and stripped[-1] in ".!?…":
            cut = len(stripped) - 1
            while cut > 0 and stripped[cut - 1] in ".!?…":
                cut -= 1
        for p in sorted(placements.values(), key=lambda p: p.match.start):
            if p.match.start < cut < p.match.end:
                cut = p.match.end
        return cut

    def _aligned_cut(self, source: str, text: str, match: SourceMatch) -> int | None:
        """The start of the first target word aligned with the term."""
        align = self._alignment(source, text, [])
        if align is None:
            return None
        chosen = locate.aligned_words(align, match.start, match.end)
        return align.target_spans[chosen[0]][0] if chosen else None


SENTENCE_WORDS = 8
"""Two answers of at least this many words that begin with the same words are one answer: a
sentence the model knows, with a word repeated or dropped at its end. Shorter ones must be
alike in full ("Deputy Minister of ICT" begins the longer title too)."""


def _gists(text: str) -> tuple[str, ...]:
    """Keys under which two answers are the same: the text lower-cased without punctuation,
    and for a long one its first :data:`SENTENCE_WORDS` words."""
    words = re.findall(r"[^\W_]+", text.lower())
    if len(words) >= SENTENCE_WORDS:
        return (" ".join(words), "begins: " + " ".join(words[:SENTENCE_WORDS]))
    return (" ".join(words),)


def wrong_script_words(text: str, lang: str) -> int:
    """Words written in a script other than the target language's (Latin acronyms such as
    IT in Russian are words too: the count is compared, not judged on its own)."""
    language = find(lang)
    if language is None or not language.target:
        return 0
    script = language.script
    count = 0
    for word in re.findall(r"[^\W\d_]+", text):
        prof = profile(word)
        if prof.letters and prof.share(script) < 0.5:
            count += 1
    return count
