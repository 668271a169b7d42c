"""Output in the wrong language (English asked for Russian, the Persian copied through) is a
finding on its segment, never a failure: the engine retries it, then goes through the
fallback (a pivot), then keeps it and reports it; the evaluator reports it per segment, and
refuses a whole file in the wrong language only when asked to (``toolkit evaluate``)."""

from __future__ import annotations

from typing import Any

import pytest

from toolkit.errors import InputError
from toolkit.evaluate.report import evaluate
from toolkit.signature import Signature
from toolkit.text.offtarget import MIN_LETTERS, off_target
from toolkit.translate.backends.base import Hypothesis
from toolkit.translate.base import ALL_CAPABILITIES, Translator
from toolkit.translate.engine import TranslateOptions, TranslationEngine

RUSSIAN = "Делегации двух стран подписали соглашение о сотрудничестве."
ENGLISH = "The delegations of the two countries signed a cooperation agreement."
PERSIAN = "هیئت‌های دو کشور توافقنامه همکاری امضا کردند."

# (text, target, language found or None): judged by script, and only from MIN_LETTERS
# letters on, so that a number, a name or an acronym alone is never off target.
CASES = [
    (RUSSIAN, "ru", None),
    (ENGLISH, "ru", "en"),
    (PERSIAN, "ru", "fa"),
    (ENGLISH, "en", None),
    (RUSSIAN, "en", "ru"),
    (PERSIAN, "en", "fa"),
    ("1404", "ru", None),
    ("12 000 000 000 $ / 2025-12-06", "ru", None),
    ("Mehr", "ru", None),
    ("Seyed Abbas Araghchi", "ru", None),  # a name: 18 letters, under MIN_LETTERS
    ("IT, ICT, CRA, UNESCO", "ru", None),
    ("Москва", "en", None),
    ("Агентство Mehr сообщило, что IT-сектор вырос на 12%.", "ru", None),  # Latin names in Russian
    ("Mehr News Agency reported that the IT sector grew.", "ru", "en"),
    ("", "ru", None),
]


@pytest.mark.parametrize(("text", "lang", "found"), CASES)
def test_a_segment_is_judged_by_its_script(text: str, lang: str, found: str | None) -> None:
    wrong = off_target(text, lang)
    assert (wrong.found if wrong else None) == found


def test_the_minimum_is_letters_not_characters() -> None:
    assert MIN_LETTERS == 20
    assert off_target("a" * (MIN_LETTERS - 1), "ru") is None
    assert off_target("a" * MIN_LETTERS, "ru") is not None
    assert off_target("a1 " * 30, "ru") is not None  # 30 letters among digits


class Scripted(Translator):
    """Answers each pass from a table: source → texts for the first pass, the off-target
    retry (a beam: several hypotheses) and so on; the last entry repeats."""

    capabilities = ALL_CAPABILITIES

    def __init__(self, answers: dict[str, list[list[str]]], target: str = "ru") -> None:
        self.source_language, self.target_language = "fa", target
        self.answers = answers
        self.calls: dict[str, int] = {}

    def generate(self, sources: list[str], **kw: Any) -> list[list[Hypothesis]]:
        out = []
        for s in sources:
            k = self.calls.get(s, 0)
            self.calls[s] = k + 1
            texts = self.answers[s][min(k, len(self.answers[s]) - 1)]
            out.append([Hypothesis(t, -0.1 * j) for j, t in enumerate(texts)])
        return out

    def score(self, sources: list[str], targets: list[str]) -> list[float]:
        return [0.0] * len(targets)

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(t.split()) for t in texts]

    @property
    def max_source_tokens(self) -> int:
        return 100

    @property
    def signature(self) -> Signature:
        return Signature.create("model", model=f"scripted-{id(self)}")


FAST = TranslateOptions(num_hypotheses=2, beam_size=2)
S1, S2, S3 = (
    "دو کشور توافق کردند.",
    "این نشست در تهران برگزار شد.",
    "همکاری ادامه خواهد داشت.",
)


def test_the_retry_keeps_the_first_hypothesis_in_the_target_language() -> None:
    translator = Scripted(
        {
            S1: [[ENGLISH], [ENGLISH, RUSSIAN]],  # the retry's beam has a Russian one
            S2: [[RUSSIAN]],
        }
    )
    tr = TranslationEngine(translator, options=FAST).translate(f"{S1}\n{S2}")
    assert tr.lines == (RUSSIAN, RUSSIAN)
    assert all(not s.problems for s in tr.segments)
    assert translator.calls == {S1: 2, S2: 1}  # only the off-target sentence is retried


def test_the_fallback_is_tried_after_the_retry() -> None:
    translator = Scripted({S1: [[ENGLISH]]})
    pivot = Scripted({S1: [[RUSSIAN]]})
    tr = TranslationEngine(translator, options=FAST, fallback=pivot).translate(S1)
    assert tr.lines == (RUSSIAN,)
    assert not tr.segments[0].problems
    assert translator.calls == {S1: 2} and pivot.calls == {S1: 1}
    # The fallback is part of what determines the output: in the signature (and memory key).
    assert "fallback" in tr.signature.setting("off_target")


@pytest.mark.parametrize("wrong", [ENGLISH, PERSIAN])
def test_output_still_off_target_is_kept_and_reported(wrong: str) -> None:
    translator = Scripted({S1: [[wrong]], S2: [[RUSSIAN]], S3: [["42"]]})
    tr = TranslationEngine(translator, options=FAST).translate(f"{S1}\n{S2}\n{S3}")
    assert tr.lines[1:] == (RUSSIAN, "42")  # a number alone is never off target
    reported = [[p for p in s.problems if p.kind == "off-target"] for s in tr.segments]
    assert [len(r) for r in reported] == [1, 0, 0]
    assert tr.lines[0]  # kept: the segment is written, not dropped
    found = "English" if wrong == ENGLISH else "Persian"
    assert f"looks like {found}" in reported[0][0].message


SOURCE = f"{S1}\n{S2}\n{S3}"


def test_evaluate_reports_each_off_target_segment_of_the_toolkits_own_output() -> None:
    hypothesis = f"{ENGLISH}\n{RUSSIAN}\n{ENGLISH}"
    report = evaluate(SOURCE, hypothesis, "ru", whole_language=False)
    found = [(f.segment, f.severity, f.kind) for f in report.of("off-target")]
    assert found == [(1, "error", "off-target"), (3, "error", "off-target")]
    assert report.off_target == 2
    data = report.to_dict()
    assert [s["segment"] for s in data["off_target"]["segments"]] == [1, 3]
    assert data["summary"]["by_check"]["off-target"] == {"error": 2, "warning": 0}


def test_a_whole_translation_in_the_wrong_language_is_still_findings_not_a_refusal() -> None:
    hypothesis = f"{ENGLISH}\n{ENGLISH}\n{ENGLISH}"
    report = evaluate(SOURCE, hypothesis, "ru", whole_language=False)
    assert report.off_target == 3


def test_toolkit_evaluate_still_refuses_a_whole_file_in_the_wrong_language() -> None:
    hypothesis = f"{ENGLISH}\n{ENGLISH}\n{ENGLISH}"
    with pytest.raises(InputError, match="looks like English, not Russian"):
        evaluate(SOURCE, hypothesis, "ru")


def test_persian_copied_through_is_reported_once_and_counted_off_target() -> None:
    report = evaluate(SOURCE, f"{PERSIAN}\n{RUSSIAN}\n{RUSSIAN}", "ru", whole_language=False)
    assert [f.kind for f in report.findings if f.segment == 1 and f.severity == "error"] == [
        "segment"
    ]  # the untranslated check's
    assert report.off_target == 1
