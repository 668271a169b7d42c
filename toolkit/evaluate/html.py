"""A self-contained HTML report: summary on top, then source and target side by side with
terms and findings highlighted. No scripts, fonts or styles are fetched: it works offline."""

from __future__ import annotations

import html
from collections import defaultdict

from toolkit import __version__
from toolkit.evaluate.report import EvaluationReport
from toolkit.text.script import LANGUAGES

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Naskh Arabic",
"DejaVu Sans",sans-serif;margin:0;color:#1d2327;background:#f6f7f7}
header{background:#1d2327;color:#fff;padding:16px 24px}
header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#c3c4c7;font-size:13px}
main{padding:16px 24px}
section{background:#fff;border:1px solid #dcdcde;border-radius:6px;margin:0 0 20px;
padding:12px 16px}
h2{font-size:17px;margin:4px 0 12px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:8px}
.card{border:1px solid #dcdcde;border-radius:6px;padding:8px 12px;min-width:110px}
.card b{display:block;font-size:20px}.card span{font-size:12px;color:#50575e}
.card.bad b{color:#b32d2e}.card.good b{color:#007017}.card.warn b{color:#996800}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td,p{overflow-wrap:anywhere}
th,td{border-top:1px solid #dcdcde;padding:6px 8px;vertical-align:top;text-align:left;
font-size:14px}
th{background:#f0f0f1;font-weight:600}
th.n,td.n{width:40px;color:#50575e;text-align:right}
th.src,td.src{width:46%}
td.src{direction:rtl;text-align:right;font-size:15px;line-height:1.9}
td.tgt{line-height:1.6}
tr.has-error td.n{border-left:4px solid #b32d2e}tr.has-warning td.n{border-left:4px solid #dba617}
mark{border-radius:3px;padding:0 2px}
mark.ok{background:#d1f0d9}mark.bad{background:#ffd6d6;outline:1px solid #e65054}
mark.num{background:#ffe9b3;outline:1px solid #dba617}
ul.f{margin:4px 0 0;padding-left:18px;font-size:13px}
.sev{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;border-radius:3px;
padding:0 4px;margin-right:4px}
.sev.error{background:#b32d2e;color:#fff}.sev.warning{background:#dba617;color:#1d2327}
.sev.info{background:#c3c4c7}
.legend{font-size:12px;color:#50575e;margin:6px 0 10px}
code{font-size:12px;color:#50575e;word-break:break-all}
"""


def _marked(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """``text`` escaped, with non-overlapping ``(start, end, css class, title)`` spans marked."""
    out = []
    pos = 0
    for start, end, cls, title in sorted(spans):
        if start < pos or end <= start or end > len(text):
            continue
        out.append(html.escape(text[pos:start]))
        out.append(
            f'<mark class="{cls}" title="{html.escape(title)}">'
            f"{html.escape(text[start:end])}</mark>"
        )
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _card(value: str, label: str, cls: str = "") -> str:
    return (
        f'<div class="card {cls}"><b>{html.escape(value)}</b>'
        f"<span>{html.escape(label)}</span></div>"
    )


def _section(report: EvaluationReport) -> str:
    lang = report.target_language
    counts = report.counts()
    acc = report.term_accuracy
    cards = [_card(str(len(report.pairs)), "segments")]
    if acc is not None:
        cards.append(
            _card(
                f"{acc:.1%}",
                f"term success ({report.terms_matched}/{report.terms_total})",
                "good" if acc == 1 else "bad",
            )
        )
    cards.append(
        _card(str(counts.get("error", 0)), "errors", "bad" if counts.get("error") else "good")
    )
    cards.append(
        _card(
            str(counts.get("warning", 0)), "warnings", "warn" if counts.get("warning") else "good"
        )
    )
    for name, score in report.scores.items():
        cards.append(_card(f"{score.score:.1f}", name.upper()))
    src_spans: dict[int, list[tuple[int, int, str, str]]] = defaultdict(list)
    tgt_spans: dict[int, list[tuple[int, int, str, str]]] = defaultdict(list)
    for use in report.term_uses:
        m = use.source
        ok = use.target is not None
        src_spans[use.segment].append(
            (m.start, m.end, "ok" if ok else "bad", f"glossary: {m.term.label}")
        )
        if use.target is not None:
            tgt_spans[use.segment].append(
                (use.target.start, use.target.end, "ok", f"rendering of {m.term.label}")
            )
    findings = defaultdict(list)
    for f in report.findings:
        findings[f.segment].append(f)
        if f.check == "number" and f.source_span:
            src_spans[f.segment].append((*f.source_span, "num", f.message))
    rows = []
    for pair in report.pairs:
        seg_findings = findings.get(pair.segment, [])
        severities = {f.severity for f in seg_findings}
        cls = (
            "has-error"
            if "error" in severities
            else "has-warning"
            if "warning" in severities
            else ""
        )
        items = "".join(
            f'<li><span class="sev {f.severity}">{f.severity}</span>{html.escape(f.check)}: '
            f"{html.escape(f.message)}</li>"
            for f in seg_findings
        )
        source_html = _marked(pair.source, src_spans[pair.segment])
        target_html = _marked(pair.target, tgt_spans[pair.segment])
        rows.append(
            f'<tr class="{cls}"><td class="n">{pair.segment}</td>'
            f'<td class="src" dir="rtl" lang="fa">{source_html}</td>'
            f'<td class="tgt" lang="{lang}">{target_html}'
            + (f'<ul class="f">{items}</ul>' if items else "")
            + "</td></tr>"
        )
    signature = html.escape(", ".join(f"{k}={v}" for k, v in report.signature.items()))
    return (
        f'<section id="{lang}"><h2>{html.escape(LANGUAGES.get(lang, lang))} ({lang})</h2>'
        f'<div class="cards">{"".join(cards)}</div>'
        '<p class="legend"><mark class="ok">term rendered</mark> <mark class="bad">term missing'
        '</mark> <mark class="num">number missing</mark></p>'
        '<table><thead><tr><th class="n">#</th><th class="src">Source (fa)</th>'
        "<th>Translation</th></tr></thead><tbody>"
        + "".join(rows)
        + f"</tbody></table><p><code>{signature}</code></p></section>"
    )


def render_html(
    reports: list[EvaluationReport], title: str = "Translation quality report", intro: str = ""
) -> str:
    """One page for one or more target languages."""
    body = "".join(_section(r) for r in reports)
    intro_html = f"<section>{intro}</section>" if intro else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_CSS}</style></head><body>"
        f"<header><h1>{html.escape(title)}</h1><p>toolkit {__version__}</p></header>"
        f"<main>{intro_html}{body}</main></body></html>\n"
    )
