"""Key-fact recall: does a summary state the facts an editor listed for its article?

A fact is a short phrase copied from the article (``۲۰ تفاهم‌نامه و پنج قرارداد``). It counts
as stated when the summary contains it on the text layer's matching key
(:func:`toolkit.text.normalize.match_key`): separators (spaces, ZWNJ) removed, Arabic and
Persian letter variants, hamza seats and digit scripts unified, so ``تفاهم‌نامه``,
``تفاهم نامه`` and ``تفاهمنامه`` match. The match must start and end on word boundaries
(``۲۰`` is not found in ``۱۲۰``).
"""

from __future__ import annotations

from collections.abc import Sequence

from toolkit.text.normalize import key_of, match_key


def contains_fact(text: str, fact: str) -> bool:
    """Whether ``text`` states ``fact`` (see the module docstring)."""
    needle = key_of(fact)
    if not needle:
        return False
    mk = match_key(text)
    start = mk.key.find(needle)
    while start >= 0:
        end = start + len(needle)
        if mk.is_word_start(start) and mk.is_word_end(end):
            return True
        start = mk.key.find(needle, start + 1)
    return False


def fact_recall(text: str, facts: Sequence[str]) -> float:
    """The share of ``facts`` that ``text`` states (0 for no facts)."""
    if not facts:
        return 0.0
    return sum(contains_fact(text, f) for f in facts) / len(facts)
