"""A toy Turkish target language, registered from outside ``toolkit/`` by the tests:
a small number lexicon (``data/tr.json``), whole-word term matching (no matcher named),
stop words and letters that tell it from English, a spelling of Persian names, and the
grammatical number of a rendering (``-ler``/``-lar``) for the term-number check."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.languages import Language, NameSpelling, Numbers, NumberWords
from toolkit.text.numbers.tokens import Atom

if TYPE_CHECKING:
    from toolkit.glossary.model import Term
    from toolkit.glossary.target import TargetMatch

_DATA = Path(__file__).parent / "data" / "tr.json"


@functools.cache
def number_words() -> NumberWords:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    atoms = {w: Atom(v, "unit") for w, v in data["units"].items()}
    atoms.update({w: Atom(v, "tens") for w, v in data["tens"].items()})
    atoms[data["hundred"]] = Atom(100, "hundred")
    atoms.update({w: Atom(v, "scale") for w, v in data["scales"].items()})
    atoms.update({w: Atom(v, "unit", ordinal=True) for w, v in data["ordinals"].items()})
    months = {w: (cal, m) for cal, table in data["months"].items() for w, m in table.items()}
    return NumberWords(atom=atoms.get, months=months)


def rendering_number(target: str, hit: TargetMatch) -> str | None:
    """``plur`` for a last word in ``-ler``/``-lar``, else ``sing``; None after a number,
    which takes a singular noun in Turkish (``yirmi beş sözleşme``)."""
    before = target[: hit.start].split()
    if before and (before[-1].isdigit() or number_words().atom(before[-1].lower())):
        return None
    return "plur" if hit.surface.lower().endswith(("ler", "lar")) else "sing"


def shows_number(variant: str, term: Term) -> bool:
    """Every noun shows its number (its plural takes ``-ler``/``-lar``)."""
    return True


LANGUAGE = Language(
    code="tr",
    name="Turkish",
    script="Latin",
    nllb="tur_Latn",
    m2m100="tr",
    marian=(">>tur<<",),
    marian_names=("tr", "tur"),
    target=True,
    expected_ratio=1.3,
    stopwords=frozenset("ve bir bu da de ile için olarak daha çok gibi".split()),
    letters=frozenset("ğış"),
    rendering_number="toy_tr:rendering_number",
    shows_number="toy_tr:shows_number",
    numbers=Numbers(
        words=number_words,
        thousands=frozenset("."),
        decimals=frozenset(","),
        halves=(("buçuk",),),
    ),
    spelling=NameSpelling(
        sounds={"j": "c", "ch": "ç", "sh": "ş", "zh": "j", "kh": "h", "gh": "ğ", "ou": "u"}
    ),
)
