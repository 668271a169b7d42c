"""``toolkit.summarize.run.summarize_source``, the library call behind ``toolkit summarize``:
called directly, it gives what the command prints (issue 25: the command only parses its
options and prints)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from builders import SEED
from click.testing import CliRunner

from toolkit.cli import ToolkitGroup
from toolkit.cli.summarize import summarize_cmd
from toolkit.errors import ConfigError
from toolkit.summarize import SummaryLength
from toolkit.summarize.run import PersianOnly, SummarizeOptions, summarize_source

ARTICLE = Path(__file__).resolve().parents[2] / "evaluation/summarization/articles"
ARMENIA = str(next(ARTICLE.glob("01-*.fa.txt")))
ENGLISH = "Dr. Smith arrived in Paris on Monday. He met the minister. The talks lasted 3 hours."


@pytest.fixture(scope="module")
def cli() -> click.Group:
    group = ToolkitGroup()
    group.add_command(summarize_cmd)
    return group


# (command-line options, the same as library options)
CASES = [
    ([], SummarizeOptions()),
    (["-n", "2"], SummarizeOptions(count=SummaryLength(sentences=2))),
    (["--ratio", "50%"], SummarizeOptions(count=SummaryLength(ratio=0.5))),
    (["--method", "lead"], SummarizeOptions(method="lead")),
    (["--method", "textrank", "-n", "4"], SummarizeOptions("textrank", SummaryLength(4))),
    (["--explain"], SummarizeOptions(explain=True)),
]


@pytest.mark.parametrize(("args", "options"), CASES)
@pytest.mark.parametrize("article", [ARMENIA, str(SEED)])
def test_the_library_call_gives_what_the_command_prints(
    cli: click.Group, article: str, args: list[str], options: SummarizeOptions
) -> None:
    result = summarize_source(article, options)
    printed = CliRunner().invoke(cli, ["summarize", article, *args, "--format", "json"])
    assert printed.exit_code == 0, printed.stderr
    assert json.loads(json.dumps(result.to_dict(), ensure_ascii=False)) == json.loads(
        printed.stdout
    )
    text = CliRunner().invoke(cli, ["summarize", article, *args])
    assert text.stdout.splitlines()[: len(result.summary.sentences)] == [
        s.text for s in result.summary.sentences
    ]
    assert (result.language, result.article) == ("fa", Path(article).read_text("utf-8"))


def test_an_unused_glossary_is_a_warning_naming_the_option(tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text("fa\ten\tru\nسفیر\tambassador\tпосол\n", encoding="utf-8")
    warned: list[str] = []
    options = SummarizeOptions(method="lead", glossary=str(glossary))
    result = summarize_source(ARMENIA, options, warn=warned.append)
    assert warned == ["{option:method} lead does not use the glossary"]
    assert result.glossary is not None and result.summary.method == "lead"
    assert summarize_source(ARMENIA, SummarizeOptions(glossary=str(glossary)), warned.append)
    assert len(warned) == 1  # the extractive default uses it


def test_translating_a_summary_that_is_not_persian_is_refused_before_any_model(
    cli: click.Group, tmp_path: Path
) -> None:
    english = tmp_path / "en.txt"
    english.write_text(ENGLISH, encoding="utf-8")
    options = SummarizeOptions(targets=("ru",), translation_model="no-such/model")
    with pytest.raises(PersianOnly):
        summarize_source(str(english), options)
    printed = CliRunner().invoke(cli, ["summarize", str(english), "--to", "ru"])
    assert printed.exit_code == 2
    assert "--to translates Persian summaries only" in printed.stderr
    assert printed.stderr.count("\n") == 1


def test_explain_with_another_method_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="explain"):
        summarize_source(ARMENIA, SummarizeOptions(method="lead", explain=True))
