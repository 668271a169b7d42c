"""Run folders for the review page's tests: a small hand-made run, written as `toolkit run`
writes one (report.json, texts, TMX, XLIFF, manifest) without a model."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from toolkit.evaluate.report import evaluate
from toolkit.exports import to_tmx, to_xliff
from toolkit.glossary.validate import load_glossary
from toolkit.publish import publish
from toolkit.results import SegmentTranslation, TermOutcome, Translation
from toolkit.signature import GlossaryRef

GLOSSARY = (
    "fa\ten\tru\n"
    "کارگروه\tworking group\tрабочая группа\n"
    "وزارت ارتباطات\tMinistry of Communications\tМинистерство связи\n"
)

SOURCES = [
    "کارگروه روز دوشنبه تشکیل جلسه داد.",
    "کارگروه گزارش خود را منتشر کرد.",
    "وزارت ارتباطات این خبر را اعلام کرد.",
]
TARGETS = {
    "en": [
        "The working group met on Monday.",
        "The working group published its report.",
        "The ministry announced the news.",
    ],
    "ru": [
        "Рабочая группа собралась в понедельник.",
        "Рабочая группа опубликовала свой доклад.",
        "Министерство связи объявило эту новость.",
    ],
}

# An article and a glossary that would run script in a page that did not escape them.
HOSTILE_GLOSSARY = 'fa\ten\tru\nکارگروه\t<img src=x onerror="window.__pwned=3">\tрабочая группа\n'
HOSTILE_SOURCES = [
    "کارگروه <script>window.__pwned=1</script> دوشنبه تشکیل جلسه داد.",
    "کارگروه <img src=x onerror=window.__pwned=2> گزارش داد.",
]
HOSTILE_TARGETS = {
    "en": [
        '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=3"> met.',
        '<img src=x onerror="window.__pwned=3"> <svg onload=alert(1)> reported.',
    ]
}


def write_run(
    folder: Path,
    glossary_path: Path | None,
    sources: Sequence[str] = SOURCES,
    targets: Mapping[str, Sequence[str]] = TARGETS,
) -> Path:
    """A run's output folder as `toolkit run` writes it (report.json, texts, TMX, XLIFF,
    manifest), one sentence a line, with the machine's term outcomes."""
    glossary = load_glossary(glossary_path) if glossary_path is not None else None
    source = "\n".join(sources)
    translations = {}
    languages = {}
    for lang, texts in targets.items():
        segments = []
        for line, (src, text) in enumerate(zip(sources, texts, strict=True), start=1):
            report = evaluate(src, text, lang, glossary=glossary, whole_language=False)
            terms = tuple(
                TermOutcome(
                    u.source.label,
                    "model" if u.target else "failed",
                    u.target.surface if u.target else "",
                )
                for u in report.term_uses
            )
            segments.append(SegmentTranslation(line, src, text, terms))
        tr = Translation(lang, tuple(texts), tuple(segments))
        translations[lang] = tr
        evaluation = evaluate(source, tr.text, lang, glossary=glossary, whole_language=False)
        languages[lang] = {
            "translation": {
                "terms": tr.term_counts(),
                "segments": [s.to_dict() for s in tr.segments],
                "signature": {},
                "names": [],
            },
            "evaluation": evaluation.to_dict(),
        }
    signature: dict[str, object] = {"kind": "run", "toolkit": "test"}
    if glossary is not None:
        signature["glossary"] = GlossaryRef.of(glossary).to_dict() | {
            "name": glossary_path.name if glossary_path else ""
        }
    report = {
        "article": "article.fa.txt",
        "summary": {"language": "fa", "sentences": [], "summary": "", "translations": {}},
        "languages": languages,
        "signature": signature,
    }
    files = {"summary.fa.txt": sources[0] + "\n", "report.html": "<p>report</p>\n"}
    for lang, tr in translations.items():
        files[f"article.{lang}.txt"] = tr.text + "\n"
        files[f"article.{lang}.xlf"] = to_xliff(tr, "article.fa.txt")
    files["article.tmx"] = to_tmx(translations)
    files["report.json"] = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    publish(folder, files, force=False)
    return folder
