"""The glossary value objects: ``Term`` and ``Glossary``.

A term holds, per language code, one or more variants: the first is preferred, the others
are accepted. A glossary is immutable and has a content hash that goes into every result
signature, so a number can be traced to the exact terminology that produced it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

SOURCE_LANGUAGE = "fa"
META_FIELDS = ("id", "note", "domain", "pos", "case_sensitive", "dnt")
POS_VALUES = ("noun", "propn", "adj", "verb", "phrase", "abbr")


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    ``variants`` maps a language code to its variants, preferred first. ``line`` is where
    the entry was read (for messages) and is not part of the content.
    """

    variants: tuple[tuple[str, tuple[str, ...]], ...]
    id: str = ""
    note: str = ""
    domain: str = ""
    pos: str = ""
    case_sensitive: bool = False
    dnt: bool = False
    line: int = field(default=0, compare=False)

    @classmethod
    def create(
        cls,
        variants: Mapping[str, list[str] | tuple[str, ...] | str],
        **meta: object,
    ) -> Term:
        """Build a term from ``{"fa": [...], "en": "a|b"}`` (a string is split on ``|``)."""
        items = []
        for lang, vals in variants.items():
            if isinstance(vals, str):
                vals = split_variants(vals)
            items.append((lang, tuple(vals)))
        return cls(variants=tuple(items), **meta)  # type: ignore[arg-type]

    def get(self, lang: str) -> tuple[str, ...]:
        """All variants in ``lang`` (preferred first), or an empty tuple."""
        for code, vals in self.variants:
            if code == lang:
                return vals
        return ()

    def preferred(self, lang: str) -> str:
        """The preferred variant in ``lang`` ('' when there is none)."""
        vals = self.get(lang)
        return vals[0] if vals else ""

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(code for code, vals in self.variants if vals)

    @property
    def label(self) -> str:
        """How the term is named in reports: its first source-language variant."""
        return self.preferred(SOURCE_LANGUAGE) or next(
            (vals[0] for _, vals in self.variants if vals), self.id
        )

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"id": self.id}
        out["variants"] = {code: list(vals) for code, vals in self.variants}
        for name in ("note", "domain", "pos"):
            value = getattr(self, name)
            if value:
                out[name] = value
        if self.case_sensitive:
            out["case_sensitive"] = True
        if self.dnt:
            out["dnt"] = True
        return out


def split_variants(cell: str) -> list[str]:
    """Split a cell on ``|`` (with or without spaces around it); empty parts are dropped."""
    return [part.strip() for part in cell.split("|") if part.strip()]


@dataclass(frozen=True)
class Glossary:
    """An immutable, ordered collection of terms with a content hash.

    ``terms`` is a tuple, or for a glossary read from the compiled index a
    :class:`~toolkit.glossary.compiled.TermTable` that decodes each term on first use.
    """

    terms: Sequence[Term]
    languages: tuple[str, ...]
    source_language: str = SOURCE_LANGUAGE
    name: str = ""

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    @cached_property
    def hash(self) -> str:
        """A content hash: the same terms, in any order and any file format, hash the same."""
        return _content_hash(self)

    def signature(self) -> dict[str, object]:
        return {"name": self.name, "terms": len(self.terms), "hash": self.hash}

    def to_dict(self) -> dict[str, object]:
        return {
            "format": "toolkit-glossary",
            "version": 1,
            "source_language": self.source_language,
            "languages": list(self.languages),
            "terms": [t.to_dict() for t in self.terms],
        }


def _content_hash(glossary: Glossary) -> str:
    # One encoder for all terms: json.dumps with options makes a new one per call.
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    items = []
    for term in glossary.terms:
        d = term.to_dict()
        d.pop("id", None)
        items.append(encode(d))
    payload = json.dumps(
        {"source": glossary.source_language, "terms": sorted(items)}, ensure_ascii=False
    )
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
