"""A run's output files rendered from its report: the texts, TMX, XLIFF, ``report.html``
(with the summary and names tables) and ``report.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from toolkit.pipeline.options import RunOptions
from toolkit.pipeline.report import LanguageReport, RunReport, _model_name, _models_by_name
from toolkit.summarize.base import Summary
from toolkit.translate.base import Translation


def _render_files(report: RunReport, options: RunOptions) -> dict[str, str]:
    """Every output file's content, by name."""
    lines = report.summary_lines
    files: dict[str, str] = {"summary.fa.txt": "\n".join(lines) + "\n"}
    for r in report.languages:
        files[f"summary.{r.language}.txt"] = r.summary.text + "\n"
        files[f"article.{r.language}.txt"] = r.article.text + "\n"
    if report.languages:
        from toolkit.evaluate.html import render_html
        from toolkit.exports import to_tmx, to_xliff

        translations = {r.language: r.article for r in report.languages}
        if options.xliff:
            for lang, tr in translations.items():
                files[f"article.{lang}.xlf"] = to_xliff(tr, Path(report.article).name)
        files["article.tmx"] = to_tmx(translations)
        files["report.html"] = render_html(
            [r.evaluation for r in report.languages],
            title=f"Quality report: {Path(report.article).name}",
            intro=_summary_html(report.summary, {r.language: r.summary for r in report.languages})
            + _names_html(report.languages),
            segments={lang: tr.segments for lang, tr in translations.items()},
            signatures={  # named as report.json names them: no path of this machine
                lang: replace(sig, model=_model_name(sig.model) if sig.model else None)
                for lang, tr in translations.items()
                if (sig := tr.signature) is not None
            },
        )
    if report.suggested is not None:
        from toolkit.glossary.formats import dump_glossary

        files["suggested-glossary.tsv"] = dump_glossary(report.suggested.glossary(), "tsv")
    data = _models_by_name(report.to_dict())
    files["report.json"] = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return files


def _summary_html(summary: Summary, translations: dict[str, Translation]) -> str:
    """The summary as a table: one row per sentence, the Persian (right to left) beside its
    translation in each target language (the summary is translated one sentence a line)."""
    import html

    head = "".join(f'<th lang="{lang}">{html.escape(lang)}</th>' for lang in translations)
    rows = []
    for k, sentence in enumerate(summary.sentences):
        note = ""
        if sentence.replaced is not None:
            r = sentence.replaced
            note = (
                f' title="«{html.escape(r.old)}» replaced by «{html.escape(r.new)}» '
                f'(sentence {r.source})"'
            )
        cells = "".join(
            f'<td class="tgt" lang="{lang}">'
            f"{html.escape(tr.lines[k] if k < len(tr.lines) else '')}</td>"
            for lang, tr in translations.items()
        )
        rows.append(
            f'<tr><td class="n">{sentence.segment.index}</td>'
            f'<td class="src" dir="rtl" lang="fa"{note}>{html.escape(sentence.text)}</td>'
            f"{cells}</tr>"
        )
    written = (
        "<p>Each summary was written by the server in its language (<code>--summary-method "
        "llm</code>), not translated: a row's cells need not say the same thing. report.json "
        "lists what each says that the article does not support.</p>"
        if summary.method == "llm"
        else ""
    )
    return (
        f'<h2>Summary</h2>{written}<table class="summary"><thead><tr><th class="n">#</th>'
        f'<th class="src">fa</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _names_html(languages: Sequence[LanguageReport]) -> str:
    """The names kept to one rendering, per language: not glossary terms, so a translator
    reviews them (a transliteration above all)."""
    import html

    rows = [
        f'<tr><td class="src" dir="rtl" lang="fa">{html.escape(n.source)}</td>'
        f'<td lang="{r.language}">{html.escape(n.rendering)}</td>'
        f"<td>{html.escape(n.chosen)}</td><td>{n.occurrences}</td></tr>"
        for r in languages
        for n in r.names
    ]
    if not rows:
        return ""
    return (
        "<h2>Names not in the glossary</h2><p>Each kept to one rendering throughout: the "
        "model's own at the first occurrence (<em>model</em>), or a transliteration where the "
        "model wrote nothing close (<em>transliterated</em>: review it).</p>"
        '<table class="names"><thead><tr><th class="src">fa</th><th>rendering</th>'
        f"<th>chosen</th><th>occurrences</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def output_names(options: RunOptions) -> set[str]:
    """Every file name a run with ``options`` may write (:func:`_render_files` writes them)."""
    names = {"summary.fa.txt", "report.json"}
    if options.suggest:
        names.add("suggested-glossary.tsv")
    if not options.summary_only:
        names |= {"article.tmx", "report.html"}
        for lang in options.targets:
            names |= {f"summary.{lang}.txt", f"article.{lang}.txt"}
            if options.xliff:
                names.add(f"article.{lang}.xlf")
    return names
