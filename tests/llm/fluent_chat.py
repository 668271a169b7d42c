"""Builder of the "fluent chat stand-in": a small decoder-only chat model trained on CPU to
answer the toolkit's own translation prompts for the seed article with its references.

The random chat model (``chat_model.py``) writes noise, which hides damage as random NMT
weights do. This one is to the ``openai`` backend what ``tests/fluent_model.py`` is to the
seq2seq backends: served by ``transformers serve``, it answers the window of numbered seed
lines that :class:`~toolkit.translate.openai.OpenAITranslator` sends with the reference
translations (``evaluation/references/``), word for word, in English and in Russian.

The prompts are not written here: they are recorded from the toolkit's own translator, run
against a local HTTP server (``servers.faulty_server``) that answers each request with the
references, so the model learns exactly the messages the real server will receive, rendered
through the model's chat template as ``transformers serve`` renders them. Recorded are:

* the translator's one look at whether the server honours a JSON schema (answered with a
  numbered line, so the translator uses numbered lines);
* every window of the seed, as the engine sends it (with the previous window as context);
* each seed line asked alone (the prompt of a line asked again, and of a forced prefix
  continued at ``/completions``);
* each glossary term that occurs in the seed asked alone, as the term enforcer asks it
  (its glossary variant and its surface in the seed), answered with the references'
  wording of the term (``fluent_model.term_pairs``) where that wording is found in the
  reference text; a term whose wording is not found there is left out.

What it answers to anything else (the probe's sentences with a word left out) is whatever it
has learnt: like a model that memorised its sentences. The checkpoint is cached under a hash
of the recorded chats, the recipe, the library versions and the training code::

    path = build_fluent_chat()   # ~/.cache/toolkit/fluent-chat/<hash>/, or reused at once

``python tests/llm/fluent_chat.py [DIR]`` builds it and prints the path.
"""

from __future__ import annotations

import fcntl
import hashlib
import inspect
import json
import logging
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: the tests folder on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fluent_model import REFERENCES, sentence_pairs, term_pairs
from llm.chat_model import CHAT_TEMPLATE, SPECIALS
from tiny_models import SEED_ARTICLE

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
MODEL_NAME = "fluent-chat"
"""The model name the recording server serves (it appears in no prompt)."""
PROBE_ANSWER = "1. Hello."
"""The answer to the translator's JSON probe: numbered lines, not JSON."""
MARKER = "fluent-chat.json"
"""Written last into a finished model folder: its fingerprint."""
TRAINING_LOG = "training.json"
CACHE_ENV = "TOOLKIT_FLUENT_CHAT_CACHE"
VARIANT_GLOSSARIES = sorted((ROOT / "evaluation" / "term-fluency").glob("glossary-*.tsv"))
DOMAIN_GLOSSARY = ROOT / "glossaries" / "iran-russia-ict.tsv"


@dataclass(frozen=True)
class Recipe:
    """Everything that shapes the model besides the data; part of the cache fingerprint."""

    vocab_size: int = 2000
    hidden: int = 192
    layers: int = 2
    heads: int = 4
    ffn: int = 512
    learning_rate: float = 3e-3
    warmup_steps: int = 20
    clip_norm: float = 1.0
    batch_tokens: int = 6000
    """Padded tokens per forward pass (examples of similar length together)."""
    term_batch_tokens: int = 2400
    term_batches_per_step: int = 1
    """Batches of term answers trained on at each step, in turn."""
    check_terms_every: int = 10
    min_margin: float = 0.5
    """Least logit gap between the answer's token and the runner-up, at every step of every
    answer, before training stops: greedy decoding then writes the answers exactly."""
    max_steps: int = 240
    seed: int = 1234
    threads: int = 2


RECIPE = Recipe()


@dataclass(frozen=True)
class Chat:
    """One recorded request and the answer the model learns: the chat messages, the
    answer's text, and what it is (``probe``, ``window-<lang>``, ``line-<lang>``,
    ``term-<lang>``)."""

    kind: str
    messages: tuple[tuple[str, str], ...]
    """(role, content) in order."""
    answer: str

    def as_messages(self) -> list[dict[str, str]]:
        return [{"role": role, "content": content} for role, content in self.messages]


class FluentChatError(RuntimeError):
    """Training did not reach exact reproduction of the answers within the step budget."""


# -- the prompts, recorded from the toolkit's own translator ---------------------------------


def _numbered(prompt: str) -> list[str]:
    """The numbered lines of a prompt's task (its last block), or of a one-line ask."""
    block = prompt.rsplit("\n\n", 1)[-1]
    numbered = [m.group(1) for m in re.finditer(r"(?m)^\d+\. (.*)$", block)]
    return numbered or [block.split("\n", 1)[1]]


def _found(wording: str, reference: str, lang: str) -> bool:
    """Whether the references use ``wording`` (Russian words by stem: any case form)."""
    if wording.lower() in reference.lower():
        return True
    if lang != "ru":
        return False
    stems = [re.escape(w[:-2] if len(w) > 4 else w) for w in wording.split()]
    return re.search(r"\w*\s+".join(stems), reference, re.IGNORECASE) is not None


def term_wordings() -> dict[str, dict[str, str]]:
    """Per language, the Persian words the enforcer asks alone for a seed term (each
    match's glossary variant and surface, in the domain glossary and every variant
    glossary) → the references' wording of the term, where it is known and found."""
    from toolkit.glossary.source import source_matcher
    from toolkit.glossary.validate import load_glossary

    known = {(p.source, p.lang): p.target for p in term_pairs()}
    references = {lang: path.read_text(encoding="utf-8") for lang, path in REFERENCES.items()}
    lines = SEED_ARTICLE.read_text(encoding="utf-8").splitlines()
    asked: dict[str, None] = {}
    for path in (DOMAIN_GLOSSARY, *VARIANT_GLOSSARIES):
        matcher = source_matcher(load_glossary(path))
        for line in lines:
            for match in matcher.find(line):
                asked.update(dict.fromkeys((match.variant, match.surface)))
    out: dict[str, dict[str, str]] = {lang: {} for lang in REFERENCES}
    for words in asked:
        for lang in REFERENCES:
            wording = known.get((words, lang))
            if wording is not None and _found(wording, references[lang], lang):
                out[lang][words] = wording
    return out


def record_chats() -> list[Chat]:
    """The requests the toolkit's ``openai`` translator sends for the seed, each with the
    answer the model is to give, recorded through a local server that answers with them."""
    from llm.servers import answer, faulty_server

    from toolkit.translate.engine import TranslationEngine
    from toolkit.translate.factory import build_translator

    references = {
        lang: {p.source: p.target for p in sentence_pairs() if p.lang == lang}
        for lang in REFERENCES
    }
    terms = term_wordings()
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    chats: list[Chat] = []
    unknown: list[str] = []
    kind = ["probe"]

    def reply(body: dict[str, Any]) -> Any:
        messages = tuple((m["role"], m["content"]) for m in body["messages"])
        lang = "ru" if "into Russian" in messages[0][1] else "en"
        if "response_format" in body:
            content = PROBE_ANSWER
            label = "probe"
        else:
            table = {**references[lang], **terms[lang]}
            lines = [" ".join(s.split()) for s in _numbered(messages[-1][1])]
            known = {" ".join(k.split()): v for k, v in table.items()}
            if any(line not in known for line in lines):
                unknown.extend(line for line in lines if line not in known)
                return answer("")
            if "Answer with the translation alone" in messages[-1][1]:
                content = known[lines[0]]
            else:
                content = "\n".join(f"{k}. {known[s]}" for k, s in enumerate(lines, 1))
            label = f"{kind[0]}-{lang}"
        chats.append(Chat(label, messages, content))
        return answer(content, MODEL_NAME)

    from toolkit.translate import openai

    saved = dict(openai._CONNECTIONS)
    try:
        with faulty_server() as server:
            server.models = [MODEL_NAME]
            server.fallback = reply
            for lang in REFERENCES:
                openai._CONNECTIONS.clear()  # each language's own JSON probe, as a new run's
                translator = build_translator(
                    MODEL_NAME, lang, backend="openai", settings={"api_base": server.api_base}
                )
                kind[0] = "window"
                TranslationEngine(translator).translate(text)
                kind[0] = "line"
                for source in references[lang]:
                    translator._ask_line(source, None)  # the one-line ask, as a retry sends it
                kind[0] = "term"
                for words in terms[lang]:
                    translator.generate([words])
    finally:
        openai._CONNECTIONS.clear()
        openai._CONNECTIONS.update(saved)
    if unknown:
        raise ValueError(f"the translator sent lines with no known answer: {unknown[:3]}")
    return list(dict.fromkeys(chats))


# -- cache -----------------------------------------------------------------------------------


def fingerprint(chats: Sequence[Chat], recipe: Recipe = RECIPE) -> str:
    """Hash of what the model depends on: the recorded chats, the recipe, the library
    versions and the training code (not the docstrings around it)."""
    from importlib.metadata import version

    facts = {
        "chats": [asdict(c) for c in chats],
        "recipe": asdict(recipe),
        "template": CHAT_TEMPLATE,
        "specials": SPECIALS,
        "versions": [version(m) for m in ("torch", "transformers", "tokenizers")],
        "code": [
            inspect.getsource(f)
            for f in (_tokenizer, _examples, _batches, _forward, _build, _train)
        ],
    }
    data = json.dumps(facts, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()[:16]


def cache_root() -> Path:
    """``$TOOLKIT_FLUENT_CHAT_CACHE``, default ``~/.cache/toolkit/fluent-chat``."""
    env = os.environ.get(CACHE_ENV)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "toolkit" / "fluent-chat"


def _finished(directory: Path, key: str) -> bool:
    try:
        marker = json.loads((directory / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(marker, dict) and marker.get("fingerprint") == key and bool(marker.get("met"))


def build_fluent_chat(directory: Path | None = None, recipe: Recipe = RECIPE) -> Path:
    """The fluent chat stand-in, trained now or reused from the cache.

    One process trains at a time (a lock file beside the folder); the model is trained into
    a temporary sibling folder renamed into place when complete. Raises
    :class:`FluentChatError` when training does not reach exact reproduction.
    """
    chats = record_chats()
    key = fingerprint(chats, recipe)
    target = Path(directory) if directory is not None else cache_root() / key
    if _finished(target, key):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with (target.parent / f".{target.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be training it: wait for it
        if _finished(target, key):
            return target
        if target.exists() and any(target.iterdir()) and not (target / MARKER).is_file():
            raise FileExistsError(f"{target} is not empty and holds no chat model")
        for leftover in target.parent.glob(f".{target.name}.*.tmp"):
            shutil.rmtree(leftover, ignore_errors=True)  # a build killed: the lock is ours
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
        try:
            met = _build(tmp, chats, recipe)
            marker = {"fingerprint": key, "met": met}
            (tmp / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
            if target.exists():
                shutil.rmtree(target)  # an outdated build of this model
            os.rename(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    if not met:
        raise FluentChatError(f"training did not reach the references: see {target / TRAINING_LOG}")
    return target


# -- training --------------------------------------------------------------------------------


def _tokenizer(directory: Path, texts: Sequence[str], recipe: Recipe) -> Any:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=recipe.vocab_size,
        special_tokens=SPECIALS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator(texts, trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe, eos_token="<|im_end|>", pad_token="<|endoftext|>", bos_token=None
    )
    tokenizer.chat_template = CHAT_TEMPLATE
    tokenizer.save_pretrained(directory)
    return PreTrainedTokenizerFast.from_pretrained(directory)  # the ids the server will use


@dataclass(frozen=True)
class _Example:
    kind: str
    prompt: tuple[int, ...]
    answer: tuple[int, ...]
    """The answer's ids and the end-of-turn token."""


def _prompt_text(tokenizer: Any, chat: Chat) -> str:
    text: str = tokenizer.apply_chat_template(
        chat.as_messages(), add_generation_prompt=True, tokenize=False
    )
    return text


def _examples(tokenizer: Any, chats: Sequence[Chat]) -> list[_Example]:
    eos = int(tokenizer.eos_token_id)
    out = []
    for chat in chats:
        prompt = tokenizer(_prompt_text(tokenizer, chat), add_special_tokens=False)["input_ids"]
        answer = tokenizer(chat.answer, add_special_tokens=False)["input_ids"]
        if tokenizer.decode(answer) != chat.answer:
            raise ValueError(f"the tokenizer does not round-trip {chat.answer[:60]!r}")
        out.append(_Example(chat.kind, tuple(prompt), (*answer, eos)))
    return out


def _batches(examples: Sequence[_Example], pad: int, budget: int) -> list[dict[str, Any]]:
    """Right-padded batches of examples of similar length, at most ``budget`` tokens each."""
    import torch

    ordered = sorted(examples, key=lambda e: len(e.prompt) + len(e.answer))
    groups: list[list[_Example]] = []
    for e in ordered:
        n = len(e.prompt) + len(e.answer)
        if groups and n * (len(groups[-1]) + 1) <= budget:
            groups[-1].append(e)
        else:
            groups.append([e])
    out = []
    for group in groups:
        width = max(len(e.prompt) + len(e.answer) for e in group)
        ids, mask, labels = [], [], []
        for e in group:
            seq = [*e.prompt, *e.answer]
            gap = width - len(seq)
            ids.append(seq + [pad] * gap)
            mask.append([1] * len(seq) + [0] * gap)
            labels.append([-100] * len(e.prompt) + list(e.answer) + [-100] * gap)
        out.append(
            {
                "input_ids": torch.tensor(ids),
                "attention_mask": torch.tensor(mask),
                "labels": torch.tensor(labels),
            }
        )
    return out


def _forward(model: Any, batch: dict[str, Any]) -> tuple[Any, list[float]]:
    """The cross-entropy of the answer tokens and, per example, the least gap between an
    answer token's logit and the best other one (positive everywhere: greedy decoding
    writes the answer). Logits are computed at the answer's positions only."""
    import torch

    hidden = model.model(
        input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]
    ).last_hidden_state[:, :-1]
    labels = batch["labels"][:, 1:]
    where = labels != -100
    logits = model.lm_head(hidden[where])
    gold_ids = labels[where]
    loss = torch.nn.functional.cross_entropy(logits, gold_ids)
    with torch.no_grad():
        gold = logits.gather(-1, gold_ids.unsqueeze(-1)).squeeze(-1)
        others = logits.scatter(-1, gold_ids.unsqueeze(-1), float("-inf")).amax(-1)
        rows = where.nonzero()[:, 0]
        gaps = torch.full((labels.shape[0],), float("inf"))
        gaps = gaps.scatter_reduce(0, rows, gold - others, reduce="amin")
    return loss, [float(x) for x in gaps]


def _build(directory: Path, chats: Sequence[Chat], recipe: Recipe) -> bool:
    """Train and save the model into ``directory``; whether it met the bar (every window
    and probe answer, every line and term answer exact when teacher-forced, the windows'
    greedy answers exact). A model that did not is saved all the same, for inspection."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    texts = [c.answer for c in chats] + [c for chat in chats for _, c in chat.messages]
    tokenizer = _tokenizer(directory, texts, recipe)
    examples = _examples(tokenizer, chats)
    longest = max(len(e.prompt) + len(e.answer) for e in examples)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=recipe.hidden,
        intermediate_size=recipe.ffn,
        num_hidden_layers=recipe.layers,
        num_attention_heads=recipe.heads,
        num_key_value_heads=recipe.heads,
        max_position_embeddings=max(4096, 2 * longest),
        eos_token_id=int(tokenizer.eos_token_id),
        pad_token_id=int(tokenizer.pad_token_id),
        bos_token_id=None,
        tie_word_embeddings=True,
    )
    config.toolkit_test_model = "fluent chat stand-in (tests/llm/fluent_chat.py)"
    threads = torch.get_num_threads()
    torch.set_num_threads(recipe.threads)
    try:
        torch.manual_seed(recipe.seed)
        model = LlamaForCausalLM(config)
        pad = config.pad_token_id
        main = [e for e in examples if e.kind.startswith(("window", "probe"))]
        terms = [e for e in examples if e.kind.startswith(("term", "line"))]
        random.Random(recipe.seed).shuffle(terms)
        stats = _train(
            model,
            _batches(main, pad, recipe.batch_tokens),
            _batches(terms, pad, recipe.term_batch_tokens),
            recipe,
        )
        model.eval()
        model.generation_config.eos_token_id = config.eos_token_id
        model.generation_config.pad_token_id = config.pad_token_id
        stats["greedy"] = greedy_check(model, tokenizer, chats, kinds=("window", "probe"))
    finally:
        torch.set_num_threads(threads)
    stats["examples"] = {k: sum(e.kind == k for e in examples) for k in {e.kind for e in examples}}
    stats["longest_tokens"] = longest
    stats["recipe"] = asdict(recipe)
    model.save_pretrained(directory)
    (directory / TRAINING_LOG).write_text(
        json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    if stats["greedy"]["lines_wrong"]:
        stats["met"] = False
    return bool(stats["met"])


def greedy_check(
    model: Any, tokenizer: Any, chats: Sequence[Chat], kinds: Sequence[str]
) -> dict[str, Any]:
    """Greedy answers to the chats of ``kinds`` (prefixes of their kind): the share of
    answer lines written exactly, and those that are not."""
    import torch

    total = same = 0
    wrong: list[dict[str, str]] = []
    for chat in chats:
        if not chat.kind.startswith(tuple(kinds)):
            continue
        ids = tokenizer(_prompt_text(tokenizer, chat), add_special_tokens=False)["input_ids"]
        want = len(tokenizer(chat.answer, add_special_tokens=False)["input_ids"])
        with torch.inference_mode():
            row = model.generate(
                torch.tensor([ids]), do_sample=False, max_new_tokens=want + 16
            ).tolist()[0]
        got = tokenizer.decode(row[len(ids) :], skip_special_tokens=True)
        expected, written = chat.answer.split("\n"), got.split("\n")
        for k, line in enumerate(expected):
            total += 1
            if k < len(written) and written[k] == line:
                same += 1
            else:
                wrong.append({"kind": chat.kind, "expected": line, "got": "\n".join(written)})
    log.info("greedy: %d/%d answer lines exact", same, total)
    return {"lines_exact": f"{same}/{total}", "lines_wrong": wrong[:10]}


def _train(
    model: Any,
    batches: Sequence[dict[str, Any]],
    terms: Sequence[dict[str, Any]],
    recipe: Recipe,
) -> dict[str, Any]:
    """Train until every token of every window, line and probe answer has ``min_margin``
    and every term answer is exact. Each step sees all the window, line and probe answers
    and ``terms_per_step`` term batches in turn; the stopping test reads the step's own
    teacher-forced logits (the terms: a pass without gradients), so the weights kept are
    exactly the ones tested."""
    import torch

    optimizer = torch.optim.AdamW(
        model.parameters(), lr=recipe.learning_rate, betas=(0.9, 0.98), weight_decay=0.0
    )

    def rate(step: int) -> float:  # warm up, then down linearly to a tenth: the margins settle
        if step < recipe.warmup_steps:
            return (step + 1) / recipe.warmup_steps
        return 1.0 - 0.9 * (step - recipe.warmup_steps) / (recipe.max_steps - recipe.warmup_steps)

    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, rate)
    n_tokens = [int((b["labels"] != -100).sum()) for b in batches]
    started = time.monotonic()
    model.train()
    loss = 0.0
    margins: list[float] = []
    terms_ok = False
    turn = 0
    for step in range(1, recipe.max_steps + 1):
        optimizer.zero_grad()
        loss, margins = 0.0, []
        for batch, n in zip(batches, n_tokens, strict=True):
            batch_loss, batch_margins = _forward(model, batch)
            margins += batch_margins
            part = batch_loss * (n / sum(n_tokens))
            part.backward()
            loss += float(part.detach())
        ready = min(margins) >= recipe.min_margin
        if ready or step % recipe.check_terms_every == 0:
            terms_ok = _terms_exact(model, terms)
        if ready and terms_ok:
            break
        for _ in range(recipe.term_batches_per_step):
            if terms:
                _forward(model, terms[turn % len(terms)])[0].backward()
                turn += 1
        torch.nn.utils.clip_grad_norm_(model.parameters(), recipe.clip_norm)
        optimizer.step()
        schedule.step()
        if step % 10 == 0:
            log.info(
                "step %d  loss %.4f  exact %d/%d  margin %.2f  terms exact %s  %.0f s",
                step,
                loss,
                sum(m > 0 for m in margins),
                len(margins),
                min(margins),
                terms_ok,
                time.monotonic() - started,
            )
    else:
        step += 1  # no early stop: every step trained
    return {
        "met": bool(min(margins) >= recipe.min_margin and terms_ok),
        "teacher_forced_exact": f"{sum(m > 0 for m in margins)}/{len(margins)}",
        "terms_exact": terms_ok,
        "steps": step - 1,
        "seconds": round(time.monotonic() - started, 1),
        "final_loss": round(loss, 6),
        "least_margin": round(min(margins), 3),
    }


def _terms_exact(model: Any, batches: Sequence[dict[str, Any]]) -> bool:
    import torch

    with torch.no_grad():
        return all(min(_forward(model, b)[1]) > 0 for b in batches)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(build_fluent_chat(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
