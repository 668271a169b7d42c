"""The openai backend against a small faulty server: retries, Retry-After, a retry budget,
answers cut short, lines left out, copied or misnumbered, a refused key, an unknown model,
and a key that must never show."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from builders import ROOT
from llm.servers import (
    LINE_1,
    LINE_2,
    Faulty,
    Reply,
    answer,
    free_port,
    numbered_lines,
    run_cli,
    status,
    translating,
)

from toolkit.errors import ConfigError, InputError, ModelError
from toolkit.glossary.model import Glossary, Term
from toolkit.translate.base import CAPABILITIES, Unsupported
from toolkit.translate.engine import TranslationEngine
from toolkit.translate.factory import build_translator
from toolkit.translate.openai import (
    OpenAITranslator,
    _parse_json,
    _parse_numbered,
)
from toolkit.translate.openai_client import _retry_after, redact_url

FAST = {"backoff": 0.01, "max_retries": 2}
GLOSSARY = Glossary(
    (
        Term.create({"fa": "وزارت ارتباطات", "en": "Ministry of ICT", "ru": "Минкомсвязи"}),
        Term.create({"fa": "قرارداد", "en": "contract", "ru": "контракт"}),
    ),
    ("fa", "en", "ru"),
    name="test.tsv",
)


def translator(faulty: Faulty, target: str = "en", **settings: Any) -> OpenAITranslator:
    made = build_translator(
        "fake-llm",
        target,
        backend="openai",
        glossary=GLOSSARY,
        settings={"api_base": faulty.api_base, **FAST, **settings},
    )
    assert isinstance(made, OpenAITranslator)
    return made


# -- parsing, by hand ----------------------------------------------------------------------

NUMBERED = [
    ("1. One.\n2. Two.", 2, {1: "One.", 2: "Two."}),
    ("2) Two.\n1) One.", 2, {1: "One.", 2: "Two."}),  # by number, not by place
    ("1. One.\n\n2. Two.\n3. Extra.", 2, {1: "One.", 2: "Two."}),
    ("1. One.\n1. Again.\n2. Two.", 2, {2: "Two."}),  # a number twice: neither is taken
    ("1. One,\ncontinued.\n2. Two.", 2, {2: "Two."}),  # over two lines: not one line's
    ("Here is the translation:\n1. One.", 2, {1: "One."}),
    ("```\n1. One.\n2. Two.\n```", 2, {1: "One.", 2: "Two."}),
    ("\n\n\n", 2, {}),
]


@pytest.mark.parametrize(("content", "n", "expected"), NUMBERED)
def test_numbered_lines_are_parsed_strictly(content: str, n: int, expected: dict[int, str]) -> None:
    assert _parse_numbered(content, n) == expected


JSON_ANSWERS = [
    ('{"lines": [{"n": 1, "text": "One."}, {"n": 2, "text": "Two."}]}', {1: "One.", 2: "Two."}),
    ('{"lines": [{"n": 2, "text": "Two."}]}', {2: "Two."}),
    ('{"lines": [{"n": 1, "text": "One."}, {"n": 1, "text": "Uno."}]}', {}),
    ('{"lines": [{"n": 1, "text": "One."}', None),  # cut short
    ("1. One.", None),  # the schema ignored
]


@pytest.mark.parametrize(("content", "expected"), JSON_ANSWERS)
def test_json_answers_are_parsed_or_refused(content: str, expected: dict[int, str] | None) -> None:
    assert _parse_json(content, 2) == expected


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://user:s3cret@host:8000/v1?key=abc", "http://host:8000/v1"),
        ("https://api.openai.com/v1", "https://api.openai.com/v1"),
    ],
)
def test_urls_are_shown_without_credentials(url: str, shown: str) -> None:
    assert redact_url(url) == shown


@pytest.mark.parametrize(
    ("header", "seconds"), [("2", 2.0), ("0.5", 0.5), (None, None), ("soon", None)]
)
def test_retry_after_is_read_in_seconds(header: str | None, seconds: float | None) -> None:
    assert _retry_after(header) == seconds


# -- the translator's declared capabilities -----------------------------------------------


def test_the_translator_declares_no_capability_and_refuses_as_input_error(faulty: Faulty) -> None:
    faulty.fallback = translating
    tr = translator(faulty)
    assert tr.capabilities == frozenset() and not any(tr.can(c) for c in CAPABILITIES)
    with pytest.raises(Unsupported):
        tr.score([LINE_1], ["x"])
    with pytest.raises(InputError, match="prefix"):
        tr.generate([LINE_1], prefixes=["The"])
    with pytest.raises(InputError, match="n-best"):
        tr.generate(["وزارت ارتباطات"], num_hypotheses=4)
    assert tr.attention([LINE_1], ["x"]) is None
    assert faulty.requests == []  # none of that asked the server


# -- alignment -----------------------------------------------------------------------------


def test_a_window_is_one_request_with_its_glossary_entries(faulty: Faulty) -> None:
    faulty.fallback = translating
    tr = translator(faulty, target="ru")
    tr.expect([f"{LINE_1}\n{LINE_2}"])
    hyps = tr.generate([LINE_2, LINE_1])  # the engine's order: by length
    assert [h[0].text for h in hyps] == [
        "Русская строка 2 этого окна.",
        "Русская строка 1 этого окна.",
    ]
    probe, window = faulty.requests  # the JSON-schema probe, then the window
    assert "response_format" in probe and "response_format" not in window
    prompt = window["messages"][-1]["content"]
    assert numbered_lines(prompt) == [LINE_1, LINE_2]  # in document order
    assert "وزارت ارتباطات → Минкомсвязи" in prompt and "قرارداد → контракт" in prompt
    assert "decline the Russian term" in prompt
    assert window["model"] == "fake-llm" and window["temperature"] == 0.0
    # Asked again (an engine's retry): served from what was checked, no request.
    tr.generate([LINE_1], num_hypotheses=4)
    assert len(faulty.requests) == 2


def test_only_the_window_s_terms_go_into_the_prompt(faulty: Faulty) -> None:
    faulty.fallback = translating
    tr = translator(faulty)
    tr.generate([LINE_2])
    prompt = faulty.user_prompts()[-1]
    assert "contract" in prompt and "Ministry of ICT" not in prompt
    assert "decline" not in prompt


def test_the_previous_window_is_the_context_of_the_next(
    faulty: Faulty, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.translate import openai

    monkeypatch.setattr(openai, "WINDOW_LINES", 1)
    faulty.fallback = translating
    tr = translator(faulty)
    tr.expect([f"{LINE_1}\n{LINE_2}"])
    tr.generate([LINE_1, LINE_2])
    first, second = faulty.user_prompts()[1:]
    assert "for context only" not in first
    context = second.split("Translate each numbered")[0]
    assert LINE_1 in context and "English line 1 of the window." in context


def test_a_missing_line_is_asked_again_alone_never_shifted(faulty: Faulty) -> None:
    faulty.script = [
        status(400, detail="response_format is not supported"),  # the probe: no schemas
        answer("2. The second line, in English."),  # line 1 left out
        answer("The first line, asked alone."),
    ]
    tr = translator(faulty)
    tr.expect([f"{LINE_1}\n{LINE_2}"])
    hyps = tr.generate([LINE_1, LINE_2])
    assert [h[0].text for h in hyps] == [
        "The first line, asked alone.",
        "The second line, in English.",
    ]
    again = faulty.user_prompts()[-1]
    assert LINE_1 in again and LINE_2 not in again.split("Translate this")[-1]


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (LINE_1, "copied"),
        ("", "empty"),
        ("Это русский текст, а не английский перевод строки.", "wrong script"),
    ],
)
def test_a_bad_line_is_asked_again_then_reported_by_the_engine(
    faulty: Faulty, bad: str, why: str, caplog: pytest.LogCaptureFixture
) -> None:
    faulty.fallback = lambda body: answer(
        f"1. {bad}" if numbered_lines(body["messages"][-1]["content"]) else bad
    )
    tr = translator(faulty)
    engine = TranslationEngine(tr)
    result = engine.translate(LINE_1)
    asks = [p for p in faulty.user_prompts() if "Translate this" in p]
    assert len(asks) == 2  # re-asked twice, alone
    assert any(why in r.getMessage() for r in caplog.records)
    seg = result.segments[0]
    assert seg.problems, "a line that stayed bad is reported, not passed as a translation"
    assert result.lines[0] in ("", bad)


def test_structured_output_is_used_where_the_server_honours_it(faulty: Faulty) -> None:
    def schema(body: dict[str, Any]) -> Reply:
        n = len(numbered_lines(body["messages"][-1]["content"]))
        lines = [{"n": k, "text": f"JSON line {k} in English here."} for k in range(1, n + 1)]
        return answer(json.dumps({"lines": lines}))

    faulty.fallback = schema
    tr = translator(faulty)
    assert [h[0].text for h in tr.generate([LINE_1, LINE_2])] == [
        "JSON line 1 in English here.",
        "JSON line 2 in English here.",
    ]
    assert all("response_format" in r for r in faulty.requests)
    assert (
        faulty.requests[-1]["response_format"]["json_schema"]["schema"]["properties"]["lines"][
            "minItems"
        ]
        == 2
    )


# -- operations ----------------------------------------------------------------------------


def test_a_429_is_waited_out_as_retry_after_says_then_succeeds(faulty: Faulty) -> None:
    faulty.script = [status(429, {"Retry-After": "1"}, "slow down")]
    faulty.fallback = translating
    tr = translator(faulty)
    started = time.monotonic()
    assert tr.generate([LINE_1])[0][0].text == "English line 1 of the window."
    assert time.monotonic() - started >= 1.0
    assert faulty.times[1] - faulty.times[0] >= 1.0
    assert tr.usage.retries == 1


def test_an_answer_cut_short_is_asked_again(faulty: Faulty) -> None:
    faulty.script = [(200, {"Content-Type": "application/json"}, b'{"choices": [{"mess')]
    faulty.fallback = translating
    assert translator(faulty).generate([LINE_1])[0][0].text == "English line 1 of the window."


def test_500s_past_the_retries_are_a_model_error(faulty: Faulty) -> None:
    faulty.fallback = lambda body: status(500, detail="boom")
    with pytest.raises(ModelError, match=r"failed 3 times in a row: HTTP 500: boom"):
        translator(faulty).generate([LINE_1])
    assert len(faulty.requests) == 3  # the first try and two retries


def test_the_run_s_retry_budget_bounds_all_requests(faulty: Faulty) -> None:
    faulty.fallback = lambda body: status(503)
    with pytest.raises(ModelError, match="retry budget"):
        translator(faulty, max_retries=10, retry_budget=3).generate([LINE_1])
    assert len(faulty.requests) == 4


def test_no_address_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="api_base"):
        build_translator("m", "en", backend="openai", settings={})


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.fa.txt"
    path.write_text(f"{LINE_1}\n\n{LINE_2}\n", encoding="utf-8")
    return path


def test_a_server_down_is_one_line_exit_5_in_under_5_seconds(article: Path) -> None:
    started = time.monotonic()
    result = run_cli(
        "translate", str(article), "--backend", "openai", "--model", "m", "--to", "en",
        "--api-base", f"http://127.0.0.1:{free_port()}/v1", "--no-glossary",
    )  # fmt: skip
    assert time.monotonic() - started < 5.0
    assert result.returncode == 5
    assert result.stderr.count("\n") == 1 and "cannot reach the server" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("401", "refused the API key (HTTP 401); set TOOLKIT_API_KEY or OPENAI_API_KEY"),
        ("unknown", "does not serve model 'm' (it serves: fake-llm)"),
        ("404", "is not an OpenAI-compatible API"),
    ],
)
def test_a_refused_key_or_an_unknown_model_is_one_line_exit_5(
    faulty: Faulty, article: Path, tmp_path: Path, setup: str, message: str
) -> None:
    key = "sk-planted-" + "k" * 20
    model = "m" if setup == "unknown" else "fake-llm"
    if setup == "401":
        faulty.models_reply = status(401, detail=f"Incorrect API key provided: {key}")
    if setup == "404":
        faulty.models_reply = status(404)
    result = run_cli(
        "translate", str(article), "--backend", "openai", "--model", model, "--to", "en",
        "--api-base", faulty.api_base, "--no-glossary",
        env={"TOOLKIT_API_KEY": key, "TOOLKIT_HOME": str(tmp_path / "home")},
    )  # fmt: skip
    assert result.returncode == 5, result.stderr
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert key not in result.stderr + result.stdout


def test_a_planted_key_is_sent_and_shown_nowhere(
    faulty: Faulty, article: Path, tmp_path: Path
) -> None:
    key = "sk-planted-" + "x" * 24
    faulty.fallback = translating
    out = tmp_path / "out"
    home = tmp_path / "home"
    env = {"TOOLKIT_API_KEY": key, "TOOLKIT_HOME": str(home)}
    args = (
        "translate", str(article), "--backend", "openai", "--model", "fake-llm",
        "--api-base", faulty.api_base.replace("http://", "http://user:pw@"),
        "--no-glossary", "--to", "en", "--to", "ru", "--out", str(out), "--format", "json",
    )  # fmt: skip
    result = run_cli(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert all(h.get("Authorization") == f"Bearer {key}" for h in faulty.headers)
    written = [p for folder in (out, home) for p in folder.rglob("*") if p.is_file()]
    assert {p.name for p in written} >= {"article.en.txt", "article.ru.txt", "memory.sqlite3"}
    for text in (
        result.stdout,
        result.stderr,
        *(p.read_bytes().decode("utf-8", "replace") for p in written),
    ):
        assert key not in text and "pw@" not in text and "user:pw" not in text
    data = json.loads(result.stdout)
    assert data["signature"]["translators"]["en"]["model"] == "fake-llm"
    assert "127.0.0.1" not in json.dumps(data["signature"])
    for lang, line in (
        ("en", "English line {k} of the window."),
        ("ru", "Русская строка {k} этого окна."),
    ):
        lines = (out / f"article.{lang}.txt").read_text(encoding="utf-8").splitlines()
        assert lines == [line.format(k=1), "", line.format(k=2)]
    # The rerun is served by the memory: no chat request at all.
    sent = len(faulty.requests)
    again = run_cli(*args[:-4], "--format", "json", env=env)
    assert again.returncode == 0, again.stderr
    assert len(faulty.requests) == sent
    assert all(u["requests"] == 0 for u in json.loads(again.stdout)["requests"].values())


def test_requests_in_flight_are_bounded_by_the_concurrency(faulty: Faulty) -> None:
    import threading

    state = {"now": 0, "most": 0}
    lock = threading.Lock()

    def slow(body: dict[str, Any]) -> Reply:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.2)
        with lock:
            state["now"] -= 1
        return translating(body)

    faulty.fallback = slow
    tr = translator(faulty, concurrency=2)
    documents = [LINE_1, LINE_2, "سفیر ایران در روسیه گفت.", "نتایج سفر خوب بود."]
    tr.expect(documents)
    hyps = tr.generate(documents)  # four documents: four chains side by side
    assert all(h[0].text == "English line 1 of the window." for h in hyps)
    assert state["most"] == 2


def test_a_slow_answer_past_the_timeout_is_retried_then_an_error(faulty: Faulty) -> None:
    def slow(body: dict[str, Any]) -> Reply:
        time.sleep(0.5)
        return translating(body)

    faulty.fallback = slow
    with pytest.raises(ModelError, match=r"failed 3 times in a row: no answer within 0.2 s"):
        translator(faulty, timeout=0.2).generate([LINE_1])


def test_the_options_never_show_credentials_of_the_address(faulty: Faulty) -> None:
    from toolkit.translate.openai_client import ServerOptions

    options = ServerOptions.from_settings({"api_base": "http://user:s3cret@host:1/v1"})
    assert "s3cret" not in repr(options) and "host:1" in repr(options)


def test_ctrl_c_while_waiting_for_the_server_exits_130_with_nothing_written(
    faulty: Faulty, article: Path, tmp_path: Path
) -> None:
    import os
    import signal

    def never(body: dict[str, Any]) -> Reply:
        time.sleep(3)
        return translating(body)

    faulty.fallback = never
    out = tmp_path / "out"
    command = [
        sys.executable, "-m", "toolkit", "translate", str(article), "--backend", "openai",
        "--model", "fake-llm", "--api-base", faulty.api_base, "--no-glossary", "--to", "en",
        "--out", str(out), "-q",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TOOLKIT_HOME": str(tmp_path / "home")}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not faulty.requests and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "toolkit: interrupted"
    assert not out.exists() or not any(out.iterdir())
