"""What a termbase of 100,000 entries costs a user's everyday commands, against the domain glossary.

The domain glossary (92 terms) is the baseline; the termbase is the same glossary plus 100,000
entries of invented Persian words (1-3 words, English and Russian columns), so that the
article's own terms are found exactly as with the baseline and the termbase adds the cost of
its size, not of more matches. Each row runs fresh processes on the seed article, with a
compiled glossary index of its own ($TOOLKIT_HOME):

* ``toolkit glossary match``: find the source terms (text output);
* ``toolkit evaluate``: check the seed's reference English translation against the glossary;
* ``toolkit glossary match --lang en|ru`` (target side): find the terms' renderings in the
  seed's reference English and Russian translations (``--target-rounds``, default 1, 0 to
  skip them: before issue 26 one run took 15 s).

The termbase's first run starts from an empty index (the file read, checked and compiled);
later runs read it from the index. Rounds are interleaved; each row is a median.

    .venv/bin/python benchmarks/termbase_runs.py [--terms 100000] [--rounds 3] [--target-rounds 1]

``--threshold 300,1000,...`` measures instead, in this process, what matching a text of each
many words of Persian news costs through the compiled glossary's first-word table and through
the whole matcher (best of three, the glossary loaded from the index each time): where the
two meet is ``toolkit.glossary.source.SHORT_TEXT_WORDS`` (and, with ``--dense``, a glossary
of the corpus's own words, ``SHORT_TEXT_TERMS``).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, SEED

sys.path.insert(0, str(ROOT / "tests"))
from builders import LETTERS

DOMAIN = ROOT / "glossaries" / "iran-russia-ict.tsv"
REFERENCE = ROOT / "evaluation" / "references" / "mehr-iran-russia-ict.en.txt"
REFERENCE_RU = ROOT / "evaluation" / "references" / "mehr-iran-russia-ict.ru.txt"


def termbase(terms: int, seed: int = 5) -> str:
    """The domain glossary's rows and ``terms`` invented entries, as TSV."""
    lines = DOMAIN.read_text(encoding="utf-8").splitlines()
    width = len(lines[0].split("\t"))
    known = {line.split("\t")[0] for line in lines[1:]}
    rng = random.Random(seed)
    out = list(lines)
    count = 0
    while count < terms:
        words = [
            "".join(rng.choice(LETTERS) for _ in range(rng.randint(5, 8)))
            for _ in range(rng.choice((1, 2, 2, 3)))
        ]
        fa = " ".join(words)
        if fa in known:
            continue
        known.add(fa)
        cells = [fa, f"Entry {count} Name", f"Термин {count}"] + [""] * (width - 3)
        out.append("\t".join(cells))
        count += 1
    return "\n".join(out) + "\n"


def threshold(large: Path, home: Path, sizes: list[int], dense: bool) -> None:
    """The short-text path against the whole matcher, per text size (see the docstring)."""
    from _common import persian_corpus

    from toolkit.glossary import source
    from toolkit.glossary.validate import load_glossary

    os.environ["TOOLKIT_HOME"] = str(home)
    words = persian_corpus(max(sizes) * 12).split()
    if dense:  # glossary_match.py's glossary: terms of the corpus's own words
        from builders import synthetic_glossary

        from toolkit.glossary.formats import dump_glossary

        corpus = persian_corpus(1024 * 1024)
        vocabulary = sorted({w for w in corpus.split() if len(w) > 2 and w.isalpha()})
        glossary = synthetic_glossary(100_000, vocabulary)
        large.write_text(dump_glossary(glossary, "tsv"), encoding="utf-8")
    load_glossary(large)
    source.source_matcher(load_glossary(large), use_index=True)  # every entry written

    def best(text: str, limit: int) -> tuple[float, int]:
        times, found = [], 0
        for _ in range(3):
            glossary = load_glossary(large)
            source.SHORT_TEXT_WORDS = source.SHORT_TEXT_TERMS = limit
            t = time.perf_counter()
            found = len(source.source_matcher(glossary).find(text))
            times.append(time.perf_counter() - t)
        return min(times), found

    print(f"{'words':>8}{'first-word table':>18}{'whole matcher':>15}{'matches':>9}")
    for size in sizes:
        text = " ".join(words[:size])
        short, found = best(text, 10**9)
        whole, again = best(text, 0)
        if found != again:
            sys.exit(f"{size} words: {found} matches against {again}")
        print(f"{size:>8,}{short:>17.2f}s{whole:>14.2f}s{found:>9,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--target-rounds", type=int, default=1)
    parser.add_argument("--threshold", help="text sizes in words, comma-separated")
    parser.add_argument(
        "--dense",
        action="store_true",
        help="with --threshold: glossary_match.py's glossary of the corpus's own words",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="termbase-bench-") as tmp:
        folder = Path(tmp)
        large = folder / "termbase.tsv"
        large.write_text(termbase(args.terms), encoding="utf-8")
        home = folder / "home"
        if args.threshold:
            threshold(large, home, [int(n) for n in args.threshold.split(",")], args.dense)
            return
        env = {**os.environ, "TOOLKIT_HOME": str(home), "PYTHONPATH": str(ROOT)}
        commands = {
            "glossary match": ["glossary", "match", str(SEED), "-g"],
            "evaluate": ["evaluate", "-s", str(SEED), "-H", str(REFERENCE), "-t", "en", "-g"],
            "match --lang en": ["glossary", "match", str(REFERENCE), "--lang", "en", "-g"],
            "match --lang ru": ["glossary", "match", str(REFERENCE_RU), "--lang", "ru", "-g"],
        }

        def run(command: list[str], glossary: Path) -> float:
            t = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "toolkit", *command, str(glossary)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                check=False,
            )
            if done.returncode not in (0, 1):  # evaluate exits 1 when a finding is an error
                sys.exit(f"{command[0]} failed: {done.stderr.decode()[-500:]}")
            return time.perf_counter() - t

        rows: dict[tuple[str, str], list[float]] = {}
        for name, command in commands.items():
            rounds = args.target_rounds if "--lang" in command else args.rounds
            if rounds:
                run(command, DOMAIN)  # warm the page cache
            for _ in range(rounds):
                shutil.rmtree(home, ignore_errors=True)
                times = {
                    "domain glossary (baseline)": run(command, DOMAIN),
                    "termbase, first run (empty index)": run(command, large),
                    "termbase, later run": run(command, large),
                    "termbase, later run again": run(command, large),
                }
                for label, t in times.items():
                    rows.setdefault((name, label), []).append(t)
        print(f"termbase: the domain glossary + {args.terms:,} entries; text: the seed article")
        print(f"{'command':<18}{'glossary':<36}{'seconds':>9}{'ratio':>9}")
        for name in commands:
            if (name, "domain glossary (baseline)") not in rows:  # --target-rounds 0
                continue
            base = statistics.median(rows[(name, "domain glossary (baseline)")])
            for (row_command, label), ts in rows.items():
                if row_command == name:
                    t = statistics.median(ts)
                    print(f"{name:<18}{label:<36}{t:>9.2f}{t / base:>8.2f}x")


if __name__ == "__main__":
    main()
