"""Bilingual exports for CAT tools: TMX 1.4b (one translation unit per sentence, every target
language in it) and XLIFF 1.2 (one file per target language)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from toolkit import __version__
from toolkit.translate.base import Translation

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def to_tmx(translations: dict[str, Translation], source_language: str = "fa") -> str:
    """A TMX document: one ``<tu>`` per source sentence with a ``<tuv>`` per language."""
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
    body = ET.SubElement(root, "body")
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


def to_xliff(translation: Translation, original: str, source_language: str = "fa") -> str:
    """An XLIFF 1.2 file with one ``<trans-unit>`` per source sentence."""
    ns = "urn:oasis:names:tc:xliff:document:1.2"
    ET.register_namespace("", ns)
    q = f"{{{ns}}}"
    root = ET.Element(f"{q}xliff", {"version": "1.2"})
    file_el = ET.SubElement(
        root,
        f"{q}file",
        {
            "original": original,
            "source-language": source_language,
            "target-language": translation.target_language,
            "datatype": "plaintext",
            "tool-id": "toolkit",
        },
    )
    header = ET.SubElement(file_el, f"{q}header")
    ET.SubElement(
        header,
        f"{q}tool",
        {"tool-id": "toolkit", "tool-name": "toolkit", "tool-version": __version__},
    )
    body = ET.SubElement(file_el, f"{q}body")
    for k, seg in enumerate(translation.segments, start=1):
        unit = ET.SubElement(body, f"{q}trans-unit", {"id": str(k), "resname": f"line-{seg.line}"})
        ET.SubElement(unit, f"{q}source", {_XML_LANG: source_language}).text = seg.source
        state = "needs-review-translation" if seg.problems else "translated"
        ET.SubElement(
            unit, f"{q}target", {_XML_LANG: translation.target_language, "state": state}
        ).text = seg.text
        failed = [t.term for t in seg.terms if t.status == "failed"]
        notes = list(seg.problems) + [f"glossary term failed: {t}" for t in failed]
        for note in notes:
            ET.SubElement(unit, f"{q}note").text = note
    return _xml(root)
