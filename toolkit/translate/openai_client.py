"""A small client for OpenAI-compatible HTTP servers (OpenAI, vLLM, llama.cpp's server,
Ollama, ``transformers serve``), on ``httpx`` (the ``toolkit[llm]`` extra), imported when a
client is made.

It owns what every request needs: the bearer key (read only from ``TOOLKIT_API_KEY`` or
``OPENAI_API_KEY``, and never written into a message, a repr or a log), a bound on the
requests in flight, a timeout, and retries with exponential backoff and jitter on 429, 5xx,
a body that is not JSON and connection errors, honouring ``Retry-After``, within a retry
budget for the whole run. A server that cannot be used (unreachable, refusing the key, not
serving the model, failing past the retries) is a ``ModelError`` in one line.
"""

from __future__ import annotations

import email.utils
import json
import os
import random
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from toolkit.errors import ConfigError, MissingDependencyError, ModelError

KEY_VARIABLES = ("TOOLKIT_API_KEY", "OPENAI_API_KEY")
"""Where the key is read from, first found first; nowhere else (no option, no file)."""
BASE_VARIABLE = "TOOLKIT_API_BASE"
RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class ServerOptions:
    """Where the server is and how requests to it are made."""

    api_base: str
    concurrency: int = 4
    """Requests in flight at once."""
    timeout: float = 120.0
    """Seconds a request may take (reading the answer included)."""
    max_retries: int = 4
    """Retries of one request (429, 5xx, connection errors, a body that is not JSON)."""
    retry_budget: int = 50
    """Retries of all requests of a run together: past it, a failing server is an error."""
    backoff: float = 0.5
    """The first wait between tries, in seconds, doubled on each retry, with jitter."""
    max_wait: float = 60.0
    """The longest wait between two tries, ``Retry-After`` included."""
    check_timeout: float = 3.0
    """Seconds the first look at the server (``GET /models``) may take, connecting included:
    an unreachable server is reported at once."""

    def __repr__(self) -> str:
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        shown["api_base"] = redact_url(self.api_base)
        return "ServerOptions(" + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> ServerOptions:
        """The options among ``settings`` (``api_base`` from ``TOOLKIT_API_BASE`` when not
        given); ``ConfigError`` when there is no address or a value is out of range."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in settings.items() if k in known and v is not None}
        values["api_base"] = values.get("api_base") or os.environ.get(BASE_VARIABLE, "")
        if not values["api_base"]:
            raise ConfigError(
                "the openai backend needs the server's address: pass {option:api_base} URL "
                f"(e.g. http://127.0.0.1:8000/v1) or set {BASE_VARIABLE}"
            )
        parts = urlsplit(str(values["api_base"]))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            shown = redact_url(str(values["api_base"]))
            raise ConfigError(f"{{option:api_base}} must be an http(s) URL, not '{shown}'")
        options = cls(**values)
        if options.concurrency < 1 or options.timeout <= 0 or options.max_retries < 0:
            raise ConfigError(
                "{option:concurrency} must be at least 1, {option:timeout} above 0 and the "
                "retries 0 or more"
            )
        return options


def redact_url(url: str) -> str:
    """``url`` without credentials, query or fragment: what a message may show."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
    except ValueError:
        return "<invalid URL>"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def api_key() -> str | None:
    """The key from :data:`KEY_VARIABLES`, or None (a local server needs none)."""
    for name in KEY_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return None


@dataclass
class Usage:
    """What the requests of one translator cost: for the report."""

    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    retries: int = 0
    seconds: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, answer: Mapping[str, Any], seconds: float, retries: int) -> None:
        found = answer.get("usage")
        usage: Mapping[str, Any] = found if isinstance(found, dict) else {}
        with self._lock:
            self.requests += 1
            self.retries += retries
            self.seconds += seconds
            self.prompt_tokens += int(usage.get("prompt_tokens") or 0)
            self.completion_tokens += int(usage.get("completion_tokens") or 0)

    def to_dict(self) -> dict[str, Any]:
        """``seconds``: the requests' time added up (their retries and waits included);
        ``latency``: the mean of it per request (0 when none was sent)."""
        return {
            "requests": self.requests,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "retries": self.retries,
            "seconds": round(self.seconds, 3),
            "latency": round(self.seconds / self.requests, 3) if self.requests else 0.0,
        }


class Refused(ModelError):
    """The server answered a request with a client error (4xx other than 401/403/429): the
    request is wrong for it (an option it does not take, a prompt too long)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class ServerClient:
    """Requests to one server, at most ``concurrency`` in flight, retried as the options
    say. Thread-safe: the translators of every target language share one."""

    def __init__(self, options: ServerOptions) -> None:
        try:
            import httpx
        except ImportError:
            raise MissingDependencyError(
                "the openai backend needs httpx: pip install 'toolkit[llm]'"
            ) from None
        self.options = options
        self.where = redact_url(options.api_base)
        key = api_key()
        self._secret = key or ""
        headers = {"Accept": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        parts = urlsplit(options.api_base)
        auth = None
        if not key and (parts.username or parts.password):
            # Credentials in the URL (basic auth), where no key is set: sent, never shown.
            from urllib.parse import unquote

            auth = (unquote(parts.username or ""), unquote(parts.password or ""))
        self._base = self.where.rstrip("/")
        self._httpx = httpx
        self._client = httpx.Client(
            headers=headers,
            auth=auth,
            timeout=httpx.Timeout(options.timeout, connect=min(options.timeout, 10.0)),
            trust_env=False,
        )
        self._slots = threading.BoundedSemaphore(options.concurrency)
        self._lock = threading.Lock()
        self._budget = options.retry_budget

    def __repr__(self) -> str:
        return f"ServerClient({self.where!r})"

    def close(self) -> None:
        self._client.close()

    # -- the first look -----------------------------------------------------------------------

    def models(self) -> list[str]:
        """The ids of the models the server serves (``GET /models``), asked once, quickly:
        an unreachable server, a refused key or a path that is no OpenAI API is a
        ``ModelError`` within :attr:`ServerOptions.check_timeout` seconds."""
        httpx = self._httpx
        limit = self.options.check_timeout
        try:
            response = self._client.get(
                f"{self._base}/models", timeout=httpx.Timeout(limit, connect=limit)
            )
        except httpx.TimeoutException:
            raise ModelError(
                f"the server at {self.where} did not answer within {limit:g} s; is "
                "{option:api_base} right?"
            ) from None
        except httpx.HTTPError as exc:
            raise ModelError(
                f"cannot reach the server at {self.where} ({self._clean(_why(exc))}); is it "
                "running, and is {option:api_base} right?"
            ) from None
        self._raise_for_access(response)
        if response.status_code == 404:
            raise ModelError(
                f"{self.where} is not an OpenAI-compatible API (GET /models: HTTP 404); the "
                "address usually ends in /v1"
            )
        if response.status_code >= 400:
            raise ModelError(
                f"the server at {self.where} answered GET /models with HTTP "
                f"{response.status_code}{self._detail(response)}"
            )
        data = _json(response)
        entries = data.get("data") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise ModelError(f"{self.where}: GET /models gave no list of models")
        return [str(e["id"]) for e in entries if isinstance(e, dict) and "id" in e]

    # -- requests -----------------------------------------------------------------------------

    def post(self, path: str, body: Mapping[str, Any], usage: Usage | None = None) -> Any:
        """POST ``body`` to ``path`` (``/chat/completions``) and return the JSON answer,
        retrying as the options say; ``Refused`` for a client error, ``ModelError`` when
        the retries or the run's retry budget are spent."""
        httpx = self._httpx
        started = time.perf_counter()
        retries = 0
        while True:
            problem: str
            wait: float | None = None
            with self._slots:
                try:
                    response = self._client.post(f"{self._base}{path}", json=body)
                except httpx.TimeoutException:
                    problem = f"no answer within {self.options.timeout:g} s"
                except httpx.HTTPError as exc:
                    problem = self._clean(_why(exc))
                else:
                    status = response.status_code
                    if status < 400:
                        try:
                            answer = response.json()
                        except ValueError:
                            problem = "an answer that is not JSON (cut short?)"
                        else:
                            if usage is not None:
                                usage.add(answer, time.perf_counter() - started, retries)
                            return answer
                    else:
                        self._raise_for_access(response)
                        if status not in RETRY_STATUSES:
                            raise Refused(
                                f"the server at {self.where} refused the request (HTTP {status}"
                                f"{self._detail(response)})",
                                status,
                            )
                        problem = f"HTTP {status}{self._detail(response)}"
                        wait = _retry_after(response.headers.get("Retry-After"))
            retries += 1
            if retries > self.options.max_retries or not self._spend():
                spent = "" if retries > self.options.max_retries else " (the run's retry budget)"
                raise ModelError(
                    f"the server at {self.where} failed {retries} times in a row{spent}: {problem}"
                )
            if wait is None:
                wait = self.options.backoff * 2 ** (retries - 1) * (0.5 + random.random())
            time.sleep(min(wait, self.options.max_wait))

    def _spend(self) -> bool:
        with self._lock:
            if self._budget <= 0:
                return False
            self._budget -= 1
            return True

    def _raise_for_access(self, response: Any) -> None:
        if response.status_code in (401, 403):
            raise ModelError(
                f"the server at {self.where} refused the API key (HTTP {response.status_code}); "
                f"set {' or '.join(KEY_VARIABLES)}"
            )

    def _detail(self, response: Any) -> str:
        """The server's own reason, short, without the key: ``: reason`` or nothing."""
        try:
            data = response.json()
        except ValueError:
            text = response.text
        else:
            error = data.get("error") if isinstance(data, dict) else None
            if isinstance(error, dict):
                error = error.get("message")
            text = str(error or (data.get("detail") if isinstance(data, dict) else "") or "")
        text = " ".join(self._clean(text).split())
        return f": {text[:200]}" if text else ""

    def _clean(self, text: str) -> str:
        """``text`` with the key taken out, wherever a server or library echoed it."""
        return text.replace(self._secret, "<key>") if self._secret else text


def message_text(answer: Any) -> str:
    """The text of a chat completion's first choice ('' when the answer has none)."""
    try:
        content = answer["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return ""
    return content if isinstance(content, str) else ""


def _why(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return " ".join(text.split())[:200]


def _json(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), or None."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def dumps(value: Any) -> str:
    """JSON for a digest: sorted keys, no whitespace."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
