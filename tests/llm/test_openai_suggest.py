"""``toolkit glossary suggest --backend openai``: the suggestions no gazetteer covers are
rendered through the server, each marked as the model's, and the key is shown nowhere."""

from __future__ import annotations

import json

from builders import SEED
from llm.servers import Faulty, run_cli, translating

KEY = "sk-planted-" + "s" * 24


def test_the_server_renders_the_suggestions_no_gazetteer_covers(faulty: Faulty) -> None:
    faulty.fallback = translating
    result = run_cli(
        "glossary", "suggest", str(SEED), "--to", "en", "--format", "json",
        "--backend", "openai", "--model", "fake-llm", "--api-base", faulty.api_base,
        env={"TOOLKIT_API_KEY": KEY},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    by_model = [
        s["renderings"]["en"]["text"]
        for s in data["suggestions"]
        if s["renderings"].get("en", {}).get("method") == "model"
    ]
    # The well-behaved server answers line k with "English line k of the window."
    assert by_model and all(t.startswith("English line ") for t in by_model)
    assert faulty.requests, "nothing was asked of the server"
    assert KEY not in result.stdout + result.stderr


def test_a_server_that_is_down_is_one_line_and_exit_5() -> None:
    result = run_cli(
        "glossary", "suggest", str(SEED), "--to", "en",
        "--backend", "openai", "--model", "fake-llm", "--api-base", "http://127.0.0.1:9/v1",
    )  # fmt: skip
    assert result.returncode == 5, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
