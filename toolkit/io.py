"""Reading input text safely and writing output files atomically."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from toolkit.errors import InputError, OutputError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
"""Inputs larger than this are refused unless the caller raises the limit (``--max-input-mb``)."""


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 bytes (BOM allowed); raise ``InputError`` for anything else."""
    if not data.strip():
        raise InputError(f"{name}: input is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: input looks binary (contains NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}, "
            f"line {line}); convert it with e.g. `iconv -f WINDOWS-1256 -t UTF-8`"
        ) from None
    if not text.strip():
        raise InputError(f"{name}: input is empty")
    return text


def read_bytes(
    source: str | os.PathLike[str],
    stdin: BinaryIO | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> tuple[bytes, str]:
    """Read raw bytes from a path or ``-`` (stdin). Returns (data, display name)."""
    limit = max_bytes if max_bytes else None
    if str(source) == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(limit + 1) if limit else stream.read()
        name = "<stdin>"
    else:
        path = Path(source)
        name = str(path)
        if not path.exists():
            raise InputError(f"{name}: no such file")
        if path.is_dir():
            raise InputError(f"{name}: is a directory, expected a text file")
        try:
            size = path.stat().st_size
            if limit and size > limit:
                raise InputError(_too_large(name, size, limit))
            data = path.read_bytes()
        except PermissionError:
            raise InputError(f"{name}: permission denied") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    if limit and len(data) > limit:
        raise InputError(_too_large(name, len(data), limit))
    return data, name


def _too_large(name: str, size: int, limit: int) -> str:
    return (
        f"{name}: input is {size / 1048576:.1f} MB, over the {limit / 1048576:.0f} MB limit; "
        f"split it or raise the limit with {{option:max_input_mb}}"
    )


def read_text(
    source: str | os.PathLike[str],
    stdin: BinaryIO | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> tuple[str, str]:
    """Read UTF-8 text from a path or ``-``. Returns (text, display name)."""
    data, name = read_bytes(source, stdin, max_bytes)
    return decode_text(data, name), name


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], mode: str = "w") -> Iterator[object]:
    """Write to a temporary file beside ``path`` and move it into place only on success.

    A crash or Ctrl-C leaves either the old file or no file, never a half-written one.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror})") from None
    try:
        encoding = None if "b" in mode else "utf-8"
        newline = None if "b" in mode else "\n"
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_writer(path) as fh:
        fh.write(text)  # type: ignore[attr-defined]
