"""One language registry: the CLI, the detector, the model codes and the matchers read it."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.cli.common import LANG_CHOICE, TARGET_CHOICE
from toolkit.errors import ConfigError, InputError
from toolkit.glossary.model import Term
from toolkit.glossary.target import EnglishMatcher, PlainMatcher, RussianMatcher, target_matcher
from toolkit.languages import (
    LANGUAGES,
    SOURCES,
    TARGETS,
    Language,
    find,
    is_source,
    name_of,
    register,
    source,
    targets,
    unregister,
)
from toolkit.pipeline import RunOptions
from toolkit.text.numbers import check_numbers, find_target_numbers
from toolkit.text.script import LANGUAGES as NAMES
from toolkit.text.script import SCRIPTS, detect_language, ensure_language
from toolkit.text.segment import segment
from toolkit.text.translit import transliterate
from toolkit.translate.backends.codec import M2M100_CODES, MARIAN_TARGET_TOKENS, NLLB_CODES


def test_every_consumer_reads_the_registry() -> None:
    assert TARGETS == ("en", "ru") and SOURCES == ("fa",)
    assert tuple(TARGET_CHOICE.choices) == TARGETS
    assert tuple(LANG_CHOICE.choices) == (*LANGUAGES, "auto")
    assert RunOptions().targets == TARGETS
    assert set(NAMES) == set(SCRIPTS) == set(NLLB_CODES) == set(M2M100_CODES) == set(LANGUAGES)
    assert set(MARIAN_TARGET_TOKENS) == set(LANGUAGES)
    assert {code: name_of(code) for code in LANGUAGES} == NAMES


def test_the_source_language_comes_from_the_registry() -> None:
    assert source() == "fa"
    assert [code for code in (*LANGUAGES, "tr") if is_source(code)] == ["fa"]


def test_matchers_come_from_the_registry() -> None:
    assert isinstance(target_matcher("en"), EnglishMatcher)
    assert isinstance(target_matcher("ru"), RussianMatcher)
    assert isinstance(target_matcher("tr"), PlainMatcher)  # not registered: whole words


def test_detection_by_registered_script() -> None:
    assert detect_language("Это русский текст.") == "ru"
    assert detect_language("This is English.") == "en"
    assert detect_language("این متن فارسی است.") == "fa"


def test_cli_offers_only_registered_targets() -> None:
    result = CliRunner().invoke(cli, ["evaluate", "--help"])
    assert "[en|ru]" in result.output


# --- no language branch outside the language modules --------------------------------------

PACKAGE = Path(__file__).resolve().parents[1] / "toolkit"
BRANCH = re.compile(r'lang == "|lang != "|lang in \(')
ALLOWED: set[str] = set()
"""Files allowed a language branch: none (a file may be listed only while its branches move
into the language modules)."""


def branches() -> list[str]:
    hits = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("languages/") or rel in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if BRANCH.search(line):
                hits.append(f"toolkit/{rel}:{number}: {line.strip()}")
    return hits


def test_no_language_branch_outside_the_language_modules() -> None:
    assert branches() == []


def test_the_branch_test_finds_a_branch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "new.py").write_text('if lang == "en":\n    pass\n', encoding="utf-8")
    (tmp_path / "languages").mkdir()
    (tmp_path / "languages" / "en.py").write_text('x = lang == "en"\n', encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    assert branches() == ['toolkit/text/new.py:1: if lang == "en":']


# --- a target language added from outside toolkit/: tests/toy_tr.py ------------------------

TURKISH = "Bakanlık bu yıl yirmi beş sözleşme imzaladı ve iki bin beş yüz dolar harcadı."
SOURCE = "وزارت ارتباطات امسال ۲۵ قرارداد امضا کرد و ۲۵۰۰ دلار هزینه کرد."


@pytest.fixture
def turkish() -> Iterator[None]:
    register("tr", "toy_tr")
    yield
    unregister("tr")


def test_a_registered_language_is_in_the_registry(turkish: None) -> None:
    assert targets() == ("en", "ru", "tr")
    assert name_of("tr") == "Turkish" and NAMES["tr"] == "Turkish" and SCRIPTS["tr"] == "Latin"
    assert NLLB_CODES["tr"] == "tur_Latn" and MARIAN_TARGET_TOKENS["tr"] == (">>tur<<",)
    assert "tr" in TARGET_CHOICE.choices


def test_unregistered_again(turkish: None) -> None:
    unregister("tr")
    assert targets() == ("en", "ru") and find("tr") is None
    register("tr", "toy_tr")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TURKISH, [(25, "word"), (2500, "word")]),
        ("yirmi beş", [(25, "word")]),
        ("iki bin beş yüz", [(2500, "word")]),
        ("bin", [(1000, "word")]),
        ("iki buçuk milyon dolar", [(2500000, "word")]),
        ("2.500 dolar", [(2500, "digits")]),
        ("3,5 milyon", [(3500000, "decimal")]),
        ("beşinci", [(5, "ordinal")]),
    ],
)
def test_turkish_numbers(turkish: None, text: str, expected: list[tuple[float, str]]) -> None:
    assert [(n.value, n.kind) for n in find_target_numbers(text, "tr")] == expected


def test_turkish_number_check(turkish: None) -> None:
    assert check_numbers(SOURCE, TURKISH, "tr") == []
    wrong = check_numbers(SOURCE, TURKISH.replace("yirmi beş", "yirmi altı"), "tr")
    assert [(f.code, f.value) for f in wrong] == [("missing", 25)]


def test_turkish_number_check_needs_the_registration() -> None:
    with pytest.raises(ConfigError, match="English or Russian targets, not 'tr'"):
        check_numbers(SOURCE, TURKISH, "tr")


def test_turkish_terms_whole_words(turkish: None) -> None:
    term = Term.create({"fa": ["قرارداد"], "tr": ["sözleşme"]}, id="t1")
    matcher = target_matcher("tr")
    assert [m.surface for m in matcher.find(TURKISH, term)] == ["sözleşme"]
    assert matcher.find("Bakanlık bu yıl sözleşmeler imzaladı.", term) == []  # whole words


def test_turkish_detected_apart_from_english(turkish: None) -> None:
    assert detect_language(TURKISH) == "tr"
    assert detect_language("This is English, with the words it uses most.") == "en"
    assert detect_language("Hello world") == "en"  # no stop word of either: the first one
    assert ensure_language(TURKISH, "tr") == "tr"
    with pytest.raises(InputError, match="looks like Turkish"):
        ensure_language(TURKISH, "en")


def test_three_latin_languages(turkish: None) -> None:
    german = Language(
        "de", "German", "Latin", stopwords=frozenset("der die das und ist nicht mit".split())
    )
    register("de", german)
    try:
        assert detect_language("Das Ministerium und die Firma sind nicht hier.") == "de"
        assert detect_language(TURKISH) == "tr"
        assert detect_language("The ministry and the company are not here.") == "en"
    finally:
        unregister("de")


def test_turkish_names_and_sentences(turkish: None) -> None:
    assert transliterate("جواد شریفی", "tr").text == "Cavad Şarifi"
    assert [s.text for s in segment("Dr. Yılmaz geldi. Sonra gitti.", "tr")] == [
        "Dr. Yılmaz geldi.",
        "Sonra gitti.",
    ]


def test_turkish_without_registration_is_refused_plainly() -> None:
    with pytest.raises(ConfigError, match="unsupported language 'tr'"):
        transliterate("جواد", "tr")
