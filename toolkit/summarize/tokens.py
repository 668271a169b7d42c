"""Tokens for summarization and ROUGE, built on the text layer's matching key.

A word is a whitespace-separated token with its ZWNJs removed (``سال‌ها`` and ``سالها`` are
one word), split where the matching key puts a word boundary (punctuation, a change between
digits and letters), in key form: Arabic and Persian letter variants unified, hamza seats
merged, digits in ASCII, lower case. ``terms`` goes further for similarity: stop words
dropped and a light, conservative suffix stripping by the language's module.
"""

from __future__ import annotations

import functools
import re

from toolkit.languages import get
from toolkit.summarize.stopwords import STOPWORDS
from toolkit.text.normalize import ZWNJ, key_words

_DIGIT = re.compile(r"[0-9\u06f0-\u06f9\u0660-\u0669]")


@functools.lru_cache(maxsize=200_000)
def _token_words(token: str) -> tuple[str, ...]:
    return tuple(key_words(token.replace(ZWNJ, "")))


def words(text: str) -> list[str]:
    """The words of ``text`` in key form (see the module docstring)."""
    return [w for token in text.split() for w in _token_words(token)]


@functools.lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """A light stem: one common inflectional ending off, as the language's module strips it
    (:attr:`toolkit.languages.Language.stem`); a number as it is."""
    if word.isdigit():
        return word
    return get(lang).stem(word)


@functools.cache
def stopwords(lang: str) -> frozenset[str]:
    """The stop words of ``lang`` in token form (an empty set for other languages)."""
    return frozenset(w for entry in STOPWORDS.get(lang, ()) for w in words(entry))


def terms(text: str, lang: str) -> list[str]:
    """Content terms of ``text``: key-form words, stop words dropped, lightly stemmed."""
    return content_terms(words(text), lang)


def content_terms(found: list[str], lang: str) -> list[str]:
    """:func:`terms` of words already split by :func:`words`."""
    stop = stopwords(lang)
    out = []
    for w in found:
        if w in stop or (len(w) < 2 and not w.isdigit()):
            continue
        s = stem(w, lang)
        if s not in stop:
            out.append(s)
    return out


def has_digit(token: str) -> bool:
    return _DIGIT.search(token) is not None
