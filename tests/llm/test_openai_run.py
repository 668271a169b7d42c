"""``toolkit run`` and ``toolkit batch`` with ``--backend openai``, against the faulty
server behaving well: the article's files, the report and the batch index, with no hub
lookup and the key nowhere."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from builders import ROOT
from llm.servers import LINE_1, LINE_2, Faulty, run_cli, translating

RUN_SCHEMA = json.loads((ROOT / "toolkit" / "run_report.schema.json").read_text("utf-8"))

KEY = "sk-planted-" + "r" * 24
ARTICLE = f"{LINE_1}\n\n{LINE_2}\n"


def server_args(faulty: Faulty) -> list[str]:
    return ["--backend", "openai", "--model", "fake-llm", "--api-base", faulty.api_base]


def no_key_under(*folders: Path) -> None:
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                assert KEY.encode() not in path.read_bytes(), path


def test_run_writes_the_article_s_files_through_the_server(faulty: Faulty, tmp_path: Path) -> None:
    faulty.fallback = translating
    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out, home = tmp_path / "out", tmp_path / "home"
    env = {"TOOLKIT_API_KEY": KEY, "TOOLKIT_HOME": str(home)}
    result = run_cli(
        "run", str(article), "--out", str(out), "--no-glossary", "-q", *server_args(faulty), env=env
    )
    assert result.returncode in (0, 1), result.stderr  # 1: quality findings
    lines = (out / "article.en.txt").read_text(encoding="utf-8").splitlines()
    assert lines == ["English line 1 of the window.", "", "English line 2 of the window."]
    assert (out / "article.ru.txt").read_text(encoding="utf-8").splitlines()[
        2
    ] == "Русская строка 2 этого окна."
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    options = report["signature"]["options"]
    assert options["backend"] == "openai" and options["api_base"] == faulty.api_base
    assert report["signature"]["translator"]["en"]["model"] == "fake-llm"
    no_key_under(out, home)
    assert KEY not in result.stdout + result.stderr


def test_run_records_each_language_s_requests_in_the_report(faulty: Faulty, tmp_path: Path) -> None:
    faulty.fallback = translating  # every answer counts 10 prompt and 5 completion tokens
    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out, home = tmp_path / "out", tmp_path / "home"
    args = ["run", str(article), "--no-glossary", "-q", *server_args(faulty)]
    env = {"TOOLKIT_HOME": str(home)}
    first = run_cli(*args, "--out", str(out), env=env)
    assert first.returncode in (0, 1), first.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, RUN_SCHEMA)
    en, ru = (report["languages"][lang]["requests"] for lang in ("en", "ru"))
    # en: the look at whether the server honours a JSON schema (once per server), then one
    # window with both lines (the summary's two sentences are the article's: asked once);
    # ru: its window alone.
    assert (en["requests"], en["prompt_tokens"], en["completion_tokens"]) == (2, 20, 10)
    assert (ru["requests"], ru["prompt_tokens"], ru["completion_tokens"]) == (1, 10, 5)
    assert en["retries"] == ru["retries"] == 0
    assert abs(en["latency"] - en["seconds"] / 2) <= 0.001
    assert len(faulty.requests) == 3

    # The rerun is served by the memory: 0 requests, recorded as such.
    again = run_cli(*args, "--out", str(tmp_path / "again"), env=env)
    assert again.returncode in (0, 1), again.stderr
    report = json.loads((tmp_path / "again" / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, RUN_SCHEMA)
    assert {lang: r["requests"]["requests"] for lang, r in report["languages"].items()} == {
        "en": 0,
        "ru": 0,
    }
    assert len(faulty.requests) == 3


def test_batch_runs_every_article_through_the_server(faulty: Faulty, tmp_path: Path) -> None:
    faulty.fallback = translating
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "two.txt").write_text("سفیر ایران در روسیه از نتایج سفر گفت.\n", encoding="utf-8")
    out, home = tmp_path / "out", tmp_path / "home"
    env = {"TOOLKIT_API_KEY": KEY, "TOOLKIT_HOME": str(home)}
    args = [
        "batch",
        str(corpus),
        "--out",
        str(out),
        "--no-glossary",
        "--to",
        "en",
        "-q",
        *server_args(faulty),
    ]
    result = run_cli(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert (out / "one" / "article.en.txt").read_text(encoding="utf-8").splitlines()[
        0
    ] == "English line 1 of the window."
    assert (out / "two" / "article.en.txt").read_text(encoding="utf-8").splitlines() == [
        "English line 1 of the window."
    ]
    no_key_under(out, home)


def test_run_with_the_server_down_fails_before_any_work(tmp_path: Path) -> None:
    from llm.servers import free_port

    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    down = [
        "--backend",
        "openai",
        "--model",
        "m",
        "--api-base",
        f"http://127.0.0.1:{free_port()}/v1",
    ]
    result = run_cli("run", str(article), "--out", str(out), "--no-glossary", "-q", *down)
    assert result.returncode == 5 and result.stderr.count("\n") == 1
    assert not out.exists()


def test_batch_has_the_server_write_each_article_s_summaries(
    faulty: Faulty, tmp_path: Path
) -> None:
    faulty.fallback = translating
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text(ARTICLE, encoding="utf-8")
    out, home = tmp_path / "out", tmp_path / "home"
    env = {"TOOLKIT_API_KEY": KEY, "TOOLKIT_HOME": str(home)}
    args = ["batch", str(corpus), "--out", str(out), "--no-glossary", "--to", "en", "-q"]
    result = run_cli(*args, "--summary-method", "llm", *server_args(faulty), env=env)
    assert result.returncode == 0, result.stderr
    # The summary prompt has no numbered lines: the server answers its one-line reply.
    summary = (out / "one" / "summary.en.txt").read_text(encoding="utf-8")
    assert summary.strip() == "The line asked again, in English."
    report = json.loads((out / "one" / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["requests"]
    no_key_under(out, home)
