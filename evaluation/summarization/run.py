"""Score the extractive summarizers on the Persian news gold set.

For each article of ``gold.json`` and each method, the summarizer keeps 3 sentences; the
summary (kept sentences joined with a space, in document order) is scored against the
editor's ``reference`` with ROUGE-1/2/L F1 (:mod:`toolkit.summarize.rouge`: matching-key
tokens, ZWNJ inside words), and the kept sentence indices against ``keep`` (precision,
recall). Scores are averaged over the articles.

    .venv/bin/python evaluation/summarization/run.py [--per-article] [--methods lead,extractive]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from toolkit.summarize import get_summarizer
from toolkit.summarize.rouge import rouge
from toolkit.text import segment

HERE = Path(__file__).resolve().parent
METHODS = ("lead", "textrank", "centroid", "extractive")
ABLATIONS: dict[str, dict[str, object]] = {
    "- centrality": {"centrality_weight": 0.0},
    "- position": {"position_weight": 0.0},
    "- salience": {"salience_weight": 0.0},
    "- MMR": {"mmr_lambda": 1.0, "duplicate": 1.1},
    "- pronoun rule": {"pronoun_penalty": 1.0},
}
"""Variants of the extractive default, each with one component switched off."""


@dataclass(frozen=True)
class ArticleScore:
    name: str
    picked: tuple[int, ...]
    rouge1: float
    rouge2: float
    rougeL: float
    precision: float
    recall: float


def score_article(
    method: str, article: dict, count: int, options: dict[str, object] | None = None
) -> ArticleScore:
    text = (HERE / article["file"]).read_text(encoding="utf-8")
    found = len(segment(text, "fa"))
    if found != article["sentences"]:
        raise SystemExit(
            f"{article['file']}: the segmenter gives {found} sentences, the gold set "
            f"{article['sentences']}; see README.md before trusting any number"
        )
    summary = get_summarizer(method, **(options or {})).summarize(text, count=count, lang="fa")
    scores = rouge(summary.text, article["reference"])
    keep = set(article["keep"])
    hits = len(keep.intersection(summary.indices))
    return ArticleScore(
        Path(article["file"]).name.split(".")[0],
        summary.indices,
        scores.rouge1.f1,
        scores.rouge2.f1,
        scores.rougeL.f1,
        hits / len(summary.indices),
        hits / len(keep),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--per-article", action="store_true", help="also list kept indices")
    parser.add_argument(
        "--ablations", action="store_true", help="also score the default without each component"
    )
    args = parser.parse_args()
    gold = json.loads((HERE / "gold.json").read_text(encoding="utf-8"))
    articles = gold["articles"]
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    runs: list[tuple[str, str, dict[str, object]]] = [(m, m, {}) for m in methods]
    if args.ablations:
        runs += [(f"extractive {name}", "extractive", opts) for name, opts in ABLATIONS.items()]
    width = max(len(label) for label, _, _ in runs) + 1
    header = f"| {'method':<{width}}| ROUGE-1 | ROUGE-2 | ROUGE-L | sel. P | sel. R | exact |"
    rule = "|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|"
    rows = []
    details: dict[str, list[ArticleScore]] = {}
    for label, method, options in runs:
        results = [score_article(method, a, args.sentences, options) for a in articles]
        details[label] = results
        n = len(results)

        def mean(field: str, results: list[ArticleScore] = results, n: int = n) -> float:
            return sum(getattr(r, field) for r in results) / n

        exact = sum(r.recall == 1.0 for r in results)
        rows.append(
            f"| {label:<{width}}| {mean('rouge1'):7.3f} | {mean('rouge2'):7.3f} | "
            f"{mean('rougeL'):7.3f} | {mean('precision'):6.3f} | {mean('recall'):6.3f} | "
            f"{exact:>2}/{n:<2} |"
        )
    print(f"{len(articles)} articles, {args.sentences} sentences per summary, F1 averaged")
    print(header)
    print(rule)
    print("\n".join(rows))
    if args.per_article:
        print()
        print("article".ljust(34) + "gold      " + "".join(m.ljust(12) for m in methods))
        for k, a in enumerate(articles):
            name = Path(a["file"]).name.removesuffix(".fa.txt")
            cells = "".join(",".join(map(str, details[m][k].picked)).ljust(12) for m in methods)
            print(name.ljust(34) + ",".join(map(str, a["keep"])).ljust(10) + cells)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
