import pytest

from toolkit.text.normalize import (
    ZWNJ,
    key_of,
    key_words,
    match_key,
    normalize,
    removed_characters,
)

# (input, expected display normalization), each checked by hand.
DISPLAY_CASES = [
    ("كتاب", "کتاب"),  # Arabic kaf -> Persian keheh
    ("علي", "علی"),  # Arabic yeh -> Farsi yeh
    ("موسى", "موسی"),  # alef maksura -> Farsi yeh
    ("مـــهر", "مهر"),  # tatweel removed
    ("كِتَابٌ", "کتاب"),  # stray diacritics removed
    ("٢٠ و ۲۰ و 20", "۲۰ و ۲۰ و 20"),  # Arabic-Indic digits -> Persian, ASCII digits kept
    ("خانه\u0654 ما", "خانۀ ما"),  # heh + combining hamza composed to ۀ
    (f"تفاهم{ZWNJ}{ZWNJ}نامه", f"تفاهم{ZWNJ}نامه"),  # duplicate ZWNJ
    (f"می {ZWNJ}شود", "می شود"),  # ZWNJ next to a space dropped, words not merged
    (f"{ZWNJ}سلام{ZWNJ}", "سلام"),  # ZWNJ that joins nothing
    ("سلام  ،  دنیا", "سلام، دنیا"),  # no space before a comma, one space after
    ("گفت :« ما »", "گفت:«ما»"),  # spaces inside guillemets and before colon
    ("الف،ب", "الف، ب"),  # glued Persian comma gets a space
    ("شد.وی گفت", "شد. وی گفت"),  # glued Persian full stop gets a space
    ("3.14 و ۲.۵", "3.14 و ۲.۵"),  # decimals untouched
    ("www.mehrnews.com", "www.mehrnews.com"),  # Latin dots untouched
    ("a\u00a0b", "a b"),  # no-break space -> space
    ("a\u200bb", "ab"),  # zero-width space removed
    ("  سلام  ", "سلام"),  # trimmed
    ("وزیر ارتباطات", "وزیر ارتباطات"),  # words are never merged
    ("ﻣﻬﺮ", "مهر"),  # presentation forms folded
]


@pytest.mark.parametrize(("raw", "expected"), DISPLAY_CASES)
def test_display_normalization(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_keeps_line_count() -> None:
    text = "الف\n\nب  \r\nج\n"
    assert normalize(text).split("\n") == ["الف", "", "ب", "ج", ""]


def test_normalize_never_changes_word_count_on_seed(seed_text: str) -> None:
    for raw, norm in zip(seed_text.splitlines(), normalize(seed_text).splitlines(), strict=True):
        assert len(norm.split()) == len(raw.split())


# Groups of spellings that must share one matching key.
SAME_KEY = [
    ("تفاهمنامه", "تفاهم نامه", f"تفاهم{ZWNJ}نامه"),
    ("هیأت", "هیئت"),
    ("مسئول", "مسؤول"),
    ("۲۰", "٢٠", "20"),
    ("كتاب", "کتاب"),
    ("يك", "یک"),
    ("آئین", "ائین"),
    ("خانۀ", "خانه"),
    ("مـهر", "مهر"),
    ("IT", "it"),
]


@pytest.mark.parametrize("group", SAME_KEY)
def test_matching_key_ignores_variation(group: tuple[str, ...]) -> None:
    assert len({key_of(g) for g in group}) == 1


DIFFERENT_KEY = [("تفاهمنامه", "تفاهمات"), ("نام", "بنام"), ("ایران", "ایرانی")]


@pytest.mark.parametrize(("a", "b"), DIFFERENT_KEY)
def test_matching_key_keeps_different_words_apart(a: str, b: str) -> None:
    assert key_of(a) != key_of(b)


def test_key_maps_back_to_original_offsets() -> None:
    text = f"در تفاهم{ZWNJ}نامه  ۲۰ شرکت"
    mk = match_key(text)
    i = mk.key.index("تفاهمنامه")
    start, end = mk.span(i, i + len("تفاهمنامه"))
    assert text[start:end] == f"تفاهم{ZWNJ}نامه"
    j = mk.key.index("20")
    assert text.__getitem__(slice(*mk.span(j, j + 2))) == "۲۰"


def test_key_records_boundaries_and_breaks() -> None:
    mk = match_key("الف ب،ج")
    assert mk.key == "الفبج"
    assert [mk.is_word_start(i) for i in range(len(mk.key))] == [True, False, False, True, True]
    assert list(mk.hard) == [1, 0, 0, 0, 1]


def test_key_boundary_between_digits_and_letters() -> None:
    mk = match_key("۱۴آذر")
    assert mk.key == "14اذر"
    assert mk.is_word_start(2)


def test_key_words() -> None:
    assert key_words(f"وزارت  ارتباطات{ZWNJ}ها") == ["وزارت", "ارتباطات", "ها"]


# (input, display normalization, what is reported as removed), each checked by hand.
REMOVED_CASES = [
    ("سلام\x07 دنیا", "سلام دنیا", {"control": 1}),  # BEL
    ("سلام \x1b[31mدنیا", "سلام [31mدنیا", {"control": 1}),  # ESC (the rest is text)
    ("الف\x00ب\x7fج\x85د", "الفبج د", {"control": 3}),  # NUL, DEL, NEL (a C1 separator)
    ("الف\x0cب\x0bج", "الف ب ج", {"control": 2}),  # form feed, vertical tab: a space
    ("a\u202eevil\u202c b", "aevil b", {"bidi": 2}),  # RLO ... PDF
    ("\u2066x\u2069 \u202ay\u202b", "x y", {"bidi": 4}),  # isolates and embeddings
    ("x\ufffey\uffff", "xy", {"noncharacter": 2}),
    ("x\ud800y", "xy", {"noncharacter": 1}),  # a lone surrogate
    ("الف\tب", "الف ب", {}),  # tab: a space, as before, not reported
    (f"می{ZWNJ}شود", f"می{ZWNJ}شود", {}),  # ZWNJ is spelling: kept
    ("a\u200db\u200ec\u200fd", "abcd", {}),  # ZWJ, LRM, RLM: invisible, removed as before
]


@pytest.mark.parametrize(("raw", "expected", "removed"), REMOVED_CASES)
def test_controls_and_bidi_overrides_are_removed_and_counted(
    raw: str, expected: str, removed: dict[str, int]
) -> None:
    assert normalize(raw) == expected
    assert removed_characters(raw).to_dict() == removed
    assert bool(removed_characters(raw)) == bool(removed)


def test_removed_characters_in_words() -> None:
    found = removed_characters("\x07\x1b\u202e\u202e\ufffe")
    assert str(found) == "2 control characters, 2 bidi controls, 1 noncharacter"
