"""What a stand-in model says about where it renders a glossary term (issue 22).

For every glossary occurrence in the seed, on one of `tests/fluent_model.py`'s stand-ins
(built once and cached; never retrained here), through transformers:

* **scores**: the model's own translation of the sentence (beam 4) is scored by teacher
  forcing twice, with the whole source and with the term's words removed; the largest drop
  of one token's log-probability after the first two tokens (the language code and the first
  word, which change for any edit) is that occurrence's evidence. A model whose words depend
  on the term loses probability on the words that render it;
* **attention**: the five target tokens that attend most (all layers and heads averaged) to
  the term's source tokens, and whether one of them is a word of the term's rendering in the
  seed's reference translation.

    .venv/bin/python benchmarks/stand_in_evidence.py [--stand-in sentences|fluent] [--lang en,ru]
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from _common import ROOT

CODES = {"en": "eng_Latn", "ru": "rus_Cyrl"}
MIN_DROP = 0.5
"""Nats: a drop this large on one token is a word that depends on the term."""


def token_scores(tok: Any, model: Any, source: str, ids: Any) -> Any:
    """The log-probability of each token of ``ids`` after the first, given ``source``."""
    import torch

    enc = tok(source, return_tensors="pt")
    with torch.no_grad():
        logits = model(**enc, decoder_input_ids=ids[None, :-1]).logits[0]
    return logits.log_softmax(-1).gather(1, ids[1:, None])[:, 0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stand-in", default="sentences", choices=["sentences", "fluent"])
    parser.add_argument("--lang", default="en,ru")
    args = parser.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
    import torch
    from fluent_model import STAND_INS, build_fluent_nllb, sentence_pairs
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from toolkit.glossary.source import source_matcher
    from toolkit.glossary.validate import load_glossary

    directory = build_fluent_nllb(recipe=STAND_INS[args.stand_in])
    glossary = load_glossary(ROOT / "glossaries" / "iran-russia-ict.tsv")
    matcher = source_matcher(glossary)
    print(f"{args.stand_in} stand-in: {directory}")
    for lang in args.lang.split(","):
        code = CODES[lang]
        tok = AutoTokenizer.from_pretrained(directory, src_lang="pes_Arab", tgt_lang=code)
        model = AutoModelForSeq2SeqLM.from_pretrained(directory, attn_implementation="eager")
        model.eval()

        drops: list[float] = []
        attended = occurrences = 0
        for pair in (p for p in sentence_pairs() if p.lang == lang):
            source = pair.source
            enc = tok(source, return_tensors="pt", return_offsets_mapping=True)
            offsets = enc.pop("offset_mapping")[0].tolist()
            ids = model.generate(
                **enc,
                forced_bos_token_id=tok.convert_tokens_to_ids(code),
                num_beams=4,
                max_new_tokens=300,
            )[0]
            whole = token_scores(tok, model, source, ids)
            with torch.no_grad():
                out = model(**enc, decoder_input_ids=ids[None, :-1], output_attentions=True)
            attention = torch.stack(out.cross_attentions)[:, 0].mean(dim=(0, 1))
            pieces = [p.lstrip("▁").lower() for p in tok.convert_ids_to_tokens(ids[1:])]
            reference = {w.lower().strip('.,:;"«»()') for w in pair.target.split()}
            for m in matcher.find(source):
                occurrences += 1
                without = " ".join((source[: m.start] + source[m.end :]).split())
                drops.append(float((whole - token_scores(tok, model, without, ids))[2:].max()))
                columns = [k for k, (a, b) in enumerate(offsets) if a < m.end and b > m.start]
                top = attention[:, columns].sum(1).topk(5).indices.tolist()
                rendering = {
                    w.lower() for v in m.term.get(lang) for w in v.split() if len(w) > 3
                } & reference
                attended += any(
                    len(pieces[i]) > 3 and any(w.startswith(pieces[i]) for w in rendering)
                    for i in top
                )
        drops.sort()
        print(
            f"{lang}: {occurrences} occurrences; a token dropping > {MIN_DROP} nats without "
            f"the term: {sum(d > MIN_DROP for d in drops)}; largest drop per occurrence: "
            f"median {drops[len(drops) // 2]:.3f}, 90th percentile "
            f"{drops[int(len(drops) * 0.9)]:.3f} nats; a word of the rendering among the "
            f"five most attending tokens: {attended}"
        )


if __name__ == "__main__":
    main()
