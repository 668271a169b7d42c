"""Score ``toolkit glossary suggest`` against hand-written expected entries.

Each article ``<split>/NN.fa.txt`` has ``NN.expected.json``: the entities a translator
would put in a glossary for it (person, org, place, title, term), with hand-written
English and Russian renderings. The seed article has ``seed.expected.json``.

Per kind, over all articles of the split:

* **recall**: expected entries that a suggestion matches (same matching key, the head's
  plural suffix ignored);
* **precision**: suggestions that match an expected entry; a suggestion that contains an
  expected entry or is contained in one (``وزارت نیرو`` for ``وزارت نیرو ایران``) is
  counted apart, as *partial*, and not as correct;
* **transliteration**: for the expected people that were found, the share whose
  suggested rendering equals the hand-written one exactly, and within one letter.

The figures are computed here, from the expected files, not by the suggester's code.
``dev`` and the seed are what the rules were tuned on; ``test`` was seen once after its
figures were recorded (four generic fixes followed); ``heldout`` was written after that, blind
to the rules, and is reported only.

    .venv/bin/python evaluation/suggest/run.py [--split dev|test|heldout|seed] [--verbose]
"""

from __future__ import annotations

import argparse
import difflib
import json
import unicodedata
from collections import Counter
from pathlib import Path

from toolkit.glossary.suggest import KINDS, Suggestion, suggest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PLURALS = ("هایی", "های", "ها")


def key(text: str) -> str:
    """Letters only, Arabic/Persian letter variants unified, the first word's plural
    suffix dropped: written independently of the toolkit's own key."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("ي", "ی").replace("ك", "ک").replace("ى", "ی").replace("ة", "ه")
    text = text.replace("أ", "ا").replace("إ", "ا").replace("ؤ", "و").replace("ئ", "ی")
    text = text.replace("ء", "")
    words = text.replace("\u200c", " ").split()
    # A word split by a ZWNJ or a space is one word here: compare letters only.
    joined = "".join(words)
    first = text.split()[0].replace("\u200c", "") if text.split() else ""
    for suffix in PLURALS:
        if first.endswith(suffix) and len(first) - len(suffix) >= 3:
            joined = first[: -len(suffix)] + joined[len(first) :]
            break
    return "".join(ch for ch in joined if ch.isalpha())


def within_one(a: str, b: str) -> bool:
    ops = difflib.SequenceMatcher(None, a, b).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for t, i1, i2, j1, j2 in ops if t != "equal") <= 1


def articles(split: str) -> list[tuple[str, str, list[dict[str, str]]]]:
    if split == "seed":
        text = (ROOT / "seeds" / "mehr-iran-russia-ict.fa.txt").read_text(encoding="utf-8")
        expected = json.loads((HERE / "seed.expected.json").read_text(encoding="utf-8"))
        return [("seed", text, expected["entities"])]
    out = []
    for path in sorted((HERE / split).glob("*.fa.txt")):
        stem = path.name.split(".")[0]
        expected = json.loads((path.parent / f"{stem}.expected.json").read_text(encoding="utf-8"))
        out.append((f"{split}/{stem}", path.read_text(encoding="utf-8"), expected["entities"]))
    return out


def score(split: str, verbose: bool) -> None:
    found: Counter[str] = Counter()
    wanted: Counter[str] = Counter()
    suggested: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    partial: Counter[str] = Counter()
    translit = {"en": [0, 0, 0], "ru": [0, 0, 0]}  # [people, exact, within one letter]
    for name, text, expected in articles(split):
        items: list[Suggestion] = list(suggest(text).items)
        # A suggestion covers the entry it names and every form it was found in (ایرنا is
        # suggested as خبرگزاری جمهوری اسلامی ایران, the gazetteer's preferred form).
        by_key = {k: s for s in items for k in (key(s.fa), *map(key, s.surfaces))}
        expected_keys = {key(e["fa"]) for e in expected}
        for e in expected:
            wanted[e["kind"]] += 1
            hit = by_key.get(key(e["fa"]))
            if hit is None:
                if verbose:
                    print(f"{name}: missed {e['kind']} {e['fa']}")
                continue
            found[e["kind"]] += 1
            if e["kind"] == "person":
                for lang in ("en", "ru"):
                    r = hit.rendering(lang)
                    translit[lang][0] += 1
                    if r is not None and r.text == e[lang]:
                        translit[lang][1] += 1
                    if r is not None and within_one(r.text, e[lang]):
                        translit[lang][2] += 1
                    elif verbose:
                        print(f"{name}: {lang} {e['fa']}: {r.text if r else '-'} != {e[lang]}")
        for s in items:
            suggested[s.kind] += 1
            k = key(s.fa)
            if expected_keys & {k, *map(key, s.surfaces)}:
                correct[s.kind] += 1
            elif any(k in ek or ek in k for ek in expected_keys):
                partial[s.kind] += 1
                if verbose:
                    print(f"{name}: partial {s.kind} {s.fa}")
            elif verbose:
                print(f"{name}: extra {s.kind} {s.fa}")
    print(f"split: {split} ({len(articles(split))} articles)")
    print(
        f"{'kind':<8}{'expected':>9}{'found':>7}{'recall':>8}{'suggested':>11}"
        f"{'correct':>9}{'partial':>9}{'precision':>11}"
    )
    for kind in (*KINDS, "all"):
        w = sum(wanted.values()) if kind == "all" else wanted[kind]
        f = sum(found.values()) if kind == "all" else found[kind]
        s = sum(suggested.values()) if kind == "all" else suggested[kind]
        c = sum(correct.values()) if kind == "all" else correct[kind]
        p = sum(partial.values()) if kind == "all" else partial[kind]
        recall = f"{f / w:.2f}" if w else "-"
        precision = f"{c / s:.2f}" if s else "-"
        print(f"{kind:<8}{w:>9}{f:>7}{recall:>8}{s:>11}{c:>9}{p:>9}{precision:>11}")
    for lang, (n, exact, near) in translit.items():
        if n:
            print(
                f"transliteration {lang}: {n} people found; exact {exact}/{n} = {exact / n:.2f}; "
                f"within one letter {near}/{n} = {near / n:.2f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=("dev", "test", "heldout", "seed"), default="dev")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    score(args.split, args.verbose)


if __name__ == "__main__":
    main()
