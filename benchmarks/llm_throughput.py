"""Throughput of ``--backend openai`` against a local ``transformers serve``: sentences per
second and requests per article at concurrency 1, 4 and 8, and a rerun served from the
translation memory.

The server is started as the test fixture starts it (``tests/llm/conftest.py``): ``transformers
serve`` on 127.0.0.1 and a free port, on the CPU, pinned to the tiny random Llama-style chat
model of ``tests/llm/chat_model.py`` (built once into ``--model-dir``, default
``$TOOLKIT_HOME/bench/tiny-chat``). ``--articles`` articles (default 4: the first
``--sentences`` sentences, default 4, of the evaluation articles) are translated into
English (``--to``) through the library as ``toolkit batch`` does (every article's sentences
handed to one engine, each document a chain of windows, the documents side by side), under
the domain glossary unless ``--no-glossary``, names off. Each concurrency gets an empty
translation memory and a translator of its own (its JSON-schema look included); the rerun
translates the same articles again with the memory of the concurrency-8 row, in a new
session: it must send 0 requests.

The random model's answers are noise, so most lines are asked again on their own (twice):
the requests per article are those of a model that ignores the format, the worst case, the
same work in every row. The figures are for comparing the rows of one run, printed as
ratios against concurrency 1.

    .venv/bin/python benchmarks/llm_throughput.py [--articles N] [--sentences N] [--to en]
        [--no-glossary] [--model-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ARTICLES, ROOT

sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

CONCURRENCY = (1, 4, 8)


def articles(n: int, sentences: int) -> list[str]:
    """The first ``sentences`` sentences of the first ``n`` evaluation articles, one a line."""
    from toolkit.text import segment

    out = []
    for path in ARTICLES[:n]:
        segs = segment(path.read_text(encoding="utf-8"), "fa")[:sentences]
        out.append("\n".join(s.text for s in segs))
    return out


def translate(
    texts: list[str], target: str, model: str, api_base: str, concurrency: int, memory: Path,
    glossary: Any,
) -> dict[str, Any]:  # fmt: skip
    """Translate ``texts`` in one session (as ``toolkit batch`` hands them to the engine):
    what the requests cost (:class:`~toolkit.translate.openai_client.Usage`), the
    sentences, and the wall time (``wall``)."""
    from toolkit.translate.session import open_session

    session = open_session(
        model=model,
        glossary=glossary,
        backend="openai",
        cache_path=str(memory),
        progress=False,
        names=False,
        settings={"api_base": api_base, "concurrency": concurrency},
    )
    engine = session.engine(target)
    started = time.perf_counter()
    engine.translator.expect(texts)
    done = engine.translate_many(texts)
    seconds = time.perf_counter() - started
    usage = session.requests()[target]
    # the wall time last: the usage's own "seconds" add up the requests' times
    return {**usage, "sentences": sum(len(tr.segments) for tr in done), "wall": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=4)
    parser.add_argument("--sentences", type=int, default=4)
    parser.add_argument("--to", default="en", choices=("en", "ru"))
    parser.add_argument("--no-glossary", action="store_true")
    parser.add_argument("--model-dir", type=Path, default=None)
    args = parser.parse_args()

    from llm.chat_model import build_tiny_chat
    from llm.servers import transformers_serve

    from toolkit.hub import toolkit_home

    model = build_tiny_chat(args.model_dir or toolkit_home() / "bench" / "tiny-chat")
    glossary = None
    if not args.no_glossary:
        from toolkit.glossary.validate import load_glossary

        glossary = load_glossary(ROOT / "glossaries" / "iran-russia-ict.tsv")
    texts = articles(args.articles, args.sentences)
    with (
        tempfile.TemporaryDirectory() as tmp,
        transformers_serve(model, Path(tmp) / "serve.log") as api,
    ):
        rows: list[tuple[str, dict[str, Any]]] = []
        for c in CONCURRENCY:
            memory = Path(tmp) / f"memory-{c}.sqlite3"
            rows.append(
                (
                    f"concurrency {c}",
                    translate(texts, args.to, str(model), api, c, memory, glossary),
                )
            )
        rerun = translate(texts, args.to, str(model), api, 8, memory, glossary)
        rows.append(("rerun (memory of concurrency 8)", rerun))
    base = rows[0][1]
    print(
        f"{len(texts)} articles, {base['sentences']} sentences, fa->{args.to}, glossary "
        f"{'off' if args.no_glossary else 'on'}; transformers serve, tiny random chat model, CPU"
    )
    head = f"{'row':<33}{'seconds':>8}{'sent/s':>8}{'req/article':>12}{'latency':>8}{'vs c=1':>8}"
    print(head)
    for label, row in rows:
        rate = row["sentences"] / row["wall"]
        ratio = base["wall"] / row["wall"]
        print(
            f"{label:<33}{row['wall']:>8.2f}{rate:>8.1f}"
            f"{row['requests'] / len(texts):>12.1f}{row['latency']:>8.2f}{ratio:>7.1f}x"
        )
    print(
        "seconds: wall time; latency: seconds per request, its wait for a free slot "
        "(--concurrency) included"
    )


if __name__ == "__main__":
    main()
