"""Fixtures of the review page's tests (the runs come from tests/review_runs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_runs import GLOSSARY, write_run


@pytest.fixture
def glossary_path(tmp_path: Path) -> Path:
    path = tmp_path / "glossary.tsv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


@pytest.fixture
def run_folder(tmp_path: Path, glossary_path: Path) -> Path:
    return write_run(tmp_path / "out", glossary_path)
