"""``toolkit models list|download`` through a root group like the real one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from toolkit.cli import ToolkitGroup
from toolkit.cli.models import models_group


@pytest.fixture
def cli() -> click.Group:
    root = ToolkitGroup("toolkit")
    root.add_command(models_group)
    return root


@pytest.fixture
def empty_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("TOOLKIT_HOME", str(tmp_path / "home"))
    return tmp_path


def test_list_with_no_models(cli: click.Group, empty_caches: Path) -> None:
    result = CliRunner().invoke(cli, ["models", "list"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "toolkit models download facebook/nllb-200-distilled-600M" in result.stderr
    result = CliRunner().invoke(cli, ["models", "list", "--format", "json"])
    assert json.loads(result.stdout) == {"models": []}


def test_download_offline_missing_model_exits_5(cli: click.Group, empty_caches: Path) -> None:
    result = CliRunner().invoke(cli, ["models", "download", "nonexistent-org/nonexistent-model"])
    assert result.exit_code == 5
    assert result.stderr.count("\n") == 1
    assert "HF_HUB_OFFLINE is set" in result.stderr


def test_download_converts_a_cached_model_and_list_shows_it(
    cli: click.Group, empty_caches: Path, tiny_m2m100: Path
) -> None:
    repo = empty_caches / "hub" / "models--tiny-org--tiny-m2m100"
    shutil.copytree(tiny_m2m100, repo / "snapshots" / "c0ffee")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("c0ffee")

    result = CliRunner().invoke(cli, ["models", "download", "tiny-org/tiny-m2m100"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(repo / "snapshots" / "c0ffee")
    assert "converting the m2m100 checkpoint to CTranslate2 (int8)" in result.stderr

    result = CliRunner().invoke(cli, ["models", "list", "--format", "json"])
    [entry] = json.loads(result.stdout)["models"]
    assert entry["id"] == "tiny-org/tiny-m2m100" and entry["has_ct2"] is True
    table = CliRunner().invoke(cli, ["models", "list"]).stdout.splitlines()
    assert table[0].split()[:3] == ["MODEL", "SIZE", "CT2"]
    assert table[1].split()[0] == "tiny-org/tiny-m2m100" and " yes " in table[1]
