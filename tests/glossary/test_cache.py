"""The compiled glossary index: a matcher read back matches as a fresh one; a stale, corrupt
or foreign entry is rebuilt, never trusted; a glossary that passed its checks is not checked
again; the index is never needed."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from builders import ROOT, build_glossary

import toolkit
from toolkit.errors import GlossaryError
from toolkit.glossary import cache, source, validate
from toolkit.glossary.compiled import TermTable
from toolkit.glossary.formats import dump_glossary, read_glossary
from toolkit.glossary.model import Glossary
from toolkit.glossary.source import SourceMatcher, matcher_key, source_matcher
from toolkit.glossary.trie import WordTrie
from toolkit.glossary.validate import load_glossary

DOMAIN = ROOT / "glossaries" / "iran-russia-ict.tsv"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty $TOOLKIT_HOME per test."""
    monkeypatch.setenv("TOOLKIT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def index_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """Index every glossary, however small."""
    monkeypatch.setattr(cache, "MIN_TERMS", 1)


def spans(matches: list[source.SourceMatch]) -> list[tuple[str, str, int, int, str]]:
    return [(m.term.id, m.variant, m.start, m.end, m.surface) for m in matches]


def round_trip(glossary: Glossary) -> SourceMatcher:
    """A matcher of ``glossary`` written to the index and read back."""
    key = matcher_key(glossary)
    state = SourceMatcher(glossary).state()
    assert state is not None
    cache.store("source", key, state)
    return SourceMatcher.from_state(glossary, cache.load("source", key))


def entries(home: Path, kind: str) -> list[Path]:
    """The entries of ``kind``: JSON (a matcher) or SQLite (a compiled glossary)."""
    folder = home / "glossary"
    return sorted([*folder.glob(f"{kind}-*.json"), *folder.glob(f"{kind}-*.sqlite")])


# --- a matcher read back ---------------------------------------------------------------------


def test_read_back_matcher_matches_like_a_fresh_one_on_the_seed(news_text: str) -> None:
    glossary = load_glossary(DOMAIN)
    fresh, loaded = SourceMatcher(glossary), round_trip(glossary)
    for text in [news_text, *news_text.splitlines()]:
        assert spans(loaded.find(text)) == spans(fresh.find(text))
    assert spans(loaded.find_all(news_text)) == spans(fresh.find_all(news_text))
    assert len(fresh.find(news_text)) > 100


@pytest.mark.slow
def test_read_back_matcher_matches_like_a_fresh_one_at_100k_terms(
    large_glossary: Glossary, news_text: str
) -> None:
    fresh, loaded = SourceMatcher(large_glossary), round_trip(large_glossary)
    found = fresh.find(news_text)
    assert len(found) > 1000
    assert spans(loaded.find(news_text)) == spans(found)
    assert spans(loaded.find_all(news_text)) == spans(fresh.find_all(news_text))


@pytest.mark.parametrize("read", [load_glossary, lambda p: read_glossary(p).glossary])
def test_source_matcher_writes_the_index_then_reads_it(
    home: Path,
    index_all: None,
    seed_text: str,
    monkeypatch: pytest.MonkeyPatch,
    read: Callable[[Path], Glossary],
) -> None:
    # Through the compiled glossary (keyed by the file) or read directly (keyed by the terms).
    # Every text is a long one here: the whole matcher (a short text's matcher of a compiled
    # glossary is made from its first-word table: test_termbase.py).
    monkeypatch.setattr(source, "SHORT_TEXT_WORDS", 0)
    first = source_matcher(read(DOMAIN))
    [entry] = entries(home, "source")
    written = entry.read_bytes()

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("built again")

    monkeypatch.setattr(SourceMatcher, "__init__", no_build)
    again = read(DOMAIN)  # another object: not the per-process cache
    second = source_matcher(again)
    assert second is not first
    assert spans(second.find(seed_text)) == spans(first.find(seed_text))
    assert entries(home, "source") == [entry] and entry.read_bytes() == written


def test_small_glossaries_and_no_index_leave_no_files(home: Path) -> None:
    source_matcher(load_glossary(DOMAIN))  # 60-odd terms: below cache.MIN_TERMS
    g = read_glossary(DOMAIN).glossary
    source_matcher(g, use_index=False)
    assert not (home / "glossary").exists()


# --- never trusted --------------------------------------------------------------------------


def corrupt_body(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-10] ^= 0x01
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-100])


def bad_header(path: Path) -> None:
    _, _, body = path.read_bytes().partition(b"\n")
    path.write_bytes(b"not json\n" + body)


def other_key(path: Path) -> None:
    head, _, body = path.read_bytes().partition(b"\n")
    header = json.loads(head)
    header["key"] = "0" * 64
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)


def empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize("damage", [corrupt_body, truncate, bad_header, other_key, empty])
def test_damaged_entry_is_rebuilt_and_rewritten(
    home: Path, index_all: None, seed_text: str, damage: object
) -> None:
    expected = spans(source_matcher(read_glossary(DOMAIN).glossary).find(seed_text))
    [entry] = entries(home, "source")
    good = entry.read_bytes()
    damage(entry)  # type: ignore[operator]
    assert cache.load("source", matcher_key(read_glossary(DOMAIN).glossary)) is None
    matcher = source_matcher(read_glossary(DOMAIN).glossary)
    assert spans(matcher.find(seed_text)) == expected
    assert entry.read_bytes() == good  # rebuilt and written again


def test_entry_of_the_right_checksum_but_wrong_shape_is_rebuilt(
    home: Path, index_all: None, seed_text: str
) -> None:
    glossary = read_glossary(DOMAIN).glossary
    cache.store("source", matcher_key(glossary), {"terms": len(glossary), "tries": []})
    assert spans(source_matcher(glossary).find(seed_text)) == spans(
        SourceMatcher(glossary).find(seed_text)
    )
    assert cache.load("source", matcher_key(glossary))["tries"]  # rewritten whole


def first_words_repeated(state: dict[str, object]) -> None:
    words = str(state["first_words"]).split(" ")
    state["first_words"] = " ".join([words[0], *words[:-1]])


def first_word_empty(state: dict[str, object]) -> None:
    state["first_words"] = " " + str(state["first_words"]).split(" ", 1)[1]


def first_count_short(state: dict[str, object]) -> None:
    state["first_count"] = cache.pack_ints([1])


@pytest.mark.parametrize("damage", [first_words_repeated, first_word_empty, first_count_short])
def test_first_words_of_the_wrong_shape_are_refused(damage: object) -> None:
    glossary = read_glossary(DOMAIN).glossary
    state = json.loads(json.dumps(SourceMatcher(glossary).state()))
    SourceMatcher.from_state(glossary, json.loads(json.dumps(state)))  # sound as written
    damage(state)  # type: ignore[operator]
    with pytest.raises(ValueError, match="matcher: "):
        SourceMatcher.from_state(glossary, state)


def test_a_new_version_or_new_code_is_a_miss(
    home: Path, index_all: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    glossary = read_glossary(DOMAIN).glossary
    key = matcher_key(glossary)
    monkeypatch.setattr(toolkit, "__version__", toolkit.__version__ + ".post1")
    assert matcher_key(glossary) != key
    source_matcher(glossary)
    assert len(entries(home, "source")) == 1
    assert cache.load("source", key) is None  # the old version's key finds nothing
    new_version = matcher_key(glossary)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "edited")
    assert matcher_key(glossary) not in (key, new_version)
    source_matcher(read_glossary(DOMAIN).glossary)
    assert len(entries(home, "source")) == 2


def test_key_follows_source_variants_and_proper_nouns_only() -> None:
    base = [("قرارداد", "contract", "контракт"), ("ایران", "Iran", "Иран")]
    key = matcher_key(build_glossary(base))
    assert matcher_key(build_glossary([base[0], ("ایران", "Persia", "Персия")])) == key
    assert matcher_key(build_glossary([base[0], (*base[1], {"pos": "propn"})])) != key
    assert matcher_key(build_glossary([base[1], base[0]])) != key  # the matcher keeps order
    assert matcher_key(build_glossary([("قرارداد|ایران", "c", "к")])) != matcher_key(
        build_glossary([("قرارداد", "c", "к"), ("ایران", "c", "к")])
    )


def test_unwritable_home_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, index_all: None, seed_text: str
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("TOOLKIT_HOME", str(blocker))
    glossary = load_glossary(DOMAIN)
    assert source_matcher(glossary).find(seed_text)


def test_store_leaves_no_temporary_file_and_prunes_old_entries(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    for i in range(4):
        cache.store("source", f"{i:064d}", {"n": i})
        os.utime(cache.entry_path("source", f"{i:064d}"), (i + 1, i + 1))
    cache.store("source", "9" * 64, {"n": 9})
    names = sorted(p.name for p in (home / "glossary").iterdir())
    assert names == sorted(cache.entry_path("source", k).name for k in ("9" * 64, f"{3:064d}"))
    assert cache.load("source", "9" * 64) == {"n": 9}


# --- the shape of a read-back trie is checked -----------------------------------------------


def trie_state() -> dict[str, object]:
    trie = WordTrie(("",), ("",))
    trie.add(["قرار", "داد"], 0, "قرار داد")
    trie.add(["قرار"], 1, "قرار")
    trie.freeze()
    state = trie.state()
    assert state is not None
    return state


def test_trie_state_round_trips() -> None:
    state = json.loads(json.dumps(trie_state()))
    trie = WordTrie.from_state(state, ("",), ("",), terms=2)
    assert trie.all_children() == [{"قرار": 1}, {"داد": 2}, {}]
    assert (list(trie.term_index), trie.term_variant) == ([1, 0], ["قرار", "قرار داد"])


def cycle(state: dict[str, object]) -> None:
    state["edge_child"] = cache.pack_ints([1, 1])  # node 1 -> node 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda s: s.update(nodes=2),
        lambda s: s.update(edge_child=cache.pack_ints([1, 7])),
        cycle,
        lambda s: s.update(term_index=cache.pack_ints([1, 5])),
        lambda s: s.update(term_start=cache.pack_ints([0, 2, 1, 2])),
        lambda s: s.update(edge_form="قرار داد extra"),
        lambda s: s.update(term_variant="قرار"),  # one variant for two terms
        lambda s: s.update(lengths="***"),
        lambda s: s.pop("first_chars"),
    ],
)
def test_trie_of_wrong_shape_is_refused(damage: object) -> None:
    state = trie_state()
    damage(state)  # type: ignore[operator]
    with pytest.raises(ValueError):
        WordTrie.from_state(state, ("",), ("",), terms=2)


# --- validation on load ----------------------------------------------------------------------


def test_passed_glossary_is_not_checked_again(
    home: Path, index_all: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    glossary = load_glossary(DOMAIN)
    assert len(entries(home, "glossary")) == 1

    def no_check(*args: object, **kwargs: object) -> list[object]:
        raise AssertionError("checked again")

    monkeypatch.setattr(validate, "check_glossary", no_check)
    monkeypatch.setattr(validate, "parse_glossary", no_check)  # nor read again
    again = load_glossary(DOMAIN)
    assert again == glossary and again.hash == glossary.hash
    assert isinstance(again.terms, TermTable)
    assert [t.to_dict() for t in again] == [t.to_dict() for t in glossary]
    assert [t.line for t in again] == [t.line for t in glossary]
    with pytest.raises(AssertionError):
        load_glossary(DOMAIN, use_index=False)


def test_changed_bytes_are_checked_again(home: Path, index_all: None, tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("fa\ten\tru\nقرارداد\tcontract\tконтракт\n", encoding="utf-8")
    load_glossary(path)
    path.write_text("fa\ten\tru\nقرارداد\t\tконтракт\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"g.tsv:2: empty en cell$"):
        load_glossary(path)


def test_damaged_verdict_means_checking_again(
    home: Path, index_all: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_glossary(DOMAIN)
    [entry] = entries(home, "glossary")
    # An SQLite entry shorter than its pages say (a flipped bit in a row is found when the
    # row is read: test_termbase.py).
    entry.write_bytes(entry.read_bytes()[:-4096])
    calls = []
    real = validate.check_glossary
    monkeypatch.setattr(
        validate, "check_glossary", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    load_glossary(DOMAIN)
    assert calls == [1]


def test_check_notes_a_passed_large_glossary(
    home: Path, index_all: None, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert validate.check_file(DOMAIN).errors == []
    assert len(entries(home, "glossary")) == 1
    assert len(entries(home, "source")) == 1  # built for the overlap check, kept

    # The next run loads the glossary and its matcher as the check kept them: nothing is
    # parsed, checked or built again (for a long text: a short one gets a matcher of its
    # first words' terms, test_termbase.py).
    monkeypatch.setattr(source, "SHORT_TEXT_WORDS", 0)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("done again")

    for owner, name in ((SourceMatcher, "__init__"), (validate, "check_glossary")):
        monkeypatch.setattr(owner, name, refuse)
    assert source_matcher(load_glossary(DOMAIN)).find(seed_text)


@pytest.mark.slow
def test_large_glossary_loads_from_the_index(
    home: Path, large_glossary: Glossary, news_text: str, tmp_path: Path
) -> None:
    path = tmp_path / "large.tsv"
    path.write_text(dump_glossary(large_glossary, "tsv"), encoding="utf-8")
    first = load_glossary(path)
    expected = spans(source_matcher(first).find(news_text))
    assert len(entries(home, "glossary")) == len(entries(home, "source")) == 1
    again = load_glossary(path)
    assert spans(source_matcher(again).find(news_text)) == expected


def test_glossary_that_cannot_be_written_is_built_each_time(
    home: Path, index_all: None, seed_text: str
) -> None:
    # The ligature ﷺ folds to four words: its key holds spaces, which the index form cannot.
    glossary = build_glossary([("قرارداد", "contract", "контракт"), ("ﷺ", "pbuh", "мир ему")])
    assert SourceMatcher(glossary).state() is None
    assert [m.variant for m in source_matcher(glossary).find("قرارداد ﷺ")] == ["قرارداد", "ﷺ"]
    assert entries(home, "source") == []
