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
* **collateral**: words the enforced output changed against the unconstrained one, outside
  the changed entries' wording (a word-level diff; the removed words may only be old
  renderings, the added ones only new wording; articles, о/об, conjunctions and
  prepositions, and a word re-inflected to agree, are not counted). Checked on the data
  itself: each original reference against its adjusted reference gives 0 on every split;
* **wrong/partial subst.**: substitutions (the toolkit's ``replaced`` text) that replaced
  words which are not a hand-written old rendering (wrong), or only part of one (partial);
* **doubled**: phrases of one to four words written twice in a row in the enforced output
  but not in the unconstrained one;
* **status mix**: the toolkit's own report (model / substituted / constrained / inserted /
  failed), to show how each term got there.

Every row runs on both stand-ins (``--stand-ins``): ``fluent``, which also learnt each
glossary term on its own, and ``sentences``, trained on whole sentences only, so that a
method leaning on the model translating a term alone in its in-context wording shows it. The
splits are the ``glossary-<split>.tsv`` files; ``blind1``-``blind3`` were written by a session
that saw neither the code nor its outputs and are for reporting only.

The ``chat`` stand-in (``--stand-ins chat``; ``tests/llm/fluent_chat.py``) is a small
decoder-only chat model trained to answer the ``openai`` translator's own prompts for the seed
with the references; it runs on the ``openai`` backend alone, behind ``transformers serve``
on a free local port, and gives the ``openai`` rows (the NLLB stand-ins' rows are unchanged).

The automatic split ``auto`` has no files of its own: it draws eight entries of the domain
glossary that occur in the seed and have synonyms (``synonyms.tsv``, written by hand), gives
each a random synonym (``--seed``), and writes that variant glossary to a temporary file.
Without references, the reference-based columns print ``n/a``; collateral and doubled are
counted against the unconstrained output as above (the drawn entries' glossary renderings
and synonyms, in the lines where they occur, stand for the old and new wording); a
substitution is wrong unless its replaced text is a form of the entry's own glossary
rendering (partial: a part of one); *placed* is the share of the drawn entries' occurrences
in the seed that are not ``failed``.

    .venv/bin/python benchmarks/term_fluency.py [--split test|dev|holdout|blind1|...|auto|all]
        [--backends ct2,hf] [--stand-ins fluent,sentences,chat] [--seed N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

DATA = ROOT / "evaluation" / "term-fluency"
SEED = ROOT / "seeds" / "mehr-iran-russia-ict.fa.txt"
GLOSSARY = ROOT / "glossaries" / "iran-russia-ict.tsv"
SYNONYMS = DATA / "synonyms.tsv"
AUTO = "auto"
AUTO_SEED = 22
"""The automatic split's default seed (the issue's number), printed with its table."""
AUTO_ENTRIES = 8
CHAT = "chat"
"""The fluent chat stand-in (``tests/llm/fluent_chat.py``), on the ``openai`` backend."""
OPENAI = "openai"


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
    for word in old.replace(",", " ").split():
        if lang == "ru" and "-" in word and word.replace("-", "").isalpha():
            # «информационно-коммуникационные»: only the last part inflects
            first, last = word.rsplit("-", 1)
            stem = re.sub(r"[аеёиоуыэюяйь]{1,2}$", "", last).replace("ё", "[её]")
            parts.append(re.escape(first) + "-" + stem + r"\w*")
        elif lang == "ru" and len(word) > 4 and word.isalpha():
            stem = re.sub(r"[аеёиоуыэюяйь]{1,2}$", "", word).replace("ё", "[её]")
            parts.append(stem + r"\w*")
        elif lang == "en" and word.isalpha() and word.islower():
            stem = word[:-1] + "(?:y|ies)" if word.endswith("y") else word + "(?:s|es)?"
            parts.append(stem)
        else:
            parts.append(re.escape(word) + r"(?:s|'s)?")
    return _pattern(r",?\s+".join(parts))  # "развития, связи": a comma between words


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


def splits() -> list[str]:
    """Every split with a variant glossary, the tuned ones first."""
    found = sorted(p.name[len("glossary-") : -len(".tsv")] for p in DATA.glob("glossary-*.tsv"))
    tuned = [s for s in ("test", "dev", "holdout") if s in found]
    return tuned + [s for s in found if s not in tuned]


def _old_rows(split: str, lang: str) -> list[re.Pattern[str]]:
    rows = [r.split("\t") for r in _lines(DATA / "old-renderings.tsv")[1:] if r.strip()]
    return [_old_pattern(r[3], lang) for r in rows if r[0] == split and r[2] == lang]


_WORD = re.compile(r"['’]s\b|[^\W_]+")
"""Words, a possessive as a word of its own ("Ministry's": "ministry", "'s")."""
_GRAMMAR = {
    "en": {"a", "an", "the", "'s", "’s", "of", "and", "in", "to", "for", "with", "on", "by"},
    "ru": {"о", "об", "и", "в", "во", "с", "со", "на", "по", "для", "к"},
}
"""Not counted as collateral: articles and о/об, which grammar moves, and the conjunctions
and prepositions that a word diff pairs across neighbouring renderings (a dropped clause
still counts by its content words)."""
_EN_IRREGULAR = {"has": "have", "is": "be", "are": "be", "was": "be", "were": "be"}


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _spans(text: str, patterns: list[re.Pattern[str]]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for p in patterns for m in p.finditer(text)]


def _lemmas(word: str, lang: str) -> set[str]:
    """Every lemma the word may have (pymorphy3's normal forms: «этого» is «это» or «этот»)."""
    if lang == "ru":
        return {str(p.normal_form) for p in _morph().parse(word)}  # type: ignore[attr-defined]
    return {_EN_IRREGULAR.get(word, re.sub(r"(?:'s|’s|es|s)$", "", word))}


_MORPH: list[object] = []


def _morph() -> object:
    if not _MORPH:
        import pymorphy3

        _MORPH.append(pymorphy3.MorphAnalyzer())
    return _MORPH[0]


def collateral(
    plain: list[str], enforced: list[str], split: str, lang: str
) -> tuple[int, list[str]]:
    """Words changed outside the changed entries' wording, summed over lines, and the
    changes themselves (for ``TERM_FLUENCY_SHOW``)."""
    new = [_pattern(body) for body in new_wording(split, lang)]
    old = _old_rows(split, lang)
    return _collateral(plain, enforced, [old] * len(plain), [new] * len(plain), lang)


def _collateral(
    plain: list[str],
    enforced: list[str],
    old: list[list[re.Pattern[str]]],
    new: list[list[re.Pattern[str]]],
    lang: str,
) -> tuple[int, list[str]]:
    """:func:`collateral` with the old and the new wording that each line may change."""
    from difflib import SequenceMatcher

    count, shown = 0, []
    for u, e, line_old, line_new in zip(plain, enforced, old, new, strict=True):
        uw, ew = _words(u), _words(e)
        allowed_old, allowed_new = _spans(u, line_old), _spans(e, line_new)
        ops = SequenceMatcher(a=[w for w, *_ in uw], b=[w for w, *_ in ew], autojunk=False)
        removed: list[str] = []
        added: list[str] = []
        for tag, i1, i2, j1, j2 in ops.get_opcodes():
            if tag != "equal":
                removed += [w[0] for w in uw[i1:i2] if not _inside(w[1], w[2], allowed_old)]
                added += [w[0] for w in ew[j1:j2] if not _inside(w[1], w[2], allowed_new)]
        # Over the whole line, not per block of the diff (which may pair an «и» of one title
        # with the «и» of another): a word re-inflected to agree, or moved by the diff's
        # alignment, is gone and come back with a lemma in common.
        gone = set().union(*(_lemmas(w, lang) for w in removed))
        came = set().union(*(_lemmas(w, lang) for w in added))
        bad = [
            w
            for w in removed + added
            if w not in _GRAMMAR[lang] and not _lemmas(w, lang) & gone & came
        ]
        if bad:
            count += len(bad)
            shown.append(f"{' '.join(removed)!r} -> {' '.join(added)!r}: {', '.join(bad)}")
    return count, shown


def substitutions(translation: object, plain: list[str], split: str, lang: str) -> tuple[int, int]:
    """Substituted occurrences whose replaced words are no hand-written old rendering
    (wrong) or only a part of one found in the unconstrained output (partial)."""
    old = _old_rows(split, lang)
    return _substitutions(translation, plain, lambda term: old)


def _substitutions(
    translation: object, plain: list[str], old: Callable[[str], list[re.Pattern[str]]]
) -> tuple[int, int]:
    """:func:`substitutions` with the old renderings that each term (by label) may replace."""
    wrong = partial = 0
    for seg in translation.segments:  # type: ignore[attr-defined]
        for outcome in seg.terms:
            if outcome.status != "substituted" or outcome.shared or not outcome.replaced:
                continue
            replaced = outcome.replaced.strip()
            patterns = old(outcome.term)
            if any(p.fullmatch(replaced) for p in patterns):
                continue
            inside = any(
                replaced.lower() in m.group().lower()
                for p in patterns
                for line in plain
                for m in p.finditer(line)
            )
            if inside:
                partial += 1
            else:
                wrong += 1
    return wrong, partial


def doubled(plain: list[str], enforced: list[str]) -> int:
    """Phrases of one to four words written twice in a row in the enforced output and not in
    the unconstrained one."""

    def repeats(line: str) -> int:
        words = [w for w, *_ in _words(line)]
        return sum(
            words[i : i + n] == words[i + n : i + 2 * n]
            for n in range(1, 5)
            for i in range(len(words) - 2 * n + 1)
        )

    return sum(max(0, repeats(e) - repeats(u)) for u, e in zip(plain, enforced, strict=True))


def chrf(output: list[str], reference: list[str]) -> float:
    from sacrebleu.metrics import CHRF

    return CHRF(word_order=2).corpus_score(output, [reference]).score


@dataclass(frozen=True)
class Synonyms:
    """A row of ``synonyms.tsv``: an entry of the domain glossary (its first Persian
    variant) and its hand-written alternative renderings in each target language."""

    fa: str
    en: tuple[str, ...]
    ru: tuple[str, ...]

    def get(self, lang: str) -> tuple[str, ...]:
        return self.en if lang == "en" else self.ru


def synonyms(path: Path = SYNONYMS) -> list[Synonyms]:
    """The rows of the synonym list (``#`` lines are comments, the first other line the
    header)."""
    rows = [r for r in _lines(path) if r.strip() and not r.startswith("#")][1:]
    out = []
    for row in rows:
        cells = row.split("\t")
        en, ru = (tuple(v.strip() for v in c.split("|") if v.strip()) for c in cells[1:3])
        out.append(Synonyms(cells[0].strip(), en, ru))
    return out


@dataclass(frozen=True)
class AutoEntry:
    """An entry drawn for the automatic split: its label (first Persian variant), the
    synonym asked in each language ('' where that language is left alone) and the seed
    line (0-based) of each of its occurrences."""

    fa: str
    en: str
    ru: str
    lines: tuple[int, ...]

    def new(self, lang: str) -> str:
        return self.en if lang == "en" else self.ru


def seed_occurrences() -> dict[str, tuple[int, ...]]:
    """Each domain entry found in the seed (longest match, as the toolkit finds it), by
    label: the seed line of each occurrence."""
    from toolkit.glossary.source import source_matcher
    from toolkit.glossary.validate import load_glossary

    matcher = source_matcher(load_glossary(GLOSSARY))
    found: dict[str, list[int]] = {}
    for number, line in enumerate(_lines(SEED)):
        for match in matcher.find(line):
            found.setdefault(match.label, []).append(number)
    return {label: tuple(lines) for label, lines in found.items()}


def draw(seed: int = AUTO_SEED) -> list[AutoEntry]:
    """Eight entries that occur in the seed and have synonyms, each with a random synonym
    per language, in the synonym list's order (``random.Random(seed)``)."""
    found = seed_occurrences()
    pool = [s for s in synonyms() if s.fa in found]
    rng = random.Random(seed)
    picked = {s.fa for s in rng.sample(pool, AUTO_ENTRIES)}
    out = []
    for s in pool:
        if s.fa in picked:
            en, ru = (rng.choice(s.get(lang)) if s.get(lang) else "" for lang in ("en", "ru"))
            out.append(AutoEntry(s.fa, en, ru, found[s.fa]))
    return out


def write_auto_glossary(entries: list[AutoEntry], path: Path) -> None:
    """The domain glossary with each drawn entry's changed cells holding only its synonym;
    every other row byte-identical."""
    drawn = {e.fa: e for e in entries}
    rows = _lines(GLOSSARY)
    for number, row in enumerate(rows[1:], start=1):
        cells = row.split("\t")
        entry = drawn.get(cells[0].split("|")[0].strip())
        if entry is None:
            continue
        replaced = []
        for column, lang in ((1, "en"), (2, "ru")):
            if entry.new(lang):
                replaced.append(f"{lang}: {cells[column]}")
                cells[column] = entry.new(lang)
        cells[3] = f"auto variant: replaces {'; '.join(replaced)}"
        rows[number] = "\t".join(cells)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def _forms(rendering: str, lang: str) -> list[re.Pattern[str]]:
    """Any inflected form of a glossary rendering (:func:`_old_pattern`), with the Latin
    plural of an English word in -um ("memoranda of understanding")."""
    patterns = [_old_pattern(rendering, lang)]
    if lang == "en" and re.search(r"[a-z]um\b", rendering):
        patterns.append(_old_pattern(re.sub(r"([a-z])um\b", r"\1a", rendering), lang))
    return patterns


def _renderings(lang: str) -> dict[str, list[re.Pattern[str]]]:
    """Every domain entry's glossary renderings in ``lang`` (any inflected form), by label."""
    from toolkit.glossary.validate import load_glossary

    terms = load_glossary(GLOSSARY).terms
    return {t.label: [p for r in t.get(lang) for p in _forms(r, lang)] for t in terms}


def auto_collateral(
    plain: list[str], enforced: list[str], entries: list[AutoEntry], lang: str
) -> tuple[int, list[str]]:
    """:func:`collateral` for the automatic split: in each line, the old wording is the
    glossary renderings of the drawn entries that occur there, the new their synonyms."""
    renderings = _renderings(lang)
    old: list[list[re.Pattern[str]]] = [[] for _ in plain]
    new: list[list[re.Pattern[str]]] = [[] for _ in plain]
    for e in entries:
        if e.new(lang):
            for number in set(e.lines):
                old[number] += renderings[e.fa]
                new[number] += _forms(e.new(lang), lang)
    return _collateral(plain, enforced, old, new, lang)


def auto_substitutions(translation: object, plain: list[str], lang: str) -> tuple[int, int]:
    """:func:`substitutions` for the automatic split: a replaced text must be a form of the
    term's own glossary rendering in ``lang`` (the stand-ins write the glossary's wording)."""
    renderings = _renderings(lang)
    return _substitutions(translation, plain, lambda term: renderings.get(term, []))


def placed(translation: object, entries: list[AutoEntry], lang: str) -> tuple[int, int]:
    """The drawn entries' occurrences (changed in ``lang``) that are not ``failed``, and
    how many occur in the seed."""
    changed = {e.fa: len(e.lines) for e in entries if e.new(lang)}
    done = sum(
        outcome.term in changed and outcome.status != "failed"
        for seg in translation.segments  # type: ignore[attr-defined]
        for outcome in seg.terms
    )
    return done, sum(changed.values())


@dataclass(frozen=True)
class ChatServer:
    """The fluent chat stand-in served by ``transformers serve``: its folder and address."""

    model: Path
    api_base: str


def _translations(
    glossary_path: Path, backends: list[str], stand_ins: list[str], chat: ChatServer | None
) -> Iterator[tuple[str, str, str, object, object]]:
    """The seed translated without and with the glossary: (stand-in, backend, lang,
    unconstrained, enforced), for every stand-in, backend and target. The ``chat``
    stand-in runs on the ``openai`` backend alone, the NLLB stand-ins on the others."""
    from fluent_model import STAND_INS, build_fluent_nllb

    from toolkit.glossary.validate import load_glossary
    from toolkit.translate.engine import TranslationEngine
    from toolkit.translate.factory import build_translator

    glossary = load_glossary(glossary_path)
    text = SEED.read_text(encoding="utf-8")
    for stand_in in stand_ins:
        settings: dict[str, str] = {}
        if stand_in == CHAT:
            if chat is None:
                raise ValueError("the chat stand-in needs its server")
            model, kinds, settings = chat.model, [OPENAI], {"api_base": chat.api_base}
        else:
            model = build_fluent_nllb(recipe=STAND_INS[stand_in])
            kinds = [b for b in backends if b != OPENAI]
        print(f"{stand_in} stand-in: {model}", file=sys.stderr)
        for backend in kinds:
            for lang in ("en", "ru"):
                translator = build_translator(str(model), lang, backend=backend, settings=settings)
                plain = TranslationEngine(translator).translate(text)
                enforced = TranslationEngine(translator, glossary).translate(text)
                yield stand_in, backend, lang, plain, enforced


def _status_mix(translation: object) -> tuple[str, int]:
    counts = translation.term_counts()  # type: ignore[attr-defined]
    shared = sum(t.shared for s in translation.segments for t in s.terms)  # type: ignore[attr-defined]
    mix = "/".join(
        str(counts[k]) for k in ("model", "substituted", "constrained", "inserted", "failed")
    )
    return mix, shared


_HEADER = (
    "| stand-in | backend | lang | terms (unconstr.) | terms (enforced) | chrF++ unconstr. | "
    "chrF++ enforced | old left | extra/missing words | wrong script | collateral | "
    "wrong/partial subst. | doubled | model/subst/constr/inserted/failed | shared |"
)


def run(
    split: str, backends: list[str], stand_ins: list[str], chat: ChatServer | None = None
) -> None:
    started = time.perf_counter()
    rows = [_HEADER, "|" + "---|" * 15]
    outputs = _translations(DATA / f"glossary-{split}.tsv", backends, stand_ins, chat)
    for stand_in, backend, lang, plain, enforced in outputs:
        reference = _lines(DATA / f"reference-{split}.{lang}.txt")
        u, e = list(plain.lines), list(enforced.lines)  # type: ignore[attr-defined]
        patterns = new_wording(split, lang)
        gu, total = term_success(u, reference, patterns)
        ge, _ = term_success(e, reference, patterns)
        mix, shared = _status_mix(enforced)
        damage, changes = collateral(u, e, split, lang)
        wrong, partial = substitutions(enforced, u, split, lang)
        rows.append(
            f"| {stand_in} | {backend} | {lang} | {gu}/{total} | {ge}/{total} | "
            f"{chrf(u, reference):.1f} | {chrf(e, reference):.1f} | "
            f"{old_left(e, split, lang)} | "
            f"{'/'.join(map(str, word_diff(e, reference)))} | "
            f"{wrong_script(e, lang)} | {damage} | {wrong}/{partial} | {doubled(u, e)} | "
            f"{mix} | {shared} |"
        )
        if os.environ.get("TERM_FLUENCY_SHOW"):
            _show(stand_in, backend, lang, changes, e, reference)
    print(f"\n{split} split\n")
    print("\n".join(rows))
    print(f"\n{split} split; {time.perf_counter() - started:.0f} s in all", file=sys.stderr)


def run_auto(
    seed: int,
    backends: list[str],
    stand_ins: list[str],
    folder: Path,
    chat: ChatServer | None = None,
) -> None:
    """The automatic split: a drawn variant glossary (written in ``folder``), no references."""
    started = time.perf_counter()
    entries = draw(seed)
    path = folder / "glossary-auto.tsv"
    write_auto_glossary(entries, path)
    header = _HEADER.replace("| model/", "| placed | model/")
    rows = [header, "|" + "---|" * 16]
    for stand_in, backend, lang, plain, enforced in _translations(path, backends, stand_ins, chat):
        u, e = list(plain.lines), list(enforced.lines)  # type: ignore[attr-defined]
        mix, shared = _status_mix(enforced)
        damage, changes = auto_collateral(u, e, entries, lang)
        wrong, partial = auto_substitutions(enforced, u, lang)
        done, changed = placed(enforced, entries, lang)
        share = f"{done}/{changed} ({100 * done / changed:.0f}%)" if changed else "0/0"
        rows.append(
            f"| {stand_in} | {backend} | {lang} | n/a | n/a | n/a | n/a | n/a | n/a | "
            f"{wrong_script(e, lang)} | {damage} | {wrong}/{partial} | {doubled(u, e)} | "
            f"{share} | {mix} | {shared} |"
        )
        if os.environ.get("TERM_FLUENCY_SHOW"):
            _show(stand_in, backend, lang, changes, e, u)
    print(f"\n{AUTO} split, seed {seed}: {len(entries)} entries\n")
    for entry in entries:
        print(f"- {entry.fa} ({len(entry.lines)}x): en {entry.en or '-'}; ru {entry.ru or '-'}")
    print()
    print("\n".join(rows))
    print(f"\n{AUTO} split; {time.perf_counter() - started:.0f} s in all", file=sys.stderr)


def _show(
    stand_in: str, backend: str, lang: str, changes: list[str], out: list[str], ref: list[str]
) -> None:
    """``TERM_FLUENCY_SHOW``: the collateral changes, and each output line that differs from
    its reference (the unconstrained output in the automatic split)."""
    print(f"-- {stand_in} {backend} {lang}", file=sys.stderr)
    for change in changes:
        print(f"  collateral: {change}", file=sys.stderr)
    for line_e, line_r in zip(out, ref, strict=True):
        if line_e != line_r:
            print(f"  out: {line_e}\n  ref: {line_r}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=(*splits(), AUTO, "all"), default="test")
    parser.add_argument("--backends", default="ct2,hf")
    parser.add_argument("--stand-ins", default="fluent,sentences")
    parser.add_argument(
        "--seed",
        type=int,
        default=AUTO_SEED,
        help=f"the automatic split's draw (default {AUTO_SEED})",
    )
    args = parser.parse_args()
    backends, stand_ins = args.backends.split(","), args.stand_ins.split(",")
    with contextlib.ExitStack() as stack:
        chat = stack.enter_context(_chat_server()) if CHAT in stand_ins else None
        for split in [*splits(), AUTO] if args.split == "all" else [args.split]:
            with tempfile.TemporaryDirectory() as home:
                os.environ["TOOLKIT_HOME"] = home  # a fresh memory and ct2 cache: no reuse
                if split == AUTO:
                    run_auto(args.seed, backends, stand_ins, Path(home), chat)
                else:
                    run(split, backends, stand_ins, chat)


@contextlib.contextmanager
def _chat_server() -> Iterator[ChatServer]:
    """The fluent chat stand-in (built or reused from the cache) behind ``transformers
    serve``, for the ``openai`` rows; stopped on leaving."""
    from llm.fluent_chat import build_fluent_chat
    from llm.servers import transformers_serve

    model = build_fluent_chat()
    with (
        tempfile.TemporaryDirectory() as folder,
        transformers_serve(model, Path(folder) / "serve.log") as api_base,
    ):
        yield ChatServer(model, api_base)


if __name__ == "__main__":
    main()
