"""``review import``: an XLIFF 1.2 file edited in a CAT tool, matched to its article,
checked again and its approved units stored in the memory.

Units are matched to the article's segments by id (the ids :func:`toolkit.exports.to_xliff`
writes: 1, 2, ... in segment order); the sources must be the article's (by matching key),
else the file is refused whole. Every target, approved or not, is checked against its
Persian source with every check of :func:`toolkit.evaluate.report.evaluate`, one unit a
line; the approved units (:attr:`~toolkit.review.formats.XliffUnit.approved`) are stored
in one transaction, provenance ``xliff:<file name>``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import InputError
from toolkit.evaluate.report import EvaluationReport, evaluate
from toolkit.glossary.model import Glossary
from toolkit.io import DEFAULT_MAX_BYTES, read_bytes, read_text
from toolkit.review.formats import XliffFile, read_xliff, xliff_approvals
from toolkit.text import normalize
from toolkit.text.normalize import key_of
from toolkit.text.segment import segment
from toolkit.translate.approved import ApprovedStore, now_iso


@dataclass(frozen=True)
class ReviewImport:
    """What ``review import`` found and stored."""

    file: str
    document: XliffFile
    against: str
    """Where the article's sentences came from: the article file or the run's report.json."""
    stored: int
    review: str
    evaluation: EvaluationReport

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": Path(self.file).name,
            "against": Path(self.against).name,
            "target_language": self.document.target_language,
            "review": self.review,
            "units": [
                {
                    "id": u.id,
                    "line": k,
                    "state": u.state,
                    "approved": u.approved,
                    "source": u.source,
                    "target": u.target,
                }
                for k, u in enumerate(self.document.units, start=1)
            ],
            "stored": self.stored,
            "evaluation": self.evaluation.to_dict(),
        }


def article_sentences(path: str, max_bytes: int | None = DEFAULT_MAX_BYTES) -> list[str]:
    """The sentences of an article as a run segments them (normalized first)."""
    text, _ = read_text(path, max_bytes=max_bytes)
    return [s.text for s in segment(normalize(text), "fa")]


def run_sentences(xliff_path: str, lang: str) -> tuple[list[str], str]:
    """The sources of the run whose folder holds ``xliff_path``: its report.json's
    segments in ``lang``."""
    report = Path(xliff_path).parent / "report.json"
    if not report.is_file():
        raise InputError(
            f"{xliff_path}: no report.json beside it to match its units with; pass "
            "{option:article} ARTICLE"
        )
    text, name = read_text(report, max_bytes=None)
    try:
        data = json.loads(text)
        segments = data["languages"][lang]["translation"]["segments"]
        return [str(s["source"]) for s in segments], name
    except (ValueError, KeyError, TypeError):
        raise InputError(
            f"{name}: not a run's report with a {lang} translation; pass {{option:article}} ARTICLE"
        ) from None


def check_sources(document: XliffFile, sentences: list[str], name: str, against: str) -> None:
    """Refuse a file whose units are not the segments of ``sentences``, by id."""
    for unit in document.units:
        k = int(unit.id) if unit.id.isdigit() else 0
        if not 1 <= k <= len(sentences):
            raise InputError(
                f"{name}: unit '{unit.id}' is not a segment of {Path(against).name} "
                f"({len(sentences)} segments); refused, nothing stored"
            )
    for unit in document.units:
        k = int(unit.id)
        if key_of(unit.source) != key_of(sentences[k - 1]):
            raise InputError(
                f"{name}: the source of unit {unit.id} differs from segment {k} of "
                f"{Path(against).name}: not an export of this article, or the article "
                "changed; refused, nothing stored"
            )


def import_review(
    path: str,
    store: ApprovedStore,
    *,
    article: str | None = None,
    glossary: Glossary | None = None,
    reviewer: str = "unknown",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> ReviewImport:
    """Read, match, check and store an edited XLIFF 1.2 file (see the module's docstring)."""
    data, name = read_bytes(path, max_bytes=max_bytes)
    document = read_xliff(data, name)
    if not document.units:
        raise InputError(f"{name}: no trans-unit to import")
    if article is not None:
        sentences, against = article_sentences(article, max_bytes), article
    else:
        sentences, against = run_sentences(path, document.target_language)
    check_sources(document, sentences, name, against)
    units = sorted(document.units, key=lambda u: int(u.id))
    document = XliffFile(
        document.original, document.source_language, document.target_language, tuple(units)
    )
    evaluation = evaluate(
        "\n".join(_one_line(u.source) for u in units),
        "\n".join(_one_line(u.target) for u in units),
        document.target_language,
        glossary=glossary,
        hypothesis_name=name,
        whole_language=False,
    )
    review = f"xliff:{Path(name).name}"
    stored = store.approve_all(xliff_approvals(document, review, reviewer, now_iso()))
    return ReviewImport(name, document, against, stored, review, evaluation)


def _one_line(text: str) -> str:
    """A unit's text on one line, so that line k of the checked text is unit k."""
    return " ".join(text.split())
