"""Extractive summarizers: hand-checked small documents, lengths, edge cases, the graph."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import numpy as np
import pytest
from builders import build_glossary

from toolkit.errors import ConfigError, InputError
from toolkit.summarize import SUMMARIZERS, Summarizer, SummaryLength, get_summarizer
from toolkit.summarize.base import keep_top
from toolkit.summarize.extractive import FEATURES, ExtractiveDefault, Openers, mmr_select
from toolkit.summarize.graph import pagerank, similarity_graph, tfidf_matrix
from toolkit.summarize.tokens import terms, words

EXTRACTIVE = ["extractive", "lead", "textrank", "centroid"]

# Sentence 2 shares a content word with every other sentence but the last: the central one.
CENTRAL = {
    "en": "Cats chase mice in the old barn. The farmer keeps cats, dogs and cows on his farm. "
    "Dogs guard the farm at night. Cows give milk on the farm every morning. "
    "The weather was sunny.",
    "fa": "گربه‌ها در انبار قدیمی موش شکار می‌کنند. کشاورز در مزرعه خود گربه، سگ و گاو نگه "
    "می‌دارد. سگ‌ها شب‌ها از مزرعه نگهبانی می‌کنند. گاوهای مزرعه هر صبح شیر می‌دهند. "
    "هوا آفتابی بود.",
    "ru": "Кошки ловят мышей в старом сарае. Фермер держит кошек, собак и коров на своей ферме. "
    "Собаки охраняют ферму ночью. Коровы дают молоко на ферме каждое утро. "
    "Погода была солнечной.",
}

# Sentence 2 restates sentence 1 with the same words.
NEAR_DUPLICATE = (
    "بانک مرکزی روز سه‌شنبه نرخ بهره اصلی را به ۱۲ درصد افزایش داد. "
    "روز سه‌شنبه نرخ بهره اصلی از سوی بانک مرکزی به ۱۲ درصد افزایش یافت. "
    "تورم در اسفند به ۹ درصد رسید. "
    "کارشناسان انتظار دارند نرخ‌ها تا تابستان ثابت بماند. "
    "ارزش پول ملی پس از این اعلام یک درصد بالا رفت."
)

TEN = " ".join(f"Sentence number {w} talks about topic {w}." for w in "abcdefghij")


# --- lengths ---------------------------------------------------------------------------

LENGTHS = [
    (5, SummaryLength(sentences=5)),
    ("5", SummaryLength(sentences=5)),
    ("20%", SummaryLength(ratio=0.2)),
    (" 12.5 % ", SummaryLength(ratio=0.125)),
    ("0.2", SummaryLength(ratio=0.2)),
    (0.5, SummaryLength(ratio=0.5)),
    ("100%", SummaryLength(ratio=1.0)),
]


@pytest.mark.parametrize(("value", "expected"), LENGTHS)
def test_summary_length_parse(value: object, expected: SummaryLength) -> None:
    assert SummaryLength.parse(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value", [0, -1, "0", "abc", "", "0%", "150%", "1.5", 2.0, True, "3 sentences"]
)
def test_summary_length_invalid(value: object) -> None:
    with pytest.raises(ConfigError, match="summary"):
        SummaryLength.parse(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("length", "total", "expected"),
    [
        ("3", 10, 3),
        ("3", 2, 2),
        ("20%", 10, 2),
        ("25%", 10, 3),  # 2.5 rounds half up
        ("1%", 10, 1),  # at least one sentence
        ("100%", 7, 7),
    ],
)
def test_summary_length_resolve(length: str, total: int, expected: int) -> None:
    assert SummaryLength.parse(length).resolve(total) == expected


@pytest.mark.parametrize(("ratio", "kept"), [("20%", 2), ("0.5", 5), ("1%", 1)])
def test_ratio_keeps_share_of_sentences(ratio: str, kept: int) -> None:
    summary = get_summarizer("extractive").summarize(TEN, count=ratio, lang="en")
    assert len(summary.sentences) == kept
    assert summary.signature.setting("length") == str(SummaryLength.parse(ratio))


# --- ranking ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["extractive", "textrank", "centroid"])
@pytest.mark.parametrize("lang", ["fa", "en", "ru"])
def test_ranking_picks_the_central_sentence(method: str, lang: str) -> None:
    summary = get_summarizer(method).summarize(CENTRAL[lang], count=1, lang=lang)
    assert summary.indices == (2,)
    assert summary.language == lang


def test_centrality_alone_picks_the_central_sentence() -> None:
    plain = ExtractiveDefault(weights={f: 0 for f in FEATURES if f != "centrality"})
    assert plain.summarize(CENTRAL["fa"], count=1).indices == (2,)


def test_lead_keeps_the_first_sentences(article: Callable[[str], str]) -> None:
    assert get_summarizer("lead").summarize(article("02"), count=3).indices == (1, 2, 3)


@pytest.mark.parametrize("method", EXTRACTIVE)
def test_output_in_document_order(method: str, article: Callable[[str], str]) -> None:
    text = article("09")
    summary = get_summarizer(method).summarize(text, count=4, lang="fa")
    assert list(summary.indices) == sorted(summary.indices)
    starts = [s.segment.start for s in summary.sentences]
    assert starts == sorted(starts)
    for s in summary.sentences:
        assert text[s.segment.start : s.segment.end] == s.segment.text
        if s.replaced is None:
            assert s.text == s.segment.text
    assert summary.text == " ".join(s.text for s in summary.sentences)


def test_news_article_finds_the_news_after_a_framing_lead(article: Callable[[str], str]) -> None:
    # 09 opens with three framing sentences; the news (the new metro stations) is sentence 4.
    assert 4 in get_summarizer("extractive").summarize(article("09"), count=3).indices


def test_redundancy_removal_drops_a_near_duplicate() -> None:
    # Either MMR or the restatement penalty (similarity with an earlier sentence) drops it.
    neither = ExtractiveDefault(mmr_lambda=1.0, duplicate=1.1, weights={"restatement": 0})
    assert neither.summarize(NEAR_DUPLICATE, count=2).indices == (1, 2)
    only_mmr = ExtractiveDefault(weights={"restatement": 0})
    assert only_mmr.summarize(NEAR_DUPLICATE, count=2).indices == (1, 3)
    only_penalty = ExtractiveDefault(mmr_lambda=1.0, duplicate=1.1)
    assert only_penalty.summarize(NEAR_DUPLICATE, count=2).indices == (1, 3)
    assert get_summarizer("extractive").summarize(NEAR_DUPLICATE, count=2).indices == (1, 3)


@pytest.mark.parametrize("method", EXTRACTIVE)
def test_deterministic(method: str, article: Callable[[str], str]) -> None:
    text = article("01")
    first = get_summarizer(method).summarize(text, count=3)
    again = get_summarizer(method).summarize(text, count=3)
    assert first == again
    assert [s.score for s in first.sentences] == [s.score for s in again.sentences]


def test_ties_go_to_the_earlier_sentence() -> None:
    same = "Rain fell on the city. " * 5
    for method in EXTRACTIVE:
        assert get_summarizer(method).summarize(same, count=2, lang="en").indices == (1, 2)


# --- edge cases -------------------------------------------------------------------------


@pytest.mark.parametrize("method", EXTRACTIVE)
def test_single_sentence_returns_itself(method: str) -> None:
    text = "  وزیر امور خارجه امروز به مسکو سفر کرد.\n"
    summary = get_summarizer(method).summarize(text, count=3)
    assert summary.text == "وزیر امور خارجه امروز به مسکو سفر کرد."
    assert summary.indices == (1,)


@pytest.mark.parametrize("method", EXTRACTIVE)
@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_input_is_an_error(method: str, text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        get_summarizer(method).summarize(text, count=3)


def test_input_without_letters_is_an_error() -> None:
    with pytest.raises(InputError, match="no letters"):
        get_summarizer().summarize("12 345 !!! ...", count=3)


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        (CENTRAL["en"], "fa", "looks like English"),
        (CENTRAL["fa"], "ru", "looks like Persian"),
        (CENTRAL["ru"], "en", "looks like Russian"),
    ],
)
def test_wrong_language_is_an_error(text: str, lang: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        get_summarizer().summarize(text, count=2, lang=lang)


def test_bad_length_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        get_summarizer().summarize(TEN, count="lots")


def test_more_sentences_than_the_text_has() -> None:
    assert get_summarizer().summarize(TEN, count=50).indices == tuple(range(1, 11))


# --- signals and selection --------------------------------------------------------------


def test_glossary_term_changes_the_choice_and_the_signature() -> None:
    text = "هوا امروز خوب بود. مردم به پارک رفتند. شبکه فیبر نوری در شهر گسترش یافت."
    glossary = build_glossary([("فیبر نوری", "fiber optics", "оптоволокно")])
    summarizer = ExtractiveDefault(weights={"position": 0})
    plain = summarizer.summarize(text, count=1)
    boosted = summarizer.summarize(text, count=1, glossary=glossary)
    assert boosted.indices == (3,)
    assert plain.signature.glossary is None
    assert boosted.signature.glossary is not None
    assert boosted.signature.glossary.hash == glossary.hash


# Sentence 2 opens with a pronoun whose antecedent is sentence 1 (by hand, lambda 1):
# alone it comes last (-4) unless it can be named (relevance * replace_penalty); as a pair
# with sentence 1 it is worth (0.2 + 0.8) / 2 = 0.5, while two picks are left.
OPENER_CASES = [
    # n=2: sentence 0, then one pick left: no pair, and 2 cannot be named -> sentence 1
    (2, False, 0.9, [0, 1]),
    # n=3: sentence 0, then the pair (1, 2) at 0.5 beats sentence 3 at 0.1
    (3, False, 0.9, [0, 1, 2]),
    # named: alone 0.8 * 0.9 = 0.72 beats the pair's 0.5
    (2, True, 0.9, [0, 2]),
    # named, but replacing costs more: alone 0.8 * 0.5 = 0.4 loses to the pair's 0.5
    (3, True, 0.5, [0, 1, 2]),
]


@pytest.mark.parametrize(("n", "named", "penalty", "expected"), OPENER_CASES)
def test_mmr_opener_pair_or_name(n: int, named: bool, penalty: float, expected: list[int]) -> None:
    matrix = tfidf_matrix([["a"], ["b"], ["c"], ["d"]])
    openers = Openers(
        flagged=np.array([False, False, True, False]),
        named=np.array([False, False, named, False]),
        origin=np.array([-1, -1, 1, -1]),
        replace_penalty=penalty,
    )
    relevance = np.array([0.9, 0.2, 0.8, 0.1])
    assert mmr_select(relevance, matrix, n, mmr_lambda=1.0, openers=openers) == expected


def test_mmr_opener_with_its_origin_picked_is_not_discounted() -> None:
    matrix = tfidf_matrix([["a"], ["b"], ["c"]])
    openers = Openers(
        flagged=np.array([False, True, False]),
        named=np.array([False, False, False]),
        origin=np.array([-1, 0, -1]),
    )
    relevance = np.array([0.9, 0.6, 0.5])
    assert mmr_select(relevance, matrix, 2, mmr_lambda=1.0, openers=openers) == [0, 1]


def test_mmr_redundancy_by_hand() -> None:
    # Row 1 repeats row 0: redundancy 1 after row 0 is picked, so 0.7 * 0.9 - 0.3 = 0.33 loses
    # to row 2's 0.7 * 0.5 = 0.35.
    matrix = tfidf_matrix([["a", "b"], ["a", "b"], ["c", "d"]])
    relevance = np.array([1.0, 0.9, 0.5])
    assert mmr_select(relevance, matrix, 2, mmr_lambda=0.7, duplicate=1.1) == [0, 2]
    assert mmr_select(relevance, matrix, 2, mmr_lambda=1.0, duplicate=1.1) == [0, 1]


@pytest.mark.parametrize(
    ("scores", "n", "expected"),
    [([0.1, 0.9, 0.5, 0.9], 2, [1, 3]), ([0.3, 0.3, 0.3], 2, [0, 1]), ([1.0, 2.0], 5, [0, 1])],
)
def test_keep_top(scores: list[float], n: int, expected: list[int]) -> None:
    assert keep_top(scores, n) == expected


# --- tokens -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("سال‌ها", "سالها"),  # ZWNJ inside a word
        ("كتاب", "کتاب"),  # Arabic and Persian kaf
        ("هیأت", "هیئت"),  # hamza seats
        ("۲۰ درصد", "20 درصد"),  # digit scripts
        ("«ایران»،", "ایران"),  # punctuation
    ],
)
def test_words_ignore_spelling_variants(a: str, b: str) -> None:
    assert words(a) == words(b)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("میدان‌های نفتی بزرگ‌ترین است", "fa", ["میدان", "نفتی", "بزرگ"]),
        ("The ministers said cities grow", "en", ["minister", "city", "grow"]),
        ("Министры подписали контракты", "ru", ["министр", "подписал", "контракт"]),
    ],
)
def test_terms(text: str, lang: str, expected: list[str]) -> None:
    assert terms(text, lang) == expected


# --- the sparse graph -------------------------------------------------------------------


def _random_docs(n: int, vocab: int, seed: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    return [[f"w{x}" for x in rng.integers(0, vocab, rng.integers(0, 8))] for _ in range(n)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sparse_graph_equals_dense_cosine(seed: int) -> None:
    docs = _random_docs(60, 40, seed)
    matrix = tfidf_matrix(docs)
    dense = np.zeros((matrix.rows, matrix.terms))
    rows = np.repeat(np.arange(matrix.rows), np.diff(matrix.row_ptr))
    dense[rows, matrix.row_terms] = matrix.row_weights
    cosine = dense @ dense.T
    np.fill_diagonal(cosine, 0)
    graph = similarity_graph(matrix, neighbours=1000)
    sparse = np.zeros_like(cosine)
    sparse[graph.src, graph.dst] = graph.weight
    np.testing.assert_allclose(sparse, np.where(cosine > 1e-12, cosine, 0), atol=1e-12)


def test_sparse_graph_is_bounded() -> None:
    docs = _random_docs(3000, 50, 4)  # dense-ish: most pairs share a term
    graph = similarity_graph(tfidf_matrix(docs), neighbours=5, pair_budget=200_000)
    assert len(graph.src) <= 2 * 5 * 3000
    assert set(zip(graph.src.tolist(), graph.dst.tolist(), strict=True)) == set(
        zip(graph.dst.tolist(), graph.src.tolist(), strict=True)
    )


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ([], [1 / 3, 1 / 3, 1 / 3]),  # no edges: the teleport distribution
        ([(0, 1, 1.0)], None),  # node 2 is isolated and gets the least
        ([(0, 1, 1.0), (0, 2, 1.0)], None),  # a star: the centre gets the most
    ],
)
def test_pagerank(edges: list[tuple[int, int, float]], expected: list[float] | None) -> None:
    from toolkit.summarize.graph import Graph

    src = [a for a, b, _ in edges] + [b for a, b, _ in edges]
    dst = [b for a, b, _ in edges] + [a for a, b, _ in edges]
    w = [x for *_, x in edges] * 2
    graph = Graph(3, np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64), np.array(w))
    p = pagerank(graph)
    assert p.sum() == pytest.approx(1.0)
    if expected is not None:
        assert p.tolist() == pytest.approx(expected)
    elif len(edges) == 1:
        assert p[0] == pytest.approx(p[1]) and p[2] < p[0]
    else:
        assert p[0] > p[1] == pytest.approx(p[2])


# --- registry and imports ---------------------------------------------------------------


@pytest.mark.parametrize("name", list(SUMMARIZERS))
def test_registry_names_match_classes(name: str) -> None:
    from toolkit.summarize import summarizer_class

    cls = summarizer_class(name)
    assert issubclass(cls, Summarizer)
    assert cls.name == name


def test_unknown_method() -> None:
    with pytest.raises(ConfigError, match="unknown summarization method 'magic'"):
        get_summarizer("magic")


def test_importing_summarization_loads_no_torch() -> None:
    code = (
        "import sys, toolkit.summarize, toolkit.summarize.extractive, toolkit.summarize.baselines,"
        " toolkit.summarize.abstractive, toolkit.summarize.rouge, toolkit.cli.summarize;"
        "print(','.join(m for m in ('torch', 'transformers') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""
