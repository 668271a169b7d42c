"""Translation memory: an embedded SQLite cache of finished sentence translations.

Keyed by (normalized source sentence, target language, translator signature, glossary hash,
options), so a re-run, or a run resumed after a crash, translates nothing twice. Each
sentence is committed as soon as it is done. WAL mode and a busy timeout make it safe for
two processes at once.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from toolkit.errors import OutputError
from toolkit.text.normalize import normalize

SCHEMA_VERSION = 1


def memory_key(source: str, context: dict[str, Any]) -> str:
    payload = json.dumps(
        {"source": normalize(source), "context": context, "schema": SCHEMA_VERSION},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class TranslationMemory:
    """A persistent map from :func:`memory_key` to a JSON value."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            self._db.execute("PRAGMA busy_timeout=30000")
            self._setup()
        except sqlite3.Error as exc:
            raise OutputError(f"{self.path}: cannot open the translation memory ({exc})") from None
        self.hits = 0
        self.misses = 0

    def _setup(self) -> None:
        """Switch to WAL and create the table. Two processes opening a new memory at once may
        find it locked while the other one switches the journal mode (SQLite answers that
        without waiting): retry for a few seconds."""
        for attempt in range(50):
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS tm (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
                    "created REAL NOT NULL)"
                )
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 49:
                    raise
                time.sleep(0.1)

    def get(self, key: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT value FROM tm WHERE key = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        value: dict[str, Any] = json.loads(row[0])
        return value

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
