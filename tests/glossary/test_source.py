import gc
import weakref

import pytest
from builders import build_glossary

from toolkit.glossary import source
from toolkit.glossary.model import Glossary
from toolkit.glossary.source import SourceMatcher, source_matcher
from toolkit.text.normalize import ZWNJ

GLOSSARY = build_glossary(
    [
        ("تفاهم‌نامه", "memorandum of understanding", "меморандум о взаимопонимании"),
        ("قرارداد", "contract", "контракт"),
        ("پروژه مشترک", "joint project", "совместный проект"),
        ("نام", "name", "имя"),
        ("وزارت ارتباطات و فناوری اطلاعات", "Ministry of ICT", "Министерство ИКТ"),
        ("وزارت ارتباطات", "Ministry of Communications", "Министерство связи"),
        ("ایران", "Iran", "Иран", {"pos": "propn"}),
        ("ایرانی", "Iranian", "иранский", {"pos": "adj"}),
        ("هیأت", "delegation", "делегация"),
        ("نماینده", "representative", "представитель"),
        ("۲۰ شرکت", "20 companies", "20 компаний"),
        ("آی‌سی‌تی", "ICT", "ИКТ", {"case_sensitive": True}),
    ]
)
MATCHER = SourceMatcher(GLOSSARY)

# (text, [(surface found, glossary variant)]), each checked by hand.
CASES = [
    ("تفاهمنامه", [("تفاهمنامه", "تفاهم‌نامه")]),  # ZWNJ lost
    ("تفاهم نامه", [("تفاهم نامه", "تفاهم‌نامه")]),  # space instead of ZWNJ
    (f"تفاهم{ZWNJ}نامه", [(f"تفاهم{ZWNJ}نامه", "تفاهم‌نامه")]),
    ("تفاهم‌نامه‌های امضا شده", [("تفاهم‌نامه‌های", "تفاهم‌نامه")]),  # plural + ezafe
    ("تفاهمات خوب", []),  # a different word, not a form of the term
    ("قراردادهای مشخص", [("قراردادهای", "قرارداد")]),
    ("قراردادش", [("قراردادش", "قرارداد")]),  # possessive
    ("قراردادن", []),  # "to place": not a suffix
    ("پروژههای مشترک", [("پروژههای مشترک", "پروژه مشترک")]),  # suffix on the inner word
    ("پروژه‌های مشترکمان", [("پروژه‌های مشترکمان", "پروژه مشترک")]),
    ("بنام خدا", []),  # whole words only
    ("نام او", [("نام", "نام")]),
    (
        "وزارت ارتباطات و فناوری اطلاعات گفت",
        [("وزارت ارتباطات و فناوری اطلاعات", "وزارت ارتباطات و فناوری اطلاعات")],
    ),
    ("وزارت ارتباطات گفت", [("وزارت ارتباطات", "وزارت ارتباطات")]),
    ("شرکت‌های ایرانی", [("ایرانی", "ایرانی")]),  # a proper noun takes no suffix
    ("ایرانیان", [("ایرانیان", "ایرانی")]),
    ("ايران", [("ايران", "ایران")]),  # Arabic yeh
    ("هیئت دولت", [("هیئت", "هیأت")]),  # hamza seat
    ("نمایندگان پنج شرکت", [("نمایندگان", "نماینده")]),  # heh dropped before -gan
    ("٢٠ شرکت", [("٢٠ شرکت", "۲۰ شرکت")]),  # digit scripts
    ("20 شرکت", [("20 شرکت", "۲۰ شرکت")]),
    ("۲۰۰ شرکت", []),  # a number is a whole word too
    ("قرارداد، تفاهم‌نامه", [("قرارداد", "قرارداد"), ("تفاهم‌نامه", "تفاهم‌نامه")]),
    ("پروژه. مشترک", []),  # never across punctuation
    ("پروژه\nمشترک", []),  # never across lines
    ("آیسیتی ایرانی", [("آیسیتی", "آی‌سی‌تی"), ("ایرانی", "ایرانی")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_source_matching(text: str, expected: list[tuple[str, str]]) -> None:
    found = MATCHER.find(text)
    assert [(m.surface, m.variant) for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.surface


def test_offsets_in_seed_article(seed_text: str) -> None:
    found = MATCHER.find(seed_text)
    assert found, "the seed mentions the ministry, Iran and memoranda"
    for m in found:
        assert seed_text[m.start : m.end] == m.surface
    labels = {m.label for m in found}
    assert {"وزارت ارتباطات و فناوری اطلاعات", "ایران", "تفاهم‌نامه", "قرارداد", "هیأت"} <= labels


def test_longest_match_wins_over_contained_term() -> None:
    text = "وزارت ارتباطات و فناوری اطلاعات"
    assert [m.variant for m in MATCHER.find(text)] == [text]
    assert {m.variant for m in MATCHER.find_all(text)} >= {text, "وزارت ارتباطات"}


def test_empty_glossary_matches_nothing() -> None:
    assert SourceMatcher(build_glossary([])).find("هر متنی") == []


def test_source_matcher_is_built_once_per_glossary_and_freed_with_it() -> None:
    glossary = build_glossary([("قرارداد", "contract", "контракт")])
    matcher = source_matcher(glossary)
    assert source_matcher(glossary) is matcher
    assert source_matcher(glossary, "fa") is matcher
    assert source_matcher(glossary, "en") is not matcher
    assert [m.term for m in matcher.find("یک قرارداد")] == list(glossary.terms)
    # An equal glossary is another object: its own matcher, the same matches.
    twin = build_glossary([("قرارداد", "contract", "контракт")])
    assert twin == glossary and source_matcher(twin) is not matcher
    alive = weakref.ref(glossary)
    del glossary, matcher
    gc.collect()
    assert alive() is None


# Texts searched together must give what each gives alone: terms at the edges, a text with a
# line break inside, an empty text, punctuation, a term split across two texts.
EACH = [
    "وزارت ارتباطات و فناوری اطلاعات",
    "قرارداد",
    "",
    "پروژه",
    "مشترک قراردادهای ۲۰ شرکت",
    "تفاهم\nنامه، ایران",
    "نمایندگان هیئت",
    "ایرانیان آیسیتی",
]


def test_find_all_each_is_find_all_of_each_text() -> None:
    together = MATCHER.find_all_each(EACH)
    assert [[(m.variant, m.start, m.end) for m in ms] for ms in together] == [
        [(m.variant, m.start, m.end) for m in MATCHER.find_all(text)] for text in EACH
    ]
    assert sum(map(len, together)) >= 10
    for text, found in zip(EACH, together, strict=True):
        assert all(text[m.start : m.end] == m.surface for m in found)


def test_find_all_each_of_nothing() -> None:
    assert MATCHER.find_all_each([]) == []
    assert SourceMatcher(build_glossary([])).find_all_each(["قرارداد"]) == [[]]


def test_short_and_long_texts_find_the_same_first_words(
    large_glossary: Glossary, news_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A short text's word starts are looked up, a long text goes through the automaton: the
    # two must give the same matches in the same order, here forced each way on the same texts.
    texts = [news_text, *news_text.splitlines()[:40], *(text for text, _ in CASES)]

    def spans(matcher: SourceMatcher, find: str) -> list[list[tuple[str, str, int, int]]]:
        return [
            [(m.term.id, m.variant, m.start, m.end) for m in getattr(matcher, find)(text)]
            for text in texts
        ]

    found = {}
    for mode, limit in (("lookups", 10**12), ("automaton", -1)):
        monkeypatch.setattr(source, "_PROBE_LIMIT", limit)
        for glossary in (large_glossary, GLOSSARY):
            matcher = SourceMatcher(glossary)
            found[mode, glossary.name, "find"] = spans(matcher, "find")
            found[mode, glossary.name, "find_all"] = spans(matcher, "find_all")
    for (mode, name, find), result in found.items():
        if mode == "lookups":
            assert result == found["automaton", name, find], (name, find)
    assert sum(map(len, found["lookups", large_glossary.name, "find"])) > 3000
