"""Compiled glossaries: a glossary file that passed its checks, kept in the index as read.

A termbase of 100,000 entries is loaded on every run. Reading it (0.5 s) and checking it cost
more than most of the work it is loaded for, and a run uses a few hundred of its terms. So a
glossary file found without errors is kept in the compiled glossary index
(:mod:`toolkit.glossary.cache`, kind ``glossary``), keyed by the file's bytes and format:

* its languages, its content hash (the one in every result signature) and its terms, one
  row of text per term;
* the entry is the verdict too: a file with errors is never stored, so a hit means the file
  needs no checking.

A later run with the same bytes builds no :class:`Term` up front: :class:`TermTable` decodes
a term the first time it is used. Its terms also name the file (:func:`origin`), under which
the index keeps the source matcher, so that finding the matcher does not need every term.

A row is the term's fields joined by tabs: id, note, domain, pos, flags (``c`` case
sensitive, ``d`` do not translate), line, then per language its code and variants joined by
carriage returns; rows are joined by line breaks. A glossary with one of these characters in a
cell (a CSV, TBX or JSON glossary can have one) is not stored, as the separator counts would
not add up, and is read from its file each time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any, cast, overload

from toolkit.glossary import cache
from toolkit.glossary.model import Glossary, Term

KIND = "glossary"
# Characters a TSV cell cannot hold, and JSON writes in two bytes.
_ROW, _FIELD, _VARIANT = "\n", "\t", "\r"
_FIXED = 6  # id, note, domain, pos, flags, line


class TermTable(Sequence[Term]):
    """The terms of a compiled glossary, each decoded from its row on first use.

    Behaves as the tuple of terms it stands for: indexing, slicing (a tuple), iteration,
    ``len``, equality and hashing.
    """

    __slots__ = ("_complete", "_lock", "_rows", "_terms", "origin")

    def __init__(
        self, rows: list[str], origin: str = "", terms: Sequence[Term] | None = None
    ) -> None:
        """``terms``: the terms of ``rows`` when the caller has them already made."""
        self._rows = rows
        self._terms: list[Term | None] = list(terms) if terms is not None else [None] * len(rows)
        self._complete = terms is not None  # every term made: iterate the list itself
        # One object per term, also when two threads decode it at once (callers tell terms
        # apart by identity).
        self._lock = threading.Lock()
        self.origin = origin
        """The file key the rows were stored under (kept when pickled for a worker)."""

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Term: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Term, ...]: ...

    def __getitem__(self, index: int | slice) -> Term | tuple[Term, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self._rows))))
        term = self._terms[index]
        if term is None:
            with self._lock:
                term = self._terms[index]
                if term is None:
                    term = self._terms[index] = decode_row(self._rows[index])
        return term

    def __iter__(self) -> Iterator[Term]:
        if self._complete:  # a first load, checked pass after pass: 6x faster than self[i]
            return iter(cast(list[Term], self._terms))
        return (self[i] for i in range(len(self._rows)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TermTable) and other._rows == self._rows:
            return True
        if not isinstance(other, (tuple, list, TermTable)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"TermTable({len(self)} terms)"

    def __reduce__(self) -> tuple[type[TermTable], tuple[list[str], str]]:
        return (TermTable, (self._rows, self.origin))


def encode_row(term: Term) -> str:
    """One term as a row (see the module docstring)."""
    flags = ("c" if term.case_sensitive else "") + ("d" if term.dnt else "")
    fields = [term.id, term.note, term.domain, term.pos, flags, str(term.line)]
    fields += [_VARIANT.join((code, *vals)) for code, vals in term.variants]
    return _FIELD.join(fields)


def decode_row(row: str) -> Term:
    """The term of :func:`encode_row`."""
    fields = row.split(_FIELD)
    variants = []
    for cell in fields[_FIXED:]:
        code, *vals = cell.split(_VARIANT)
        variants.append((code, tuple(vals)))
    flags = fields[4]
    return Term(
        tuple(variants),
        fields[0],
        fields[1],
        fields[2],
        fields[3],
        "c" in flags,
        "d" in flags,
        int(fields[5]),
    )


def file_key(data: bytes, fmt: str) -> str:
    """The index key of a glossary file: its bytes and format (with the code's version)."""
    return cache.make_key(KIND, fmt, data)


def load(data: bytes, fmt: str, name: str) -> Glossary | None:
    """The glossary of a file stored by :func:`store`, or None when the index lacks it."""
    key = file_key(data, fmt)
    body = cache.load(KIND, key)
    try:
        glossary = _from_body(body, name, key) if body is not None else None
    except (TypeError, ValueError, KeyError) as exc:
        cache.log.info("glossary index: ignoring a malformed compiled glossary (%s)", exc)
        return None
    return glossary


def make(data: bytes, fmt: str, glossary: Glossary) -> Glossary | None:
    """``glossary``, read from a file of these bytes, as a compiled glossary to check, use
    and :func:`store`: the same terms in a :class:`TermTable` that names the file (so that
    its matcher is kept under the file too). None when a cell holds a separator character.

    Made before the checks, so that what they prepare (the terms' matching keys) belongs to
    the glossary that is then used.
    """
    rows = [encode_row(term) for term in glossary.terms]
    joined = _ROW.join(rows)
    # Every separator is one the encoding put there: a cell holding one is not stored.
    fields = sum(_FIXED - 1 + len(term.variants) for term in glossary.terms)
    variants = sum(len(vals) for term in glossary.terms for _, vals in term.variants)
    if (
        joined.count(_ROW) != max(len(rows) - 1, 0)
        or joined.count(_FIELD) != fields
        or joined.count(_VARIANT) != variants
    ):
        cache.log.info("glossary index: %s holds a separator character; not stored", glossary.name)
        return None
    terms = TermTable(rows, file_key(data, fmt), glossary.terms)
    return Glossary(terms, glossary.languages, glossary.source_language, glossary.name)


def store(glossary: Glossary) -> None:
    """Keep a compiled glossary (:func:`make`) that passed its checks; any other glossary is
    not kept. A failure is logged, never raised."""
    terms = glossary.terms
    if not isinstance(terms, TermTable) or not terms.origin:
        return
    body = {
        "terms": len(terms),
        "languages": list(glossary.languages),
        "source_language": glossary.source_language,
        "hash": glossary.hash,
        "rows": _ROW.join(terms._rows),
    }
    cache.store(KIND, terms.origin, body)


def _from_body(body: Any, name: str, key: str) -> Glossary | None:
    if not isinstance(body, dict):
        raise ValueError("not an object")
    count = body["terms"]
    if not isinstance(count, int) or count < 1:
        raise ValueError("bad row count")
    rows = cache.split_joined(body["rows"], count, _ROW, "rows")
    languages, source, digest = body["languages"], body["source_language"], body["hash"]
    if not (isinstance(languages, list) and all(isinstance(x, str) for x in languages)):
        raise ValueError("bad languages")
    if not isinstance(source, str) or not isinstance(digest, str):
        raise ValueError("bad source language or hash")
    glossary = Glossary(TermTable(rows, key), tuple(languages), source, name)
    glossary.__dict__["hash"] = digest  # the cached_property's value, computed when stored
    return glossary


def origin(glossary: Glossary) -> str:
    """The file key of a glossary stored in or loaded from the index ('' for any other); it
    travels in its terms, also to a worker process that gets the glossary pickled."""
    return glossary.terms.origin if isinstance(glossary.terms, TermTable) else ""
