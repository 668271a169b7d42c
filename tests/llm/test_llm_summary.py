"""``toolkit summarize --method llm`` and ``toolkit run --summary-method llm``: the summary
written by the server in the target language, then checked against the Persian article.

Through the real ``transformers serve`` (a random model: the summary is noise, so the tests
assert its structure, the findings being true of it, and the exit codes), and through the
faulty server scripted to answer with numbers the article lacks (the findings, exactly).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from builders import ROOT
from llm.servers import LINE_1, LINE_2, Faulty, Served, answer, run_cli, translating

from toolkit.evaluate.support import check_summary

RUN_SCHEMA = json.loads((ROOT / "toolkit" / "run_report.schema.json").read_text("utf-8"))
ARTICLE = f"{LINE_1}\n\n{LINE_2}\n"  # «پنج قرارداد»: five contracts; no other number


def summarize(api_base: str, model: str, article: Path, *extra: str) -> list[str]:
    return [
        "summarize", str(article), "--method", "llm", "--backend", "openai",
        "--api-base", api_base, "--model", model, *extra,
    ]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("target", ["en", "ru", "fa"])
def test_a_random_chat_model_s_summary_comes_back_checked(
    llm_server: Served, tmp_path: Path, target: str
) -> None:
    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    args = summarize(llm_server.api_base, llm_server.model, article, "--to", target)
    result = run_cli(*args, "--format", "json", env={"TOOLKIT_HOME": str(tmp_path / "home")})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["language"] == target and data["method"] == "llm"
    assert 1 <= len(data["sentences"]) <= 3
    assert data["signature"]["model"] == llm_server.model
    written = "\n".join(s["text"] for s in data["sentences"])
    # every finding is what the support check says of the summary, and only those
    expected = check_summary(ARTICLE, written, target, None if target == "fa" else _glossary())
    assert [(f["kind"], f["evidence"]) for f in data["findings"]] == [
        (f.detail.kind, f.target_evidence) for f in expected
    ]
    assert all(f["severity"] == "error" for f in data["findings"])


def _glossary():  # type: ignore[no-untyped-def]
    from toolkit.glossary.validate import load_glossary

    return load_glossary(ROOT / "glossaries" / "iran-russia-ict.tsv")


def test_numbers_the_article_lacks_are_error_findings(faulty: Faulty, tmp_path: Path) -> None:
    faulty.fallback = lambda body: answer(
        "Five contracts were signed in Moscow.\nSeven more follow in 2031."
    )
    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    args = summarize(faulty.api_base, "fake-llm", article, "--to", "en")
    result = run_cli(*args, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["text"] for s in data["sentences"]] == [
        "Five contracts were signed in Moscow.",
        "Seven more follow in 2031.",
    ]
    # «five» is the article's پنج; the article names no city (Moscow: a glossary term)
    assert [(f["sentence"], f["kind"], f["value"]) for f in data["findings"]] == [
        (1, "term", "Moscow"),
        (2, "number", "Seven"),
        (2, "number", "2031"),
    ]
    assert data["requests"]["requests"] == 1 and data["requests"]["prompt_tokens"] == 10
    prompt = faulty.requests[0]["messages"][-1]["content"]
    # two sentences asked for (the default three, at most the article's), the article's
    # glossary entry with its required rendering
    assert "in at most 2 sentences" in prompt and LINE_1 in prompt
    assert "- قرارداد → contract" in prompt
    # text output: the summary on stdout, one line per finding on stderr
    text = run_cli(*args)
    assert text.returncode == 0
    assert text.stdout.splitlines() == [s["text"] for s in data["sentences"]]
    assert text.stderr.count("is not in the article") == 3


USAGE = [
    ["--backend", "ct2", "--model", "m"],  # llm needs the openai backend
    ["--backend", "openai"],  # ... and a model
    ["--backend", "openai", "--model", "m", "--to", "en", "--to", "ru"],  # one language
    ["--backend", "openai", "--model", "m", "--explain"],  # explain is the extractive's
]


@pytest.mark.parametrize("args", USAGE)
def test_llm_summary_usage_errors(args: list[str], tmp_path: Path) -> None:
    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("summarize", str(article), "--method", "llm", *args)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr


def test_llm_summary_with_the_server_down_is_exit_5(tmp_path: Path) -> None:
    from llm.servers import free_port

    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    down = f"http://127.0.0.1:{free_port()}/v1"
    result = run_cli(*summarize(down, "m", article))
    assert result.returncode == 5 and result.stderr.count("\n") == 1


SUMMARIES = {
    "Persian": "وزارت ارتباطات هفت قرارداد امضا کرد.",  # هفت: seven, the article says five
    "English": "The ministry signed five contracts.",
    "Russian": "Министерство подписало 12 контрактов.",
}


def summarizing(body: dict) -> tuple[int, dict[str, str], bytes]:  # type: ignore[type-arg]
    """The faulty server behaving well: a summary per language, a translation otherwise."""
    prompt = body["messages"][-1]["content"]
    if prompt.startswith("Summarize"):
        language = prompt.split(" in ", 2)[1].split(",")[0]
        return answer(SUMMARIES[language])
    return translating(body)


def test_run_with_llm_summaries_writes_each_language_s_own_and_its_findings(
    faulty: Faulty, tmp_path: Path
) -> None:
    faulty.fallback = summarizing
    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", str(article), "--out", str(out), "--no-glossary", "-q", "--summary-method"]
    server = ["--backend", "openai", "--model", "fake-llm", "--api-base", faulty.api_base]
    result = run_cli(*args, "llm", *server, env={"TOOLKIT_HOME": str(tmp_path / "home")})
    assert result.returncode == 0, result.stderr
    for lang, language in (("fa", "Persian"), ("en", "English"), ("ru", "Russian")):
        assert (out / f"summary.{lang}.txt").read_text(encoding="utf-8") == SUMMARIES[
            language
        ] + "\n"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, RUN_SCHEMA)
    assert report["summary"]["method"] == "llm"
    assert report["summary"]["translations"]["en"] == SUMMARIES["English"]
    found = {
        lang: [(f["kind"], f["value"]) for f in findings]
        for lang, findings in report["summary"]["findings"].items()
    }
    assert found == {"fa": [("number", "هفت")], "en": [], "ru": [("number", "12")]}
    # one request each, the faulty server counting 10 prompt and 5 completion tokens
    assert {
        lang: (r["requests"], r["prompt_tokens"])
        for lang, r in report["summary"]["requests"].items()
    } == {"fa": (1, 10), "en": (1, 10), "ru": (1, 10)}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "written by the server in its language" in html
    # the summaries are the server's own: no summary line was sent for translation
    translated = [p for p in faulty.user_prompts() if not p.startswith("Summarize")]
    assert all(SUMMARIES["Persian"] not in p for p in translated)
    assert sum(p.startswith("Summarize") for p in faulty.user_prompts()) == 3


def test_run_llm_summaries_need_the_openai_backend(tmp_path: Path) -> None:
    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli(
        "run", str(article), "--out", str(tmp_path / "o"), "-q", "--summary-method", "llm"
    )
    assert result.returncode == 7 and result.stderr.count("\n") == 1, result.stderr
    assert "--backend openai" in result.stderr and not (tmp_path / "o").exists()


@pytest.mark.slow
def test_run_with_llm_summaries_through_transformers_serve(
    llm_server: Served, tmp_path: Path
) -> None:
    article = tmp_path / "article.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    server = ["--backend", "openai", "--model", llm_server.model, "--api-base", llm_server.api_base]
    result = run_cli(
        "run", str(article), "--out", str(out), "--no-glossary", "-q", "--to", "en",
        "--summary-method", "llm", *server, env={"TOOLKIT_HOME": str(tmp_path / "home")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, RUN_SCHEMA)
    assert set(report["summary"]["findings"]) == {"fa", "en"}
    written = (out / "summary.en.txt").read_text(encoding="utf-8").rstrip("\n")
    assert report["summary"]["translations"]["en"] == written
    expected = check_summary(ARTICLE, written, "en")
    assert [(f["kind"], f["value"]) for f in report["summary"]["findings"]["en"]] == [
        (f.detail.kind, f.detail.value) for f in expected
    ]
    assert report["languages"]["en"]["requests"]["requests"] >= 1
