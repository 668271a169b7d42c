"""Sparse sentence vectors, a sparse sentence-similarity graph and graph centrality.

Everything here is numpy on flat arrays; there is never an n-by-n matrix.

* :class:`TermMatrix`: sentences as sparse term-weight rows (kept both by row and by term,
  like CSR and CSC).
* :func:`similarity_graph`: the weighted graph of sentence pairs that share a term. Pairs
  come from an inverted index (term -> sentences), so only sentences with a term in common
  are ever compared. A term found in many sentences pairs each of them with its ``window``
  nearest neighbours in that term's posting list (for a short document the window covers
  every pair, so the graph is exact); ``window`` follows from a budget of pair products,
  which bounds memory. Each sentence then keeps its ``neighbours`` strongest edges.
* :func:`pagerank`: centrality by power iteration over the edge list.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

Normalizer = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
"""Rescales the dot products of sentence pairs ``(i, j, dots) -> similarities``."""

PAIR_BUDGET = 2_000_000
"""The most (sentence, sentence, term) products computed for one graph (about 50 MB of arrays)."""


@dataclass(frozen=True)
class TermMatrix:
    """Sparse sentence-by-term weights.

    Row ``i`` (a sentence) holds ``row_terms[row_ptr[i]:row_ptr[i+1]]`` with weights
    ``row_weights[...]``; column ``t`` (a term) holds ``col_rows[col_ptr[t]:col_ptr[t+1]]``
    (sentence ids, ascending) with ``col_weights[...]``.
    """

    rows: int
    terms: int
    row_ptr: np.ndarray
    row_terms: np.ndarray
    row_weights: np.ndarray
    col_ptr: np.ndarray
    col_rows: np.ndarray
    col_weights: np.ndarray

    @classmethod
    def from_entries(
        cls, rows: int, terms: int, row_ids: np.ndarray, term_ids: np.ndarray, weights: np.ndarray
    ) -> TermMatrix:
        """Build from unique (row, term, weight) entries in any order."""
        by_row = np.lexsort((term_ids, row_ids))
        by_col = np.lexsort((row_ids, term_ids))
        row_ptr = np.zeros(rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_ids, minlength=rows), out=row_ptr[1:])
        col_ptr = np.zeros(terms + 1, dtype=np.int64)
        np.cumsum(np.bincount(term_ids, minlength=terms), out=col_ptr[1:])
        return cls(
            rows,
            terms,
            row_ptr,
            term_ids[by_row],
            weights[by_row],
            col_ptr,
            row_ids[by_col],
            weights[by_col],
        )

    @property
    def nnz(self) -> int:
        return len(self.row_terms)

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        a, b = self.row_ptr[i], self.row_ptr[i + 1]
        return self.row_terms[a:b], self.row_weights[a:b]

    def dot_with_row(self, i: int) -> np.ndarray:
        """Dot product of every row with row ``i`` (cosine when rows are unit vectors)."""
        out = np.zeros(self.rows)
        for term, weight in zip(*self.row(i), strict=True):
            a, b = self.col_ptr[term], self.col_ptr[term + 1]
            out[self.col_rows[a:b]] += weight * self.col_weights[a:b]
        return out


def tfidf_matrix(docs: Sequence[Sequence[str]], *, sublinear: bool = True) -> TermMatrix:
    """TF-IDF rows (L2-normalized) of tokenized sentences.

    ``idf = ln((1 + n) / (1 + df)) + 1``; term frequency ``1 + ln(tf)`` when ``sublinear``.
    A sentence without terms is an empty row.
    """
    rows, term_ids, counts, vocab = _count(docs)
    n = len(docs)
    df = np.bincount(term_ids, minlength=len(vocab)).astype(np.float64)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    tf = 1.0 + np.log(counts) if sublinear else counts
    weights = tf * idf[term_ids]
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=n))
    weights = weights / np.where(norms > 0, norms, 1.0)[rows]
    return TermMatrix.from_entries(n, len(vocab), rows, term_ids, weights)


def binary_matrix(docs: Sequence[Sequence[str]]) -> TermMatrix:
    """Rows of 1.0 for each distinct term of a sentence (word overlap counts as dot product)."""
    rows, term_ids, counts, vocab = _count(docs)
    return TermMatrix.from_entries(len(docs), len(vocab), rows, term_ids, np.ones_like(counts))


def _count(
    docs: Sequence[Sequence[str]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, int]]:
    vocab: dict[str, int] = {}
    rows: list[int] = []
    ids: list[int] = []
    counts: list[int] = []
    for i, doc in enumerate(docs):
        local: dict[int, int] = {}
        for term in doc:
            t = vocab.setdefault(term, len(vocab))
            local[t] = local.get(t, 0) + 1
        rows.extend([i] * len(local))
        ids.extend(local)
        counts.extend(local.values())
    return (
        np.asarray(rows, dtype=np.int64),
        np.asarray(ids, dtype=np.int64),
        np.asarray(counts, dtype=np.float64),
        vocab,
    )


@dataclass(frozen=True)
class Graph:
    """An undirected weighted graph as a symmetric edge list (each edge in both directions)."""

    nodes: int
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray


def similarity_graph(
    matrix: TermMatrix,
    *,
    neighbours: int = 20,
    min_similarity: float = 0.0,
    pair_budget: int = PAIR_BUDGET,
    normalize: Normalizer | None = None,
) -> Graph:
    """Edges between sentences that share a term, weighted by the dot product of their rows.

    ``normalize(i, j, dot)`` may rescale the dot products (e.g. TextRank's length
    normalization). Edges of weight ``<= min_similarity`` are dropped; each node keeps its
    ``neighbours`` strongest edges, and an edge kept by either end is kept.
    """
    n = matrix.rows
    empty = Graph(n, np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    if n < 2 or matrix.nnz == 0:
        return empty
    sent = matrix.col_rows
    weight = matrix.col_weights
    term = np.repeat(np.arange(matrix.terms), np.diff(matrix.col_ptr))
    longest = int(np.diff(matrix.col_ptr).max())
    window = max(1, min(longest - 1, pair_budget // max(1, matrix.nnz)))
    keys: list[np.ndarray] = []
    products: list[np.ndarray] = []
    for k in range(1, window + 1):
        same = term[:-k] == term[k:]
        if not same.any():
            break
        a = sent[:-k][same]
        b = sent[k:][same]
        keys.append(a * n + b)  # a < b: postings are in ascending sentence order
        products.append(weight[:-k][same] * weight[k:][same])
    if not keys:
        return empty
    all_keys = np.concatenate(keys)
    all_products = np.concatenate(products)
    del keys, products
    order = np.argsort(all_keys)
    all_keys = all_keys[order]
    starts = np.flatnonzero(np.r_[True, all_keys[1:] != all_keys[:-1]])
    pairs = all_keys[starts]
    dots = np.add.reduceat(all_products[order], starts)
    del all_keys, all_products, order
    i, j = pairs // n, pairs % n
    sims = normalize(i, j, dots) if normalize is not None else dots
    keep = sims > min_similarity
    i, j, sims = i[keep], j[keep], sims[keep]
    # Both directions, then each node's strongest `neighbours` edges: one sort by node, then
    # by decreasing weight (a stable sort keeps ties in pair order, so results are repeatable).
    src = np.concatenate([i, j])
    dst = np.concatenate([j, i])
    w = np.concatenate([sims, sims])
    scale = float(w.max()) * 2 if len(w) else 1.0
    order = np.argsort(src - w / scale, kind="stable")
    src, dst, w = src[order], dst[order], w[order]
    rank = np.arange(len(src)) - np.searchsorted(src, src, side="left")
    kept = rank < neighbours
    # An edge kept by either end stays, in both directions.
    lo = np.minimum(src[kept], dst[kept])
    hi = np.maximum(src[kept], dst[kept])
    edge_keys, first = np.unique(lo * n + hi, return_index=True)
    ew = w[kept][first]
    a, b = edge_keys // n, edge_keys % n
    return Graph(n, np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([ew, ew]))


def pagerank(
    graph: Graph,
    *,
    damping: float = 0.85,
    teleport: np.ndarray | None = None,
    tolerance: float = 1e-10,
    max_iterations: int = 200,
) -> np.ndarray:
    """Weighted PageRank by power iteration; the scores sum to 1.

    A node without edges sends its mass to the teleport distribution (uniform by default).
    """
    n = graph.nodes
    if n == 0:
        return np.zeros(0)
    jump = np.full(n, 1.0 / n) if teleport is None else teleport / teleport.sum()
    out_weight = np.bincount(graph.src, weights=graph.weight, minlength=n)
    dangling = out_weight <= 0
    share = graph.weight / np.where(dangling, 1.0, out_weight)[graph.src]
    p = jump.copy()
    for _ in range(max_iterations):
        flow = np.bincount(graph.dst, weights=p[graph.src] * share, minlength=n)
        lost = p[dangling].sum()
        new = damping * (flow + lost * jump) + (1 - damping) * jump
        done = np.abs(new - p).sum() < tolerance
        p = new
        if done:
            break
    return p


def textrank_normalizer(
    lengths: np.ndarray,
) -> Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    """TextRank's similarity: shared words / (ln |Si| + ln |Sj|) (Mihalcea and Tarau, 2004)."""
    logs = np.log(np.maximum(lengths, 1).astype(np.float64))

    def normalize(i: np.ndarray, j: np.ndarray, overlap: np.ndarray) -> np.ndarray:
        denom = logs[i] + logs[j]
        return np.where(denom > 0, overlap / np.where(denom > 0, denom, 1.0), 0.0)

    return normalize


def rescale(values: np.ndarray) -> np.ndarray:
    """Min-max scale into [0, 1]; constant input gives all zeros."""
    if len(values) == 0:
        return values
    lo, hi = float(values.min()), float(values.max())
    if hi - lo <= 1e-12 * max(1.0, abs(hi)):
        return np.zeros_like(values)
    return (values - lo) / (hi - lo)


def decay_prior(n: int, half_life: float) -> np.ndarray:
    """Position prior ``0.5 ** (i / half_life)`` for positions ``i = 0 .. n-1``."""
    return np.power(0.5, np.arange(n) / max(half_life, math.ulp(1.0)))
