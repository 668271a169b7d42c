"""``--dry-run`` with ``--backend openai``: the requests and tokens a translation would
cost, estimated from the windows the translator would send, with nothing sent and nothing
written; a usage error with any other backend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from llm.servers import LINE_1, LINE_2, Faulty, free_port, run_cli

from toolkit.glossary.model import Glossary, Term
from toolkit.translate.openai import (
    CHARS_PER_TOKEN,
    WINDOW_LINES,
    Connection,
    OpenAITranslator,
    dry_run,
)

ARTICLE = f"{LINE_1}\n\n{LINE_2}\n"


def translator(target: str = "en", glossary: Glossary | None = None) -> OpenAITranslator:
    return OpenAITranslator(Connection.offline("m"), "fa", target, glossary)


def test_a_source_of_30_characters_is_answered_in_about_15_tokens() -> None:
    # en: 30 x 1.35 = 40.5 -> 40 characters, / 3 -> 14 tokens (rounded up), + 1 a line
    # ru: 30 x 1.45 = 43.5 -> 44 characters -> 15 tokens, + 1
    source = "ا" * 29 + "."
    assert CHARS_PER_TOKEN == 3
    assert translator("en").estimate([[source]]).completion_tokens == 15
    assert translator("ru").estimate([[source]]).completion_tokens == 16


WINDOWS = [
    # (documents, sentences, windows)
    ([[LINE_1, LINE_2]], 2, 1),
    ([[LINE_1, LINE_1, LINE_2]], 2, 1),  # a source is asked once
    ([[LINE_1], [LINE_1, LINE_2]], 2, 2),  # ... across documents too; each its windows
    ([["۱۴۰۴", LINE_1]], 1, 1),  # digits alone are kept as they are, never sent
    ([[f"جمله شماره {k} است." for k in range(WINDOW_LINES + 1)]], WINDOW_LINES + 1, 2),
    ([[]], 0, 0),
]


@pytest.mark.parametrize(("documents", "sentences", "windows"), WINDOWS)
def test_the_estimate_counts_the_windows_the_translator_would_send(
    documents: list[list[str]], sentences: int, windows: int
) -> None:
    found = translator().estimate(documents)
    assert (found.sentences, found.windows, found.requests) == (sentences, windows, windows)
    probed = translator().estimate(documents, probe=True)
    assert probed.requests == windows + 1  # the one look at JSON schemas
    assert probed.prompt_tokens > found.prompt_tokens


def test_the_glossary_entries_and_the_previous_window_count_in_the_prompt() -> None:
    glossary = Glossary(
        (Term.create({"fa": "قرارداد", "en": "contract", "ru": "контракт"}),),
        ("fa", "en", "ru"),
    )
    plain = translator("en").estimate([[LINE_2]])
    with_terms = translator("en", glossary).estimate([[LINE_2]])
    assert with_terms.prompt_tokens > plain.prompt_tokens
    lines = [f"جمله شماره {k} است." for k in range(WINDOW_LINES + 1)]
    two = translator().estimate([lines])
    alone = translator().estimate([lines[:WINDOW_LINES]]), translator().estimate([lines[-1:]])
    # the second window carries the first one as context
    assert two.prompt_tokens > alone[0].prompt_tokens + alone[1].prompt_tokens


def test_dry_run_plans_each_language_and_probes_once() -> None:
    en, ru = dry_run([ARTICLE], ["en", "ru"], "m", None)
    assert (en.language, en.sentences, en.requests) == ("en", 2, 2)
    assert (ru.language, ru.sentences, ru.requests) == ("ru", 2, 1)


def test_translate_dry_run_sends_nothing_and_writes_nothing(faulty: Faulty, tmp_path: Path) -> None:
    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out, home = tmp_path / "out", tmp_path / "home"
    args = ["--backend", "openai", "--model", "m", "--api-base", faulty.api_base]
    result = run_cli(
        "translate", str(article), "--to", "en", "--to", "ru", "--no-glossary", "--out",
        str(out), "--format", "json", "--dry-run", *args, env={"TOOLKIT_HOME": str(home)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["dry_run"] is True
    assert {lang: e["requests"] for lang, e in data["languages"].items()} == {"en": 2, "ru": 1}
    assert data["total"]["requests"] == 3
    assert data["total"]["prompt_tokens"] > 0 and data["total"]["completion_tokens"] > 0
    assert "no request sent" in data["method"]
    assert faulty.requests == []
    assert not out.exists() and not home.exists()


def test_run_dry_run_needs_no_server_and_writes_nothing(tmp_path: Path) -> None:
    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out, home = tmp_path / "out", tmp_path / "home"
    down = f"http://127.0.0.1:{free_port()}/v1"
    result = run_cli(
        "run", str(article), "--no-glossary", "--out", str(out), "--dry-run", "--backend",
        "openai", "--model", "m", "--api-base", down, env={"TOOLKIT_HOME": str(home)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("en: 2 sentences in 1 window: 2 requests")
    assert lines[1].startswith("ru: 2 sentences in 1 window: 1 request,")
    assert lines[2].startswith("total: 3 requests")
    assert not out.exists() and not home.exists()


@pytest.mark.parametrize("command", ["translate", "run"])
def test_dry_run_with_a_seq2seq_backend_is_a_usage_error(command: str, tmp_path: Path) -> None:
    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    extra = ["--to", "en"] if command == "translate" else ["--out", str(tmp_path / "out")]
    result = run_cli(command, str(article), *extra, "--backend", "hf", "--dry-run")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--backend openai" in result.stderr
    assert not (tmp_path / "out").exists()


def test_run_dry_run_as_json_gives_each_language_and_the_total(tmp_path: Path) -> None:
    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli(
        "run", str(article), "--no-glossary", "--dry-run", "--backend", "openai", "--model",
        "m", "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["dry_run"] is True and data["model"] == "m"
    assert [data["languages"][lang]["requests"] for lang in ("en", "ru")] == [2, 1]
    assert data["total"]["requests"] == 3
    assert not (tmp_path / "out").exists()


def test_run_dry_run_with_llm_summaries_counts_one_request_each(tmp_path: Path) -> None:
    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli(
        "run", str(article), "--no-glossary", "--dry-run", "--backend", "openai", "--model",
        "m", "--summary-method", "llm", "--sentences", "2",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # one request per summary (fa, en, ru), its answer at most 2 x 60 tokens; then the
    # article's windows alone (no summary translated)
    for k, lang in enumerate(("fa", "en", "ru")):
        assert lines[k].startswith(f"summary {lang}: 1 request, about ")
        assert lines[k].endswith(" prompt and 120 completion tokens")
    assert lines[3].startswith("en: 2 sentences in 1 window: 2 requests")
    assert lines[5].startswith("total: 6 requests")
