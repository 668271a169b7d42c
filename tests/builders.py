"""Readable builders for test data (import them: `from builders import ...`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit.glossary.model import Glossary, Term

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "mehr-iran-russia-ict.fa.txt"


def build_glossary(rows: list[tuple[Any, ...]]) -> Glossary:
    """A glossary from (fa, en, ru[, meta dict]) rows; variants separated by '|'."""
    terms = []
    for i, row in enumerate(rows, start=1):
        fa, en, ru = row[:3]
        meta = row[3] if len(row) > 3 else {}
        terms.append(Term.create({"fa": fa, "en": en, "ru": ru}, id=f"t{i}", line=i + 1, **meta))
    return Glossary(tuple(terms), ("fa", "en", "ru"), name="test.tsv")
