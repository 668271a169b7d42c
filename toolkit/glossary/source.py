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
language for as long as that glossary lives. Building one for a 100,000-term glossary takes
about a second, so a large glossary's matcher is also kept on disk in the compiled glossary
index (:mod:`toolkit.glossary.cache`), keyed by the glossary file it was read from (a compiled
glossary, :mod:`toolkit.glossary.compiled`) or else by the terms it was built from, and read
from there by later runs in about 0.2 s. A short text needs less: a glossary read from the
compiled index (an SQLite database) gives it a matcher of only the terms its first words start
(:class:`_IndexedSourceMatcher`). The trie itself is in :mod:`toolkit.glossary.trie`.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

from toolkit.glossary import cache, compiled
from toolkit.glossary.model import Glossary, Term
from toolkit.glossary.trie import _GAN, _HEH, KEY_SEP, WordTrie
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

# Word starts x first-word lengths up to which a text is searched by lookups (a few
# milliseconds), not with the automaton (0.15 s to make for 100,000 first words): about
# 10,000 words of text.
_PROBE_LIMIT = 200_000

# A candidate match in key offsets: (-length, suffix letters, start, term index, end, variant).
_Candidate = tuple[int, int, int, int, int, str]


class SourceMatch(NamedTuple):
    """A term found in source text: ``text[start:end] == surface``.

    A named tuple, not a dataclass: a large glossary finds tens of thousands in a long text,
    and a tuple is made three times as fast as a frozen dataclass.
    """

    term: Term
    variant: str
    start: int
    end: int
    surface: str

    @property
    def label(self) -> str:
        return self.term.label


class SourceMatcher:
    """Finds the terms of a glossary in source-language (Persian) text."""

    def __init__(
        self,
        glossary: Glossary,
        lang: str | None = None,
        *,
        keys: Sequence[Sequence[Sequence[str]]] | None = None,
    ) -> None:
        """Build the matcher; ``keys`` are :func:`source_keys` when the caller has them."""
        # The terms, not the glossary: a matcher must not keep its glossary alive (see
        # source_matcher's cache).
        self.terms = glossary.terms
        self.lang = lang or glossary.source_language
        open_trie, closed_trie = self._tries = _new_tries()
        if keys is None:
            keys = _term_keys(glossary.terms, self.lang)
        for index, (term, term_keys) in enumerate(zip(glossary.terms, keys, strict=True)):
            trie = closed_trie if term.pos == "propn" else open_trie
            for variant, words in zip(term.get(self.lang), term_keys, strict=True):
                if words:
                    trie.add(words, index, variant)
        # First-word form -> every (trie number, node, in-گان form) it starts.
        first: dict[str, list[int]] = {}
        for number, trie in enumerate(self._tries):
            trie.freeze()
            for word, node in trie.node_children(0).items():
                first.setdefault(word, []).append(_entry(number, node, False))
            for gan_form, node in trie.root_gan.items():
                first.setdefault(gan_form, []).append(_entry(number, node, True))
        self._index_first_words(
            list(first),
            [len(codes) for codes in first.values()],
            list(itertools.chain.from_iterable(first.values())),
        )

    def _index_first_words(self, words: list[str], counts: list[int], flat: list[int]) -> None:
        """The first words' entries in flat lists, and how to find the words in a text.

        ``flat`` holds the entries (:func:`_entry`) of ``words`` in order, ``counts[i]`` of
        them for word ``i``. A first word found in a text is known by the position ``a``
        of its first entry in ``flat``; ``_first_n[a]`` and ``_first_len[a]`` are its number
        of entries and its length. ``_first_index`` maps each word to its ``a``, for texts
        short enough to look every word start up (:meth:`_first_word_hits`); the automaton
        for longer ones is made on first use.
        """
        import numpy as np

        ats = np.zeros(len(counts), dtype=np.int64)
        if len(counts) > 1:
            np.cumsum(counts[:-1], out=ats[1:])
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(counts))
        n = np.zeros(len(flat), dtype=np.int64)
        word_len = np.zeros(len(flat), dtype=np.int64)
        n[ats] = counts
        word_len[ats] = lengths
        self._first_codes = flat
        self._first_n: list[int] = n.tolist()
        self._first_len: list[int] = word_len.tolist()
        self._first_index = dict(zip(words, ats.tolist(), strict=True))
        self._first_lengths = sorted(set(lengths.tolist()))
        self._automaton: Any = None
        self._empty = not words

    def _first_word_hits(self, key: str, boundary: bytes) -> Iterable[tuple[int, int]]:
        """``(end index, a)`` of every first word that starts a word of ``key`` (or at its
        start), in the order of an Aho-Corasick automaton: by end, the longer first.

        A short text is searched by looking up each of its word starts with each first-word
        length, which costs less than making the automaton of 100,000 first words; a long
        one with the automaton, made once per matcher. A hit that does not start a word is
        left to the caller to drop.
        """
        lengths = self._first_lengths
        starts = boundary.count(1) + 1
        if starts * len(lengths) > _PROBE_LIMIT:
            return self._automaton_of_first_words().iter(key)
        index, n = self._first_index, len(key)
        hits = []
        pos = 0
        while 0 <= pos < n:
            for length in lengths:
                if pos + length > n:
                    break
                at = index.get(key[pos : pos + length])
                if at is not None:
                    hits.append((pos + length - 1, -length, at))
            pos = boundary.find(1, pos + 1)
        hits.sort()
        return [(end, at) for end, _, at in hits]

    def _automaton_of_first_words(self) -> Any:
        automaton = self._automaton
        if automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
            for word, at in self._first_index.items():
                automaton.add_word(word, at)
            automaton.make_automaton()
            self._automaton = automaton  # a race makes it twice, never half
        return automaton

    def state(self) -> dict[str, Any] | None:
        """Everything the matcher holds but its terms, as JSON types (for the index); None
        when it cannot be written so."""
        tries = [trie.state() for trie in self._tries]
        words = list(self._first_index)
        if None in tries or KEY_SEP in "".join(words):
            return None
        return {
            "lang": self.lang,
            "terms": len(self.terms),
            "tries": tries,
            "first_words": KEY_SEP.join(words),
            "first_count": cache.pack_ints([self._first_n[a] for a in self._first_index.values()]),
            "first_entries": cache.pack_ints(self._first_codes),
        }

    @classmethod
    def from_state(cls, glossary: Glossary, state: Any) -> SourceMatcher:
        """The matcher of ``glossary`` from :meth:`state` read back.

        ``ValueError`` when the state does not fit the glossary: a wrong shape or a number
        out of range. That it was made from this glossary's terms is the index key's job: it
        is not compared with them.
        """
        import numpy as np

        if not isinstance(state, dict) or state.get("terms") != len(glossary.terms):
            raise ValueError("matcher: not a matcher of this many terms")
        tries = state.get("tries")
        if not isinstance(tries, list) or len(tries) != 2:
            raise ValueError("matcher: expected two tries")
        matcher = cls.__new__(cls)  # not built: every field is set here
        matcher.terms = glossary.terms
        matcher.lang = str(state.get("lang"))
        (inner, final), (pn_inner, pn_final) = _TRIE_SUFFIXES
        matcher._tries = (
            WordTrie.from_state(tries[0], inner, final, len(glossary.terms)),
            WordTrie.from_state(tries[1], pn_inner, pn_final, len(glossary.terms)),
        )
        counts = cache.unpack_ints(state.get("first_count"))
        codes = cache.unpack_ints(state.get("first_entries"))
        first_words = cache.split_joined(state.get("first_words"), len(counts), KEY_SEP, "matcher")
        if not all(first_words) or len(set(first_words)) != len(first_words):
            raise ValueError("matcher: an empty or repeated first word")
        if int(counts.sum()) != len(codes) or (counts < 1).any():
            raise ValueError("matcher: first-word lists differ in length")
        sizes = np.array([len(trie.children) for trie in matcher._tries])
        if len(codes) and ((codes < 4).any() or ((codes >> 2) >= sizes[codes & 1]).any()):
            raise ValueError("matcher: a first word names a node out of range")
        matcher._index_first_words(first_words, counts.tolist(), codes.tolist())
        return matcher

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

    def find_all_each(self, texts: Sequence[str]) -> list[list[SourceMatch]]:
        """``[self.find_all(text) for text in texts]``, in one pass over the texts.

        The texts are searched joined by line breaks, which no match spans, so each text's
        matches are those it has alone; offsets are into each text. This is how a whole
        glossary is checked for terms inside other terms in linear time.
        """
        import numpy as np

        out: list[list[SourceMatch]] = [[] for _ in texts]
        if self._empty or not texts:
            return out
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        offsets = np.concatenate(([0], np.cumsum(lengths + 1)))  # where each text starts
        mk = match_key("\n".join(texts))
        # The text each key character comes from, and where that text starts.
        owner = (np.searchsorted(offsets, np.asarray(mk.starts), side="right") - 1).tolist()
        bases = offsets.tolist()
        starts, ends, terms = mk.starts, mk.ends, self.terms
        for _, _, start, term_index, end, variant in self._candidates(mk):
            i = owner[start]
            base = bases[i]
            a, b = starts[start] - base, ends[end - 1] - base
            out[i].append(SourceMatch(terms[term_index], variant, a, b, texts[i][a:b]))
        return out

    def _candidates(self, mk: MatchKey) -> list[_Candidate]:
        """Every match of a term (key offsets), in the automaton's order."""
        key, boundary, hard = mk.key, mk.boundary, mk.hard
        n = len(key)
        out: list[_Candidate] = []
        emit = out.append

        def extend(
            trie: WordTrie, node: int, start: int, word_end: int, gan: int, total: int
        ) -> None:
            """Continue a match whose last word (trie ``node``) ends at ``word_end``.

            ``gan``: that word was matched in its plural-in-گان form; ``total``: the suffix
            letters matched so far (a tie-break: the match needing fewer wins).
            """
            extra = total + 2 if gan else total
            first, last = trie.term_start[node], trie.term_start[node + 1]
            if first != last:
                index, variants = trie.term_index, trie.term_variant
                if word_end >= n or boundary[word_end]:
                    for k in range(first, last):
                        emit((start - word_end, extra, start, index[k], word_end, variants[k]))
                if not gan and word_end < n and not hard[word_end]:
                    nb = boundary.find(1, word_end + 1)
                    nb = n if nb < 0 else nb
                    if key[word_end:nb] in trie.final_set:
                        letters = extra + nb - word_end
                        for k in range(first, last):
                            emit((start - nb, letters, start, index[k], nb, variants[k]))
            lens = trie.lengths[node]
            if not lens or word_end >= n:
                return
            nexts = [(word_end, 0)]
            if not gan:
                for suffix in trie.inner_by_initial.get(key[word_end], ()):
                    if key.startswith(suffix, word_end):
                        nexts.append((word_end + len(suffix), len(suffix)))
            children = trie.children[node]
            if children is None:
                children = trie.node_children(node)
            first_chars = trie.first_chars[node]
            for pos, suffix_len in nexts:
                if pos >= n or hard[pos] or key[pos] not in first_chars:
                    continue
                room = n - pos
                for length in lens:
                    if length > room:
                        continue
                    child = children.get(key[pos : pos + length])
                    if child is None or hard.find(1, pos + 1, pos + length) >= 0:
                        continue
                    if child < 0:
                        extend(trie, ~child, start, pos + length, 1, extra + suffix_len)
                    else:
                        extend(trie, child, start, pos + length, 0, extra + suffix_len)

        lengths, counts, codes = self._first_len, self._first_n, self._first_codes
        tries = self._tries
        for end_index, at in self._first_word_hits(key, boundary):
            start = end_index - lengths[at] + 1
            if start and not boundary[start]:
                continue
            if hard.find(1, start + 1, end_index + 1) >= 0:
                continue
            for code in codes[at : at + counts[at]]:
                extend(tries[code & 1], code >> 2, start, end_index + 1, code & 2, 0)
        return out

    def _select(self, mk: MatchKey, candidates: list[_Candidate]) -> list[SourceMatch]:
        # Longest span first (the first field is minus the length); for equal spans, the one
        # that needed the shortest suffix, then the earliest, then glossary order.
        candidates.sort()
        taken = bytearray(len(mk.key) + 1)
        chosen: list[tuple[int, int, int, str]] = []
        for _, _, start, term_index, end, variant in candidates:
            if taken.find(1, start, end) >= 0:
                continue
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, end, term_index, variant))
        chosen.sort()  # by start: the spans do not overlap
        terms, text, starts, ends = self.terms, mk.text, mk.starts, mk.ends
        out = []
        for start, end, term_index, variant in chosen:
            a, b = starts[start], ends[end - 1]  # mk.span(start, end)
            out.append(SourceMatch(terms[term_index], variant, a, b, text[a:b]))
        return out


# The suffixes (inner words, last word) of the two tries: open-class terms and proper nouns.
_TRIE_SUFFIXES = ((_INNER_SUFFIXES, _FINAL_SUFFIXES), (("",), ("",)))


def _new_tries() -> tuple[WordTrie, WordTrie]:
    (inner, final), (pn_inner, pn_final) = _TRIE_SUFFIXES
    return WordTrie(inner, final), WordTrie(pn_inner, pn_final)


def _entry(number: int, node: int, gan: bool) -> int:
    """A first-word entry packed in one int: node, in-گان flag, trie number."""
    return node << 2 | (2 if gan else 0) | number


def _term_keys(terms: Sequence[Term], lang: str) -> list[tuple[tuple[str, ...], ...]]:
    return [tuple(tuple(key_words(v)) for v in term.get(lang)) for term in terms]


def matcher_key(glossary: Glossary, lang: str | None = None) -> str:
    """The index key of a glossary's matcher: its terms' variants in ``lang`` and proper-noun
    flags, in order (the matcher refers to terms by position), with the code and version."""
    lang = lang or glossary.source_language
    parts = []
    for term in glossary.terms:
        variants = term.get(lang)
        parts.append("P" if term.pos == "propn" else "O")
        parts.append(str(len(variants)))
        for v in variants:
            parts.append(f"{len(v)}:{v}")
    return cache.make_key("source", lang, "\x1e".join(parts))


def _index_key(glossary: Glossary, lang: str) -> str:
    """The index key of a glossary's matcher: from the file it was read from when it came
    through the compiled index (its bytes decide its terms), else :func:`matcher_key`."""
    origin = compiled.origin(glossary)
    if origin:
        return cache.make_key("source", "file", origin, lang)
    return matcher_key(glossary, lang)


def _load_or_build(
    glossary: Glossary, lang: str, use_index: bool, short: bool = True
) -> SourceMatcher:
    if not use_index or len(glossary) < cache.MIN_TERMS:
        return SourceMatcher(glossary, lang, keys=_cached_keys(glossary, lang))
    database = compiled.first_words(glossary, lang) if short else None
    if database is not None:
        return _IndexedSourceMatcher(glossary, lang, database)
    key = _index_key(glossary, lang)
    state = cache.load("source", key)
    if state is not None:
        try:
            return SourceMatcher.from_state(glossary, state)
        except ValueError as exc:
            cache.log.info("glossary index: rebuilding the matcher (%s)", exc)
    matcher = SourceMatcher(glossary, lang, keys=_cached_keys(glossary, lang))
    state = matcher.state()
    if state is not None:
        cache.store("source", key, state)
    return matcher


SHORT_TEXT_WORDS = 10_000
"""Texts of up to this many words are matched through the compiled glossary's first-word
table (:class:`_IndexedSourceMatcher`); longer ones load the whole matcher. Measured in
``benchmarks/README.md`` (``termbase_runs.py --threshold``): with a termbase of invented
entries the look-ups still cost less than loading the whole matcher (0.2 s for 100,000
terms) at 40,000 words; what decides is how many terms they find (:data:`SHORT_TEXT_TERMS`)."""
SHORT_TEXT_TERMS = 5_000
"""A text whose first words start more terms than this is matched with the whole matcher:
the matcher of the terms found costs about 15 µs a term to make (a glossary of common words
finds 10,000 terms in 300 words of news, which cost 0.15 s)."""


class _IndexedSourceMatcher(SourceMatcher):
    """The matcher of a glossary read from the compiled index.

    A short text looks up, in the index's first-word table, the strings at each of its word
    starts (one SQL query), and is matched by a matcher of just the terms those first words
    start, made in glossary order, so that its matches, ties included, are the whole
    matcher's. A long text (more than :data:`SHORT_TEXT_WORDS` words, or first words that
    start more than :data:`SHORT_TEXT_TERMS` terms), or a table that turns out damaged,
    loads or builds the whole matcher (with its Aho-Corasick automaton) once.
    """

    def __init__(self, glossary: Glossary, lang: str, database: compiled._Database) -> None:
        # Not SourceMatcher.__init__: nothing is built until a text asks for it.
        self.terms = glossary.terms
        self.lang = lang
        self._glossary_fields = (glossary.languages, glossary.source_language, glossary.name)
        self._database = database
        self._whole_matcher: SourceMatcher | None = None
        self._empty = False

    def _whole(self) -> SourceMatcher:
        matcher = self._whole_matcher
        if matcher is None:
            glossary = Glossary(self.terms, *self._glossary_fields)
            matcher = self._whole_matcher = _load_or_build(glossary, self.lang, True, short=False)
        return matcher

    def _for(self, mk: MatchKey) -> SourceMatcher:
        """The matcher to search ``mk`` with: of the terms its first words start, or whole."""
        key, boundary = mk.key, mk.boundary
        if self._whole_matcher is not None or boundary.count(1) + 1 > SHORT_TEXT_WORDS:
            return self._whole()
        lengths, n = self._database.first_lengths, len(key)
        words = set()
        pos = 0
        while 0 <= pos < n:
            for length in lengths:
                if pos + length > n:
                    break
                words.add(key[pos : pos + length])
            pos = boundary.find(1, pos + 1)
        found = self._database.first_terms(words)
        if found is None or len(found) > SHORT_TEXT_TERMS:  # None: damaged (the file's terms)
            return self._whole()
        terms = self.terms
        if isinstance(terms, compiled.TermTable):
            terms.prefetch(found)
        part = Glossary(tuple(terms[i] for i in found), *self._glossary_fields)
        return SourceMatcher(part, self.lang)

    def state(self) -> dict[str, Any] | None:
        return self._whole().state()

    def find(self, text: str) -> list[SourceMatch]:
        if not text:
            return []
        mk = match_key(text)
        matcher = self._for(mk)
        if matcher._empty:
            return []
        return matcher._select(mk, matcher._candidates(mk))

    def find_all(self, text: str) -> list[SourceMatch]:
        if not text:
            return []
        mk = match_key(text)
        matcher = self._for(mk)
        return matcher.find_all(text) if not matcher._empty else []

    def find_all_each(self, texts: Sequence[str]) -> list[list[SourceMatch]]:
        return self._whole().find_all_each(texts)


def first_word_table(glossary: Glossary, lang: str) -> dict[str, list[int]]:
    """Each first word (matching key) of the variants in ``lang``, and its plural-in-گان
    form, with the terms (indices, ascending) it starts: the compiled glossary's table."""
    table: dict[str, list[int]] = {}
    for index, term_keys in enumerate(source_keys(glossary, lang)):
        for words in term_keys:
            if not words:
                continue
            first = words[0]
            forms = [first]
            if first.endswith(_HEH) and len(first) > 2:
                forms.append(first[:-1] + _GAN)
            for form in forms:
                ids = table.setdefault(form, [])
                if not ids or ids[-1] != index:
                    ids.append(index)
    return table


# Per glossary object and language, kept while the glossary lives (keyed by the object, not
# by its content: hashing 100,000 terms on every call would cost more than the lookup saves).
_T = TypeVar("_T")
_MATCHERS: dict[tuple[int, str], tuple[weakref.ref[Glossary], SourceMatcher]] = {}
_KEYS: dict[tuple[int, str], tuple[weakref.ref[Glossary], list[tuple[tuple[str, ...], ...]]]] = {}
# Reentrant: a glossary may die, and _forget run, in this thread while the lock is held.
_LOCK = threading.RLock()


def _per_glossary(
    table: dict[tuple[int, str], tuple[weakref.ref[Glossary], _T]],
    glossary: Glossary,
    lang: str,
    make: Callable[[], _T],
) -> _T:
    key = (id(glossary), lang)
    with _LOCK:
        entry = table.get(key)
        if entry is not None and entry[0]() is glossary:
            return entry[1]
        value = make()
        table[key] = (weakref.ref(glossary, lambda ref: _forget(table, key, ref)), value)
        return value


def _cached_keys(glossary: Glossary, lang: str) -> list[tuple[tuple[str, ...], ...]] | None:
    """The keys already computed for ``glossary`` (by validation), if any, forgotten now:
    the matcher about to be built is their last user."""
    with _LOCK:
        entry = _KEYS.pop((id(glossary), lang), None)
        return entry[1] if entry is not None and entry[0]() is glossary else None


def source_keys(glossary: Glossary, lang: str | None = None) -> list[tuple[tuple[str, ...], ...]]:
    """The key words of every variant of every term in ``lang``: ``[term][variant][word]``.

    Computed once per glossary object (validation and the matcher both need them) and kept
    while the glossary lives.
    """
    lang = lang or glossary.source_language
    return _per_glossary(_KEYS, glossary, lang, lambda: _term_keys(glossary.terms, lang))


def source_matcher(
    glossary: Glossary, lang: str | None = None, *, use_index: bool = True
) -> SourceMatcher:
    """The term matcher of ``glossary`` for text in ``lang`` (default: its source language).

    Made on first use and kept while the glossary object lives. A glossary of
    :data:`~toolkit.glossary.cache.MIN_TERMS` terms or more is loaded from the compiled
    glossary index when that holds its matcher, and stored there when it does not, unless
    ``use_index`` is false.
    """
    lang = lang or glossary.source_language
    return _per_glossary(
        _MATCHERS, glossary, lang, lambda: _load_or_build(glossary, lang, use_index)
    )


def _forget(table: dict[tuple[int, str], Any], key: tuple[int, str], ref: weakref.ref[Any]) -> None:
    """Drop a dead glossary's entry (unless its id already names a newer entry)."""
    with _LOCK:
        entry = table.get(key)
        if entry is not None and entry[0] is ref:
            del table[key]
