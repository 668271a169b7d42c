"""Fixtures for the summarization tests: small documents and a tiny random-weight mT5."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from builders import ROOT, SEED

ARTICLES = ROOT / "evaluation" / "summarization" / "articles"

TRAINING_SENTENCES = [
    "The minister said the talks with Russia went well and five contracts were signed.",
    "Министр сказал, что переговоры прошли хорошо и подписано пять контрактов.",
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,:;!?()«»-",
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя ۰۱۲۳۴۵۶۷۸۹ ءآأؤإئابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی،؛؟",
]


def read_article(prefix: str) -> str:
    """The text of an evaluation article, by its file-name prefix (``"02"``)."""
    (path,) = ARTICLES.glob(f"{prefix}*.fa.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def article() -> Callable[[str], str]:
    """``article("02")``: the text of an evaluation article."""
    return read_article


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _build_tiny_mt5(directory: Path) -> Path:
    """An mT5-style checkpoint: sentencepiece unigram vocabulary, T5 tokenizer, MT5 model."""
    import sentencepiece as spm
    import torch
    from transformers import MT5Config, MT5ForConditionalGeneration, T5Tokenizer

    lines = [x for x in SEED.read_text(encoding="utf-8").splitlines() if x.strip()]
    lines += [x for x in read_article("01").splitlines() if x.strip()]
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines + TRAINING_SENTENCES),
        model_writer=buf,
        # byte_fallback takes 256 pieces, the alphabets about 160 more: 600 leaves a few hundred
        vocab_size=600,
        model_type="unigram",
        byte_fallback=True,
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
        num_threads=1,
        pad_id=0,  # the T5 layout: <pad>=0 </s>=1 <unk>=2
        eos_id=1,
        unk_id=2,
        bos_id=-1,
    )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "spiece.model").write_bytes(buf.getvalue())
    tokenizer = T5Tokenizer.from_pretrained(directory, extra_ids=0)
    tokenizer.save_pretrained(directory)
    config = MT5Config(
        vocab_size=len(tokenizer),
        d_model=16,
        d_kv=8,
        d_ff=32,
        num_layers=1,
        num_decoder_layers=1,
        num_heads=2,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(1234)
    MT5ForConditionalGeneration(config).eval().save_pretrained(directory)
    return directory


@pytest.fixture(scope="session")
def tiny_mt5_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random-weight mT5 checkpoint directory, built once per test session."""
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    return _build_tiny_mt5(tmp_path_factory.mktemp("tiny-mt5"))


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No network and an empty Hugging Face cache; returns the cache directory."""
    cache = tmp_path / "hf-cache"
    cache.mkdir()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    return cache


@pytest.fixture
def tiny_mt5(tiny_mt5_dir: Path, offline: Path) -> Path:
    """The tiny mT5 checkpoint, to be loaded with HF_HUB_OFFLINE=1."""
    return tiny_mt5_dir
