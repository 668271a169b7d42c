import io
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.io import InputTooLargeError, atomic_writer, read_bytes, read_text, write_text_atomic


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


def test_a_fifo_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    """The limit counts the bytes read, so a writer that never stops is cut off after it
    (a FIFO's size is 0, which the old check trusted, reading all it was given)."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    written = [0]

    def writer() -> None:
        try:
            with fifo.open("wb") as fh:
                for _ in range(200):  # 200 MB if nobody stops reading
                    fh.write(b"a" * 1048576)
                    written[0] += 1048576
        except BrokenPipeError:
            pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    with pytest.raises(InputTooLargeError, match=r"fifo: input is over the 0.001 MB limit"):
        read_bytes(fifo, max_bytes=1049)
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert written[0] < 8 * 1048576


def test_a_small_fifo_is_read_whole(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    thread = threading.Thread(target=lambda: fifo.write_bytes("سلام".encode()), daemon=True)
    thread.start()
    assert read_text(fifo, max_bytes=1000) == ("سلام", str(fifo))
    thread.join(timeout=30)


def _limited_memory() -> None:
    """A child process that a 1 GB address space bounds: reading a device whole fails."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "mehr-iran-russia-ict.fa.txt"
LIMIT = "input is over the 1 MB limit; split it or raise the limit with --max-input-mb"
# (arguments with LINK for a symlink to /dev/zero, exit code, the one line on stderr)
DEVICE_CASES = [
    (["normalize", "/dev/zero", "--max-input-mb", "1"], 3, f"/dev/zero: {LIMIT}"),
    (["normalize", "LINK", "--max-input-mb", "1"], 3, f"LINK: {LIMIT}"),
    (
        ["run", str(SEED), "--summary-only", "--config", "LINK", "--out", "OUT"],
        7,
        "config file LINK: over 1 MB, not a config file",
    ),
]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize(("args", "code", "message"), DEVICE_CASES, ids=["dev", "link", "config"])
def test_a_device_input_stops_at_the_limit_with_one_line(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    """In a child process whose memory is bounded: reading a device whole fails there."""
    link = tmp_path / "article.fa.txt"
    link.symlink_to("/dev/zero")
    names = {"LINK": str(link), "OUT": str(tmp_path / "out")}
    proc = subprocess.run(
        [sys.executable, "-m", "toolkit", *(names.get(a, a) for a in args)],
        capture_output=True,
        timeout=120,
        check=False,
        preexec_fn=_limited_memory,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    err = proc.stderr.decode()
    assert (proc.returncode, err) == (
        code,
        f"toolkit: error: {message.replace('LINK', str(link))}\n",
    )
    assert proc.stdout == b""
    assert not (tmp_path / "out").exists()


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
