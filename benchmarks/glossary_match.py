"""Glossary matching at scale: a 100,000-entry glossary over 1 MB of Persian text.

Baseline in the same run: the bare pyahocorasick search of every term's key over the
text's key (no word boundaries, no suffixes, no longest-match selection): the floor that
the matcher's own work is measured against. Target: build + match under 1 s each.

    .venv/bin/python benchmarks/glossary_match.py [--terms 100000] [--mb 1]
"""

from __future__ import annotations

import argparse
import random

import ahocorasick
from _common import best_of, peak_rss_mb, persian_corpus

from toolkit.glossary.model import Glossary, Term
from toolkit.glossary.source import SourceMatcher
from toolkit.text.normalize import key_of, match_key

LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"


def synthetic_glossary(n: int, vocabulary: list[str], seed: int = 11) -> Glossary:
    """``n`` distinct terms of 1-4 words: real words from the corpus mixed with invented ones."""
    rng = random.Random(seed)
    seen: set[str] = set()
    terms: list[Term] = []
    while len(terms) < n:
        words = []
        for _ in range(rng.choice((1, 2, 2, 3, 4))):
            if rng.random() < 0.5:
                words.append(rng.choice(vocabulary))
            else:
                words.append("".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 7))))
        fa = " ".join(words)
        if fa in seen:
            continue
        seen.add(fa)
        terms.append(Term.create({"fa": fa, "en": f"term {len(terms)}"}, id=f"t{len(terms)}"))
    return Glossary(tuple(terms), ("fa", "en"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--mb", type=float, default=1.0)
    args = parser.parse_args()
    text = persian_corpus(int(args.mb * 1024 * 1024))
    vocabulary = sorted({w for w in text.split() if len(w) > 2 and w.isalpha()})
    glossary = synthetic_glossary(args.terms, vocabulary)

    def bare() -> int:
        automaton = ahocorasick.Automaton()
        for term in glossary:
            k = key_of(term.preferred("fa"))
            automaton.add_word(k, k)
        automaton.make_automaton()
        return sum(1 for _ in automaton.iter(match_key(text).key))

    base_t, raw_hits = best_of(bare, repeat=1)
    build_t, matcher = best_of(lambda: SourceMatcher(glossary), repeat=1)
    match_t, matches = best_of(lambda: matcher.find(text), repeat=2)
    print(
        f"glossary: {len(glossary):,} terms; text: {len(text.encode()) / 1048576:.2f} MB, "
        f"{len(text):,} characters"
    )
    print(f"{'step':<38}{'seconds':>9}{'x baseline':>12}")
    print(
        f"{'baseline: bare Aho-Corasick build+search':<38}{base_t:>9.2f}{1.0:>12.2f}"
        f"   ({raw_hits:,} raw hits)"
    )
    print(f"{'toolkit SourceMatcher build':<38}{build_t:>9.2f}{build_t / base_t:>12.2f}")
    print(
        f"{'toolkit SourceMatcher.find':<38}{match_t:>9.2f}{match_t / base_t:>12.2f}"
        f"   ({len(matches):,} whole-word, longest, non-overlapping matches)"
    )
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
