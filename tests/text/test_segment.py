import pytest

from toolkit.text.segment import segment, split_lines

# (language, text, expected sentences), each checked by hand.
CASES = [
    ("fa", "سلام. خداحافظ.", ["سلام.", "خداحافظ."]),
    ("fa", "آیا آمد؟ بله!", ["آیا آمد؟", "بله!"]),
    ("fa", "وی گفت؛ ما رفتیم. تمام.", ["وی گفت؛ ما رفتیم.", "تمام."]),  # ؛ never ends one
    ("fa", "نرخ ۲.۵ درصد شد. بعدی.", ["نرخ ۲.۵ درصد شد.", "بعدی."]),  # Persian decimal
    ("fa", "او گفت: «ما رفتیم.» سپس آمد.", ["او گفت: «ما رفتیم.»", "سپس آمد."]),  # closing quote
    ("fa", "این (که گفت. آری) درست است. بعد.", ["این (که گفت. آری) درست است.", "بعد."]),
    ("fa", "شد.وی گفت.", ["شد.", "وی گفت."]),  # glued Persian full stop
    ("fa", "صبر کن… آمد.", ["صبر کن…", "آمد."]),  # ellipsis
    ("fa", "چرا؟! نمی‌دانم.", ["چرا؟!", "نمی‌دانم."]),
    ("fa", "خط اول\nخط دوم", ["خط اول", "خط دوم"]),  # a line is a paragraph
    (
        "fa",
        "وی گفت: «این اجرا می‌شود. ما آماده‌ایم.» سپس رفت.",
        ["وی گفت: «این اجرا می‌شود. ما آماده‌ایم.»", "سپس رفت."],
    ),
    ("fa", "دکتر م. رضایی آمد. رفت.", ["دکتر م. رضایی آمد.", "رفت."]),  # Persian initial
    ("fa", "در سال ۱۳۹۸ ه.ش. تصویب شد. بعد.", ["در سال ۱۳۹۸ ه.ش. تصویب شد.", "بعد."]),
    ("en", "Dr. Smith came. He left.", ["Dr. Smith came.", "He left."]),
    ("en", "Pi is 3.14. Next.", ["Pi is 3.14.", "Next."]),
    ("en", "The U.S. and Iran met. Talks ended.", ["The U.S. and Iran met.", "Talks ended."]),
    ("en", "Wait... and then? Yes.", ["Wait... and then?", "Yes."]),
    ("en", 'He said "Go." Then left.', ['He said "Go."', "Then left."]),
    ("en", "Mr. J. Smith spoke. Done.", ["Mr. J. Smith spoke.", "Done."]),
    ("en", "(See the note. It helps.) Then go.", ["(See the note. It helps.)", "Then go."]),
    (
        "ru",
        "Он родился в 1990 г. в Москве. Потом уехал.",
        ["Он родился в 1990 г. в Москве.", "Потом уехал."],
    ),
    ("ru", "А. С. Пушкин писал. Все читали.", ["А. С. Пушкин писал.", "Все читали."]),
    (
        "ru",
        "Рост составил 2,5 млн. руб. и т.д. Итог.",
        ["Рост составил 2,5 млн. руб. и т.д. Итог."],
    ),
    ("ru", "Правда? Да! Конечно.", ["Правда?", "Да!", "Конечно."]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_sentences(lang: str, text: str, expected: list[str]) -> None:
    assert [s.text for s in segment(text, lang)] == expected


@pytest.mark.parametrize(("lang", "text", "_"), CASES)
def test_offsets_point_into_original(lang: str, text: str, _: object) -> None:
    for s in segment(text, lang):
        assert text[s.start : s.end] == s.text


def test_line_numbers_and_blank_lines() -> None:
    text = "الف. ب.\n\nج.\r\nد."
    segs = segment(text, "fa")
    assert [(s.index, s.line, s.text) for s in segs] == [
        (1, 1, "الف."),
        (2, 1, "ب."),
        (3, 3, "ج."),
        (4, 4, "د."),
    ]
    assert [text[s.start : s.end] for s in segs] == ["الف.", "ب.", "ج.", "د."]


def test_seed_article_has_one_sentence_per_line(seed_text: str) -> None:
    segs = segment(seed_text, "fa")
    assert len(segs) == 11
    assert [s.line for s in segs] == list(range(1, 12))
    lines = seed_text.splitlines()
    assert [s.text for s in segs] == [line.strip() for line in lines]
    # The seed's first line has three ؛ and still is one sentence.
    assert segs[0].text.count("؛") == 3


def test_empty_and_whitespace() -> None:
    assert segment("", "fa") == []
    assert segment("  \n \n", "fa") == []


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a\nb", ["a", "b"]),
        ("a\nb\n", ["a", "b"]),  # a final line break ends the last line
        ("a\r\n\r\nb\r\n", ["a", "", "b"]),  # CRLF, and a blank line kept
        ("a\n\n", ["a", ""]),
        ("", [""]),
    ],
)
def test_split_lines(text: str, lines: list[str]) -> None:
    assert split_lines(text) == lines
