"""Sentence alignment for files whose lines do not correspond (``evaluate --align``).

A length-based dynamic programme in the manner of Gale and Church: both sides are split
into sentences, and sentences are grouped 1-1, 1-2, 2-1, 1-0 or 0-1 so that character
lengths (scaled by the language pair's usual ratio) agree best.
"""

from __future__ import annotations

import math

from toolkit.text.segment import segment

# (source sentences, target sentences) -> penalty added to the length cost.
_MOVES = {(1, 1): 0.0, (1, 2): 2.0, (2, 1): 2.0, (1, 0): 4.5, (0, 1): 4.5, (2, 2): 3.0}


def align_sentences(
    source: str, target: str, target_lang: str, ratio: float = 1.35
) -> list[tuple[str, str]]:
    """Aligned (source, target) groups covering both texts in order."""
    src = [s.text for s in segment(source, "fa")]
    tgt = [s.text for s in segment(target, target_lang)]
    n, m = len(src), len(tgt)
    inf = math.inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            for (di, dj), penalty in _MOVES.items():
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                ls = sum(len(x) for x in src[i:ni]) * ratio
                lt = sum(len(x) for x in tgt[j:nj])
                c = cost[i][j] + penalty + abs(math.log((lt + 10) / (ls + 10))) * 4
                if c < cost[ni][nj]:
                    cost[ni][nj] = c
                    back[ni][nj] = (di, dj)
    groups: list[tuple[str, str]] = []
    i, j = n, m
    while i > 0 or j > 0:
        step = back[i][j]
        if step is None:  # pragma: no cover - every cell is reachable by 1-0/0-1 moves
            break
        di, dj = step
        groups.append((" ".join(src[i - di : i]), " ".join(tgt[j - dj : j])))
        i, j = i - di, j - dj
    groups.reverse()
    return groups
