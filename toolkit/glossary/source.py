"""Finding glossary terms in Persian source text.

Matching works on the text layer's matching key, so it ignores ZWNJ/space/nothing
differences, Arabic vs Persian letters, hamza seats and digit scripts. It is aware of
suffixes on every word of a term (plural ها/های/ان/ات, ezafe ی/ای, possessive endings;
``نماینده`` → ``نمایندگان``), matches whole words only, never spans punctuation, and keeps
the longest non-overlapping match. Proper nouns (``pos = propn``) take no suffix, so
``ایران`` does not match ``ایرانی``.

Candidates are found with an Aho-Corasick automaton over the first word of every term
(pyahocorasick) and confirmed by walking a word trie; word boundaries and longest-match
selection are applied here, not by the automaton.

:func:`source_matcher` gives the matcher of a glossary, built once per glossary object and
language for as long as that glossary lives (building one for a large glossary takes about
a second).
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any

from toolkit.glossary.model import Glossary, Term
from toolkit.text.normalize import MatchKey, key_words, match_key

# Suffixes in key form (hamza seats, ۀ and آ already unified by the key).
_INNER_SUFFIXES = ("", "ها", "های", "ی", "ای", "یی", "ان", "یان", "ات", "ین")
_FINAL_SUFFIXES = (
    *_INNER_SUFFIXES,
    "هایی",
    "م",
    "ت",
    "ش",
    "ام",
    "اش",
    "مان",
    "تان",
    "شان",
    "یم",
    "یت",
    "یش",
    "هایم",
    "هایت",
    "هایش",
    "هایمان",
    "هایتان",
    "هایشان",
    "انی",
    "اتی",
)
_SUFFIX_INITIALS = frozenset(s[0] for s in _INNER_SUFFIXES if s)
_HEH = "ه"
_GAN = "گان"  # نماینده -> نمایندگان: final heh dropped before the plural


@dataclass(frozen=True)
class SourceMatch:
    """A term found in source text: ``text[start:end] == surface``."""

    term: Term
    variant: str
    start: int
    end: int
    surface: str

    @property
    def label(self) -> str:
        return self.term.label


class _Trie:
    """A word trie kept in flat lists indexed by node number (0 is the root).

    Everything in it is a dict of strings to ints or strings, a tuple of atoms or a string:
    containers the cyclic garbage collector does not track. A trie of objects (a node, its
    dicts, a list and a set per word) made the collector rescan the heap about ten times
    while a 100,000-term glossary was loaded, tripling the build time.
    """

    def __init__(self, inner: tuple[str, ...], final: tuple[str, ...]) -> None:
        self.inner = inner
        self.final = final
        self.final_set = frozenset(final)
        self.children: list[dict[str, int]] = [{}]  # word -> child node
        self.gan: list[dict[str, str]] = [{}]  # plural-in-گان form -> child word
        self.terms: list[tuple[tuple[int, str], ...]] = [()]  # (term index, variant)
        # Built by freeze(): the lengths and first letters of every form a child word takes.
        self.lengths: list[tuple[int, ...]] = []
        self.first_chars: list[str] = []

    def add(self, words: list[str], term_index: int, variant: str) -> None:
        node = 0
        for word in words:
            children = self.children[node]
            child = children.get(word)
            if child is None:
                child = children[word] = len(self.children)
                self.children.append({})
                self.gan.append({})
                self.terms.append(())
                if word.endswith(_HEH) and len(word) > 2:
                    self.gan[node][word[:-1] + _GAN] = word
            node = child
        self.terms[node] += ((term_index, variant),)

    def freeze(self) -> None:
        for children, gan in zip(self.children, self.gan, strict=True):
            forms = children.keys() | gan.keys()
            self.lengths.append(tuple(sorted({len(f) for f in forms}, reverse=True)))
            self.first_chars.append("".join(sorted({f[0] for f in forms})))


class SourceMatcher:
    """Finds the terms of a glossary in source-language (Persian) text."""

    def __init__(self, glossary: Glossary, lang: str | None = None) -> None:
        import ahocorasick

        # The terms, not the glossary: a matcher must not keep its glossary alive (see
        # source_matcher's cache).
        self.terms = glossary.terms
        self.lang = lang or glossary.source_language
        self._tries = (_Trie(_INNER_SUFFIXES, _FINAL_SUFFIXES), _Trie(("",), ("",)))
        open_trie, closed_trie = self._tries
        for index, term in enumerate(glossary.terms):
            trie = closed_trie if term.pos == "propn" else open_trie
            for variant in term.get(self.lang):
                words = key_words(variant)
                if words:
                    trie.add(words, index, variant)
        # First-word form -> every (trie number, node, in-گان form) it starts.
        first: dict[str, tuple[tuple[int, int, bool], ...]] = {}
        for number, trie in enumerate(self._tries):
            trie.freeze()
            for word, node in trie.children[0].items():
                first[word] = (*first.get(word, ()), (number, node, False))
            for gan_form, word in trie.gan[0].items():
                node = trie.children[0][word]
                first[gan_form] = (*first.get(gan_form, ()), (number, node, True))
        self._automaton: Any = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self._first: list[tuple[int, tuple[tuple[int, int, bool], ...]]] = []
        for word, entries in first.items():
            self._automaton.add_word(word, len(self._first))
            self._first.append((len(word), entries))
        self._empty = not first
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[SourceMatch]:
        """All non-overlapping term occurrences in ``text``, longest first, in text order."""
        if self._empty or not text:
            return []
        mk = match_key(text)
        return self._select(mk, self._candidates(mk))

    def find_all(self, text: str) -> list[SourceMatch]:
        """Every possible occurrence, overlapping ones included (for glossary checks)."""
        if self._empty or not text:
            return []
        mk = match_key(text)
        out = []
        for _, _, start, term_index, end, variant in self._candidates(mk):
            a, b = mk.span(start, end)
            out.append(SourceMatch(self.terms[term_index], variant, a, b, text[a:b]))
        return out

    def _candidates(self, mk: MatchKey) -> list[tuple[int, int, int, int, int, str]]:
        """(-length, suffix letters, start, term index, end, variant) per match (key offsets)."""
        boundary, hard = mk.boundary, mk.hard
        out: list[tuple[int, int, int, int, int, str]] = []
        first, tries = self._first, self._tries
        for end_index, slot in self._automaton.iter(mk.key):
            length, entries = first[slot]
            start = end_index - length + 1
            if start and not boundary[start]:
                continue
            if hard.find(1, start + 1, end_index + 1) >= 0:
                continue
            for number, node, gan in entries:
                self._extend(mk, tries[number], node, start, end_index + 1, gan, 0, out)
        return out

    def _extend(
        self,
        mk: MatchKey,
        trie: _Trie,
        node: int,
        start: int,
        word_end: int,
        gan: bool,
        suffix_total: int,
        out: list[tuple[int, int, int, int, int, str]],
    ) -> None:
        """Continue a match whose last word (trie ``node``) ends at ``word_end``."""
        key, boundary, hard = mk.key, mk.boundary, mk.hard
        n = len(key)
        extra = suffix_total + (2 if gan else 0)
        terms = trie.terms[node]
        if terms:
            ends: list[tuple[int, int]] = []
            if word_end >= n or boundary[word_end]:
                ends.append((word_end, 0))
            if not gan and word_end < n and not hard[word_end]:
                nb = boundary.find(1, word_end + 1)
                nb = n if nb < 0 else nb
                if key[word_end:nb] in trie.final_set:
                    ends.append((nb, nb - word_end))
            for after, suffix_len in ends:
                for term_index, variant in terms:
                    out.append(
                        (start - after, extra + suffix_len, start, term_index, after, variant)
                    )
        children = trie.children[node]
        if not children or word_end >= n:
            return
        nexts = [(word_end, 0)]
        if not gan and key[word_end] in _SUFFIX_INITIALS:
            for suffix in trie.inner:
                if suffix and key.startswith(suffix, word_end):
                    nexts.append((word_end + len(suffix), len(suffix)))
        gan_forms = trie.gan[node]
        first_chars = trie.first_chars[node]
        for pos, suffix_len in nexts:
            if pos >= n or hard[pos] or key[pos] not in first_chars:
                continue
            room = n - pos
            for length in trie.lengths[node]:
                if length > room:
                    continue
                form = key[pos : pos + length]
                child = children.get(form)
                in_gan = False
                if child is None:
                    word = gan_forms.get(form)
                    if word is None:
                        continue
                    child, in_gan = children[word], True
                if hard.find(1, pos + 1, pos + length) >= 0:
                    continue
                self._extend(mk, trie, child, start, pos + length, in_gan, extra + suffix_len, out)

    def _select(
        self, mk: MatchKey, candidates: list[tuple[int, int, int, int, int, str]]
    ) -> list[SourceMatch]:
        # Longest span first (the first field is minus the length); for equal spans, the one
        # that needed the shortest suffix, then the earliest, then glossary order.
        candidates.sort()
        taken = bytearray(len(mk.key) + 1)
        chosen: list[SourceMatch] = []
        terms = self.terms
        for _, _, start, term_index, end, variant in candidates:
            if taken.find(1, start, end) >= 0:
                continue
            taken[start:end] = b"\x01" * (end - start)
            a, b = mk.span(start, end)
            chosen.append(SourceMatch(terms[term_index], variant, a, b, mk.text[a:b]))
        chosen.sort(key=lambda m: m.start)
        return chosen


_MATCHERS: dict[tuple[int, str], tuple[weakref.ref[Glossary], SourceMatcher]] = {}
# Reentrant: a glossary may die, and _forget run, in this thread while the lock is held.
_MATCHERS_LOCK = threading.RLock()


def source_matcher(glossary: Glossary, lang: str | None = None) -> SourceMatcher:
    """The term matcher of ``glossary`` for text in ``lang`` (default: its source language).

    Built on first use and kept while the glossary object lives. The cache is keyed by the
    object, not by its content: hashing 100,000 terms on every call would cost more than
    the lookup saves.
    """
    lang = lang or glossary.source_language
    key = (id(glossary), lang)
    with _MATCHERS_LOCK:
        entry = _MATCHERS.get(key)
        if entry is not None and entry[0]() is glossary:
            return entry[1]
        matcher = SourceMatcher(glossary, lang)
        _MATCHERS[key] = (weakref.ref(glossary, lambda ref: _forget(key, ref)), matcher)
        return matcher


def _forget(key: tuple[int, str], ref: weakref.ref[Glossary]) -> None:
    """Drop a dead glossary's matcher (unless its id already names a newer entry)."""
    with _MATCHERS_LOCK:
        entry = _MATCHERS.get(key)
        if entry is not None and entry[0] is ref:
            del _MATCHERS[key]
