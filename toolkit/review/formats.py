"""Reading what CAT tools give back: XLIFF 1.2 (a run's export, edited) and TMX 1.4
(approved translations), as plain values.

XML is parsed with defusedxml, DTDs and entities refused (as the glossary's TBX reader
does): a billion-laughs or external-entity file is refused, never expanded. Inline markup
keeps its text (``g``, ``mrk``, ``hi``) and drops native codes (``bpt``, ``ept``, ``ph``,
``it``, ``ut``, ``sub``). XLIFF 2.0 is refused: no well-kept library reads it for us, and
the toolkit writes 1.2.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime

from toolkit import io
from toolkit.errors import InputError
from toolkit.results import Approval

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
_XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

APPROVED_STATES = frozenset({"translated", "final", "signed-off"})
"""XLIFF 1.2 target states that mean a person approved the target; ``new``,
``needs-translation`` and every ``needs-review-*`` do not."""
MACHINE_QUALIFIERS = frozenset({"leveraged-mt", "mt-suggestion"})
"""``state-qualifier`` values of a machine translation: a ``translated`` target still so
qualified is the machine's (the toolkit's export), not approved. ``final`` and
``signed-off`` are approved whatever the qualifier."""
_CODE_TAGS = frozenset({"bpt", "ept", "ph", "it", "ut", "sub", "x", "bx", "ex"})


@dataclass(frozen=True)
class XliffUnit:
    """One ``trans-unit``: its id, source and target text, the target's state."""

    id: str
    source: str
    target: str
    state: str
    qualifier: str = ""

    @property
    def approved(self) -> bool:
        """A person's approved translation: an approved state with a target, not a
        machine translation left ``translated``."""
        if self.state not in APPROVED_STATES or not self.target.strip():
            return False
        return self.state != "translated" or self.qualifier not in MACHINE_QUALIFIERS


@dataclass(frozen=True)
class XliffFile:
    """An XLIFF 1.2 ``<file>``: the source document's name, the languages, the units."""

    original: str
    source_language: str
    target_language: str
    units: tuple[XliffUnit, ...]


def parse_xml(data: bytes, name: str) -> ET.Element:
    """The root of an XML file; one-line ``InputError`` for a DTD, entities or bad XML."""
    return io.parse_xml(data, name, InputError, "; nothing was stored")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def plain_text(el: ET.Element | None) -> str:
    """The text of a ``source``/``target``/``seg``: inline text kept, native codes dropped."""
    if el is None:
        return ""
    parts = [el.text or ""]
    for child in el:
        if _local(child.tag) not in _CODE_TAGS:
            parts.append(plain_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _base_lang(code: str) -> str:
    """``en-US`` → ``en``, ``fa_IR`` → ``fa``: the toolkit's language codes."""
    return code.replace("_", "-").split("-", 1)[0].lower()


def read_xliff(data: bytes, name: str) -> XliffFile:
    """The one ``<file>`` of an XLIFF 1.2 document (the toolkit writes one per language)."""
    root = parse_xml(data, name)
    if root.tag == f"{{{_XLIFF2_NS}}}xliff" or root.get("version", "").startswith("2"):
        raise InputError(
            f"{name}: XLIFF 2.0 is not read (the toolkit writes and reads XLIFF 1.2); "
            "export the file as XLIFF 1.2"
        )
    if root.tag != f"{{{XLIFF_NS}}}xliff":
        raise InputError(f"{name}: not an XLIFF 1.2 file (its root is <{_local(root.tag)}>)")
    files = root.findall(f"{{{XLIFF_NS}}}file")
    if len(files) != 1:
        raise InputError(f"{name}: {len(files)} <file> elements; expected one")
    file_el = files[0]
    target_language = file_el.get("target-language", "")
    if not target_language:
        raise InputError(f"{name}: the <file> names no target-language")
    units = []
    seen: set[str] = set()
    for unit in file_el.iter(f"{{{XLIFF_NS}}}trans-unit"):
        unit_id = unit.get("id", "")
        if not unit_id or unit_id in seen:
            raise InputError(f"{name}: a trans-unit without an id, or with a repeated one")
        seen.add(unit_id)
        target = unit.find(f"{{{XLIFF_NS}}}target")
        units.append(
            XliffUnit(
                unit_id,
                plain_text(unit.find(f"{{{XLIFF_NS}}}source")),
                plain_text(target),
                (target.get("state", "") if target is not None else "") or "",
                (target.get("state-qualifier", "") if target is not None else "") or "",
            )
        )
    return XliffFile(
        file_el.get("original", ""),
        _base_lang(file_el.get("source-language", "")),
        _base_lang(target_language),
        tuple(units),
    )


def xliff_approvals(
    document: XliffFile, review: str, reviewer: str, approved_at: str
) -> list[Approval]:
    """The approved units of ``document`` as approvals."""
    return [
        Approval(
            u.source,
            u.target,
            document.target_language,
            reviewer,
            review,
            approved_at,
            document.source_language or "fa",
        )
        for u in document.units
        if u.approved
    ]


def read_tmx(
    data: bytes,
    name: str,
    review: str,
    approved_at: str,
    reviewer: str = "unknown",
    source_language: str = "fa",
) -> tuple[list[Approval], int]:
    """The approved translations of a TMX 1.4 file: each ``tu``'s ``source_language`` text
    with each other language's; who and when from the ``tuv``'s (else the ``tu``'s, else the
    header's) ``changeid``/``creationid`` and ``changedate``/``creationdate``
    (``reviewer`` and ``approved_at`` when none). Also how many ``tu`` had no
    ``source_language`` text."""
    root = parse_xml(data, name)
    if _local(root.tag) != "tmx":
        raise InputError(f"{name}: not a TMX file (its root is <{_local(root.tag)}>)")
    header = root.find("header")
    body = root.find("body")
    if body is None:
        raise InputError(f"{name}: a TMX file without <body>")
    out: list[Approval] = []
    skipped = 0
    for tu in body.iter("tu"):
        texts: dict[str, tuple[str, ET.Element]] = {}
        for tuv in tu.findall("tuv"):
            lang = _base_lang(tuv.get(_XML_LANG) or tuv.get("lang") or "")
            text = plain_text(tuv.find("seg")).strip()
            if lang and text:
                texts.setdefault(lang, (text, tuv))
        if source_language not in texts:
            skipped += 1
            continue
        source = texts.pop(source_language)[0]
        for lang, (target, tuv) in texts.items():
            who = _first(("changeid", "creationid"), tuv, tu, header) or reviewer
            when = _first(("changedate", "creationdate"), tuv, tu, header)
            out.append(
                Approval(
                    source,
                    target,
                    lang,
                    who,
                    review,
                    _iso(when, name) if when else approved_at,
                    source_language,
                )
            )
    return out, skipped


def _first(attributes: tuple[str, ...], *elements: ET.Element | None) -> str:
    for el in elements:
        for attribute in attributes:
            if el is not None and (value := el.get(attribute)):
                return value
    return ""


def _iso(tmx_date: str, name: str) -> str:
    """TMX's ``YYYYMMDDThhmmssZ`` as ISO 8601 UTC."""
    try:
        moment = datetime.strptime(tmx_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise InputError(
            f"{name}: the date '{tmx_date}' is not TMX's YYYYMMDDThhmmssZ; nothing was stored"
        ) from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
