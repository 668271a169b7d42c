"""Typed exceptions raised by the library.

Library code raises these; only the CLI turns them into one-line messages and exit codes
(see ``toolkit.cli.EXIT_CODES``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_OPTION = re.compile(r"\{option:([a-z_]+)\}")


class ToolkitError(Exception):
    """Base class of every error the toolkit raises on purpose.

    A message names a setting the user can change as ``{option:NAME}``, with ``NAME`` the
    library's parameter name (``glossary``, ``max_input_mb``). The library spells it as that
    parameter (``max_input_mb=``); the CLI, which alone knows its flags, spells it as the
    flag (``--max-input-mb``) through :meth:`render`. Library code never names a flag.
    """

    def render(self, spell: Callable[[str], str] | None = None) -> str:
        message = str(self.args[0]) if self.args else ""
        return _OPTION.sub(lambda m: (spell or _parameter)(m.group(1)), message)

    def __str__(self) -> str:
        return self.render()


def _parameter(name: str) -> str:
    return f"{name}="


class InputError(ToolkitError):
    """The input text cannot be used: missing, empty, not UTF-8, wrong language, too large."""


class GlossaryError(ToolkitError):
    """A glossary file cannot be read or is invalid."""


class ModelError(ToolkitError):
    """A model cannot be found, loaded or run."""


class MissingDependencyError(ToolkitError):
    """An optional dependency is not installed; the message names the extra to install."""


class OutputError(ToolkitError):
    """Output cannot be written (exists without --force, not writable)."""


class ConfigError(ToolkitError):
    """A configuration file or option value is invalid."""
