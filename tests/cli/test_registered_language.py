"""A target language registered from ``tests/`` (``toy_tr``) through the CLI: ``evaluate
--target-lang tr`` checks its terms and numbers, ``translate --to tr`` writes a Turkish file
with every glossary term placed. Nothing under ``toolkit/`` names Turkish."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.languages import register, unregister

SOURCE = "وزارت ارتباطات امسال ۲۵ قرارداد امضا کرد و ۲۵۰۰ دلار هزینه کرد.\n"
GOOD = "Bakanlık bu yıl yirmi beş sözleşme imzaladı ve iki bin beş yüz dolar harcadı.\n"
# A wrong count (26 for 25) and another word for the glossary's sözleşme.
BAD = "Bakanlık bu yıl yirmi altı anlaşma imzaladı ve iki bin beş yüz dolar harcadı.\n"
GLOSSARY = "fa\ttr\nقرارداد\tsözleşme\n"


@pytest.fixture
def turkish(tmp_path: Path) -> Iterator[Path]:
    register("tr", "toy_tr")
    (tmp_path / "article.fa.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "good.tr.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.tr.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "glossary.tsv").write_text(GLOSSARY, encoding="utf-8")
    yield tmp_path
    unregister("tr")


def evaluate(folder: Path, hypothesis: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        cli,
        [
            "evaluate",
            "-s",
            str(folder / "article.fa.txt"),
            "-H",
            str(folder / hypothesis),
            "--target-lang",
            "tr",
            "-g",
            str(folder / "glossary.tsv"),
            "--format",
            "json",
        ],
    )
    return result.exit_code, json.loads(result.stdout) if result.stdout else {}


def test_evaluate_checks_terms_and_numbers_of_a_turkish_hypothesis(turkish: Path) -> None:
    code, good = evaluate(turkish, "good.tr.txt")
    assert code == 0 and good["findings"] == []
    assert good["terms"]["accuracy"] == 1.0
    code, bad = evaluate(turkish, "bad.tr.txt")
    assert code == 1
    kinds = sorted((f["check"], f["kind"]) for f in bad["findings"])
    assert kinds == [("number", "missing"), ("term", "missing")]


@pytest.fixture(scope="module")
def tiny_nllb_with_turkish(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' tiny NLLB checkpoint with a ``tur_Latn`` language token besides its own."""
    import tiny_models

    patch = pytest.MonkeyPatch()
    patch.setattr(tiny_models, "NLLB_CODES", (*tiny_models.NLLB_CODES, "tur_Latn"))
    try:
        return tiny_models.build_tiny_nllb(tmp_path_factory.mktemp("nllb-tr"))
    finally:
        patch.undo()


@pytest.mark.slow
def test_translate_to_turkish_places_every_term(
    turkish: Path, tiny_nllb_with_turkish: Path
) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "translate",
            str(turkish / "article.fa.txt"),
            "--to",
            "tr",
            "--model",
            str(tiny_nllb_with_turkish),
            "--glossary",
            str(turkish / "glossary.tsv"),
            "--out",
            str(turkish / "out"),
            "--no-cache",
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.stderr
    written = turkish / "out" / "article.tr.txt"
    assert len(written.read_text("utf-8").splitlines()) == 1
    (turkish / "written.tr.txt").write_bytes(written.read_bytes())
    _, report = evaluate(turkish, "written.tr.txt")  # the random model's numbers are noise
    assert report["terms"]["matched"] == report["terms"]["total"] == 1
