import pytest
from builders import ROOT, SEED

REFERENCES = ROOT / "evaluation" / "references"


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def reference_lines() -> dict[str, list[str]]:
    """Line-aligned human translations of the seed, by language."""
    return {
        lang: (REFERENCES / f"mehr-iran-russia-ict.{lang}.txt").read_text("utf-8").splitlines()
        for lang in ("en", "ru")
    }
