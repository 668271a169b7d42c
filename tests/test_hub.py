"""The hub probe: without network a download fails at once, in one line."""

from __future__ import annotations

import socket
import time

import pytest
from click.testing import CliRunner

from toolkit import hub
from toolkit.cli import cli
from toolkit.errors import ModelError


def _no_network(*args: object, **kwargs: object) -> socket.socket:
    raise OSError(-2, "Name or service not known")


def test_unreachable_hub_fails_fast_without_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hub.socket, "create_connection", _no_network)
    started = time.perf_counter()
    with pytest.raises(ModelError, match="cannot reach the Hugging Face hub") as info:
        hub.probe_hub("facebook/nllb-200-distilled-600M")
    assert time.perf_counter() - started < 1
    assert "{option:model}" not in str(info.value) and "model=" in str(info.value)


def test_the_cli_names_the_flag_and_the_offline_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setattr(hub.socket, "create_connection", _no_network)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("TOOLKIT_MODEL_HINT", "make demo-offline works offline")
    result = CliRunner().invoke(cli, ["models", "download", "some-org/some-model"])
    assert result.exit_code == 5
    errors = [line for line in result.stderr.splitlines() if line.startswith("toolkit: error")]
    assert len(errors) == 1 and "--model" in errors[0] and "make demo-offline" in errors[0]
