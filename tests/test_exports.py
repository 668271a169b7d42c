"""TMX and XLIFF exports: well-formed, one unit per sentence, problems carried as notes."""

from defusedxml.ElementTree import fromstring

from toolkit.exports import to_tmx, to_xliff
from toolkit.translate.base import SegmentTranslation, TermOutcome, Translation

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"


def translation(lang: str, texts: list[str], problems: tuple[str, ...] = ()) -> Translation:
    sources = ["قرارداد امضا شد.", "سفیر گفت: «پنج قرارداد» & بیشتر."]
    segments = tuple(
        SegmentTranslation(
            k + 1,
            src,
            text,
            (TermOutcome("قرارداد", "repaired", "contract"),),
            problems if k == 1 else (),
        )
        for k, (src, text) in enumerate(zip(sources, texts, strict=True))
    )
    return Translation(lang, tuple(texts), segments)


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
        problems=("number: 5 is not in the translation",),
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
