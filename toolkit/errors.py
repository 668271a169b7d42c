"""Typed exceptions raised by the library.

Library code raises these; only the CLI turns them into one-line messages and exit codes
(see ``toolkit.cli.EXIT_CODES``).
"""

from __future__ import annotations


class ToolkitError(Exception):
    """Base class of every error the toolkit raises on purpose."""


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
