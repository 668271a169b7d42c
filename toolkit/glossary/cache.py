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
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

INDEX_FORMAT = "toolkit-glossary-index"
INDEX_VERSION = 1
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
    _prune(path.parent, kind)


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


def _prune(folder: Path, kind: str) -> None:
    """Remove the least recently used entries of ``kind`` beyond :data:`MAX_ENTRIES`, and
    temporary files that a killed writer left (older than an hour)."""
    entries = []
    for path in folder.glob(f"{kind}-*.json"):
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
