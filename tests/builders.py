"""Readable builders for test data (import them: `from builders import ...`)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from toolkit.glossary.model import Glossary, Term
from toolkit.signature import Signature
from toolkit.text.normalize import key_of
from toolkit.translate.base import Translator

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


LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"


def synthetic_glossary(
    n: int, vocabulary: list[str], seed: int = 11, variants: bool = False
) -> Glossary:
    """``n`` terms of 1-4 words, real words from ``vocabulary`` mixed with invented ones,
    distinct keys (two spellings of one key with different targets would be a conflict).

    With ``variants``, every seventh is a proper noun, every eleventh has a second variant
    written without spaces and every thirteenth one written with ZWNJ.
    """
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
        forms = [fa]
        if variants and len(words) > 1 and i % 11 == 0:
            forms.append("".join(words))
        if variants and len(words) > 1 and i % 13 == 0:
            forms.append("\u200c".join(words))
        pos = "propn" if variants and i % 7 == 0 else ""
        terms.append(Term.create({"fa": forms, "en": f"term {i}"}, id=f"t{i}", pos=pos))
    return Glossary(tuple(terms), ("fa", "en"), name="synthetic.tsv")


class ScriptedTranslator(Translator):
    """What the scripted test models share: Persian sources, tokens counted as words, a
    200-token limit and a signature naming the script (``name``). Subclasses write
    ``generate``, ``score`` and, where they align, ``attention``."""

    source_language = "fa"
    name = "scripted"

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(t.split()) for t in texts]

    @property
    def max_source_tokens(self) -> int:
        return 200

    @property
    def signature(self) -> Signature:
        return Signature.create("model", model=self.name)
