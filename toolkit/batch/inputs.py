"""The articles of a batch: a folder of ``.txt`` files, or a JSONL file of ``{"id", "text"}``.

Listing the input never fails because of one article: an item that cannot be used (a bad
JSONL line, an id that is unsafe or taken) carries its reason, and is recorded as failed.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from toolkit.errors import InputError
from toolkit.io import DEFAULT_MAX_BYTES, read_bytes

RESERVED = frozenset({"index.jsonl", "report.html"})
"""Names in the output folder that are not articles."""

_SAFE_ID = re.compile(r"\w[\w.-]{0,199}")


@dataclass(frozen=True)
class Item:
    """One article of the input."""

    id: str | None
    """Its folder under the output folder (None: a JSONL line without a usable id)."""
    source: str
    """Where it comes from: a file, or ``FILE.jsonl:LINE``."""
    text: str | None = None
    """The text of a JSONL line; None: read ``source``."""
    error: str | None = None
    """Why it cannot be used, when that is known from the listing already."""

    @property
    def label(self) -> str:
        return self.id if self.id is not None else self.source

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "text": self.text, "error": self.error}

    @classmethod
    def from_dict(cls, value: dict[str, Any]) -> Item:
        return cls(value["id"], value["source"], value.get("text"), value.get("error"))

    def read(self, max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
        """The article's bytes: its JSONL text, or its file, read through the bounded reader
        (``InputError`` if unreadable or over ``max_bytes``)."""
        if self.text is not None:
            return self.text.encode("utf-8")
        return read_bytes(self.source, max_bytes=max_bytes)[0]


def input_digest(data: bytes) -> str:
    """What an index line records of the input it was made from, so that an article edited
    since is done again."""
    return hashlib.sha256(data).hexdigest()[:16]


def folder_id(path: Path) -> str:
    """The id of an article file: its name up to the first dot (as ``toolkit run`` names its
    output folder), so ``a.fa.txt`` is ``a``; in NFC (see :func:`nfc_id`)."""
    return nfc_id(path.name.split(".")[0])


def nfc_id(value: str) -> str:
    """An id in Unicode's composed form (NFC): a name that macOS wrote decomposed (``e`` and
    a combining accent) is the same id as the composed one, and as safe."""
    return unicodedata.normalize("NFC", value)


def id_problem(value: object) -> str | None:
    """Why ``value`` cannot name an article's folder, or None."""
    if not isinstance(value, str):
        return f"id must be a string, not {type(value).__name__}"
    if not _SAFE_ID.fullmatch(value):
        return (
            f"id {value!r} is not safe as a folder name (letters, digits, '_', '-', '.', "
            "at most 200, not starting with '.' or '-')"
        )
    if value in RESERVED:
        return f"id {value!r} is reserved"
    return None


def read_items(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Item]:
    """The articles of a folder (``*.txt``, by name) or a JSONL file, in input order. A JSONL
    file is read a line at a time, each line bounded by what an article of ``max_bytes``
    takes written as JSON, so that no line, however long, is held whole."""
    source = Path(path)
    if source.is_dir():
        items = _folder(source)
    elif source.is_file():
        items = _jsonl(source, JSON_EXPANSION * max_bytes + 1024)
    elif source.exists():
        raise InputError(f"{source}: not a regular file or folder")
    else:
        raise InputError(f"{source}: no such file or folder")
    if not items:
        raise InputError(f"{source}: no articles (a folder of .txt files or a JSONL file)")
    return _unique(items)


def _folder(folder: Path) -> list[Item]:
    files = sorted(p for p in folder.iterdir() if p.suffix == ".txt" and not p.name.startswith("."))
    items = []
    for p in files:
        problem = id_problem(folder_id(p))
        items.append(Item(folder_id(p), str(p), None, f"{p}: {problem}" if problem else None))
    return items


JSON_EXPANSION = 3
"""How many times its UTF-8 size an article may take as a JSON string (Persian letters
written as ``\\uXXXX`` take six bytes for two)."""


def _jsonl(path: Path, max_line: int) -> list[Item]:
    if path.suffix != ".jsonl":
        raise InputError(f"{path}: expected a folder of .txt articles or a .jsonl file")
    items = []
    try:
        with path.open("rb") as fh:
            for number, line in enumerate(_bounded_lines(fh, max_line), start=1):
                where = f"{path}:{number}"
                if line is None:
                    items.append(Item(None, where, error=f"{where}: line over {max_line} bytes"))
                elif line.strip():
                    items.append(_jsonl_item(line, where))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return items


def _bounded_lines(fh: BinaryIO, max_line: int) -> Iterator[bytes | None]:
    """The lines of ``fh``; None for a line over ``max_line`` bytes, which is skipped in
    pieces, never held whole."""
    while line := fh.readline(max_line + 1):
        if len(line) > max_line:
            while line and not line.endswith(b"\n"):
                line = fh.readline(1 << 20)
            yield None
        else:
            yield line


def _jsonl_item(line: bytes, where: str) -> Item:
    try:
        value = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return Item(None, where, error=f"{where}: not valid UTF-8")
    except json.JSONDecodeError as exc:
        return Item(None, where, error=f"{where}: not JSON ({exc.msg})")
    if not isinstance(value, dict):
        return Item(None, where, error=f'{where}: expected an object {{"id", "text"}}')
    ident = value.get("id")
    if isinstance(ident, str):
        ident = nfc_id(ident)
    problem = "no id" if ident is None else id_problem(ident)
    if problem is not None:
        return Item(None, where, error=f"{where}: {problem}")
    text = value.get("text")
    if not isinstance(text, str):
        return Item(ident, where, error=f"{where}: 'text' must be a string")
    return Item(ident, where, text)


def _unique(items: list[Item]) -> list[Item]:
    """An article whose id an earlier one has is refused, never merged or overwritten."""
    seen: dict[str, str] = {}
    out = []
    for item in items:
        if item.id is not None and item.id in seen:
            why = f"{item.source}: id {item.id!r} is taken by {seen[item.id]}"
            item = Item(None, item.source, error=why)
        elif item.id is not None:
            seen[item.id] = item.source
        out.append(item)
    return out
