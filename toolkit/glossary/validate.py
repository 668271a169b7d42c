"""Glossary validation: ``toolkit glossary check``.

Errors make a glossary unusable: an unreadable file or header, an empty required cell, a
cell in the wrong script for its column, or one source variant with different preferred
targets. Warnings point at likely mistakes: exact duplicates, stray spaces, terms inside
other terms, very short terms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import GlossaryError
from toolkit.glossary.formats import ReadResult, read_glossary
from toolkit.glossary.model import Glossary, Term
from toolkit.glossary.source import source_matcher
from toolkit.text.normalize import key_of
from toolkit.text.script import SCRIPTS, script_of

SHORT_TERM_LETTERS = 2


@dataclass(frozen=True)
class Finding:
    """One validation finding, printed as ``file:line: severity: message``."""

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
    name: str
    terms: int
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def to_dict(self) -> dict[str, object]:
        return {
            "glossary": self.name,
            "terms": self.terms,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [f.to_dict() for f in self.findings],
        }


def _script_share(text: str, script: str) -> float | None:
    letters = [s for s in (script_of(ch) for ch in text) if s is not None]
    if not letters:
        return None
    return letters.count(script) / len(letters)


def check_glossary(result: ReadResult) -> list[Finding]:
    """All findings for a glossary that could be read."""
    glossary = result.glossary
    findings = [Finding(p.severity, p.line, p.code, p.message) for p in result.problems]
    if not len(glossary) and not any(p.severity == "error" for p in result.problems):
        findings.append(Finding("error", 1, "no-terms", "the glossary has no terms"))
    findings += _check_cells(glossary)
    findings += _check_conflicts(glossary)
    findings += _check_overlaps(glossary)
    findings.sort(key=lambda f: (f.line, f.severity != "error"))
    return findings


def _check_cells(glossary: Glossary) -> list[Finding]:
    out: list[Finding] = []
    for term in glossary:
        for lang in glossary.languages:
            variants = term.get(lang)
            if not variants:
                if term.dnt and lang != glossary.source_language:
                    continue
                out.append(
                    Finding("error", term.line, "empty-cell", f"empty {lang} cell", term.label)
                )
                continue
            script = SCRIPTS.get(lang)
            if script is None or (term.dnt and lang != glossary.source_language):
                continue
            for v in variants:
                share = _script_share(v, script)
                if share is not None and share < 0.5:
                    out.append(
                        Finding(
                            "error",
                            term.line,
                            "wrong-script",
                            f"{lang} cell '{v}' is not in {script} script",
                            term.label,
                        )
                    )
        src = term.get(glossary.source_language)
        for v in src:
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


def _check_conflicts(glossary: Glossary) -> list[Finding]:
    out: list[Finding] = []
    by_key: dict[str, list[Term]] = defaultdict(list)
    for term in glossary:
        for v in term.get(glossary.source_language):
            by_key[key_of(v)].append(term)
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
    """Terms that occur inside another term (the longer one wins when both match)."""
    matcher = source_matcher(glossary)
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for term in glossary:
        for v in term.get(glossary.source_language):
            inner_matcher_hits = matcher.find_all(v)
            for m in inner_matcher_hits:
                if m.term is term or (m.start == 0 and m.end == len(v)):
                    continue
                pair = (m.term.label, term.label)
                if pair in seen:
                    continue
                seen.add(pair)
                out.append(
                    Finding(
                        "warning",
                        term.line,
                        "overlap",
                        f"'{m.term.label}' (line {m.term.line}) occurs inside '{v}'; "
                        "the longer term wins where both match",
                        term.label,
                    )
                )
    return out


def check_file(path: str | Path) -> CheckReport:
    """Validate a glossary file; a file that cannot be read gives one error finding."""
    name = str(path)
    try:
        result = read_glossary(path)
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
    return CheckReport(name, len(result.glossary), tuple(check_glossary(result)))


def load_glossary(path: str | Path) -> Glossary:
    """Read and validate a glossary; raise ``GlossaryError`` naming the first error."""
    result = read_glossary(path)
    errors = [f for f in check_glossary(result) if f.severity == "error"]
    if errors:
        more = (
            f" (and {len(errors) - 1} more; run `toolkit glossary check {path}`)"
            if len(errors) > 1
            else ""
        )
        first = errors[0]
        raise GlossaryError(f"{path}:{first.line}: {first.message}{more}")
    return result.glossary
