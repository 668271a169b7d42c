"""`pip install toolkit` (no extras) gives the core, without torch: normalize, segment,
glossary, evaluate and extractive summarization work; translation says which extra it needs.

Builds a fresh virtual environment (a minute or so; pip's cache makes later runs faster).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from builders import ROOT, SEED

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def core_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("core")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # Built from a copy of the package files only, so the source tree gets no build output.
    source = base / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "toolkit", source / "toolkit", ignore=shutil.ignore_patterns("__pycache__")
    )
    result = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return venv


def _toolkit(venv: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOOLKIT_HOME": str(venv.parent / "home")}
    return subprocess.run(
        [str(venv / "bin" / "toolkit"), *args], capture_output=True, text=True, env=env
    )


def test_core_has_no_torch_transformers_or_ctranslate2(core_env: Path) -> None:
    python = core_env / "bin" / "python"
    for module in ("torch", "transformers", "ctranslate2"):
        probe = subprocess.run([str(python), "-c", f"import {module}"], capture_output=True)
        assert probe.returncode != 0, f"{module} is installed with the core"


def test_core_commands_work(core_env: Path) -> None:
    glossary = str(ROOT / "glossaries" / "iran-russia-ict.tsv")
    reference = str(ROOT / "evaluation" / "references" / "mehr-iran-russia-ict.en.txt")
    for args in (
        ("glossary", "check", glossary),
        ("evaluate", "-s", str(SEED), "-H", reference, "-t", "en", "-g", glossary),
        ("summarize", str(SEED), "--sentences", "2"),
        ("segment", str(SEED)),
    ):
        result = _toolkit(core_env, *args)
        assert result.returncode == 0, (args, result.stderr)


def test_translation_names_the_extra_to_install(core_env: Path, tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text('{"model_type": "m2m_100"}', encoding="utf-8")
    glossary = str(ROOT / "glossaries" / "iran-russia-ict.tsv")
    result = _toolkit(
        core_env, "translate", str(SEED), "--to", "en", "--model", str(model), "-g", glossary
    )
    assert result.returncode == 5
    assert "pip install 'toolkit[" in result.stderr and "Traceback" not in result.stderr
