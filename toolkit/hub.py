"""Finding and fetching model checkpoints: Hugging Face hub ids and local directories.

Shared by translation and summarization, and knowing neither: no model family, no default
model, no conversion. A local directory is used as is. A hub id
(``facebook/nllb-200-distilled-600M``) is looked up in the Hugging Face cache and downloaded
only when the caller allows it and ``HF_HUB_OFFLINE`` is not set. What a task does with a
checkpoint stays with the task (:mod:`toolkit.translate.models` converts translation models
to CTranslate2; :mod:`toolkit.summarize.abstractive` names its default model).

Environment variables are read when a function is called, never at import time.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from toolkit.errors import MissingDependencyError, ModelError

log = logging.getLogger(__name__)

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?$")
# Other weight formats than PyTorch/safetensors, skipped on download.
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
class CachedModel:
    """A checkpoint in the Hugging Face cache."""

    id: str
    """The hub id."""
    path: Path
    """The snapshot directory (``config.json``, weights, tokenizer files)."""
    size_bytes: int
    """Disk space used by the model in the cache (all its revisions)."""


def toolkit_home() -> Path:
    """The toolkit's cache root: ``$TOOLKIT_HOME``, default ``~/.cache/toolkit``."""
    env = os.environ.get("TOOLKIT_HOME")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "toolkit"


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


def resolve_model(model: str, *, download: bool = True, option: str = "model") -> Path:
    """Return the checkpoint directory of ``model`` (a local directory or a hub id).

    A local directory is used as is. A hub id is taken from the Hugging Face cache; when it is
    not there, it is downloaded if ``download`` is true and ``HF_HUB_OFFLINE`` is not set.
    Raises ``ModelError`` with one line naming the model and how to get it otherwise;
    ``option`` is the parameter that takes a model directory (``model``, ``pivot_model``),
    named in the message as ``{option:NAME}`` (see :class:`toolkit.errors.ToolkitError`).
    """
    # A flag spelling (--pivot-model) is taken as the parameter it sets.
    option = option.lstrip("-").replace("-", "_")
    local = _local_dir(model)
    if local is not None:
        return local
    _check_hub_id(model)
    _require_hub()
    cached = _cached_snapshot(model)
    if cached is not None:
        return cached
    if not download or hub_offline():
        raise ModelError(
            f"model '{model}' is not available offline: run `toolkit models download {model}` "
            f"on a connected machine, or pass {{option:{option}}} DIR"
        )
    return _download_snapshot(model, option)


def fetch_model(model: str, progress: Callable[[str], None] | None = None) -> Path:
    """Make ``model`` available offline and return its checkpoint directory.

    A local directory is returned as is; a hub id is taken from the Hugging Face cache or
    downloaded into it (``ModelError`` under ``HF_HUB_OFFLINE``). ``progress`` receives one
    line per step (download progress bars go to stderr).
    """
    say = progress or (lambda message: log.info("%s", message))
    local = _local_dir(model)
    if local is not None:
        return local
    _check_hub_id(model)
    _require_hub()
    cached = _cached_snapshot(model)
    if cached is not None:
        say(f"{model}: found in the Hugging Face cache")
        return cached
    if hub_offline():
        raise ModelError(
            f"cannot download '{model}': HF_HUB_OFFLINE is set; unset it on a connected machine"
        )
    say(f"{model}: downloading into {hf_cache_dir()}")
    return _download_snapshot(model, "model")


def model_config(path: Path) -> dict[str, object]:
    """The checkpoint's ``config.json`` (an empty dict when it cannot be read)."""
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return config if isinstance(config, dict) else {}


def is_encoder_decoder(path: Path) -> bool:
    """Whether the checkpoint is a sequence-to-sequence model (``is_encoder_decoder``)."""
    return model_config(path).get("is_encoder_decoder") is True


def cached_models() -> list[CachedModel]:
    """The checkpoints in the Hugging Face cache, sorted by id."""
    out = []
    root = hf_cache_dir()
    if root.is_dir():
        for repo in sorted(root.glob("models--*")):
            snapshot = _latest_snapshot(repo)
            if snapshot is None:
                continue
            model_id = repo.name[len("models--") :].replace("--", "/")
            blobs = repo / "blobs"
            out.append(
                CachedModel(model_id, snapshot, dir_size(blobs if blobs.is_dir() else snapshot))
            )
    return sorted(out, key=lambda m: m.id)


def dir_size(path: Path) -> int:
    """Bytes used by the files under ``path`` (unreadable ones skipped)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:
                continue
    return total


def _local_dir(model: str) -> Path | None:
    path = Path(model).expanduser()
    if not path.exists():
        return None
    if not path.is_dir() or not (path / "config.json").is_file():
        raise ModelError(f"{model} is not a model directory (no config.json in it)")
    return path.resolve()


def _check_hub_id(model: str) -> None:
    if not _HUB_ID.match(model):
        raise ModelError(f"{model}: no such model directory, and not a hub id (owner/name)")


def _require_hub() -> None:
    try:
        import huggingface_hub  # noqa: F401
    except ImportError:
        raise MissingDependencyError(
            "downloading models needs huggingface_hub: pip install 'toolkit[hf]'"
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


HUB_PROBE_TIMEOUT = 3.0
"""Seconds to wait for the hub before a download starts (one try, no retries)."""


def probe_hub(model: str, option: str = "model") -> None:
    """Fail fast, in one line, when the hub cannot be reached: one connection attempt with a
    short timeout, before the download client's own retries (which take half a minute)."""
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    url = urlparse(endpoint)
    host = url.hostname or "huggingface.co"
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        socket.create_connection((host, port), timeout=HUB_PROBE_TIMEOUT).close()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ModelError(
            f"cannot reach the Hugging Face hub at {endpoint} ({reason}) to download "
            f"'{model}'; offline, pass a local model directory as {{option:{option}}}, or set "
            "HF_HUB_OFFLINE=1 to use only models already downloaded"
        ) from None


def _download_snapshot(model: str, option: str) -> Path:
    from huggingface_hub import HfApi, snapshot_download

    probe_hub(model, option)
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
            f"network, or pass {{option:{option}}} DIR"
        ) from None
    if not (path / "config.json").is_file():
        raise ModelError(f"model '{model}' has no config.json: it is not a transformers checkpoint")
    return path


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
