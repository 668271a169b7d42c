"""``toolkit translate --backend openai`` through a real ``transformers serve`` with a tiny
random chat model: its answers are noise, so lines fail and terms are inserted; the point is
that the output stays line-aligned, every glossary occurrence is placed and reported with a
status that is true of the text, a rerun sends no request and a planted key shows nowhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import ROOT
from llm.servers import Served

from toolkit.glossary.source import source_matcher
from toolkit.glossary.validate import load_glossary
from toolkit.translate.base import TERM_STATUSES

pytestmark = pytest.mark.slow

GLOSSARY = ROOT / "glossaries" / "iran-russia-ict.tsv"
ARTICLE = (
    "وزارت ارتباطات و فناوری اطلاعات با روسیه همکاری می‌کند.\n\nپنج قرارداد در بخش خصوصی امضا شد.\n"
)
KEY = "sk-planted-" + "z" * 24


def translate(
    served: Served, article: Path, out: Path, home: Path
) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "toolkit", "translate", str(article), "--backend", "openai",
        "--api-base", served.api_base, "--model", served.model, "--glossary", str(GLOSSARY),
        "--to", "en", "--to", "ru", "--out", str(out), "--force", "--format", "json", "-q",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TOOLKIT_HOME": str(home), "TOOLKIT_API_KEY": KEY}
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def test_a_random_chat_model_gives_aligned_files_honest_statuses_and_a_free_rerun(
    llm_server: Served, tmp_path: Path
) -> None:
    article = tmp_path / "short.fa.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out, home = tmp_path / "out", tmp_path / "home"
    first = translate(llm_server, article, out, home)
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    sources = ARTICLE.splitlines()
    matcher = source_matcher(load_glossary(GLOSSARY))
    for lang in ("en", "ru"):
        # line-aligned: line i translates line i, the blank line kept blank
        lines = (out / f"short.{lang}.txt").read_text(encoding="utf-8").split("\n")[:-1]
        assert len(lines) == len(sources) and lines[1] == ""
        translation = data["translations"][lang]
        assert translation["lines"] == lines
        for seg in translation["segments"]:
            found = matcher.find(seg["source"])
            # every glossary occurrence of the source is reported, in order
            assert [t["term"] for t in seg["terms"]] == [m.label for m in found]
            for term in seg["terms"]:
                # every occurrence placed (the model's noise is no translation it stands
                # behind, so the term goes in), and its form is in the line
                assert term["status"] in TERM_STATUSES and term["status"] != "failed", term
                assert term["form"] and term["form"] in seg["text"]
            if seg["text"] == "":  # a line the server never gave is reported
                assert any(p["kind"] == "degenerate" for p in seg.get("problems", []))
        assert data["requests"][lang]["requests"] >= 1
    assert data["signature"]["translators"]["en"]["model"] == llm_server.model
    assert data["signature"]["translators"]["en"]["backend"] == "openai"

    # The rerun is served by the translation memory: no request reaches the server.
    second = translate(llm_server, article, out, home)
    assert second.returncode == 0, second.stderr
    again = json.loads(second.stdout)
    assert all(u["requests"] == 0 for u in again["requests"].values())
    for lang in ("en", "ru"):
        assert again["translations"][lang]["lines"] == data["translations"][lang]["lines"]

    # The planted key shows in no file written and in no message.
    for path in [*out.rglob("*"), *home.rglob("*")]:
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path
    for text in (first.stdout, first.stderr, second.stdout, second.stderr):
        assert KEY not in text
