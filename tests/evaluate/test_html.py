"""The HTML report: term statuses from the translation, badges after renderings, legend."""

import html

import pytest
from builders import build_glossary

from toolkit.evaluate.html import STATUS_LEGEND, _marked, render_html
from toolkit.evaluate.report import evaluate
from toolkit.translate.base import TERM_STATUSES, SegmentTranslation, TermOutcome

GLOSSARY = build_glossary([("قرارداد", "contract", "контракт"), ("سفیر", "ambassador", "посол")])
SOURCE = "قرارداد با سفیر امضا شد.\nقرارداد امضا شد.\nپایان."
TARGET = "The ambassador signed the contract.\nIt was signed.\nThe end."
SEGMENTS = (
    SegmentTranslation(
        1,
        "قرارداد با سفیر امضا شد.",
        "The ambassador signed the contract.",
        (
            TermOutcome("قرارداد", "substituted", "contract", replaced="deal"),
            TermOutcome("سفیر", "inserted", "ambassador"),
        ),
    ),
    SegmentTranslation(
        2,
        "قرارداد امضا شد.",
        "It was signed.",
        (TermOutcome("قرارداد", "failed", "", "contract", "no accepted rendering"),),
    ),
    SegmentTranslation(3, "پایان.", "The end."),
)


@pytest.fixture(scope="module")
def page() -> str:
    report = evaluate(SOURCE, TARGET, "en", glossary=GLOSSARY)
    return render_html([report], segments={"en": SEGMENTS})


def test_badges_follow_the_renderings(page: str) -> None:
    assert (
        '<mark class="ok" title="rendering of سفیر">ambassador</mark>'
        '<span class="st inserted" title="سفیر → ambassador: inserted">inserted</span>'
    ) in page
    title = html.escape("قرارداد → contract: substituted, replaced 'deal'")
    assert (
        '<mark class="ok" title="rendering of قرارداد">contract</mark>'
        f'<span class="st substituted" title="{title}">substituted</span>.'
    ) in page


def test_an_outcome_without_a_rendering_is_listed_under_the_segment(page: str) -> None:
    assert (
        '<div class="terms"><span class="st failed" title="قرارداد: failed '
        '(no accepted rendering)">failed</span> <bdi lang="fa">قرارداد</bdi>: '
        "no accepted rendering</div>"
    ) in page


@pytest.mark.parametrize(
    ("status", "count"),
    [("model", 0), ("substituted", 1), ("constrained", 0), ("inserted", 1), ("failed", 1)],
)
def test_status_mix_and_legend(page: str, status: str, count: int) -> None:
    share = f"{count / 3:.0%}"
    assert (
        f'<tr><td><span class="st {status}">{status}</span></td><td class="c">{count}</td>'
        f'<td class="c">{share}</td><td class="m">{html.escape(STATUS_LEGEND[status])}</td></tr>'
    ) in page


def test_legend_has_one_line_per_status() -> None:
    assert tuple(STATUS_LEGEND) == TERM_STATUSES
    assert STATUS_LEGEND["inserted"] == "pasted in without the model: review it"


def test_a_legacy_status_is_shown_not_fatal() -> None:
    report = evaluate(SOURCE, TARGET, "en", glossary=GLOSSARY)
    legacy = (SegmentTranslation(1, "", "", (TermOutcome("سفیر", "repaired", "ambassador"),)),)
    page = render_html([report], segments={"en": legacy})
    assert '<span class="st other" title="سفیر → ambassador: repaired">repaired</span>' in page


def test_without_the_translation_there_are_no_statuses() -> None:
    report = evaluate(SOURCE, TARGET, "en", glossary=GLOSSARY)
    page = render_html([report])
    assert 'class="st ' not in page and "term status" not in page
    assert '<mark class="ok" title="rendering of سفیر">ambassador</mark> signed' in page


# (text, spans, badges, expected html)
MARKED = [
    ("a b", [], [(1, "<i>"), (3, "<z>")], "a<i> b<z>"),
    ("a b c", [(2, 3, "ok", "t")], [(3, "<i>")], 'a <mark class="ok" title="t">b</mark><i> c'),
    # a badge inside a mark moves after it; one at a mark's start stays before it
    ("abc d", [(0, 3, "ok", "t")], [(1, "<i>")], '<mark class="ok" title="t">abc</mark><i> d'),
    ("a bc", [(2, 4, "ok", "t")], [(2, "<i>")], 'a <i><mark class="ok" title="t">bc</mark>'),
    ("a<b", [], [(9, "<i>")], "a&lt;b<i>"),
]


@pytest.mark.parametrize(("text", "spans", "badges", "expected"), MARKED)
def test_marked_places_badges(
    text: str, spans: list[tuple[int, int, str, str]], badges: list[tuple[int, str]], expected: str
) -> None:
    assert _marked(text, spans, badges) == expected


def test_footer_shows_the_one_line_signatures() -> None:
    from toolkit.signature import Signature

    report = evaluate(SOURCE, TARGET, "en", glossary=GLOSSARY)
    made_by = Signature.create("translation", model="some/model", backend="ct2")
    page = render_html([report], signatures={"en": made_by})
    assert "translation|toolkit:" in page and "model:some/model|backend:ct2" in page
    assert "evaluation|toolkit:" in page
    assert "{" not in page.split("<footer")[0].rsplit("<code>", 1)[-1]  # no raw Python dict


def test_a_test_model_is_named_as_such() -> None:
    from toolkit.signature import Signature

    report = evaluate(SOURCE, TARGET, "en", glossary=GLOSSARY)
    tiny = Signature.create(
        "translation", model="out/tiny-nllb", settings={"test_model": "random weights"}
    )
    real = Signature.create("translation", model="facebook/nllb-200-distilled-600M")
    assert "Test model." in render_html([report], signatures={"en": tiny})
    assert "Test model." not in render_html([report], signatures={"en": real})
