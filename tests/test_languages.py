"""One language registry: the CLI, the detector, the model codes and the matchers read it."""

from __future__ import annotations

from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.cli.common import LANG_CHOICE, TARGET_CHOICE
from toolkit.glossary.target import EnglishMatcher, PlainMatcher, RussianMatcher, target_matcher
from toolkit.languages import LANGUAGES, SOURCES, TARGETS, name_of
from toolkit.pipeline import RunOptions
from toolkit.text.script import LANGUAGES as NAMES
from toolkit.text.script import SCRIPTS, detect_language
from toolkit.translate.backends.codec import M2M100_CODES, MARIAN_TARGET_TOKENS, NLLB_CODES


def test_every_consumer_reads_the_registry() -> None:
    assert TARGETS == ("en", "ru") and SOURCES == ("fa",)
    assert tuple(TARGET_CHOICE.choices) == TARGETS
    assert tuple(LANG_CHOICE.choices) == (*LANGUAGES, "auto")
    assert RunOptions().targets == TARGETS
    assert set(NAMES) == set(SCRIPTS) == set(NLLB_CODES) == set(M2M100_CODES) == set(LANGUAGES)
    assert set(MARIAN_TARGET_TOKENS) == set(LANGUAGES)
    assert {code: name_of(code) for code in LANGUAGES} == NAMES


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
