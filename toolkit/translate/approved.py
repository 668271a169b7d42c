"""Approved translations: sentences a person translated or signed off, with provenance.

They live in the translation memory's SQLite file (table ``approved``), beside the machine
cache but apart from it: a machine entry is keyed by the translator and its settings, an
approval only by its normalized source sentence and target language, so it serves any later
run, whatever model or glossary it uses.

- :meth:`ApprovedStore.exact` finds the approval of a sentence whose matching key
  (:func:`toolkit.text.normalize.key_of`: separators, letter and digit variants unified)
  equals the query's.
- :meth:`ApprovedStore.fuzzy` lists approvals of similar sentences by rapidfuzz's
  ``fuzz.ratio`` (the normalized Indel similarity, 0-100, of the two display-normalized
  sentences, spaces collapsed), from ``threshold`` (default 75) up, best first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from toolkit.errors import InputError, OutputError
from toolkit.results import Approval, FuzzyMatch
from toolkit.text.normalize import key_of, normalize
from toolkit.translate.memory import APPROVED_COLUMNS, open_table

FUZZY_THRESHOLD = 75.0
"""The lowest similarity (0-100) at which an approval is offered as a fuzzy match."""

__all__ = ["FUZZY_THRESHOLD", "Approval", "ApprovedStore", "FuzzyMatch", "now_iso"]


def _plain(source: str) -> str:
    """The sentence compared by :meth:`ApprovedStore.fuzzy`: display-normalized, spaces
    collapsed."""
    return " ".join(normalize(source).split())


def now_iso() -> str:
    """The current UTC time as ISO 8601 to the second (``2026-12-07T10:55:26Z``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ApprovedStore:
    """The approved translations of one SQLite file (the translation memory's)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = open_table(
            self.path,
            "CREATE TABLE IF NOT EXISTS approved (key TEXT NOT NULL, "
            "target_lang TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, "
            "source_lang TEXT NOT NULL, reviewer TEXT NOT NULL, review TEXT NOT NULL, "
            "approved_at TEXT NOT NULL, plain TEXT NOT NULL, length INTEGER NOT NULL, "
            "PRIMARY KEY (key, target_lang))",
            "memory of approved translations",
        )
        self._db.execute(
            "CREATE INDEX IF NOT EXISTS approved_length ON approved (target_lang, length)"
        )

    def approve(self, approval: Approval) -> bool:
        """Store ``approval``; it replaces an approval of the same sentence and target
        language signed off no later (the latest sign-off wins: an older one, such as a unit
        of an old TMX imported now, leaves a newer one in place, and False is returned)."""
        if not approval.source.strip() or not approval.target.strip():
            raise InputError("an approved translation needs a source and a target sentence")
        plain = _plain(approval.source)
        try:
            cursor = self._db.execute(
                f"INSERT INTO approved ({', '.join(APPROVED_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(APPROVED_COLUMNS))}) "
                "ON CONFLICT (key, target_lang) DO UPDATE SET "
                + ", ".join(f"{c} = excluded.{c}" for c in APPROVED_COLUMNS[2:])
                + " WHERE excluded.approved_at >= approved.approved_at",
                (
                    key_of(approval.source),
                    approval.target_lang,
                    approval.source,
                    approval.target,
                    approval.source_lang,
                    approval.reviewer,
                    approval.review,
                    approval.approved_at,
                    plain,
                    len(plain),
                ),
            )
        except sqlite3.Error as exc:
            raise OutputError(
                f"{self.path}: cannot write an approved translation ({exc})"
            ) from None
        return cursor.rowcount > 0

    def approve_all(self, approvals: Sequence[Approval]) -> int:
        """Store every approval in one transaction (all or none: a file imported is never
        half-stored); returns how many were stored (one older than the approval of its
        sentence already stored is not: see :meth:`approve`)."""
        for approval in approvals:
            if not approval.source.strip() or not approval.target.strip():
                raise InputError("an approved translation needs a source and a target sentence")
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                stored = sum(self.approve(approval) for approval in approvals)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise OutputError(
                f"{self.path}: cannot write the approved translations ({exc}); nothing stored"
            ) from None
        return stored

    def exact(self, source: str, target_lang: str) -> Approval | None:
        """The approval of ``source`` (by matching key) into ``target_lang``, or None."""
        row = self._query(
            f"SELECT {', '.join(APPROVED_COLUMNS)} FROM approved WHERE key = ? AND target_lang = ?",
            (key_of(source), target_lang),
        ).fetchone()
        return _approval(row) if row is not None else None

    def fuzzy(
        self,
        source: str,
        target_lang: str,
        *,
        threshold: float = FUZZY_THRESHOLD,
        limit: int = 3,
    ) -> list[FuzzyMatch]:
        """Approvals of sentences similar to ``source`` (``fuzz.ratio`` ≥ ``threshold``),
        best first, at most ``limit``; the exact match itself is not listed."""
        from rapidfuzz import fuzz, process

        plain = _plain(source)
        if not plain:
            return []
        # ratio = 2·common/(a+b) ≥ t/100 needs each length within a factor of the other.
        share = threshold / 100.0
        low = int(len(plain) * share / (2.0 - share)) if share < 2.0 else 0
        high = int(len(plain) * (2.0 - share) / share) + 1 if share > 0 else 1 << 30
        key = key_of(source)
        rows = [
            row
            for row in self._query(
                f"SELECT {', '.join(APPROVED_COLUMNS)} FROM approved "
                "WHERE target_lang = ? AND length BETWEEN ? AND ?",
                (target_lang, low, high),
            )
            if row[0] != key
        ]
        found = process.extract(
            plain,
            [row[8] for row in rows],
            scorer=fuzz.ratio,
            score_cutoff=threshold,
            limit=limit,
        )
        return [FuzzyMatch(_approval(rows[index]), round(score, 1)) for _, score, index in found]

    def __iter__(self) -> Iterator[Approval]:
        for row in self._query(
            f"SELECT {', '.join(APPROVED_COLUMNS)} FROM approved ORDER BY approved_at, key", ()
        ):
            yield _approval(row)

    def __len__(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM approved", ()).fetchone()[0])

    def _query(self, sql: str, args: tuple[object, ...]) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, args)
        except sqlite3.Error as exc:
            raise OutputError(
                f"{self.path}: cannot read the approved translations ({exc}); "
                "pass another {option:cache_path}"
            ) from None

    def close(self) -> None:
        self._db.close()


def _approval(row: tuple[object, ...]) -> Approval:
    values = dict(zip(APPROVED_COLUMNS, row, strict=True))
    return Approval(
        source=str(values["source"]),
        target=str(values["target"]),
        target_lang=str(values["target_lang"]),
        reviewer=str(values["reviewer"]),
        review=str(values["review"]),
        approved_at=str(values["approved_at"]),
        source_lang=str(values["source_lang"]),
    )
