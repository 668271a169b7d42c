"""Registries map a name to a lazily imported class: ``{"name": "package.module:Class"}``.

One helper resolves them, so every registry (summarizers, backends) reports an unknown name
the same way and imports nothing until a name is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from toolkit.errors import ConfigError


def resolve(registry: Mapping[str, str], name: str, what: str) -> Any:
    """The class registered as ``name``, imported now; ``ConfigError`` for an unknown name."""
    try:
        target = registry[name]
    except KeyError:
        raise ConfigError(f"unknown {what} '{name}' (choose from {', '.join(registry)})") from None
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)
