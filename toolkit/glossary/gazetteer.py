"""The shipped gazetteers as a glossary: places, institutions and titles with their
established English and Russian names.

The data lives in ``toolkit/text/data/`` (``places.json``, ``institutions.json``,
``titles.json``; how it was written is in ``NOTES.md`` there). Each entry becomes a
:class:`~toolkit.glossary.model.Term` whose ``domain`` is its kind (``place``, ``org``,
``state``, ``title``), so the same source matcher that finds glossary terms finds them, with
the same tolerance for ZWNJ, spacing, letter variants and suffixes.

>>> [t.preferred("en") for t in gazetteer() if t.preferred("fa") == "مسکو"]
['Moscow']
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from toolkit.glossary.model import Glossary, Term
from toolkit.languages import LANGUAGES

KINDS = ("place", "org", "state", "title")
_FILES = (
    ("places.json", "places"),
    ("institutions.json", "institutions"),
    ("titles.json", "titles"),
)
PERSON_TITLE = "person-title"
"""The ``note`` of a title that comes directly before a person's name (``معاون وزیر X``)."""


def _read(file: str) -> Any:
    path = resources.files("toolkit.text").joinpath("data", file)
    return json.loads(path.read_text(encoding="utf-8"))


def _kind(list_name: str, entry: dict[str, Any]) -> str:
    if list_name == "places":
        return "place"
    if list_name == "titles":
        return "title"
    return "state" if entry.get("kind") == "state" else "org"


@lru_cache(maxsize=1)
def gazetteer() -> Glossary:
    """Every shipped place, institution and title, as one glossary (built once)."""
    terms: list[Term] = []
    for file, list_name in _FILES:
        for k, entry in enumerate(_read(file)[list_name]):
            kind = _kind(list_name, entry)
            note = ""
            if kind == "title" and entry.get("person", True):
                note = PERSON_TITLE
            elif entry.get("kind"):
                note = str(entry["kind"])
            terms.append(
                Term.create(
                    {code: list(entry[code]) for code in LANGUAGES if code in entry},
                    id=f"{list_name}:{k}",
                    domain=kind,
                    pos="noun" if kind == "title" else "propn",
                    note=note,
                )
            )
    return Glossary(tuple(terms), ("fa", "en", "ru"), name="gazetteer")
