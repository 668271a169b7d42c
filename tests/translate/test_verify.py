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
    # a form added beside a phrase that shares most of its words: the sentence's words align
    # with each other, not with the form's (a random chat model's line, all terms inserted)
    (
        "en",
        "Ministry of Information and Communications Technology Ambassador of Iran",
        "Ministry of Information and Communications Technology Deputy Minister of Information"
        " and Communications Technology Ambassador of Iran",
        "Deputy Minister of Information and Communications Technology",
        None,
    ),
    (
        "ru",
        "посол Ирана в России и министерство связи",
        "посол Ирана в России и заместитель министра связи министерство связи",
        "заместитель министра связи",
        None,
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
        "«government»",
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
    # a form that shares words with a phrase beside it is still no licence to change it
    (
        "en",
        "the Ministry of Information and Communications Technology and the Ambassador",
        "the Ministry of Deputy Minister of Information and Communications Technology and the"
        " Ambassador",
        "Deputy Minister of Information and Communications Technology",
        None,
        "«Information», «and», «Communications», «Technology»",
    ),
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


# A continuation after a forced form may leave out the model's own words for the term right
# after it: (lang, before, after, form, None if accepted, else what the reason says)
CONTINUATIONS = [
    (
        "en",
        "It was signed.",
        "Memorandum of understanding was signed.",
        "Memorandum of understanding",
        None,
    ),
    ("en", "signed contracts with Russia", "signed agreements with Russia", "agreements", None),
    ("ru", "подписали контракты с Россией", "подписали соглашения с Россией", "соглашения", None),
    # more words gone than the form has, plus one: a clause lost with the term
    (
        "en",
        "accompanied by government officials and representatives of 16 companies",
        "accompanied by state officials of 16 companies",
        "state officials",
        "«representatives»",
    ),
    # the run ends in a preposition: the sentence's structure, not the term
    ("en", "signed a contract with Russia", "signed an agreement Russia", "agreement", "«with»"),
    # words gone elsewhere are lost, wherever the form went
    (
        "en",
        "signed contracts with Russia on Friday",
        "signed agreements with Russia",
        "agreements",
        "«Friday»",
    ),
]


@pytest.mark.parametrize(("lang", "before", "after", "form", "reason"), CONTINUATIONS)
def test_a_continuation_may_leave_out_the_models_own_words_for_the_term_and_nothing_else(
    lang: str, before: str, after: str, form: str, reason: str | None
) -> None:
    why = check_edit(before, after, lang, form, absorbs=True)
    assert (why is None) if reason is None else (why is not None and reason in why), why


def test_a_form_placed_before_a_possessive_is_found_and_the_possessive_is_grammar() -> None:
    before = "The advantage of the ICT Ministry's engagement is clear."
    after = "The advantage of the Ministry of Communications's engagement is clear."
    assert (
        check_edit(before, after, "en", "Ministry of Communications", span(before, "ICT Ministry"))
        is None
    )
