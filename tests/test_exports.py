"""TMX and XLIFF exports: well-formed, one unit per sentence, problems and term outcomes
carried as notes."""

import pytest
from defusedxml.ElementTree import fromstring

from toolkit.exports import to_tmx, to_xliff
from toolkit.translate.base import Problem, SegmentTranslation, TermOutcome, Translation

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"
CONTRACT = "قرارداد"


def translation(
    lang: str,
    texts: list[str],
    problems: tuple[Problem, ...] = (),
    terms: tuple[TermOutcome, ...] = (TermOutcome(CONTRACT, "model", "contract"),),
) -> Translation:
    """Two segments; the second has ``problems`` and ``terms``, the first one model term."""
    sources = ["قرارداد امضا شد.", "سفیر گفت: «پنج قرارداد» & بیشتر."]
    segments = tuple(
        SegmentTranslation(
            k + 1,
            src,
            text,
            terms if k == 1 else (TermOutcome(CONTRACT, "model", "contract"),),
            problems if k == 1 else (),
        )
        for k, (src, text) in enumerate(zip(sources, texts, strict=True))
    )
    return Translation(lang, tuple(texts), segments)


def xliff_units(tr: Translation) -> list:
    root = fromstring(to_xliff(tr, "article.fa.txt").encode())
    return root.findall(f"{XLIFF}file/{XLIFF}body/{XLIFF}trans-unit")


def test_tmx_has_every_language_per_unit() -> None:
    en = translation("en", ["The contract was signed.", 'He said: "five contracts" & more.'])
    ru = translation("ru", ["Контракт подписан.", "Он сказал: «пять контрактов» и больше."])
    root = fromstring(to_tmx({"en": en, "ru": ru}).encode())
    assert root.find("header").get("srclang") == "fa"
    units = root.findall("./body/tu")
    assert len(units) == 2
    langs = [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in units]
    assert langs == [["fa", "en", "ru"], ["fa", "en", "ru"]]
    assert units[1].findall("tuv")[1].find("seg").text == 'He said: "five contracts" & more.'


def test_xliff_marks_segments_with_problems_for_review() -> None:
    en = translation(
        "en",
        ["The contract was signed.", "Five contracts."],
        problems=(Problem("number", "5 is not in the translation"),),
    )
    root = fromstring(to_xliff(en, "article.fa.txt").encode())
    file_el = root.find(f"{XLIFF}file")
    assert (file_el.get("source-language"), file_el.get("target-language")) == ("fa", "en")
    units = file_el.findall(f"{XLIFF}body/{XLIFF}trans-unit")
    assert [u.find(f"{XLIFF}target").get("state") for u in units] == [
        "translated",
        "needs-review-translation",
    ]
    assert [n.text for n in units[1].findall(f"{XLIFF}note")] == [
        "number: 5 is not in the translation"
    ]


# (term outcomes of the second segment, its expected state, its expected notes)
TERM_CASES = [
    ((TermOutcome(CONTRACT, "model", "contracts"),), "translated", []),
    ((TermOutcome(CONTRACT, "constrained", "contracts"),), "translated", []),
    (
        (TermOutcome(CONTRACT, "substituted", "contracts", replaced="deals"),),
        "translated",
        [f"glossary term substituted: {CONTRACT} → 'contracts' replaced 'deals'"],
    ),
    (
        (TermOutcome(CONTRACT, "inserted", "contracts"),),
        "needs-review-translation",
        [f"glossary term inserted without the model: {CONTRACT} → 'contracts'"],
    ),
    (
        (TermOutcome(CONTRACT, "failed", "", "contract", "no accepted rendering"),),
        "needs-review-translation",
        [f"glossary term failed: {CONTRACT} (no accepted rendering)"],
    ),
    (
        (
            TermOutcome(CONTRACT, "substituted", "contracts", replaced="deals"),
            TermOutcome("سفیر", "inserted", "ambassador"),
            TermOutcome("سفیر", "inserted", "ambassador"),
        ),
        "needs-review-translation",
        [
            f"glossary term substituted: {CONTRACT} → 'contracts' replaced 'deals'",
            "glossary term inserted without the model: سفیر → 'ambassador'",
        ],
    ),
]


@pytest.mark.parametrize(("terms", "state", "notes"), TERM_CASES)
def test_xliff_term_statuses_set_state_and_notes(
    terms: tuple[TermOutcome, ...], state: str, notes: list[str]
) -> None:
    en = translation("en", ["The contract was signed.", "Five contracts."], terms=terms)
    first, second = xliff_units(en)
    assert first.find(f"{XLIFF}target").get("state") == "translated"
    assert first.findall(f"{XLIFF}note") == []
    assert second.find(f"{XLIFF}target").get("state") == state
    assert [n.text for n in second.findall(f"{XLIFF}note")] == notes


def test_xliff_problems_come_before_term_notes() -> None:
    en = translation(
        "en",
        ["The contract was signed.", "Five contracts."],
        problems=(Problem("number", "5 is not in the translation"),),
        terms=(TermOutcome(CONTRACT, "substituted", "contracts", replaced="deals"),),
    )
    unit = xliff_units(en)[1]
    assert unit.find(f"{XLIFF}target").get("state") == "needs-review-translation"
    assert [n.text for n in unit.findall(f"{XLIFF}note")] == [
        "number: 5 is not in the translation",
        f"glossary term substituted: {CONTRACT} → 'contracts' replaced 'deals'",
    ]


# Hostile text: XML 1.0 forbids the first five (BEL, ESC, NUL, U+FFFE, a lone surrogate);
# RLO is allowed but invisible; the rest is markup that must come back as text.
FORBIDDEN = ["\x07", "\x1b", "\x00", "\ufffe", "\ud800"]
MARKUP = ["\u202e", "<script>alert(1)</script>", "]]>", "&amp; &", "\"quoted\" 'single'"]
HOSTILE = [f"x{piece}y" for piece in FORBIDDEN + MARKUP]


@pytest.fixture
def hostile() -> Translation:
    """A translation with hostile text in every field an export writes."""
    segments = tuple(
        SegmentTranslation(
            k + 1,
            f"قرارداد {text}",
            f"contract {text}",
            (TermOutcome(f"{CONTRACT}{text}", "failed", reason=text),),
            (Problem("number", f"missing {text}"),),
        )
        for k, text in enumerate(HOSTILE)
    )
    return Translation("en", tuple(s.text for s in segments), segments)


def _strict(document: str) -> object:
    """Parse with expat, which refuses anything not well-formed (no recovery)."""
    import xml.etree.ElementTree as ET

    return ET.fromstring(document.encode("utf-8"))


def test_every_export_of_hostile_text_is_well_formed(hostile: Translation) -> None:
    tmx = _strict(to_tmx({"en": hostile, "ru": hostile}))
    xliff = _strict(to_xliff(hostile, "article\x07<&>\ufffe.fa.txt"))
    segs = [seg.text for seg in tmx.iter("seg")]  # type: ignore[attr-defined]
    targets = [t.text for t in xliff.iter(f"{XLIFF}target")]  # type: ignore[attr-defined]
    notes = " ".join(n.text for n in xliff.iter(f"{XLIFF}note"))  # type: ignore[attr-defined]
    written = " ".join(segs + targets) + notes
    for bad in FORBIDDEN:
        assert bad not in written
    # What XML can hold comes back unchanged, markup as text.
    assert [t.removeprefix("contract ") for t in targets] == [
        "xy" if k < len(FORBIDDEN) else text for k, text in enumerate(HOSTILE)
    ]
    assert segs[len(FORBIDDEN) * 3 + 1 : len(FORBIDDEN) * 3 + 3] == [
        "contract x\u202ey",
        "contract x\u202ey",
    ]
    assert "missing x<script>alert(1)</script>y" in notes
    file_el = xliff.find(f"{XLIFF}file")  # type: ignore[attr-defined]
    assert file_el.get("original") == "article<&>.fa.txt"


@pytest.mark.parametrize("text", HOSTILE)
def test_each_hostile_piece_alone_gives_well_formed_exports(text: str) -> None:
    tr = translation("ru", [f"a {text}", f"b {text}"], (Problem("split", text),))
    _strict(to_tmx({"ru": tr}))
    _strict(to_xliff(tr, text))


def test_xliff_marks_an_approved_unit_final_and_a_machine_one_as_such() -> None:
    from dataclasses import replace

    from toolkit.translate.approved import Approval

    en = translation("en", ["The contract was signed.", "Five contracts."])
    approval = Approval(
        en.segments[1].source, "Five contracts.", "en", "ed", "xliff:a.xlf", "2026-12-07T10:00:00Z"
    )
    problem = (Problem("term", "the approved translation lacks the glossary term X"),)
    approved = replace(en.segments[1], terms=(), problems=problem, approved=approval)
    en = replace(en, segments=(en.segments[0], approved))
    first, second = xliff_units(en)
    target = first.find(f"{XLIFF}target")
    assert (target.get("state"), target.get("state-qualifier")) == ("translated", "leveraged-mt")
    target = second.find(f"{XLIFF}target")
    assert (target.get("state"), target.get("state-qualifier")) == ("final", None)
    assert [n.text for n in second.findall(f"{XLIFF}note")] == [
        "approved by ed (xliff:a.xlf) at 2026-12-07T10:00:00Z",
        "the approved translation lacks the glossary term X",
    ]
    # TMX keeps its format: the approved text as the unit's target, nothing added.
    tu = fromstring(to_tmx({"en": en}).encode()).findall("./body/tu")[1]
    assert [tuv.find("seg").text for tuv in tu.findall("tuv")][1] == "Five contracts."
    assert [p.get("type") for p in tu.findall("prop")] == ["x-line"]
