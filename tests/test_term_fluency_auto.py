"""The automatic split of ``benchmarks/term_fluency.py``: its hand-written synonym list, the
draw, the variant glossary it writes, and its reference-free counts on small hand-checked
cases (no stand-in model runs here)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from builders import ROOT, load_benchmark

from toolkit.glossary.validate import load_glossary
from toolkit.translate.base import TermOutcome

BENCH = load_benchmark("term_fluency")
DOMAIN = load_glossary(ROOT / "glossaries" / "iran-russia-ict.tsv")
BY_LABEL = {t.label: t for t in DOMAIN.terms}
SYNONYMS = BENCH.synonyms()


def test_the_synonym_list_parses_into_entries_with_one_to_three_synonyms() -> None:
    assert len(SYNONYMS) >= 2 * BENCH.AUTO_ENTRIES
    assert len({s.fa for s in SYNONYMS}) == len(SYNONYMS)
    for s in SYNONYMS:
        assert s.en or s.ru, s.fa
        for lang in ("en", "ru"):
            assert len(s.get(lang)) <= 3, s.fa
            assert len(set(s.get(lang))) == len(s.get(lang)), s.fa


@pytest.mark.parametrize("entry", SYNONYMS, ids=lambda s: s.fa)
def test_a_synonym_entry_is_a_domain_entry_found_in_the_seed(entry: object) -> None:
    assert entry.fa in BY_LABEL  # type: ignore[attr-defined]
    assert entry.fa in BENCH.seed_occurrences()  # type: ignore[attr-defined]


@pytest.mark.parametrize("entry", SYNONYMS, ids=lambda s: s.fa)
def test_no_synonym_is_the_entrys_own_rendering(entry: object) -> None:
    term = BY_LABEL[entry.fa]  # type: ignore[attr-defined]
    for lang in ("en", "ru"):
        own = term.preferred(lang).lower()
        for synonym in entry.get(lang):  # type: ignore[attr-defined]
            assert synonym.lower() != own
            assert synonym == synonym.strip() and "\t" not in synonym


def test_the_russian_synonyms_are_cyrillic_and_the_english_latin() -> None:
    for s in SYNONYMS:
        assert all(not any("а" <= c.lower() <= "я" for c in v) for v in s.en), s.fa
        assert all(any("а" <= c.lower() <= "я" for c in v) for v in s.ru), s.fa


def test_the_draw_is_reproducible_for_a_seed() -> None:
    assert BENCH.draw(5) == BENCH.draw(5)
    assert BENCH.draw() == BENCH.draw(BENCH.AUTO_SEED)
    assert BENCH.draw(1) != BENCH.draw(2)


@pytest.mark.parametrize("seed", [BENCH.AUTO_SEED, 0, 1, 7])
def test_the_draw_picks_eight_entries_of_the_seed_each_with_a_listed_synonym(seed: int) -> None:
    entries = BENCH.draw(seed)
    listed = {s.fa: s for s in SYNONYMS}
    found = BENCH.seed_occurrences()
    assert len(entries) == len({e.fa for e in entries}) == 8
    for e in entries:
        assert e.lines == found[e.fa] and e.lines
        for lang in ("en", "ru"):
            choices = listed[e.fa].get(lang)
            assert e.new(lang) in choices if choices else e.new(lang) == ""


def test_the_auto_glossary_changes_only_the_drawn_cells(tmp_path: Path) -> None:
    entries = BENCH.draw()
    path = tmp_path / "glossary-auto.tsv"
    BENCH.write_auto_glossary(entries, path)
    variant = {t.label: t for t in load_glossary(path).terms}
    assert list(variant) == list(BY_LABEL)
    drawn = {e.fa: e for e in entries}
    for label, term in variant.items():
        for lang in ("en", "ru"):
            if label in drawn and drawn[label].new(lang):
                assert term.get(lang) == (drawn[label].new(lang),)
            else:
                assert term.get(lang) == BY_LABEL[label].get(lang)


MINISTRY = "وزارت ارتباطات و فناوری اطلاعات"
CONTRACT = "قرارداد"
AMBASSADOR = "سفیر"
DELEGATION = "هیئت"
MOU = "تفاهم\u200cنامه"

# (term, status, replaced text, lang, unconstrained line) -> (wrong, partial)
SUBSTITUTIONS = [
    (CONTRACT, "substituted", "contracts", "en", "five contracts were signed", (0, 0)),
    (CONTRACT, "substituted", "контракта", "ru", "до стадии контракта", (0, 0)),
    (AMBASSADOR, "substituted", "Ambassador", "en", "the Iranian Ambassador", (0, 0)),
    # «после» (after) read as a form of «посол» (the case)
    (AMBASSADOR, "substituted", "после", "ru", "после двусторонних переговоров", (1, 0)),
    (DELEGATION, "substituted", "компаниями", "ru", "между компаниями двух стран", (1, 0)),
    # only the last word of the model's rendering replaced
    (
        MINISTRY,
        "substituted",
        "технологий",
        "ru",
        "Министерство информационных и коммуникационных технологий",
        (0, 1),
    ),
    (DELEGATION, "model", "companies", "en", "companies of the two countries", (0, 0)),
    # a Latin plural is a form of the rendering too
    (
        MOU,
        "substituted",
        "memoranda of understanding",
        "en",
        "20 memoranda of understanding",
        (0, 0),
    ),
]


@pytest.mark.parametrize(("term", "status", "replaced", "lang", "plain", "want"), SUBSTITUTIONS)
def test_a_replaced_text_must_be_a_form_of_the_entrys_own_rendering(
    term: str, status: str, replaced: str, lang: str, plain: str, want: tuple[int, int]
) -> None:
    outcome = TermOutcome(term, status, "x", replaced=replaced)
    translation = SimpleNamespace(segments=[SimpleNamespace(terms=[outcome])])
    assert BENCH.auto_substitutions(translation, [plain], lang) == want


def _entry(fa: str, en: str = "", ru: str = "", lines: tuple[int, ...] = (0,)) -> object:
    return BENCH.AutoEntry(fa, en, ru, lines)


# (drawn entries, unconstrained line, enforced line, lang) -> collateral words
COLLATERAL = [
    ([_entry(CONTRACT, en="agreement")], "five contracts", "five agreements", "en", 0),
    # the entry does not occur in this line: both words count
    ([_entry(CONTRACT, en="agreement", lines=(1,))], "five contracts", "five agreements", "en", 2),
    ([_entry(DELEGATION, en="mission")], "the companies", "the missions", "en", 1),
    (
        [_entry(CONTRACT, ru="соглашение")],
        "ряд контрактов между компаниями",
        "ряд соглашений между компаниями",
        "ru",
        0,
    ),
    # the model's gloss kept beside the synonym: no collateral, but a doubled phrase
    ([_entry(MOU, en="MoU")], "20 memoranda of understanding (MoUs)", "20 MoUs (MoUs)", "en", 0),
    # English left alone: a change there is collateral
    ([_entry(CONTRACT, ru="соглашение")], "five contracts", "five agreements", "en", 2),
]


@pytest.mark.parametrize(("entries", "plain", "enforced", "lang", "want"), COLLATERAL)
def test_collateral_counts_words_changed_outside_the_drawn_entries_wording(
    entries: list[object], plain: str, enforced: str, lang: str, want: int
) -> None:
    lines = [plain, "another line"]
    out = [enforced, "another line"]
    assert BENCH.auto_collateral(lines, out, entries, lang)[0] == want


def test_a_synonym_pasted_beside_the_models_gloss_is_a_doubled_phrase() -> None:
    assert BENCH.doubled(["20 memoranda of understanding (MoUs)"], ["20 MoUs (MoUs)"]) == 1


def test_placed_counts_the_drawn_occurrences_that_did_not_fail() -> None:
    entries = [_entry(CONTRACT, en="agreement", lines=(0, 1, 2)), _entry(AMBASSADOR, ru="x")]
    terms = [
        TermOutcome(CONTRACT, "substituted"),
        TermOutcome(CONTRACT, "failed"),
        TermOutcome(CONTRACT, "model"),
        TermOutcome(AMBASSADOR, "failed"),  # not changed in English
        TermOutcome(MINISTRY, "inserted"),  # not drawn
    ]
    translation = SimpleNamespace(segments=[SimpleNamespace(terms=terms)])
    assert BENCH.placed(translation, entries, "en") == (2, 3)
    assert BENCH.placed(translation, entries, "ru") == (0, 1)
