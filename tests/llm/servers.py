"""Test servers for the openai backend: the real ``transformers serve`` (started by the
``llm_server`` fixture) and a small faulty OpenAI-compatible server (stdlib ``http.server``)
for the cases a real server will not produce on demand (429, 500, an answer cut short, a
line left out)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from builders import ROOT


@dataclass(frozen=True)
class Served:
    """A running ``transformers serve``: its API address and the model it is pinned to."""

    api_base: str
    model: str
    log: Path


LINE_1 = "وزارت ارتباطات با روسیه همکاری می‌کند."
LINE_2 = "پنج قرارداد در این سفر امضا شد."


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
def transformers_serve(model: Path, log: Path) -> Iterator[str]:
    """``transformers serve`` on 127.0.0.1 and a free port, pinned to ``model`` (its output
    in ``log``); yields its API address once ``/v1/models`` answers, and stops it after.
    RuntimeError if it stops or is not up within three minutes."""
    import httpx

    port = free_port()
    command = [
        sys.executable, "-m", "transformers.cli.transformers", "serve", str(model),
        "--host", "127.0.0.1", "--port", str(port), "--device", "cpu", "--log-level", "warning",
    ]  # fmt: skip
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    api_base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"transformers serve stopped: {log.read_text()[-2000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"transformers serve did not come up: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{api_base}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        yield api_base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
                scripted = state.script.pop(0) if state.script else None
            self._send(scripted if scripted is not None else state.fallback(body))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # A client that gave up (a timeout test) leaves a broken pipe: not worth a traceback.
    server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
    state.api_base = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def numbered_lines(prompt: str) -> list[str]:
    """The numbered lines of the task (the prompt's last block)."""
    block = prompt.rsplit("\n\n", 1)[-1]
    return [m.group(2) for m in re.finditer(r"(?m)^(\d+)\. (.*)$", block)]


def translating(body: dict[str, Any]) -> Reply:
    """A well-behaved server: ``k. Line k in English`` (or in Russian) for each numbered
    line; the translation alone for a one-line ask."""
    prompt = body["messages"][-1]["content"]
    russian = "into Russian" in body["messages"][0]["content"]
    line = "Русская строка {k} этого окна." if russian else "English line {k} of the window."
    lines = numbered_lines(prompt)
    if lines:
        return answer("\n".join(f"{k}. " + line.format(k=k) for k in range(1, len(lines) + 1)))
    return answer("The line asked again, in English.")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=120,
    )
