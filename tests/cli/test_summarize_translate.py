import json
from pathlib import Path

from builders import SEED
from click.testing import CliRunner

from toolkit.cli import cli


def test_summary_is_translated_under_the_glossary(tiny_nllb: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "summarize",
            str(SEED),
            "-n",
            "2",
            "--to",
            "en",
            "--to",
            "ru",
            "--translation-model",
            str(tiny_nllb),
            "--quiet",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data["translations"]) == {"en", "ru"}
    assert all(len(t.splitlines()) == 2 for t in data["translations"].values())
    # The kept sentence with the 20 MoUs: the glossary's rendering is forced in.
    assert "memorand" in data["translations"]["en"].lower()


def test_missing_translation_model_names_the_right_option() -> None:
    result = CliRunner().invoke(
        cli, ["summarize", str(SEED), "--to", "en", "--translation-model", "no-such/model"]
    )
    assert result.exit_code == 5
    assert "--translation-model DIR" in result.stderr
