"""``benchmarks/gpu.sh --quick``, the GPU check's dry run: without a GPU it runs the same steps
on the CPU and writes every table to ``$OUT_FILE``; with one, the same rows on the GPU."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from builders import ROOT

NUMBER = r"\d+(?:\.\d+)?"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_gpu_sh_quick_writes_tokens_per_second_and_articles_per_minute(tmp_path: Path) -> None:
    out_file = tmp_path / "results" / "gpu.txt"
    env = {**os.environ, "OUT_FILE": str(out_file), "PYTHON": sys.executable}
    done = subprocess.run(
        ["bash", str(ROOT / "benchmarks" / "gpu.sh"), "--quick"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = out_file.read_text(encoding="utf-8")
    assert done.stdout == text  # the file, also shown
    assert "every step passed" in text
    device = re.search(r"^device: (\w+)", text, re.M)
    assert device is not None
    if device.group(1) == "cpu":
        assert "no CUDA GPU" in done.stderr and "no CUDA GPU" in text
        ct2, hf = "ct2 int8", "transformers"
    else:
        ct2, hf = "ct2 float16", "transformers fp16"
    speed = text.split("## translate_speed.py")[1].split("## batch_throughput.py")[0]
    assert re.search(r"^path .* tokens/s", speed, re.M)
    rows = [line for line in speed.splitlines() if re.search(rf" {NUMBER}x ", line)]
    # two batch sizes for each of transformers and CTranslate2
    assert len([r for r in rows if r.startswith(hf)]) == 2, speed
    assert len([r for r in rows if ct2 in r]) >= 2, speed
    for row in rows:
        assert re.search(rf"{NUMBER} MB", row), row  # peak RSS
        if device.group(1) == "cuda":
            assert re.search(rf"MB +{NUMBER} MB$", row), row  # and peak GPU memory
    batch = text.split("## batch_throughput.py")[1]
    assert re.search(r"^path .* articles/min +tokens/s", batch, re.M)
    assert re.search(rf"^toolkit batch --engine local +{NUMBER} +{NUMBER} +{NUMBER}", batch, re.M)


def test_gpu_sh_refuses_an_unknown_option() -> None:
    done = subprocess.run(
        ["bash", str(ROOT / "benchmarks" / "gpu.sh"), "--fast"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "unknown option '--fast'" in done.stderr
