"""Extractive summarization speed and memory on a 10,000-sentence Persian document.

The document is built from the sentences of the evaluation articles and the seed article,
shuffled, with small variations (numbers changed, a word dropped, ZWNJ sometimes written as
a space) so that it is not one paragraph repeated. Timed in the same run:

* ``lead``: Lead-3, i.e. reading and segmenting the text, the floor of any method;
* ``extractive``: the default summarizer (sparse similarity graph, PageRank, news cues,
  speakers, MMR);
* ``textrank`` and ``centroid``: the classic baselines;
* the sparse graph alone, and the sparse graph against a dense n-by-n TF-IDF cosine matrix
  on 2,000- and 5,000-sentence subsets: the dense matrix grows with the square of the
  length (at 10,000 sentences it alone would take 800 MB), the sparse graph linearly.

    .venv/bin/python benchmarks/summarize_speed.py [--sentences 10000] [--dense 2000]
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np
from _common import ARTICLES, SEED, best_of, peak_rss_mb

from toolkit.summarize import get_summarizer
from toolkit.summarize.graph import similarity_graph, tfidf_matrix
from toolkit.summarize.tokens import terms
from toolkit.text import segment

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


def build_document(sentences: int, seed: int = 11) -> str:
    """About ``sentences`` sentences of varied Persian news, 3 to 6 per line."""
    pool: list[str] = []
    for path in [SEED, *ARTICLES]:
        pool += [s.text for s in segment(path.read_text(encoding="utf-8"), "fa")]
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(sentences):
        words = rng.choice(pool).split(" ")
        if len(words) > 6 and rng.random() < 0.5:
            del words[rng.randrange(1, len(words) - 1)]  # never the first or the last word
        text = " ".join(words)
        text = "".join(rng.choice(_PERSIAN_DIGITS) if ch in _PERSIAN_DIGITS else ch for ch in text)
        if rng.random() < 0.2:
            text = text.replace("\u200c", " ")
        out.append(text)
    lines: list[str] = []
    i = 0
    while i < len(out):
        size = rng.randint(3, 6)
        lines.append(" ".join(out[i : i + size]))
        i += size
    return "\n".join(lines) + "\n"


def dense_cosine(docs: list[list[str]]) -> np.ndarray:
    """The n-by-n cosine matrix of TF-IDF rows, computed densely."""
    matrix = tfidf_matrix(docs)
    dense = np.zeros((matrix.rows, matrix.terms))
    rows = np.repeat(np.arange(matrix.rows), np.diff(matrix.row_ptr))
    dense[rows, matrix.row_terms] = matrix.row_weights
    return dense @ dense.T


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument(
        "--dense", default="2000,5000", help="subset sizes for the dense comparison"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = build_document(args.sentences)
    segments = segment(text, "fa")
    print(
        f"input: {len(segments):,} sentences, {len(text):,} characters, "
        f"{len(text.encode('utf-8')) / 1048576:.1f} MB"
    )
    rows: list[tuple[str, float, float]] = []
    for method in ("lead", "extractive", "textrank", "centroid"):
        summarizer = get_summarizer(method)
        seconds, _ = best_of(
            lambda s=summarizer: s.summarize(text, count=10, lang="fa"), args.repeat
        )
        rows.append((f"{method} (whole pipeline)", seconds, peak_rss_mb()))
    docs = [terms(s.text, "fa") for s in segments]
    matrix = tfidf_matrix(docs)
    seconds, graph = best_of(lambda: similarity_graph(matrix), args.repeat)
    rows.append((f"sparse graph, {len(docs):,} sentences", seconds, peak_rss_mb()))
    dense_bytes = {}
    for size in [int(x) for x in args.dense.split(",") if x.strip()]:
        subset = docs[:size]
        sub_matrix = tfidf_matrix(subset)
        seconds, _ = best_of(lambda m=sub_matrix: similarity_graph(m), args.repeat)
        rows.append((f"sparse graph, {len(subset):,} sentences", seconds, peak_rss_mb()))
        start = time.perf_counter()
        dense = dense_cosine(subset)
        rows.append(
            (
                f"dense n*n cosine, {len(subset):,} sentences",
                time.perf_counter() - start,
                peak_rss_mb(),
            )
        )
        dense_bytes[len(subset)] = dense.nbytes
        del dense

    base = rows[0][1]
    print(f"{'step':<40}{'seconds':>9}{'x lead':>9}{'peak RSS MB':>13}")
    for name, seconds, rss in rows:
        print(f"{name:<40}{seconds:>9.3f}{seconds / base:>9.2f}{rss:>13.0f}")
    edges = len(graph.src) // 2
    print(
        f"sparse graph: {edges:,} edges for {len(docs):,} sentences "
        f"(a dense matrix: {len(docs) ** 2:,} cells, {len(docs) ** 2 * 8 / 1e6:,.0f} MB as "
        f"float64)"
    )
    for size, nbytes in dense_bytes.items():
        print(f"dense {size:,}x{size:,} cosine matrix: {nbytes / 1e6:,.0f} MB")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
