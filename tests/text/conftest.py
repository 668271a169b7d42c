from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (ROOT / "seeds" / "mehr-iran-russia-ict.fa.txt").read_text(encoding="utf-8")
