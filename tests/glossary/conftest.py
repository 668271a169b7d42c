import pytest
from builders import ROOT, SEED, synthetic_glossary

from toolkit.glossary.model import Glossary

ARTICLES = sorted((ROOT / "evaluation" / "summarization" / "articles").glob("*.fa.txt"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def news_text(seed_text: str) -> str:
    """The seed and the summarization articles: about 60 KB of Persian news."""
    return "\n".join([seed_text, *(p.read_text(encoding="utf-8") for p in ARTICLES)])


@pytest.fixture(scope="session")
def large_glossary(news_text: str) -> Glossary:
    """100,000 terms drawn from the news text's words (about a second to make)."""
    vocabulary = sorted({w for w in news_text.split() if len(w) > 2 and w.isalpha()})
    return synthetic_glossary(100_000, vocabulary, variants=True)
