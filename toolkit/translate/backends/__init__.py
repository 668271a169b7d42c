"""Translation model backends behind one interface, :class:`~.base.Backend`.

``BACKENDS`` maps a backend name to its class, imported only when that backend is loaded, so
importing this package loads no torch, transformers or ctranslate2::

    backend = load_backend("facebook/nllb-200-distilled-600M")          # CTranslate2, int8
    [[best, *_]] = backend.generate(["سلام"], "fa", "en", num_hypotheses=4)
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from toolkit.errors import ConfigError, ModelError
from toolkit.hub import resolve_model
from toolkit.registry import resolve
from toolkit.translate.backends.base import Backend, Hypothesis, SourceAttention

BACKENDS: dict[str, str] = {
    "hf": "toolkit.translate.backends.hf:HFBackend",
    "ct2": "toolkit.translate.backends.ct2:CT2Backend",
}
"""Backend name → ``module:Class``, imported on first use."""

FAMILIES: tuple[str, ...] = ("nllb", "m2m100", "marian")
"""Supported model families (see :func:`detect_family`)."""

DEVICES: tuple[str, ...] = ("cpu", "cuda")


def _read_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: cannot read ({exc})") from None
    return data if isinstance(data, dict) else {}


def detect_family(path: Path) -> str:
    """The model family of a checkpoint directory, from its config and tokenizer config.

    ``m2m_100`` with an NLLB tokenizer is ``nllb``, other ``m2m_100`` is ``m2m100``, ``marian``
    is ``marian``; anything else raises ``ModelError`` naming the supported families.
    """
    config = _read_json(path / "config.json")
    if not config:
        raise ModelError(f"{path} is not a model directory (no config.json in it)")
    tok_config = _read_json(path / "tokenizer_config.json")
    model_type = str(config.get("model_type", ""))
    tokenizer_class = str(tok_config.get("tokenizer_class") or config.get("tokenizer_class") or "")
    if model_type == "m2m_100":
        return "nllb" if tokenizer_class.startswith("Nllb") else "m2m100"
    if model_type == "marian":
        return "marian"
    raise ModelError(
        f"{path}: unsupported model type '{model_type or 'unknown'}'; supported families: "
        f"NLLB-200 and M2M100 (model_type m2m_100) and Marian/OPUS-MT (model_type marian)"
    )


def backend_class(name: str) -> type[Backend]:
    """The class registered under ``name`` in :data:`BACKENDS`, imported now."""
    cls: type[Backend] = resolve(BACKENDS, name, "backend")
    return cls


@functools.cache
def load_backend(
    model: str, backend: str = "ct2", device: str = "cpu", compute_type: str | None = None
) -> Backend:
    """Load ``model`` (hub id or directory) with ``backend`` on ``device``, once per process.

    ``compute_type`` is passed to the CTranslate2 backend (default int8 on CPU, float16 on
    CUDA) and ignored by the transformers backend. Raises ``ModelError`` when the model is
    missing or unsupported, ``MissingDependencyError`` when the backend's library is absent.
    """
    if device not in DEVICES:
        raise ConfigError(f"unknown device '{device}' (choose one of: {', '.join(DEVICES)})")
    cls = backend_class(backend)
    path = resolve_model(model)
    family = detect_family(path)
    return cls(model, path, family, device=device, compute_type=compute_type)


__all__ = [
    "BACKENDS",
    "DEVICES",
    "FAMILIES",
    "Backend",
    "Hypothesis",
    "SourceAttention",
    "backend_class",
    "detect_family",
    "load_backend",
]
