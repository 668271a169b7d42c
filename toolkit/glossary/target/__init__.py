"""Finding glossary terms in translations, one matcher per file: the interface
(:mod:`.base`), English (:mod:`.english`), Russian (:mod:`.russian`) and a plain fallback
for any other language (:mod:`.plain`); checking a translation's terms (:mod:`.check`);
each language's matcher (:mod:`.registry`); which terms of a large glossary can match a text
(:mod:`.prefilter`)."""

from toolkit.glossary.target.base import TargetMatch, TargetMatcher
from toolkit.glossary.target.check import assign_terms, term_renderings
from toolkit.glossary.target.english import (
    NAME_DOMAINS,
    EnglishMatcher,
    english_plurals,
    english_singular,
    is_name,
    preferred_plural,
)
from toolkit.glossary.target.plain import PlainMatcher
from toolkit.glossary.target.prefilter import TermKeys, candidate_terms
from toolkit.glossary.target.registry import target_matcher
from toolkit.glossary.target.russian import (
    RussianForm,
    RussianMatcher,
    plain_phrase_forms,
    russian_phrase_forms,
)

__all__ = [
    "NAME_DOMAINS",
    "EnglishMatcher",
    "PlainMatcher",
    "RussianForm",
    "RussianMatcher",
    "TargetMatch",
    "TargetMatcher",
    "TermKeys",
    "assign_terms",
    "candidate_terms",
    "english_plurals",
    "english_singular",
    "is_name",
    "plain_phrase_forms",
    "preferred_plural",
    "russian_phrase_forms",
    "target_matcher",
    "term_renderings",
]
