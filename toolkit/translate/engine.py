"""Document translation: sentences in, line-aligned translation out.

The engine segments the input (the text layer), splits any sentence longer than the
model's limit at clause boundaries (never truncating), takes a sentence a person approved
as it is (:mod:`toolkit.translate.approved`: no model, no term placed, still checked), looks
every other sentence up in the translation memory, and translates the rest in
length-sorted batches: a fast greedy first pass for every sentence, a retry with other
settings for degenerate output, a retry for output in the wrong language (off target), an
n-best search only for sentences whose first hypothesis misses a glossary term, then the
glossary guarantee
(:mod:`toolkit.translate.enforce`). It reassembles the pieces: output line i translates input
line i, blank lines kept.

Every sentence's translation depends on the sentence and the settings alone, never on the
other sentences of its batch or on earlier calls: retries that sample are seeded from the
sentence and the settings (:func:`retry_seed`) and decoded one sentence at a time, so a
batch gives the same bytes whatever the group size, the worker count or the engine.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from toolkit.errors import ModelError
from toolkit.glossary.model import Glossary
from toolkit.glossary.source import SourceMatch, source_matcher
from toolkit.glossary.target import assign_terms, target_matcher
from toolkit.results import Approval
from toolkit.signature import GlossaryRef, Signature
from toolkit.text.numbers import check_numbers
from toolkit.text.offtarget import MIN_LETTERS, off_target
from toolkit.text.script import profile
from toolkit.text.segment import segment, split_lines
from toolkit.translate.backends.base import Hypothesis
from toolkit.translate.base import (
    INDEPENDENT,
    Problem,
    SegmentTranslation,
    TermOutcome,
    Translation,
    Translator,
)
from toolkit.translate.enforce import EnforcerSettings, Job, TermEnforcer
from toolkit.translate.memory import TranslationMemory, memory_key

if TYPE_CHECKING:
    from toolkit.translate.approved import ApprovedStore

_TO_WESTERN_DIGITS = str.maketrans(
    {**{chr(0x06F0 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)}}
)
_CLAUSE_BREAK = re.compile(r"[،,؛;:]\s+")
_REPEAT = re.compile(r"(\b\S+(?:\s+\S+){0,2}?)(?:\s+\1){3,}")
_SAME_CHAR = re.compile(r"(\S)\1{9,}")

RETRY_SETTINGS: tuple[dict[str, Any], ...] = (
    {"repetition_penalty": 1.3, "no_repeat_ngram_size": 3},
    {"sampling": True, "repetition_penalty": 1.2, "no_repeat_ngram_size": 3},
)


@dataclass(frozen=True)
class TranslateOptions:
    """Decoding settings; all of them go into the signature and the memory key."""

    num_hypotheses: int = 4
    """Hypotheses searched, for sentences whose first hypothesis misses a glossary term."""
    beam_size: int = 4
    first_pass_beam: int = 1
    """Beam of the first pass, which every sentence gets (1: greedy, the fast path)."""
    length_ratio: float = 2.0
    length_extra: int = 10
    enforce_terms: bool = True
    batch_size: int = 16

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def max_new_tokens(self, source_tokens: int) -> int:
        return int(self.length_ratio * source_tokens) + self.length_extra


@dataclass(frozen=True)
class _Unit:
    """One piece to translate: a sentence, or a clause of an over-long sentence."""

    line: int
    source: str
    split_note: str = ""
    tokens: int = -1
    """Source length in model tokens (-1: not counted yet)."""


def degenerate_reason(text: str, source_language: str = "fa") -> str | None:
    """Why an output looks degenerate (empty, a loop, in the source script), or None."""
    if not text.strip():
        return "empty output"
    if _REPEAT.search(text) or _SAME_CHAR.search(text):
        return "repeated tokens (a generation loop)"
    prof = profile(text)
    if source_language == "fa" and prof.letters >= 4 and prof.share("Arabic") >= 0.5:
        return "output is in the source script"
    return None


def split_long(source: str, too_long: Callable[[str], bool]) -> list[str]:
    """Split ``source`` at clause boundaries (or whitespace) until no piece is too long."""
    if not too_long(source):
        return [source]
    middle = len(source) / 2
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(source) if 0 < m.end() < len(source)]
    if not breaks:
        breaks = [m.end() for m in re.finditer(r"\s+", source) if 0 < m.end() < len(source)]
    if not breaks:
        # One enormous word: cut it in the middle; the pieces are reported as split.
        cut = int(middle)
        return split_long(source[:cut], too_long) + split_long(source[cut:], too_long)
    cut = min(breaks, key=lambda b: abs(b - middle))
    head, tail = source[:cut].rstrip(), source[cut:].lstrip()
    return split_long(head, too_long) + split_long(tail, too_long)


class TranslationEngine:
    """Translates documents with a :class:`Translator`, a glossary and a memory."""

    def __init__(
        self,
        translator: Translator,
        glossary: Glossary | None = None,
        memory: TranslationMemory | None = None,
        options: TranslateOptions | None = None,
        progress: bool | Callable[[int], None] = False,
        enforcer: EnforcerSettings | None = None,
        document_terms: Glossary | None = None,
        fallback: Translator | None = None,
        approved: ApprovedStore | None = None,
    ) -> None:
        self.translator = translator
        self.approved = approved
        """Approved translations: an exact match of a sentence is its translation, verbatim
        (no model, no term placement); similar ones are offered beside a machine one."""
        self.fallback = fallback
        """Another way to the target (through a pivot language), tried for a sentence that
        stays off target after its retry."""
        self.glossary = glossary
        self.document_terms = document_terms
        """Terms of one document (its names, :mod:`toolkit.translate.names`), placed like
        glossary terms where no glossary term is found."""
        self.memory = memory
        self.options = options or TranslateOptions()
        self.progress = progress
        self.target_language = translator.target_language
        self.source_language = translator.source_language
        self._source_matcher = source_matcher(glossary) if glossary else None
        self._document_matcher = source_matcher(document_terms) if document_terms else None
        self._target_matcher = target_matcher(self.target_language)
        self._enforcer = TermEnforcer(translator, self._target_matcher, enforcer)

    def for_document(self, terms: Glossary) -> TranslationEngine:
        """This engine with ``terms`` of one document added (the glossary's matcher, the
        memory and the settings shared, nothing rebuilt)."""
        engine = TranslationEngine(
            self.translator,
            self.glossary,
            self.memory,
            self.options,
            self.progress,
            self._enforcer.settings,
            terms,
            self.fallback,
            self.approved,
        )
        engine._enforcer.share(self._enforcer)
        return engine

    @property
    def enforcement_cost(self) -> dict[str, Any]:
        """What placing the glossary's terms asked of the model so far (calls, requests,
        seconds, per term status)."""
        return self._enforcer.cost.to_dict()

    @property
    def signature(self) -> Signature:
        """Everything that determines this engine's translations."""
        model = self.translator.signature
        return Signature.create(
            "translation",
            model=model.model,
            revision=model.revision,
            backend=model.backend,
            compute_type=model.compute_type,
            glossary=GlossaryRef.of(self.glossary) if self.glossary else None,
            settings={
                "source_language": self.source_language,
                "target_language": self.target_language,
                "translator": model.to_dict(),
                "options": self.options.to_dict(),
                "enforcer": self._enforcer.settings.to_dict(),
                "retries": list(RETRY_SETTINGS),
                "retry_seed": RETRY_SEED,
                "off_target": {
                    "min_letters": MIN_LETTERS,
                    **({"fallback": self.fallback.signature.to_dict()} if self.fallback else {}),
                },
                **({"test_model": test} if (test := model.setting("test_model")) else {}),
            },
        )

    def _memory_context(self) -> dict[str, Any]:
        """Everything that changes a translation (the signature, with the glossary by its
        content alone): a change makes old entries misses, never hits."""
        sig = self.signature.to_dict()
        sig["glossary"] = self.glossary.hash if self.glossary else None
        if self.document_terms is not None:
            sig["document_terms"] = self.document_terms.hash
        return sig

    # -- public ------------------------------------------------------------------------------

    def translate(self, text: str) -> Translation:
        """Translate a document; ``lines[i]`` translates input line ``i + 1``."""
        return self.translate_many([text])[0]

    def translate_many(self, texts: Sequence[str]) -> list[Translation]:
        """Translate several documents in one pass: their sentences are pooled into shared
        length-sorted batches, then split back. The results are those of translating each
        text alone, one after another, with the same memory: a sentence that an earlier text
        has too is translated once, and served to the later ones from the memory."""
        per_text = [list(self._units(text)) for text in texts]
        pooled = [unit for units in per_text for unit in units]
        owner = [k for k, units in enumerate(per_text) for _ in units]
        results = self.translate_units(pooled, owner)
        out, start = [], 0
        for text, units in zip(texts, per_text, strict=True):
            mine = results[start : start + len(units)]
            start += len(units)
            by_line: dict[int, list[str]] = {}
            for unit, result in zip(units, mine, strict=True):
                by_line.setdefault(unit.line, []).append(result.text)
            lines = range(1, len(split_lines(text)) + 1)
            out_lines = tuple(" ".join(by_line.get(i, [])) for i in lines)
            out.append(Translation(self.target_language, out_lines, tuple(mine), self.signature))
        return out

    def translate_units(
        self, units: list[_Unit], owner: list[int] | None = None
    ) -> list[SegmentTranslation]:
        """``owner[i]`` numbers the text that unit ``i`` comes from (texts in order): a unit
        whose sentence an earlier text has is looked up after that one is translated."""
        units = self._counted(units)
        context = self._memory_context()
        keys = [memory_key(u.source, context) for u in units]
        owner = owner or [0] * len(units)
        first: dict[str, int] = {}
        results: dict[int, SegmentTranslation] = {}
        todo: list[int] = []
        later: list[int] = []
        for i, (unit, key) in enumerate(zip(units, keys, strict=True)):
            approval = self._approval(unit.source)
            if approval is not None:
                results[i] = self._reuse(unit, approval)
                continue
            if owner[first.setdefault(key, i)] < owner[i]:
                later.append(i)
                continue
            cached = self.memory.get(key) if self.memory is not None else None
            if cached is not None:
                results[i] = _from_memory(unit, cached)
            else:
                todo.append(i)
        with _progress(
            len(units), f"translate {self.source_language}→{self.target_language}", self.progress
        ) as bar:
            bar(len(units) - len(todo) - len(later))
            for batch in self._batches([units[i] for i in todo], todo):
                try:
                    done = self._translate_batch([units[i] for i in batch])
                except (RuntimeError, MemoryError) as exc:
                    # Out of memory or a broken model: an error, never a silent fall-back.
                    raise ModelError(f"the translation model failed: {exc}") from exc
                for i, result in zip(batch, done, strict=True):
                    results[i] = result
                    if self.memory is not None:
                        self.memory.put(keys[i], _to_memory(result))
                bar(len(batch))
            for i in later:
                cached = self.memory.get(keys[i]) if self.memory is not None else None
                done_first = _to_memory(results[first[keys[i]]])
                results[i] = _from_memory(units[i], cached or done_first, self.memory is not None)
            bar(len(later))
        return [self._with_fuzzy(results[i]) for i in range(len(units))]

    def sources(self, text: str) -> list[str]:
        """The pieces of ``text`` this engine hands its translator: its sentences, those over
        the model's limit split at clause boundaries (what a dry run estimates)."""
        return [u.source for u in self._units(text)]

    # -- internals ---------------------------------------------------------------------------

    def _approval(self, source: str) -> Approval | None:
        if self.approved is None:
            return None
        return self.approved.exact(source, self.target_language)

    def _reuse(self, unit: _Unit, approval: Approval) -> SegmentTranslation:
        """An approved translation as the unit's, verbatim, checked: a glossary term it
        lacks, a source number it misses, another language are reported, never fixed."""
        text = approval.target
        problems = [Problem("split", unit.split_note)] if unit.split_note else []
        required = self._required(unit.source)
        rendered = assign_terms(text, required, self._target_matcher) if required else {}
        for k, m in enumerate(required):
            if k not in rendered:
                expected = m.term.preferred(self.target_language)
                problems.append(
                    Problem(
                        "term",
                        f"the approved translation lacks the glossary term {m.label}"
                        + (f" ('{expected}')" if expected else ""),
                    )
                )
        if (wrong := off_target(text, self.target_language)) is not None:
            problems.append(Problem("off-target", wrong.message))
        problems.extend(_number_problems(unit.source, text, self.target_language))
        return SegmentTranslation(
            unit.line, unit.source, text, (), tuple(dict.fromkeys(problems)), approved=approval
        )

    def _with_fuzzy(self, result: SegmentTranslation) -> SegmentTranslation:
        """A machine translation with the approvals of similar sentences beside it."""
        if self.approved is None or result.approved is not None:
            return result
        found = self.approved.fuzzy(result.source, self.target_language)
        return replace(result, fuzzy=tuple(found)) if found else result

    def _units(self, text: str) -> Iterator[_Unit]:
        """Sentences, counted in one batch; those over the model's limit split into pieces."""
        limit = self.translator.max_source_tokens
        count = self.translator.count_tokens

        def too_long(piece: str) -> bool:
            return count([piece])[0] > limit

        segments = segment(text, self.source_language)
        counts = count([s.text for s in segments]) if segments else []
        for seg, n in zip(segments, counts, strict=True):
            if n <= limit:
                yield _Unit(seg.line, seg.text, "", n)
                continue
            pieces = split_long(seg.text, too_long)
            note = (
                f"sentence split into {len(pieces)} parts at clause boundaries "
                f"(over the model's {limit}-token limit)"
            )
            for piece, m in zip(pieces, count(pieces), strict=True):
                yield _Unit(seg.line, piece, note, m)

    def _counted(self, units: list[_Unit]) -> list[_Unit]:
        """``units`` with every token count filled in (one batched call for the missing)."""
        missing = [k for k, u in enumerate(units) if u.tokens < 0]
        if not missing:
            return units
        counts = self.translator.count_tokens([units[k].source for k in missing])
        out = list(units)
        for k, n in zip(missing, counts, strict=True):
            out[k] = replace(units[k], tokens=n)
        return out

    def _batches(self, units: list[_Unit], indices: list[int]) -> Iterator[list[int]]:
        order = sorted(range(len(units)), key=lambda k: units[k].tokens)
        size = self.options.batch_size
        for start in range(0, len(order), size):
            yield [indices[k] for k in order[start : start + size]]

    def _required(self, source: str) -> list[SourceMatch]:
        found = self._source_matcher.find(source) if self._source_matcher else []
        if self._document_matcher is None:
            return found
        extra = [
            m
            for m in self._document_matcher.find(source)
            if all(m.end <= g.start or m.start >= g.end for g in found)
        ]
        return sorted([*found, *extra], key=lambda m: m.start)

    def _translate_batch(self, units: list[_Unit]) -> list[SegmentTranslation]:
        sources = [u.source for u in units]
        translatable = [profile(s).letters > 0 for s in sources]
        todo = [i for i, ok in enumerate(translatable) if ok]
        budgets = [self.options.max_new_tokens(u.tokens) for u in units]
        opts = self.options
        n_best: dict[int, list[tuple[str, float]]] = {}
        greedy: dict[int, Hypothesis] = {}
        if todo:
            # First pass: one hypothesis each, the fast path for every sentence.
            hyps = self.translator.generate(
                [sources[i] for i in todo],
                num_hypotheses=1,
                beam_size=opts.first_pass_beam,
                max_new_tokens=[budgets[i] for i in todo],
                rescore=False,
            )
            for i, h in zip(todo, hyps, strict=True):
                n_best[i] = [(x.text.translate(_TO_WESTERN_DIGITS), x.score) for x in h]
            if opts.first_pass_beam == 1 and self.translator.can(INDEPENDENT) and hyps:
                # what the probe would ask of the model again (see Job.greedy)
                greedy = {i: h[0] for i, h in zip(todo, hyps, strict=True) if h}
        problems: dict[int, list[Problem]] = {i: [] for i in range(len(units))}
        self._retry_degenerate(sources, budgets, n_best, problems)
        self._retry_off_target(sources, budgets, n_best)
        required = [self._required(u.source) for u in units]
        if opts.enforce_terms:
            self._search_n_best(sources, budgets, n_best, required)
        jobs = {
            i: Job(
                unit.source,
                [t for t, _ in n_best[i]],
                [s for _, s in n_best[i]],
                required[i],
                budgets[i],
                # sorted by health: the first is broken only if all are
                degenerate=degenerate_reason(n_best[i][0][0]) is not None,
                greedy=greedy.get(i),
            )
            for i, unit in enumerate(units)
            if i in n_best and opts.enforce_terms and required[i]
        }
        placed = dict(zip(jobs, self._enforcer.enforce_many(list(jobs.values())), strict=True))
        results = []
        baselines: dict[int, str] = {}
        for i, unit in enumerate(units):
            if unit.split_note:
                problems[i].append(Problem("split", unit.split_note))
            if i not in n_best:  # nothing to translate (numbers, punctuation): copy it
                text = unit.source.translate(_TO_WESTERN_DIGITS)
                outcomes = [
                    TermOutcome(m.label, "failed", "", reason="nothing to translate")
                    for m in required[i]
                ]
            elif i in placed:
                text, outcomes = placed[i]
                text = text.translate(_TO_WESTERN_DIGITS)
                if text != jobs[i].hypotheses[0]:
                    baselines[i] = jobs[i].hypotheses[0]
            else:
                text = n_best[i][0][0]
                outcomes = []
            if (wrong := off_target(text, self.target_language)) is not None:
                problems[i].append(Problem("off-target", f"{wrong.message} after its retries"))
            problems[i].extend(_number_problems(unit.source, text, self.target_language))
            results.append(
                SegmentTranslation(
                    unit.line,
                    unit.source,
                    text,
                    tuple(outcomes),
                    tuple(problems[i]),
                    baseline=baselines.get(i, ""),
                )
            )
        return results

    def _search_n_best(
        self,
        sources: list[str],
        budgets: list[int],
        n_best: dict[int, list[tuple[str, float]]],
        required: list[list[SourceMatch]],
    ) -> None:
        """An n-best list (scored) for every sentence whose first hypothesis misses a term."""
        matcher = self._target_matcher
        lacking = [
            i
            for i, hyps in n_best.items()
            if required[i]
            and len(hyps) == 1
            and len(assign_terms(hyps[0][0], required[i], matcher)) < len(required[i])
        ]
        if not lacking or self.options.num_hypotheses < 2:
            return
        started = time.perf_counter()
        hyps = _beam_searched(
            self.translator,
            [sources[i] for i in lacking],
            [budgets[i] for i in lacking],
            num_hypotheses=self.options.num_hypotheses,
            beam_size=self.options.beam_size,
        )
        tally = self._enforcer.cost.search
        tally.calls += 1 if self.translator.can(INDEPENDENT) else len(lacking)
        tally.requests += len(lacking)
        tally.seconds += time.perf_counter() - started
        for i, h in zip(lacking, hyps, strict=True):
            good, rest = _sorted_by_health(h)
            n_best[i] = good + rest

    def _retry_degenerate(
        self,
        sources: list[str],
        budgets: list[int],
        n_best: dict[int, list[tuple[str, float]]],
        problems: dict[int, list[Problem]],
    ) -> None:
        bad = {i: r for i in n_best if (r := degenerate_reason(n_best[i][0][0])) is not None}
        for settings in RETRY_SETTINGS:
            if not bad:
                return
            order = sorted(bad)
            hyps = self._generate_retry(
                [sources[i] for i in order], [budgets[i] for i in order], settings
            )
            for i, h in zip(order, hyps, strict=True):
                good, rest = _sorted_by_health(h)
                if good:
                    n_best[i] = good + rest
                    del bad[i]
        for i, reason in bad.items():
            problems[i].append(
                Problem("degenerate", f"output after {len(RETRY_SETTINGS)} retries: {reason}")
            )

    def _generate_retry(
        self, sources: list[str], budgets: list[int], settings: dict[str, Any]
    ) -> list[list[Hypothesis]]:
        """A retry's n-best lists; with sampling, one sentence a call, each seeded by
        :func:`retry_seed`, so that its draws depend on nothing else."""
        opts = self.options
        common: dict[str, Any] = {
            "num_hypotheses": opts.num_hypotheses,
            "beam_size": opts.beam_size,
        }
        if not settings.get("sampling"):
            return _beam_searched(self.translator, sources, budgets, **common, **settings)
        context = self._seed_context()
        return [
            self.translator.generate(
                [source],
                max_new_tokens=[budget],
                seed=retry_seed(source, settings, context),
                **common,
                **settings,
            )[0]
            for source, budget in zip(sources, budgets, strict=True)
        ]

    def _seed_context(self) -> str:
        """The settings part of every retry seed: this engine's memory context."""
        return hashlib.sha256(
            json.dumps(self._memory_context(), sort_keys=True, default=str).encode()
        ).hexdigest()

    def _retry_off_target(
        self,
        sources: list[str],
        budgets: list[int],
        n_best: dict[int, list[tuple[str, float]]],
    ) -> None:
        """Sentences whose best hypothesis is in another language than the target: searched
        again (a beam of n-best, the target's language token forced, as every pass forces
        it), keeping the best hypothesis in the target language; then, where one is
        configured, through the fallback (a pivot language). What is still off target is
        kept and reported by the caller."""
        lang = self.target_language
        for translator in (self.translator, self.fallback):
            bad = sorted(i for i in n_best if off_target(n_best[i][0][0], lang) is not None)
            if not bad or translator is None:
                continue
            hyps = _beam_searched(
                translator,
                [sources[i] for i in bad],
                [budgets[i] for i in bad],
                num_hypotheses=max(2, self.options.num_hypotheses),
                beam_size=max(2, self.options.beam_size),
            )
            for i, h in zip(bad, hyps, strict=True):
                good, _ = _sorted_by_health(h)
                on_target = [c for c in good if off_target(c[0], lang) is None]
                if on_target:
                    n_best[i] = on_target + [c for c in n_best[i] if c not in on_target]


def _beam_searched(
    translator: Translator, sources: list[str], budgets: list[int], **decoding: Any
) -> list[list[Hypothesis]]:
    """A beam search for each source, each depending on nothing else. For a translator whose
    batch gives what one call per source gives (:data:`~toolkit.translate.base.INDEPENDENT`:
    a local backend decodes each beam search up to a length set by its own request, see
    ``Backend.generate``), in one call; else one call per source (a server reads a batch as
    one document)."""
    if translator.can(INDEPENDENT):
        return translator.generate(sources, max_new_tokens=budgets, **decoding)
    return [
        translator.generate([source], max_new_tokens=[budget], **decoding)[0]
        for source, budget in zip(sources, budgets, strict=True)
    ]


RETRY_SEED = "sha256(sentence, retry settings, engine settings)[:4], big-endian, 31 bits"
"""How a sampling retry's seed is made (:func:`retry_seed`); in the signature."""


def retry_seed(source: str, settings: dict[str, Any], context: str) -> int:
    """The seed of a sampling retry of ``source``: derived from the sentence, the retry's
    settings and the engine's (``context``), so the same input gives the same draws."""
    key = json.dumps([source, settings, context], sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def _sorted_by_health(
    hyps: list[Hypothesis],
) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """(text, score) of hypotheses with Western digits: the sound ones, then degenerate ones."""
    candidates = [(h.text.translate(_TO_WESTERN_DIGITS), h.score) for h in hyps]
    good = [c for c in candidates if degenerate_reason(c[0]) is None]
    return good, [c for c in candidates if c not in good]


def _number_problems(source: str, target: str, lang: str) -> list[Problem]:
    """Source numbers missing from the translation (reported, not fixed)."""
    return [Problem("number", f.message) for f in check_numbers(source, target, lang)]


def _to_memory(result: SegmentTranslation) -> dict[str, Any]:
    return {
        "text": result.text,
        "terms": [t.to_dict() for t in result.terms],
        "problems": [p.to_dict() for p in result.problems],
        "baseline": result.baseline,
    }


def _from_memory(unit: _Unit, value: dict[str, Any], cached: bool = True) -> SegmentTranslation:
    terms = tuple(TermOutcome.from_dict(t) for t in value.get("terms", []))
    return SegmentTranslation(
        unit.line,
        unit.source,
        value["text"],
        terms,
        tuple(Problem.from_dict(p) for p in value.get("problems", [])),
        cached=cached,
        baseline=value.get("baseline", ""),
    )


class _progress:
    """A tqdm bar on stderr (or nothing, or the caller's function, e.g. the batch's bar);
    called with the number of units just finished."""

    def __init__(self, total: int, desc: str, enabled: bool | Callable[[int], None]) -> None:
        self._bar: Any = None
        self._report = enabled if callable(enabled) else None
        if self._report is None and enabled and total:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total, desc=desc, unit="seg", file=sys.stderr, dynamic_ncols=True
            )

    def __enter__(self) -> Callable[[int], None]:
        def update(n: int) -> None:
            if self._report is not None and n:
                self._report(n)
            elif self._bar is not None and n:
                self._bar.update(n)

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()
