"""Decoding cases shared by the backend tests: sources of several lengths, each with its own
budget (the tiny random model never ends a sentence, so each runs to its budget, where a
search's length decides its result, and rows end at several steps), and forced prefixes of
several lengths (so starts are padded on the left), as the backend's own calls take them."""

from __future__ import annotations

from typing import Any

from toolkit.translate.backends.base import DecodeOptions, DecodeRequest

# (source, budget)
CAPPED = [
    ("همکاری ایران و روسیه", 7),
    ("سلام", 12),
    ("کاظم جلالی، سفیر جمهوری اسلامی ایران در روسیه گفت: نتایج خوب بود.", 30),
    ("وزیر ارتباطات و فناوری اطلاعات", 19),
    ("تفاهم‌نامه همکاری امضا شد", 44),
    ("نشست کارگروه مشترک در مسکو برگزار شد", 70),
]
PREFIXES = ["Iran", None, "The ambassador said", None, "A memorandum of", None]


def requests(model: Any, prefixed: bool = True) -> list[DecodeRequest]:
    """The cases as the backend decodes them (into English), with their prefixes or not."""
    forced = tuple(model.codec.forced_ids("en"))
    sources = model._checked_sources([s for s, _ in CAPPED], "fa", "en")
    return [
        DecodeRequest(
            tuple(ids),
            (*forced, *(model.codec.prefix_ids(p) if p and prefixed else [])),
            budget,
        )
        for ids, (_, budget), p in zip(sources, CAPPED, PREFIXES, strict=True)
    ]


def options(beams: int, **changes: Any) -> DecodeOptions:
    """A search of ``beams`` returning ``beams`` hypotheses, with ``changes``."""
    settings: dict[str, Any] = {
        "beam_size": beams,
        "num_hypotheses": beams,
        "sampling": False,
        "repetition_penalty": 1.0,
        "no_repeat_ngram_size": 0,
        "min_new_tokens": 0,
    }
    return DecodeOptions(**(settings | changes))
