import pytest

from toolkit.errors import InputError
from toolkit.text.script import detect_language, ensure_language

DETECT = [
    ("سلام دنیا، این یک متن فارسی است.", "fa"),
    ("Hello world, this is English.", "en"),
    ("Привет, мир! Это русский текст.", "ru"),
    ("وزارت ارتباطات (ICT) گفت", "fa"),
    ("١٢٣ ... !!!", None),
    ("هذا نص عربي مكتوب باللغة العربية الفصحى ويحتوي على كلمات كثيرة جدا في الجملة.", "ar"),
]


@pytest.mark.parametrize(("text", "lang"), DETECT)
def test_detect_language(text: str, lang: str | None) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        ("Hello world", "fa", "looks like English"),
        ("Привет мир", "en", "looks like Russian"),
        ("سلام دنیا", "ru", "looks like Persian"),
        ("1234 !!", "auto", "no letters"),
        (
            "هذا نص عربي مكتوب باللغة العربية الفصحى ويحتوي على كلمات كثيرة جدا في الجملة.",
            "fa",
            "Arabic, not Persian",
        ),
    ],
)
def test_wrong_language_is_refused(text: str, lang: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        ensure_language(text, lang)


def test_auto_accepts_each_language() -> None:
    assert ensure_language("سلام", "auto") == "fa"
    assert ensure_language("hello", "auto") == "en"
    assert ensure_language("привет", "auto") == "ru"
