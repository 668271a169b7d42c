"""The helpers of ``benchmarks/enforce_cost.py`` and of the ``--device``/``--batch-sizes``
options of ``benchmarks/translate_speed.py``, on small hand-checked cases (no model runs)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import ROOT, load_benchmark


@pytest.fixture(scope="module")
def benchmarks() -> Iterator[dict[str, Any]]:
    """The scripts as modules; they import ``_common`` from their own folder."""
    folder = str(ROOT / "benchmarks")
    sys.path.insert(0, folder)
    try:
        yield {
            name: load_benchmark(name) for name in ("_common", "enforce_cost", "translate_speed")
        }
    finally:
        sys.path.remove(folder)


CALLS = [
    ({}, None),
    ({"translations": {"en": {"lines": [], "terms": {"model": 3}}}}, None),
    ({"translations": {"en": {"cost": {"model_calls": 12}}}}, 12),
    # a total before its breakdown: the one nearest the top counts
    (
        {
            "translations": {
                "en": {"cost": {"model_calls": 12, "by_status": {"inserted": {"model_calls": 10}}}}
            }
        },
        12,
    ),
    ({"translations": {"en": {"model_calls": 3}, "ru": {"cost": {"model_calls": 4}}}}, 7),
    ({"translations": {"en": {"model_calls": 0}}}, 0),
    ({"translations": {"en": {"model_calls": True}}}, None),
    ({"translations": {"en": {"segments": [{"terms": []}, {"model_calls": 2}]}}}, 2),
]


@pytest.mark.parametrize(("data", "expected"), CALLS)
def test_model_calls_are_read_from_the_json_output_when_it_reports_them(
    benchmarks: dict[str, Any], data: dict[str, Any], expected: int | None
) -> None:
    assert benchmarks["enforce_cost"].model_calls(data) == expected


def test_term_counts_are_summed_over_languages_and_shown_in_the_usual_order(
    benchmarks: dict[str, Any],
) -> None:
    bench = benchmarks["enforce_cost"]
    data = {
        "translations": {
            "en": {"terms": {"model": 2, "inserted": 5}},
            "ru": {"terms": {"model": 1, "failed": 1, "substituted": 3}},
        }
    }
    assert bench.enforcer_seconds(data) is None
    counts = bench.term_counts(data)
    assert counts == {"model": 3, "inserted": 5, "failed": 1, "substituted": 3}
    assert bench.status_mix(counts) == "3/3/0/5/1"


def test_the_enforcers_seconds_are_summed_over_languages(benchmarks: dict[str, Any]) -> None:
    bench = benchmarks["enforce_cost"]
    data = {
        "translations": {
            "en": {"enforcement": {"seconds": 1.5, "loop": {"seconds": 1.0}}},
            "ru": {"enforcement": {"seconds": 2}},
            "de": {"terms": {}},
        }
    }
    assert bench.enforcer_seconds(data) == pytest.approx(3.5)


def _row(bench: Any, case: str, backend: str, without: float, with_: float) -> Any:
    return bench.Row(
        bench.CASES[case],
        backend,
        bench.Run(without, 300.0),
        bench.Run(with_, 320.0, 41, {"inserted": 22}, 2.5),
    )


TABLE = [
    # case, backend, seconds without, seconds with, ratio, target, met
    ("tiny", "ct2", 7.5, 31.5, "4.20x", "<=1.5x", "no"),
    ("tiny", "ct2", 10.0, 15.0, "1.50x", "<=1.5x", "yes"),
    ("tiny", "hf", 20.0, 39.0, "1.95x", "<=2.0x", "yes"),
    ("variant", "hf", 6.7, 10.7, "1.60x", "<=1.3x", "no"),
    ("variant", "ct2", 6.5, 8.0, "1.23x", "<=1.3x", "yes"),
    ("domain", "ct2", 6.5, 6.6, "1.02x", "-", "-"),
]


@pytest.mark.parametrize(("case", "backend", "without", "with_", "ratio", "target", "met"), TABLE)
def test_each_row_shows_its_ratio_against_the_issues_target(
    benchmarks: dict[str, Any],
    case: str,
    backend: str,
    without: float,
    with_: float,
    ratio: str,
    target: str,
    met: str,
) -> None:
    bench = benchmarks["enforce_cost"]
    lines = bench.table([_row(bench, case, backend, without, with_)]).splitlines()
    assert len(lines) == 2
    cells = lines[1].split()
    assert cells[:2] == [case, backend]
    assert cells[4:7] == [ratio, target, met]
    assert cells[7:9] == ["n/a", "41"]  # model calls without and with the glossary
    assert cells[9] == "2.50"  # the enforcer's own seconds
    assert cells[-1] == "0/0/0/22/0"


def test_the_translate_command_has_a_fresh_memory_no_names_and_each_target(
    benchmarks: dict[str, Any], tmp_path: Path
) -> None:
    bench = benchmarks["enforce_cost"]
    memory = tmp_path / "m.sqlite3"
    plain = bench.translate_command(Path("in.txt"), Path("model"), "hf", ["en", "ru"], None, memory)
    assert plain[1:4] == ["-m", "toolkit", "translate"]
    assert plain[plain.index("--cache-path") + 1] == str(memory)
    assert "--no-names" in plain and "--no-glossary" in plain
    assert plain[plain.index("--backend") + 1] == "hf"
    assert [plain[i + 1] for i, x in enumerate(plain) if x == "--to"] == ["en", "ru"]
    enforced = bench.translate_command(
        Path("in.txt"), Path("model"), "ct2", ["en"], bench.VARIANT, memory
    )
    assert "--no-glossary" not in enforced
    assert enforced[enforced.index("-g") + 1] == str(bench.VARIANT)


def test_quick_runs_take_the_seeds_first_lines(benchmarks: dict[str, Any]) -> None:
    bench = benchmarks["enforce_cost"]
    lines = bench.source_text(3).splitlines()
    assert len(lines) == 3 and all(x.strip() for x in lines)
    assert bench.source_text(None) == bench.SEED.read_text(encoding="utf-8")


LABELS = [
    # phase, device, compute type, batch size, batch sizes chosen, label
    ("ct2-default", "cpu", "int8", None, False, "toolkit default path: ct2 int8, batched, greedy"),
    ("hf-batch", "cpu", "int8", None, False, "transformers, batched"),
    ("hf-single", "cpu", "int8", None, False, "transformers, one sentence at a time"),
    (
        "ct2-default",
        "cuda",
        "int8_float16",
        64,
        True,
        "toolkit default path: ct2 int8_float16, batched, greedy, batch 64",
    ),
    ("hf-batch", "cuda", "int8", 16, True, "transformers fp16, batched, batch 16"),
    (
        "ct2-nbest",
        "cuda",
        "float16",
        16,
        True,
        "ct2 float16, n-best pass (beam 4, 4 hypotheses), batch 16",
    ),
]


@pytest.mark.parametrize(("name", "device", "compute_type", "size", "sized", "expected"), LABELS)
def test_translate_speed_labels_name_the_compute_type_and_batch_size(
    benchmarks: dict[str, Any],
    name: str,
    device: str,
    compute_type: str,
    size: int | None,
    sized: bool,
    expected: str,
) -> None:
    bench = benchmarks["translate_speed"]
    assert bench.label(name, bench.Setup(device, compute_type, size), sized) == expected


def test_translate_speed_runs_ct2_phases_per_compute_type_and_batch_size(
    benchmarks: dict[str, Any],
) -> None:
    bench = benchmarks["translate_speed"]
    types, sizes = ["float16", "int8_float16"], [16, 64]
    ct2 = bench.setups("ct2-default", "cuda", types, sizes)
    assert [(s.compute_type, s.batch_size) for s in ct2] == [
        ("float16", 16),
        ("float16", 64),
        ("int8_float16", 16),
        ("int8_float16", 64),
    ]
    assert [s.batch_size for s in bench.setups("hf-batch", "cuda", types, sizes)] == [16, 64]
    assert [s.batch_size for s in bench.setups("hf-single", "cuda", types, sizes)] == [None]
    # on the CPU with no option: today's one setup per phase
    assert bench.setups("ct2", "cpu", ["int8"], [None]) == [bench.Setup("cpu", "int8", None)]


def test_translate_speed_fills_large_batches_by_repeating_sentences(
    benchmarks: dict[str, Any],
) -> None:
    bench = benchmarks["translate_speed"]
    few = bench.sentences(16)
    many = bench.sentences(500)
    assert len(few) == 16 and len(many) == 500
    assert many[:16] == few
    assert bench._chunks(list("abcde"), 2) == [["a", "b"], ["c", "d"], ["e"]]
    assert bench._chunks(list("abc"), None) == [["a", "b", "c"]]


def test_gpu_memory_is_none_without_nvidia_smi(
    benchmarks: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    common = benchmarks["_common"]
    monkeypatch.setattr(common.shutil, "which", lambda name: None)
    assert common.gpu_memory_used_mb() is None
    with common.GpuMemory() as gpu:
        pass
    assert gpu.peak_mb is None


def test_gpu_memory_is_the_peak_above_the_start(
    benchmarks: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    common = benchmarks["_common"]
    readings = iter([1000.0, 1500.0, 2300.0, 1200.0])
    monkeypatch.setattr(common, "gpu_memory_used_mb", lambda: next(readings, 1100.0))
    deadline = time.monotonic() + 10
    with common.GpuMemory(interval=0.001) as gpu:
        while (gpu.peak_mb or 0.0) < 1300 and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(0.02)  # later readings are lower: the peak stays
    assert gpu.peak_mb == 1300.0
    with common.GpuMemory(enabled=False) as off:
        pass
    assert off.peak_mb is None


def _run_benchmark(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``benchmarks/script`` with ``args``, checked to exit 0."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.mark.slow
def test_enforce_cost_quick_times_the_tiny_model_with_and_without_the_glossary() -> None:
    done = _run_benchmark("enforce_cost.py", "--quick", "--cases", "tiny", "--backends", "ct2")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("toolkit translate of the seed's first 3 lines into en")
    assert lines[1].split()[:5] == ["case", "backend", "without", "s", "with"]
    cells = lines[2].split()
    assert cells[:2] == ["tiny", "ct2"] and cells[5] == "<=1.5x"
    without, with_, ratio = float(cells[2]), float(cells[3]), float(cells[4].rstrip("x"))
    assert ratio == pytest.approx(with_ / without, abs=0.01)
    # the random model renders no term: every occurrence goes through the enforcer
    model, _, _, inserted, failed = (int(x) for x in cells[-1].split("/"))
    assert model == 0 and inserted + failed > 0, lines[2]
    assert re.search(r"round 1: tiny ct2 with glossary: [\d.]+ s", done.stderr)


@pytest.mark.slow
def test_ct2_threads_times_one_call_on_one_thread_on_every_core_and_split() -> None:
    done = _run_benchmark("ct2_threads.py", "--calls", "1")
    lines = done.stdout.splitlines()
    assert re.match(r"\d+ cores; 40 decoding steps a call; .* \d+ workers of \d+ threads", lines[0])
    rows = [line.split() for line in lines[2:]]
    assert [(r[0], r[1], r[-7]) for r in rows] == [
        ("tiny", "greedy", "1"),
        ("tiny", "beam", "1"),
        ("tiny", "greedy", "8"),
        ("tiny", "beam", "8"),
    ]
    for r in rows:
        one, many, split = float(r[-6]), float(r[-5]), float(r[-4])
        ratio = float(r[-3].rstrip("x"))
        assert one > 0 and many > 0 and split > 0
        assert ratio == pytest.approx(many / one, rel=0.05, abs=0.1)
