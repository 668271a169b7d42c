"""The edit guard: a placement may change the term's words and their grammar, nothing else."""

from __future__ import annotations

import pytest

from toolkit.translate.verify import check_edit


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


# (lang, before, after, form, replaced words of before or None for an added form)
ACCEPTED = [
    (
        "en",
        "signed specific contracts with them",
        "signed specific agreements with them",
        "agreements",
        "contracts",
    ),
    ("en", "signed a contract with them", "signed an agreement with them", "agreement", "contract"),
    ("en", "Five were signed.", "Five agreements were signed.", "agreements", None),
    (
        "en",
        "attended by Iran's ambassador.",
        "attended by the Iranian envoy.",
        "Iranian envoy",
        "Iran's ambassador",
    ),
    ("ru", "рост этого сотрудничества", "рост этой кооперации", "кооперации", "сотрудничества"),
    (
        "ru",
        "рассказал о направлениях сотрудничества",
        "рассказал об областях сотрудничества",
        "областях",
        "направлениях",
    ),
    (
        "ru",
        "частный сектор подписал контракты",
        "частные компании подписали контракты",
        "частные компании",
        "частный сектор",
    ),
]

# (lang, before, after, form, replaced, what the reason says)
REFUSED = [
    # words outside the term replaced (the issue's «между компаниями» → «между миссиями»)
    (
        "en",
        "a number of contracts between companies of the two countries",
        "a number of agreements between missions of the two countries",
        "agreements",
        "contracts",
        "«companies», «missions»",
    ),
    (
        "ru",
        "ряд контрактов между компаниями двух стран",
        "ряд соглашений между миссиями двух стран",
        "соглашений",
        "контрактов",
        "«компаниями», «миссиями»",
    ),
    # a continuation that dropped a clause
    (
        "en",
        "accompanied by government officials and representatives of 16 companies",
        "accompanied by state officials of 16 companies",
        "state officials",
        None,
        "«government», «and», «representatives»",
    ),
    # a phrase written twice
    (
        "en",
        "The delegation traveled to Moscow.",
        "The envoys traveled to Moscow to Moscow.",
        "envoys",
        "delegation",
        "outside the term",
    ),
    ("en", "He met the envoy.", "He met the envoy envoy.", "envoy", None, "twice"),
    # a word re-inflected far from the term is not its agreement
    (
        "ru",
        "эксперты провели в Москве на этой неделе новую встречу",
        "экспертов провели в Москве на этой неделе новую экспертную встречу",
        "экспертную",
        None,
        "«эксперты», «экспертов»",
    ),
    ("en", "They met.", "They met.", "envoy", None, "is not in the sentence"),
]


@pytest.mark.parametrize(("lang", "before", "after", "form", "replaced"), ACCEPTED)
def test_a_placement_that_changes_only_the_term_and_its_grammar_is_accepted(
    lang: str, before: str, after: str, form: str, replaced: str | None
) -> None:
    declared = span(before, replaced) if replaced else None
    assert check_edit(before, after, lang, form, declared) is None


@pytest.mark.parametrize(("lang", "before", "after", "form", "replaced", "reason"), REFUSED)
def test_a_placement_that_changes_anything_else_is_refused(
    lang: str, before: str, after: str, form: str, replaced: str | None, reason: str
) -> None:
    declared = span(before, replaced) if replaced else None
    why = check_edit(before, after, lang, form, declared)
    assert why is not None and reason in why, why
