"""Finding glossary terms in translations (one module for now: :mod:`.russian`)."""

from toolkit.glossary.target.russian import (
    NAME_DOMAINS,
    EnglishMatcher,
    PlainMatcher,
    RussianForm,
    RussianMatcher,
    TargetMatch,
    TargetMatcher,
    assign_terms,
    english_plurals,
    english_singular,
    is_name,
    plain_phrase_forms,
    preferred_plural,
    russian_phrase_forms,
    target_matcher,
    term_renderings,
)

__all__ = [
    "NAME_DOMAINS",
    "EnglishMatcher",
    "PlainMatcher",
    "RussianForm",
    "RussianMatcher",
    "TargetMatch",
    "TargetMatcher",
    "assign_terms",
    "english_plurals",
    "english_singular",
    "is_name",
    "plain_phrase_forms",
    "preferred_plural",
    "russian_phrase_forms",
    "target_matcher",
    "term_renderings",
]
