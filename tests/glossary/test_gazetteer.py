"""The shipped gazetteers: well-formed, unambiguous, and the established names."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.glossary.formats import dump_glossary
from toolkit.glossary.gazetteer import gazetteer
from toolkit.glossary.validate import check_file
from toolkit.text.normalize import key_of
from toolkit.text.script import profile

GAZETTEER = gazetteer()


def test_every_entry_has_all_three_languages_in_their_scripts() -> None:
    for term in GAZETTEER:
        for lang, script in (("fa", "Arabic"), ("en", "Latin"), ("ru", "Cyrillic")):
            assert term.get(lang), (term.id, lang)
            for variant in term.get(lang):
                assert profile(variant).share(script) == 1.0, (term.id, variant)
                assert not set(variant) & set("يك"), (term.id, variant)  # Persian ی and ک


def test_no_persian_spelling_names_two_entries() -> None:
    owner: dict[str, str] = {}
    for term in GAZETTEER:
        for variant in term.get("fa"):
            key = key_of(variant)
            assert owner.setdefault(key, term.id) == term.id, (variant, owner[key], term.id)


def test_the_gazetteer_as_a_glossary_passes_the_check(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.tsv"
    path.write_text(dump_glossary(GAZETTEER, "tsv"), encoding="utf-8")
    assert check_file(path).errors == []


@pytest.mark.parametrize(
    ("fa", "domain", "en", "ru"),
    [
        ("مسکو", "place", "Moscow", "Москва"),
        ("تهران", "place", "Tehran", "Тегеран"),
        ("اصفهان", "place", "Isfahan", "Исфахан"),
        ("مشهد", "place", "Mashhad", "Мешхед"),
        ("تبریز", "place", "Tabriz", "Тебриз"),
        ("پکن", "place", "Beijing", "Пекин"),
        ("سن پترزبورگ", "place", "St Petersburg", "Санкт-Петербург"),
        ("خبرگزاری مهر", "org", "Mehr News Agency", "агентство Мехр"),
        ("جمهوری اسلامی ایران", "state", "Islamic Republic of Iran", "Исламская Республика Иран"),
        ("فدراسیون روسیه", "state", "Russian Federation", "Российская Федерация"),
        ("معاون وزیر", "title", "deputy minister", "заместитель министра"),
        ("سفیر", "title", "ambassador", "посол"),
    ],
)
def test_established_names(fa: str, domain: str, en: str, ru: str) -> None:
    term = next((t for t in GAZETTEER if key_of(fa) in map(key_of, t.get("fa"))), None)
    assert term is not None, fa
    assert (term.domain, term.preferred("en"), term.preferred("ru")) == (domain, en, ru)
