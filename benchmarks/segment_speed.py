"""Sentence segmentation and normalization speed on 1 MB of Persian text.

Baseline in the same run: a naive ``re.split`` on sentence punctuation (no offsets, no
abbreviations, no brackets), the least any segmenter must do.

    .venv/bin/python benchmarks/segment_speed.py [--mb 1]
"""

from __future__ import annotations

import argparse
import re

from _common import best_of, peak_rss_mb, persian_corpus

from toolkit.text import match_key, normalize, segment

NAIVE = re.compile(r"(?<=[.!?؟…])\s+|\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=1.0)
    args = parser.parse_args()
    text = persian_corpus(int(args.mb * 1024 * 1024))
    size = len(text.encode("utf-8")) / 1048576
    base_t, base = best_of(lambda: [s for s in NAIVE.split(text) if s.strip()])
    seg_t, segs = best_of(lambda: segment(text, "fa"))
    norm_t, _ = best_of(lambda: normalize(text))
    key_t, _ = best_of(lambda: match_key(text), repeat=1)
    print(
        f"input: {size:.2f} MB, {len(text):,} characters, {len(segs):,} sentences "
        f"(naive split: {len(base):,})"
    )
    print(f"{'step':<22}{'seconds':>9}{'MB/s':>9}{'x naive split':>15}")
    for name, t in [
        ("naive re.split", base_t),
        ("segment", seg_t),
        ("normalize", norm_t),
        ("match_key", key_t),
    ]:
        print(f"{name:<22}{t:>9.3f}{size / t:>9.2f}{t / base_t:>15.1f}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
