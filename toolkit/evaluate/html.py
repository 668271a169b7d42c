"""A self-contained HTML report: summary on top, then source and target side by side with
terms and findings highlighted. No scripts, fonts or styles are fetched: it works offline.

Given the translation's segments (``toolkit run``), each language also shows how its glossary
terms got into the translation: the mix of statuses with a one-line legend, and a badge after
each rendered term; under a line, who approved a translation reused verbatim, and the fuzzy
matches offered beside a machine one. A bare hypothesis text has no statuses to show.
"""

from __future__ import annotations

import html
from collections import defaultdict, deque
from collections.abc import Mapping, Sequence

from toolkit import __version__
from toolkit.evaluate.checks import CHECKS
from toolkit.evaluate.report import EvaluationReport
from toolkit.results import TERM_STATUSES, SegmentTranslation, TermOutcome
from toolkit.signature import Signature
from toolkit.text.script import LANGUAGES

STATUS_LEGEND = {
    "model": "the model's own output already had an accepted rendering",
    "substituted": "the model said it in other words; the glossary form took their place "
    "(hover the badge to see what it replaced)",
    "constrained": "the model had left it out; the glossary form was forced as a prefix and "
    "the model wrote the rest of the sentence",
    "inserted": "pasted in without the model: review it",
    "failed": "no accepted rendering could be placed (hover the badge for the reason)",
}
"""One line per term status (:data:`toolkit.results.TERM_STATUSES`)."""

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
.st{display:inline-block;font-size:10px;line-height:14px;font-weight:600;border-radius:7px;
padding:0 5px;margin:0 2px 0 2px;vertical-align:1px;white-space:nowrap;border:1px solid}
.st.model{background:#f3faf5;color:#2f6b3c;border-color:#cfe6d5;font-weight:400}
.st.substituted{background:#e5effa;color:#0a4b78;border-color:#a9c6e8}
.st.constrained{background:#f0e8fa;color:#4e2a84;border-color:#cbb6e8}
.st.inserted{background:#fcf0d9;color:#8a4b00;border-color:#dba617}
.st.failed{background:#b32d2e;color:#fff;border-color:#b32d2e}
.st.other{background:#f0f0f1;color:#50575e;border-color:#c3c4c7}
table.mix{width:auto;table-layout:auto;margin:4px 0 12px}
table.mix td,table.mix th{font-size:13px;padding:3px 10px}
table.mix td.c{text-align:right;font-variant-numeric:tabular-nums}
table.mix td.m{color:#50575e}
div.terms{margin-top:4px;font-size:13px;color:#50575e}
div.approved{margin-top:4px;font-size:13px;color:#007017}
div.fuzzy{margin-top:4px;font-size:13px;color:#50575e}div.fuzzy ul{margin:2px 0;padding-left:18px}
code{font-size:12px;color:#50575e;word-break:break-all}
p.warn{background:#fcf0f1;border:1px solid #b32d2e;border-radius:6px;padding:8px 12px;color:#1d2327}
"""


def _marked(
    text: str,
    spans: list[tuple[int, int, str, str]],
    badges: Sequence[tuple[int, str]] = (),
) -> str:
    """``text`` escaped, with non-overlapping ``(start, end, css class, title)`` spans marked
    and each ``(position, html)`` badge inserted at its position (after a mark it falls in)."""
    kept: list[tuple[int, int, str, str]] = []
    pos = 0
    for start, end, cls, title in sorted(spans):
        if start < pos or end <= start or end > len(text):
            continue
        kept.append((start, end, cls, title))
        pos = end
    # (position, order, html): at one position a mark closes, then badges, then a mark opens.
    events: list[tuple[int, int, str]] = []
    for start, end, cls, title in kept:
        events.append((start, 2, f'<mark class="{cls}" title="{html.escape(title)}">'))
        events.append((end, 0, "</mark>"))
    for at, snippet in badges:
        at = next((end for start, end, _, _ in kept if start < at < end), min(at, len(text)))
        events.append((at, 1, snippet))
    out = []
    pos = 0
    for at, _, snippet in sorted(events, key=lambda e: (e[0], e[1])):
        out.append(html.escape(text[pos:at]))
        out.append(snippet)
        pos = at
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _badge(outcome: TermOutcome, with_term: bool = False) -> str:
    """A small status badge; its title says what the term became (and what it replaced)."""
    status = outcome.status
    cls = status if status in TERM_STATUSES else "other"
    title = f"{outcome.term} → {outcome.form}" if outcome.form else outcome.term
    title += f": {status}"
    if outcome.replaced:
        title += f", replaced '{outcome.replaced}'"
    if outcome.reason:
        title += f" ({outcome.reason})"
    if outcome.shared:
        title += "; satisfied by another occurrence's rendering"
    badge = f'<span class="st {cls}" title="{html.escape(title)}">{html.escape(status)}</span>'
    if with_term:
        badge += f' <bdi lang="fa">{html.escape(outcome.term)}</bdi>'
        if outcome.reason:
            badge += f": {html.escape(outcome.reason)}"
    return badge


def _review_html(segments: Sequence[SegmentTranslation]) -> str:
    """Under a line's translation: who approved the translation reused verbatim, and the
    approved translations of similar sentences offered beside a machine one (fuzzy)."""
    out = []
    for seg in segments:
        if (a := seg.approved) is not None:
            out.append(
                '<div class="approved">approved translation, reused as written: '
                f"{html.escape(a.reviewer)} ({html.escape(a.review)}), "
                f"{html.escape(a.approved_at)}</div>"
            )
        if seg.fuzzy:
            items = "".join(
                f"<li>{m.similarity:.0f}%: "
                f'<bdi dir="rtl" lang="{html.escape(m.approval.source_lang)}">'
                f"{html.escape(m.approval.source)}</bdi> → "
                f"<bdi>{html.escape(m.approval.target)}</bdi> "
                f"({html.escape(m.approval.reviewer)}, {html.escape(m.approval.approved_at)})</li>"
                for m in seg.fuzzy
            )
            out.append(
                '<div class="fuzzy">approved translations of similar sentences (fuzzy '
                f"matches; the machine translation above is the output):<ul>{items}</ul></div>"
            )
    return "".join(out)


def _status_table(segments: Sequence[SegmentTranslation]) -> str:
    """The status mix of a language, one row per status with its one-line meaning."""
    counts = dict.fromkeys(TERM_STATUSES, 0)
    for seg in segments:
        for t in seg.terms:
            counts[t.status] = counts.get(t.status, 0) + 1
    total = sum(counts.values())
    rows = []
    for status, n in counts.items():
        cls = status if status in TERM_STATUSES else "other"
        share = f"{n / total:.0%}" if total else ""
        rows.append(
            f'<tr><td><span class="st {cls}">{html.escape(status)}</span></td>'
            f'<td class="c">{n}</td><td class="c">{share}</td>'
            f'<td class="m">{html.escape(STATUS_LEGEND.get(status, ""))}</td></tr>'
        )
    return (
        '<table class="mix"><thead><tr><th>term status</th><th>occurrences</th><th>share</th>'
        "<th>meaning</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _card(value: str, label: str, cls: str = "") -> str:
    return (
        f'<div class="card {cls}"><b>{html.escape(value)}</b>'
        f"<span>{html.escape(label)}</span></div>"
    )


def _section(
    report: EvaluationReport,
    segments: Sequence[SegmentTranslation] | None = None,
    translation_signature: Signature | None = None,
) -> str:
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
    collateral = report.collateral_edits
    if collateral is not None:
        cards.append(
            _card(
                str(collateral),
                "collateral edits (words changed outside the terms)",
                "bad" if collateral else "good",
            )
        )
    for name, score in report.scores.items():
        cards.append(_card(f"{score.score:.1f}", name.upper()))
    src_spans: dict[int, list[tuple[int, int, str, str]]] = defaultdict(list)
    tgt_spans: dict[int, list[tuple[int, int, str, str]]] = defaultdict(list)
    # The translation's term outcomes of each line (pair.segment is the line number when the
    # files are line-aligned), queued per term in source order: each evaluated occurrence
    # takes the next outcome of its term and shows it as a badge after its rendering.
    line_terms: dict[int, list[TermOutcome]] = defaultdict(list)
    line_segments: dict[int, list[SegmentTranslation]] = defaultdict(list)
    for seg in segments or ():
        line_terms[seg.line].extend(seg.terms)
        line_segments[seg.line].append(seg)
    outcomes: dict[int, dict[str, deque[int]]] = defaultdict(lambda: defaultdict(deque))
    for line, terms in line_terms.items():
        for k, t in enumerate(terms):
            outcomes[line][t.term].append(k)
    placed: set[tuple[int, int]] = set()
    badges: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for use in sorted(report.term_uses, key=lambda u: (u.segment, u.source.start)):
        m = use.source
        ok = use.target is not None
        src_spans[use.segment].append(
            (m.start, m.end, "ok" if ok else "bad", f"glossary: {m.term.label}")
        )
        if use.target is not None:
            tgt_spans[use.segment].append(
                (use.target.start, use.target.end, "ok", f"rendering of {m.term.label}")
            )
            queue = outcomes[use.segment][m.term.label]
            if queue:
                k = queue.popleft()
                placed.add((use.segment, k))
                badges[use.segment].append((use.target.end, _badge(line_terms[use.segment][k])))
    findings = defaultdict(list)
    for f in report.findings:
        findings[f.segment].append(f)
        check = CHECKS.get(f.check)
        mark = check.source_mark if check is not None else None
        if mark and f.source_span:
            src_spans[f.segment].append((*f.source_span, mark, f.message))
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
        target_html = _marked(pair.target, tgt_spans[pair.segment], badges[pair.segment])
        # Outcomes with no rendering marked in the target (failed, shared, or not found).
        unplaced = [
            t
            for k, t in enumerate(line_terms.get(pair.segment, ()))
            if (pair.segment, k) not in placed
        ]
        rows.append(
            f'<tr class="{cls}"><td class="n">{pair.segment}</td>'
            f'<td class="src" dir="rtl" lang="fa">{source_html}</td>'
            f'<td class="tgt" lang="{lang}">{target_html}'
            + (
                '<div class="terms">'
                + "; ".join(_badge(t, with_term=True) for t in unplaced)
                + "</div>"
                if unplaced
                else ""
            )
            + (f'<ul class="f">{items}</ul>' if items else "")
            + _review_html(line_segments.get(pair.segment, ()))
            + "</td></tr>"
        )
    warning = ""
    test_model = translation_signature.setting("test_model") if translation_signature else None
    if test_model:
        model = translation_signature.model if translation_signature else ""
        warning = banner_for_test_model(str(model or ""), str(test_model))
    signatures = [str(report.signature)] if report.signature else []
    if translation_signature is not None:
        signatures.insert(0, str(translation_signature))
    signature = "<br>".join(html.escape(sig) for sig in signatures)
    return (
        f'<section id="{lang}"><h2>{html.escape(LANGUAGES.get(lang, lang))} ({lang})</h2>'
        + warning
        + f'<div class="cards">{"".join(cards)}</div>'
        + (_status_table(segments or ()) if any(line_terms.values()) else "")
        + '<p class="legend"><mark class="ok">term rendered</mark> <mark class="bad">term missing'
        '</mark> <mark class="num">number missing</mark></p>'
        '<table><thead><tr><th class="n">#</th><th class="src">Source (fa)</th>'
        "<th>Translation</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + "".join(check().html(report) for check in CHECKS.values())
        + f"<p><code>{signature}</code></p></section>"
    )


def banner_for_test_model(model: str, test_model: str) -> str:
    """The banner of a translation made by a model built for tests: ``test_model`` is the
    ``test_model`` setting of the translation's signature (what the checkpoint says it is)."""
    return (
        '<p class="warn"><b>Test model.</b> '
        f"{html.escape(model)} "
        f"is a model built for tests ({html.escape(test_model)}): its translations "
        "are noise, and every term in them was placed by the toolkit.</p>"
    )


def render_html(
    reports: list[EvaluationReport],
    title: str = "Translation quality report",
    intro: str = "",
    segments: Mapping[str, Sequence[SegmentTranslation]] | None = None,
    signatures: Mapping[str, Signature] | None = None,
) -> str:
    """One page for one or more target languages; ``segments`` (by target language) are the
    translation's own segments, whose term statuses the page then shows; ``signatures`` (by
    target language) name what made each translation, in one line under its section."""
    segments = segments or {}
    signatures = signatures or {}
    body = "".join(
        _section(r, segments.get(r.target_language), signatures.get(r.target_language))
        for r in reports
    )
    intro_html = f"<section>{intro}</section>" if intro else ""
    return html_page(title, intro_html + body)


def html_page(title: str, main: str, css: str = "") -> str:
    """A self-contained page: the report's header and style (plus ``css``), ``main`` as its
    content (HTML, escaped by the caller)."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_CSS}{css}</style></head><body>"
        f"<header><h1>{html.escape(title)}</h1><p>toolkit {__version__}</p></header>"
        f"<main>{main}</main></body></html>\n"
    )
