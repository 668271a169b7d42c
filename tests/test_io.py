import io
from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.io import atomic_writer, read_text, write_text_atomic


def test_reads_utf8_with_bom(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffسلام\r\n".encode())
    text, name = read_text(p)
    assert text == "سلام\r\n"
    assert name == str(p)


def test_reads_stdin() -> None:
    text, name = read_text("-", stdin=io.BytesIO("سلام".encode()))
    assert (text, name) == ("سلام", "<stdin>")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        ("سلام".encode("utf-16"), "UTF-16LE text, expected UTF-8"),  # with a BOM
        ("Hello, world".encode("utf-16-le"), "UTF-16LE text"),  # without one
        ("Hello, world".encode("utf-16-be"), "UTF-16BE text"),
        ("سلام".encode("cp1256"), "not valid UTF-8"),
        (b"abc\x00def", "binary"),
    ],
)
def test_bad_bytes(tmp_path: Path, data: bytes, message: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_text(p)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def test_size_limit(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_bytes(b"a" * 2000)
    with pytest.raises(InputError, match=r"over the .* limit"):
        read_text(p, max_bytes=1000)
    # From a stream only the limit is read: the message gives no made-up size.
    with pytest.raises(InputError, match=r"<stdin>: input is over the .* limit"):
        read_text("-", stdin=io.BytesIO(b"a" * 2000), max_bytes=1000)


def test_atomic_write_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.txt"
    write_text_atomic(target, "old")
    with pytest.raises(RuntimeError), atomic_writer(target) as fh:
        fh.write("new and half")  # type: ignore[attr-defined]
        raise RuntimeError("crash")
    assert target.read_text() == "old"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    import os
    import stat

    old = os.umask(0o022)  # the test sets the process umask; the library never does
    try:
        write_text_atomic(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644
