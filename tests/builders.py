"""Readable builders for test data (import them: `from builders import ...`)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from toolkit.glossary.model import Glossary, Term
from toolkit.signature import Signature
from toolkit.text.normalize import key_of
from toolkit.translate.backends import SourceAttention
from toolkit.translate.base import ALL_CAPABILITIES, Translator

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
    200-token limit, a signature naming the script (``name``) and, with ``links`` (source
    word index -> target word indices), a one-hot word attention. Subclasses write
    ``generate`` and ``score``."""

    capabilities = ALL_CAPABILITIES

    source_language = "fa"
    name = "scripted"
    links: dict[int, list[int]] | None = None

    def attention(self, sources: list[str], targets: list[str]) -> list[SourceAttention] | None:
        if self.links is None:
            return None
        out = []
        for src, tgt in zip(sources, targets, strict=True):
            s_words, t_words = src.split(), tgt.split()
            weights = []
            for t in range(len(t_words)):
                row = [0.0] * len(s_words)
                for s, targets_of in self.links.items():
                    if t in targets_of and s < len(row):
                        row[s] = 1.0
                weights.append(tuple(row))
            out.append(
                SourceAttention(
                    tuple("▁" + w for w in s_words),
                    tuple("▁" + w for w in t_words),
                    tuple(weights),
                )
            )
        return out

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(t.split()) for t in texts]

    @property
    def max_source_tokens(self) -> int:
        return 200

    @property
    def signature(self) -> Signature:
        return Signature.create("model", model=self.name)


def load_benchmark(name: str) -> Any:
    """A script of ``benchmarks/`` imported as a module, so that tests use its counts."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def pretend_read_only(monkeypatch: Any, folder: Path) -> None:
    """``os.access`` as toolkit.publish calls it says ``folder`` cannot be written (root can
    write anywhere, so permissions alone cannot make the case)."""
    import os

    real_access = os.access
    monkeypatch.setattr(
        "toolkit.publish.os.access",
        lambda path, mode: False if Path(path) == folder else real_access(path, mode),
    )
