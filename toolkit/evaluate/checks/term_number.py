"""The term-number check: a placed term in the number the source gives it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from toolkit.evaluate.checks.base import Check, Context, Finding, Pair
from toolkit.glossary.agree import (
    english_head,
    english_number,
    is_mass_noun,
    is_mass_term,
    russian_context,
    russian_grammar,
    source_number,
)
from toolkit.glossary.model import Term
from toolkit.glossary.target import TargetMatch, russian_phrase_forms
from toolkit.languages import get, hook


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


class TermNumberCheck(Check):
    """A term rendered in another grammatical number than its source occurrence.

    The source's number is :func:`~toolkit.glossary.agree.source_number`'s (a plural suffix
    on the term's head, a count before it, a plural verb; a name is singular). The
    target's is the rendering's own, from the language's ``rendering_number`` hook, only
    where it is unambiguous and where its ``shows_number`` hook says the target could show
    the difference (a mass noun, a term without a plural or a plural-only one, a Russian
    noun after a number are skipped). A language without these hooks is not checked.
    """

    id = "term-number"
    needs = frozenset({"glossary"})
    kinds = ("wrong-number",)
    details = (TermNumberDetail,)

    def run(self, pairs: list[Pair], context: Context) -> list[Finding]:
        lang = get(context.target_language)
        if not lang.rendering_number or not lang.shows_number:
            return []
        rendering_number = hook(lang.rendering_number)
        shows_number = hook(lang.shows_number)
        by_segment = {p.segment: p for p in pairs}
        findings = []
        for use in context.term_uses:
            if use.target is None or use.shared:
                continue
            pair = by_segment[use.segment]
            expected = source_number(pair.source, use.source)
            written = rendering_number(pair.target, use.target)
            if written is None or written == expected:
                continue
            term = use.source.term
            if term.pos in ("adj", "verb", "abbr") or not shows_number(use.target.variant, term):
                continue  # an adjective agrees with its noun; a verb, an acronym show none
            findings.append(
                self.finding(
                    "warning",
                    use.segment,
                    f"term '{term.label}' is {_NUMBER_WORDS[expected]} in the source "
                    f"but '{use.target.surface}' is {_NUMBER_WORDS[written]}",
                    TermNumberDetail(
                        source_term=term.label, source_number=expected, target_number=written
                    ),
                    term=use.source,
                    target=use.target.surface,
                )
            )
        return findings


_NUMBER_WORDS = {"sing": "singular", "plur": "plural"}


# The hooks of the shipped languages (``Language.rendering_number``, ``shows_number``).


def english_rendering_number(target: str, hit: TargetMatch) -> str | None:
    """The number of an English rendering: its head noun's."""
    return english_number(hit.surface)


def russian_rendering_number(target: str, hit: TargetMatch) -> str | None:
    """The number of a Russian rendering where every analysis of it agrees; None after a
    number word, which governs it («две компании», «пять компаний»)."""
    if russian_context(target[: hit.start]).number is not None:
        return None
    numbers = {n for _, n, _ in russian_grammar(hit.surface).analyses}
    return next(iter(numbers)) if len(numbers) == 1 else None


def english_shows_number(variant: str, term: Term) -> bool:
    """A singular English phrase whose head is not a mass noun (a name's plural is still a
    plural: "Islamic Republics" is flagged)."""
    words = variant.split()
    if not words:
        return False
    head = words[english_head(words)]
    return not is_mass_noun(head) and english_number(variant) == "sing"


def russian_shows_number(variant: str, term: Term) -> bool:
    """A singular Russian noun phrase with a nominative plural, not a mass term
    (сотрудничество for همکاری‌ها, as "cooperation") and not an adjective-only phrase."""
    if is_mass_term(term):
        return False
    forms = russian_phrase_forms(variant, term)
    if len({f.gender for f in forms if f.gender}) > 1:
        return False  # an adjective-only phrase
    numbers = {f.number for f in forms if f.case == "nomn"}
    own = next((f.number for f in forms if f.text == variant), None)
    return numbers == {"sing", "plur"} and own == "sing"
