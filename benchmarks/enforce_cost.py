"""What enforcing a glossary costs: ``toolkit translate`` with the glossary against without it.

Three cases, each on the ct2 and hf backends, the seed article into English (``--lang``):

* ``tiny``: the tiny random model of ``tests/tiny_models.py`` with the domain glossary; it
  renders no term, so every occurrence goes down the missing-term path;
* ``variant``: the fluent stand-in (``tests/fluent_model.py``, cached) with the test split's
  variant glossary (``evaluation/term-fluency/glossary-test.tsv``): the model renders every
  term, in other words than the glossary asks for (substitution);
* ``domain``: the fluent stand-in with the domain glossary: the terms are already right.

Every timing is one fresh ``python -m toolkit translate`` process (Python start, imports and
model load included, as a user pays them) with a translation memory of its own (empty) and
``--no-names``; the glossary's compiled index and the model's CTranslate2 conversion are made
by an untimed warm-up run first. Rounds are interleaved; each figure is the least of
``--repeat`` runs. Peak RSS is the process's own (``wait4``). The model calls made to place
the terms, and their seconds, are shown when the JSON output reports them.

    .venv/bin/python benchmarks/enforce_cost.py [--repeat 2] [--lang en[,ru]]
    .venv/bin/python benchmarks/enforce_cost.py --quick     # 3 lines of the seed, one run each
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import ROOT, SEED

DOMAIN = ROOT / "glossaries" / "iran-russia-ict.tsv"
VARIANT = ROOT / "evaluation" / "term-fluency" / "glossary-test.tsv"
BACKENDS = ("ct2", "hf")
STATUSES = ("model", "substituted", "constrained", "inserted", "failed")
QUICK_LINES = 3


@dataclass(frozen=True)
class Case:
    """A model and a glossary to translate the seed with, and without the glossary."""

    name: str
    label: str
    model: str
    """``tiny`` (built for this run) or ``fluent`` (the cached stand-in)."""
    glossary: Path


CASES = {
    "tiny": Case("tiny", "tiny random model, domain glossary (every term missing)", "tiny", DOMAIN),
    "variant": Case("variant", "fluent stand-in, test-split variant glossary", "fluent", VARIANT),
    "domain": Case("domain", "fluent stand-in, domain glossary (terms right)", "fluent", DOMAIN),
}
TARGETS = {
    ("tiny", "ct2"): 1.5,
    ("tiny", "hf"): 2.0,
    ("variant", "ct2"): 1.3,
    ("variant", "hf"): 1.3,
}
"""Issue 26's targets (with/without), by (case, backend); the domain case has none."""


@dataclass(frozen=True)
class Run:
    """One timed ``toolkit translate`` process."""

    seconds: float
    peak_rss_mb: float
    calls: int | None = None
    """Model calls, when the JSON output reports them."""
    terms: dict[str, int] = field(default_factory=dict)
    """Term occurrences per status, over the target languages."""
    enforcer_seconds: float | None = None
    """The seconds of the model calls made to place the terms, when the JSON output reports
    them (the n-best search, the enforcer's loop and its terms alone; not the first pass and
    the retries, which a run without the glossary pays too)."""


@dataclass(frozen=True)
class Row:
    """A case on one backend: the best run without the glossary and the best with it."""

    case: Case
    backend: str
    without: Run
    with_glossary: Run

    @property
    def ratio(self) -> float:
        return self.with_glossary.seconds / self.without.seconds

    @property
    def target(self) -> float | None:
        return TARGETS.get((self.case.name, self.backend))


def model_calls(data: Any) -> int | None:
    """The number of model calls a translate JSON output reports, summed over its languages:
    the value of the first ``model_calls`` key found, nearest the top of each translation
    first (a total before its breakdown); None when no translation reports one."""
    translations = data.get("translations", {}) if isinstance(data, dict) else {}
    found = [_first_key(t, "model_calls") for t in translations.values()]
    counts = [c for c in found if c is not None]
    return sum(counts) if counts else None


def _first_key(value: Any, key: str) -> int | None:
    level = [value]
    while level:
        nested = []
        for item in level:
            if isinstance(item, dict):
                if isinstance(item.get(key), int) and not isinstance(item.get(key), bool):
                    return int(item[key])
                nested += list(item.values())
            elif isinstance(item, list):
                nested += item
        level = nested
    return None


def enforcer_seconds(data: Any) -> float | None:
    """The seconds of the enforcer's model calls that a translate JSON output reports (each
    translation's ``enforcement.seconds``), summed over its languages; None when none does."""
    translations = data.get("translations", {}) if isinstance(data, dict) else {}
    found = [
        float(t["enforcement"]["seconds"])
        for t in translations.values()
        if isinstance(t.get("enforcement"), dict)
        and isinstance(t["enforcement"].get("seconds"), int | float)
    ]
    return sum(found) if found else None


def term_counts(data: Any) -> dict[str, int]:
    """Term occurrences per status in a translate JSON output, summed over its languages."""
    out: dict[str, int] = {}
    for tr in data.get("translations", {}).values():
        for status, n in tr.get("terms", {}).items():
            out[status] = out.get(status, 0) + int(n)
    return out


def status_mix(terms: dict[str, int]) -> str:
    """``model/subst/constr/inserted/failed`` counts, as the other benchmarks print them."""
    return "/".join(str(terms.get(s, 0)) for s in STATUSES)


def translate_command(
    source: Path,
    model: Path,
    backend: str,
    langs: Sequence[str],
    glossary: Path | None,
    memory: Path,
    device: str = "cpu",
) -> list[str]:
    """``toolkit translate`` of ``source`` as every timed run calls it."""
    command = [sys.executable, "-m", "toolkit", "translate", str(source), "--model", str(model)]
    command += ["--backend", backend, "--device", device, "--cache-path", str(memory)]
    command += ["--no-names", "--quiet", "--format", "json"]
    for lang in langs:
        command += ["--to", lang]
    command += ["-g", str(glossary)] if glossary else ["--no-glossary"]
    return command


def run_process(command: list[str], env: dict[str, str], log: Path) -> tuple[float, float, str]:
    """Run ``command``; its wall seconds, its own peak RSS (MB) and its stdout. Exits with the
    log's tail when the command fails."""
    with tempfile.TemporaryFile() as out, open(log, "ab") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        stdout = out.read().decode("utf-8", errors="replace")
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        sys.exit(f"{' '.join(command)} exited {proc.returncode}:\n{tail}")
    return seconds, usage.ru_maxrss / 1024, stdout


def timed(command: list[str], env: dict[str, str], log: Path) -> Run:
    seconds, rss, stdout = run_process(command, env, log)
    data = json.loads(stdout)
    return Run(seconds, rss, model_calls(data), term_counts(data), enforcer_seconds(data))


def best(runs: Sequence[Run]) -> Run:
    return min(runs, key=lambda r: r.seconds)


def _calls(run: Run) -> str:
    return "n/a" if run.calls is None else str(run.calls)


def _seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def table(rows: Sequence[Row]) -> str:
    """The result table: one line per case and backend."""
    head = (
        f"{'case':<8} {'backend':<7} {'without s':>9} {'with s':>8} {'ratio':>7} {'target':>7} "
        f"{'met':>4} {'calls w/o':>9} {'calls with':>10} {'enforcer s':>10} "
        f"{'peak RSS with':>13}  "
        "terms model/subst/constr/inserted/failed"
    )
    lines = [head]
    for r in rows:
        target = f"<={r.target:.1f}x" if r.target else "-"
        met = "-" if r.target is None else ("yes" if r.ratio <= r.target else "no")
        lines.append(
            f"{r.case.name:<8} {r.backend:<7} {r.without.seconds:>9.2f} "
            f"{r.with_glossary.seconds:>8.2f} {r.ratio:>6.2f}x {target:>7} {met:>4} "
            f"{_calls(r.without):>9} {_calls(r.with_glossary):>10} "
            f"{_seconds(r.with_glossary.enforcer_seconds):>10} "
            f"{r.with_glossary.peak_rss_mb:>10.0f} MB  {status_mix(r.with_glossary.terms)}"
        )
    return "\n".join(lines)


def source_text(lines: int | None) -> str:
    """The seed article, or its first ``lines`` non-blank lines."""
    text = SEED.read_text(encoding="utf-8")
    if lines is None:
        return text
    return "\n".join([x for x in text.splitlines() if x.strip()][:lines]) + "\n"


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def build_models(needed: set[str], folder: Path, env: dict[str, str]) -> dict[str, Path]:
    """The models the cases need, built in a child process, so that this process stays small
    (a child's peak RSS starts from its parent's at fork)."""
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);\n"
        "if sys.argv[2] == 'tiny':\n"
        "    from tiny_models import build_tiny_nllb; print(build_tiny_nllb(Path(sys.argv[3])))\n"
        "else:\n"
        "    from fluent_model import build_fluent_nllb; print(build_fluent_nllb())\n"
    )
    models = {}
    for kind in sorted(needed):
        out = subprocess.run(
            [sys.executable, "-c", script, str(ROOT / "tests"), kind, str(folder / kind)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        models[kind] = Path(out.stdout.strip().splitlines()[-1])
    return models


def measure(
    cases: Sequence[Case],
    backends: Sequence[str],
    langs: Sequence[str],
    repeat: int,
    lines: int | None,
    folder: Path,
) -> list[Row]:
    """Time every case on every backend, rounds interleaved; a row per pair."""
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TOOLKIT_HOME": str(folder / "home"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    models = build_models({c.model for c in cases}, folder, env)
    source = folder / "source.fa.txt"
    source.write_text(source_text(lines), encoding="utf-8")
    warm = folder / "warm.fa.txt"
    warm.write_text(source_text(1), encoding="utf-8")
    log = folder / "toolkit.log"
    pairs = [(c, b) for c in cases for b in backends]
    count = itertools.count()
    for case, backend in pairs:  # untimed: the ct2 conversion, the glossary's index
        memory = folder / f"memory-{next(count)}.sqlite3"
        cmd = translate_command(warm, models[case.model], backend, langs, case.glossary, memory)
        run_process(cmd, env, log)
    runs: dict[tuple[str, str, bool], list[Run]] = {}
    for round_no in range(repeat):
        for case, backend in pairs:
            for glossary in (None, case.glossary):
                memory = folder / f"memory-{next(count)}.sqlite3"
                model = models[case.model]
                cmd = translate_command(source, model, backend, langs, glossary, memory)
                run = timed(cmd, env, log)
                runs.setdefault((case.name, backend, glossary is not None), []).append(run)
                print(
                    f"  round {round_no + 1}: {case.name} {backend} "
                    f"{'with' if glossary else 'without'} glossary: {run.seconds:.2f} s",
                    file=sys.stderr,
                )
        if round_no + 1 < repeat:  # what a run cut short would have shown
            print(f"after round {round_no + 1}:\n{table(rows(pairs, runs))}", file=sys.stderr)
    return rows(pairs, runs)


def rows(
    pairs: Sequence[tuple[Case, str]], runs: dict[tuple[str, str, bool], list[Run]]
) -> list[Row]:
    """A row per (case, backend): the best run without the glossary and the best with it."""
    return [
        Row(c, b, best(runs[(c.name, b, False)]), best(runs[(c.name, b, True)])) for c, b in pairs
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs per figure (the least kept)")
    parser.add_argument("--lang", default="en", help="target languages: en, ru or en,ru")
    parser.add_argument("--cases", default=",".join(CASES), help="any of " + ",".join(CASES))
    parser.add_argument("--backends", default=",".join(BACKENDS), help="ct2, hf or ct2,hf")
    parser.add_argument("--lines", type=int, default=None, help="only the seed's first N lines")
    parser.add_argument(
        "--quick", action="store_true", help=f"the seed's first {QUICK_LINES} lines, one run each"
    )
    args = parser.parse_args()
    langs = [x for x in args.lang.split(",") if x]
    cases = [CASES[x] for x in args.cases.split(",") if x]
    backends = [x for x in args.backends.split(",") if x]
    if any(lang not in ("en", "ru") for lang in langs) or any(b not in BACKENDS for b in backends):
        parser.error("--lang takes en and ru, --backends ct2 and hf")
    repeat = 1 if args.quick else args.repeat
    lines = args.lines or (QUICK_LINES if args.quick else None)
    before = load_average()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="enforce-cost-") as tmp:
        result = measure(cases, backends, langs, repeat, lines, Path(tmp))
    text = "the seed" if lines is None else f"the seed's first {lines} lines"
    print(
        f"toolkit translate of {text} into {','.join(langs)}, --no-names, fresh memory; "
        f"least of {repeat}; {os.cpu_count()} CPUs, load average {before} before and "
        f"{load_average()} after; {time.perf_counter() - started:.0f} s in all"
    )
    print(table(result))


if __name__ == "__main__":
    main()
