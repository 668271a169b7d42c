import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit import __version__
from toolkit.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "mehr-iran-russia-ict.fa.txt"


def run(args: list[str], stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_version_and_help() -> None:
    code, out, _ = run(["--version"])
    assert code == 0 and __version__ in out
    code, out, _ = run(["--help"])
    assert code == 0
    for name in ("normalize", "segment"):
        assert name in out
    assert "Exit codes" in out
    # Every subcommand is listed with its first help line, though each module is imported
    # only when its command is used.
    listed = [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()]
    commands = (
        "batch evaluate glossary memory models normalize review run segment summarize translate"
    )
    assert listed[:11] == commands.split()
    assert "Run many Persian articles" in out and "Translate Persian text" in out


def test_an_unknown_command_is_a_usage_error() -> None:
    code, _, err = run(["translat", "x.txt"])
    assert code == 2 and "No such command 'translat'" in err


def test_segment_json_schema_and_offsets() -> None:
    code, out, _ = run(["segment", str(SEED), "--format", "json"])
    assert code == 0
    data = json.loads(out)
    original = SEED.read_text(encoding="utf-8")
    assert len(data["segments"]) == 11
    for i, seg in enumerate(data["segments"], start=1):
        assert set(seg) == {"index", "line", "text", "start", "end"}
        assert seg["index"] == i
        assert original[seg["start"] : seg["end"]] == seg["text"]


def test_segment_stdin_text() -> None:
    code, out, _ = run(["segment", "-", "--lang", "en"], stdin=b"One. Two.")
    assert (code, out) == (0, "One.\nTwo.\n")


def test_normalize_stdin() -> None:
    code, out, _ = run(["normalize", "-"], stdin="كتاب  ها".encode())
    assert (code, out) == (0, "کتاب ها\n")


def test_normalize_removes_controls_and_bidi_overrides_and_says_so() -> None:
    raw = "\u202eكتاب\x07 ها\x1b[0m\nدو\u2066م\u2069\n"
    code, out, err = run(["normalize", "-"], stdin=raw.encode())
    assert (code, out) == (0, "کتاب ها[0m\nدوم\n")
    assert err == "<stdin>: removed 2 control characters, 3 bidi controls\n"


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["segment", "-"], b"", "input is empty"),
        (["segment", "-"], b"\xffab", "not valid UTF-8"),
        (["segment", "-", "--lang", "fa"], b"This is English.", "looks like English"),
        (["segment", "/definitely/missing.txt"], None, "no such file"),
        (["normalize", str(ROOT / "seeds")], None, "is a directory"),
        (["segment", "-", "--max-input-mb", "0.001"], "س".encode() * 2000, "limit"),
    ],
)
def test_bad_input_is_one_line_and_exit_3(
    args: list[str], stdin: bytes | None, message: str
) -> None:
    code, out, err = run(args, stdin)
    assert code == 3
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_usage_error_exits_2() -> None:
    code, _, err = run(["segment", "-", "--lang", "xx"])
    assert code == 2
    assert "Invalid value" in err


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["translate", "-", "--to", "de"],
            "Invalid value for '--to': 'de' is not one of 'en', 'ru'. "
            "(see 'toolkit translate --help')",
        ),
        (["run"], "Missing argument 'ARTICLE'. (see 'toolkit run --help')"),
        (["segment", "-", "--bogus"], "No such option '--bogus'. (see 'toolkit segment --help')"),
        (["--bogus"], "No such option '--bogus'. (see 'toolkit --help')"),
        (["qwerty"], "No such command 'qwerty'. (see 'toolkit --help')"),
        (["glossary", "nope"], "No such command 'nope'. (see 'toolkit glossary --help')"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(args: list[str], line: str) -> None:
    result = CliRunner().invoke(cli, args, input=b"x", prog_name="toolkit")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"toolkit: error: {line}\n"


def test_python_dash_m_works() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "toolkit", "segment", "-", "--lang", "en"],
        input=b"A b. C d.",
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stdout.decode().splitlines() == ["A b.", "C d."]
