"""Backends on tiny random-weight models: the same loading code path as real checkpoints."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import decoding_cases
import pytest
from decoding_cases import CAPPED

from toolkit.errors import ConfigError, InputError, ModelError
from toolkit.hub import resolve_model
from toolkit.translate.backends import Backend, detect_family, load_backend

pytestmark = pytest.mark.slow

SOURCES = [
    "همکاری ایران و روسیه در حوزه هوش مصنوعی",
    "سلام",
    "کاظم جلالی، سفیر جمهوری اسلامی ایران در روسیه گفت: نتایج خوب بود.",
]
# (fixture, source language, target language, family)
MODELS = [
    ("tiny_nllb", "fa", "en", "nllb"),
    ("tiny_nllb", "fa", "ru", "nllb"),
    ("tiny_m2m100", "fa", "en", "m2m100"),
    ("tiny_marian_fa_en", "fa", "en", "marian"),
    ("tiny_marian_en_ru", "en", "ru", "marian"),
]
BACKENDS = ["hf", "ct2"]
ENGLISH_SOURCES = ["The ambassador said the results were good.", "Iran and Russia"]
PREFIXES = {
    # target language -> prefixes: whole words, a cut word, digits and punctuation
    "en": ["The ambassador", "The ambass", "In 2024,"],
    "ru": ["Посол", "Посол сказ", "В 2024 году,"],
}


def _load(request: pytest.FixtureRequest, fixture: str, backend: str) -> Backend:
    path = request.getfixturevalue(fixture)
    compute_type = "float32" if backend == "ct2" else None
    return load_backend(str(path), backend, compute_type=compute_type)


def _sources(src: str) -> list[str]:
    return SOURCES if src == "fa" else ENGLISH_SOURCES


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("fixture", "src", "tgt", "family"), MODELS)
def test_generate_returns_n_hypotheses_best_first(
    request: pytest.FixtureRequest, backend: str, fixture: str, src: str, tgt: str, family: str
) -> None:
    model = _load(request, fixture, backend)
    assert (model.name, model.family) == (backend, family)
    results = model.generate(_sources(src), src, tgt, beam_size=4, num_hypotheses=3)
    assert len(results) == len(_sources(src))
    for hyps in results:
        assert len(hyps) == 3
        scores = [h.score for h in hyps]
        assert scores == sorted(scores, reverse=True)
        assert all(math.isfinite(s) and s <= 0 for s in scores)
        assert all(isinstance(h.text, str) and h.tokens for h in hyps)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("fixture", "src", "tgt", "family"), MODELS)
def test_forced_prefix_starts_every_output(
    request: pytest.FixtureRequest, backend: str, fixture: str, src: str, tgt: str, family: str
) -> None:
    model = _load(request, fixture, backend)
    prefixes = PREFIXES[tgt]
    sources = [_sources(src)[0]] * len(prefixes) + [_sources(src)[1]]
    results = model.generate(
        sources,
        src,
        tgt,
        beam_size=2,
        num_hypotheses=2,
        prefixes=[*prefixes, None],
        max_new_tokens=[6] * len(sources),
    )
    for prefix, hyps in zip(prefixes, results, strict=False):
        for hyp in hyps:
            assert hyp.text.startswith(prefix), (prefix, hyp.text)
            assert len(hyp.text) > len(prefix) or not hyp.finished or hyp.tokens


@pytest.mark.parametrize(("fixture", "src", "tgt", "family"), MODELS)
def test_greedy_output_is_the_same_on_hf_and_ct2(
    request: pytest.FixtureRequest, fixture: str, src: str, tgt: str, family: str
) -> None:
    hf = _load(request, fixture, "hf")
    ct2 = _load(request, fixture, "ct2")
    sources = _sources(src)
    a = hf.generate(sources, src, tgt, beam_size=1)
    b = ct2.generate(sources, src, tgt, beam_size=1)
    for x, y in zip(a, b, strict=True):
        assert x[0].tokens == y[0].tokens
        assert x[0].finished == y[0].finished
        assert x[0].score == pytest.approx(y[0].score, abs=1e-3)
    targets = [PREFIXES[tgt][0], PREFIXES[tgt][2] + " " + PREFIXES[tgt][1], "2024"]
    targets = targets[: len(sources)]
    assert hf.score(sources, targets, src, tgt) == pytest.approx(
        ct2.score(sources, targets, src, tgt), abs=1e-3
    )


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("fixture", "src", "tgt", "family"), MODELS)
def test_score_ranks_own_greedy_output_above_a_random_string(
    request: pytest.FixtureRequest, backend: str, fixture: str, src: str, tgt: str, family: str
) -> None:
    model = _load(request, fixture, backend)
    sources = _sources(src)
    greedy = [hyps[0] for hyps in model.generate(sources, src, tgt, beam_size=1)]
    noise = model.score(sources, ["zq xv kkq 7 ъъ ص"] * len(sources), src, tgt)
    assert all(h.score > r for h, r in zip(greedy, noise, strict=True)), (greedy, noise)
    # random weights loop on one token, and a loop is still likelier than noise
    looped = [" ".join(h.text.split()[:3]) or h.text[:5] for h in greedy]
    assert all(math.isfinite(x) for x in model.score(sources, looped, src, tgt))


@pytest.mark.parametrize("backend", BACKENDS)
def test_sampling_and_repetition_options(tiny_nllb: Path, backend: str) -> None:
    model = load_backend(str(tiny_nllb), backend)
    results = model.generate(
        SOURCES[:2],
        "fa",
        "en",
        sampling=True,
        num_hypotheses=3,
        repetition_penalty=1.3,
        no_repeat_ngram_size=2,
        max_new_tokens=[10, 10],
    )
    assert [len(h) for h in results] == [3, 3]
    for hyps in results:
        for hyp in hyps:
            grams = list(zip(hyp.tokens, hyp.tokens[1:], strict=False))
            assert len(grams) == len(set(grams))  # no repeated bigram


@pytest.mark.parametrize("backend", BACKENDS)
def test_max_new_tokens_bounds_each_output(tiny_m2m100: Path, backend: str) -> None:
    model = _load_m2m(tiny_m2m100, backend)
    results = model.generate(SOURCES, "fa", "en", beam_size=2, max_new_tokens=[3, 5, 4])
    for hyps, limit in zip(results, [3, 5, 4], strict=True):
        assert len(hyps[0].tokens) <= limit
        assert hyps[0].finished or len(hyps[0].tokens) == limit


def _load_m2m(path: Path, backend: str) -> Backend:
    return load_backend(str(path), backend, compute_type="float32" if backend == "ct2" else None)


@pytest.mark.parametrize("backend", BACKENDS)
def test_empty_source_gives_empty_hypotheses(tiny_nllb: Path, backend: str) -> None:
    model = load_backend(str(tiny_nllb), backend)
    results = model.generate(["", SOURCES[1], "  "], "fa", "en", num_hypotheses=2)
    assert [h.text for h in results[0]] == ["", ""]
    assert [h.text for h in results[2]] == ["", ""]
    assert len(results[1]) == 2


@pytest.mark.parametrize("backend", BACKENDS)
def test_source_attention_has_one_row_per_target_token(tiny_nllb: Path, backend: str) -> None:
    model = load_backend(str(tiny_nllb), backend)
    [att] = model.source_attention([SOURCES[0]], ["The ambassador said"], "fa", "en")
    assert att.source_tokens[:2] == ("▁همکاری", "▁ایران")
    assert "eng_Latn" not in att.target_tokens and "</s>" not in att.source_tokens
    assert len(att.weights) == len(att.target_tokens)
    assert all(len(row) == len(att.source_tokens) for row in att.weights)
    assert all(0.0 < sum(row) <= 1.0 + 1e-4 for row in att.weights)
    assert all(0 <= i < len(att.source_tokens) for i in att.aligned_source())


def test_count_tokens_includes_specials_and_long_sources_are_refused(tiny_nllb: Path) -> None:
    model = load_backend(str(tiny_nllb), "hf")
    [n] = model.count_tokens(["ایران"])
    assert n == 3  # pes_Arab ▁ایران </s>
    assert model.max_source_tokens == 128 - 2
    too_long = " ".join(["ایران"] * 200)
    with pytest.raises(InputError, match="split it first"):
        model.generate([SOURCES[0], too_long], "fa", "en")


def test_language_tokens_follow_the_family(
    tiny_nllb: Path, tiny_m2m100: Path, tiny_marian_en_ru: Path
) -> None:
    nllb = load_backend(str(tiny_nllb), "hf")
    [ids] = nllb.codec.source_ids(["سلام"], "fa", "ru")
    assert nllb.codec.tokens([ids[0], ids[-1]]) == ["pes_Arab", "</s>"]
    assert nllb.codec.tokens(nllb.codec.forced_ids("ru")) == ["rus_Cyrl"]
    m2m = load_backend(str(tiny_m2m100), "hf")
    [ids] = m2m.codec.source_ids(["سلام"], "fa", "en")
    assert m2m.codec.tokens([ids[0]]) == ["__fa__"]
    assert m2m.codec.tokens(m2m.codec.forced_ids("ru")) == ["__ru__"]
    marian = load_backend(str(tiny_marian_en_ru), "hf")
    [ids] = marian.codec.source_ids(["Hello"], "en", "ru")
    assert marian.codec.tokens([ids[0]]) == [">>rus<<"]
    assert marian.codec.forced_ids("ru") == []
    assert marian.count_tokens(["Hello"]) == [len(ids)]


@pytest.mark.parametrize(
    ("fixture", "src", "tgt", "error"),
    [
        ("tiny_marian_fa_en", "fa", "ru", ModelError),  # one direction per Marian model
        ("tiny_marian_en_ru", "en", "fa", ModelError),  # no >>pes<< token
        ("tiny_nllb", "fa", "de", ConfigError),  # not a toolkit language
    ],
)
def test_unsupported_language_pairs(
    request: pytest.FixtureRequest, fixture: str, src: str, tgt: str, error: type[Exception]
) -> None:
    model = load_backend(str(request.getfixturevalue(fixture)), "hf")
    with pytest.raises(error):
        model.generate(["x"], src, tgt)


# -- CTranslate2 conversion cache -------------------------------------------------------------


def test_ct2_conversion_is_done_once(tiny_marian_fa_en: Path) -> None:
    from toolkit.translate.backends.ct2 import CT2Backend

    load_backend.cache_clear()
    first = load_backend(str(tiny_marian_fa_en), "ct2")
    assert isinstance(first, CT2Backend)
    converted = first.ct2_path
    stamp = (converted / "model.bin").stat().st_mtime_ns
    assert json.loads((converted / "toolkit-ct2.json").read_text())["quantization"] == "int8"
    load_backend.cache_clear()
    second = load_backend(str(tiny_marian_fa_en), "ct2")
    assert isinstance(second, CT2Backend) and second is not first
    assert second.ct2_path == converted
    assert (converted / "model.bin").stat().st_mtime_ns == stamp
    same_kind = converted.name.rsplit("-", 1)[0]  # <model>-int8
    assert [p for p in converted.parent.iterdir() if p.name.startswith(same_kind)] == [converted]


def test_interrupted_conversion_leaves_no_cache_entry(
    tiny_marian_fa_en: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.translate.backends import ct2

    class Interrupted:
        def __init__(self, path: str) -> None:
            pass

        def convert(self, output_dir: str, **kwargs: object) -> None:
            (Path(output_dir) / "model.bin").write_bytes(b"half")
            raise KeyboardInterrupt

    monkeypatch.setattr(ct2, "_converter_class", lambda _module: Interrupted)
    target = ct2.ct2_dir_for(tiny_marian_fa_en, "interrupted", "int16")
    with pytest.raises(KeyboardInterrupt):
        ct2.convert_checkpoint(tiny_marian_fa_en, "interrupted", "int16")
    assert not target.exists()
    assert not list(target.parent.glob(f".{target.name}*"))


# -- finding models -----------------------------------------------------------------------------


def test_missing_model_offline_is_one_clear_line() -> None:
    with pytest.raises(ModelError) as info:
        load_backend("nonexistent-org/nonexistent-model", "hf")
    message = str(info.value)
    assert "\n" not in message
    assert "'nonexistent-org/nonexistent-model' is not available offline" in message
    assert "toolkit models download nonexistent-org/nonexistent-model" in message
    assert "pass model= DIR" in message  # the library names the parameter; the CLI, --model


@pytest.mark.parametrize(
    ("setup", "match"),
    [
        ("empty-dir", "is not a model directory"),
        ("file", "is not a model directory"),
        ("nested/missing/dir", "no such model directory"),
    ],
)
def test_bad_local_model_paths(tmp_path: Path, setup: str, match: str) -> None:
    target = tmp_path / setup
    if setup == "empty-dir":
        target.mkdir()
    elif setup == "file":
        target.write_text("x")
    with pytest.raises(ModelError, match=match):
        resolve_model(str(target))


def test_unknown_model_family_is_refused(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert"}))
    with pytest.raises(ModelError, match=r"supported families.*NLLB.*M2M100.*Marian"):
        detect_family(tmp_path)
    with pytest.raises(ModelError, match="unsupported model type 'bert'"):
        load_backend(str(tmp_path), "hf")


@pytest.mark.parametrize(
    ("fixture", "family"),
    [
        ("tiny_nllb", "nllb"),
        ("tiny_m2m100", "m2m100"),
        ("tiny_marian_fa_en", "marian"),
    ],
)
def test_family_detection(request: pytest.FixtureRequest, fixture: str, family: str) -> None:
    assert detect_family(request.getfixturevalue(fixture)) == family


def test_unknown_backend_and_device() -> None:
    with pytest.raises(ConfigError, match="unknown backend 'onnx'"):
        load_backend("x", "onnx")
    with pytest.raises(ConfigError, match="unknown device 'tpu'"):
        load_backend("x", "hf", device="tpu")


def test_importing_backends_loads_no_torch() -> None:
    code = (
        "import sys, toolkit.translate.backends, toolkit.translate.models, toolkit.cli.models; "
        "heavy = {'torch', 'transformers', 'ctranslate2'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_hub_id_resolves_from_the_offline_cache(
    tiny_nllb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.translate.models import download_model, list_models

    cache = tmp_path / "hub"
    snapshot = cache / "models--tiny-org--tiny-nllb" / "snapshots" / "0123abcd"
    shutil.copytree(tiny_nllb, snapshot)
    (cache / "models--tiny-org--tiny-nllb" / "refs").mkdir()
    (cache / "models--tiny-org--tiny-nllb" / "refs" / "main").write_text("0123abcd")
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("TOOLKIT_HOME", str(tmp_path / "home"))

    assert resolve_model("tiny-org/tiny-nllb") == snapshot
    [entry] = list_models()
    assert (entry.id, entry.path, entry.has_ct2) == ("tiny-org/tiny-nllb", snapshot, False)
    lines: list[str] = []
    assert download_model("tiny-org/tiny-nllb", "ct2", progress=lines.append) == snapshot
    assert any("converting" in line for line in lines)
    [entry] = list_models()
    assert entry.has_ct2 and entry.size_bytes > 0


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("prefixed", [False, True], ids=["free", "prefixed"])
def test_a_beam_search_gives_the_same_alone_and_in_a_batch(
    tiny_nllb: Path, backend: str, prefixed: bool
) -> None:
    """A batch is decoded up to its longest search; a search that runs past its own length
    ranks its hypotheses otherwise (11 of 40 sentences did, before), so each search stops at
    a length set by its own request, and only searches of one length share a call."""
    model = _load_m2m(tiny_nllb, backend)
    sources = [s for s, _ in CAPPED]
    budgets = [b for _, b in CAPPED]
    prefixes: list[str | None] = (
        ["Iran", None, "The ambassador said", "Minister", "A memorandum of", "The"]
        if prefixed
        else [None] * len(sources)
    )
    options: dict[str, int] = {"beam_size": 4, "num_hypotheses": 4}
    together = model.generate(
        sources, "fa", "en", max_new_tokens=budgets, prefixes=prefixes, **options
    )
    for k, (source, budget, prefix) in enumerate(zip(sources, budgets, prefixes, strict=True)):
        alone = model.generate(
            [source], "fa", "en", max_new_tokens=[budget], prefixes=[prefix], **options
        )[0]
        assert [(h.text, h.finished) for h in together[k]] == [(h.text, h.finished) for h in alone]
        assert [h.score for h in together[k]] == pytest.approx([h.score for h in alone], abs=1e-5)
        assert all(len(h.tokens) <= budget + len(prefix or "") for h in alone)


def _decoding_calls(model: Backend, monkeypatch: pytest.MonkeyPatch, path: str) -> list[int]:
    """The whole length (start and budget) of each decoding call of an hf backend, by
    ``path``: ``generate`` (the backend's own search turned off) or the backend's own search
    (:mod:`toolkit.translate.backends.hf_search`)."""
    lengths: list[int] = []
    if path == "generate":
        monkeypatch.setattr(model, "_plain", False)
        real = model._model.generate  # type: ignore[attr-defined]

        def spy(**kwargs: Any) -> Any:
            lengths.append(kwargs["decoder_input_ids"].shape[1] + kwargs["max_new_tokens"])
            return real(**kwargs)

        monkeypatch.setattr(model._model, "generate", spy)  # type: ignore[attr-defined]
    else:
        own = model._searched  # type: ignore[attr-defined]

        def searched(*args: Any) -> Any:
            lengths.append(max(args[4]))  # the rows' limits
            return own(*args)

        monkeypatch.setattr(model, "_searched", searched)
    return lengths


PATHS = pytest.mark.parametrize("path", ["search", "generate"])


@PATHS
@pytest.mark.parametrize("beams", [1, 4], ids=["greedy", "beam4"])
@pytest.mark.parametrize(
    ("fixture", "tgt", "calls"),
    [
        ("tiny_nllb", "en", 1),
        ("tiny_nllb", "ru", 1),
        ("tiny_m2m100", "en", 1),
        ("fluent_nllb", "ru", 1),
        ("tiny_marian_fa_en", "en", 0),  # its pad is its decoder start: a call per start length
    ],
)
def test_hf_decodes_starts_and_lengths_of_every_size_in_one_call(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    fixture: str,
    tgt: str,
    calls: int,
    beams: int,
    path: str,
) -> None:
    """transformers: forced starts of four lengths, padded on the left with the decoder's
    positions shifted, and beam searches of five lengths, each stopped at its own, share one
    call (``generate``'s or the backend's own search) where they took one per start and
    length; each gives, text and end, what it gives alone. (Marian numbers positions from
    the cache alone: a call per start length.)"""
    model = load_backend(str(request.getfixturevalue(fixture)), "hf")
    sources = [s for s, _ in CAPPED]
    budgets = [b for _, b in CAPPED]
    prefixes = [*PREFIXES[tgt], None, PREFIXES[tgt][0], PREFIXES[tgt][2] + " " + "и" * 5]
    options: dict[str, int] = {"beam_size": beams, "num_hypotheses": beams}
    alone = [
        model.generate([s], "fa", tgt, max_new_tokens=[b], prefixes=[p], **options)[0]
        for s, b, p in zip(sources, budgets, prefixes, strict=True)
    ]
    generated = _decoding_calls(model, monkeypatch, path)
    together = model.generate(
        sources, "fa", tgt, max_new_tokens=budgets, prefixes=prefixes, **options
    )
    starts = {len(model.codec.prefix_ids(p)) if p else 0 for p in prefixes}
    assert len(starts) >= 4
    assert len(generated) == (calls or len(starts))
    for mine, own in zip(together, alone, strict=True):
        assert [(h.text, h.finished) for h in mine] == [(h.text, h.finished) for h in own]
        assert [h.score for h in mine] == pytest.approx([h.score for h in own], abs=1e-5)
    if beams > 1:  # the searches differ in length: more than one call before
        assert len({model._search_cap(r) for r in _requests(model, sources, budgets)}) >= 3


@pytest.mark.parametrize("beams", [1, 4], ids=["greedy", "beam4"])
@pytest.mark.parametrize("fixture", ["tiny_nllb", "fluent_nllb", "tiny_marian_fa_en"])
def test_hf_decoding_cache_finds_what_transformers_own_cache_finds(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, fixture: str, beams: int
) -> None:
    """The backend's cache (self-attention layers that grow in place, a beam search that
    moves only the rows whose beam changed and leaves the cross-attention part, one source's
    in every beam, where it is) finds, token for token and score for score, what
    transformers' own cache finds, with prefixes padded on the left too."""
    from toolkit.translate.backends import hf_step

    model = load_backend(str(request.getfixturevalue(fixture)), "hf")
    monkeypatch.setattr(model, "_plain", False)  # generate (the own search: test_hf_search.py)
    caches: list[Any] = []
    real = model._model.generate  # type: ignore[attr-defined]

    def spy(**kwargs: Any) -> Any:
        caches.append(kwargs.get("cache", kwargs.get("past_key_values")))
        return real(**kwargs)

    monkeypatch.setattr(model._model, "generate", spy)  # type: ignore[attr-defined]
    sources = [s for s, _ in CAPPED]
    budgets = [b for _, b in CAPPED]
    options: dict[str, Any] = {"beam_size": beams, "num_hypotheses": beams}
    options.update(max_new_tokens=budgets, prefixes=decoding_cases.PREFIXES)
    ours = model.generate(sources, "fa", "en", **options)
    assert caches and all(type(c).__name__ == "DecodingCache" for c in caches)
    layers = [x for c in caches for x in c.self_attention_cache.layers]
    assert layers and all(type(x).__name__ == "GrowingLayer" for x in layers)
    grew = any(x.keys.shape[-2] > 3 * hf_step.GROWTH for x in layers)  # regrown, twice at least
    assert grew or fixture == "fluent_nllb"  # the fluent model ends its sentences sooner
    caches.clear()
    monkeypatch.setattr(model, "_cache_name", None)  # generate makes its own
    theirs = model.generate(sources, "fa", "en", **options)
    assert caches and all(c is None for c in caches)
    assert [[(h.text, h.finished, h.score) for h in hs] for hs in ours] == [
        [(h.text, h.finished, h.score) for h in hs] for hs in theirs
    ]


def test_hf_growing_cache_layer_holds_what_transformers_dynamic_layer_holds() -> None:
    """Step by step (a first pass of several positions, single steps past the growth
    margin, beam reorders that move some rows, none, or all, a crop and a row selection
    by transformers' own methods), the growing layer's keys and values equal the dynamic
    layer's."""
    import torch
    from transformers.cache_utils import DynamicLayer

    from toolkit.translate.backends import hf, hf_step

    torch.manual_seed(0)
    ours, theirs = hf._growing_layer_class()(), DynamicLayer()
    rows = 6

    def step(length: int) -> None:
        keys, values = torch.randn(rows, 2, length, 4), torch.randn(rows, 2, length, 4)
        got = ours.update(keys, values, 0)
        want = theirs.update(keys.clone(), values.clone(), 0)
        assert torch.equal(got[0], want[0]) and torch.equal(got[1], want[1])

    step(3)
    orders = [[0, 0, 2, 2, 4, 4], [0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0], [1, 1, 1, 4, 4, 5]]
    for k in range(3 * hf_step.GROWTH):
        step(1)
        order = torch.tensor(orders[k % len(orders)])
        ours.reorder_cache(order)
        theirs.reorder_cache(order)
        assert torch.equal(ours.keys, theirs.keys) and torch.equal(ours.values, theirs.values)
    for layer in (ours, theirs):
        layer.crop(-5)
    step(1)
    for layer in (ours, theirs):
        layer.batch_select_indices(torch.tensor([0, 2, 3, 5, 1, 4]))
    step(2)
    ours.reorder_cache(torch.tensor(orders[3]))
    theirs.reorder_cache(torch.tensor(orders[3]))
    assert torch.equal(ours.keys, theirs.keys) and torch.equal(ours.values, theirs.values)
    assert ours.get_seq_length() == theirs.get_seq_length() == 3 + 3 * hf_step.GROWTH - 5 + 3


@PATHS
@pytest.mark.parametrize("beams", [1, 4], ids=["greedy", "beam4"])
def test_hf_a_padded_call_longer_than_the_model_prints_no_reminder_and_gives_what_alone_gives(
    tiny_nllb: Path, monkeypatch: pytest.MonkeyPatch, beams: int, path: str
) -> None:
    """A long forced start beside a source with a long budget: padded, the call runs past
    the model's 128 positions, though no row's own positions do; transformers' reminder
    that a call "exceeded the model's predefined maximum length" is not logged, and each
    row gives what it gives alone."""
    import logging

    from transformers.utils import logging as hf_logging

    model = load_backend(str(tiny_nllb), "hf")
    sources, prefixes = [SOURCES[0], SOURCES[2]], [" ".join(["Iran and Russia"] * 12), None]
    options: dict[str, int] = {"beam_size": beams, "num_hypotheses": beams}
    lengths = _decoding_calls(model, monkeypatch, path)
    logged: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: logged.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("transformers.generation.stopping_criteria")
    logger.addHandler(handler)
    hf_logging.warning_once.cache_clear()  # type: ignore[attr-defined]
    try:
        together = model.generate(sources, "fa", "en", prefixes=prefixes, **options)
    finally:
        logger.removeHandler(handler)
    assert lengths and lengths[0] > 128  # one call, padded past the model's positions
    assert not [m for m in logged if "predefined maximum length" in m]
    for k, (source, prefix) in enumerate(zip(sources, prefixes, strict=True)):
        alone = model.generate([source], "fa", "en", prefixes=[prefix], **options)[0]
        assert [(h.text, h.finished) for h in together[k]] == [(h.text, h.finished) for h in alone]


def test_hf_searches_bounded_by_their_call_length_keep_a_call_per_length(
    tiny_nllb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``early_stopping="never"`` and a positive length penalty, transformers bounds a
    search's best score by its call's length: searches of several lengths do not share a
    call then."""
    model = load_backend(str(tiny_nllb), "hf")
    config = model._model.generation_config  # type: ignore[attr-defined]
    monkeypatch.setattr(config, "early_stopping", "never")
    monkeypatch.setattr(config, "length_penalty", 1.0)
    calls = _natural_decoder(model, monkeypatch)
    model.generate(SOURCES, "fa", "en", beam_size=4, max_new_tokens=[7, 30, 70])
    assert calls == [[16], [32], [96]]


@pytest.mark.parametrize(("min_new", "decoded"), [(0, 16 - 1), (7, 7)])
def test_a_beam_search_is_decoded_to_its_rounded_length_unless_its_length_is_fixed(
    tiny_nllb: Path, monkeypatch: pytest.MonkeyPatch, min_new: int, decoded: int
) -> None:
    """Budget 7 after the language token: decoded up to 16 tokens in all, then cut; with
    ``min_new_tokens`` 7 (a benchmark's fixed length) every hypothesis ends at 7 anyway."""
    model = _load_m2m(tiny_nllb, "ct2")
    asked: list[int] = []
    real = model._generate_batch

    def spy(requests: Any, options: Any) -> Any:
        asked.extend(r.max_new_tokens for r in requests)
        return real(requests, options)

    monkeypatch.setattr(model, "_generate_batch", spy)
    hyps = model.generate(
        SOURCES[:1], "fa", "en", beam_size=4, max_new_tokens=[7], min_new_tokens=min_new
    )[0]
    assert asked == [decoded]
    assert all(len(h.tokens) <= 7 for h in hyps)


def _natural_decoder(model: Backend, monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """Replace ``model``'s decoder by one that ends each source after half as many tokens as
    the source has ids (a model that ends its sentences), or at the call's length; return the
    log of each call's lengths (start and new tokens)."""
    from toolkit.translate.backends.base import DecodedIds

    calls: list[list[int]] = []

    def decode(requests: Any, options: Any) -> Any:
        limit = max(len(r.start) + r.max_new_tokens for r in requests)
        calls.append([len(r.start) + r.max_new_tokens for r in requests])
        out = []
        for r in requests:
            natural = len(r.source) // 2
            ended = len(r.start) + natural + 1 <= limit
            ids = (5,) * (natural if ended else limit - len(r.start))
            out.append([DecodedIds(ids, ended)] * options.num_hypotheses)
        return out

    monkeypatch.setattr(model, "_generate_batch", decode)
    monkeypatch.setattr(model, "_average_logprobs", lambda s, c, f, e: [0.0] * len(s))
    return calls


@pytest.mark.parametrize("shown", [True, False], ids=["end-shown", "end-hidden"])
def test_searches_of_longer_lengths_ride_in_a_call_and_are_kept_only_where_they_ended(
    tiny_nllb: Path, monkeypatch: pytest.MonkeyPatch, shown: bool
) -> None:
    """Budgets 7, 30 and 70 after the language token: lengths 16, 32 and 96. A search that
    ends before the first call's last step (here: after half as many tokens as its source's
    ids) is decoded once, in that call; the one that does not is decoded again at its own
    length. Where the backend does not show where a search ended (transformers), each length
    has its call, as before."""
    model = _load_m2m(tiny_nllb, "ct2")
    monkeypatch.setattr(type(model), "search_end_shown", shown)
    calls = _natural_decoder(model, monkeypatch)
    sources = [SOURCES[1], SOURCES[0], SOURCES[2]]
    ends = [1 + len(ids) // 2 + 1 for ids in model._checked_sources(sources, "fa", "en")]
    assert ends[1] < 16 <= ends[2]  # the second ends before the first call's end, the third not
    hyps = model.generate(
        sources, "fa", "en", beam_size=4, num_hypotheses=2, max_new_tokens=[7, 30, 70]
    )
    if shown:
        assert calls == [[16, 16, 16], [96]]
    else:
        assert calls == [[16], [32], [96]]
    assert [len(h) for h in hyps] == [2, 2, 2]
    budgets = [7, 30, 70]
    assert [len(h[0].tokens) for h in hyps] == [
        min(e - 2, b) for e, b in zip(ends, budgets, strict=True)
    ]
    assert all(h[0].finished for h in hyps[1:])


def test_a_search_that_ends_gives_the_same_riding_and_alone(
    fluent_nllb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fluent stand-in ends its sentences: searches of five lengths take one call where
    they took one per length, and each gives, text, score and end, what it gives alone."""
    from fluent_model import sentence_pairs

    model = load_backend(str(fluent_nllb), "ct2")
    sources = sorted({p.source for p in sentence_pairs()}, key=len)
    sources = [sources[k] for k in range(0, len(sources), max(1, len(sources) // 10))]
    budgets = [2 * n + 10 for n in model.count_tokens(sources)]
    options: dict[str, int] = {"beam_size": 4, "num_hypotheses": 4}
    alone = [
        model.generate([s], "fa", "en", max_new_tokens=[b], **options)[0]
        for s, b in zip(sources, budgets, strict=True)
    ]
    calls: list[int] = []
    real = model._generate_batch

    def spy(requests: Any, opts: Any) -> Any:
        calls.append(len(requests))
        return real(requests, opts)

    monkeypatch.setattr(model, "_generate_batch", spy)
    together = model.generate(sources, "fa", "en", max_new_tokens=budgets, **options)
    limits = {model._search_cap(r) for r in _requests(model, sources, budgets)}
    assert len(limits) >= 3
    assert len(calls) < len(limits)
    for mine, own in zip(together, alone, strict=True):
        assert [(h.text, h.finished) for h in mine] == [(h.text, h.finished) for h in own]
        assert [h.score for h in mine] == pytest.approx([h.score for h in own], abs=1e-5)


def _requests(model: Backend, sources: list[str], budgets: list[int]) -> list[Any]:
    from toolkit.translate.backends.base import DecodeRequest

    forced = tuple(model.codec.forced_ids("en"))
    return [
        DecodeRequest(tuple(ids), forced, b)
        for ids, b in zip(model._checked_sources(sources, "fa", "en"), budgets, strict=True)
    ]


@pytest.mark.parametrize(
    ("threads", "split"), [(1, (1, 1)), (2, (2, 1)), (3, (3, 1)), (8, (4, 2)), (16, (4, 4))]
)
def test_cpu_threads_are_spent_on_at_most_four_workers(
    threads: int, split: tuple[int, int]
) -> None:
    from toolkit.translate.backends.ct2 import cpu_workers

    assert cpu_workers(threads) == split


def test_a_ct2_call_is_split_among_workers_and_gives_what_one_worker_gives(
    tiny_nllb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two threads: two workers of one thread, each decoding half of a call's batch; every
    search (greedy, a beam of 4, forced prefixes) and every score is what one worker gives."""
    from toolkit.translate.backends.ct2 import CT2Backend

    def load(threads: str) -> Any:  # a backend of its own (load_backend keeps one per model)
        monkeypatch.setenv("OMP_NUM_THREADS", threads)
        return CT2Backend(str(tiny_nllb), tiny_nllb, "nllb", compute_type="float32")

    alone, split = load("1"), load("2")
    assert (alone.workers, split.workers) == (1, 2)
    asked: list[int] = []

    class Spy:
        def __init__(self, translator: Any) -> None:
            self.translator = translator

        def translate_batch(self, sources: Any, **kwargs: Any) -> Any:
            asked.append(kwargs.get("max_batch_size", 0))
            return self.translator.translate_batch(sources, **kwargs)

        def score_batch(self, sources: Any, targets: Any, **kwargs: Any) -> Any:
            asked.append(kwargs.get("max_batch_size", 0))
            return self.translator.score_batch(sources, targets, **kwargs)

    monkeypatch.setattr(split, "_translator", Spy(split._translator))
    sources = [s for s, _ in CAPPED[:5]]
    prefixes = decoding_cases.PREFIXES[:5]
    for options in ({"beam_size": 1}, {"beam_size": 4, "num_hypotheses": 4}):
        mine = split.generate(sources, "fa", "en", prefixes=prefixes, **options)
        theirs = alone.generate(sources, "fa", "en", prefixes=prefixes, **options)
        assert [[(h.text, h.finished) for h in hs] for hs in mine] == [
            [(h.text, h.finished) for h in hs] for hs in theirs
        ]
        for m, t in zip(mine, theirs, strict=True):
            assert [h.score for h in m] == pytest.approx([h.score for h in t], abs=1e-5)
    assert asked[0] == 3  # the greedy call: 5 sources, 3 for one worker and 2 for the other
    assert all(size >= 1 for size in asked)
