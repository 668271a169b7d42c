"""The language registry: code -> the module that supplies everything about a language.

Each language is one module, ``toolkit/languages/<code>.py``, defining ``LANGUAGE`` (a
:class:`Language`), with its data under ``toolkit/languages/data/``. The registry maps a code
to its module and imports it on first use. :func:`register` adds a language from outside
``toolkit/``; the CLI choices, the script detector, the model codes, the term matchers and
the number reader then read it like a shipped one. See ARCHITECTURE.md, "Languages".
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from toolkit.errors import ConfigError
from toolkit.languages.base import Language, Lookalike, NameSpelling, Numbers, NumberWords

__all__ = [
    "AUTO",
    "LANGUAGES",
    "SOURCES",
    "TARGETS",
    "Language",
    "Lookalike",
    "NameSpelling",
    "NumberWords",
    "Numbers",
    "find",
    "get",
    "hook",
    "is_source",
    "name_of",
    "pivot",
    "register",
    "source",
    "sources",
    "targets",
    "unregister",
    "view",
]

AUTO = "auto"
"""The pseudo-code that accepts any language (``--lang auto``)."""

_MODULES: dict[str, str | Language] = {
    "fa": "toolkit.languages.fa",
    "en": "toolkit.languages.en",
    "ru": "toolkit.languages.ru",
}
_LOADED: dict[str, Language] = {}


def register(code: str, module: str | Language) -> None:
    """Add (or replace) the language ``code``: a module path defining ``LANGUAGE``, imported
    on first use, or a :class:`Language` itself."""
    if isinstance(module, Language) and module.code != code:
        raise ConfigError(f"language '{module.code}' registered as '{code}'")
    _MODULES[code] = module
    _LOADED.pop(code, None)


def unregister(code: str) -> None:
    """Remove a language (a test that registered one cleans up after itself)."""
    _MODULES.pop(code, None)
    _LOADED.pop(code, None)


def find(code: str) -> Language | None:
    """The registered language ``code``, its module imported now; None for an unknown code."""
    if code in _LOADED:
        return _LOADED[code]
    entry = _MODULES.get(code)
    if entry is None:
        return None
    if isinstance(entry, str):
        lang = getattr(importlib.import_module(entry), "LANGUAGE", None)
        if not isinstance(lang, Language) or lang.code != code:
            raise ConfigError(f"module {entry} defines no LANGUAGE with code '{code}'")
        entry = lang
    _LOADED[code] = entry
    return entry


def get(code: str) -> Language:
    """The registered language ``code``, or a plain one (whole words, no numbers) for a code
    that is not registered, so that text functions degrade instead of failing."""
    return find(code) or _plain(code)


_PLAIN: dict[str, Language] = {}


def _plain(code: str) -> Language:
    if code not in _PLAIN:
        _PLAIN[code] = Language(code, code, "")
    return _PLAIN[code]


class _Registry(Mapping[str, Language]):
    """A live view of the registry: iterating gives codes, a value imports its module."""

    def __getitem__(self, code: str) -> Language:
        lang = find(code)
        if lang is None:
            raise KeyError(code)
        return lang

    def __iter__(self) -> Iterator[str]:
        return iter(list(_MODULES))

    def __len__(self) -> int:
        return len(_MODULES)

    def __contains__(self, code: object) -> bool:
        return code in _MODULES

    def __repr__(self) -> str:
        return f"LANGUAGES({', '.join(_MODULES)})"


LANGUAGES: Mapping[str, Language] = _Registry()
"""Code -> :class:`Language`, in registration order (live: :func:`register` adds to it)."""


T = TypeVar("T")


class _View(Mapping[str, T], Generic[T]):
    """Code -> one field of each registered language, read when asked."""

    def __init__(self, field: Callable[[Language], T]) -> None:
        self._field = field

    def __getitem__(self, code: str) -> T:
        return self._field(LANGUAGES[code])

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


def view(field: Callable[[Language], T]) -> Mapping[str, T]:
    """A live mapping code -> ``field(language)`` (model codes, names, scripts)."""
    return _View(field)


def targets() -> tuple[str, ...]:
    """Target languages, in registry order (the default ``--to`` of ``toolkit run``)."""
    return tuple(code for code, lang in LANGUAGES.items() if lang.target)


def sources() -> tuple[str, ...]:
    """Source languages (only Persian today)."""
    return tuple(code for code, lang in LANGUAGES.items() if lang.source)


def source() -> str:
    """The language articles are written in (Persian): the first source language."""
    found = sources()
    if not found:
        raise ConfigError("no source language is registered")
    return found[0]


def is_source(code: str) -> bool:
    """Whether ``code`` is a registered source language (Persian), not a target."""
    lang = find(code)
    return lang is not None and lang.source


def pivot() -> str:
    """The language one-direction model chains go through (English)."""
    return next(code for code, lang in LANGUAGES.items() if lang.pivot)


def name_of(code: str) -> str:
    """The language's English name, or the code itself for an unknown one."""
    lang = find(code)
    return lang.name if lang else code


_HOOKS: dict[str, Callable[..., Any]] = {}


def hook(spec: str) -> Callable[..., Any]:
    """The function a language names as ``"module:attr"``, imported on first use."""
    if spec not in _HOOKS:
        module, _, attr = spec.partition(":")
        _HOOKS[spec] = getattr(importlib.import_module(module), attr)
    return _HOOKS[spec]


def __getattr__(name: str) -> tuple[str, ...]:
    # TARGETS and SOURCES are read from the registry when imported, so a language registered
    # before the import is among them; call targets()/sources() to read them later.
    if name == "TARGETS":
        return targets()
    if name == "SOURCES":
        return sources()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
