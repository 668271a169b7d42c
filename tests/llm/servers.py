"""Test servers for the openai backend: the real ``transformers serve`` (started by the
``llm_server`` fixture) and a small faulty OpenAI-compatible server (stdlib ``http.server``)
for the cases a real server will not produce on demand (429, 500, an answer cut short, a
line left out)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Served:
    """A running ``transformers serve``: its API address and the model it is pinned to."""

    api_base: str
    model: str
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- the faulty server ---------------------------------------------------------------------

Reply = tuple[int, dict[str, str], bytes]
"""Status, headers, body."""


def answer(content: str, model: str = "fake-llm") -> Reply:
    """A chat completion whose message is ``content``."""
    body = {
        "id": "x",
        "object": "chat.completion",
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }
    return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()


def status(code: int, headers: dict[str, str] | None = None, detail: str = "no") -> Reply:
    return (
        code,
        {"Content-Type": "application/json", **(headers or {})},
        json.dumps({"error": {"message": detail}}).encode(),
    )


@dataclass
class Faulty:
    """What the faulty server answers and what it was asked.

    ``script`` holds the replies to the next chat requests, in order; when it is empty,
    ``fallback`` (a function of the request body) answers.
    """

    api_base: str
    script: list[Reply] = field(default_factory=list)
    fallback: Callable[[dict[str, Any]], Reply] = lambda body: answer("")
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    models: list[str] = field(default_factory=lambda: ["fake-llm"])
    models_reply: Reply | None = None

    def user_prompts(self) -> list[str]:
        return [r["messages"][-1]["content"] for r in self.requests]


@contextmanager
def faulty_server() -> Iterator[Faulty]:
    """A running faulty server, stopped on leaving."""
    state = Faulty("")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, reply: Reply) -> None:
            code, headers, body = reply
            self.send_response(code)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path.rstrip("/") != "/v1/models":
                self._send(status(404))
                return
            if state.models_reply is not None:
                self._send(state.models_reply)
                return
            data = {"object": "list", "data": [{"id": m, "object": "model"} for m in state.models]}
            self._send((200, {"Content-Type": "application/json"}, json.dumps(data).encode()))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            with lock:
                state.requests.append(body)
                state.headers.append(dict(self.headers))
                state.times.append(time.monotonic())
                reply = state.script.pop(0) if state.script else state.fallback(body)
            self._send(reply)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.api_base = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
