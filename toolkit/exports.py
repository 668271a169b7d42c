"""Bilingual exports for CAT tools: TMX 1.4b (one translation unit per sentence, every target
language in it) and XLIFF 1.2 (one file per target language, with the problems and the
glossary term outcomes of each sentence as notes; an approved translation's unit ``final``,
a machine one's ``translated`` with the state-qualifier ``leveraged-mt``).

Every text and attribute written is first stripped of the characters XML 1.0 forbids
(controls but tab, newline and carriage return; lone surrogates; U+FFFE, U+FFFF), whatever
the caller passes: an export is well-formed XML by construction, even from text that was
never normalized."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from toolkit import __version__
from toolkit.results import Approval, SegmentTranslation, TermOutcome, Translation

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"


# Not in XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | ...
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters that XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def _xml(root: ET.Element) -> str:
    for el in root.iter():
        el.text = xml_safe(el.text) if el.text else el.text
        el.tail = xml_safe(el.tail) if el.tail else el.tail
        el.attrib = {key: xml_safe(value) for key, value in el.attrib.items()}
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _tmx_root(source_language: str) -> tuple[ET.Element, ET.Element]:
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "toolkit",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "toolkit",
            "adminlang": "en",
            "srclang": source_language,
            "datatype": "plaintext",
            "creationdate": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        },
    )
    return root, ET.SubElement(root, "body")


def to_tmx(translations: dict[str, Translation], source_language: str = "fa") -> str:
    """A TMX document: one ``<tu>`` per source sentence with a ``<tuv>`` per language."""
    root, body = _tmx_root(source_language)
    langs = list(translations)
    if not langs:
        return _xml(root)
    first = translations[langs[0]]
    for k, seg in enumerate(first.segments):
        tu = ET.SubElement(body, "tu", {"tuid": str(k + 1)})
        ET.SubElement(tu, "prop", {"type": "x-line"}).text = str(seg.line)
        tuv = ET.SubElement(tu, "tuv", {_XML_LANG: source_language})
        ET.SubElement(tuv, "seg").text = seg.source
        for lang in langs:
            segments = translations[lang].segments
            if k < len(segments) and segments[k].source == seg.source:
                tuv = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
                ET.SubElement(tuv, "seg").text = segments[k].text
    return _xml(root)


def approvals_to_tmx(approvals: list[Approval], source_language: str = "fa") -> str:
    """Approved translations as TMX 1.4: one ``<tu>`` per source sentence, a ``<tuv>`` per
    target language with its reviewer (``creationid``), its time (``creationdate``) and
    where it was approved (``<prop type="x-review">``)."""
    root, body = _tmx_root(source_language)
    units: dict[str, ET.Element] = {}
    for a in approvals:
        tu = units.get(a.source)
        if tu is None:
            tu = units[a.source] = ET.SubElement(body, "tu", {"tuid": str(len(units) + 1)})
            tuv = ET.SubElement(tu, "tuv", {_XML_LANG: a.source_lang})
            ET.SubElement(tuv, "seg").text = a.source
        tuv = ET.SubElement(
            tu,
            "tuv",
            {
                _XML_LANG: a.target_lang,
                "creationid": a.reviewer,
                "creationdate": _tmx_date(a.approved_at),
            },
        )
        ET.SubElement(tuv, "prop", {"type": "x-review"}).text = a.review
        ET.SubElement(tuv, "seg").text = a.target
    return _xml(root)


def _tmx_date(iso: str) -> str:
    """ISO 8601 UTC (``2026-12-07T10:55:26Z``) as TMX's ``20261207T105526Z``."""
    return iso.replace("-", "").replace(":", "")


def to_xliff(translation: Translation, original: str, source_language: str = "fa") -> str:
    """An XLIFF 1.2 file with one ``<trans-unit>`` per source sentence."""
    # The tree is built in its written form: plain tag names under a root that declares the
    # XLIFF namespace as the default one. ElementTree would otherwise name the namespace
    # ns0, or need ET.register_namespace, which changes every later serialization in the
    # process.
    root = ET.Element("xliff", {"xmlns": _XLIFF_NS, "version": "1.2"})
    file_el = ET.SubElement(
        root,
        "file",
        {
            "original": original,
            "source-language": source_language,
            "target-language": translation.target_language,
            "datatype": "plaintext",
            "tool-id": "toolkit",
        },
    )
    header = ET.SubElement(file_el, "header")
    ET.SubElement(
        header,
        "tool",
        {"tool-id": "toolkit", "tool-name": "toolkit", "tool-version": __version__},
    )
    body = ET.SubElement(file_el, "body")
    for k, seg in enumerate(translation.segments, start=1):
        unit = ET.SubElement(body, "trans-unit", {"id": str(k), "resname": f"line-{seg.line}"})
        ET.SubElement(unit, "source", {_XML_LANG: source_language}).text = seg.source
        ET.SubElement(
            unit, "target", _target_attributes(seg, translation.target_language)
        ).text = seg.text
        for note in _notes(seg):
            ET.SubElement(unit, "note").text = note
    return _xml(root)


MACHINE_QUALIFIER = "leveraged-mt"
"""The ``state-qualifier`` of a machine translation's target: a ``translated`` unit still
so qualified is the machine's, not a reviewer's (``toolkit review import`` stores it not)."""


def _target_attributes(seg: SegmentTranslation, lang: str) -> dict[str, str]:
    """An approved translation is ``final``; a machine one ``translated`` (qualified
    ``leveraged-mt``), or ``needs-review-translation`` when a term was pasted in or failed
    or a problem was reported."""
    if seg.approved is not None:
        return {_XML_LANG: lang, "state": "final"}
    if seg.needs_review or seg.problems:
        return {_XML_LANG: lang, "state": "needs-review-translation"}
    return {_XML_LANG: lang, "state": "translated", "state-qualifier": MACHINE_QUALIFIER}


def _notes(seg: SegmentTranslation) -> list[str]:
    """Who approved an approved segment; the problems of a segment, then a note per term a
    translator should know about."""
    notes = []
    if (a := seg.approved) is not None:
        notes.append(f"approved by {a.reviewer} ({a.review}) at {a.approved_at}")
    notes.extend(str(p) for p in seg.problems)
    notes.extend(note for t in seg.terms if (note := _term_note(t)))
    return list(dict.fromkeys(notes))


def _term_note(t: TermOutcome) -> str:
    """A note for a substituted, inserted or failed term; nothing for the model's own."""
    term = f"{t.term} → '{t.form}'" if t.form else t.term
    if t.status == "inserted":
        return f"glossary term inserted without the model: {term}"
    if t.status == "failed":
        return f"glossary term failed: {t.term}" + (f" ({t.reason})" if t.reason else "")
    if t.status == "substituted":
        return f"glossary term substituted: {term}" + (
            f" replaced '{t.replaced}'" if t.replaced else ""
        )
    return ""
