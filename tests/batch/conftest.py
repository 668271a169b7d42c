"""Fixtures of the `toolkit batch` tests; the corpora come from tests/batch_corpus.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_corpus import GLOSSARY, fast_args


@pytest.fixture(scope="session")
def glossary_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("glossary") / "g.tsv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


@pytest.fixture
def batch_args(tiny_nllb: Path, glossary_file: Path, tmp_path: Path) -> list[str]:
    """Options of a fast batch: the tiny model into Russian, a memory of this test's own."""
    return fast_args(tiny_nllb, glossary_file, tmp_path / "tm.sqlite3")
