"""Fixtures of the LLM server tests: a real ``transformers serve`` with a tiny random chat
model, and a small faulty OpenAI-compatible server (stdlib ``http.server``) for the cases a
real server will not produce on demand (429, 500, an answer cut short, a line left out)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from llm.servers import Faulty, Served, faulty_server, transformers_serve

SERVING = ("fastapi", "uvicorn", "httpx")


@pytest.fixture(scope="session")
def tiny_chat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Llama-style chat model with a ChatML template (``chat_model.py``)."""
    from llm.chat_model import build_tiny_chat

    return build_tiny_chat(tmp_path_factory.mktemp("tiny-chat") / "model")


@pytest.fixture(scope="session")
def llm_server(tiny_chat: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``transformers serve`` on 127.0.0.1 and a free port, pinned to the tiny chat model;
    stopped after the session. Skipped, saying why, when its extras are not installed."""
    missing = [name for name in SERVING if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(
            f"transformers serve needs {', '.join(missing)}: pip install 'transformers[serving]'"
        )
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with transformers_serve(tiny_chat, log) as api_base:
        yield Served(api_base, str(tiny_chat), log)


@pytest.fixture
def faulty() -> Iterator[Faulty]:
    """A faulty OpenAI-compatible server on a free port (see ``servers.Faulty``)."""
    with faulty_server() as state:
        yield state


@pytest.fixture(autouse=True)
def _fresh_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test checks its server anew (connections are kept per process otherwise), and
    no key from the environment reaches a test server unless the test plants one."""
    from toolkit.translate import openai

    monkeypatch.setattr(openai, "_CONNECTIONS", {})
    for name in ("TOOLKIT_API_KEY", "OPENAI_API_KEY", "TOOLKIT_API_BASE"):
        monkeypatch.delenv(name, raising=False)
