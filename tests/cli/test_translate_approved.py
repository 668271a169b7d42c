"""`translate` and the approved translations of its memory: reused by default, and not with
`--no-cache` (which turns off the memory and its approvals alike)."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import SEED
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.translate.approved import Approval, ApprovedStore
from toolkit.translate.factory import memory_path

APPROVED = "A sentence a reviewer signed off, kept as it is."


@pytest.mark.slow
def test_no_cache_turns_off_the_approved_translations_too(
    tiny_nllb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A home of this test's own: the approval must not reach other tests' default memory.
    monkeypatch.setenv("TOOLKIT_HOME", str(tmp_path / "home"))
    line = SEED.read_text("utf-8").splitlines()[0]
    article = tmp_path / "one.fa.txt"
    article.write_text(line + "\n", encoding="utf-8")
    store = ApprovedStore(memory_path())
    store.approve(Approval(line, APPROVED, "en", "ann", "xliff:a.xlf", "2026-12-07T10:00:00Z"))
    store.close()

    def translate(*extra: str) -> str:
        args = ["translate", str(article), "--model", str(tiny_nllb), "--to", "en"]
        result = CliRunner().invoke(cli, [*args, "--n-best", "2", "--no-names", *extra])
        assert result.exit_code == 0, result.stderr
        return result.stdout

    assert translate().strip() == APPROVED
    assert APPROVED not in translate("--no-cache")
