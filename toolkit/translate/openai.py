"""Translation through an OpenAI-compatible chat server (``--backend openai``).

:class:`OpenAITranslator` sends a document in windows of numbered lines (at most
:data:`WINDOW_LINES` lines or :data:`WINDOW_CHARS` characters), each with the previous
window's source and translation as context, and the glossary entries that occur in the
window with their required forms (for Russian, with the instruction to decline them). The
answer must be line-aligned: a JSON schema (``response_format``) where the server honours
it (probed once per server), otherwise numbered lines parsed strictly. A line that comes
back missing, empty, misaligned, copied from the Persian, looping or in the wrong script is
asked again on its own, :data:`LINE_RETRIES` times; then it is left empty (or as the server
wrote it, where the engine reports it as degenerate or off target), never shifted.

The translator declares at most one capability (:data:`~toolkit.translate.base.CAPABILITIES`):
``prefix``, where the server offers ``/v1/completions`` with a raw prompt (asked once per
server, when the enforcer first needs a forced prefix) and the model's chat template can be
read here (:func:`chat_template`: ``--model`` a local directory, or a hub id in the local
cache): a forced prefix is then continued by sending the one-line prompt, formatted with
the template, plus the prefix as a raw completion. It gives one hypothesis per source, no
score, no attention, token counts estimated from the length. What it lacks raises
:class:`~toolkit.translate.base.Unsupported`, which the term enforcer catches, so the
guarantee degrades to what the server can do and reports each term's status as for NMT.
Its signature holds the server's own model id, the prompt templates' digest, the chat
template's where one is known, and the decoding settings: never the key or the address.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.errors import ConfigError, ModelError
from toolkit.languages import name_of
from toolkit.signature import Signature
from toolkit.text.normalize import normalize
from toolkit.text.offtarget import off_target
from toolkit.translate.backends.base import Hypothesis
from toolkit.translate.base import PREFIX, Translator, Unsupported
from toolkit.translate.openai_client import (
    Refused,
    ServerClient,
    ServerOptions,
    Usage,
    api_key,
    dumps,
    message_text,
)

if TYPE_CHECKING:
    from toolkit.glossary.model import Glossary
    from toolkit.glossary.source import SourceMatcher
    from toolkit.translate.factory import TranslatorSpec

log = logging.getLogger(__name__)

WINDOW_LINES = 20
WINDOW_CHARS = 2400
"""A window ends before the line that would take it past this many source characters."""
LINE_RETRIES = 2
"""Asks of a bad line on its own, after the window's answer."""
MAX_SOURCE_CHARS = 3000
"""A sentence longer than this is split by the engine at clause boundaries."""
CHARS_PER_TOKEN = 3
"""For estimated token counts (the server's tokenizer is not known)."""
TEMPERATURE = 0.0
MESSAGE_TOKENS = 4
"""Tokens a chat template adds per message (role and separators), for a dry run."""
LENGTH_RATIO: dict[str, float] = {"en": 1.35, "ru": 1.45}
"""Characters of a translation per Persian source character, for a dry run's estimate of
the answer (the ratios the evaluator's coverage check expects); 1.4 for another target."""
PROBE_ANSWER = '{"lines": [{"n": 1, "text": "Hello."}]}'

SYSTEM = (
    "You are a professional translator of news from {source} into {target}. Translate "
    "faithfully and completely, in fluent {target}: keep every name, number and date; add "
    "nothing, explain nothing. Each line is translated on its own line."
)
CONTEXT = (
    "The lines just before, for context only (already translated; do not translate them "
    "again):\n{source}:\n{source_lines}\n{target}:\n{target_lines}"
)
GLOSSARY = "Use these renderings for these terms, exactly as given{note}:\n{entries}"
TERM_NOTES: dict[str, str] = {
    "ru": " (decline the Russian term to fit the sentence: case, number and agreement, "
    "keeping its words)",
    "en": " (the plural and a/an as the sentence needs)",
}
"""What the glossary instruction adds for a target language."""
LINES = (
    "Translate each numbered {source} line below into {target}. Answer with exactly {n} "
    "lines, numbered 1 to {n} in the same order, one translation per line and nothing "
    "else:\n{lines}"
)
JSON_LINES = (
    "Translate each numbered {source} line below into {target}. Answer in JSON: "
    '{{"lines": [{{"n": 1, "text": "..."}}, ...]}} with exactly {n} items, n from 1 to '
    "{n} in the same order, one translation each:\n{lines}"
)
ONE_LINE = (
    "Translate this {source} line into {target}. Answer with the translation alone, on one "
    "line:\n{line}"
)
TEMPLATES = (SYSTEM, CONTEXT, GLOSSARY, TERM_NOTES, LINES, JSON_LINES, ONE_LINE)
PROMPT_DIGEST = "sha256:" + hashlib.sha256(dumps(TEMPLATES).encode("utf-8")).hexdigest()[:16]
"""The prompt templates' digest: in the signature, so a changed prompt misses the memory."""

_NUMBERED = re.compile(r"^\s*(?:\*\*)?(\d{1,3})(?:\*\*)?\s*[.):\]-]\s*(.*?)\s*$")
_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")


def json_schema(n: int) -> dict[str, Any]:
    """The ``response_format`` of a window of ``n`` lines."""
    item = {
        "type": "object",
        "properties": {"n": {"type": "integer"}, "text": {"type": "string"}},
        "required": ["n", "text"],
        "additionalProperties": False,
    }
    schema = {
        "type": "object",
        "properties": {"lines": {"type": "array", "items": item, "minItems": n, "maxItems": n}},
        "required": ["lines"],
        "additionalProperties": False,
    }
    return {
        "type": "json_schema",
        "json_schema": {"name": "translation", "strict": True, "schema": schema},
    }


@dataclass(frozen=True)
class _LineProblem:
    """Why a line of an answer was not taken; ``keep``: the line is still the output after
    the retries, for the engine to report (the source copied, a loop, the wrong script),
    rather than left empty (missing, misaligned: never another line's translation)."""

    reason: str
    keep: bool = False


@dataclass(frozen=True)
class _Window:
    sources: tuple[str, ...]
    translations: tuple[str, ...] = ()


class Connection:
    """A checked server: its client, the model's own id, and whether it honours JSON
    schemas (probed on first need). Shared by the translators of every target language.
    An offline one (:meth:`offline`, no client) only plans requests: a dry run."""

    def __init__(self, client: ServerClient | None, model: str, model_id: str) -> None:
        self._client = client
        self.model = model
        """The name requests use (``--model``)."""
        self.model_id = model_id
        """The server's own id of the model (in the signature)."""
        self.structured: bool | None = None
        self.completions: bool | None = None
        """Whether the server continues a raw prompt at ``/completions`` (asked on first
        need, and only when the model's chat template is known)."""
        self._lock = threading.Lock()

    @property
    def template(self) -> ChatTemplate | None:
        """The model's chat template, where it can be read here (:func:`chat_template`)."""
        return chat_template(self.model)

    @classmethod
    def offline(cls, model: str) -> Connection:
        """A connection that sends nothing, for :func:`dry_run` (``model`` taken as the
        server's id of it, as a server serving it under that name gives)."""
        return cls(None, model, model)

    @property
    def client(self) -> ServerClient:
        if self._client is None:
            raise ModelError("a dry run sends no request")
        return self._client

    def __repr__(self) -> str:
        where = self._client.where if self._client is not None else "offline"
        return f"Connection({where!r}, {self.model_id!r})"


@dataclass(frozen=True)
class ChatTemplate:
    """A model's chat template (Jinja, as ``transformers`` stores it) and the special tokens
    it names: what turns chat messages into the raw prompt the model was trained on."""

    source: str
    bos_token: str = ""
    eos_token: str = ""

    @property
    def digest(self) -> str:
        return "sha256:" + hashlib.sha256(self.source.encode("utf-8")).hexdigest()[:16]

    def render(self, messages: Sequence[dict[str, str]]) -> str:
        """The prompt of ``messages``, ready for the assistant's answer."""
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        def fail(message: str) -> None:
            raise ConfigError(f"the model's chat template refused the prompt: {message}")

        env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
        env.globals["raise_exception"] = fail
        return env.from_string(self.source).render(
            messages=list(messages),
            add_generation_prompt=True,
            bos_token=self.bos_token,
            eos_token=self.eos_token,
        )


@functools.lru_cache(maxsize=16)
def chat_template(model: str) -> ChatTemplate | None:
    """The chat template of ``model`` where the client can read it without a request: a
    local model directory (``chat_template.jinja``, or ``chat_template`` in
    ``tokenizer_config.json``), or a hub id in the local Hugging Face cache; None otherwise,
    or without jinja2 (the ``toolkit[llm]`` extra)."""
    try:
        import jinja2  # noqa: F401
    except ImportError:
        return None
    files = {
        name: _model_file(model, name) for name in ("chat_template.jinja", "tokenizer_config.json")
    }
    config: dict[str, Any] = {}
    if files["tokenizer_config.json"] is not None:
        try:
            loaded = json.loads(files["tokenizer_config.json"].read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = None
        config = loaded if isinstance(loaded, dict) else {}
    source: Any = None
    if files["chat_template.jinja"] is not None:
        try:
            source = files["chat_template.jinja"].read_text(encoding="utf-8")
        except OSError:
            source = None
    if source is None:
        source = config.get("chat_template")
        if isinstance(source, list):  # named templates: the default one
            named = {t.get("name"): t.get("template") for t in source if isinstance(t, dict)}
            source = named.get("default")
    if not isinstance(source, str) or not source.strip():
        return None
    return ChatTemplate(source, _token(config.get("bos_token")), _token(config.get("eos_token")))


def _model_file(model: str, name: str) -> Path | None:
    """``name`` of a local model directory, or of a hub model in the local cache."""
    folder = Path(model)
    if folder.is_dir():
        return folder / name if (folder / name).is_file() else None
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return None
    try:
        found = try_to_load_from_cache(model, name)
    except ValueError:  # not a hub id
        return None
    return Path(found) if isinstance(found, str) else None


def _token(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("content")
    return value if isinstance(value, str) else ""


_CONNECTIONS: dict[tuple[Any, ...], Connection] = {}
_CONNECT_LOCK = threading.Lock()


def connect(settings: dict[str, Any], model: str) -> Connection:
    """The connection to the server of ``settings`` serving ``model``, checked once per
    process (``GET /models``): ``ModelError`` in one line, within seconds, for a server that
    is down, refuses the key or does not serve the model."""
    options = ServerOptions.from_settings(settings)
    key = api_key() or ""
    # The key only as a digest, so that a changed key makes a new client.
    ident = (options, model, hashlib.sha256(key.encode()).hexdigest())
    with _CONNECT_LOCK:
        if ident in _CONNECTIONS:
            return _CONNECTIONS[ident]
        client = ServerClient(options)
        served = client.models()
        if model not in served:
            listed = ", ".join(served[:8]) + (", ..." if len(served) > 8 else "")
            client.close()
            raise ModelError(
                f"the server at {client.where} does not serve model '{model}' (it serves: "
                f"{listed or 'nothing'}); pass one of those as {{option:model}}"
            )
        _CONNECTIONS[ident] = Connection(client, model, model)
        return _CONNECTIONS[ident]


def check_server(spec: TranslatorSpec, option: str = "model") -> None:
    """The factory registry's check: the server is up, takes the key, serves the model."""
    if spec.pivot_model is not None:
        raise ConfigError(
            "{option:pivot_model} chains two seq2seq models; the openai backend takes none"
        )
    connect(dict(spec.settings), spec.model)


def openai_translator(spec: TranslatorSpec) -> OpenAITranslator:
    """The factory registered as ``openai``."""
    check_server(spec)
    return OpenAITranslator(
        connect(dict(spec.settings), spec.model), spec.source, spec.target, spec.glossary
    )


class OpenAITranslator(Translator):
    """Translates through a chat server, document windows at a time (see the module)."""

    capabilities = frozenset[str]()

    def __init__(
        self,
        connection: Connection,
        source_language: str,
        target_language: str,
        glossary: Glossary | None = None,
    ) -> None:
        self.connection = connection
        self.source_language = source_language
        self.target_language = target_language
        self.glossary = glossary
        self.usage = Usage()
        self._matcher: SourceMatcher | None = None
        if glossary is not None and len(glossary):
            from toolkit.glossary.source import source_matcher

            self._matcher = source_matcher(glossary)
        self._done: dict[str, Hypothesis] = {}
        self._order: dict[str, tuple[int, int]] = {}
        self._documents = 0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return (
            f"OpenAITranslator({self.connection.model_id!r}, "
            f"{self.source_language}->{self.target_language})"
        )

    # -- the interface ------------------------------------------------------------------------

    def expect(self, documents: Sequence[str]) -> None:
        from toolkit.text.segment import segment

        for text in documents:
            self._documents += 1
            for k, seg in enumerate(segment(text, self.source_language)):
                self._order.setdefault(seg.text, (self._documents, k))

    def can(self, capability: str) -> bool:
        """``prefix`` once the server has been asked whether it continues a raw prompt
        (the first time the enforcer needs it: one request per server), where the model's
        chat template is known; nothing else."""
        if capability == PREFIX and PREFIX not in self.capabilities and self._continues():
            self.capabilities = frozenset({PREFIX})
        return capability in self.capabilities

    def generate(
        self,
        sources: list[str],
        *,
        num_hypotheses: int = 1,
        beam_size: int = 4,
        prefixes: list[str | None] | None = None,
        max_new_tokens: list[int] | None = None,
        **decoding: Any,
    ) -> list[list[Hypothesis]]:
        """One hypothesis per source (unscored: NaN). A source already translated in this
        process is not asked again: a retry of the engine gets the same answer, for the
        server's answers were checked and re-asked line by line already. A forced prefix is
        continued through ``/completions`` where :meth:`can` says ``prefix``; without it, or
        several hypotheses of a source not translated yet, :class:`Unsupported`."""
        if prefixes is not None and any(p is not None for p in prefixes):
            if not self.can(PREFIX):
                raise Unsupported("the openai backend cannot continue a forced target prefix")
            budgets = max_new_tokens or [0] * len(sources)
            return self._continue_all(list(sources), list(prefixes), list(budgets))
        todo = [s for s in dict.fromkeys(sources) if s not in self._done]
        if todo and num_hypotheses > 1:
            # Several hypotheses of a new source (the enforcer's look at a term on its own)
            # need n-best, which the server does not give; one of them would be unscored.
            raise Unsupported("the openai backend gives one unscored hypothesis, not n-best")
        if todo:
            self._translate(todo)
        return [[self._done[s]] for s in sources]

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Estimated: the server's tokenizer is not known (no ``token-count`` capability)."""
        return [len(t) // CHARS_PER_TOKEN + 1 for t in texts]

    @property
    def max_source_tokens(self) -> int:
        return MAX_SOURCE_CHARS // CHARS_PER_TOKEN

    @property
    def signature(self) -> Signature:
        return Signature.create(
            "model",
            model=self.connection.model_id,
            backend="openai",
            settings={
                "prompt": PROMPT_DIGEST,
                "answer": "json_schema where the server honours it, else numbered lines",
                "temperature": TEMPERATURE,
                "max_tokens": "source characters / 2 + 16 a line (+ 12 for JSON)",
                "window_lines": WINDOW_LINES,
                "window_chars": WINDOW_CHARS,
                "line_retries": LINE_RETRIES,
                "context": "the previous window",
                "prefix": (
                    f"continued at /completions with the chat template {template.digest} "
                    "where the server offers it"
                    if (template := self.connection.template) is not None
                    else "none"
                ),
            },
        )

    # -- forced prefixes ----------------------------------------------------------------------

    def _continues(self) -> bool:
        """Whether a forced prefix can be continued: the model's chat template is known and
        the server answers a raw prompt at ``/completions`` (asked once per server)."""
        conn = self.connection
        with conn._lock:
            if conn.completions is None:
                conn.completions = conn.template is not None and self._probe_completions()
            return conn.completions

    def _probe_completions(self) -> bool:
        template = self.connection.template
        if template is None:
            return False
        body = {
            "model": self.connection.model,
            "prompt": template.render([{"role": "user", "content": "Hello"}]),
            "max_tokens": 1,
            "temperature": TEMPERATURE,
            "stream": False,
        }
        try:
            answer = self.connection.client.post("/completions", body, self.usage)
        except ModelError as exc:  # Refused (404: no such endpoint) or failing
            log.info("toolkit: openai: no raw completions at the server (%s)", exc)
            return False
        return _completion(answer) is not None

    def _continue_all(
        self, sources: list[str], prefixes: list[str | None], budgets: list[int]
    ) -> list[list[Hypothesis]]:
        """Each source with its prefix continued (or, without one, its translation)."""
        plain = [s for s, p in zip(sources, prefixes, strict=True) if p is None]
        if plain:
            self.generate(plain)
        jobs = {(s, p, b): None for s, p, b in zip(sources, prefixes, budgets, strict=True) if p}
        done: dict[tuple[str, str, int], Hypothesis] = {}
        if len(jobs) == 1:
            [job] = jobs
            done[job] = self._continue(*job)
        elif jobs:
            pool = ThreadPoolExecutor(max_workers=self.connection.client.options.concurrency)
            try:
                futures = {job: pool.submit(self._continue, *job) for job in jobs}
                done = {job: future.result() for job, future in futures.items()}
            finally:
                pool.shutdown(wait=False, cancel_futures=True)
        return [
            [done[(s, p, b)]] if p else [self._done[s]]
            for s, p, b in zip(sources, prefixes, budgets, strict=True)
        ]

    def _continue(self, source: str, prefix: str, budget: int) -> Hypothesis:
        """``prefix`` continued by the model: the one-line prompt in the chat template, the
        prefix as the start of the answer, one line."""
        template = self.connection.template
        if template is None:
            raise Unsupported("the model's chat template is not known")
        task = ONE_LINE.format(**self._names(), line=_one_line(source))
        prompt = template.render(self._messages([source], None, task)) + prefix
        body = {
            "model": self.connection.model,
            "prompt": prompt,
            "max_tokens": budget if budget > 0 else len(source) // 2 + 16,
            "temperature": TEMPERATURE,
            "stop": ["\n"],
            "stream": False,
        }
        answer = self.connection.client.post("/completions", body, self.usage)
        continuation = (_completion(answer) or "").split("\n", 1)[0]
        return Hypothesis((prefix + continuation).rstrip(), float("nan"))

    # -- planning -----------------------------------------------------------------------------

    def estimate(self, documents: Sequence[Sequence[str]], probe: bool = False) -> Estimate:
        """What translating ``documents`` (each its sources in order, as the engine hands
        them over) would cost, sending nothing: the windows :meth:`generate` would send
        (a source asked once, however often it occurs), each prompt built as it would be
        (the previous window as context, with translations of the expected length) and
        counted as characters / :data:`CHARS_PER_TOKEN` + :data:`MESSAGE_TOKENS` a message;
        each answer as the sources' characters x :data:`LENGTH_RATIO` / the same, + 1 a
        line. ``probe``: add the one look at whether the server honours a JSON schema (once
        per server). Lines asked again, retries and a rerun served by the memory are not
        foreseen: the estimate is a first run on a server that answers in the format."""
        ratio = LENGTH_RATIO.get(self.target_language, 1.4)
        seen: set[str] = set()
        requests = windows = prompt = completion = sentences = 0
        if probe:
            sample = "سلام"
            task = JSON_LINES.format(**self._names(), n=1, lines=f"1. {sample}")
            requests += 1
            prompt += _prompt_tokens(self._messages([sample], None, task))
            completion += _tokens(PROBE_ANSWER)
        for sources in documents:
            todo = [s for s in dict.fromkeys(sources) if s not in seen and _has_letters(s)]
            seen.update(todo)
            sentences += len(todo)
            previous: _Window | None = None
            for window in _windows(todo):
                answer = ["x" * round(len(s) * ratio) for s in window]
                numbered = "\n".join(f"{k}. {_one_line(s)}" for k, s in enumerate(window, 1))
                task = LINES.format(**self._names(), n=len(window), lines=numbered)
                requests += 1
                windows += 1
                prompt += _prompt_tokens(self._messages(window, previous, task))
                completion += sum(_tokens(t) + 1 for t in answer)
                previous = _Window(tuple(window), tuple(answer))
        return Estimate(self.target_language, sentences, windows, requests, prompt, completion)

    # -- windows ------------------------------------------------------------------------------

    def _translate(self, sources: list[str]) -> None:
        """Translate ``sources``: each document's sentences in its order, window after
        window (each with the one before as context); documents side by side."""
        unknown = (self._documents + 1, 0)
        ranked = sorted(range(len(sources)), key=lambda k: self._order.get(sources[k], unknown))
        chains: dict[int, list[str]] = {}
        for k in ranked:
            chains.setdefault(self._order.get(sources[k], unknown)[0], []).append(sources[k])
        jobs = list(chains.values())
        if len(jobs) == 1:
            self._chain(jobs[0])
            return
        pool = ThreadPoolExecutor(max_workers=self.connection.client.options.concurrency)
        try:
            for future in [pool.submit(self._chain, job) for job in jobs]:
                future.result()
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def _chain(self, sources: list[str]) -> None:
        previous: _Window | None = None
        for window in _windows(sources):
            translations = self._window(window, previous)
            previous = _Window(tuple(window), tuple(translations))

    def _window(self, sources: list[str], context: _Window | None) -> list[str]:
        answers = self._ask_window(sources, context)
        first = [
            (answers.get(k + 1), self._problem(s, answers.get(k + 1)))
            for k, s in enumerate(sources)
        ]
        bad = [k for k, (_, problem) in enumerate(first) if problem is not None]
        fixed: dict[int, tuple[str | None, _LineProblem | None, int]] = {}
        if len(bad) == 1:
            fixed[bad[0]] = self._ask_again(sources[bad[0]], context)
        elif bad:  # each line on its own, side by side
            pool = ThreadPoolExecutor(max_workers=self.connection.client.options.concurrency)
            try:
                futures = {k: pool.submit(self._ask_again, sources[k], context) for k in bad}
                fixed = {k: future.result() for k, future in futures.items()}
            finally:
                pool.shutdown(wait=False, cancel_futures=True)
        out = []
        for k, source in enumerate(sources):
            text, problem, asks = fixed.get(k, (*first[k], 1))
            kept = text or ""
            if problem is not None:
                log.warning(
                    "toolkit: warning: openai (%s): a line %s after %d asks; it is reported "
                    "as a problem of its segment",
                    self.target_language,
                    problem.reason,
                    asks,
                )
                if not problem.keep:
                    kept = ""
            with self._lock:
                self._done[source] = Hypothesis(kept, float("nan"), finished=problem is None)
            out.append(kept)
        return out

    def _ask_again(
        self, source: str, context: _Window | None
    ) -> tuple[str | None, _LineProblem | None, int]:
        """A bad line asked on its own, up to :data:`LINE_RETRIES` times: the last answer,
        what is still wrong with it (None: nothing), and the asks in all."""
        text: str | None = None
        problem: _LineProblem | None = None
        for attempt in range(LINE_RETRIES):
            text = self._ask_line(source, context)
            problem = self._problem(source, text)
            if problem is None:
                return text, None, attempt + 2
        return text, problem, LINE_RETRIES + 1

    def _problem(self, source: str, text: str | None) -> _LineProblem | None:
        """Why a line of the answer cannot be taken as the translation of ``source``."""
        from toolkit.translate.engine import degenerate_reason

        if text is None:
            return _LineProblem("was missing from the answer (or not on one line of its own)")
        if not text.strip():
            return _LineProblem("came back empty")
        if normalize(text) == normalize(source):
            return _LineProblem("came back as the Persian source, copied", keep=True)
        reason = degenerate_reason(text, self.source_language)
        if reason is not None:
            return _LineProblem(f"came back as {reason}", keep=True)
        wrong = off_target(text, self.target_language)
        if wrong is not None:
            return _LineProblem(f"came back in the wrong script ({wrong.message})", keep=True)
        if len(source) >= 20 and not len(source) / 5 <= len(text) <= 5 * len(source) + 40:
            return _LineProblem("came back misaligned (its length does not match its line's)")
        return None

    # -- requests -----------------------------------------------------------------------------

    def _ask_window(self, sources: list[str], context: _Window | None) -> dict[int, str]:
        """The answer's line per number (1-based); a number missing or doubled is absent."""
        structured = self._structured()
        template = JSON_LINES if structured else LINES
        numbered = "\n".join(f"{k}. {_one_line(s)}" for k, s in enumerate(sources, 1))
        task = template.format(**self._names(), n=len(sources), lines=numbered)
        body = self._body(self._messages(sources, context, task), sources, structured)
        if structured:
            body["response_format"] = json_schema(len(sources))
        content = message_text(self._post(body))
        parsed = _parse_json(content, len(sources)) if structured else None
        return parsed if parsed is not None else _parse_numbered(content, len(sources))

    def _ask_line(self, source: str, context: _Window | None) -> str | None:
        task = ONE_LINE.format(**self._names(), line=_one_line(source))
        content = message_text(
            self._post(self._body(self._messages([source], context, task), [source], False))
        )
        lines = [line.strip() for line in _FENCE.sub("", content.strip()).splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            return ""
        if len(lines) > 1:
            return None  # several lines: not one line's translation
        match = _NUMBERED.match(lines[0])
        return match.group(2) if match and match.group(1) == "1" else lines[0]

    def _structured(self) -> bool:
        """Whether the server honours a JSON schema: asked once per server, with one line."""
        conn = self.connection
        with conn._lock:
            if conn.structured is None:
                conn.structured = self._probe()
            return conn.structured

    def _probe(self) -> bool:
        sample = "سلام"
        task = JSON_LINES.format(**self._names(), n=1, lines=f"1. {sample}")
        body = self._body(self._messages([sample], None, task), [sample], True)
        body["response_format"] = json_schema(1)
        try:
            answer = self._post(body)
        except Refused:
            return False
        return _parse_json(message_text(answer), 1) is not None

    def _messages(
        self, sources: Sequence[str], context: _Window | None, task: str
    ) -> list[dict[str, str]]:
        names = self._names()
        parts = []
        if context is not None and context.sources:
            parts.append(
                CONTEXT.format(
                    **names,
                    source_lines="\n".join(_one_line(s) for s in context.sources),
                    target_lines="\n".join(_one_line(t) for t in context.translations),
                )
            )
        entries = self._glossary_entries(sources)
        if entries:
            note = TERM_NOTES.get(self.target_language, "")
            parts.append(GLOSSARY.format(note=note, entries="\n".join(entries)))
        parts.append(task)
        return [
            {"role": "system", "content": SYSTEM.format(**names)},
            {"role": "user", "content": "\n\n".join(parts)},
        ]

    def _glossary_entries(self, sources: Sequence[str]) -> list[str]:
        """``- Persian words → required form(s)`` for each glossary term in ``sources``."""
        if self._matcher is None:
            return []
        out: dict[str, str] = {}
        for source in sources:
            for match in self._matcher.find(source):
                forms = match.term.get(self.target_language)
                if forms and match.surface not in out:
                    out[match.surface] = f"- {match.surface} → {' / '.join(forms)}"
        return list(out.values())

    def _body(
        self, messages: list[dict[str, str]], sources: Sequence[str], json_mode: bool
    ) -> dict[str, Any]:
        budget = sum(len(s) // 2 + 16 + (12 if json_mode else 0) for s in sources)
        return {
            "model": self.connection.model,
            "messages": messages,
            "temperature": TEMPERATURE,
            "max_tokens": min(budget, 8192),
            "stream": False,
        }

    def _post(self, body: dict[str, Any]) -> Any:
        return self.connection.client.post("/chat/completions", body, self.usage)

    def _names(self) -> dict[str, str]:
        return {"source": name_of(self.source_language), "target": name_of(self.target_language)}


@dataclass(frozen=True)
class Estimate:
    """What one target language's translation would cost (:meth:`OpenAITranslator.estimate`):
    the sentences to send, the windows, the requests and the tokens, estimated."""

    language: str
    sentences: int
    windows: int
    requests: int
    prompt_tokens: int
    completion_tokens: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences,
            "windows": self.windows,
            "requests": self.requests,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
        }

    def __str__(self) -> str:
        windows = (
            f"{_many(self.sentences, 'sentence')} in {_many(self.windows, 'window')}: "
            if self.windows
            else ""
        )
        return (
            f"{self.language}: {windows}{_many(self.requests, 'request')}, about "
            f"{self.prompt_tokens} prompt and {self.completion_tokens} completion tokens"
        )


def _many(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


ESTIMATE_METHOD = (
    "no request sent: the windows the translator would send for a first run (the memory "
    f"not read); tokens = characters / {CHARS_PER_TOKEN} + {MESSAGE_TOKENS} a message; an "
    "answer as long as the source x the target's length ratio; lines asked again and "
    "retries not foreseen"
)
"""How :func:`dry_run` estimates: printed with its figures."""


def dry_run(
    texts: Sequence[str], targets: Sequence[str], model: str, glossary: Glossary | None
) -> list[Estimate]:
    """The cost of translating ``texts`` into each of ``targets`` through a server serving
    ``model``, estimated without contacting it (:meth:`OpenAITranslator.estimate`); the
    first language carries the one look at whether the server honours a JSON schema."""
    from toolkit.translate.engine import TranslationEngine

    connection = Connection.offline(model)
    out = []
    for k, target in enumerate(targets):
        translator = OpenAITranslator(connection, "fa", target, glossary)
        engine = TranslationEngine(translator, glossary)
        documents = [engine.sources(text) for text in texts]
        out.append(translator.estimate(documents, probe=k == 0))
    return out


def _tokens(text: str) -> int:
    return -(-len(text) // CHARS_PER_TOKEN)


def _prompt_tokens(messages: Sequence[dict[str, str]]) -> int:
    return sum(_tokens(m["content"]) + MESSAGE_TOKENS for m in messages)


def _has_letters(text: str) -> bool:
    """Whether the engine hands ``text`` to the translator (a line of digits or
    punctuation alone is kept as it is)."""
    from toolkit.text.script import profile

    return profile(text).letters > 0


def _completion(answer: Any) -> str | None:
    """The text of a raw completion's first choice, or None when the answer is none."""
    try:
        text = answer["choices"][0]["text"]
    except (KeyError, IndexError, TypeError):
        return None
    return text if isinstance(text, str) else None


def _windows(sources: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    current: list[str] = []
    size = 0
    for source in sources:
        if current and (len(current) >= WINDOW_LINES or size + len(source) > WINDOW_CHARS):
            out.append(current)
            current, size = [], 0
        current.append(source)
        size += len(source)
    if current:
        out.append(current)
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _parse_numbered(content: str, n: int) -> dict[int, str]:
    """Numbered lines, strictly: ``k. text`` for k in 1..n; a number given twice, or a
    numbered line followed by an unnumbered one (a translation over two lines), is absent."""
    found: dict[int, str] = {}
    doubled: set[int] = set()
    last: int | None = None
    for raw in _FENCE.sub("", content.strip()).splitlines():
        if not raw.strip():
            continue
        match = _NUMBERED.match(raw)
        if match is None:
            if last is not None:
                doubled.add(last)  # continued on another line: not one line's translation
            continue
        k = int(match.group(1))
        if not 1 <= k <= n:
            last = None
            continue
        if k in found:
            doubled.add(k)
        found[k] = match.group(2)
        last = k
    return {k: v for k, v in found.items() if k not in doubled}


def _parse_json(content: str, n: int) -> dict[int, str] | None:
    """The lines of a JSON answer (``{"lines": [{"n", "text"}]}``), or None when it is not
    that JSON at all (a server that ignored the schema, an answer cut short)."""
    try:
        data = json.loads(_FENCE.sub("", content.strip()))
    except ValueError:
        return None
    items = data.get("lines") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    found: dict[int, str] = {}
    doubled: set[int] = set()
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            continue
        k = item.get("n")
        if not isinstance(k, int) or not 1 <= k <= n:
            continue
        if k in found:
            doubled.add(k)
        found[k] = item["text"].strip()
    return {k: v for k, v in found.items() if k not in doubled}


def usage_of(translator: Translator) -> dict[str, Any] | None:
    """The requests a translator sent, for the report (None for other translators)."""
    return translator.usage.to_dict() if isinstance(translator, OpenAITranslator) else None
