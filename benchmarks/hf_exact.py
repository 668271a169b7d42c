"""Whether the hf backend's merged calls are exact on the transformers installed here.

The hf backend decodes forced starts of every length in one ``generate`` call (padded on the
left, the decoder's positions shifted per row), stops each row of a call at its own length,
brings its own decoding cache (``toolkit/translate/backends/hf.py``), and on the CPU runs its
own greedy and beam search in place of ``generate`` (``hf_search.py``), its decoder steps
run directly for NLLB and M2M100 (``hf_step.py``). All of them lean on
transformers' internals, which change between releases. For each model directory given, in
greedy search and a beam of 4, into English (with forced prefixes) and Russian, this checks:

* **batch = alone:** every source of one call gives, text and end, what it gives alone
  (scores within 1e-5), and the call is one ``generate`` call;
* **our cache = theirs:** texts, ends and scores are identical with transformers' own cache;
* **own search = generate:** the backend's own search gives the same texts and ends, in the
  same order, and scores within 1e-5 (a beam search without prefixes is scored by the
  log-probabilities it computed, ``generate``'s by teacher forcing);
* **direct steps = the model's:** the own search with NLLB's and M2M100's decoder steps run
  directly (``hf_step.py``) gives the same texts, ends and scores, to the bit, as with every
  step a call of the model.

The test suite checks the same on the transformers it installs, but builds its tiny models
with it. To check another release (the oldest that ``pyproject.toml`` allows, 5.0), build the
models with the project's environment and run this script from an environment with that
release::

    .venv/bin/python tests/tiny_models.py /tmp/hf-exact/tiny-nllb
    python -m venv /tmp/v50 && /tmp/v50/bin/pip install torch==2.13.0
    /tmp/v50/bin/pip install -e '.[all,dev]' transformers==5.0.0
    /tmp/v50/bin/python benchmarks/hf_exact.py /tmp/hf-exact/tiny-nllb [stand-in directory]

(the fluent stand-in of ``tests/fluent_model.py`` is cached under
``~/.cache/toolkit/fluent-nllb/``).

It prints a line per model, search and language, and exits with 1 if any check fails.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

SOURCES = [
    "همکاری ایران و روسیه",
    "سلام",
    "کاظم جلالی، سفیر جمهوری اسلامی ایران در روسیه گفت: نتایج خوب بود.",
    "وزیر ارتباطات و فناوری اطلاعات",
    "تفاهم‌نامه همکاری امضا شد",
    "نشست کارگروه مشترک در مسکو برگزار شد",
]
BUDGETS = [7, 12, 30, 19, 44, 70]
PREFIXES: dict[str, list[str | None]] = {
    "en": ["Iran", None, "The ambassador said", None, "A memorandum of", None],
    "ru": [None] * len(SOURCES),
}


def _key(hypotheses: Any, scores: bool) -> list[list[tuple[Any, ...]]]:
    return [
        [(h.text, h.finished, h.score) if scores else (h.text, h.finished) for h in hs]
        for hs in hypotheses
    ]


def check(path: Path) -> int:
    """The failed checks of one model directory; prints a line per search and language."""
    from toolkit.translate.backends import load_backend

    model: Any = load_backend(str(path), "hf")
    own_search = model._plain
    direct = model._direct
    model._plain = False  # generate, for the first three checks
    calls: list[Any] = []
    real = model._model.generate

    def spy(**kwargs: Any) -> Any:
        calls.append(kwargs.get("cache", kwargs.get("past_key_values")))
        return real(**kwargs)

    model._model.generate = spy
    failed = 0
    for beams in (1, 4):
        for lang in ("en", "ru"):
            options: dict[str, Any] = {
                "beam_size": beams,
                "num_hypotheses": beams,
                "max_new_tokens": BUDGETS,
                "prefixes": PREFIXES[lang],
            }
            calls.clear()
            together = model.generate(SOURCES, "fa", lang, **options)
            merged = len(calls) == 1
            cache = type(calls[0]).__name__ if calls else "-"
            alone = [
                model.generate(
                    [source],
                    "fa",
                    lang,
                    beam_size=beams,
                    num_hypotheses=beams,
                    max_new_tokens=[budget],
                    prefixes=[prefix],
                )[0]
                for source, budget, prefix in zip(SOURCES, BUDGETS, PREFIXES[lang], strict=True)
            ]
            same_alone = _key(together, False) == _key(alone, False) and all(
                abs(h.score - g.score) <= 1e-5
                for hs, gs in zip(together, alone, strict=True)
                for h, g in zip(hs, gs, strict=True)
            )
            name = model._cache_name
            model._cache_name = None  # generate makes its own
            try:
                theirs = model.generate(SOURCES, "fa", lang, **options)
            finally:
                model._cache_name = name
            same_cache = _key(together, True) == _key(theirs, True)
            model._plain = own_search
            try:
                own = model.generate(SOURCES, "fa", lang, **options)
            finally:
                model._plain = False
            same_search = _key(own, False) == _key(together, False) and all(
                abs(h.score - g.score) <= 1e-5
                for hs, gs in zip(own, together, strict=True)
                for h, g in zip(hs, gs, strict=True)
            )
            model._plain, model._direct = own_search, False
            try:
                stepped = model.generate(SOURCES, "fa", lang, **options)
            finally:
                model._plain, model._direct = False, direct
            same_steps = _key(own, True) == _key(stepped, True)
            ok = merged and same_alone and same_cache and same_search and own_search
            ok = ok and same_steps and direct
            failed += not ok
            print(
                f"{path.name:24} beam {beams} {lang}: one call {merged} ({cache}), "
                f"batch = alone {same_alone}, our cache = theirs {same_cache}, "
                f"own search = generate {same_search if own_search else 'not used'}, "
                f"direct steps = the model's {same_steps if direct else 'not used'}"
            )
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="+", type=Path, help="model directories (NLLB, M2M100)")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import transformers

    print(f"transformers {transformers.__version__}")
    failed = sum(check(path) for path in args.models)
    print("every check passed" if not failed else f"{failed} checks failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
