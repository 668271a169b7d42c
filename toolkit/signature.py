"""Signatures: what produced a result, so that a number can be reproduced and two results
told apart (like sacrebleu's metric signatures).

One frozen type for every result: a model backend, a translation, an evaluation, a run.
It names the tool version, the model (id, revision, backend, compute type), the glossary
(name, size, content hash) and every other setting that changes the result (decoding
options, enforcer and retry settings, checks). It has three forms:

* ``to_dict()``: the JSON form written into reports;
* ``str()``: a compact one-line form for footers and logs,
  ``translation|toolkit:0.3.0|model:facebook/nllb-200-distilled-600M@abc123|backend:ct2|...``;
* ``digest()``: a hash of everything, used as the translation memory's key context, so that a
  change of any setting or of the tool version makes old entries misses, never hits.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def tool_version() -> str:
    """The running toolkit's version (looked up on each call, not frozen at import)."""
    import toolkit

    return toolkit.__version__


@dataclass(frozen=True)
class GlossaryRef:
    """The glossary a result was made with: its file name, size and content hash."""

    name: str
    terms: int
    hash: str

    @classmethod
    def of(cls, glossary: Any) -> GlossaryRef:
        """The reference of a :class:`~toolkit.glossary.model.Glossary`."""
        return cls(str(glossary.name), len(glossary.terms), str(glossary.hash))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "terms": self.terms, "hash": self.hash}


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Signature:
    """What produced a result (see the module docstring)."""

    kind: str
    """``model``, ``translation``, ``evaluation`` or ``run``."""
    toolkit: str
    model: str | None = None
    revision: str | None = None
    backend: str | None = None
    compute_type: str | None = None
    glossary: GlossaryRef | None = None
    settings: tuple[tuple[str, str], ...] = ()
    """Every other setting, name -> canonical JSON, sorted by name."""

    @classmethod
    def create(
        cls,
        kind: str,
        *,
        model: str | None = None,
        revision: str | None = None,
        backend: str | None = None,
        compute_type: str | None = None,
        glossary: GlossaryRef | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> Signature:
        frozen = tuple(sorted((k, _canonical(v)) for k, v in (settings or {}).items()))
        return cls(kind, tool_version(), model, revision, backend, compute_type, glossary, frozen)

    def setting(self, name: str, default: Any = None) -> Any:
        for key, value in self.settings:
            if key == name:
                return json.loads(value)
        return default

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "toolkit": self.toolkit}
        for name in ("model", "revision", "backend", "compute_type"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        out["glossary"] = self.glossary.to_dict() if self.glossary else None
        out.update({k: json.loads(v) for k, v in self.settings})
        return out

    def digest(self) -> str:
        """A hash of everything in the signature."""
        return hashlib.sha256(_canonical(self.to_dict()).encode("utf-8")).hexdigest()

    def __str__(self) -> str:
        parts = [self.kind, f"toolkit:{self.toolkit}"]
        if self.model is not None:
            parts.append(
                f"model:{self.model}" + (f"@{self.revision[:12]}" if self.revision else "")
            )
        if self.backend is not None:
            parts.append(f"backend:{self.backend}")
        if self.compute_type is not None:
            parts.append(f"compute:{self.compute_type}")
        if self.glossary is not None:
            parts.append(f"glossary:{self.glossary.name}#{_short(self.glossary.hash)}")
        for key, value in self.settings:
            decoded = json.loads(value)
            if isinstance(decoded, str | int | float | bool) or decoded is None:
                parts.append(f"{key}:{decoded}")
            else:  # nested settings: a short digest keeps the line short and still exact
                parts.append(f"{key}:#{hashlib.sha256(value.encode()).hexdigest()[:8]}")
        return "|".join(parts)


def _short(digest: str) -> str:
    return digest.split(":", 1)[-1][:12]
