"""The damage check: what term placement (or a careless post-editor) does to a sentence:
words in another script and, against a baseline, dropped clauses, terms added beside the
model's words and collateral edits."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, ClassVar, TypeAlias

from toolkit.evaluate.checks.base import Check, Context, Finding, Pair, Section, clip, translated
from toolkit.evaluate.checks.collateral import collateral_edits
from toolkit.languages import LANGUAGES, find, targets
from toolkit.text.script import profile


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


DamageDetail: TypeAlias = WrongScriptDetail | ShorterDetail | AddedBesideDetail | CollateralDetail

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
SHORTER_THAN_BASELINE = 0.75


def other_scripts(lang: str) -> tuple[str, ...]:
    """The scripts of the other registered target languages, which ``lang`` does not use
    (Cyrillic for English, Latin for Russian); none for a language that is not a registered
    target."""
    own = find(lang)
    if own is None or not own.target:
        return ()
    scripts = (LANGUAGES[code].script for code in targets())
    return tuple(dict.fromkeys(s for s in scripts if s and s != own.script))


def wrong_script_words(text: str, lang: str) -> list[str]:
    """Words in a script the target language does not use: Cyrillic in English, lower-case
    Latin in Russian (Latin names and acronyms such as IT or Mehr are normal in Russian news).
    Words in the source script are the untranslated check's."""
    out = []
    scripts = other_scripts(lang)
    for word in _WORD.findall(text):
        prof = profile(word)
        if not prof.letters:
            continue
        for script in scripts:
            if prof.share(script) >= 0.5 and not (script == "Latin" and not word.islower()):
                out.append(word)
    return out


# Collateral edits: the words a placement changed besides the term.


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
    kinds = ("wrong-script", "shorter", "added-beside", "collateral")
    details = (WrongScriptDetail, ShorterDetail, AddedBesideDetail, CollateralDetail)
    section = Section("damage", "segments", order=40)

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        findings = []
        lang = context.target_language
        for pair in pairs:
            if not translated(pair.target):
                continue
            wrong = wrong_script_words(pair.target, lang)
            if wrong:
                findings.append(
                    self.finding(
                        "error",
                        pair.segment,
                        f"{len(wrong)} word(s) in the wrong script: {', '.join(wrong[:5])}",
                        WrongScriptDetail(words=tuple(wrong)),
                        target=", ".join(wrong),
                    )
                )
            baseline = context.baseline.get(pair.segment)
            if baseline is None or not baseline.strip():
                continue
            n_base, n_hyp = len(baseline.split()), len(pair.target.split())
            if n_hyp < SHORTER_THAN_BASELINE * n_base:
                findings.append(
                    self.finding(
                        "error",
                        pair.segment,
                        f"segment has {n_hyp} words against {n_base} in the "
                        "unconstrained translation (a dropped clause?)",
                        ShorterDetail(words=n_hyp, baseline_words=n_base),
                        target=clip(pair.target),
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
        return self.finding(
            "error",
            pair.segment,
            f"{detail.words} word(s) changed outside the term placements: "
            + clip("; ".join(str(e) for e in edits), 160),
            detail,
            target=clip(pair.target),
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
                    self.finding(
                        "warning",
                        pair.segment,
                        f"term '{use.source.term.label}' was added beside the "
                        "unconstrained translation's words, not in place of any: its old "
                        "rendering may remain",
                        AddedBesideDetail(source_term=use.source.term.label),
                        term=use.source,
                        target=use.target.surface,
                    )
                )
        return findings
