"""Finding, downloading and listing translation models.

A model is named by a Hugging Face hub id (``facebook/nllb-200-distilled-600M``) or a local
checkpoint directory. Hub ids are looked up in the Hugging Face cache; nothing is downloaded
when ``HF_HUB_OFFLINE`` is set. CTranslate2 conversions live in the toolkit's own cache,
``$TOOLKIT_HOME/ct2`` (default ``~/.cache/toolkit/ct2``), see
:mod:`toolkit.translate.backends.ct2`.

Environment variables are read when a function is called, never at import time.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import MissingDependencyError, ModelError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "facebook/nllb-200-distilled-600M"
"""Default translation model. Its licence (CC-BY-NC-4.0) is non-commercial; ``facebook/m2m100_418M``
(MIT) is a permissive alternative."""

CT2_MARKER = "toolkit-ct2.json"
"""File written into every CTranslate2 conversion: source checkpoint, model id, quantization."""

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?$")
# Weight and tokenizer files a translation checkpoint needs; other formats are skipped.
_IGNORE_ON_DOWNLOAD = [
    "*.h5",
    "*.msgpack",
    "*.ot",
    "*.onnx",
    "onnx/*",
    "tf_*",
    "flax_*",
    "rust_*",
    "*.tflite",
    "*.mlmodel",
    "*.gguf",
]


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


def toolkit_home() -> Path:
    """The toolkit's cache root: ``$TOOLKIT_HOME``, default ``~/.cache/toolkit``."""
    env = os.environ.get("TOOLKIT_HOME")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "toolkit"


def ct2_cache_dir() -> Path:
    """Where CTranslate2 conversions are kept."""
    return toolkit_home() / "ct2"


def hf_cache_dir() -> Path:
    """The Hugging Face hub cache, following ``HF_HUB_CACHE`` and ``HF_HOME`` as the hub does."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    home = os.environ.get("HF_HOME")
    base = Path(home).expanduser() if home else Path.home() / ".cache" / "huggingface"
    return base / "hub"


def hub_offline() -> bool:
    """Whether ``HF_HUB_OFFLINE`` forbids network access."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def _offline_error(model: str, option: str = "--model") -> ModelError:
    return ModelError(
        f"model '{model}' is not available offline: run `toolkit models download {model}` "
        f"on a connected machine, or pass {option} DIR"
    )


def _local_dir(model: str) -> Path | None:
    path = Path(model).expanduser()
    if not path.exists():
        return None
    if not path.is_dir() or not (path / "config.json").is_file():
        raise ModelError(f"{model} is not a model directory (no config.json in it)")
    return path.resolve()


def _check_hub_id(model: str) -> None:
    if not _HUB_ID.match(model):
        raise ModelError(f"{model}: no such model directory, and not a hub id like {DEFAULT_MODEL}")


def _require_hub() -> None:
    try:
        import huggingface_hub  # noqa: F401
    except ImportError:
        raise MissingDependencyError(
            "huggingface_hub is not installed: pip install transformers (it brings it)"
        ) from None


def _cached_snapshot(model: str) -> Path | None:
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        found = snapshot_download(model, local_files_only=True, cache_dir=hf_cache_dir())
    except (LocalEntryNotFoundError, FileNotFoundError, ValueError):
        return None
    path = Path(found)
    return path if (path / "config.json").is_file() else None


def resolve_model(model: str, *, download: bool = True, option: str = "--model") -> Path:
    """Return the checkpoint directory of ``model`` (a local directory or a hub id).

    A local directory is used as is. A hub id is taken from the Hugging Face cache; when it is
    not there, it is downloaded if ``download`` is true and ``HF_HUB_OFFLINE`` is not set.
    Raises ``ModelError`` with one line naming the model and how to get it otherwise
    (``option`` is the command-line option that takes a model directory).
    """
    local = _local_dir(model)
    if local is not None:
        return local
    _check_hub_id(model)
    _require_hub()
    cached = _cached_snapshot(model)
    if cached is not None:
        return cached
    if not download or hub_offline():
        raise _offline_error(model, option)
    return _download_snapshot(model)


def _download_snapshot(model: str) -> Path:
    from huggingface_hub import HfApi, snapshot_download

    ignore = list(_IGNORE_ON_DOWNLOAD)
    try:
        files = HfApi().list_repo_files(model)
        if any(name.endswith(".safetensors") for name in files):
            ignore.append("*.bin")  # the same weights twice: keep the safer format
        path = Path(snapshot_download(model, cache_dir=hf_cache_dir(), ignore_patterns=ignore))
    except Exception as exc:  # hub, httpx and OS errors alike mean "not fetched"
        lines = str(exc).strip().splitlines()
        detail = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
        raise ModelError(
            f"model '{model}' could not be downloaded ({detail}); check the name and the "
            f"network, or pass --model DIR"
        ) from None
    if not (path / "config.json").is_file():
        raise ModelError(f"model '{model}' has no config.json: it is not a transformers checkpoint")
    return path


def download_model(
    model: str, backend: str = "ct2", progress: Callable[[str], None] | None = None
) -> Path:
    """Fetch ``model`` into the Hugging Face cache and, for ``backend="ct2"``, convert it.

    Returns the checkpoint directory. The CTranslate2 conversion (int8, for CPU) goes to
    :func:`ct2_cache_dir`. A local directory is only converted. ``progress`` receives one
    line per step (download progress bars go to stderr).
    """
    say = progress or (lambda message: log.info("%s", message))
    if backend not in ("hf", "ct2"):
        raise ModelError(f"unknown backend '{backend}' (choose hf or ct2)")
    local = _local_dir(model)
    if local is not None:
        path = local
    else:
        _check_hub_id(model)
        _require_hub()
        cached = _cached_snapshot(model)
        if cached is not None:
            say(f"{model}: found in the Hugging Face cache")
            path = cached
        elif hub_offline():
            raise ModelError(
                f"cannot download '{model}': HF_HUB_OFFLINE is set; unset it on a connected machine"
            )
        else:
            say(f"{model}: downloading into {hf_cache_dir()}")
            path = _download_snapshot(model)
    from toolkit.translate.backends import detect_family

    if _is_summarization_model(path):
        # The abstractive summarizer (mT5) runs on transformers only: nothing to convert.
        say(f"{model}: a summarization model; kept for the transformers backend")
        return path
    family = detect_family(path)  # refuse an unsupported model before converting it
    if backend == "ct2":
        from toolkit.translate.backends.ct2 import DEFAULT_COMPUTE_TYPE, convert_checkpoint

        quantization = DEFAULT_COMPUTE_TYPE["cpu"]
        say(f"{model}: converting the {family} checkpoint to CTranslate2 ({quantization})")
        target = convert_checkpoint(path, model, quantization)
        say(f"{model}: CTranslate2 model in {target}")
    return path


def _is_summarization_model(path: Path) -> bool:
    import json

    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(config, dict) and config.get("model_type") in ("mt5", "t5")


def _dir_size(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:
                continue
    return total


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
    hub_root = hf_cache_dir()
    if hub_root.is_dir():
        for repo in sorted(hub_root.glob("models--*")):
            model_id = repo.name[len("models--") :].replace("--", "/")
            snapshot = _latest_snapshot(repo)
            if snapshot is None:
                continue
            mine = [
                d
                for d, m in conversions
                if m.get("model") == model_id or m.get("source") == str(snapshot)
            ]
            claimed.update(mine)
            blobs = repo / "blobs"
            size = _dir_size(blobs if blobs.is_dir() else snapshot) + sum(
                _dir_size(d) for d in mine
            )
            found[model_id] = LocalModel(model_id, snapshot, size, bool(mine))

    others: dict[str, list[tuple[Path, dict[str, str]]]] = {}
    for directory, marker in conversions:
        if directory not in claimed:
            others.setdefault(marker.get("model", directory.name), []).append((directory, marker))
    for model_id, entries in others.items():
        source = Path(entries[0][1].get("source", ""))
        size = (_dir_size(source) if source.is_dir() else 0) + sum(_dir_size(d) for d, _ in entries)
        found.setdefault(model_id, LocalModel(model_id, source, size, True))
    return [found[k] for k in sorted(found)]


def _latest_snapshot(repo: Path) -> Path | None:
    ref = repo / "refs" / "main"
    if ref.is_file():
        snapshot = repo / "snapshots" / ref.read_text(encoding="utf-8").strip()
        if (snapshot / "config.json").is_file():
            return snapshot
    candidates = [s for s in (repo / "snapshots").glob("*") if (s / "config.json").is_file()]
    if not candidates:
        return None
    return max(candidates, key=lambda s: s.stat().st_mtime)
