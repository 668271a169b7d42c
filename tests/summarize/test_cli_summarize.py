"""``toolkit summarize`` through click's test runner (a group with only this command)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from builders import SEED
from click.testing import CliRunner

from toolkit.cli import ToolkitGroup
from toolkit.cli.summarize import summarize_cmd
from toolkit.summarize import SUMMARIZERS, Summarizer, get_summarizer
from toolkit.text import segment

ARTICLE = Path(__file__).resolve().parents[2] / "evaluation/summarization/articles"
ARMENIA = str(next(ARTICLE.glob("01-*.fa.txt")))  # 10 sentences


@pytest.fixture(scope="module")
def cli() -> click.Group:
    group = ToolkitGroup()
    group.add_command(summarize_cmd)
    return group


def run(cli: click.Group, args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["summarize", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_text_output_one_sentence_per_line_in_order(cli: click.Group) -> None:
    code, out, _ = run(cli, [ARMENIA])
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    texts = [s.text for s in segment(Path(ARMENIA).read_text(encoding="utf-8"), "fa")]
    positions = [texts.index(line) for line in lines]
    assert positions == sorted(positions)


def test_json_schema(cli: click.Group) -> None:
    code, out, _ = run(cli, [ARMENIA, "--format", "json", "--sentences", "2"])
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["language", "method", "sentences", "summary", "translations", "signature"]
    assert (data["language"], data["method"], data["translations"]) == ("fa", "extractive", {})
    assert len(data["sentences"]) == 2
    for s in data["sentences"]:
        assert set(s) - {"replaced"} == {"index", "line", "text", "score"}
        assert isinstance(s["score"], float)
    assert data["summary"] == " ".join(s["text"] for s in data["sentences"])
    signature = data["signature"]
    assert signature["method"] == "extractive"
    assert signature["length"] == "2"
    assert signature["kind"] == "summary" and "toolkit" in signature and "options" in signature
    assert "model" not in signature and signature["glossary"] is None


def test_json_marks_a_replaced_pronoun(cli: click.Group) -> None:
    code, out, _ = run(cli, [str(SEED), "--format", "json"])
    assert code == 0
    first = json.loads(out)["sentences"][0]
    assert first["index"] == 3
    assert first["replaced"] == {"old": "وی", "new": "میثم عابدی", "start": 0, "source": 2}
    assert first["text"].startswith("میثم عابدی خاطرنشان کرد")


def test_explain_text(cli: click.Group) -> None:
    code, out, _ = run(cli, [str(SEED), "--explain"])
    assert code == 0
    summary, table = out.split("\n\n")
    assert len(summary.splitlines()) == 3
    rows = table.splitlines()
    assert rows[0].startswith("kept")
    assert len(rows) == 1 + 11  # the seed has 11 sentences
    assert [r.split()[1] for r in rows[1:] if r.startswith("*")] == ["3", "7", "10"]
    assert "framing -" in rows[1]  # sentence 1 is framing
    assert "opens with «وی» = میثم عابدی" in rows[3]


def test_explain_json(cli: click.Group) -> None:
    code, out, _ = run(cli, [str(SEED), "--explain", "--format", "json"])
    assert code == 0
    data = json.loads(out)
    assert list(data) == [
        "language",
        "method",
        "sentences",
        "summary",
        "translations",
        "explain",
        "signature",
    ]
    explained = data["explain"]["sentences"]
    assert [s["index"] for s in explained if s["kept"]] == [s["index"] for s in data["sentences"]]
    first = explained[0]
    assert first["features"]["framing"] == 1.0
    assert first["contributions"]["framing"] < 0
    assert set(data["explain"]["weights"]) == set(first["features"]) | {"glossary", "names"}


@pytest.mark.parametrize(("ratio", "kept"), [("20%", 2), ("0.5", 5), ("100%", 10)])
def test_ratio(cli: click.Group, ratio: str, kept: int) -> None:
    code, out, _ = run(cli, [ARMENIA, "--ratio", ratio, "--format", "json"])
    assert code == 0
    assert len(json.loads(out)["sentences"]) == kept


@pytest.mark.parametrize("method", [m for m in SUMMARIZERS if m not in ("abstractive", "llm")])
def test_every_extractive_method(cli: click.Group, method: str) -> None:
    code, out, _ = run(cli, [ARMENIA, "--method", method, "--format", "json"])
    assert code == 0
    data = json.loads(out)
    assert data["method"] == method
    if method == "lead":
        assert [s["index"] for s in data["sentences"]] == [1, 2, 3]


def test_stdin_english(cli: click.Group) -> None:
    text = "Dr. Smith arrived in Paris on Monday. He met the minister. The talks lasted 3 hours."
    code, out, _ = run(cli, ["-", "--lang", "en", "-n", "1"], stdin=text)
    assert code == 0
    assert out.count("\n") == 1


def test_glossary_goes_into_the_signature(cli: click.Group, tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text(
        "fa\ten\tru\nکمیسیون مشترک\tjoint commission\tсовместная комиссия\n", encoding="utf-8"
    )
    code, out, err = run(cli, [ARMENIA, "--glossary", str(glossary), "--format", "json"])
    assert code == 0, err
    assert json.loads(out)["signature"]["glossary"]["hash"].startswith("sha256:")
    code, out, err = run(cli, [ARMENIA, "-g", str(glossary), "-m", "lead", "--format", "json"])
    assert code == 0
    assert "does not use the glossary" in err
    assert json.loads(out)["signature"]["glossary"] is None


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        ([ARMENIA, "--sentences", "2", "--ratio", "20%"], None, 2, "not both"),
        ([ARMENIA, "--ratio", "3"], None, 2, "not a ratio"),
        ([ARMENIA, "--ratio", "150%"], None, 2, "at most 100%"),
        ([ARMENIA, "--sentences", "0"], None, 2, "--sentences"),
        ([ARMENIA, "--model", "x/y"], None, 2, "--model only applies"),
        ([ARMENIA, "--method", "lead", "--explain"], None, 2, "--explain only applies"),
        ([ARMENIA, "--method", "magic"], None, 2, "magic"),
        (["-"], "", 3, "empty"),
        (["-"], "  \n", 3, "empty"),
        (["-", "--lang", "fa"], "This is English.", 3, "looks like English"),
        (["/no/such/file.txt"], None, 3, "no such file"),
        ([ARMENIA, "--glossary", "/no/such.tsv"], None, 4, "such.tsv"),
    ],
)
def test_errors(
    cli: click.Group, args: list[str], stdin: str | None, code: int, message: str
) -> None:
    got, _, err = run(cli, args, stdin)
    assert got == code
    assert message in err


@pytest.mark.slow
def test_abstractive_with_a_tiny_model(
    cli: click.Group, tiny_mt5: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The random model never stops early: cap its output so that the test stays fast.
    def short(name: str, **kwargs: object) -> Summarizer:
        return get_summarizer(name, max_new_tokens=8, **kwargs)

    monkeypatch.setattr("toolkit.summarize.run.get_summarizer", short)
    code, out, err = run(
        cli, [ARMENIA, "--method", "abstractive", "--model", str(tiny_mt5), "--format", "json"]
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["method"] == "abstractive"
    assert data["signature"]["model"] == str(tiny_mt5)
    assert data["summary"]


def test_missing_model_exit_code(cli: click.Group, offline: Path) -> None:
    code, _, err = run(cli, [ARMENIA, "--method", "abstractive", "--model", "someone/missing"])
    assert code == 5
    assert err.count("\n") == 1
    assert "someone/missing" in err
