"""Compiled glossaries: a glossary file that passed its checks, kept in the index as read.

A glossary file found without errors (a termbase is loaded on every run, and a run uses a few
hundred of its terms) is kept in the compiled glossary index
(:mod:`toolkit.glossary.cache`, kind ``glossary``), keyed by the file's bytes and format, as
an SQLite database (the translation memory's engine, from the standard library):

* ``meta``: its languages, its content hash (the one in every result signature), its number
  of terms, and the lengths of its first words;
* ``terms``: one row of text per term, :data:`CHUNK` rows to a table row, with a checksum;
* ``first_words``: each first word of a source variant (matching key; also its plural in
  گان), with the terms it starts, so that a short text looks its words up
  (:class:`toolkit.glossary.source.SourceMatcher`) instead of loading the whole matcher;
* the entry is the verdict too: a file with errors is never stored, so a hit means the file
  needs no checking.

A later run with the same bytes builds no :class:`Term` up front and reads no row it does not
use: :class:`TermTable` fetches and decodes a term the first time it is used. Its terms also
name the file (:func:`origin`), under which the index keeps the full source matcher for long
texts. A row or first word that fails its checksum, or a database SQLite cannot read, is
damage: the entry is removed (the next run writes it again) and this run reads the terms from
the file's bytes, which it already holds.

The row format, and why a cell with a tab or a line break is not stored: the design document.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast, overload

from toolkit.errors import GlossaryError
from toolkit.glossary import cache
from toolkit.glossary.model import Glossary, Term

KIND = "glossary"
# Characters a TSV cell cannot hold, and JSON writes in two bytes.
_ROW, _FIELD, _VARIANT = "\n", "\t", "\r"
_FIXED = 6  # id, note, domain, pos, flags, line


class TermTable(Sequence[Term]):
    """The terms of a compiled glossary, each decoded from its row on first use.

    Behaves as the tuple of terms it stands for: indexing, slicing (a tuple), iteration,
    ``len``, equality and hashing. Read from the index, its rows stay in the database until
    they are asked for (:meth:`prefetch` asks for several at once).
    """

    __slots__ = ("_complete", "_count", "_lock", "_misses", "_rows", "_source", "_terms", "origin")

    def __init__(
        self, rows: list[str], origin: str = "", terms: Sequence[Term] | None = None
    ) -> None:
        """``terms``: the terms of ``rows`` when the caller has them already made."""
        self._rows: list[str] | None = rows
        self._source: _Database | None = None
        self._count = len(rows)
        self._misses = 0
        self._terms: list[Term | None] = list(terms) if terms is not None else [None] * len(rows)
        self._complete = terms is not None  # every term made: iterate the list itself
        # One object per term, also when two threads decode it at once (callers tell terms
        # apart by identity).
        self._lock = threading.RLock()
        self.origin = origin
        """The file key the rows were stored under (kept when pickled for a worker)."""

    @classmethod
    def _of_database(cls, source: _Database, count: int, origin: str) -> TermTable:
        table = cls([], origin)
        table._rows = None
        table._source = source
        table._count = count
        table._terms = [None] * count
        return table

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Term: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Term, ...]: ...

    def __getitem__(self, index: int | slice) -> Term | tuple[Term, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._count)))
        term = self._terms[index]
        if term is None:
            with self._lock:
                term = self._terms[index]
                if term is None:
                    term = self._terms[index] = decode_row(self._row(index))
        return term

    def _row(self, index: int) -> str:
        if self._rows is not None:
            return self._rows[index]
        assert self._source is not None  # a table without rows is one of a database
        self._misses += 1
        if self._misses > _SINGLE_FETCHES:  # a long text: every row in one query
            return self.rows()[index]
        index %= self._count
        return self._source.rows([index])[index]

    def rows(self) -> list[str]:
        """Every row, in order (fetched now if they are in the database)."""
        if self._rows is None:
            with self._lock:
                if self._rows is None:
                    assert self._source is not None
                    self._rows = self._source.all_rows()
        return self._rows

    def prefetch(self, indices: Collection[int]) -> None:
        """Decode the terms at ``indices`` now, their rows fetched in one query."""
        if self._rows is not None or self._source is None:
            return
        with self._lock:
            missing = [i for i in indices if self._terms[i] is None]
            if not missing:
                return
            for index, row in self._source.rows(missing).items():
                if self._terms[index] is None:
                    self._terms[index] = decode_row(row)

    @property
    def database(self) -> _Database | None:
        """The database the rows are read from, if any."""
        return self._source

    def __iter__(self) -> Iterator[Term]:
        if self._complete:  # a first load, checked pass after pass: 6x faster than self[i]
            return iter(cast(list[Term], self._terms))
        if self._rows is None and self._source is not None:
            self.rows()
        return (self[i] for i in range(self._count))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TermTable) and other.rows() == self.rows():
            return True
        if not isinstance(other, (tuple, list, TermTable)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"TermTable({len(self)} terms)"

    def __reduce__(self) -> tuple[type[TermTable], tuple[list[str], str]]:
        return (TermTable, (self.rows(), self.origin))


# Rows fetched one by one before a table fetches all of them at once.
_SINGLE_FETCHES = 256
CHUNK = 64
"""Rows per row of the ``terms`` table: a short text's terms cost a few hundred reads of
4 KB, and all 100,000 rows 1,600 reads, not 100,000 (0.35 s)."""


class _Database:
    """The SQLite entry of a compiled glossary, read as asked: rows and first words, each
    checked against its checksum and range. Damage removes the entry and switches to the
    glossary file's bytes (``fallback``, its rows parsed again)."""

    def __init__(
        self,
        con: sqlite3.Connection,
        count: int,
        first_lang: str,
        first_lengths: tuple[int, ...],
        fallback: Callable[[], list[str]],
    ) -> None:
        self._con: sqlite3.Connection | None = con
        self._count = count
        self._fallback = fallback
        self._fallen: list[str] | None = None
        self._lock = threading.Lock()
        self.first_lang = first_lang
        """The language of the first-word table (the glossary's source language)."""
        self.first_lengths = first_lengths
        """The distinct lengths of the first words, shortest first."""

    def rows(self, indices: Iterable[int]) -> dict[int, str]:
        wanted = sorted(set(indices))
        with self._lock:
            if self._con is not None:
                try:
                    return self._checked_rows(wanted)
                except (sqlite3.Error, ValueError) as exc:
                    self._damaged(exc)
            every = self._fallback_rows()
        return {i: every[i] for i in wanted}

    def _checked_rows(self, wanted: list[int]) -> dict[int, str]:
        assert self._con is not None
        chunks = sorted({i // CHUNK for i in wanted})
        query = "SELECT id, rows, crc FROM terms WHERE id IN (SELECT value FROM json_each(?))"
        fetched = self._con.execute(query, (json.dumps(chunks),)).fetchall()
        if len(fetched) != len(chunks):
            raise ValueError("term rows missing")
        by_chunk = {number: self._split(number, rows, crc) for number, rows, crc in fetched}
        return {i: by_chunk[i // CHUNK][i % CHUNK] for i in wanted}

    def _split(self, number: Any, rows: Any, crc: Any) -> list[str]:
        """The rows of chunk ``number``, checked: its checksum and its number of rows."""
        if not isinstance(rows, str) or cache.checksum(rows) != crc or not isinstance(number, int):
            raise ValueError(f"term rows {number} fail their checksum")
        out = rows.split(_ROW)
        if len(out) != min(CHUNK, self._count - number * CHUNK):
            raise ValueError(f"term rows {number}: not as many as the glossary says")
        return out

    def all_rows(self) -> list[str]:
        with self._lock:
            if self._con is not None:
                try:
                    fetched = self._con.execute("SELECT id, rows, crc FROM terms ORDER BY id")
                    every: list[str] = []
                    for expected, (number, rows, crc) in enumerate(fetched):
                        if number != expected:
                            raise ValueError("term rows missing")
                        every += self._split(number, rows, crc)
                    if len(every) != self._count:
                        raise ValueError(f"{len(every)} term rows, expected {self._count}")
                    return every
                except (sqlite3.Error, ValueError) as exc:
                    self._damaged(exc)
            return list(self._fallback_rows())

    def first_terms(self, words: Collection[str]) -> list[int] | None:
        """The terms (sorted indices) that any of ``words`` starts as a first word; None when
        the table cannot be read (the caller then uses the whole matcher)."""
        with self._lock:
            if self._con is None:
                return None
            found: set[int] = set()
            try:
                query = (
                    "SELECT ids, crc FROM first_words"
                    " WHERE word IN (SELECT value FROM json_each(?))"
                )
                for ids, crc in self._con.execute(query, (json.dumps(list(words)),)):
                    if not isinstance(ids, bytes) or cache.checksum(ids) != crc:
                        raise ValueError("a first word fails its checksum")
                    found.update(cache.unpack_ids(ids, self._count))
            except (sqlite3.Error, ValueError) as exc:
                self._damaged(exc)
                return None
        return sorted(found)

    def _damaged(self, exc: Exception) -> None:
        """Forget the entry: removed, so that the next run writes it again."""
        cache.log.warning("glossary index: a damaged compiled glossary removed (%s)", exc)
        assert self._con is not None
        with contextlib.suppress(sqlite3.Error, IndexError, TypeError):
            path = self._con.execute("PRAGMA database_list").fetchone()[2]
            with contextlib.suppress(OSError):
                Path(path).unlink()
        self._con.close()
        self._con = None

    def _fallback_rows(self) -> list[str]:
        if self._fallen is None:
            rows = self._fallback()
            if len(rows) != self._count:
                raise GlossaryError("the glossary file no longer matches its compiled entry")
            self._fallen = rows
        return self._fallen


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
    """The glossary of a file stored by :func:`store`, or None when the index lacks it.

    ``data`` is kept (not copied) to read the terms from if the entry turns out damaged."""
    key = file_key(data, fmt)
    opened = cache.open_db(KIND, key)
    if opened is None:
        return None
    con, meta = opened
    try:
        glossary = _from_meta(con, meta, data, fmt, name, key)
    except (TypeError, ValueError, KeyError) as exc:
        con.close()
        cache.log.info("glossary index: ignoring a malformed compiled glossary (%s)", exc)
        return None
    return glossary


def _from_meta(
    con: sqlite3.Connection, meta: dict[str, str], data: bytes, fmt: str, name: str, key: str
) -> Glossary:
    count = int(meta["terms"])
    if count < 1:
        raise ValueError("bad row count")
    languages, source, digest = json.loads(meta["languages"]), meta["source_language"], meta["hash"]
    if not (isinstance(languages, list) and all(isinstance(x, str) for x in languages)):
        raise ValueError("bad languages")
    lengths = json.loads(meta["first_lengths"])
    if not (isinstance(lengths, list) and all(type(n) is int and n > 0 for n in lengths)):
        raise ValueError("bad first-word lengths")

    def fallback() -> list[str]:
        from toolkit.glossary.formats import parse_glossary

        return [encode_row(term) for term in parse_glossary(data, name, fmt).glossary.terms]

    database = _Database(con, count, meta["first_lang"], tuple(sorted(lengths)), fallback)
    glossary = Glossary(
        TermTable._of_database(database, count, key), tuple(languages), source, name
    )
    glossary.__dict__["hash"] = digest  # the cached_property's value, computed when stored
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


def store(
    glossary: Glossary, first_word_table: Callable[[Glossary, str], dict[str, list[int]]]
) -> None:
    """Keep a compiled glossary (:func:`make`) that passed its checks; any other glossary is
    not kept. A failure is logged, never raised. ``first_word_table`` is the source matcher's
    (:func:`toolkit.glossary.source.first_word_table`), passed in because the matcher reads
    this module."""
    terms = glossary.terms
    if not isinstance(terms, TermTable) or not terms.origin or terms.database is not None:
        return
    lang = glossary.source_language
    first = first_word_table(glossary, lang)
    meta = {
        "terms": str(len(terms)),
        "languages": json.dumps(list(glossary.languages)),
        "source_language": lang,
        "hash": glossary.hash,
        "first_lang": lang,
        "first_lengths": json.dumps(sorted({len(word) for word in first})),
    }

    def fill(con: sqlite3.Connection) -> None:
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        con.execute("CREATE TABLE terms (id INTEGER PRIMARY KEY, rows TEXT NOT NULL, crc INTEGER)")
        every = terms.rows()
        chunks = (_ROW.join(every[at : at + CHUNK]) for at in range(0, len(every), CHUNK))
        con.executemany(
            "INSERT INTO terms VALUES (?, ?, ?)",
            ((n, rows, cache.checksum(rows)) for n, rows in enumerate(chunks)),
        )
        con.execute(
            "CREATE TABLE first_words (word TEXT PRIMARY KEY, ids BLOB NOT NULL, crc INTEGER)"
            " WITHOUT ROWID"
        )
        packed = ((word, cache.pack_ids(ids)) for word, ids in first.items())
        con.executemany(
            "INSERT INTO first_words VALUES (?, ?, ?)",
            ((word, ids, cache.checksum(ids)) for word, ids in packed),
        )

    cache.store_db(KIND, terms.origin, fill)


def first_words(glossary: Glossary, lang: str) -> _Database | None:
    """The database of a glossary read from the index, when its first-word table is of
    ``lang``; else None."""
    terms = glossary.terms
    database = terms.database if isinstance(terms, TermTable) else None
    if database is None or database.first_lang != lang:
        return None
    return database


def origin(glossary: Glossary) -> str:
    """The file key of a glossary stored in or loaded from the index ('' for any other); it
    travels in its terms, also to a worker process that gets the glossary pickled."""
    return glossary.terms.origin if isinstance(glossary.terms, TermTable) else ""
