"""Translation memory: an embedded SQLite cache of finished sentence translations.

Keyed by (normalized source sentence, target language, translator signature, glossary hash,
options), so a re-run, or a run resumed after a crash, translates nothing twice. Each
sentence is committed as soon as it is done. WAL mode and a busy timeout make it safe for
two processes at once.

A memory is a cache: an entry that cannot be read (not JSON, or missing what a translation
needs) is a miss, with one warning, and is translated and written again. A database that is
not a translation memory (a table ``tm`` of other columns) is refused with one line.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

from toolkit.errors import OutputError
from toolkit.text.normalize import normalize
from toolkit.translate.base import PROBLEM_KINDS, TERM_STATUSES

SCHEMA_VERSION = 1
COLUMNS = ("key", "value", "created")
APPROVED_COLUMNS = (
    "key",
    "target_lang",
    "source",
    "target",
    "source_lang",
    "reviewer",
    "review",
    "approved_at",
    "plain",
    "length",
)
"""The columns of the approved translations (``toolkit.translate.approved``)."""

log = logging.getLogger(__name__)


def memory_key(source: str, context: dict[str, Any]) -> str:
    payload = json.dumps(
        {"source": normalize(source), "context": context, "schema": SCHEMA_VERSION},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


MEMORY_TABLES = {"tm": COLUMNS, "approved": APPROVED_COLUMNS}
"""The tables of a toolkit memory file (the machine translations, the approved ones) and
the columns each has at least."""


def open_table(path: Path, create: str, what: str) -> sqlite3.Connection:
    """A connection to the SQLite file ``path`` (WAL, autocommit, a busy timeout) where the
    table of ``create`` (one of :data:`MEMORY_TABLES`) exists; ``OutputError``
    naming ``what`` when it cannot be opened or is another program's database: a table that
    is not one of :data:`MEMORY_TABLES`, or one of them without its columns. Such a file is
    refused before anything is written to it: no table added, its journal mode kept.

    Two processes opening a new file at once may find it locked while the other one switches
    the journal mode (SQLite answers that without waiting): retried for a few seconds."""

    def foreign(found: str) -> OutputError:
        return OutputError(
            f"{path}: not a toolkit {what} ({found}); pass another {{option:cache_path}}"
        )

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
        db.execute("PRAGMA busy_timeout=30000")
        query = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        tables = sorted(row[0] for row in db.execute(query))
        if other := [name for name in tables if name not in MEMORY_TABLES]:
            db.close()
            raise foreign(f"an SQLite file with the tables {', '.join(other)}")
        for name in tables:
            found = [row[1] for row in db.execute(f"PRAGMA table_info({name})")]
            if not set(MEMORY_TABLES[name]) <= set(found):
                db.close()
                raise foreign(f"its table '{name}' has the columns {', '.join(found)}")
        for attempt in range(50):
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(create)
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 49:
                    raise
                time.sleep(0.1)
    except sqlite3.Error as exc:
        raise OutputError(
            f"{path}: cannot open the {what} ({exc}); pass another {{option:cache_path}}"
        ) from None
    return db


class TranslationMemory:
    """A persistent map from :func:`memory_key` to a JSON value."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = open_table(
            self.path,
            "CREATE TABLE IF NOT EXISTS tm (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
            "created REAL NOT NULL)",
            "translation memory",
        )
        self.hits = 0
        self.misses = 0
        self.corrupt = 0
        """Entries found unreadable and treated as misses."""

    def get(self, key: str) -> dict[str, Any] | None:
        """The entry stored under ``key``; None for a miss or an unreadable entry."""
        try:
            row = self._db.execute("SELECT value FROM tm WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            raise OutputError(
                f"{self.path}: cannot read the translation memory ({exc}); "
                "pass another {option:cache_path}"
            ) from None
        value = _entry(row[0]) if row is not None else None
        if row is not None and value is None:
            self._corrupt(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        return value

    def _corrupt(self, key: str) -> None:
        self.corrupt += 1
        if self.corrupt == 1:
            log.warning(
                "toolkit: warning: %s: ignoring an unreadable translation memory entry "
                "(%s...); it is translated again",
                self.path,
                key[:12],
            )

    def put(self, key: str, value: dict[str, Any]) -> None:
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO tm (key, value, created) VALUES (?, ?, ?)",
                (key, json.dumps(value, ensure_ascii=False), time.time()),
            )
        except sqlite3.Error as exc:
            raise OutputError(f"{self.path}: cannot write the translation memory ({exc})") from None

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM tm").fetchone()[0])

    def close(self) -> None:
        self._db.close()


def _entry(stored: object) -> dict[str, Any] | None:
    """A stored translation, or None when it is not JSON or lacks what a translation needs
    (its text; terms and problems of known kinds)."""
    try:
        value = json.loads(stored)  # type: ignore[arg-type]
    except (TypeError, ValueError):  # not text, not UTF-8, not JSON
        return None
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        return None
    terms, problems = value.get("terms", []), value.get("problems", [])
    if not isinstance(terms, list) or not isinstance(problems, list):
        return None
    if not all(
        isinstance(t, dict) and isinstance(t.get("term"), str) and t.get("status") in TERM_STATUSES
        for t in terms
    ):
        return None
    if not all(
        isinstance(p, dict) and p.get("kind") in PROBLEM_KINDS and isinstance(p.get("message"), str)
        for p in problems
    ):
        return None
    if not isinstance(value.get("baseline", ""), str):
        return None
    return value
