"""Glossary validation: ``toolkit glossary check``.

Errors make a glossary unusable: an unreadable file or header, a row that cannot be read
(a CSV quote out of place, a cell over two lines), an empty required cell, a variant holding
a line break, a cell in the wrong script for its column, or one source variant with different
preferred targets. Warnings point at likely mistakes: exact duplicates, stray spaces, very
short terms, cells that a spreadsheet would run as a formula. Info says what is so by
design: a term inside another term (the longer one wins where both match). Errors are
listed first, then warnings, then info.

``toolkit glossary check`` runs every check. Loading a glossary for use
(:func:`load_glossary`) runs only those that can find errors, each on whole columns at once,
and not even those for a file that passed them before: such a file is kept, read, in the
compiled glossary index (:mod:`toolkit.glossary.compiled`), keyed by its bytes. The search for
terms inside other terms (warnings only) is one pass of the source matcher over every
source variant, not one search per variant.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from toolkit.errors import GlossaryError
from toolkit.glossary import cache, compiled
from toolkit.glossary.formats import FORMULA_STARTS, ReadResult, glossary_bytes, parse_glossary
from toolkit.glossary.model import Glossary, Term
from toolkit.glossary.source import first_word_table, source_keys, source_matcher
from toolkit.text.normalize import key_of
from toolkit.text.script import SCRIPTS, script_of

SHORT_TERM_LETTERS = 2
SEVERITIES = ("error", "warning", "info")
"""Most serious first: the order in which ``check`` lists its findings."""


@dataclass(frozen=True)
class Finding:
    """One validation finding, printed as ``file:line: severity: message``; ``severity`` is
    one of :data:`SEVERITIES` (``--strict`` counts warnings, never info)."""

    severity: str
    line: int
    code: str
    message: str
    term: str = ""

    def format(self, name: str) -> str:
        return f"{name}:{self.line}: {self.severity}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "line": self.line,
            "code": self.code,
            "message": self.message,
            "term": self.term,
        }


@dataclass(frozen=True)
class CheckReport:
    """What ``check`` found: ``lines`` is the number of data lines of a TSV or CSV file
    (non-blank lines after the header), counted apart from the rows read; -1 for others."""

    name: str
    terms: int
    findings: tuple[Finding, ...]
    lines: int = -1

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "info"]

    def to_dict(self) -> dict[str, object]:
        return {
            "glossary": self.name,
            "terms": self.terms,
            "lines": None if self.lines < 0 else self.lines,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "info": len(self.infos),
            "findings": [f.to_dict() for f in self.findings],
        }


def _script_share(text: str, script: str) -> float | None:
    letters = [s for s in (script_of(ch) for ch in text) if s is not None]
    if not letters:
        return None
    return letters.count(script) / len(letters)


def in_wrong_script(text: str, lang: str) -> bool:
    """Whether the glossary check refuses ``text`` as a ``lang`` cell: under half its
    letters in the language's script (text without letters, or a language without a
    script, is never refused)."""
    script = SCRIPTS.get(lang)
    share = _script_share(text, script) if script is not None else None
    return share is not None and share < 0.5


def check_glossary(result: ReadResult, *, overlaps: bool = True) -> list[Finding]:
    """All findings for a glossary that could be read, errors first, then warnings, then
    info, each in line order; without the checks that find no errors (terms inside other
    terms, formula cells) when ``overlaps`` is false."""
    glossary = result.glossary
    findings = [Finding(p.severity, p.line, p.code, p.message) for p in result.problems]
    if not len(glossary) and not any(p.severity == "error" for p in result.problems):
        findings.append(Finding("error", 1, "no-terms", "the glossary has no terms"))
    findings += _check_cells(glossary)
    findings += _check_line_breaks(glossary)
    findings += _check_conflicts(glossary)
    if overlaps:
        findings += _check_formulas(glossary)
        findings += _check_overlaps(glossary)
    findings.sort(key=lambda f: (SEVERITIES.index(f.severity), f.line))
    return findings


def _check_line_breaks(glossary: Glossary) -> list[Finding]:
    """Variants holding a line break or tab (a JSON or TBX file can have one): a translation
    with such a term placed in it would gain lines. Each column is screened at once."""
    out: list[Finding] = []
    for lang in glossary.languages:
        joined = "\x00".join(v for term in glossary for v in term.get(lang))
        if not any(ch in joined for ch in "\n\r\t"):
            continue
        for term in glossary:
            for v in term.get(lang):
                if any(ch in v for ch in "\n\r\t"):
                    out.append(
                        Finding(
                            "error",
                            term.line,
                            "line-break",
                            f"{lang} variant {v!r} holds a line break or tab",
                            term.label,
                        )
                    )
    return out


def _check_formulas(glossary: Glossary) -> list[Finding]:
    """Cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab or
    carriage return first: OWASP's CSV injection list). Warnings: a rendering may start
    with a hyphen on purpose; ``glossary convert`` to CSV writes such a cell with a ``'``
    before it."""
    out: list[Finding] = []
    for term in glossary:
        cells = [(lang, "|".join(vals)) for lang, vals in term.variants]
        cells += [(m, getattr(term, m)) for m in ("note", "domain", "pos")]
        for col, cell in cells:
            if cell[:1] in FORMULA_STARTS:
                out.append(
                    Finding(
                        "warning",
                        term.line,
                        "formula",
                        f"the {col} cell {cell!r} starts with {cell[0]!r}, which a spreadsheet "
                        "may run as a formula; CSV output writes it with a ' before it",
                        term.label,
                    )
                )
    return out


def _check_cells(glossary: Glossary) -> list[Finding]:
    """Empty cells, cells in another script, very short source terms.

    Whole columns are screened at once (:func:`_cell_suspects`); only the terms that may have
    a finding are then checked one by one, so the findings and their order are those of
    checking every term.
    """
    out: list[Finding] = []
    for index in _cell_suspects(glossary):
        out += _term_cell_findings(glossary, glossary.terms[index])
    return out


def _term_cell_findings(glossary: Glossary, term: Term) -> list[Finding]:
    out: list[Finding] = []
    for lang in glossary.languages:
        variants = term.get(lang)
        if not variants:
            if term.dnt and lang != glossary.source_language:
                continue
            out.append(Finding("error", term.line, "empty-cell", f"empty {lang} cell", term.label))
            continue
        script = SCRIPTS.get(lang)
        if script is None or (term.dnt and lang != glossary.source_language):
            continue
        for v in variants:
            if in_wrong_script(v, lang):
                out.append(
                    Finding(
                        "error",
                        term.line,
                        "wrong-script",
                        f"{lang} cell '{v}' is not in {script} script",
                        term.label,
                    )
                )
    for v in term.get(glossary.source_language):
        letters = sum(ch.isalpha() for ch in key_of(v))
        if 0 < letters <= SHORT_TERM_LETTERS and term.pos != "abbr":
            out.append(
                Finding(
                    "warning",
                    term.line,
                    "short-term",
                    f"very short term '{v}' may match unrelated words",
                    term.label,
                )
            )
    return out


def _cell_suspects(glossary: Glossary) -> list[int]:
    """The indices of the terms in which :func:`_term_cell_findings` may find something.

    Each column is screened at once: its variants' texts joined, one class per character
    looked up in a table, and the running counts read at each variant's ends.
    """
    import numpy as np

    terms = glossary.terms
    src = glossary.source_language
    n = len(terms)
    flagged = np.zeros(n, dtype=bool)
    not_dnt = ~np.fromiter((t.dnt for t in terms), dtype=bool, count=n)
    everyone = np.ones(n, dtype=bool)
    for lang in glossary.languages:
        cells = [t.get(lang) for t in terms]
        counts = np.fromiter(map(len, cells), dtype=np.int64, count=n)
        checked = everyone if lang == src else not_dnt  # a dnt term has no targets to check
        flagged |= (counts == 0) & checked
        script = SCRIPTS.get(lang)
        if script is None:
            continue
        owners = np.repeat(np.arange(n), counts)
        good, total = _class_counts(list(itertools.chain.from_iterable(cells)), script)
        flagged[owners[(total > 0) & (2 * good < total) & checked[owners]]] = True
    # Very short source terms: letters in the matching key.
    words = source_keys(glossary)
    counts = np.fromiter(map(len, words), dtype=np.int64, count=n)
    owners = np.repeat(np.arange(n), counts)
    not_abbr = np.fromiter((t.pos != "abbr" for t in terms), dtype=bool, count=n)
    keys = ["".join(w) for w in itertools.chain.from_iterable(words)]
    letters, _ = _class_counts(keys, None)
    short = (letters > 0) & (letters <= SHORT_TERM_LETTERS) & not_abbr[owners]
    flagged[owners[short]] = True
    suspects: list[int] = np.flatnonzero(flagged).tolist()
    return suspects


def _class_counts(texts: Sequence[str], script: str | None) -> tuple[Any, Any]:
    """Per text: its letters in ``script`` and all its letters (by :func:`script_of`); with
    ``script`` None, its alphabetic characters (``str.isalpha``) twice."""
    import numpy as np

    points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype="<u4")
    if not points.size:
        nothing = np.zeros(len(texts), dtype=np.int64)
        return nothing, nothing
    present = np.flatnonzero(np.bincount(points))
    # Per code point: 2 a letter in the script (or alphabetic), 1 another letter, 0 neither.
    table = np.zeros(int(present[-1]) + 1, dtype=np.uint8)
    for point in present.tolist():
        table[point] = _char_class(chr(point), script)
    classes = table[points]
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))
    starts = np.concatenate(([0], ends[:-1]))
    out = []
    for mask in (classes == 2, classes > 0):
        running = np.concatenate(([0], np.cumsum(mask)))
        out.append(running[ends] - running[starts])
    return out[0], out[1]


@functools.cache
def _char_class(ch: str, script: str | None) -> int:
    if script is None:
        return 2 if ch.isalpha() else 0
    found = script_of(ch)
    return 0 if found is None else 2 if found == script else 1


def _check_conflicts(glossary: Glossary) -> list[Finding]:
    out: list[Finding] = []
    by_key: dict[str, list[Term]] = defaultdict(list)
    for term, term_keys in zip(glossary, source_keys(glossary), strict=True):
        for words in term_keys:
            by_key["".join(words)].append(term)
    targets = [lang for lang in glossary.languages if lang != glossary.source_language]
    reported: set[tuple[int, int]] = set()
    for key, terms in by_key.items():
        if not key:
            continue
        for i, first in enumerate(terms):
            for other in terms[i + 1 :]:
                if other is first or (first.line, other.line) in reported:
                    continue
                reported.add((first.line, other.line))
                if first.to_dict() | {"id": ""} == other.to_dict() | {"id": ""}:
                    out.append(
                        Finding(
                            "warning",
                            other.line,
                            "duplicate",
                            f"exact duplicate of the entry on line {first.line}",
                            other.label,
                        )
                    )
                    continue
                differing = [t for t in targets if first.preferred(t) != other.preferred(t)]
                if differing:
                    lang = differing[0]
                    out.append(
                        Finding(
                            "error",
                            other.line,
                            "conflict",
                            f"source '{other.label}' also on line {first.line} with a different "
                            f"preferred {lang} target ('{first.preferred(lang)}' vs "
                            f"'{other.preferred(lang)}')",
                            other.label,
                        )
                    )
                else:
                    out.append(
                        Finding(
                            "warning",
                            other.line,
                            "duplicate",
                            f"same source and preferred targets as the entry on line {first.line}",
                            other.label,
                        )
                    )
    return out


def _check_overlaps(glossary: Glossary) -> list[Finding]:
    """Terms that occur inside another term (the longer one wins when both match): info,
    as a glossary nests terms on purpose (``Iran`` in ``Iran's embassy``).

    One pass of the source matcher over all the source variants
    (:meth:`~toolkit.glossary.source.SourceMatcher.find_all_each`): 2.7 s for 100,000 terms,
    where a search per variant, paying a key and a set-up each, took 4.1 s.
    """
    matcher = source_matcher(glossary)
    variants: list[str] = []
    owners: list[Term] = []
    for term in glossary:
        for v in term.get(glossary.source_language):
            variants.append(v)
            owners.append(term)
    labels = {id(term): term.label for term in glossary}
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for v, term, hits in zip(variants, owners, matcher.find_all_each(variants), strict=True):
        label = labels[id(term)]
        for m in hits:
            if m.term is term or (m.start == 0 and m.end == len(v)):
                continue
            inner = labels[id(m.term)]
            if (inner, label) in seen:
                continue
            seen.add((inner, label))
            out.append(
                Finding(
                    "info",
                    term.line,
                    "overlap",
                    f"'{inner}' (line {m.term.line}) occurs inside '{v}'; "
                    "the longer term wins where both match",
                    label,
                )
            )
    return out


def check_file(path: str | Path) -> CheckReport:
    """Validate a glossary file; a file that cannot be read gives one error finding.

    A large glossary found without errors is kept in the compiled glossary index, so that
    loading it (:func:`load_glossary`) neither reads nor checks it again.
    """
    name = str(path)
    try:
        data, fmt = glossary_bytes(path)
        result = parse_glossary(data, str(Path(path)), fmt)
    except GlossaryError as exc:
        message = str(exc)
        line = 1
        prefix = f"{name}:"
        if message.startswith(prefix):
            rest = message[len(prefix) :]
            head, _, tail = rest.partition(":")
            if head.strip().isdigit():
                line, message = int(head), tail.strip()
            else:
                message = rest.strip()
        return CheckReport(name, 0, (Finding("error", line, "unreadable", message),))
    result = _compiled(result, data, fmt)
    findings = check_glossary(result)
    if not any(f.severity == "error" for f in findings):
        compiled.store(result.glossary, first_word_table)
    return CheckReport(name, len(result.glossary), tuple(findings), result.data_lines)


def load_glossary(path: str | Path, *, use_index: bool = True) -> Glossary:
    """Read and validate a glossary; raise ``GlossaryError`` naming the first error.

    Only the checks that can find errors run (not the search for terms inside other terms,
    which finds warnings). A large glossary that passed them is kept in the compiled glossary
    index (:mod:`toolkit.glossary.compiled`), keyed by its bytes: a later load of the same
    bytes neither parses nor checks it, unless ``use_index`` is false.
    """
    data, fmt = glossary_bytes(path)
    name = str(Path(path))
    if use_index:
        known = compiled.load(data, fmt, Path(name).name)
        if known is not None:
            return known
    result = parse_glossary(data, name, fmt)
    if use_index:
        result = _compiled(result, data, fmt)
    errors = [f for f in check_glossary(result, overlaps=False) if f.severity == "error"]
    if errors:
        more = (
            f" (and {len(errors) - 1} more; run `toolkit glossary check {path}`)"
            if len(errors) > 1
            else ""
        )
        first = errors[0]
        raise GlossaryError(f"{path}:{first.line}: {first.message}{more}")
    compiled.store(result.glossary, first_word_table)
    return result.glossary


def _compiled(result: ReadResult, data: bytes, fmt: str) -> ReadResult:
    """The glossary read from ``data`` as a compiled glossary, to check and then keep in the
    index (:func:`compiled.store`), when it is large enough to be kept there; else as it is."""
    if len(result.glossary) < cache.MIN_TERMS:
        return result
    made = compiled.make(data, fmt, result.glossary)
    return result if made is None else replace(result, glossary=made)
