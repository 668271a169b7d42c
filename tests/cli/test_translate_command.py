import json
from pathlib import Path

import pytest
from builders import SEED
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.cli.translate import term_summary
from toolkit.text import segment
from toolkit.translate.base import SegmentTranslation, TermOutcome, Translation

TWO_LINES = "\n".join(SEED.read_text("utf-8").splitlines()[6:8]) + "\n"


def test_translate_json_with_hf_backend_renders_every_term(tiny_nllb: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "translate",
            "-",
            "--to",
            "en",
            "--to",
            "ru",
            "--model",
            str(tiny_nllb),
            "--backend",
            "hf",
            "--n-best",
            "2",
            "--no-cache",
            "--quiet",
            "--format",
            "json",
        ],
        input=TWO_LINES.encode(),
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["signature"]["targets"] == ["en", "ru"]
    assert data["signature"]["translators"]["en"]["backend"] == "hf"
    assert data["signature"]["glossary"]["hash"].startswith("sha256:")
    for lang in ("en", "ru"):
        tr = data["translations"][lang]
        assert len(tr["lines"]) == 2
        statuses = [t["status"] for seg in tr["segments"] for t in seg["terms"]]
        assert statuses and "failed" not in statuses
        for seg in tr["segments"]:
            assert set(seg) >= {"line", "source", "text", "terms"}


def test_translate_out_dir_writes_line_aligned_files(tiny_nllb: Path, tmp_path: Path) -> None:
    src = tmp_path / "article.fa.txt"
    src.write_text(TWO_LINES.replace("\n", "\n\n", 1), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "translate",
            str(src),
            "--to",
            "en",
            "--model",
            str(tiny_nllb),
            "--out",
            str(tmp_path / "out"),
            "--cache-path",
            str(tmp_path / "tm.sqlite3"),
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.stderr
    lines = (tmp_path / "out" / "article.en.txt").read_text("utf-8").split("\n")
    assert len(lines) == 4 and lines[1] == "" and lines[3] == ""
    assert result.stdout == ""


def test_missing_model_is_one_line_exit_5() -> None:
    result = CliRunner().invoke(
        cli, ["translate", str(SEED), "--to", "en", "--model", "no-such-org/no-such-model"]
    )
    assert result.exit_code == 5
    assert result.stderr.count("\n") == 1 and "toolkit models download" in result.stderr


def test_english_input_is_refused() -> None:
    result = CliRunner().invoke(cli, ["translate", "-", "--to", "en"], input=b"Hello there.")
    assert result.exit_code == 3 and "looks like English" in result.stderr


@pytest.mark.parametrize(
    ("statuses", "line"),
    [
        (
            (),
            "en: 1 line, 1 sentence; terms: 0 model, 0 substituted, 0 constrained, 0 inserted, "
            "0 failed; off-target: 0",
        ),
        (
            ("model", "model", "substituted", "constrained", "inserted", "failed"),
            "en: 1 line, 1 sentence; terms: 2 model, 1 substituted, 1 constrained, 1 inserted, "
            "1 failed; off-target: 0",
        ),
    ],
)
def test_summary_line_counts_every_status(statuses: tuple[str, ...], line: str) -> None:
    terms = tuple(TermOutcome("قرارداد", s, "" if s == "failed" else "contract") for s in statuses)
    tr = Translation("en", ("x",), (SegmentTranslation(1, "قرارداد", "x", terms),))
    assert term_summary(tr, segment("قرارداد", "fa")) == line


def test_summary_line_counts_the_pieces_left_off_target() -> None:
    from toolkit.translate.base import Problem

    off = (Problem("off-target", "the hypothesis looks like English, not Russian"),)
    segments = (
        SegmentTranslation(1, "قرارداد امضا شد.", "Contract signed.", problems=off),
        SegmentTranslation(2, "قرارداد امضا شد.", "Контракт подписан."),
    )
    tr = Translation("ru", ("Contract signed.", "Контракт подписан."), segments)
    summary = term_summary(tr, segment("قرارداد امضا شد.\nقرارداد امضا شد.", "fa"))
    assert summary.endswith("; off-target: 1")


# Source lines and their sentences; the pieces translated (long sentences split), expected.
EXTENT_CASES = [
    ("الف.", 1, "1 line, 1 sentence"),
    ("الف. ب.\nج.", 3, "2 lines, 3 sentences"),
    ("الف. ب.\n\nج.", 5, "2 lines, 3 sentences (5 pieces: long sentences split for the model)"),
]


@pytest.mark.parametrize(("source", "pieces", "expected"), EXTENT_CASES)
def test_summary_line_counts_lines_and_sentences(source: str, pieces: int, expected: str) -> None:
    segments = tuple(SegmentTranslation(1, "الف", "a") for _ in range(pieces))
    tr = Translation("en", ("a",), segments)
    assert term_summary(tr, segment(source, "fa")).startswith(f"en: {expected}; terms: 0 model")


def test_help_names_every_status() -> None:
    result = CliRunner().invoke(cli, ["translate", "--help"])
    help_text = " ".join(result.stdout.split())
    for status in ("model", "substituted", "constrained", "inserted", "failed"):
        assert f"{status} (" in help_text or f"or {status}" in help_text
    assert "repaired" not in help_text


@pytest.mark.parametrize("names", [True, False])
def test_unglossed_names_are_reported_and_can_be_turned_off(tiny_nllb: Path, names: bool) -> None:
    text = "کاظم جلالی گفت: همکاری ادامه دارد.\nجلالی افزود: توافق شد.\n"
    args = ["translate", "-", "--to", "ru", "--model", str(tiny_nllb), "--no-glossary"]
    args += ["--n-best", "2", "--no-cache", "--quiet", "--format", "json"]
    if not names:
        args.append("--no-names")
    result = CliRunner().invoke(cli, args, input=text.encode())
    assert result.exit_code == 0, result.stderr
    kept = json.loads(result.stdout)["names"]["ru"]
    if not names:
        assert kept == [] and "names not in the glossary" not in result.stderr
        return
    assert [(n["source"], n["rendering"], n["from_glossary"]) for n in kept] == [
        ("کاظم جلالی", "Казем Джалали", False)
    ]
    assert "ru: names not in the glossary, one rendering each: کاظم جلالی → Казем Джалали" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("flags", "code", "message"),
    [
        ([], 6, "exists; pass --force to replace it"),
        (["--no-force"], 6, "exists; pass --force to replace it"),
        # With --force the check passes, and the run goes on to look for the model.
        (["--force"], 5, "no-such-org/no-model"),
    ],
)
def test_translate_out_refuses_to_overwrite_before_translating(
    tmp_path: Path, flags: list[str], code: int, message: str
) -> None:
    article = tmp_path / "a.fa.txt"
    article.write_text(TWO_LINES, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.en.txt").write_text("hand-edited\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "translate",
            str(article),
            "--to",
            "ru",
            "--to",
            "en",
            "--out",
            str(out),
            "-q",
            *flags,
            "--model",
            "no-such-org/no-model",
        ],
    )
    assert result.exit_code == code, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert (out / "a.en.txt").read_text("utf-8") == "hand-edited\n"
    assert sorted(p.name for p in out.iterdir()) == ["a.en.txt"]


def test_translate_out_never_overwrites_its_input(tmp_path: Path) -> None:
    article = tmp_path / "a.en.txt"  # named as its translation into English would be
    article.write_text(TWO_LINES, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["translate", str(article), "--to", "en", "--out", str(tmp_path), "--force", "-q"]
    )
    assert result.exit_code == 6 and "is the input" in result.stderr
    assert article.read_text("utf-8") == TWO_LINES
