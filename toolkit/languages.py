"""The language registry: every language the toolkit handles, in one place.

The CLI choices, the script detector, the model codes, the target matchers and the number
lexicons all read this table. Adding a target language (say Turkish) means adding one
:class:`Language` here and its data: a number lexicon (``toolkit/text/numbers/data/<code>.json``)
and, for inflected term matching, a matcher class (else whole-word matching is used).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    """ISO 639-1 code, as on the command line (``--to ru``)."""
    name: str
    script: str
    """The script detected for it: ``Arabic``, ``Latin``, ``Cyrillic``."""
    nllb: str
    """NLLB-200 language code (``rus_Cyrl``)."""
    m2m100: str
    """M2M100 language code (``ru``)."""
    marian: tuple[str, ...]
    """OPUS-MT target tokens, most specific first (``>>rus<<``)."""
    marian_names: tuple[str, ...]
    """Names an OPUS-MT config may use for the language (``rus``)."""
    source: bool = False
    """Articles in it can be summarized and translated from (only Persian today)."""
    target: bool = False
    """Translations into it can be made and checked."""
    matcher: str = ""
    """``module:Class`` of its target term matcher; empty for whole-word matching."""


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language(
            "fa",
            "Persian",
            "Arabic",
            "pes_Arab",
            "fa",
            (">>pes<<", ">>fas<<", ">>per<<", ">>fa<<"),
            ("fa", "fas", "per", "pes"),
            source=True,
        ),
        Language(
            "en",
            "English",
            "Latin",
            "eng_Latn",
            "en",
            (">>eng<<", ">>en<<"),
            ("en", "eng"),
            target=True,
            matcher="toolkit.glossary.target:EnglishMatcher",
        ),
        Language(
            "ru",
            "Russian",
            "Cyrillic",
            "rus_Cyrl",
            "ru",
            (">>rus<<", ">>ru<<"),
            ("ru", "rus"),
            target=True,
            matcher="toolkit.glossary.target:RussianMatcher",
        ),
    )
}

TARGETS: tuple[str, ...] = tuple(code for code, lang in LANGUAGES.items() if lang.target)
"""Target languages, in registry order (the default ``--to`` of ``toolkit run``)."""
SOURCES: tuple[str, ...] = tuple(code for code, lang in LANGUAGES.items() if lang.source)


def name_of(code: str) -> str:
    """The language's English name, or the code itself for an unknown one."""
    lang = LANGUAGES.get(code)
    return lang.name if lang else code
