"""The Persian person finder (issue 25): hand-checked sentences, one row each."""

from __future__ import annotations

import pytest

from toolkit.text.normalize import key_of
from toolkit.text.persons import (
    find_persons,
    given_names,
    reports_speech,
    speech_at,
    subject_start,
    tokenize,
)

# (text, titles the caller found as token ranges, expected mentions as
#  (given, surname, title, evidence)); the people are invented.
CASES = [
    # a title, then a name and a verb of saying
    (
        "سفیر ژوبین سرکاراتی گفت: کار ادامه دارد.",
        [(0, 1)],
        [("ژوبین", "سرکاراتی", "سفیر", "named after a title, speaker of گفت")],
    ),
    # a listed given name in apposition to a title: the title is the mention's
    (
        "میثم عابدی، معاون وزیر نیرو، گفت: کار ادامه دارد.",
        [],
        [("میثم", "عابدی", "معاون وزیر نیرو", "given name")],
    ),
    # an unlisted name in apposition to a title the caller found
    (
        "ژوبین سرکاراتی، معاون وزیر نیرو، گفت: کار ادامه دارد.",
        [(2, 5)],
        [("ژوبین", "سرکاراتی", "معاون وزیر نیرو", "apposition to a title")],
    ),
    # a name before a compound verb of saying
    (
        "ژوبین سرکاراتی تصریح کرد که کار ادامه دارد.",
        [],
        [("ژوبین", "سرکاراتی", None, "speaker of تصریح کرد")],
    ),
    # a name before a detached می and its verb
    (
        "ژوبین سرکاراتی می گوید: کار ادامه دارد.",
        [],
        [("ژوبین", "سرکاراتی", None, "speaker of می گوید")],
    ),
    # a given name alone in mid-sentence, with a surname by rules
    (
        "دیروز میثم قربان‌زاده‌فر به تبریز رفت.",
        [],
        [("میثم", "قربان‌زاده‌فر", None, "given name")],
    ),
    # a given name the summarizer's list had and the glossary's did not
    ("دیروز ژاله مرادی به تبریز رفت.", [], [("ژاله", "مرادی", None, "given name")]),
    # an honorific and two given names; a detached name part
    (
        "سید محمد جواد ملک زاده به تبریز رفت.",
        [],
        [("سید محمد جواد", "ملک زاده", None, "given name")],
    ),
    # a surname alone later: a mention of the same person
    (
        "کاظم جلالی به مسکو رفت. جلالی افزود: کار ادامه دارد.",
        [],
        [
            ("کاظم", "جلالی", None, "given name"),
            (None, "جلالی", None, "surname alone"),
        ],
    ),
    # not people: an institution, a title and a thing before a verb of saying
    ("سازمان هواشناسی اعلام کرد که باران می‌بارد.", [], []),
    ("وزیر نیرو گفت: برق قطع نمی‌شود.", [], []),
    ("این طرح تا پایان سال ۱۴۰۵ اجرا می‌شود.", [], []),
    # a given name followed by a title word is no name
    ("علی وزیر شد.", [], []),
]


@pytest.mark.parametrize(("text", "titles", "expected"), CASES)
def test_find_persons(
    text: str,
    titles: list[tuple[int, int]],
    expected: list[tuple[str | None, str | None, str | None, str]],
) -> None:
    found = find_persons(text, titles=titles)
    assert [(m.given, m.surname, m.title, m.evidence) for m in found] == expected
    for m in found:
        assert text[m.span[0] : m.span[1]].replace(" ", "") == m.text.replace(" ", "")


def test_a_lone_surname_points_at_its_full_name() -> None:
    first, second = find_persons("کاظم جلالی به مسکو رفت. جلالی افزود: کار ادامه دارد.")
    assert second.full == first
    assert first.key == f"{key_of('کاظم')} {key_of('جلالی')}"


def test_taken_words_are_no_names() -> None:
    text = "دیروز میثم عابدی به تبریز رفت."
    assert find_persons(text, taken={1})[:1] == ()


# (text, token index, how many tokens the verb of saying takes)
SPEECH = [
    ("او گفت", 1, 1),
    ("او تصریح کرد", 1, 2),
    ("او اظهار داشت", 1, 2),
    ("او یادآور شد", 1, 2),
    ("او خاطرنشان ساخت", 1, 2),
    ("او گفته است", 1, 2),
    ("او می گوید", 1, 2),
    ("او به تبریز رفت", 1, 0),
    ("او تصریح", 1, 0),
]


@pytest.mark.parametrize(("text", "k", "size"), SPEECH)
def test_speech_at(text: str, k: int, size: int) -> None:
    assert speech_at(tokenize(text), k) == size


@pytest.mark.parametrize(
    ("text", "expected"),
    [("او گفت که کار ادامه دارد.", True), ("نتیجه: کار ادامه دارد.", True), ("کار ماند.", False)],
)
def test_reports_speech(text: str, expected: bool) -> None:
    assert reports_speech(text, tokenize(text)) is expected


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("به گزارش ایرنا، وزیر نیرو گفت", "وزیر"),
        ("به گزارش IRNA، وزیر نیرو گفت", "وزیر"),
        ("همچنین به گفته وی کار ادامه دارد", "وی"),
        ("وزیر نیرو گفت", "وزیر"),
    ],
)
def test_subject_start(text: str, subject: str) -> None:
    toks = tokenize(text)
    assert toks[subject_start(toks)].text == subject


def test_tokens_say_what_separates_them() -> None:
    toks = tokenize("عابدی، معاون\nوزیر")
    assert [t.text for t in toks] == ["عابدی", "معاون", "وزیر"]
    assert [t.brk for t in toks] == [True, True, True]
    assert [t.closes for t in toks] == [True, False, False]
    assert [t.line for t in toks] == [1, 1, 2]


def test_one_name_list() -> None:
    # the summarizer's former given names and the transliteration list's are one list
    assert {key_of(w) for w in ("ژاله", "پویا", "ایرج", "علی")} <= given_names()
