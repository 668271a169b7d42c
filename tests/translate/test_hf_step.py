"""NLLB's and M2M100's decoder steps run directly (toolkit/translate/backends/hf_step.py):
every step's scores are the model's own, bit for bit, and only the models it was written
for take that path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from decoding_cases import options, requests

from toolkit.translate.backends import hf_search, hf_step, load_backend


def _step_scores(
    model: Any, monkeypatch: pytest.MonkeyPatch, direct: bool, beams: int, prefixed: bool
) -> tuple[list[Any], int]:
    """The scores a search of the cases read at every step (``direct`` rows or the model's
    own calls), and how many steps ran directly."""
    seen: list[Any] = []
    direct_steps = [0]
    with monkeypatch.context() as patch:
        for name in ("greedy_scores", "log_probs"):
            patch.setattr(hf_search.Rows, name, _recorded(getattr(hf_search.Rows, name), seen))
        step = hf_step.DirectRows._step

        def counted(self: Any, ids: Any) -> Any:
            direct_steps[0] += 1
            return step(self, ids)

        patch.setattr(hf_step.DirectRows, "_step", counted)
        patch.setattr(model, "_direct", direct)
        model._generate_group(requests(model, prefixed), options(beams))
    return seen, direct_steps[0]


def _recorded(method: Any, seen: list[Any]) -> Any:
    def spy(self: Any, ids: Any) -> Any:
        out = method(self, ids)
        seen.append(out.clone())
        return out

    return spy


@pytest.mark.parametrize("prefixed", [False, True], ids=["plain", "prefixed"])
@pytest.mark.parametrize("beams", [1, 4], ids=["greedy", "beam4"])
@pytest.mark.parametrize("fixture", ["tiny_nllb", "tiny_m2m100", "fluent_nllb"])
def test_every_step_scores_what_the_model_scores(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    fixture: str,
    beams: int,
    prefixed: bool,
) -> None:
    """Sources padded to a common length, starts padded on the left (prefixes), rows taken
    out as they end, beams reordered, buffers grown: each step's scores are those of the
    model's own call, equal to the last bit."""
    import torch

    model: Any = load_backend(str(request.getfixturevalue(fixture)), "hf")
    assert model._direct
    direct, ran = _step_scores(model, monkeypatch, True, beams, prefixed)
    own, none = _step_scores(model, monkeypatch, False, beams, prefixed)
    assert none == 0
    assert ran == len(direct) - 1 > hf_step.GROWTH  # every step after the start, buffers grown
    assert len(direct) == len(own)
    for mine, theirs in zip(direct, own, strict=True):
        assert torch.equal(mine, theirs)


def _fresh(path: Path, **kwargs: Any) -> Any:
    from transformers import AutoModelForSeq2SeqLM

    return AutoModelForSeq2SeqLM.from_pretrained(path, local_files_only=True, **kwargs).eval()


@pytest.mark.parametrize(
    ("fixture", "changes", "expected"),
    [
        ("tiny_nllb", {}, True),
        ("tiny_m2m100", {}, True),
        ("tiny_nllb", {"attn_implementation": "eager"}, False),  # other arithmetic
        ("tiny_nllb", {"train": True}, False),  # dropout
        ("tiny_marian_fa_en", {}, False),  # another architecture
    ],
    ids=["nllb", "m2m100", "eager", "training", "marian"],
)
def test_only_the_architecture_it_was_written_for_runs_directly(
    request: pytest.FixtureRequest, fixture: str, changes: dict[str, Any], expected: bool
) -> None:
    train = changes.pop("train", False)
    model = _fresh(request.getfixturevalue(fixture), **changes)
    model.train(train)
    assert hf_step.supports(model) is expected


def test_the_backend_runs_marian_through_the_model(tiny_marian_fa_en: Path) -> None:
    model: Any = load_backend(str(tiny_marian_fa_en), "hf")
    assert model._plain and not model._direct
