"""Builder of a "fluent stand-in" translation model for tests and benchmarks.

Random-weight models (``tiny_models``) translate noise, which hides damage: a step that
mangles a good translation cannot be told from one that leaves it alone. This module trains a
small NLLB-style checkpoint (``NllbTokenizer`` over a sentencepiece BPE model +
``M2M100ForConditionalGeneration``, language codes ``pes_Arab``/``eng_Latn``/``rus_Cyrl``) on
CPU until greedy decoding of every sentence of the seed article reproduces the hand-written
reference translations word for word, fa→en and fa→ru, with a margin between the best and the
second-best token at every step so that int8 quantization (CTranslate2) keeps the same
choices. It also learns the glossary's terms in isolation, in the wording the references use.
Like a real NMT model it is confident and fluent in its own wording; outside the seed article
its output is poor.

The training data is the sentences the engine sends (the seed's segments), their references,
and one pair per Persian variant of each glossary entry and target language. The checkpoint is
cached under a content hash of that data, the recipe, the library versions and this file::

    path = build_fluent_nllb()      # ~/.cache/toolkit/fluent-nllb/<hash>/, or reused at once

``python tests/fluent_model.py [DIR]`` builds it (into DIR, or the cache) and prints the path.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import logging
import os
import random
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tiny_models import ALPHABETS, NLLB_CODES, SEED, SEED_ARTICLE

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
REFERENCES: dict[str, Path] = {
    lang: ROOT / "evaluation" / "references" / f"mehr-iran-russia-ict.{lang}.txt"
    for lang in ("en", "ru")
}
GLOSSARY = ROOT / "glossaries" / "iran-russia-ict.tsv"
LANG_CODES: dict[str, str] = dict(zip(("fa", "en", "ru"), NLLB_CODES, strict=True))
MARKER = "fluent-nllb.json"
"""Written last into a finished model folder: its fingerprint."""
TRAINING_LOG = "training.json"
CACHE_ENV = "TOOLKIT_FLUENT_CACHE"
ZWNJ = "\u200c"

# Where the references word a seed term with another listed variant than the glossary's
# preferred one, the isolated term is paired with the references' wording (checked by hand
# against the references; each wording must be a listed variant of its entry).
REFERENCE_WORDING: dict[str, dict[str, str]] = {
    # line 4 "our country's ICT Ministry", line 6 "the ICT Ministry's" / "Министерства ИКТ"
    "وزارت ارتباطات": {"en": "ICT Ministry", "ru": "Министерство ИКТ"},
    # lines 1 and 10 "the Deputy ICT Minister"
    "معاون وزیر ارتباطات و فناوری اطلاعات": {"en": "Deputy ICT Minister"},
    "معاون وزیر ارتباطات": {"en": "Deputy ICT Minister"},
    # lines 2 and 11 "Deputy ICT Minister for Technology and Innovation"
    "معاون وزیر ارتباطات و فناوری اطلاعات در امور فناوری و نوآوری": {
        "en": "Deputy ICT Minister for Technology and Innovation"
    },
    "معاون فناوری و نوآوری وزیر ارتباطات": {
        "en": "Deputy ICT Minister for Technology and Innovation"
    },
    "معاون فناوری و نوآوری وزارت ارتباطات": {
        "en": "Deputy ICT Minister for Technology and Innovation"
    },
    # line 6 "Iran's Ambassador to Russia" / "Посол Ирана в России"
    "سفیر ایران در روسیه": {"en": "Iran's Ambassador to Russia", "ru": "посол Ирана в России"},
    # line 11 "их российскими партнёрами"
    "همتا": {"ru": "партнёр"},
    # line 11 "the Russian Deputy Minister of Digital Development, Communications and Mass Media"
    "معاون وزیر توسعه دیجیتال فدراسیون روسیه": {
        "en": "Russian Deputy Minister of Digital Development, Communications and Mass Media"
    },
    "معاون وزیر توسعه دیجیتال روسیه": {
        "en": "Russian Deputy Minister of Digital Development, Communications and Mass Media"
    },
}


@dataclass(frozen=True)
class Recipe:
    """Everything that shapes the model besides the data; part of the cache fingerprint."""

    vocab_size: int = 3000
    d_model: int = 256
    layers: int = 3
    """Encoder layers, and as many decoder layers."""
    heads: int = 4
    ffn_dim: int = 512
    dropout: float = 0.0
    """Keep 0: the stopping test reads the logits of the training forward pass."""
    max_position_embeddings: int = 1024
    """As in NLLB-200: no sentence of the seed comes near ``max_source_tokens`` (1022)."""
    learning_rate: float = 2e-3
    warmup_steps: int = 30
    clip_norm: float = 1.0
    sentence_batches: int = 3
    """Every step has all the seed sentences, in this many batches of similar length."""
    terms_per_step: int = 64
    """Term pairs added to every step."""
    check_terms_every: int = 25
    min_margin: float = 1.5
    """Least logit gap between the reference token and the runner-up, over every step of
    every seed sentence, before training stops."""
    max_steps: int = 250
    seed: int = SEED
    threads: int = 2
    learn_terms: bool = True
    """Whether the model also learns each glossary term on its own. Off, it knows the terms
    only inside the seed's sentences: a term translated alone comes out as noise or in other
    words, which is what a real model often does."""


RECIPE = Recipe()
SENTENCES_ONLY = Recipe(learn_terms=False)
"""The second stand-in: trained on whole sentences only (issue 17's generalization test)."""
STAND_INS: dict[str, Recipe] = {"fluent": RECIPE, "sentences": SENTENCES_ONLY}
"""The stand-ins by name, as the benchmarks spell them."""


@dataclass(frozen=True)
class Pair:
    """One training example: a Persian source and its translation into ``lang``."""

    source: str
    lang: str
    target: str


class FluentTrainingError(RuntimeError):
    """Training did not reach exact reproduction of the references within the step budget."""


# -- data ------------------------------------------------------------------------------------


def _lines(path: Path) -> list[str]:
    from toolkit.text.segment import split_lines

    return split_lines(path.read_text(encoding="utf-8"))


def sentence_pairs() -> list[Pair]:
    """Each segment of the seed, as the engine segments it, with its reference sentences.

    The references are line-aligned with the seed; every seed line is one segment, which is
    checked here (a line split into several segments would need its references split by hand).
    """
    from toolkit.text.segment import segment

    text = SEED_ARTICLE.read_text(encoding="utf-8")
    lines = _lines(SEED_ARTICLE)
    references = {lang: _lines(path) for lang, path in REFERENCES.items()}
    for lang, refs in references.items():
        if len(refs) != len(lines):
            raise ValueError(f"{REFERENCES[lang]}: {len(refs)} lines for {len(lines)} seed lines")
    segments = segment(text, "fa")
    if [s.line for s in segments] != list(range(1, len(lines) + 1)):
        raise ValueError("a seed line is not exactly one segment: split its references by hand")
    return [
        Pair(seg.text, lang, references[lang][seg.line - 1].strip())
        for lang in REFERENCES
        for seg in segments
    ]


def _glossary_rows() -> list[dict[str, str]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def term_pairs() -> list[Pair]:
    """Every Persian variant of every glossary entry → its target wording, per language.

    The wording is the preferred (first) variant, or the one the references use
    (:data:`REFERENCE_WORDING`). A variant written with a zero-width non-joiner is also paired
    without it (the seed writes ``تفاهمنامه``).
    """
    pairs: dict[tuple[str, str], Pair] = {}
    overridden: set[str] = set()
    for row in _glossary_rows():
        for fa in row["fa"].split("|"):
            for lang in REFERENCES:
                listed = row[lang].split("|")
                wording = REFERENCE_WORDING.get(fa, {}).get(lang, listed[0])
                if wording not in listed:
                    raise ValueError(f"{fa!r}: {wording!r} is not a listed {lang} variant")
                if fa in REFERENCE_WORDING:
                    overridden.add(fa)
                for source in dict.fromkeys((fa, fa.replace(ZWNJ, ""))):
                    pairs.setdefault((source, lang), Pair(source, lang, wording))
    if missing := set(REFERENCE_WORDING) - overridden:
        raise ValueError(f"REFERENCE_WORDING names terms the glossary lacks: {sorted(missing)}")
    return list(pairs.values())


def _spm_corpus() -> list[str]:
    """The texts the sentencepiece model learns from: the data plus the full alphabets."""
    cells = [v for row in _glossary_rows() for k in ("fa", "en", "ru") for v in row[k].split("|")]
    texts = _lines(SEED_ARTICLE) + [line for path in REFERENCES.values() for line in _lines(path)]
    return [t for t in texts + cells + ALPHABETS if t.strip()]


# -- cache -----------------------------------------------------------------------------------


def fingerprint(recipe: Recipe = RECIPE) -> str:
    """Hash of what the model depends on: data files, recipe, library versions, this file."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    for path in (SEED_ARTICLE, *REFERENCES.values(), GLOSSARY, Path(__file__)):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    facts = {
        "recipe": asdict(recipe),
        "alphabets": ALPHABETS,
        "codes": LANG_CODES,
        "versions": [version(m) for m in ("torch", "transformers", "tokenizers", "sentencepiece")],
    }
    digest.update(json.dumps(facts, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def cache_root() -> Path:
    """``$TOOLKIT_FLUENT_CACHE``, default ``~/.cache/toolkit/fluent-nllb``."""
    env = os.environ.get(CACHE_ENV)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "toolkit" / "fluent-nllb"


def _finished(directory: Path, key: str) -> bool:
    try:
        marker = json.loads((directory / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(marker, dict) and marker.get("fingerprint") == key


def build_fluent_nllb(directory: Path | None = None, recipe: Recipe = RECIPE) -> Path:
    """The fluent stand-in checkpoint, trained now or reused from the cache.

    ``directory`` defaults to ``cache_root() / fingerprint()``. A folder whose marker holds
    the current fingerprint is reused as is; otherwise the model is trained into a temporary
    sibling folder that is renamed into place when complete (replacing an outdated build).
    Raises :class:`FluentTrainingError` when training does not reach exact reproduction.
    """
    key = fingerprint(recipe)
    target = Path(directory) if directory is not None else cache_root() / key
    if _finished(target, key):
        return target
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise FileExistsError(f"{target} is not empty and holds no fluent model: not replacing it")
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_tmp(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        _build(tmp, recipe)
        (tmp / MARKER).write_text(json.dumps({"fingerprint": key}) + "\n", encoding="utf-8")
        if (target / MARKER).is_file() and not _finished(target, key):
            shutil.rmtree(target)  # an outdated build of this model
        try:
            os.rename(tmp, target)
        except OSError:
            if not _finished(target, key):
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # another process finished first
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _remove_stale_tmp(target: Path) -> None:
    """Remove temporary folders left by builds killed more than an hour ago."""
    now = time.time()
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > 3600:
                shutil.rmtree(leftover, ignore_errors=True)


# -- training --------------------------------------------------------------------------------


def _train_spm(sentences: Sequence[str], vocab_size: int) -> bytes:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=buf,
        vocab_size=vocab_size,
        model_type="bpe",
        character_coverage=1.0,
        byte_fallback=False,  # as in build_tiny_nllb: the NLLB tokenizer cannot use bytes
        hard_vocab_limit=False,
        minloglevel=2,
        num_threads=1,
        bos_id=0,
        pad_id=1,
        eos_id=2,
        unk_id=3,
    )
    return buf.getvalue()


def _save_tokenizer(directory: Path, recipe: Recipe) -> Any:
    from transformers import NllbTokenizer

    (directory / "sentencepiece.bpe.model").write_bytes(
        _train_spm(_spm_corpus(), recipe.vocab_size)
    )
    tokenizer = NllbTokenizer.from_pretrained(
        directory,
        additional_special_tokens=list(NLLB_CODES),
        src_lang=LANG_CODES["fa"],
        tgt_lang=LANG_CODES["en"],
    )
    tokenizer.save_pretrained(directory)
    # Train on the ids the toolkit will produce: those of the tokenizer as saved.
    tokenizer = NllbTokenizer.from_pretrained(directory)
    ids = [tokenizer.convert_tokens_to_ids(code) for code in NLLB_CODES]
    if tokenizer.unk_token_id in ids:
        raise RuntimeError(f"NLLB language codes were not added to the tokenizer: {ids}")
    return tokenizer


@dataclass(frozen=True)
class _Example:
    source: tuple[int, ...]
    """``pes_Arab``, the content ids, ``</s>`` (the toolkit's NLLB source layout)."""
    target: tuple[int, ...]
    """The target language code, the content ids, ``</s>``."""


class _Encoder:
    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.eos = int(tokenizer.eos_token_id)
        self.pad = int(tokenizer.pad_token_id)
        self.codes = {k: int(tokenizer.convert_tokens_to_ids(v)) for k, v in LANG_CODES.items()}

    def content(self, texts: Sequence[str]) -> list[list[int]]:
        return [
            list(ids) for ids in self.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        ]

    def decode(self, ids: Sequence[int]) -> str:
        text: str = self.tokenizer.decode(
            list(ids), skip_special_tokens=True, clean_up_tokenization_spaces=False
        )
        return text

    def examples(self, pairs: Sequence[Pair]) -> list[_Example]:
        if not pairs:
            return []
        sources = self.content([p.source for p in pairs])
        targets = self.content([p.target for p in pairs])
        unk = self.tokenizer.unk_token_id
        out = []
        for pair, src, tgt in zip(pairs, sources, targets, strict=True):
            if unk in src or unk in tgt or self.decode(tgt) != pair.target:
                raise ValueError(f"the tokenizer does not round-trip {pair.target!r}")
            out.append(
                _Example(
                    (self.codes["fa"], *src, self.eos), (self.codes[pair.lang], *tgt, self.eos)
                )
            )
        return out

    def batch(self, examples: Sequence[_Example]) -> dict[str, Any]:
        """Padded tensors: the decoder reads ``</s> code content`` and predicts
        ``content </s>`` (the forced language code is not a prediction)."""
        import torch

        src_len = max(len(e.source) for e in examples)
        tgt_len = max(len(e.target) for e in examples)
        input_ids, mask, decoder_ids, labels = [], [], [], []
        for e in examples:
            n, m = len(e.source), len(e.target)
            input_ids.append([*e.source, *[self.pad] * (src_len - n)])
            mask.append([1] * n + [0] * (src_len - n))
            decoder_ids.append([self.eos, *e.target[:-1], *[self.pad] * (tgt_len - m)])
            labels.append([-100, *e.target[1:], *[-100] * (tgt_len - m)])
        return {
            "input_ids": torch.tensor(input_ids),
            "attention_mask": torch.tensor(mask),
            "decoder_input_ids": torch.tensor(decoder_ids),
            "labels": torch.tensor(labels),
        }


def _margins(logits: Any, labels: Any) -> list[float]:
    """Per example: the least gap between the label's logit and the best other logit.

    Positive everywhere means greedy decoding reproduces the labels exactly.
    """
    import torch

    valid = labels != -100
    safe = labels.clamp(min=0)
    gold = logits.gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    others = logits.scatter(-1, safe.unsqueeze(-1), float("-inf")).amax(-1)
    gap = torch.where(valid, gold - others, torch.full_like(gold, float("inf")))
    return [float(x) for x in gap.amin(-1)]


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _greedy(model: Any, enc: _Encoder, examples: Sequence[_Example]) -> list[str]:
    """Greedy translations, decoded the way the toolkit's ``hf`` backend decodes them."""
    import torch

    out: list[str] = []
    for chunk in _chunks(examples, 16):
        batch = enc.batch(chunk)
        start = torch.tensor([[enc.eos, e.target[0]] for e in chunk])
        with torch.inference_mode():
            rows = model.generate(
                input_ids=batch["input_ids"],
                attention_mask=batch["attention_mask"],
                decoder_input_ids=start,
                num_beams=1,
                do_sample=False,
                max_new_tokens=max(2 * len(e.source) + 10 for e in chunk),
                eos_token_id=enc.eos,
                pad_token_id=enc.pad,
                forced_bos_token_id=None,
                forced_eos_token_id=None,
            ).tolist()
        for row in rows:
            gen = row[2:]
            out.append(enc.decode(gen[: gen.index(enc.eos)] if enc.eos in gen else gen))
    return out


def _build(directory: Path, recipe: Recipe) -> None:
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    tokenizer = _save_tokenizer(directory, recipe)
    enc = _Encoder(tokenizer)
    sentences = sentence_pairs()
    terms = term_pairs() if recipe.learn_terms else []
    sentence_examples = enc.examples(sentences)
    term_examples = enc.examples(terms)
    longest = max(len(e.source) for e in sentence_examples)
    if longest > recipe.max_position_embeddings - 2:
        raise ValueError(f"a seed sentence has {longest} tokens: raise max_position_embeddings")

    config = M2M100Config(
        vocab_size=len(tokenizer),
        pad_token_id=enc.pad,
        bos_token_id=int(tokenizer.bos_token_id),
        eos_token_id=enc.eos,
        decoder_start_token_id=enc.eos,
        scale_embedding=True,
        d_model=recipe.d_model,
        encoder_layers=recipe.layers,
        decoder_layers=recipe.layers,
        encoder_attention_heads=recipe.heads,
        decoder_attention_heads=recipe.heads,
        encoder_ffn_dim=recipe.ffn_dim,
        decoder_ffn_dim=recipe.ffn_dim,
        dropout=recipe.dropout,
        attention_dropout=recipe.dropout,
        activation_dropout=recipe.dropout,
        encoder_layerdrop=0.0,
        decoder_layerdrop=0.0,
        max_position_embeddings=recipe.max_position_embeddings,
    )
    threads = torch.get_num_threads()
    torch.set_num_threads(recipe.threads)
    try:
        torch.manual_seed(recipe.seed)
        model = M2M100ForConditionalGeneration(config)
        stats = _train(model, enc, sentence_examples, term_examples, recipe)
        model.eval()
        stats["greedy_exact"] = _exact_counts(
            sentences, _greedy(model, enc, sentence_examples), "sentences"
        )
        stats["greedy_exact"] |= _exact_counts(terms, _greedy(model, enc, term_examples), "terms")
    finally:
        torch.set_num_threads(threads)
    wrong = [
        w for lang in REFERENCES for w in stats["greedy_exact"].get(f"sentences_{lang}_wrong", [])
    ]
    if wrong:  # the teacher-forced test passed, so only padding noise could do this
        raise FluentTrainingError(f"greedy decoding differs from the references: {wrong}")
    stats["sentence_tokens"] = {
        "source_max": longest,
        "target_max": max(len(e.target) - 1 for e in sentence_examples),
    }
    stats["pairs"] = {"sentences": len(sentences), "terms": len(terms)}
    stats["recipe"] = asdict(recipe)
    model.save_pretrained(directory)
    (directory / TRAINING_LOG).write_text(
        json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _exact_counts(pairs: Sequence[Pair], outputs: Sequence[str], kind: str) -> dict[str, Any]:
    counts: dict[str, Any] = {}
    for lang in REFERENCES:
        mine = [(p, o) for p, o in zip(pairs, outputs, strict=True) if p.lang == lang]
        counts[f"{kind}_{lang}"] = f"{sum(p.target == o for p, o in mine)}/{len(mine)}"
        wrong = [
            {"source": p.source, "expected": p.target, "got": o} for p, o in mine if p.target != o
        ]
        if wrong:
            counts[f"{kind}_{lang}_wrong"] = wrong
    return counts


def _train(
    model: Any,
    enc: _Encoder,
    sentences: Sequence[_Example],
    terms: Sequence[_Example],
    recipe: Recipe,
) -> dict[str, Any]:
    """Train until every sentence has ``min_margin`` and every term is exact.

    Every step sees all the sentences (in batches of similar length, to spare padding) and
    ``terms_per_step`` term pairs. The stopping test reads the step's own teacher-forced
    logits, so the weights kept are exactly the ones tested.
    """
    import torch

    rng = random.Random(recipe.seed)
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=recipe.learning_rate, betas=(0.9, 0.98), weight_decay=0.0
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / recipe.warmup_steps)
    )
    by_length = sorted(sentences, key=lambda e: len(e.source) + len(e.target))
    size = -(-len(by_length) // recipe.sentence_batches)
    sentence_batches = [enc.batch(chunk) for chunk in _chunks(by_length, size)]
    n_tokens = [int((b["labels"] != -100).sum()) for b in sentence_batches]
    all_terms = [enc.batch(chunk) for chunk in _chunks(terms, 128)]
    order: list[int] = []
    terms_ok = False
    started = time.monotonic()
    model.train()
    for step in range(1, recipe.max_steps + 1):
        optimizer.zero_grad()
        loss = 0.0
        margins: list[float] = []
        for batch, n in zip(sentence_batches, n_tokens, strict=True):
            out = model(**batch)
            margins += _margins(out.logits.detach(), batch["labels"])
            part = out.loss * (n / sum(n_tokens))
            part.backward()
            loss += float(part.detach())
        exact = sum(m > 0 for m in margins)
        if step % recipe.check_terms_every == 1 or exact == len(sentences):
            terms_ok = _terms_exact(model, all_terms)
        if terms_ok and min(margins) >= recipe.min_margin:
            break  # these weights reproduce every reference: keep them untouched
        if terms:
            if len(order) < recipe.terms_per_step:
                fresh = list(range(len(terms)))
                rng.shuffle(fresh)
                order += fresh
            picked, order = order[: recipe.terms_per_step], order[recipe.terms_per_step :]
            model(**enc.batch([terms[i] for i in picked])).loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), recipe.clip_norm)
        optimizer.step()
        schedule.step()
        if step % 10 == 0:
            log.info(
                "step %d  loss %.4f  exact %d/%d  margin %.2f  %.0f s",
                step,
                loss,
                exact,
                len(sentences),
                min(margins),
                time.monotonic() - started,
            )
    else:
        raise FluentTrainingError(
            f"after {recipe.max_steps} steps ({time.monotonic() - started:.0f} s) greedy "
            f"decoding reproduces {exact}/{len(sentences)} reference sentences (least margin "
            f"{min(margins):.2f}, wanted {recipe.min_margin}); terms exact: {terms_ok}"
        )
    return {
        "steps": step - 1,
        "seconds": round(time.monotonic() - started, 1),
        "final_loss": round(loss, 6),  # cross-entropy per token of the seed sentences
        "least_margin": round(min(margins), 3),
        "teacher_forced_exact": f"{exact}/{len(sentences)}",
    }


def _terms_exact(model: Any, batches: Sequence[dict[str, Any]]) -> bool:
    import torch

    with torch.no_grad():
        return all(min(_margins(model(**b).logits, b["labels"])) > 0 for b in batches)


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(build_fluent_nllb(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
