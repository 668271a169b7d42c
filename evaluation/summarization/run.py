"""Score the extractive summarizers on the Persian news evaluation sets.

Sets (``--split``):

* ``gold``: the 12-article set of ``gold.json`` (an editor's 3 kept sentences and their text
  as the reference; no key facts);
* ``tuning`` and ``test``: the key-fact set of ``keyfacts/<split>.json`` (3 key facts and
  3 kept sentences per article; the reference is the kept sentences joined). Weights are
  tuned on ``tuning`` only (``--tune``); ``test`` is scored once, with the weights fixed.

For each article and each method, the summarizer keeps 3 sentences; the summary (kept
sentences joined with a space, in document order, as the summarizer shows them) is scored
with key-fact recall (:mod:`toolkit.summarize.keyfacts`: a fact counts when the summary
contains it on the matching key), ROUGE-1/2/L F1 against the reference
(:mod:`toolkit.summarize.rouge`: matching-key tokens, ZWNJ inside words), and the kept
sentence indices against ``keep`` (precision, recall). Scores are averaged over the articles.

``llm`` (a summary written in Persian by a chat model behind an OpenAI-compatible server,
:mod:`toolkit.summarize.llm`) is scored too when a server is given (``--api-base URL
--model NAME``, or ``TOOLKIT_API_BASE``); without one it is skipped, with a note on stderr.
Its sentences are its own, numbered 1, 2, 3: its selection precision and recall compare
those numbers with the kept sentences' and mean nothing (as for an abstractive summary).

    .venv/bin/python evaluation/summarization/run.py [--split gold|tuning|test]
        [--per-article] [--ablations] [--methods lead,extractive,llm] [--tune]
        [--api-base URL --model NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.summarize import get_summarizer
from toolkit.summarize.extractive import DEFAULT_WEIGHTS, FEATURES
from toolkit.summarize.keyfacts import contains_fact
from toolkit.summarize.rouge import rouge
from toolkit.text import segment

HERE = Path(__file__).resolve().parent
SPLITS = ("gold", "tuning", "test")
METHODS = ("lead", "textrank", "centroid", "extractive", "llm")
SERVER_METHODS = ("llm",)
"""Methods that need a server (``--api-base``): skipped without one."""
ABLATIONS: dict[str, dict[str, object]] = {
    **{f"- {name}": {"weights": {name: 0.0}} for name in FEATURES if name != "names"},
    "- MMR": {"mmr_lambda": 1.0, "duplicate": 1.1},
    "- replacing pronouns": {"replace_penalty": 0.0},
}
"""Variants of the extractive default, each with one component switched off."""


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    keep: tuple[int, ...]
    reference: str
    facts: tuple[str, ...]


@dataclass(frozen=True)
class ArticleScore:
    name: str
    picked: tuple[int, ...]
    facts: float | None
    missed: tuple[str, ...]
    rouge1: float
    rouge2: float
    rougeL: float
    precision: float
    recall: float


def load_split(split: str) -> list[Article]:
    """The articles of a set, checked against the segmenter."""
    if split == "gold":
        folder, data = HERE, json.loads((HERE / "gold.json").read_text(encoding="utf-8"))
    else:
        folder = HERE / "keyfacts"
        path = folder / f"{split}.json"
        if not path.is_file():
            raise SystemExit(f"{path}: no such file")
        data = json.loads(path.read_text(encoding="utf-8"))
    articles = []
    for a in data["articles"]:
        text = (folder / a["file"]).read_text(encoding="utf-8")
        segments = segment(text, "fa")
        expected = a.get("sentences", len([x for x in text.splitlines() if x.strip()]))
        if len(segments) != expected:
            raise SystemExit(
                f"{a['file']}: the segmenter gives {len(segments)} sentences, the set "
                f"{expected}; see README.md before trusting any number"
            )
        keep = tuple(a["keep"])
        reference = a.get("reference") or " ".join(segments[k - 1].text for k in keep)
        articles.append(
            Article(
                Path(a["file"]).name.removesuffix(".fa.txt"),
                text,
                keep,
                reference,
                tuple(a.get("facts", ())),
            )
        )
    return articles


def score_article(
    method: str, article: Article, count: int, options: dict[str, object] | None = None
) -> ArticleScore:
    summary = get_summarizer(method, **(options or {})).summarize(
        article.text, count=count, lang="fa"
    )
    scores = rouge(summary.text, article.reference)
    keep = set(article.keep)
    hits = len(keep.intersection(summary.indices))
    missed = tuple(f for f in article.facts if not contains_fact(summary.text, f))
    facts = 1 - len(missed) / len(article.facts) if article.facts else None
    return ArticleScore(
        article.name,
        summary.indices,
        facts,
        missed,
        scores.rouge1.f1,
        scores.rouge2.f1,
        scores.rougeL.f1,
        hits / len(summary.indices),
        hits / len(keep),
    )


def mean(results: Sequence[ArticleScore], field: str) -> float:
    values = [getattr(r, field) for r in results]
    return sum(values) / len(values)


def table(runs: Sequence[tuple[str, Sequence[ArticleScore]]], with_facts: bool) -> list[str]:
    width = max(len(label) for label, _ in runs) + 1
    facts = " facts  |" if with_facts else ""
    header = (
        f"| {'method':<{width}}|{facts} ROUGE-1 | ROUGE-2 | ROUGE-L | sel. P | sel. R | exact |"
    )
    rule = "|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|"
    rows = [header, rule]
    for label, results in runs:
        n = len(results)
        exact = sum(r.recall == 1.0 for r in results)
        cell = f" {mean(results, 'facts'):6.3f} |" if with_facts else ""
        rows.append(
            f"| {label:<{width}}|{cell} {mean(results, 'rouge1'):7.3f} | "
            f"{mean(results, 'rouge2'):7.3f} | {mean(results, 'rougeL'):7.3f} | "
            f"{mean(results, 'precision'):6.3f} | {mean(results, 'recall'):6.3f} | "
            f"{exact:>2}/{n:<2} |"
        )
    return rows


# -- tuning ------------------------------------------------------------------------------

WEIGHT_GRID = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0)
KEPT_FEATURES = ("centrality", "position")
"""Never switched off by tuning (their grid starts at 0.25): centrality and the lead prior
are what the method has left where the cue lists are silent (English, Russian, articles
without figures or events)."""
SETTING_GRID: dict[str, tuple[float, ...]] = {
    "half_life": (1.0, 2.0, 3.0, 5.0, 8.0),
    "mmr_lambda": (0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
    "replace_penalty": (0.6, 0.7, 0.8, 0.9, 1.0),
}


def objective(articles: Sequence[Article], count: int) -> Callable[[dict[str, object]], float]:
    """Mean key-fact recall plus mean ROUGE-2 F1 of the default with some options."""

    def score(options: dict[str, object]) -> float:
        results = [score_article("extractive", a, count, options) for a in articles]
        return mean(results, "facts") + mean(results, "rouge2")

    return score


def tune(
    articles: Sequence[Article], count: int, samples: int = 1500, rounds: int = 4
) -> dict[str, object]:
    """Search the weights (``WEIGHT_GRID``) and settings (``SETTING_GRID``) of the default.

    1. Score ``samples`` random points of the grid (seeded, so the search repeats exactly).
    2. Start from the value of each parameter with the best mean score over those points
       (a point in the middle of the good region rather than one lucky sample).
    3. Coordinate ascent from there: a change is kept only when it raises the objective, and
       the current value wins a tie.
    """
    score = objective(articles, count)
    grids: dict[str, tuple[float, ...]] = {
        f: WEIGHT_GRID[1:] if f in KEPT_FEATURES else WEIGHT_GRID
        for f in FEATURES
        if f not in ("glossary", "names")
    }
    grids.update(SETTING_GRID)

    def options(point: dict[str, float]) -> dict[str, object]:
        weights = dict(DEFAULT_WEIGHTS)
        weights.update({k: v for k, v in point.items() if k in DEFAULT_WEIGHTS})
        return {"weights": weights, **{k: v for k, v in point.items() if k in SETTING_GRID}}

    rng = random.Random(11)
    totals: dict[tuple[str, float], list[float]] = {}
    for _ in range(samples):
        point = {name: rng.choice(grid) for name, grid in grids.items()}
        got = score(options(point))
        for name, value in point.items():
            totals.setdefault((name, value), []).append(got)
    point = {
        name: max(grid, key=lambda v, n=name: statistics.fmean(totals.get((n, v), [0.0])))
        for name, grid in grids.items()
    }
    best = score(options(point))
    print(f"start {point}: {best:.4f}", file=sys.stderr)
    for r in range(rounds):
        changed = False
        for name, grid in grids.items():
            current = point[name]
            for value in grid:
                if value == current:
                    continue
                point[name] = value
                got = score(options(point))
                if got > best + 1e-9:
                    best, current, changed = got, value, True
                    print(f"round {r + 1}: {name} = {value:g} -> {best:.4f}", file=sys.stderr)
            point[name] = current
        if not changed:
            break
    return options(point)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="gold")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--per-article", action="store_true", help="also list kept indices")
    parser.add_argument(
        "--ablations", action="store_true", help="also score the default without each component"
    )
    parser.add_argument(
        "--tune", action="store_true", help="search the default's weights (tuning split only)"
    )
    parser.add_argument(
        "--api-base",
        default=os.environ.get("TOOLKIT_API_BASE"),
        help="an OpenAI-compatible server for --methods llm (default $TOOLKIT_API_BASE); "
        "without one, llm is skipped",
    )
    parser.add_argument("--model", default=None, help="the model the server serves (llm)")
    args = parser.parse_args()
    if args.tune:
        if args.split != "tuning":
            parser.error("--tune only runs on --split tuning")
        found = tune(load_split("tuning"), args.sentences)
        print(json.dumps(found, indent=2))
        return
    articles = load_split(args.split)
    with_facts = all(a.facts for a in articles)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    if not args.api_base:
        skipped = [m for m in methods if m in SERVER_METHODS]
        if skipped:
            print(f"skipping {', '.join(skipped)}: no --api-base given", file=sys.stderr)
        methods = [m for m in methods if m not in SERVER_METHODS]
    elif any(m in SERVER_METHODS for m in methods) and not args.model:
        parser.error("--methods llm needs --model NAME (a model the server serves)")
    server = {"model": args.model, "settings": {"api_base": args.api_base}}
    runs: list[tuple[str, str, dict[str, object]]] = [
        (m, m, dict(server) if m in SERVER_METHODS else {}) for m in methods
    ]
    if args.ablations:
        runs += [(f"extractive {name}", "extractive", opts) for name, opts in ABLATIONS.items()]
    details: dict[str, list[ArticleScore]] = {}
    for label, method, options in runs:
        details[label] = [score_article(method, a, args.sentences, options) for a in articles]
    print(
        f"split {args.split}: {len(articles)} articles, {args.sentences} sentences per summary, "
        f"scores averaged"
    )
    print("\n".join(table([(label, details[label]) for label, _, _ in runs], with_facts)))
    if args.per_article:
        print()
        print("article".ljust(34) + "keep      " + "".join(m.ljust(12) for m in methods))
        for k, a in enumerate(articles):
            cells = "".join(
                (
                    ",".join(map(str, details[m][k].picked))
                    + (f" {details[m][k].facts * 3:.0f}/3" if with_facts else "")
                ).ljust(12)
                for m in methods
            )
            print(a.name.ljust(34) + ",".join(map(str, a.keep)).ljust(10) + cells)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
