"""The Russian morphological analyzer (pymorphy3), loaded once per process on first use.

Glossary matching and the number check both need it; one instance serves both.
"""

from __future__ import annotations

import functools
from typing import Any

from toolkit.errors import MissingDependencyError


@functools.lru_cache(maxsize=1)
def russian_morph() -> Any:
    """The shared ``pymorphy3.MorphAnalyzer``."""
    try:
        import pymorphy3
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise MissingDependencyError(
            "Russian morphology needs pymorphy3: pip install pymorphy3 pymorphy3-dicts-ru"
        ) from exc
    return pymorphy3.MorphAnalyzer()
