"""The compiled glossary index: what a glossary costs to prepare, kept on disk between runs.

The design, and why: ``docs/design/glossary-cache.md``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import hashlib
import json
import logging
import os
import sqlite3
import time
import uuid
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

INDEX_FORMAT = "toolkit-glossary-index"
INDEX_VERSION = 2
MAX_ENTRIES = 16
"""Entries kept per kind; older ones (by last use) are removed when a new one is written."""
MIN_TERMS = 2000
"""Smaller glossaries are not indexed: checking and building them takes less than reading."""

# The modules whose code decides what an entry holds (relative to the toolkit package).
_CODE = (
    "glossary/cache.py",
    "glossary/compiled.py",
    "glossary/formats.py",
    "glossary/model.py",
    "glossary/source.py",
    "glossary/trie.py",
    "glossary/validate.py",
    "text/normalize.py",
    "text/script.py",
)


def index_dir() -> Path:
    """Where entries are kept: ``$TOOLKIT_HOME/glossary`` (read on each call)."""
    from toolkit.hub import toolkit_home

    return toolkit_home() / "glossary"


@functools.cache
def code_fingerprint() -> str:
    """A hash of the source files that produce the entries (computed once per process).

    The toolkit version alone would let an edited matcher in a development checkout (where
    the version does not change) read entries built by the old code.
    """
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for rel in _CODE:
        digest.update(rel.encode())
        try:
            digest.update((root / rel).read_bytes())
        except OSError:  # not installed as files (a zip): the version alone decides
            digest.update(b"?")
    return digest.hexdigest()[:16]


def make_key(kind: str, *parts: bytes | str) -> str:
    """The key of an entry: ``kind``, the toolkit version, the code and the given parts."""
    from toolkit.signature import tool_version

    digest = hashlib.sha256()
    for part in (
        INDEX_FORMAT,
        str(INDEX_VERSION),
        kind,
        tool_version(),
        code_fingerprint(),
        *parts,
    ):
        _update(digest, part)
    return digest.hexdigest()


def _update(digest: Any, part: bytes | str) -> None:
    data = part.encode("utf-8") if isinstance(part, str) else part
    digest.update(b"%d:" % len(data))  # length-prefixed: no two part lists hash alike
    digest.update(data)


def entry_path(kind: str, key: str) -> Path:
    return index_dir() / f"{kind}-{key[:32]}.json"


def db_path(kind: str, key: str) -> Path:
    return index_dir() / f"{kind}-{key[:32]}.sqlite"


def store_db(kind: str, key: str, fill: Callable[[sqlite3.Connection], None]) -> bool:
    """Write the SQLite entry ``kind``/``key`` atomically: ``fill`` creates and fills its
    tables in a temporary file beside the target, which then replaces the target whole.
    The header goes in the table ``meta`` (name, value). False, logged, when it cannot be
    written; never raised."""
    from toolkit.signature import tool_version

    path = db_path(kind, key)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(tmp, isolation_level=None)
        try:
            # Nobody reads the temporary file: no journal, no sync (a file torn by a crash
            # fails the checks on open, or a row its checksum, and is rebuilt).
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("PRAGMA synchronous=OFF")
            con.execute("BEGIN")
            con.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            header = {
                "format": INDEX_FORMAT,
                "version": str(INDEX_VERSION),
                "kind": kind,
                "key": key,
                "toolkit": tool_version(),
            }
            con.executemany("INSERT INTO meta VALUES (?, ?)", header.items())
            fill(con)
            con.execute("COMMIT")
        finally:
            con.close()
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        log.info("glossary index: cannot write %s (%s)", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    _prune(path.parent, kind, ".sqlite")
    return True


def open_db(kind: str, key: str) -> tuple[sqlite3.Connection, dict[str, str]] | None:
    """The SQLite entry ``kind``/``key``, opened read-only, with its ``meta`` table; None
    when there is no valid one.

    Valid: the header names the expected format, version, kind and full key, and the file
    holds exactly the pages SQLite says it has (a truncated or extended file is not taken).
    Rows are checked as they are read (their checksums), by the caller.
    """
    path = db_path(kind, key)
    try:
        size = path.stat().st_size
    except OSError:
        return None
    con = None
    try:
        # Entries are replaced whole, never changed in place: immutable, so no locking.
        con = sqlite3.connect(
            f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        meta = dict(con.execute("SELECT name, value FROM meta").fetchall())
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
    except (sqlite3.Error, ValueError, TypeError) as exc:
        if con is not None:
            con.close()
        log.info("glossary index: ignoring unreadable %s (%s)", path, exc)
        return None
    expected = {
        "format": INDEX_FORMAT,
        "version": str(INDEX_VERSION),
        "kind": kind,
        "key": key,
    }
    if any(meta.get(k) != v for k, v in expected.items()) or pages * page_size != size:
        con.close()
        log.info("glossary index: ignoring invalid or stale %s", path)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # last use, for pruning
    return con, meta


def checksum(data: bytes | str) -> int:
    """The checksum kept beside each row of an SQLite entry (CRC-32)."""
    return zlib.crc32(data.encode("utf-8") if isinstance(data, str) else data)


def pack_ids(values: Sequence[int]) -> bytes:
    """Integers (32-bit) as little-endian bytes, for an SQLite entry's row."""
    import numpy as np

    return np.asarray(values, dtype="<i4").tobytes()


def unpack_ids(data: Any, limit: int) -> list[int]:
    """The integers of :func:`pack_ids`, each checked to be in ``[0, limit)``;
    ``ValueError`` if anything does not fit."""
    import numpy as np

    if not isinstance(data, bytes) or len(data) % 4:
        raise ValueError("malformed packed ids")
    ids = np.frombuffer(data, dtype="<i4")
    if len(ids) and (ids.min() < 0 or ids.max() >= limit):
        raise ValueError("an id out of range")
    return ids.tolist()


def load(kind: str, key: str) -> Any | None:
    """The body of entry ``kind``/``key``, or None when there is no valid one."""
    path = entry_path(kind, key)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    body = _body(data, kind, key)
    if body is None:
        log.info("glossary index: ignoring invalid or stale %s", path)
        return None
    try:
        value = json.loads(body)
    except ValueError:
        log.info("glossary index: ignoring unreadable %s", path)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # last use, for pruning
    return value


def _body(data: bytes, kind: str, key: str) -> bytes | None:
    head, newline, body = data.partition(b"\n")
    if not newline:
        return None
    try:
        header = json.loads(head)
    except ValueError:
        return None
    expected = {
        "format": INDEX_FORMAT,
        "version": INDEX_VERSION,
        "kind": kind,
        "key": key,
        "bytes": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    if not isinstance(header, dict) or any(header.get(k) != v for k, v in expected.items()):
        return None
    return body


def store(kind: str, key: str, value: Any) -> None:
    """Write entry ``kind``/``key`` atomically; a failure is logged, never raised."""
    from toolkit.signature import tool_version

    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = {
        "format": INDEX_FORMAT,
        "version": INDEX_VERSION,
        "kind": kind,
        "key": key,
        "toolkit": tool_version(),
        "bytes": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    path = entry_path(kind, key)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "xb") as fh:
            fh.write(json.dumps(header).encode("ascii") + b"\n")
            fh.write(body)
        # No fsync: a file torn by a crash fails its checksum and is rebuilt.
        os.replace(tmp, path)
    except OSError as exc:
        log.info("glossary index: cannot write %s (%s)", path, exc.strerror or exc)
        with contextlib.suppress(OSError):
            tmp.unlink()
        return
    _prune(path.parent, kind, ".json")


def pack_ints(values: Sequence[int] | Any) -> str:
    """Integers (32-bit) as one base64 string of little-endian bytes."""
    import numpy as np

    return base64.b64encode(np.asarray(values, dtype="<i4").tobytes()).decode("ascii")


def unpack_ints(value: Any) -> Any:
    """The integers of :func:`pack_ints` as a numpy array; ``ValueError`` if malformed."""
    import numpy as np

    data = unpack_bytes(value)
    if len(data) % 4:
        raise ValueError("malformed packed array")
    return np.frombuffer(data, dtype="<i4").astype(np.int64)


def unpack_bytes(value: Any) -> bytes:
    """Bytes written as base64; ``ValueError`` if malformed."""
    if not isinstance(value, str):
        raise ValueError("expected a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error:
        raise ValueError("malformed base64 string") from None


def split_joined(value: Any, count: int, separator: str, what: str) -> list[str]:
    """``count`` strings joined by ``separator`` (none: an empty string); ``ValueError``
    starting with ``what`` otherwise."""
    if not isinstance(value, str):
        raise ValueError(f"{what}: expected a string")
    if count == 0:
        if value:
            raise ValueError(f"{what}: expected an empty string")
        return []
    parts = value.split(separator)
    if len(parts) != count:
        raise ValueError(f"{what}: expected {count} joined strings, got {len(parts)}")
    return parts


def _prune(folder: Path, kind: str, suffix: str) -> None:
    """Remove the least recently used entries of ``kind`` beyond :data:`MAX_ENTRIES`, and
    temporary files that a killed writer left (older than an hour)."""
    entries = []
    for path in folder.glob(f"{kind}-*{suffix}"):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime, path))
    entries.sort(reverse=True)
    stale = [path for _, path in entries[MAX_ENTRIES:]]
    for path in folder.glob(f".{kind}-*.tmp"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < time.time() - 3600:
                stale.append(path)
    for path in stale:
        with contextlib.suppress(OSError):
            path.unlink()
