"""Building translators and engines from user options (model, backend, pivot, glossary).

Translators come from a registry of factories, :data:`TRANSLATORS`, as models come from
:data:`~toolkit.translate.backends.BACKENDS`: a backend name maps to a lazily imported
factory and says whether its ``model`` is a hub id or directory (``hf``, ``ct2``: found, or
downloaded, before any work) or a name another program serves (``openai``: no hub lookup;
the server is asked instead). A new kind of translator is one entry here and one module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.errors import ConfigError
from toolkit.languages import pivot
from toolkit.registry import resolve
from toolkit.translate.base import ModelTranslator, PivotTranslator, Translator

if TYPE_CHECKING:
    from toolkit.glossary.model import Glossary

DEFAULT_BACKEND = "ct2"
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_GLOSSARY = ROOT / "glossaries" / "iran-russia-ict.tsv"


@dataclass(frozen=True)
class TranslatorSpec:
    """What a translator factory is given: the model, the language pair and the options of
    its backend (``settings``: for ``openai``, the server's address and the request policy)."""

    model: str
    target: str
    source: str = "fa"
    backend: str = DEFAULT_BACKEND
    device: str = "cpu"
    pivot_model: str | None = None
    glossary: Glossary | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TranslatorKind:
    """One entry of :data:`TRANSLATORS`."""

    factory: str
    """``"module:function"`` taking a :class:`TranslatorSpec`, imported on first use."""
    check: str
    """``"module:function"`` taking ``(spec, option)``: raises ``ModelError`` (one line) when
    the model cannot be had, before any work is done; ``option`` names the parameter that
    took the model, for the message."""
    help: str
    document: bool = False
    """It translates windows of a document's lines: the engine hands it every sentence at
    once (its order given by :meth:`~toolkit.translate.base.Translator.expect`)."""


_HUB_CHECK = "toolkit.translate.factory:check_hub_model"

TRANSLATORS: dict[str, TranslatorKind] = {
    "ct2": TranslatorKind(
        "toolkit.translate.factory:seq2seq_translator",
        _HUB_CHECK,
        "CTranslate2 (int8 on CPU, converted once and cached)",
    ),
    "hf": TranslatorKind(
        "toolkit.translate.factory:seq2seq_translator",
        _HUB_CHECK,
        "transformers",
    ),
    "openai": TranslatorKind(
        "toolkit.translate.openai:openai_translator",
        "toolkit.translate.openai:check_server",
        "an OpenAI-compatible chat server (OpenAI, vLLM, llama.cpp, Ollama, transformers "
        "serve) at --api-base, serving --model; the key from TOOLKIT_API_KEY or OPENAI_API_KEY",
        document=True,
    ),
}
"""Backend name → its translator factory; the ``--backend`` choices."""


def translator_kind(backend: str) -> TranslatorKind:
    """The registry entry of ``backend``; ``ConfigError`` for an unknown name (worded as
    :func:`toolkit.registry.resolve` words it)."""
    try:
        return TRANSLATORS[backend]
    except KeyError:
        raise ConfigError(
            f"unknown backend '{backend}' (choose from {', '.join(TRANSLATORS)})"
        ) from None


def needs_hub_model(backend: str) -> bool:
    """True when ``backend``'s model is a hub id or directory that is looked up (and
    downloaded) before work: the seq2seq backends; not a server's model."""
    return translator_kind(backend).check == _HUB_CHECK


def default_glossary() -> Path | None:
    """The shipped domain glossary, when the toolkit runs from its source tree."""
    return DEFAULT_GLOSSARY if DEFAULT_GLOSSARY.is_file() else None


def memory_path() -> Path:
    from toolkit.hub import toolkit_home

    return toolkit_home() / "memory.sqlite3"


def check_model(spec: TranslatorSpec, option: str = "model") -> None:
    """Fail now, in one line, when the translator of ``spec`` cannot be had (a model neither
    local nor reachable, a server down or refusing): before any work is done."""
    kind = translator_kind(spec.backend)
    _function(kind.check)(spec, option)


def build_translator(
    model: str,
    target: str,
    *,
    backend: str = DEFAULT_BACKEND,
    device: str = "cpu",
    pivot_model: str | None = None,
    source: str = "fa",
    glossary: Glossary | None = None,
    settings: Mapping[str, Any] | None = None,
) -> Translator:
    """A translator ``source`` → ``target`` from the factory registered for ``backend``."""
    spec = TranslatorSpec(
        model, target, source, backend, device, pivot_model, glossary, dict(settings or {})
    )
    translator: Translator = _function(translator_kind(backend).factory)(spec)
    return translator


def _function(target: str) -> Any:
    """The function named ``"module:function"``, imported now."""
    return resolve({target: target}, target, "function")


def check_hub_model(spec: TranslatorSpec, option: str = "model") -> None:
    """The model (and the pivot model) are local or in the hub cache, or downloaded now."""
    from toolkit.hub import resolve_model

    resolve_model(spec.model, option=option)
    if spec.pivot_model is not None:
        resolve_model(spec.pivot_model, option="pivot_model")


def seq2seq_translator(spec: TranslatorSpec) -> Translator:
    """A loaded sequence-to-sequence model (``hf`` or ``ct2``).

    NLLB-200 and M2M100 models translate every pair themselves. A Marian (OPUS-MT) model has
    one direction: into English it is used as is; into another language it needs
    ``pivot_model`` (English → target), and the two are chained.
    """
    from toolkit.translate.backends import load_backend

    model, target, source = spec.model, spec.target, spec.source
    through = pivot()
    first = load_backend(model, spec.backend, spec.device)
    if first.family != "marian" or target == through or spec.pivot_model is None:
        return ModelTranslator(first, source, target)
    second = load_backend(spec.pivot_model, spec.backend, spec.device)
    if second.family != "marian" and second.family not in ("nllb", "m2m100"):
        raise ConfigError(f"unsupported pivot model family: {second.family}")
    return PivotTranslator(
        ModelTranslator(first, source, through), ModelTranslator(second, through, target)
    )
