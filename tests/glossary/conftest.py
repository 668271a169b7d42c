import random

import pytest
from builders import ROOT, SEED

from toolkit.glossary.model import Glossary, Term
from toolkit.text.normalize import key_of

ARTICLES = sorted((ROOT / "evaluation" / "summarization" / "articles").glob("*.fa.txt"))
LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def news_text(seed_text: str) -> str:
    """The seed and the summarization articles: about 60 KB of Persian news."""
    return "\n".join([seed_text, *(p.read_text(encoding="utf-8") for p in ARTICLES)])


def synthetic_glossary(n: int, vocabulary: list[str], seed: int = 11) -> Glossary:
    """``n`` terms of 1-4 words, real words mixed with invented ones, distinct keys; every
    seventh a proper noun, every eleventh with a second variant written without spaces and
    every thirteenth with one written with ZWNJ."""
    rng = random.Random(seed)
    seen: set[str] = set()
    terms: list[Term] = []
    while len(terms) < n:
        words = []
        for _ in range(rng.choice((1, 2, 2, 3, 4))):
            if rng.random() < 0.5:
                words.append(rng.choice(vocabulary))
            else:
                words.append("".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 7))))
        fa = " ".join(words)
        key = key_of(fa)
        if key in seen:
            continue
        seen.add(key)
        i = len(terms)
        variants = [fa]
        if len(words) > 1 and i % 11 == 0:
            variants.append("".join(words))
        if len(words) > 1 and i % 13 == 0:
            variants.append("\u200c".join(words))
        pos = "propn" if i % 7 == 0 else ""
        terms.append(Term.create({"fa": variants, "en": f"term {i}"}, id=f"t{i}", pos=pos))
    return Glossary(tuple(terms), ("fa", "en"), name="synthetic.tsv")


@pytest.fixture(scope="session")
def large_glossary(news_text: str) -> Glossary:
    """100,000 terms drawn from the news text's words (about a second to make)."""
    vocabulary = sorted({w for w in news_text.split() if len(w) > 2 and w.isalpha()})
    return synthetic_glossary(100_000, vocabulary)
