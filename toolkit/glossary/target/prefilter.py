"""Which terms of a large glossary can match a translation, decided without matching them.

Finding every entry of a 100,000-entry termbase in a translation tries each entry's
renderings against the text (15 s on an article). A rendering can only be found where the
text holds its words, so each variant is first reduced to :class:`TermKeys`: the words the
text must hold whatever form the matcher accepts (the words that never inflect), and, where
a word does inflect, the first word of each form. The text is reduced to the set of its
words' keys (casefolded, ``ё`` read as ``е``), and only the terms whose keys it holds are
matched. The matcher says what its keys are (:meth:`TargetMatcher.keys`); one that does not
is never filtered, so the prefilter never changes what is found, only how much is tried.

Working out the keys of 100,000 entries costs seconds (pymorphy3's analysis of each head
noun), so for a glossary read from the compiled index (:mod:`toolkit.glossary.compiled`) the
keys are worked out once per file, language and matcher and kept in the index as an SQLite
entry (kind ``target``): each key with the terms it admits (a variant is filed under its
rarest word that never inflects, or under each first word of its forms). A later run looks
the text's word keys up there, and checks the keys of the few terms it finds.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.glossary import cache
from toolkit.glossary.compiled import TermTable
from toolkit.glossary.model import Term
from toolkit.glossary.target.base import TargetMatcher

KIND = "target"
_ALWAYS = ""
"""The index row of the terms with a variant that every text may hold (no keys)."""

_TOKEN = re.compile(r"[^\W_]+")


def word_keys(text: str) -> list[str]:
    """The keys of the words of ``text``: runs of letters and digits, casefolded, ``ё`` as
    ``е`` (folded before splitting, so that a case-insensitive match of two spellings gives
    the same keys)."""
    return _TOKEN.findall(text.casefold().replace("ё", "е"))


@dataclass(frozen=True)
class TermKeys:
    """What a text must hold for a variant to be found in it: every key of ``all_of``, and
    one key of ``any_of`` unless that is empty."""

    all_of: frozenset[str] = frozenset()
    any_of: frozenset[str] = frozenset()

    def admits(self, present: frozenset[str] | set[str]) -> bool:
        """Whether a text whose word keys are ``present`` can hold the variant."""
        if not self.all_of <= present:
            return False
        return not self.any_of or not self.any_of.isdisjoint(present)


def literal_keys(words: Iterable[str]) -> frozenset[str]:
    """The keys of words that every accepted form holds as they are."""
    return frozenset(key for word in words for key in word_keys(word))


def first_keys(forms: Iterable[str]) -> frozenset[str]:
    """One of these keys starts every form; empty (no condition) when a form has no key."""
    keys = set()
    for form in forms:
        found = word_keys(form)
        if not found:
            return frozenset()
        keys.add(found[0])
    return frozenset(keys)


def candidate_terms(terms: Sequence[Term], text: str, matcher: TargetMatcher) -> list[Term]:
    """The terms of ``terms`` (in order) that ``matcher`` may find in ``text``: every other
    term's :meth:`~TargetMatcher.find` would return nothing.

    ``terms`` of a glossary read from the compiled index (and as large as
    :data:`~toolkit.glossary.cache.MIN_TERMS`) are looked up in its key index, written on
    first use; any others are tried one by one.
    """
    present = frozenset(word_keys(text))
    if isinstance(terms, TermTable) and terms.origin and len(terms) >= cache.MIN_TERMS:
        found = _indexed(terms, present, matcher)
        if found is not None:
            terms.prefetch(found)
            return [terms[i] for i in found if _admits(terms[i], present, matcher)]
    return [term for term in terms if _admits(term, present, matcher)]


def _admits(term: Term, present: frozenset[str], matcher: TargetMatcher) -> bool:
    for variant in matcher.variants(term):
        keys = matcher.keys(variant, term)
        if keys is None or keys.admits(present):
            return True
    return False


def _index_rows(terms: Sequence[Term], matcher: TargetMatcher) -> dict[str, list[int]]:
    """Each key with the terms (ascending) filed under it: a text that holds none of a
    term's keys cannot hold the term."""
    every = [[matcher.keys(v, term) for v in matcher.variants(term)] for term in terms]
    counts = Counter(k for keys in every for ks in keys if ks is not None for k in ks.all_of)
    rows: dict[str, list[int]] = {}
    for index, keys in enumerate(every):
        filed: set[str] = set()
        for ks in keys:
            if ks is None or not (ks.all_of or ks.any_of):
                filed.add(_ALWAYS)
            elif ks.all_of:
                filed.add(min(sorted(ks.all_of), key=counts.__getitem__))
            else:
                filed.update(ks.any_of)
        for key in filed:
            rows.setdefault(key, []).append(index)
    return rows


def _index_key(origin: str, matcher: TargetMatcher) -> str:
    kind = type(matcher)
    return cache.make_key(
        KIND, origin, matcher.lang, f"{kind.__module__}.{kind.__qualname__}", _code()
    )


@functools.cache
def _code() -> str:
    """The target matchers' code and the versions of the libraries that make their forms."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in ("inflect", "pymorphy3", "pymorphy3-dicts-ru"):
        try:
            digest.update(f"{package}={version(package)};".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=;".encode())
    return digest.hexdigest()[:16]


def _indexed(terms: TermTable, present: frozenset[str], matcher: TargetMatcher) -> list[int] | None:
    """The terms filed under the text's keys (sorted indices), from the index entry, written
    first if missing; None when it cannot be read (then every term is tried)."""
    key = _index_key(terms.origin, matcher)
    found = _look_up(key, present, len(terms))
    if found is not None:
        return found
    rows = _index_rows(terms, matcher)

    def fill(con: sqlite3.Connection) -> None:
        con.execute("INSERT INTO meta VALUES ('terms', ?)", (str(len(terms)),))
        con.execute(
            "CREATE TABLE keys (key TEXT PRIMARY KEY, ids BLOB NOT NULL, crc INTEGER) WITHOUT ROWID"
        )
        packed = ((k, cache.pack_ids(ids)) for k, ids in rows.items())
        con.executemany(
            "INSERT INTO keys VALUES (?, ?, ?)", ((k, b, cache.checksum(b)) for k, b in packed)
        )

    cache.store_db(KIND, key, fill)
    return sorted({i for k in (*present, _ALWAYS) for i in rows.get(k, ())})


def _look_up(key: str, present: frozenset[str], count: int) -> list[int] | None:
    opened = cache.open_db(KIND, key)
    if opened is None:
        return None
    con, meta = opened
    found: set[int] = set()
    try:
        if meta.get("terms") != str(count):
            raise ValueError("an index of another number of terms")
        query = "SELECT ids, crc FROM keys WHERE key IN (SELECT value FROM json_each(?))"
        for ids, crc in con.execute(query, (json.dumps([*present, _ALWAYS]),)):
            if not isinstance(ids, bytes) or cache.checksum(ids) != crc:
                raise ValueError("a key row fails its checksum")
            found.update(cache.unpack_ids(ids, count))
    except (sqlite3.Error, ValueError) as exc:
        cache.log.info("glossary index: rebuilding a damaged term key index (%s)", exc)
        return None
    finally:
        con.close()
    return sorted(found)
