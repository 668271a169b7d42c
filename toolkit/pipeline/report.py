"""What a run found: the typed report that ``report.json`` serialises, and the rows of the
final table of ``toolkit run``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.evaluate.report import EvaluationReport
from toolkit.glossary.model import Glossary
from toolkit.pipeline.options import RunOptions
from toolkit.signature import GlossaryRef, Signature
from toolkit.summarize.base import Summary
from toolkit.text import Removed
from toolkit.translate.base import Translation
from toolkit.translate.names import NameRendering

if TYPE_CHECKING:
    from toolkit.evaluate.checks import Finding
    from toolkit.glossary.suggest import Suggestions
    from toolkit.pipeline.stages import Article


@dataclass
class LanguageResult:
    """One target language's line in the final table of ``toolkit run``."""

    language: str
    segments: int
    term_total: int
    term_matched: int
    term_status: dict[str, int]
    errors: int
    warnings: int
    off_target: int = 0
    """Segments left in another language than the target after their retries (each one
    of the ``errors``): kept, and reported as ``off-target`` findings."""
    approved: int = 0
    """Segments whose approved translation was reused verbatim (not the model's)."""

    @property
    def term_success(self) -> float | None:
        return self.term_matched / self.term_total if self.term_total else None


@dataclass
class RunResult:
    out_dir: Path
    files: list[str]
    summary: list[str]
    languages: list[LanguageResult] = field(default_factory=list)
    memory_hits: int = 0
    memory_misses: int = 0
    lines: int = 0
    """The article's lines that hold text (its sentences are in each language's row)."""


@dataclass(frozen=True)
class LanguageReport:
    """What one target language came to: the translations and their evaluation."""

    language: str
    article: Translation
    summary: Translation
    evaluation: EvaluationReport
    sentences: int
    """Source sentences (clause splits for the model's limit are not counted)."""
    names: tuple[NameRendering, ...] = ()
    """Names the glossary does not cover, each kept to one rendering (not glossary terms)."""
    retranslated: int = 0
    """Sentences translated a first time, then again to keep a name's rendering."""
    requests: Mapping[str, Any] | None = None
    """What the requests to a server cost for this language (the summary, the article and
    its names together: requests, prompt and completion tokens, retries, seconds); None for
    a model run in this process."""
    enforcement: Mapping[str, Any] | None = None
    """What placing the glossary's terms asked of the model for this language: model calls,
    rounds and seconds, and per term status the occurrences, requests and seconds
    (:class:`~toolkit.translate.enforce.EnforcementCost`); None where not recorded."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "translation": {
                "terms": self.article.term_counts(),
                "segments": [s.to_dict() for s in self.article.segments],
                "signature": self.article.signature.to_dict() if self.article.signature else {},
                "names": [n.to_dict() for n in self.names],
            },
            "evaluation": self.evaluation.to_dict(),
        }
        if self.requests is not None:
            out["requests"] = dict(self.requests)
        if self.enforcement is not None:
            out["enforcement"] = dict(self.enforcement)
        return out

    def result(self) -> LanguageResult:
        counts = self.evaluation.counts()
        return LanguageResult(
            self.language,
            self.sentences,
            self.evaluation.terms_total,
            self.evaluation.terms_matched,
            self.article.term_counts(),
            counts.get("error", 0),
            counts.get("warning", 0),
            self.evaluation.off_target,
            self.article.approved_segments,
        )


@dataclass(frozen=True)
class RunReport:
    """Everything ``toolkit run`` found, serialised to ``report.json`` by :meth:`to_dict`
    (schema ``toolkit/run_report.schema.json``)."""

    article: str
    summary: Summary
    languages: tuple[LanguageReport, ...]
    signature: Signature
    suggested: Suggestions | None = None
    """Glossary suggestions for the article (``--suggest``): ``suggested-glossary.tsv``."""
    removed: Removed = field(default_factory=Removed)
    """Characters normalization removed from the article."""
    summary_findings: Mapping[str, tuple[Finding, ...]] | None = None
    """An ``llm`` summary's checks against the article, per language (``fa`` and each
    target): what it says that the article does not support."""
    summary_requests: Mapping[str, Mapping[str, Any]] | None = None
    """What each ``llm`` summary's request cost, per language."""

    @property
    def summary_lines(self) -> list[str]:
        return [s.text for s in self.summary.sentences]

    def to_dict(self) -> dict[str, Any]:
        signature = self.signature.to_dict()
        if self.languages:
            signature["translator"] = {
                r.language: r.article.signature.setting("translator") if r.article.signature else {}
                for r in self.languages
            }
        sentences = []
        for k, sentence in enumerate(self.summary.sentences):
            item = sentence.to_dict()
            item["translations"] = {
                r.language: r.summary.lines[k] if k < len(r.summary.lines) else ""
                for r in self.languages
            }
            sentences.append(item)
        summary: dict[str, Any] = {
            **self.summary.to_dict(),
            "sentences": sentences,
            "translations": {r.language: r.summary.text for r in self.languages},
        }
        if self.summary_findings is not None:
            from toolkit.evaluate.support import summary_findings

            summary["findings"] = {
                lang: summary_findings(found) for lang, found in self.summary_findings.items()
            }
        if self.summary_requests:
            summary["requests"] = {k: dict(v) for k, v in self.summary_requests.items()}
        return {
            "article": Path(self.article).name,
            "summary": summary,
            "languages": {r.language: r.to_dict() for r in self.languages},
            "signature": signature,
            **({"normalization": {"removed": self.removed.to_dict()}} if self.removed else {}),
        }


def _models_by_name(value: Any) -> Any:
    """``value`` with every model named by an absolute path (a local model folder) named by
    the folder's name: a report records no path of the machine it was made on."""
    if isinstance(value, dict):
        return {
            k: _model_name(v) if k == "model" and isinstance(v, str) else _models_by_name(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_models_by_name(v) for v in value]
    return value


def _model_name(model: str) -> str:
    # A pivot's model is "first > second".
    return " > ".join(Path(m).name if Path(m).is_absolute() else m for m in model.split(" > "))


def with_enforcement(report: RunReport, costs: Mapping[str, Mapping[str, Any]]) -> RunReport:
    """``report`` with each language's cost of placing the glossary's terms."""
    if not costs:
        return report
    languages = tuple(replace(r, enforcement=costs.get(r.language)) for r in report.languages)
    return replace(report, languages=languages)


def with_requests(report: RunReport, requests: Mapping[str, Mapping[str, Any]]) -> RunReport:
    """``report`` with each language's request costs (a server backend; ``requests`` is
    empty for the others, whose reports stay as they are)."""
    if not requests:
        return report
    languages = tuple(replace(r, requests=requests.get(r.language)) for r in report.languages)
    return replace(report, languages=languages)


def _run_report(
    article: Article,
    languages: list[LanguageReport],
    glossary: Glossary | None,
    options: RunOptions,
) -> RunReport:
    return RunReport(
        article.name,
        article.summary,
        tuple(languages),
        Signature.create(
            "run",
            glossary=GlossaryRef.of(glossary) if glossary else None,
            settings={"options": _recorded_options(options)},
        ),
        removed=article.removed,
        summary_requests=article.requests or None,
    )


PATH_OPTIONS = ("out", "glossary", "cache_path")
"""Options naming a file or folder: a report records them by name alone."""


def _recorded_options(options: RunOptions) -> dict[str, Any]:
    """The options as ``report.json`` records them: a path by its file name alone (and a
    local model folder by its name), so that two users' reports of one run compare."""
    data = options.to_dict()
    for key in PATH_OPTIONS:
        if data[key] is not None:
            data[key] = Path(data[key]).name
    for key in ("model", "pivot_model"):
        if data[key] is not None:
            data[key] = _model_name(data[key])
    return data
