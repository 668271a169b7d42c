"""Glossary suggestions: what a translator would put in a glossary for any article."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from builders import ROOT, SEED, build_glossary

from toolkit.glossary.formats import dump_glossary
from toolkit.glossary.suggest import Suggestion, Suggestions, _is_entry, suggest
from toolkit.glossary.validate import check_file, load_glossary
from toolkit.text.normalize import key_of

SEED_TEXT = SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed() -> Suggestions:
    return suggest(SEED_TEXT)


def find(result: Suggestions, kind: str, fa: str) -> Suggestion | None:
    return next((s for s in result.items if s.kind == kind and key_of(s.fa) == key_of(fa)), None)


def within_one_letter(a: str, b: str) -> bool:
    ops = difflib.SequenceMatcher(None, a, b).get_opcodes()
    changed = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
    return changed <= 1


# -- the seed, with no glossary (the done-when) -------------------------------------


@pytest.mark.parametrize(
    ("fa", "en", "ru"),
    [
        ("میثم عابدی", "Meysam Abedi", "Мейсам Абеди"),
        ("کاظم جلالی", "Kazem Jalali", "Казем Джалали"),
    ],
)
def test_seed_people_are_found_and_transliterated(
    seed: Suggestions, fa: str, en: str, ru: str
) -> None:
    person = find(seed, "person", fa)
    assert person is not None
    assert within_one_letter(person.rendering("en").text, en)  # type: ignore[union-attr]
    assert within_one_letter(person.rendering("ru").text, ru)  # type: ignore[union-attr]
    assert {r.method for _, r in person.renderings} == {"transliterated"}


def test_a_lone_surname_counts_as_the_person_and_is_an_entry_of_its_own(
    seed: Suggestions,
) -> None:
    jalali = find(seed, "person", "کاظم جلالی")
    assert jalali is not None and jalali.count == 2 and "surname alone" in jalali.evidence
    surname = find(seed, "person", "جلالی")
    assert surname is not None and surname.rendering("en").text == "Jalali"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kind", "fa", "en", "ru"),
    [
        ("place", "مسکو", "Moscow", "Москва"),
        ("org", "خبرگزاری مهر", "Mehr News Agency", "агентство Мехр"),
        (
            "org",
            "وزارت ارتباطات و فناوری اطلاعات",
            "Ministry of Information and Communications Technology",
            None,
        ),
        ("place", "جمهوری اسلامی ایران", "Islamic Republic of Iran", "Исламская Республика Иран"),
        ("place", "فدراسیون روسیه", "Russian Federation", "Российская Федерация"),
    ],
)
def test_seed_places_and_institutions_come_from_the_gazetteer(
    seed: Suggestions, kind: str, fa: str, en: str, ru: str | None
) -> None:
    found = find(seed, kind, fa)
    assert found is not None, [s.fa for s in seed.items]
    assert found.rendering("en").text == en  # type: ignore[union-attr]
    if ru is not None:
        assert found.rendering("ru").text == ru  # type: ignore[union-attr]
    assert found.rendering("en").method == "gazetteer"  # type: ignore[union-attr]


def test_seed_domain_terms(seed: Suggestions) -> None:
    wanted = [
        "ترانزیت داده",
        "دولت هوشمند",
        "زیرساخت پستی",
        "امنیت سایبری",
        "هوش مصنوعی",
        "تجهیزات زیرساختی",
    ]
    found = [w for w in wanted if find(seed, "term", w)]
    assert len(found) >= 4, found


def test_seed_suggestions_as_tsv_pass_the_glossary_check(seed: Suggestions, tmp_path: Path) -> None:
    path = tmp_path / "suggested.tsv"
    path.write_text(dump_glossary(seed.glossary(), "tsv"), encoding="utf-8")
    report = check_file(path)
    assert report.errors == [], report.errors
    assert report.terms >= 8


def test_entries_of_the_given_glossary_are_skipped() -> None:
    domain = load_glossary(ROOT / "glossaries" / "iran-russia-ict.tsv")
    result = suggest(SEED_TEXT, glossary=domain)
    assert result.skipped >= 5
    for fa in ("میثم عابدی", "کاظم جلالی", "مسکو", "خبرگزاری مهر", "هوش مصنوعی"):
        assert not any(key_of(s.fa) == key_of(fa) for s in result.items), fa


# -- each pattern on its own --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "fa", "evidence"),
    [
        # A given name from the list, then a surname by rules.
        ("دیروز میثم قربان‌زاده‌فر به تبریز رفت.", "person", "میثم قربان‌زاده‌فر", "given name"),
        # A given name of the one name list that the glossary's list lacked (issue 25).
        ("دیروز ژاله مرادی به تبریز رفت.", "person", "ژاله مرادی", "given name"),
        # A name in apposition to a title at the start of a sentence.
        (
            "ژوبین سرکاراتی، معاون وزیر نیرو، گفت: کار ادامه دارد.",
            "person",
            "ژوبین سرکاراتی",
            "apposition to a title",
        ),
        # Two words before a verb of saying at the start of a sentence.
        ("ژوبین سرکاراتی گفت: کار ادامه دارد.", "person", "ژوبین سرکاراتی", "speaker of گفت"),
        # Two words between a title and a verb of saying.
        (
            "سفیر ژوبین سرکاراتی گفت: کار ادامه دارد.",
            "person",
            "ژوبین سرکاراتی",
            "named after a title, speaker of گفت",
        ),
        # An institution by its head noun.
        (
            "انجمن صنفی کارفرمایان صنعت مخابرات اعلام کرد که کار ادامه دارد.",
            "org",
            "انجمن صنفی کارفرمایان صنعت مخابرات",
            "institution head",
        ),
        # The items of an enumeration.
        (
            "در حوزه‌هایی همچون انرژی هسته‌ای، فناوری نانو و زیست فناوری پیشرفته همکاری می‌کنند.",
            "term",
            "فناوری نانو",
            "listed after همچون",
        ),
        # A place from the gazetteer.
        ("این محموله از بندرعباس به آستاراخان رسید.", "place", "آستاراخان", "gazetteer"),
    ],
)
def test_each_pattern(text: str, kind: str, fa: str, evidence: str) -> None:
    found = find(suggest(text), kind, fa)
    assert found is not None, [(s.kind, s.fa) for s in suggest(text).items]
    assert evidence in found.evidence


def test_a_weak_institution_head_alone_is_not_an_institution() -> None:
    # شرکت here is "taking part", not "company".
    result = suggest("هیأت ایرانی برای شرکت در نمایشگاه به مسکو رفت.")
    assert not [s for s in result.items if s.kind == "org"]


def test_an_entity_never_spans_a_sentence_break() -> None:
    # A one-word sentence before the apposition: the person is the two words after the break.
    result = suggest("همکاری.\nسرکاراتی، معاون وزیر نیرو، گفت: کار ادامه دارد.")
    people = [s.fa for s in result.items if s.kind == "person"]
    assert all("\n" not in fa and "." not in fa for fa in people), people


def test_a_latin_word_between_two_persian_words_separates_them() -> None:
    # Two companies named in Latin letters are not one institution شرکت ... روسیه.
    text = "شرکت Gazprom روسیه و شرکت Rosneft روسیه قرارداد بستند. شرکت Gazprom روسیه گفت."
    orgs = [s.fa for s in suggest(text).items if s.kind == "org"]
    assert not any("روسیه" in fa and fa.startswith("شرکت") for fa in orgs), orgs


def test_repeated_terms_respect_min_count_and_count_spelling_variants_as_one() -> None:
    text = (
        "پروژه‌های مشترک دو طرف آغاز شد.\n"
        "نخستین پروژه مشترک در تهران است.\n"
        "پروژههای مشترک دیگر نیز در راه است.\n"
    )
    term = find(suggest(text, min_count=3), "term", "پروژه مشترک")
    assert term is not None and term.count == 3
    assert find(suggest(text, min_count=4), "term", "پروژه مشترک") is None


def test_terms_without_a_rendering_are_listed_but_not_in_the_glossary() -> None:
    result = suggest("در حوزه‌هایی همچون فناوری نانو و زیست فناوری پیشرفته همکاری می‌کنند.")
    term = find(result, "term", "فناوری نانو")
    assert term is not None and term.renderings == ()
    assert term in result.unrendered
    assert all(t.domain != "term" for t in result.glossary())


def test_a_renderer_fills_what_no_gazetteer_covers() -> None:
    calls = []

    def render(phrases: list[str], lang: str) -> list[str | None]:
        calls.append(lang)
        return [f"<{lang}:{p}>" if lang == "en" else None for p in phrases]

    result = suggest(
        "در حوزه‌هایی همچون فناوری نانو و زیست فناوری پیشرفته همکاری می‌کنند.", render=render
    )  # type: ignore[arg-type]
    term = find(result, "term", "فناوری نانو")
    assert term is not None
    assert term.rendering("en").method == "model"  # type: ignore[union-attr]
    assert term.rendering("ru") is None
    assert calls == ["en", "ru"]


def test_min_count_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="min_count"):
        suggest("متن", min_count=0)


def test_a_form_is_known_to_the_glossary_only_as_a_whole_variant_of_the_same_key() -> None:
    # What suggest() skips besides the spans the glossary matches in the text.
    glossary = build_glossary(
        [("جلالی", "Jalali", "Джалали", {"pos": "propn"}), ("عابدی", "Abedi", "Абеди")]
    )
    assert _is_entry("جلالی", glossary) and _is_entry("عابدی", glossary)
    assert not _is_entry("جلالی‌ها", glossary) and not _is_entry("کاظم جلالی", glossary)
    assert not _is_entry("جلال", glossary) and not _is_entry("", glossary)
    assert _is_entry("عابدي", glossary)  # Arabic yeh: the same key
