"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import ROOT, SEED

# --- translation models: tiny random-weight checkpoints, offline -----------------------------
# Never reach the Hugging Face hub from tests (a missing model would cost ~50 s of retries).
# Set at import so that huggingface_hub, which reads it once, sees it too.
os.environ["HF_HUB_OFFLINE"] = "1"
# One thread per process for CTranslate2 (the toolkit reads OMP_NUM_THREADS when it loads a
# model) and torch (read when torch is imported, after this file), subprocesses included: the
# tests' models are tiny, and a thread pool's hand-offs cost more than they save. On this
# two-core machine shared with other work, the tiny model translated four seed lines in 0.2 s
# of wall time (0.1 s CPU) with one thread and in 1.5 s (1.0 s CPU) with two; the README demo
# run took 26 s instead of 70 s. The output is the same (test_readme_demo compares it). Set
# OMP_NUM_THREADS to run the tests with more.
os.environ.setdefault("OMP_NUM_THREADS", "1")


@pytest.fixture(scope="session", autouse=True)
def _model_caches(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point the toolkit and Hugging Face caches at empty temporary directories."""
    patch = pytest.MonkeyPatch()
    patch.setenv("HF_HUB_OFFLINE", "1")
    patch.setenv("TOOLKIT_HOME", str(tmp_path_factory.mktemp("toolkit-home")))
    patch.setenv("HF_HUB_CACHE", str(tmp_path_factory.mktemp("hf-hub-cache")))
    yield
    patch.undo()


@pytest.fixture(scope="session")
def tiny_models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tiny-models")


@pytest.fixture(scope="session")
def tiny_nllb(tiny_models_dir: Path) -> Path:
    """An NLLB-200-style checkpoint (NllbTokenizer + M2M100ForConditionalGeneration)."""
    from tiny_models import build_tiny_nllb

    return build_tiny_nllb(tiny_models_dir / "nllb")


@pytest.fixture(scope="session")
def tiny_m2m100(tiny_models_dir: Path) -> Path:
    """An M2M100-style checkpoint (M2M100Tokenizer, __fa__/__en__/__ru__)."""
    from tiny_models import build_tiny_m2m100

    return build_tiny_m2m100(tiny_models_dir / "m2m100")


@pytest.fixture(scope="session")
def tiny_marian_fa_en(tiny_models_dir: Path) -> Path:
    """An OPUS-MT-style fa→en checkpoint (MarianTokenizer + MarianMTModel)."""
    from tiny_models import build_tiny_marian

    return build_tiny_marian(tiny_models_dir / "marian-fa-en", "fa", "en")


@pytest.fixture(scope="session")
def tiny_marian_en_ru(tiny_models_dir: Path) -> Path:
    """A multi-target OPUS-MT-style en→ru checkpoint: sources start with >>rus<<."""
    from tiny_models import build_tiny_marian

    return build_tiny_marian(
        tiny_models_dir / "marian-en-ru", "en", "ru", target_codes=(">>rus<<", ">>ukr<<")
    )


# --- end of translation model fixtures ------------------------------------------------------


@pytest.fixture(scope="session")
def fluent_nllb() -> Path:
    """A small NLLB-style model trained to reproduce the seed's reference translations.

    Built once per machine (a minute or two on two cores) into ``$TOOLKIT_FLUENT_CACHE`` or
    ``~/.cache/toolkit/fluent-nllb``, then reused; see ``tests/fluent_model.py``.
    """
    from fluent_model import build_fluent_nllb

    return build_fluent_nllb()


# --- `make demo-offline`: the seed end to end with the tiny model ---------------------------


@pytest.fixture(scope="session")
def demo_run(tiny_nllb: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`toolkit run` on the seed as ``make demo-offline`` runs it (the domain glossary, default
    settings, a fresh memory, ``--force``), once per session: test_readme_demo compares what it
    logs with the README, test_pipeline checks what it writes (about a minute).

    ``code``, ``stdout``, ``stderr``; ``out`` (``.../demo-offline``), ``memory``; ``args``, the
    same command less ``--force``, for the tests that run it again.
    """
    from click.testing import CliRunner

    from toolkit.cli import cli

    base = tmp_path_factory.mktemp("demo")
    out = base / "demo-offline"
    memory = base / "demo-offline-memory.sqlite3"
    glossary = ROOT / "glossaries" / "iran-russia-ict.tsv"
    args = [str(SEED), "--glossary", str(glossary), "--model", str(tiny_nllb)]
    args += ["--out", str(out), "--cache-path", str(memory)]
    result = CliRunner().invoke(cli, ["run", *args, "--force"])
    return {
        "code": result.exit_code,
        "stdout": result.stdout,
        "stderr": result.stderr,
        "out": out,
        "memory": memory,
        "args": args,
    }


# --- the seed and its references, line by line (evaluation and number tests) -----------------


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def reference_lines() -> dict[str, list[str]]:
    """Line-aligned human translations of the seed, by language."""
    references = ROOT / "evaluation" / "references"
    return {
        lang: (references / f"mehr-iran-russia-ict.{lang}.txt").read_text("utf-8").splitlines()
        for lang in ("en", "ru")
    }
