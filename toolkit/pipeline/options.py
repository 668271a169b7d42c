"""The options of ``toolkit run`` (:class:`RunOptions`), as a TOML config file spells them, and
reading such a file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import ConfigError, InputError
from toolkit.io import DEFAULT_MAX_BYTES, InputTooLargeError, read_bytes
from toolkit.languages import TARGETS
from toolkit.translate.models import DEFAULT_MODEL

SUMMARY_SENTENCES = 3
SUMMARY_METHODS = ("extractive", "llm")
"""``toolkit run --summary-method``: the extractive default, or written by the server."""


@dataclass(frozen=True)
class RunOptions:
    """Every option of ``toolkit run``; a TOML config file may set any of them."""

    targets: tuple[str, ...] = TARGETS
    glossary: str | None = None
    no_glossary: bool = False
    out: str | None = None
    model: str = DEFAULT_MODEL
    pivot_model: str | None = None
    backend: str = "ct2"
    device: str = "cpu"
    sentences: int = SUMMARY_SENTENCES
    summary_only: bool = False
    force: bool = False
    cache: bool = True
    cache_path: str | None = None
    n_best: int = 4
    names: bool = True
    suggest: bool = False
    xliff: bool = False
    quiet: bool = False
    max_input_mb: float = DEFAULT_MAX_BYTES / 1048576
    api_base: str | None = None
    """``--backend openai``: the server's API (credentials in it are never recorded)."""
    concurrency: int = 4
    timeout: float = 120.0
    summary_method: str = "extractive"
    """``extractive`` (no model), or ``llm``: each summary (Persian and every target
    language's) written by the server of ``--backend openai``, and checked against the
    article (:mod:`toolkit.evaluate.support`)."""
    dry_run: bool = False
    """``--backend openai``: estimate the requests and tokens (:func:`estimate_run`), send
    nothing, write nothing."""

    def to_dict(self) -> dict[str, Any]:
        from toolkit.translate.openai_client import redact_url

        data = asdict(self)
        data["targets"] = list(self.targets)
        if self.api_base:
            data["api_base"] = redact_url(self.api_base)
        return data

    def server_settings(self) -> dict[str, Any]:
        """The options of a server backend (``openai``), as the session takes them."""
        return {"api_base": self.api_base, "concurrency": self.concurrency, "timeout": self.timeout}


CONFIG_KEYS = {f for f in RunOptions.__dataclass_fields__}
CONFIG_ALIASES = {
    "to": "targets",
    "summary-only": "summary_only",
    "pivot-model": "pivot_model",
    "no-glossary": "no_glossary",
    "cache-path": "cache_path",
    "n-best": "n_best",
    "max-input-mb": "max_input_mb",
    "api-base": "api_base",
    "summary-method": "summary_method",
}
_CONFIG_SPELLING = {v: k for k, v in CONFIG_ALIASES.items()}
CONFIG_NAMES = frozenset(_CONFIG_SPELLING.get(k, k) for k in CONFIG_KEYS)
"""Option names as a config file writes them (``to``, ``summary-only``, ...)."""


def read_config(path: str | Path) -> dict[str, Any]:
    """Options from a TOML file (keys as the command-line options: ``to``, ``model``, ...)."""
    import tomllib

    p = Path(path)
    try:  # through the bounded reader: a config linked to /dev/zero stops at 1 MB
        data = tomllib.loads(read_bytes(p, max_bytes=1 << 20)[0].decode("utf-8-sig"))
    except InputTooLargeError:
        raise ConfigError(f"config file {p}: over 1 MB, not a config file") from None
    except InputError as exc:
        raise ConfigError(f"config file {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{p}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: invalid TOML ({exc})") from None
    section = data.get("run", data)
    out: dict[str, Any] = {}
    for key, value in section.items():
        name = CONFIG_ALIASES.get(key, key.replace("-", "_"))
        if name not in CONFIG_KEYS:
            raise ConfigError(
                f"{p}: unknown option {key!r}; known: {', '.join(sorted(CONFIG_NAMES))}"
            )
        if name == "targets":
            value = (value,) if isinstance(value, str) else tuple(value)
            wrong = [v for v in value if v not in TARGETS]
            if wrong or not value:
                raise ConfigError(
                    f"{p}: to = {list(value)!r}: target languages are {', '.join(TARGETS)}"
                )
        out[name] = value
    return out
