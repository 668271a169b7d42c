"""Term placement on a fluent model: does enforcing the glossary keep the translation intact?

The fluent stand-in (``tests/fluent_model.py``) is a small NLLB-format model trained until it
reproduces the seed's reference translations word for word: like a real NMT model it is
confident and fluent, with its own wording. A glossary variant
(``evaluation/term-fluency/glossary-<split>.tsv``) asks for other, equally valid wording in
several entries ("agreement" where the model says "contract", «соглашение» for «контракт»),
and hand-written adjusted references (``reference-<split>.<lang>.txt``) have that wording in
the right grammatical forms.

For each backend (ct2, hf) and target (en, ru), the seed is translated without the glossary
(unconstrained) and with it (enforced). Every figure except the status mix is computed here,
independently of the toolkit's matchers, against the hand-written data:

* **terms**: per line, occurrences of each changed entry's new wording in the output,
  capped by the adjusted reference's count, over the reference's count (hand-written
  patterns; inflected forms by stem);
* **old left**: occurrences of the model's replaced wording (``old-renderings.tsv``) beyond
  what the adjusted reference keeps;
* **extra/missing words**: words of the output beyond the adjusted reference (old
  renderings left in part, doubled or pasted words) and words it lacks (dropped clauses);
* **wrong script**: words in a script other than the target's (lower-case Latin words in
  Russian, Cyrillic words in English, any Persian-script word);
* **chrF++** of each output against the adjusted references (sacrebleu);
* **status mix**: the toolkit's own report (model / substituted / constrained / inserted /
  failed), to show how each term got there.

    .venv/bin/python benchmarks/term_fluency.py [--split test|dev|holdout] [--backends ct2,hf]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

DATA = ROOT / "evaluation" / "term-fluency"
SEED = ROOT / "seeds" / "mehr-iran-russia-ict.fa.txt"


def new_wording(split: str, lang: str) -> list[str]:
    """The new wording of each changed entry (``new-wording.tsv``): hand-written regular
    expressions, independent of the toolkit's matchers, that find every inflected form."""
    rows = [r.split("\t") for r in _lines(DATA / "new-wording.tsv")[1:] if r.strip()]
    return [r[2] for r in rows if r[0] == split and r[1] == lang]


def _pattern(body: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


def _old_pattern(old: str, lang: str) -> re.Pattern[str]:
    """Any inflected form of an old rendering: English words with an optional plural, Russian
    words by stem (the word less its last one or two letters)."""
    parts = []
    for word in old.split():
        if lang == "ru" and len(word) > 4 and word.isalpha():
            stem = re.sub(r"[аеёиоуыэюяйь]{1,2}$", "", word).replace("ё", "[её]")
            parts.append(stem + r"\w*")
        elif lang == "en" and word.isalpha() and word.islower():
            stem = word[:-1] + "(?:y|ies)" if word.endswith("y") else word + "(?:s|es)?"
            parts.append(stem)
        else:
            parts.append(re.escape(word) + r"(?:s|'s)?")
    return _pattern(r"\s+".join(parts))


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def term_success(output: list[str], reference: list[str], patterns: list[str]) -> tuple[int, int]:
    got = total = 0
    for out, ref in zip(output, reference, strict=True):
        for body in patterns:
            pat = _pattern(body)
            want = len(pat.findall(ref))
            total += want
            got += min(want, len(pat.findall(out)))
    return got, total


def old_left(output: list[str], split: str, lang: str) -> int:
    rows = [r.split("\t") for r in _lines(DATA / "old-renderings.tsv")[1:] if r.strip()]
    left = 0
    for row in rows:
        if row[0] != split or row[2] != lang:
            continue
        pat = _old_pattern(row[3], lang)
        found = sum(len(pat.findall(line)) for line in output)
        left += max(0, found - int(row[5]))
    return left


def wrong_script(output: list[str], lang: str) -> int:
    count = 0
    for line in output:
        for word in re.findall(r"[^\W\d_]+", line):
            if (
                re.search(r"[\u0600-\u06ff]", word)
                or (lang == "en" and re.search(r"[а-яёА-ЯЁ]", word))
                or (lang == "ru" and re.fullmatch(r"[a-z]+", word))
            ):
                count += 1
    return count


def word_diff(output: list[str], reference: list[str]) -> tuple[int, int]:
    """Words the output has beyond the adjusted reference (old renderings left, doubled or
    pasted words) and words it lacks (dropped clauses), summed over lines (multisets of
    lower-cased words without punctuation)."""
    from collections import Counter

    extra = missing = 0
    for out, ref in zip(output, reference, strict=True):
        o = Counter(re.findall(r"[^\W_]+", out.lower()))
        r = Counter(re.findall(r"[^\W_]+", ref.lower()))
        extra += sum((o - r).values())
        missing += sum((r - o).values())
    return extra, missing


def chrf(output: list[str], reference: list[str]) -> float:
    from sacrebleu.metrics import CHRF

    return CHRF(word_order=2).corpus_score(output, [reference]).score


def run(split: str, backends: list[str]) -> None:
    from fluent_model import build_fluent_nllb

    from toolkit.glossary.validate import load_glossary
    from toolkit.translate.engine import TranslationEngine
    from toolkit.translate.factory import build_translator

    started = time.perf_counter()
    model = build_fluent_nllb()
    print(f"fluent model: {model} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    glossary = load_glossary(DATA / f"glossary-{split}.tsv")
    text = SEED.read_text(encoding="utf-8")
    header = (
        "| backend | lang | terms (unconstr.) | terms (enforced) | chrF++ unconstr. | "
        "chrF++ enforced | old left | extra/missing words | wrong script | "
        "model/subst/constr/inserted/failed | shared |"
    )
    rows = [header, "|" + "---|" * 11]
    for backend in backends:
        for lang in ("en", "ru"):
            reference = _lines(DATA / f"reference-{split}.{lang}.txt")
            translator = build_translator(str(model), lang, backend=backend)
            plain = TranslationEngine(translator).translate(text)
            enforced = TranslationEngine(translator, glossary).translate(text)
            u, e = list(plain.lines), list(enforced.lines)
            patterns = new_wording(split, lang)
            gu, total = term_success(u, reference, patterns)
            ge, _ = term_success(e, reference, patterns)
            counts = enforced.term_counts()
            shared = sum(t.shared for s in enforced.segments for t in s.terms)
            mix = "/".join(
                str(counts[k])
                for k in ("model", "substituted", "constrained", "inserted", "failed")
            )
            rows.append(
                f"| {backend} | {lang} | {gu}/{total} | {ge}/{total} | {chrf(u, reference):.1f} | "
                f"{chrf(e, reference):.1f} | {old_left(e, split, lang)} | "
                f"{'/'.join(map(str, word_diff(e, reference)))} | "
                f"{wrong_script(e, lang)} | {mix} | {shared} |"
            )
            if os.environ.get("TERM_FLUENCY_SHOW"):
                for line_e, line_r in zip(e, reference, strict=True):
                    if line_e != line_r:
                        print(f"  out: {line_e}\n  ref: {line_r}", file=sys.stderr)
    print("\n".join(rows))
    print(f"\n{split} split; {time.perf_counter() - started:.0f} s in all", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("test", "dev", "holdout"), default="test")
    parser.add_argument("--backends", default="ct2,hf")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["TOOLKIT_HOME"] = home  # a fresh memory and ct2 cache: nothing is reused
        run(args.split, args.backends.split(","))


if __name__ == "__main__":
    main()
