"""A toy Turkish target language, registered from outside ``toolkit/`` by the tests:
a small number lexicon (``data/tr.json``), whole-word term matching (no matcher named),
stop words and letters that tell it from English, and a spelling of Persian names."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from toolkit.languages import Language, NameSpelling, Numbers, NumberWords
from toolkit.text.numbers.tokens import Atom

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
