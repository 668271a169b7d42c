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

from dataclasses import dataclass, field
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


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    lengths: list[int] = field(default_factory=list)
    gan: dict[str, str] = field(default_factory=dict)  # plural-in-گان form -> word
    terms: list[tuple[int, str]] = field(default_factory=list)  # (term index, variant)

    def child(self, word: str) -> _Node:
        node = self.children.get(word)
        if node is None:
            node = self.children[word] = _Node()
            if len(word) not in self.lengths:
                self.lengths.append(len(word))
            if word.endswith(_HEH) and len(word) > 2:
                self.gan[word[:-1] + _GAN] = word
        return node


class _Trie:
    def __init__(self, inner: tuple[str, ...], final: tuple[str, ...]) -> None:
        self.root = _Node()
        self.inner = inner
        self.final = final

    def add(self, words: list[str], term_index: int, variant: str) -> None:
        node = self.root
        for w in words:
            node = node.child(w)
        node.terms.append((term_index, variant))

    def freeze(self) -> None:
        stack = [self.root]
        while stack:
            node = stack.pop()
            node.lengths.sort(reverse=True)
            stack.extend(node.children.values())


class SourceMatcher:
    """Finds the terms of a glossary in source-language (Persian) text."""

    def __init__(self, glossary: Glossary, lang: str | None = None) -> None:
        import ahocorasick

        self.glossary = glossary
        self.lang = lang or glossary.source_language
        self._tries = {
            "open": _Trie(_INNER_SUFFIXES, _FINAL_SUFFIXES),
            "closed": _Trie(("",), ("",)),
        }
        first_words: set[str] = set()
        for index, term in enumerate(glossary.terms):
            trie = self._tries["closed" if term.pos == "propn" else "open"]
            for variant in term.get(self.lang):
                words = key_words(variant)
                if not words:
                    continue
                trie.add(words, index, variant)
                first_words.add(words[0])
                if words[0].endswith(_HEH) and len(words[0]) > 2:
                    first_words.add(words[0][:-1] + _GAN)
        for trie in self._tries.values():
            trie.freeze()
        self._automaton: Any = ahocorasick.Automaton()
        for word in first_words:
            self._automaton.add_word(word, len(word))
        self._empty = not first_words
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
        for start, end, _, term_index, variant in self._candidates(mk):
            a, b = mk.span(start, end)
            out.append(SourceMatch(self.glossary.terms[term_index], variant, a, b, text[a:b]))
        return out

    def _candidates(self, mk: MatchKey) -> list[tuple[int, int, int, int, str]]:
        key = mk.key
        candidates: list[tuple[int, int, int, int, str]] = []
        seen_starts: set[int] = set()
        for end_index, length in self._automaton.iter(key):
            start = end_index - length + 1
            if start in seen_starts or not mk.is_word_start(start):
                continue
            seen_starts.add(start)
            for trie in self._tries.values():
                self._walk(mk, trie, start, candidates)
        return candidates

    def _walk(
        self,
        mk: MatchKey,
        trie: _Trie,
        start: int,
        out: list[tuple[int, int, int, int, str]],
    ) -> None:
        key = mk.key
        hard = mk.hard
        # Each state: (node, position after the previous word and its suffix, suffix letters).
        states = [(trie.root, start, 0)]
        while states:
            node, pos, suffix_total = states.pop()
            if pos > start and pos < len(key) and hard[pos]:
                continue  # a term never spans punctuation or a line break
            for length, child, plural_gan in self._words_at(node, key, pos):
                word_end = pos + length
                if any(hard[pos + 1 : word_end]):
                    continue
                is_leaf = bool(child.terms)
                has_children = bool(child.children)
                suffixes: set[str] = set()
                if plural_gan:
                    suffixes.add("")
                else:
                    if has_children:
                        suffixes.update(trie.inner)
                    if is_leaf:
                        suffixes.update(trie.final)
                for suffix in suffixes:
                    if suffix and not key.startswith(suffix, word_end):
                        continue
                    after = word_end + len(suffix)
                    extra = suffix_total + len(suffix) + (2 if plural_gan else 0)
                    if is_leaf and suffix in trie.final and mk.is_word_end(after):
                        for term_index, variant in child.terms:
                            out.append((start, after, extra, term_index, variant))
                    if has_children and suffix in trie.inner and after < len(key):
                        states.append((child, after, extra))

    @staticmethod
    def _words_at(node: _Node, key: str, pos: int) -> list[tuple[int, _Node, bool]]:
        """Words of the trie level ``node`` that occur at ``pos``: (length, child, in-گان form)."""
        found = []
        room = len(key) - pos
        for length in node.lengths:
            if length > room:
                continue
            child = node.children.get(key[pos : pos + length])
            if child is not None:
                found.append((length, child, False))
        for gan_form, word in node.gan.items():
            if key.startswith(gan_form, pos):
                found.append((len(gan_form), node.children[word], True))
        return found

    def _select(
        self, mk: MatchKey, candidates: list[tuple[int, int, int, int, str]]
    ) -> list[SourceMatch]:
        # Longest span first; for equal spans, the one that needed the shortest suffix.
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0], c[3]))
        taken = bytearray(len(mk.key) + 1)
        chosen: list[SourceMatch] = []
        for start, end, _, term_index, variant in candidates:
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            a, b = mk.span(start, end)
            chosen.append(SourceMatch(self.glossary.terms[term_index], variant, a, b, mk.text[a:b]))
        chosen.sort(key=lambda m: m.start)
        return chosen
