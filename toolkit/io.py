"""Reading input text safely and writing output files atomically."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from toolkit.errors import InputError, OutputError, ToolkitError

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
"""Inputs larger than this are refused unless the caller raises the limit (``--max-input-mb``)."""


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 bytes (BOM allowed); raise ``InputError`` for anything else."""
    if not data.strip():
        raise InputError(f"{name}: input is empty")
    utf16 = _utf16(data)
    if utf16:
        raise InputError(
            f"{name}: input is {utf16} text, expected UTF-8; convert it with e.g. "
            f"`iconv -f {utf16} -t UTF-8`"
        )
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


def _utf16(data: bytes) -> str | None:
    """``UTF-16LE``/``UTF-16BE`` for text in UTF-16 (a byte-order mark, or every other byte
    zero as in mostly-ASCII UTF-16), else None."""
    if data[:2] == b"\xff\xfe":
        return "UTF-16LE"
    if data[:2] == b"\xfe\xff":
        return "UTF-16BE"
    head = data[:4096]
    if len(head) >= 8:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
            return "UTF-16LE"
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "UTF-16BE"
    return None


_CHUNK = 1 << 20


class InputTooLargeError(InputError):
    """An input over the size limit (an ``InputError``: the CLI exits 3)."""


def read_bytes(
    source: str | os.PathLike[str],
    stdin: BinaryIO | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> tuple[bytes, str]:
    """Read raw bytes from a path or ``-`` (stdin). Returns (data, display name).

    Every input is read through here, and the limit is counted in the bytes read, never
    taken from the file's size: a device (``/dev/zero``), a FIFO or a symlink to either
    stops at ``max_bytes`` with ``InputTooLargeError`` (None or 0: no limit).
    """
    limit = max_bytes if max_bytes else None
    if str(source) == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return _read_bounded(stream, "<stdin>", limit), "<stdin>"
    path = Path(source)
    name = str(path)
    if not path.exists():
        raise InputError(f"{name}: no such file")
    if path.is_dir():
        raise InputError(f"{name}: is a directory, expected a text file")
    try:
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            size = st.st_size if stat.S_ISREG(st.st_mode) else None
            if limit and size is not None and size > limit:
                raise InputTooLargeError(too_large(name, size, limit))
            return _read_bounded(fh, name, limit), name
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None


def _read_bounded(stream: BinaryIO, name: str, limit: int | None) -> bytes:
    """The bytes of ``stream``, read in chunks until its end or ``limit + 1`` bytes."""
    if limit is None:
        return stream.read()
    chunks: list[bytes] = []
    got = 0
    while got <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    if got > limit:
        # Only the first limit + 1 bytes were read: the size is unknown.
        raise InputTooLargeError(too_large(name, None, limit))
    return b"".join(chunks)


def too_large(name: str, size: int | None, limit: int) -> str:
    """The message for an input over the size limit (``size`` None: a stream, not read to
    its end)."""
    what = f"input is {_megabytes(size)} MB, over" if size is not None else "input is over"
    return (
        f"{name}: {what} the {_megabytes(limit)} MB limit; "
        f"split it or raise the limit with {{option:max_input_mb}}"
    )


def _megabytes(size: int) -> str:
    """``size`` bytes in megabytes, to three significant digits: 20 MB is 20, 5.7 MB 5.7,
    the 1049 bytes of ``--max-input-mb 0.001`` 0.001 (not 0.0 or 0.00100040)."""
    return f"{float(f'{size / 1048576:.3g}'):g}"


def limit_bytes(megabytes: float) -> int:
    """A ``--max-input-mb`` value in bytes."""
    return round(megabytes * 1048576)


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
        # Not tempfile.mkstemp, which makes the file private (0600): a file created with
        # mode 0666 gets the user's usual permissions, as any other output file.
        tmp = str(target.parent / f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
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


def parse_xml(
    data: bytes, name: str, error: type[ToolkitError] = InputError, why: str = ""
) -> ET.Element:
    """The root element of an XML file, read with DTDs, entities and external references
    refused (such XML can expand without bound or read local files); one-line ``error`` for
    those and for malformed XML, ``why`` appended to each message."""
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root: ET.Element = fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as exc:
        raise error(
            f"{name}: refused: the file declares a DTD or entities ({type(exc).__name__}){why}"
        ) from None
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 1
        raise error(f"{name}:{line}: malformed XML ({exc}){why}") from None
    return root
