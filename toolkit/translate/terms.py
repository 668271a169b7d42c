"""The glossary guarantee: every term found in a source sentence appears in its translation.

Neither transformers 5 nor CTranslate2 offers constrained decoding, so the guarantee is
built on what both backends do offer: n-best lists, forced target prefixes, scoring and
cross-attention.

1. Among the n-best hypotheses, keep the best-scoring one that renders every required term
   occurrence (checked with the glossary's target matcher, so inflected Russian counts).
   Those terms are ``model``.
2. Otherwise repair the best hypothesis, one missing occurrence at a time: find where the
   term belongs (the first target token aligned by cross-attention to the source term, or
   the proportional position when the model gives no attention), cut the hypothesis
   there, force each candidate surface form of the term (every Russian case and number
   form, the English singular and plural) as a prefix, let the model continue, score the
   candidates with the model and keep the best one that still renders every term so far.
   Those terms are ``repaired``.
3. If no continuation keeps every term, the form is inserted into the hypothesis at the cut
   without the model (still ``repaired``). Only when even that cannot produce an accepted
   rendering is the term ``failed``, with the reason.

The guarantee does not depend on the model being good: with random weights, step 2 or 3
still puts every term in.
"""

from __future__ import annotations

from toolkit.errors import InputError
from toolkit.glossary.model import Term
from toolkit.glossary.source import SourceMatch
from toolkit.glossary.target import TargetMatch, TargetMatcher, assign_terms
from toolkit.translate.base import TermOutcome, Translator

MAX_FORMS = 12


def _forms(term: Term, matcher: TargetMatcher, source_surface: str) -> list[str]:
    if term.dnt:
        own = term.get(matcher.lang)
        return [own[0] if own else source_surface]
    variants = matcher.variants(term)
    if not variants:
        return []
    return list(matcher.forms(variants[0], term))[:MAX_FORMS]


class TermEnforcer:
    """Applies the guarantee to translations produced by a :class:`Translator`."""

    def __init__(
        self,
        translator: Translator,
        matcher: TargetMatcher,
        beam_size: int = 2,
        max_continued: int = 3,
    ) -> None:
        self.translator = translator
        self.matcher = matcher
        self.beam_size = beam_size
        self.max_continued = max_continued

    # -- step 1 ------------------------------------------------------------------------------

    def choose(
        self, hypotheses: list[str], scores: list[float], required: list[SourceMatch]
    ) -> tuple[int, dict[int, TargetMatch]]:
        """The best hypothesis rendering every occurrence, or else the one rendering most."""
        best_index, best_placed, best_key = 0, {}, (-1, float("-inf"))
        for i, (text, score) in enumerate(zip(hypotheses, scores, strict=True)):
            placed = assign_terms(text, required, self.matcher)
            key = (len(placed), score)
            if len(placed) == len(required):
                return i, placed
            if key > best_key:
                best_index, best_placed, best_key = i, placed, key
        return best_index, best_placed

    # -- steps 2 and 3 -----------------------------------------------------------------------

    def enforce(
        self,
        source: str,
        hypotheses: list[str],
        scores: list[float],
        required: list[SourceMatch],
        max_new_tokens: int,
    ) -> tuple[str, list[TermOutcome]]:
        """The final text and one outcome per required occurrence (in source order)."""
        index, placed = self.choose(hypotheses, scores, required)
        text = hypotheses[index]
        by_model = set(placed)
        repaired: set[int] = set()
        failed: dict[int, str] = {}
        protected_end = 0
        for _ in range(2 * len(required) + 1):
            missing = [i for i in range(len(required)) if i not in placed and i not in failed]
            if not missing:
                break
            occurrence = missing[0]
            outcome = self._repair_one(
                source, text, required, occurrence, placed, protected_end, max_new_tokens
            )
            if outcome is None:
                failed[occurrence] = "no accepted rendering could be placed in the translation"
                continue
            text, placed, protected_end = outcome
            repaired.add(occurrence)
            by_model -= {occurrence}
        outcomes = []
        for i, m in enumerate(required):
            expected = self._expected(m.term)
            if i in placed:
                status = "model" if i in by_model else "repaired"
                outcomes.append(TermOutcome(m.label, status, placed[i].surface, expected))
            else:
                reason = failed.get(i, "not rendered")
                outcomes.append(TermOutcome(m.label, "failed", "", expected, reason))
        return text, outcomes

    def _expected(self, term: Term) -> str:
        variants = self.matcher.variants(term)
        return variants[0] if variants else ""

    def _repair_one(
        self,
        source: str,
        text: str,
        required: list[SourceMatch],
        occurrence: int,
        placed: dict[int, TargetMatch],
        protected_end: int,
        max_new_tokens: int,
    ) -> tuple[str, dict[int, TargetMatch], int] | None:
        match = required[occurrence]
        forms = _forms(match.term, self.matcher, match.surface)
        if not forms:
            return None
        cut = self._cut(source, text, match, placed, protected_end)
        head = text[:cut].rstrip()
        joiner = " " if head else ""
        prefixes = [f"{head}{joiner}{form}" for form in forms]
        keep = set(placed) | {occurrence}
        if len(prefixes) > self.max_continued:
            # Rank the forms by the model first (one teacher-forced pass), continue the best.
            try:
                ranks = self.translator.score([source] * len(prefixes), prefixes)
                order = sorted(range(len(prefixes)), key=lambda k: -ranks[k])
            except (ValueError, RuntimeError, InputError):
                order = list(range(len(prefixes)))
            prefixes = [prefixes[k] for k in order[: self.max_continued]]
        # Room for the rest of the sentence: about as much as the hypothesis had after the cut.
        tail_budget = min(max_new_tokens, len(text[cut:]) // 2 + 8)
        candidates: list[str] = []
        try:
            outputs = self.translator.generate(
                [source] * len(prefixes),
                num_hypotheses=1,
                beam_size=self.beam_size,
                prefixes=list(prefixes),
                max_new_tokens=[tail_budget] * len(prefixes),
            )
            candidates = [hyps[0].text for hyps in outputs if hyps]
        except (ValueError, RuntimeError, InputError):
            candidates = []
        good = []
        for cand in candidates:
            new_placed = assign_terms(cand, required, self.matcher)
            if keep <= set(new_placed):
                good.append((cand, new_placed))
        if good:
            try:
                scores = self.translator.score([source] * len(good), [g[0] for g in good])
            except (ValueError, RuntimeError, InputError):
                scores = [0.0] * len(good)  # too long to score: keep the first that works
            best = max(range(len(good)), key=lambda k: scores[k])
            cand, new_placed = good[best]
            end = new_placed[occurrence].end
            return cand, new_placed, max(end, protected_end)
        # Step 3: insert the form without the model, keeping the rest of the hypothesis.
        tail = text[cut:].lstrip()
        for form in forms:
            cand = f"{head}{joiner}{form}" + (f" {tail}" if tail else "")
            new_placed = assign_terms(cand, required, self.matcher)
            if keep <= set(new_placed):
                return cand, new_placed, max(new_placed[occurrence].end, protected_end)
        return None

    def _cut(
        self,
        source: str,
        text: str,
        match: SourceMatch,
        placed: dict[int, TargetMatch],
        protected_end: int,
    ) -> int:
        """Where in ``text`` the term should start: a word boundary after ``protected_end``
        and outside every rendered term."""
        cut = self._aligned_cut(source, text, match)
        if cut is None:
            ratio = match.start / max(1, len(source))
            cut = round(ratio * len(text))
        cut = min(max(cut, protected_end), len(text))
        # Back to the start of the word the cut falls in.
        while cut > protected_end and cut < len(text) and not text[cut - 1].isspace():
            cut -= 1
        # Keep sentence-final punctuation after the inserted term.
        stripped = text.rstrip()
        if cut >= len(stripped) and stripped and stripped[-1] in ".!?…":
            cut = len(stripped) - 1
            while cut > protected_end and stripped[cut - 1] in ".!?…":
                cut -= 1
        # Never inside a term already rendered: after it instead.
        for m in sorted(placed.values(), key=lambda m: m.start):
            if m.start < cut < m.end:
                cut = m.end
        return max(cut, protected_end)

    def _aligned_cut(self, source: str, text: str, match: SourceMatch) -> int | None:
        """The character offset in ``text`` of the first target token aligned with the term."""
        if not text.strip():
            return None
        try:
            attention = self.translator.attention([source], [text])
        except (ValueError, RuntimeError, InputError):
            return None
        if not attention:
            return None
        att = attention[0]
        src_spans = _piece_spans(att.source_tokens, len(source))
        term_tokens = {i for i, (a, b) in enumerate(src_spans) if a < match.end and b > match.start}
        if not term_tokens:
            return None
        tgt_spans = _piece_spans(att.target_tokens, len(text))
        for j, aligned in enumerate(att.aligned_source()):
            if aligned in term_tokens and j < len(tgt_spans):
                return tgt_spans[j][0]
        return None


def _piece_spans(pieces: tuple[str, ...], length: int) -> list[tuple[int, int]]:
    """Approximate character spans of subword pieces in a text of ``length`` characters.

    Piece lengths (the word-start marker ``▁`` counted as a space) are scaled to the text:
    tokenizers normalize text, so exact offsets are not recoverable from pieces alone.
    """
    sizes = [max(1, len(p.replace("▁", " "))) for p in pieces]
    total = sum(sizes) or 1
    spans = []
    pos = 0.0
    scale = length / total
    for size in sizes:
        start = pos
        pos += size * scale
        spans.append((round(start), round(pos)))
    return spans
