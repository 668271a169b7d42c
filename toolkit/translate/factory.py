"""Building translators and engines from user options (model, backend, pivot, glossary)."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import ConfigError
from toolkit.translate.base import ModelTranslator, PivotTranslator, Translator

DEFAULT_BACKEND = "ct2"
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_GLOSSARY = ROOT / "glossaries" / "iran-russia-ict.tsv"


def default_glossary() -> Path | None:
    """The shipped domain glossary, when the toolkit runs from its source tree."""
    return DEFAULT_GLOSSARY if DEFAULT_GLOSSARY.is_file() else None


def memory_path() -> Path:
    from toolkit.hub import toolkit_home

    return toolkit_home() / "memory.sqlite3"


def build_translator(
    model: str,
    target: str,
    *,
    backend: str = DEFAULT_BACKEND,
    device: str = "cpu",
    pivot_model: str | None = None,
    source: str = "fa",
) -> Translator:
    """A translator ``source`` → ``target``.

    NLLB-200 and M2M100 models translate every pair themselves. A Marian (OPUS-MT) model has
    one direction: into English it is used as is; into another language it needs
    ``pivot_model`` (English → target), and the two are chained.
    """
    from toolkit.translate.backends import load_backend

    first = load_backend(model, backend, device)
    if first.family != "marian" or target == "en" or pivot_model is None:
        return ModelTranslator(first, source, target)
    second = load_backend(pivot_model, backend, device)
    if second.family != "marian" and second.family not in ("nllb", "m2m100"):
        raise ConfigError(f"unsupported pivot model family: {second.family}")
    return PivotTranslator(
        ModelTranslator(first, source, "en"), ModelTranslator(second, "en", target)
    )
