"""Translation models: the default, download with CTranslate2 conversion, listing.

Finding a model (a hub id or a local directory, offline rules) is :mod:`toolkit.hub`'s job,
shared with summarization. What is specific to translation lives here: the default model,
the CTranslate2 conversion that follows a download (into ``$TOOLKIT_HOME/ct2``, see
:mod:`toolkit.translate.backends.ct2`) and the listing of the checkpoints with their
conversions.

Environment variables are read when a function is called, never at import time.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import ModelError
from toolkit.hub import cached_models, dir_size, fetch_model, is_encoder_decoder, model_config
from toolkit.translate.backends import detect_family
from toolkit.translate.backends.ct2 import (
    CT2_MARKER,
    DEFAULT_COMPUTE_TYPE,
    convert_checkpoint,
    ct2_cache_dir,
)

log = logging.getLogger(__name__)

DEFAULT_MODEL = "facebook/nllb-200-distilled-600M"
"""Default translation model. Its licence (CC-BY-NC-4.0) is non-commercial; ``facebook/m2m100_418M``
(MIT) is a permissive alternative."""


@dataclass(frozen=True)
class LocalModel:
    """A model available without network access."""

    id: str
    """Hub id, or the directory given by the user for a local checkpoint."""
    path: Path
    """The checkpoint directory (``config.json``, weights, tokenizer files)."""
    size_bytes: int
    """Disk space used by the checkpoint and its CTranslate2 conversions."""
    has_ct2: bool
    """Whether a CTranslate2 conversion is cached."""


def download_model(
    model: str, backend: str = "ct2", progress: Callable[[str], None] | None = None
) -> Path:
    """Fetch ``model`` into the Hugging Face cache and, for ``backend="ct2"``, convert it.

    Returns the checkpoint directory. The CTranslate2 conversion (int8, for CPU) goes to
    :func:`~toolkit.translate.backends.ct2.ct2_cache_dir`. A local directory is only
    converted. A sequence-to-sequence checkpoint of no translation family (a summarizer,
    say) is fetched and kept as is, for the transformers backend. ``progress`` receives one
    line per step (download progress bars go to stderr).
    """
    say = progress or (lambda message: log.info("%s", message))
    if backend not in ("hf", "ct2"):
        raise ModelError(f"unknown backend '{backend}' (choose hf or ct2)")
    path = fetch_model(model, say)
    try:
        family = detect_family(path)  # refuse an unsupported model before converting it
    except ModelError:
        if not is_encoder_decoder(path):
            raise
        kind = model_config(path).get("model_type") or "unknown"
        say(f"{model}: not a translation model ({kind}); kept for the transformers backend")
        return path
    if backend == "ct2":
        quantization = DEFAULT_COMPUTE_TYPE["cpu"]
        say(f"{model}: converting the {family} checkpoint to CTranslate2 ({quantization})")
        target = convert_checkpoint(path, model, quantization)
        say(f"{model}: CTranslate2 model in {target}")
    return path


def _read_marker(directory: Path) -> dict[str, str] | None:
    try:
        data = json.loads((directory / CT2_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def list_models() -> list[LocalModel]:
    """Models usable offline: checkpoints in the Hugging Face cache and CTranslate2 conversions.

    Sorted by id. A conversion of a local directory is listed under that directory.
    """
    conversions: list[tuple[Path, dict[str, str]]] = []
    ct2_root = ct2_cache_dir()
    if ct2_root.is_dir():
        for entry in sorted(ct2_root.iterdir()):
            if entry.is_dir() and not entry.name.startswith("."):
                marker = _read_marker(entry)
                if marker is not None:
                    conversions.append((entry, marker))

    found: dict[str, LocalModel] = {}
    claimed: set[Path] = set()
    for cached in cached_models():
        mine = [
            d
            for d, m in conversions
            if m.get("model") == cached.id or m.get("source") == str(cached.path)
        ]
        claimed.update(mine)
        size = cached.size_bytes + sum(dir_size(d) for d in mine)
        found[cached.id] = LocalModel(cached.id, cached.path, size, bool(mine))

    others: dict[str, list[tuple[Path, dict[str, str]]]] = {}
    for directory, marker in conversions:
        if directory not in claimed:
            others.setdefault(marker.get("model", directory.name), []).append((directory, marker))
    for model_id, entries in others.items():
        source = Path(entries[0][1].get("source", ""))
        size = (dir_size(source) if source.is_dir() else 0) + sum(dir_size(d) for d, _ in entries)
        found.setdefault(model_id, LocalModel(model_id, source, size, True))
    return [found[k] for k in sorted(found)]
