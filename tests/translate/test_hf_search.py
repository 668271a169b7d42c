"""The hf backend's own greedy and beam search (toolkit/translate/backends/hf_search.py): what
``generate`` finds, hypothesis for hypothesis, with the settled rows taken out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from decoding_cases import CAPPED, PREFIXES
from decoding_cases import options as _options
from decoding_cases import requests as _cases

from toolkit.translate.backends import load_backend
from toolkit.translate.backends.base import Backend, DecodeOptions


def _hypotheses(model: Backend, prefixed: bool, **options: Any) -> list[list[tuple[Any, ...]]]:
    sources = [s for s, _ in CAPPED]
    budgets = [b for _, b in CAPPED]
    found = model.generate(
        sources,
        "fa",
        "en",
        max_new_tokens=budgets,
        prefixes=PREFIXES if prefixed else None,
        **options,
    )
    return [[(h.text, h.finished, h.score, h.tokens) for h in hs] for hs in found]


def _own_and_generates(
    model: Backend, monkeypatch: pytest.MonkeyPatch, prefixed: bool, **options: Any
) -> tuple[list[Any], list[Any], list[int]]:
    """The hypotheses of the own search, of ``generate``, and the rows the own search kept
    at each time it took rows out."""
    from toolkit.translate.backends import hf_search, hf_step

    kept: list[int] = []
    for cls in (hf_search.Rows, hf_step.DirectRows):
        monkeypatch.setattr(cls, "keep", _counted(cls.keep, kept))
    own = _hypotheses(model, prefixed, **options)
    monkeypatch.setattr(model, "_plain", False)
    theirs = _hypotheses(model, prefixed, **options)
    return own, theirs, kept


def _counted(keep: Any, kept: list[int]) -> Any:
    """``keep``, noting how many rows each call keeps in ``kept``."""

    def spy(self: Any, rows: list[int]) -> None:
        kept.append(len(rows))
        keep(self, rows)

    return spy


@pytest.mark.parametrize("prefixed", [False, True], ids=["plain", "prefixed"])
@pytest.mark.parametrize(
    "options",
    [
        {"beam_size": 1, "num_hypotheses": 1},
        {"beam_size": 4, "num_hypotheses": 4},
        {"beam_size": 4, "num_hypotheses": 2},
        {"beam_size": 2, "num_hypotheses": 1},
    ],
    ids=["greedy", "beam4x4", "beam4x2", "beam2x1"],
)
@pytest.mark.parametrize(
    "fixture", ["tiny_nllb", "tiny_m2m100", "fluent_nllb", "tiny_marian_fa_en"]
)
def test_the_own_search_finds_what_generate_finds(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    fixture: str,
    options: dict[str, int],
    prefixed: bool,
) -> None:
    """Texts, ends, scores and tokens of every hypothesis, in order, are ``generate``'s:
    starts of several lengths padded on the left, sources of several budgets, a blocked
    token (Marian's pad); and the rows that ended were taken out of the batch."""
    model = load_backend(str(request.getfixturevalue(fixture)), "hf")
    assert model._plain  # type: ignore[attr-defined]
    own, theirs, kept = _own_and_generates(model, monkeypatch, prefixed, **options)
    _assert_same(own, theirs)
    assert kept  # rows were taken out before the last ended


def _assert_same(own: list[Any], theirs: list[Any]) -> None:
    """The same hypotheses in the same order; scores equal, or within float rounding where
    the own beam search kept them (``generate``'s are teacher-forced)."""
    assert [[h[:2] + h[3:] for h in hs] for hs in own] == [
        [h[:2] + h[3:] for h in hs] for hs in theirs
    ]
    for mine, other in zip(own, theirs, strict=True):
        assert [h[2] for h in mine] == pytest.approx([h[2] for h in other], abs=1e-5)


@pytest.mark.parametrize("beams", [1, 4], ids=["greedy", "beam4"])
@pytest.mark.parametrize("fixture", ["tiny_nllb", "fluent_nllb", "tiny_marian_fa_en"])
def test_the_own_search_returns_generates_rows_less_their_fill(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, fixture: str, beams: int
) -> None:
    """Row for row, what the own search returns is what ``generate`` returns, but for the
    fill after a row ended (its end token, or its own length): no token more or less."""
    model: Any = load_backend(str(request.getfixturevalue(fixture)), "hf")
    rows: dict[str, list[list[int]]] = {}
    group = model._generate_group

    own, real = model._searched, model._model.generate

    def searched(*args: Any) -> Any:
        found = own(*args)
        rows["own"] = [f.ids for f in found]
        return found

    monkeypatch.setattr(model, "_searched", searched)
    options = _options(beams)
    requests = _cases(model)
    group(requests, options)
    monkeypatch.setattr(model, "_plain", False)

    def generated(**kwargs: Any) -> Any:
        found = real(**kwargs)
        rows["generate"] = found.tolist()
        return found

    monkeypatch.setattr(model._model, "generate", generated)
    group(requests, options)
    fill = model.codec.pad_id or model.codec.eos_id
    assert len(rows["own"]) == len(rows["generate"]) == len(requests) * beams
    for mine, theirs in zip(rows["own"], rows["generate"], strict=True):
        common = min(len(mine), len(theirs))
        assert mine[:common] == theirs[:common]
        assert set(mine[common:]) | set(theirs[common:]) <= {fill}


@pytest.mark.parametrize(
    ("fixture", "prefixed", "teacher_forced"),
    [
        ("tiny_nllb", False, False),
        ("fluent_nllb", False, False),
        ("tiny_m2m100", False, False),
        ("fluent_nllb", True, True),  # a forced prefix is no part of the search
        ("tiny_marian_fa_en", False, True),  # its blocked pad would count in forcing
    ],
)
def test_a_beam_search_is_scored_by_the_log_probabilities_it_computed(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    fixture: str,
    prefixed: bool,
    teacher_forced: bool,
) -> None:
    """An n-best list without forced prefixes takes its scores (average log-probability of
    each hypothesis, end token included) from the search itself, with no scoring pass; they
    equal the teacher-forced scores but for float rounding. Forced prefixes and blocked
    tokens keep the scoring pass."""
    model: Any = load_backend(str(request.getfixturevalue(fixture)), "hf")
    scored: list[int] = []
    score = model._score_batch

    def spy(sources: Any, targets: Any) -> Any:
        scored.append(len(sources))
        return score(sources, targets)

    monkeypatch.setattr(model, "_score_batch", spy)
    own = _hypotheses(model, prefixed, beam_size=4, num_hypotheses=4)
    assert bool(scored) is teacher_forced
    scored.clear()
    monkeypatch.setattr(model, "_plain", False)
    theirs = _hypotheses(model, prefixed, beam_size=4, num_hypotheses=4)
    assert scored  # generate's hypotheses are scored by teacher forcing
    _assert_same(own, theirs)
    if teacher_forced:
        assert own == theirs


@pytest.mark.parametrize(
    ("early_stopping", "length_penalty"),
    [(True, 1.0), (True, 0.5), ("never", 2.0), ("never", -1.0), (False, 0.0), (False, 2.0)],
)
@pytest.mark.parametrize("fixture", ["tiny_nllb", "fluent_nllb"])
def test_the_own_beam_search_stops_where_generate_stops(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    fixture: str,
    early_stopping: bool | str,
    length_penalty: float,
) -> None:
    """The model's ``early_stopping`` and ``length_penalty`` settle a source's search where
    ``generate``'s rule settles it: the same hypotheses, scored and ordered the same. (The
    fluent stand-in ends its sentences, so its searches settle by the rule, not by their
    length.)"""
    model = load_backend(str(request.getfixturevalue(fixture)), "hf")
    config = model._model.generation_config  # type: ignore[attr-defined]
    monkeypatch.setattr(config, "early_stopping", early_stopping)
    monkeypatch.setattr(config, "length_penalty", length_penalty)
    own, theirs, _ = _own_and_generates(model, monkeypatch, False, beam_size=4, num_hypotheses=4)
    _assert_same(own, theirs)


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("temperature", 0.5),
        ("top_k", 3),
        ("top_p", 0.5),
        ("num_beams", 6),
        ("max_length", 12),
        ("repetition_penalty", 1.5),
        ("no_repeat_ngram_size", 2),
        ("forced_eos_token_id", 2),
    ],
)
@pytest.mark.parametrize("beams", [1, 4], ids=["greedy", "beam4"])
def test_a_config_entry_the_own_search_ignores_changes_nothing_in_generate_either(
    tiny_nllb: Path, monkeypatch: pytest.MonkeyPatch, setting: str, value: Any, beams: int
) -> None:
    """The generation-config entries that the own search passes over (sampling settings,
    and those each call of the backend sets itself) leave ``generate``'s hypotheses as the
    own search finds them."""
    from toolkit.translate.backends.hf_search import plain_config

    model: Any = load_backend(str(tiny_nllb), "hf")
    monkeypatch.setattr(model._model.generation_config, setting, value)
    assert plain_config(model._model, [])
    own, theirs, _ = _own_and_generates(
        model, monkeypatch, True, beam_size=beams, num_hypotheses=beams
    )
    _assert_same(own, theirs)


@pytest.mark.parametrize(
    ("setting", "value", "plain"),
    [
        (None, None, True),
        ("max_length", 200, True),  # NLLB's own config: each call sets its length
        ("num_beams", 6, True),  # Marian's: each call sets its beams
        ("early_stopping", True, True),
        ("length_penalty", 0.6, True),
        ("bad_words_ids", "pad", True),  # Marian's: the backend blocks its pad itself
        ("bad_words_ids", [[5]], False),
        ("min_length", 5, False),
        ("no_repeat_ngram_size", 3, True),  # each call sets it (and takes generate if > 0)
        ("encoder_no_repeat_ngram_size", 3, False),
        ("suppress_tokens", [7], False),
        ("begin_suppress_tokens", [7], False),
        ("exponential_decay_length_penalty", (5, 1.1), False),
        ("renormalize_logits", True, False),
        ("use_cache", False, False),
    ],
)
def test_a_generation_config_that_adds_to_the_search_sends_calls_to_generate(
    tiny_marian_fa_en: Path,
    monkeypatch: pytest.MonkeyPatch,
    setting: str | None,
    value: Any,
    plain: bool,
) -> None:
    """Only where ``generate`` would apply nothing beyond what the own search does does the
    own search run; any other entry in the model's generation config goes to ``generate``."""
    from toolkit.translate.backends.hf_search import plain_config

    model = load_backend(str(tiny_marian_fa_en), "hf")
    config = model._model.generation_config  # type: ignore[attr-defined]
    blocked = [model.codec.pad_id]
    monkeypatch.setattr(config, "bad_words_ids", None)
    if setting is not None:
        monkeypatch.setattr(config, setting, [blocked] if value == "pad" else value)
    assert plain_config(model._model, blocked) is plain  # type: ignore[attr-defined]
    if setting == "bad_words_ids" and value == "pad":
        assert not plain_config(model._model, [])  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("options", "own"),
    [
        (_options(4), True),
        (_options(1), True),
        (_options(1, sampling=True), False),
        (_options(4, repetition_penalty=1.3), False),
        (_options(4, no_repeat_ngram_size=3), False),
        (_options(1, min_new_tokens=7), False),
    ],
    ids=["beam", "greedy", "sampling", "repetition", "ngram", "min-length"],
)
def test_sampling_and_penalties_go_to_generate(
    tiny_nllb: Path, options: DecodeOptions, own: bool
) -> None:
    """What the own search does not do (sampling, penalties, a minimum length) is
    ``generate``'s."""
    model = load_backend(str(tiny_nllb), "hf")
    assert model._searches_itself(options) is own  # type: ignore[attr-defined]
