"""Glossary file formats: TSV, CSV, TBX (v2 and v3) and the toolkit's own JSON.

The format is chosen from the file extension (``FORMATS``). Readers return the glossary and
the problems noticed while reading (for ``toolkit glossary check``); structural problems
that make a file unreadable raise ``GlossaryError`` with ``file:line: message``.

TSV cells are literal: one line is one row, a quote is text. CSV has RFC 4180 quoting, and
a quoted cell running over lines, or a quote out of place, is an error of the line where it
starts; line numbers are the file's own. A CSV cell that a spreadsheet would run as a
formula is written with a ``'`` before it (and read back without it).

XML is parsed with defusedxml with DTDs and entities refused: a billion-laughs or
external-entity file is rejected, never expanded.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import GlossaryError, InputError
from toolkit.glossary.model import META_FIELDS, SOURCE_LANGUAGE, Glossary, Term, split_variants
from toolkit.io import parse_xml, read_bytes

MAX_GLOSSARY_BYTES = 50 * 1024 * 1024
_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
_META_ALIASES = {
    "id": "id",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "domain": "domain",
    "subject": "domain",
    "pos": "pos",
    "part_of_speech": "pos",
    "case_sensitive": "case_sensitive",
    "case-sensitive": "case_sensitive",
    "dnt": "dnt",
    "do_not_translate": "dnt",
    "do-not-translate": "dnt",
}
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"", "no", "n", "false", "0"}


@dataclass(frozen=True)
class ReadProblem:
    """Something noticed while reading: ``severity`` is 'error' or 'warning'."""

    severity: str
    line: int
    code: str
    message: str


@dataclass(frozen=True)
class ReadResult:
    """A glossary as read, the problems noticed, and for a TSV or CSV file its number of
    data lines (non-blank lines after the header; -1 for JSON and TBX), counted apart from
    the rows read, so that ``check`` can show that no line was lost."""

    glossary: Glossary
    problems: tuple[ReadProblem, ...] = ()
    data_lines: int = -1


# ---------------------------------------------------------------------------
# Delimited text (TSV, CSV)
# ---------------------------------------------------------------------------


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryError(f"{name}:{line}: not valid UTF-8") from None


def _parse_header(cells: list[str], name: str) -> list[str]:
    columns: list[str] = []
    for raw in cells:
        cell = raw.strip()
        low = cell.lower()
        if low in _META_ALIASES:
            columns.append(_META_ALIASES[low])
        elif _LANG_CODE.match(cell):
            columns.append(cell.replace("_", "-"))
        elif not cell:
            raise GlossaryError(f"{name}:1: empty column name in the header row")
        elif any(ch.isalpha() and not ch.isascii() for ch in cell):
            raise GlossaryError(
                f"{name}:1: missing header row: the first row should name the columns "
                f"(language codes such as fa, en, ru, and optionally {', '.join(META_FIELDS)})"
            )
        else:
            raise GlossaryError(
                f"{name}:1: unknown column {cell!r} in the header; expected language codes "
                f"(fa, en, ru, ...) or {', '.join(META_FIELDS)}"
            )
    if len(set(columns)) != len(columns):
        dup = next(c for c in columns if columns.count(c) > 1)
        raise GlossaryError(f"{name}:1: column {dup!r} appears twice in the header")
    langs = [c for c in columns if c not in META_FIELDS]
    if SOURCE_LANGUAGE not in langs:
        raise GlossaryError(f"{name}:1: the header has no '{SOURCE_LANGUAGE}' (Persian) column")
    if len(langs) < 2:
        raise GlossaryError(f"{name}:1: the header names no target language column (en, ru, ...)")
    return columns


def _bool(value: str, field_name: str, name: str, line: int) -> bool:
    low = value.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise GlossaryError(f"{name}:{line}: {field_name} must be yes or no, not {value!r}")


# A line ends at LF, CRLF or a lone CR (as the csv module and spreadsheets read them).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""
_QUOTE_ADVICE = (
    "a CSV cell that holds a quote must be quoted as a whole, each quote in it doubled: "
    '"""Mehr"" News Agency"'
)


@dataclass(frozen=True)
class _Row:
    """One data row of a delimited file: its cells and the physical line it starts on."""

    line: int
    cells: list[str]


def read_delimited(data: bytes, name: str, delimiter: str) -> ReadResult:
    """Read a TSV (``delimiter`` tab: every cell literal, quotes are text) or CSV glossary
    (RFC 4180 quoting; a cell that holds a line break, and a quote out of place, are errors
    at the line where they are)."""
    text = _decode(data, name)
    lines = _LINE_BREAK.split(text)
    problems: list[ReadProblem] = []
    refused: set[int] = set()  # the lines of rows refused with an error
    is_csv = delimiter != "\t"
    rows = _csv_rows(lines, delimiter, problems, refused) if is_csv else _tsv_rows(lines)
    header = next(rows, None)
    if problems and problems[0].line == 1:  # the header row's own quoting
        raise GlossaryError(f"{name}:1: {problems[0].message}")
    if header is None or header.line != 1 or not any(c.strip() for c in header.cells):
        raise GlossaryError(f"{name}:1: empty glossary (no header row)")
    columns = _parse_header(header.cells, name)
    languages = tuple(c for c in columns if c not in META_FIELDS)
    terms: list[Term] = []
    width = len(columns)
    # Per column: its name, whether it is a metadata field, whether a yes/no flag.
    plan = [(col, col in META_FIELDS, col in ("case_sensitive", "dnt")) for col in columns]
    for data_row in rows:
        lineno, row = data_row.line, data_row.cells
        if len(row) > width and "".join(row[width:]).strip():
            # A row error is reported and the row skipped, so that one check lists them all.
            problems.append(
                ReadProblem(
                    "error",
                    lineno,
                    "cells",
                    f"{len(row)} cells but the header has {width} columns",
                )
            )
            refused.add(lineno)
            continue
        if len(row) < width:
            row += [""] * (width - len(row))
        variants: list[tuple[str, tuple[str, ...]]] = []
        meta: dict[str, object] = {}
        for (col, is_meta, is_flag), cell in zip(plan, row, strict=False):
            if cell[:1] == "'" and is_csv:
                cell = _unescape_formula(cell)
            stripped = cell.strip()
            if stripped and cell != stripped:
                problems.append(
                    ReadProblem(
                        "warning",
                        lineno,
                        "whitespace",
                        f"leading or trailing spaces in the {col} cell {cell!r}",
                    )
                )
            if not is_meta:
                if "|" in cell:
                    variants.append((col, tuple(split_variants(cell))))
                else:
                    variants.append((col, (stripped,) if stripped else ()))
            elif is_flag:
                try:
                    meta[col] = _bool(cell, col, name, lineno)
                except GlossaryError as exc:
                    problems.append(
                        ReadProblem("error", lineno, "flag", str(exc).split(": ", 1)[-1])
                    )
                    meta[col] = False
            else:
                meta[col] = stripped
        if not meta.get("id"):
            meta["id"] = f"t{len(terms) + 1}"
        terms.append(Term(tuple(variants), line=lineno, **meta))  # type: ignore[arg-type]
    # Counted apart from the rows, so that a reader that merges lines cannot go unnoticed.
    data_lines = [k for k, line in enumerate(lines[1:], start=2) if line.strip()]
    if len(terms) + len(refused) != len(data_lines):
        read = {t.line for t in terms} | refused
        lost = next((k for k in data_lines if k not in read), 1)
        problems.append(
            ReadProblem(
                "error",
                lost,
                "lines",
                f"{len(data_lines)} data lines but {len(terms)} terms and {len(refused)} "
                "refused rows: a line was not read as a row",
            )
        )
    problems.sort(key=lambda p: p.line)  # a CSV quote error is found before its row's cells
    return ReadResult(_glossary(terms, languages, name), tuple(problems), len(data_lines))


def _tsv_rows(lines: list[str]) -> Iterator[_Row]:
    """The non-blank rows of a TSV file (the header first): one line, one row, cells split
    at tabs and kept as written. TSV has no quoting, so no cell can swallow another line."""
    for lineno, line in enumerate(lines, start=1):
        if lineno == 1 or line.strip():
            yield _Row(lineno, line.split("\t"))


def _csv_rows(
    lines: list[str], delimiter: str, problems: list[ReadProblem], refused: set[int]
) -> Iterator[_Row]:
    """The non-blank rows of a CSV file (the header first), each at the physical line where
    it starts. A quoted cell that runs over lines is an error (a glossary cell is one line of
    text); a quote that is never closed, or text after a closing quote, is one error at its
    line, and the lines after it are read as rows of their own."""
    count = len(lines)
    at = 0  # lines read before the current reader's first
    while at < count:
        # One reader for the whole file, a new one only after a quote error.
        reader = csv.reader(
            (lines[k] + "\n" for k in range(at, count)), delimiter=delimiter, strict=True
        )
        done = 0  # the reader's line count after the previous row
        try:
            for cells in reader:
                start, spanned, done = at + done + 1, reader.line_num - done, reader.line_num
                if spanned > 1:
                    problems.append(
                        ReadProblem(
                            "error",
                            start,
                            "line-break",
                            f"a quoted cell runs over lines {start}-{start + spanned - 1}: a "
                            "glossary cell cannot hold a line break (or is a quote unmatched?)",
                        )
                    )
                    refused.update(k for k in range(start, start + spanned) if lines[k - 1].strip())
                elif start == 1 or lines[start - 1].strip():
                    yield _Row(start, cells)
        except csv.Error as exc:
            # A quote never closed (the reader ran to the end, or into a later quote) is an
            # error of the line where it opened; the lines it swallowed are read again.
            start = at + done + 1
            unclosed = reader.line_num - done > 1 or "end of data" in str(exc)
            where = "unmatched quote" if unclosed else f"misplaced quote ({exc})"
            problems.append(ReadProblem("error", start, "quote", f"{where}: {_QUOTE_ADVICE}"))
            refused.add(start)
            at = start
            continue
        break


def _is_formula(cell: str) -> bool:
    """Whether a CSV cell is written with a ``'`` before it: a formula start, or a ``'``
    written so (so that ``'=x`` itself reads back as ``'=x``)."""
    return cell.lstrip("'")[:1] in FORMULA_STARTS


def _unescape_formula(cell: str) -> str:
    """A CSV cell as :func:`write_delimited` wrote it: ``'=x`` is read as ``=x``."""
    return cell[1:] if cell[:1] == "'" and _is_formula(cell) else cell


def write_delimited(glossary: Glossary, delimiter: str) -> str:
    """A glossary as TSV (``delimiter`` tab: cells as they are, no quoting) or CSV (quoted
    where needed; a cell that a spreadsheet would run as a formula is written with a ``'``
    before it, which :func:`read_delimited` removes again)."""
    meta = [m for m in META_FIELDS if m != "id" and any(getattr(t, m) for t in glossary)]
    header = [*glossary.languages, *meta]
    rows = [header]
    for term in glossary:
        row = ["|".join(term.get(lang)) for lang in glossary.languages]
        for m in meta:
            value = getattr(term, m)
            row.append("yes" if value is True else "" if value is False else str(value))
        rows.append(row)
    if delimiter == "\t":
        out = []
        for term_row, term in zip(rows[1:], glossary, strict=True):
            for col, cell in zip(header, term_row, strict=True):
                if any(ch in cell for ch in "\t\n\r"):
                    raise GlossaryError(
                        f"{glossary.name or 'glossary'}: term {term.label!r} (line {term.line}): "
                        f"its {col} cell holds a tab or line break, which a TSV cell cannot "
                        "hold; write CSV, JSON or TBX instead"
                    )
            out.append("\t".join(term_row))
        return "\t".join(header) + "\n" + "".join(line + "\n" for line in out)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    for row in rows:
        writer.writerow(["'" + c if _is_formula(c) else c for c in row])
    return buf.getvalue()


# ---------------------------------------------------------------------------
# JSON (the toolkit's own)
# ---------------------------------------------------------------------------


def read_json(data: bytes, name: str) -> ReadResult:
    try:
        doc = json.loads(_decode(data, name))
    except json.JSONDecodeError as exc:
        raise GlossaryError(f"{name}:{exc.lineno}: invalid JSON ({exc.msg})") from None
    if not isinstance(doc, dict) or doc.get("format") != "toolkit-glossary":
        raise GlossaryError(
            f'{name}:1: not a toolkit glossary (expected "format": "toolkit-glossary")'
        )
    if doc.get("version") != 1:
        raise GlossaryError(f"{name}:1: unsupported glossary version {doc.get('version')!r}")
    raw_terms = doc.get("terms")
    if not isinstance(raw_terms, list):
        raise GlossaryError(f'{name}:1: "terms" must be a list')
    languages = doc.get("languages") or []
    terms: list[Term] = []
    for i, raw in enumerate(raw_terms, start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("variants"), dict):
            raise GlossaryError(f'{name}: term {i}: expected an object with "variants"')
        variants = {}
        for lang, vals in raw["variants"].items():
            if isinstance(vals, str):
                vals = [vals]
            if not isinstance(vals, list) or not all(isinstance(v, str) for v in vals):
                raise GlossaryError(f"{name}: term {i}: variants of {lang!r} must be strings")
            variants[lang] = [v.strip() for v in vals if v.strip()]
        meta = {k: raw[k] for k in META_FIELDS if k in raw}
        meta.setdefault("id", f"t{i}")
        for flag in ("case_sensitive", "dnt"):
            if flag in meta and not isinstance(meta[flag], bool):
                raise GlossaryError(f"{name}: term {i}: {flag} must be true or false")
        terms.append(Term.create(variants, line=i, **meta))
        for lang in variants:
            if lang not in languages:
                languages.append(lang)
    return ReadResult(_glossary(terms, tuple(languages), name))


def write_json(glossary: Glossary) -> str:
    return json.dumps(glossary.to_dict(), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------
# TBX (ISO 30042): v2 <martif> and v3 <tbx>, read through defusedxml
# ---------------------------------------------------------------------------

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TBX3_NS = "urn:iso:std:iso:30042:ed-2"
# TBX has no data category for these two flags; the toolkit keeps them in an <admin> element.
_FLAGS_TYPE = "x-toolkit-flags"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_tbx(data: bytes, name: str) -> ReadResult:
    root = parse_xml(data, name, GlossaryError)
    if _local(root.tag) not in ("martif", "tbx"):
        raise GlossaryError(f"{name}:1: not a TBX file (root element <{_local(root.tag)}>)")
    terms: list[Term] = []
    languages: list[str] = []
    problems: list[ReadProblem] = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        variants: dict[str, list[str]] = {}
        meta: dict[str, object] = {"id": entry.get("id") or f"t{len(terms) + 1}"}
        notes: list[str] = []
        for el in entry.iter():
            tag = _local(el.tag)
            if tag in ("langSet", "langSec"):
                lang = (el.get(_XML_LANG) or el.get("lang") or "").strip()
                if not lang:
                    raise GlossaryError(f"{name}: entry {meta['id']}: <{tag}> without xml:lang")
                preferred, admitted = _tbx_terms(el)
                variants.setdefault(lang, []).extend(preferred + admitted)
                if lang not in languages:
                    languages.append(lang)
            elif tag in ("note",) or (tag == "descrip" and el.get("type") == "definition"):
                if el.text and el.text.strip():
                    notes.append(el.text.strip())
            elif tag == "descrip" and el.get("type") == "subjectField" and el.text:
                meta["domain"] = el.text.strip()
            elif tag == "admin" and el.get("type") == _FLAGS_TYPE and el.text:
                flags = el.text.split()
                meta["case_sensitive"] = "case-sensitive" in flags
                meta["dnt"] = "do-not-translate" in flags
        if notes:
            meta["note"] = "; ".join(dict.fromkeys(notes))
        pos = _tbx_pos(entry)
        if pos:
            meta["pos"] = pos
        terms.append(Term.create(variants, line=len(terms) + 1, **meta))
    if not terms:
        problems.append(ReadProblem("error", 1, "empty", "the TBX file has no term entries"))
    return ReadResult(_glossary(terms, tuple(languages), name), tuple(problems))


def _tbx_terms(lang_el: ET.Element) -> tuple[list[str], list[str]]:
    """Terms of one language: preferred ones first, deprecated ones left out."""
    preferred: list[str] = []
    admitted: list[str] = []
    for group in lang_el:
        if _local(group.tag) not in ("tig", "ntig", "termSec"):
            continue
        term_text = ""
        status = ""
        for el in group.iter():
            tag = _local(el.tag)
            if tag == "term":
                term_text = "".join(el.itertext()).strip()
            elif tag == "termNote" and el.get("type") == "administrativeStatus":
                status = (el.text or "").strip()
        if not term_text or status.startswith("deprecated") or status.startswith("superseded"):
            continue
        (preferred if status.startswith("preferred") else admitted).append(term_text)
    return preferred, admitted


_TBX_POS = {
    "noun": "noun",
    "properNoun": "propn",
    "adjective": "adj",
    "verb": "verb",
    "other": "phrase",
}


def _tbx_pos(entry: ET.Element) -> str:
    for el in entry.iter():
        if _local(el.tag) == "termNote" and el.get("type") == "partOfSpeech" and el.text:
            return _TBX_POS.get(el.text.strip(), "")
    return ""


def write_tbx(glossary: Glossary) -> str:
    """Write TBX v3 (TBX-Basic dialect, DCA style)."""
    # Plain tag names under a root declaring TBX as the default namespace, instead of
    # registering the namespace globally (which would change every later serialization).
    root = ET.Element(
        "tbx",
        {
            "xmlns": _TBX3_NS,
            "type": "TBX-Basic",
            "style": "dca",
            _XML_LANG: glossary.source_language,
        },
    )
    header = ET.SubElement(root, "tbxHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    source_desc = ET.SubElement(file_desc, "sourceDesc")
    ET.SubElement(source_desc, "p").text = f"Written by toolkit; {glossary.name or 'glossary'}"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    inverse_pos = {v: k for k, v in _TBX_POS.items()}
    for term in glossary:
        entry = ET.SubElement(body, "conceptEntry", {"id": term.id})
        if term.domain:
            ET.SubElement(entry, "descrip", {"type": "subjectField"}).text = term.domain
        if term.note:
            ET.SubElement(entry, "note").text = term.note
        flags = [
            n
            for n, on in (("case-sensitive", term.case_sensitive), ("do-not-translate", term.dnt))
            if on
        ]
        if flags:
            ET.SubElement(entry, "admin", {"type": _FLAGS_TYPE}).text = " ".join(flags)
        for lang, vals in term.variants:
            lang_sec = ET.SubElement(entry, "langSec", {_XML_LANG: lang})
            for k, val in enumerate(vals):
                sec = ET.SubElement(lang_sec, "termSec")
                ET.SubElement(sec, "term").text = val
                status = "preferredTerm-admn-sts" if k == 0 else "admittedTerm-admn-sts"
                ET.SubElement(sec, "termNote", {"type": "administrativeStatus"}).text = status
                if term.pos and term.pos in inverse_pos:
                    ET.SubElement(sec, "termNote", {"type": "partOfSpeech"}).text = inverse_pos[
                        term.pos
                    ]
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# ---------------------------------------------------------------------------
# Dispatch
# ---------------------------------------------------------------------------

FORMATS: dict[str, str] = {
    ".tsv": "tsv",
    ".tab": "tsv",
    ".csv": "csv",
    ".tbx": "tbx",
    ".json": "json",
}


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise GlossaryError(
            f"{path}: unknown glossary format {suffix or '(no extension)'!r}; "
            f"use one of {', '.join(sorted(FORMATS))}"
        )
    return FORMATS[suffix]


def _glossary(terms: list[Term], languages: tuple[str, ...], name: str) -> Glossary:
    return Glossary(tuple(terms), languages, SOURCE_LANGUAGE, Path(name).name)


def parse_glossary(data: bytes, name: str, fmt: str) -> ReadResult:
    if fmt == "tsv":
        return read_delimited(data, name, "\t")
    if fmt == "csv":
        return read_delimited(data, name, ",")
    if fmt == "tbx":
        return read_tbx(data, name)
    if fmt == "json":
        return read_json(data, name)
    raise GlossaryError(f"{name}: unknown glossary format {fmt!r}")


def read_glossary(path: str | Path) -> ReadResult:
    """Read a glossary file of any supported format (chosen by extension)."""
    data, fmt = glossary_bytes(path)
    return parse_glossary(data, str(Path(path)), fmt)


def glossary_bytes(path: str | Path) -> tuple[bytes, str]:
    """The bytes and format of a glossary file, refused as :func:`read_glossary` refuses it.

    Read by :func:`toolkit.io.read_bytes`, the bounded reader of every input, with the
    glossary's own limit (a device or FIFO stops at it too).
    """
    p = Path(path)
    fmt = format_of(p)
    if not p.exists():
        raise GlossaryError(f"{p}: no such glossary file")
    if p.is_dir():
        raise GlossaryError(f"{p}: is a directory, expected a glossary file")
    try:
        data, _ = read_bytes(p, max_bytes=MAX_GLOSSARY_BYTES)
    except InputError as exc:
        message = exc.args[0] if exc.args else f"{p}: cannot read"
        if "{option:max_input_mb}" in message:  # an article's advice; no option raises this
            message = f"{p}: glossary larger than {MAX_GLOSSARY_BYTES // 1048576} MB"
        raise GlossaryError(message) from None
    if not data or data.isspace():  # not data.strip(): no copy of a 7 MB termbase
        raise GlossaryError(f"{p}: glossary file is empty")
    return data, fmt


def dump_glossary(glossary: Glossary, fmt: str) -> str:
    if fmt == "tsv":
        return write_delimited(glossary, "\t")
    if fmt == "csv":
        return write_delimited(glossary, ",")
    if fmt == "tbx":
        return write_tbx(glossary)
    if fmt == "json":
        return write_json(glossary)
    raise GlossaryError(f"unknown glossary format {fmt!r}")
