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
"""

from __future__ import annotations

import gc
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


class _Node:
    """One level of the word trie."""

    __slots__ = ("children", "first_chars", "forms", "gan", "lengths", "terms")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.gan: dict[str, str] = {}  # plural-in-گان form -> word
        self.terms: list[tuple[int, str]] = []  # (term index, variant)
        # Built by _Trie.freeze(): every form a child word can take -> (child, in-گان form).
        self.forms: dict[str, tuple[_Node, bool]] = {}
        self.lengths: tuple[int, ...] = ()
        self.first_chars: frozenset[str] = frozenset()

    def child(self, word: str) -> _Node:
        node = self.children.get(word)
        if node is None:
            node = self.children[word] = _Node()
            if word.endswith(_HEH) and len(word) > 2:
                self.gan[word[:-1] + _GAN] = word
        return node


class _Trie:
    def __init__(self, inner: tuple[str, ...], final: tuple[str, ...]) -> None:
        self.root = _Node()
        self.inner = inner
        self.final = final
        self.final_set = frozenset(final)

    def add(self, words: list[str], term_index: int, variant: str) -> None:
        node = self.root
        for w in words:
            node = node.child(w)
        node.terms.append((term_index, variant))

    def freeze(self) -> None:
        stack = [self.root]
        while stack:
            node = stack.pop()
            node.forms = {word: (child, False) for word, child in node.children.items()}
            for gan_form, word in node.gan.items():
                node.forms.setdefault(gan_form, (node.children[word], True))
            node.lengths = tuple(sorted({len(f) for f in node.forms}, reverse=True))
            node.first_chars = frozenset(f[0] for f in node.forms)
            stack.extend(node.children.values())


class SourceMatcher:
    """Finds the terms of a glossary in source-language (Persian) text."""

    def __init__(self, glossary: Glossary, lang: str | None = None) -> None:
        # Building creates one small object per trie node; the cyclic garbage collector
        # would rescan them all many times over, so it pauses while the trie is built.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._build(glossary, lang)
        finally:
            if was_enabled:
                gc.enable()

    def _build(self, glossary: Glossary, lang: str | None) -> None:
        import ahocorasick

        self.glossary = glossary
        self.lang = lang or glossary.source_language
        self._tries = {
            "open": _Trie(_INNER_SUFFIXES, _FINAL_SUFFIXES),
            "closed": _Trie(("",), ("",)),
        }
        # First-word form -> every (trie, node, in-گان form) it starts.
        first: dict[str, list[tuple[_Trie, _Node, bool]]] = {}
        for index, term in enumerate(glossary.terms):
            trie = self._tries["closed" if term.pos == "propn" else "open"]
            for variant in term.get(self.lang):
                words = key_words(variant)
                if words:
                    trie.add(words, index, variant)
        for trie in self._tries.values():
            trie.freeze()
            for word, node in trie.root.children.items():
                first.setdefault(word, []).append((trie, node, False))
            for gan_form, word in trie.root.gan.items():
                first.setdefault(gan_form, []).append((trie, trie.root.children[word], True))
        self._automaton: Any = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self._first: list[tuple[int, tuple[tuple[_Trie, _Node, bool], ...]]] = []
        for word, entries in first.items():
            self._automaton.add_word(word, len(self._first))
            self._first.append((len(word), tuple(entries)))
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
            out.append(SourceMatch(self.glossary.terms[term_index], variant, a, b, text[a:b]))
        return out

    def _candidates(self, mk: MatchKey) -> list[tuple[int, int, int, int, int, str]]:
        """(-length, suffix letters, start, term index, end, variant) per match (key offsets)."""
        boundary, hard = mk.boundary, mk.hard
        out: list[tuple[int, int, int, int, int, str]] = []
        first = self._first
        for end_index, slot in self._automaton.iter(mk.key):
            length, entries = first[slot]
            start = end_index - length + 1
            if start and not boundary[start]:
                continue
            if hard.find(1, start + 1, end_index + 1) >= 0:
                continue
            for trie, node, gan in entries:
                self._extend(mk, trie, node, start, end_index + 1, gan, 0, out)
        return out

    def _extend(
        self,
        mk: MatchKey,
        trie: _Trie,
        node: _Node,
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
        if node.terms:
            ends: list[tuple[int, int]] = []
            if word_end >= n or boundary[word_end]:
                ends.append((word_end, 0))
            if not gan and word_end < n and not hard[word_end]:
                nb = boundary.find(1, word_end + 1)
                nb = n if nb < 0 else nb
                if key[word_end:nb] in trie.final_set:
                    ends.append((nb, nb - word_end))
            for after, suffix_len in ends:
                for term_index, variant in node.terms:
                    out.append(
                        (start - after, extra + suffix_len, start, term_index, after, variant)
                    )
        if not node.children or word_end >= n:
            return
        nexts = [(word_end, 0)]
        if not gan and key[word_end] in _SUFFIX_INITIALS:
            for suffix in trie.inner:
                if suffix and key.startswith(suffix, word_end):
                    nexts.append((word_end + len(suffix), len(suffix)))
        forms = node.forms
        first_chars = node.first_chars
        for pos, suffix_len in nexts:
            if pos >= n or hard[pos] or key[pos] not in first_chars:
                continue
            room = n - pos
            for length in node.lengths:
                if length > room:
                    continue
                hit = forms.get(key[pos : pos + length])
                if hit is None or hard.find(1, pos + 1, pos + length) >= 0:
                    continue
                self._extend(mk, trie, hit[0], start, pos + length, hit[1], extra + suffix_len, out)

    def _select(
        self, mk: MatchKey, candidates: list[tuple[int, int, int, int, int, str]]
    ) -> list[SourceMatch]:
        # Longest span first (the first field is minus the length); for equal spans, the one
        # that needed the shortest suffix, then the earliest, then glossary order.
        candidates.sort()
        taken = bytearray(len(mk.key) + 1)
        chosen: list[SourceMatch] = []
        terms = self.glossary.terms
        for _, _, start, term_index, end, variant in candidates:
            if taken.find(1, start, end) >= 0:
                continue
            taken[start:end] = b"\x01" * (end - start)
            a, b = mk.span(start, end)
            chosen.append(SourceMatch(terms[term_index], variant, a, b, mk.text[a:b]))
        chosen.sort(key=lambda m: m.start)
        return chosen
