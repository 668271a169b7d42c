"""``toolkit translate``: Persian text into English and Russian under a glossary."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from toolkit.cli.common import (
    TARGET_CHOICE,
    echo_json,
    extent,
    format_option,
    input_argument,
    max_input_option,
    read_input,
)
from toolkit.errors import OutputError
from toolkit.io import write_text_atomic
from toolkit.text import Segment, ensure_language, segment
from toolkit.translate.backends import DEVICES
from toolkit.translate.base import TERM_STATUSES, Translation
from toolkit.translate.factory import TRANSLATORS
from toolkit.translate.models import DEFAULT_MODEL

if TYPE_CHECKING:
    from toolkit.glossary.model import Glossary
    from toolkit.translate.names import NameRendering
    from toolkit.translate.openai import Estimate


def translation_options(func: Any) -> Any:
    """The model, glossary and memory options shared by `translate` and `run`."""
    options = [
        click.option(
            "--model",
            "-m",
            default=DEFAULT_MODEL,
            show_default=True,
            help="Hugging Face hub id or local model directory (NLLB-200, M2M100, Marian/OPUS-MT).",
        ),
        click.option(
            "--pivot-model",
            default=None,
            help="For a one-direction Marian model: the English→target model to "
            "chain after it (e.g. Helsinki-NLP/opus-mt-en-ru).",
        ),
        click.option(
            "--backend",
            type=click.Choice(list(TRANSLATORS)),
            default="ct2",
            show_default=True,
            help="; ".join(f"{name}: {kind.help}" for name, kind in TRANSLATORS.items()) + ".",
        ),
        click.option(
            "--device", type=click.Choice(list(DEVICES)), default="cpu", show_default=True
        ),
        click.option(
            "--api-base",
            default=None,
            metavar="URL",
            help="With --backend openai: the server's OpenAI-compatible API "
            "(http://127.0.0.1:8000/v1); default $TOOLKIT_API_BASE. The key, where the server "
            "needs one, is read from TOOLKIT_API_KEY or OPENAI_API_KEY only.",
        ),
        click.option(
            "--concurrency",
            type=click.IntRange(min=1),
            default=4,
            show_default=True,
            help="With --backend openai: requests in flight at once.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=120.0,
            show_default=True,
            help="With --backend openai: seconds a request may take.",
        ),
        click.option(
            "--glossary",
            "-g",
            "glossary_path",
            default=None,
            help="Glossary file (TSV, CSV, TBX, JSON); default: the shipped domain glossary "
            "(glossaries/iran-russia-ict.tsv, Iran-Russia ICT), applied to any article "
            "unless --no-glossary is given.",
        ),
        click.option("--no-glossary", is_flag=True, help="Translate without a glossary."),
        click.option(
            "--cache/--no-cache",
            default=True,
            show_default=True,
            help="Use the translation memory (a re-run translates nothing twice) and its "
            "approved translations (a sentence approved in review is reused verbatim, a "
            "similar one offered as a fuzzy match); --no-cache uses neither.",
        ),
        click.option(
            "--cache-path",
            default=None,
            help="Translation memory file, approved translations included (default "
            "$TOOLKIT_HOME/memory.sqlite3).",
        ),
        click.option(
            "--n-best",
            default=4,
            show_default=True,
            type=click.IntRange(1, 16),
            help="Hypotheses per sentence searched for glossary terms.",
        ),
        click.option(
            "--names/--no-names",
            default=True,
            show_default=True,
            help="Keep one rendering per person's name that the glossary does not cover: the "
            "model's at the first occurrence (else a transliteration) is placed at every "
            "other, and reported as not from the glossary.",
        ),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


dry_run_option = click.option(
    "--dry-run",
    is_flag=True,
    help="With --backend openai: print the requests and tokens the translation would cost "
    "(an estimate, for a first run), send nothing, write nothing.",
)
"""``--dry-run``, of ``translate`` and ``run``."""


@click.command("translate")
@input_argument
@click.option(
    "--to",
    "targets",
    multiple=True,
    type=TARGET_CHOICE,
    required=True,
    help="Target language (repeatable: --to en --to ru).",
)
@translation_options
@dry_run_option
@click.option(
    "--out",
    "out_dir",
    default=None,
    help="Write DIR/<input stem>.<lang>.txt for each target (atomically); <input stem> is "
    "stdin for -.",
)
@click.option(
    "--force/--no-force",
    default=False,
    show_default=True,
    help="With --out: replace an existing DIR/<input stem>.<lang>.txt.",
)
@format_option("text", "json")
@max_input_option
def translate_cmd(
    source: str,
    targets: tuple[str, ...],
    model: str,
    pivot_model: str | None,
    backend: str,
    device: str,
    api_base: str | None,
    concurrency: int,
    timeout: float,
    glossary_path: str | None,
    no_glossary: bool,
    cache: bool,
    cache_path: str | None,
    n_best: int,
    names: bool,
    quiet: bool,
    dry_run: bool,
    out_dir: str | None,
    force: bool,
    fmt: str,
    max_input_mb: float,
) -> None:
    """Translate Persian text into English and/or Russian, sentence by sentence.

    Every glossary term found in a source sentence is guaranteed in its translation: the
    model's own rendering when one of its n-best hypotheses has it, otherwise the toolkit
    forces it. Each term is reported as model (the model's own), substituted (the glossary
    form put in place of the model's other words), constrained (forced as a prefix, the
    model wrote the rest), inserted (pasted without the model: review it) or failed.
    Output line i translates input line i; blank lines are kept.
    """
    from toolkit.translate.session import open_session, resolve_glossary

    targets = tuple(dict.fromkeys(targets))
    if dry_run:
        check_dry_run(backend)
        text, name = read_input(source, max_input_mb)
        ensure_language(text, "fa", name)
        glossary = resolve_glossary(glossary_path, no_glossary)
        echo_estimates(estimate([text], targets, model, glossary), model, fmt)
        return
    paths = _out_paths(out_dir, source, targets, force) if out_dir is not None else {}
    text, name = read_input(source, max_input_mb)
    ensure_language(text, "fa", name)
    session = open_session(
        model=model,
        glossary=resolve_glossary(glossary_path, no_glossary),
        pivot_model=pivot_model,
        backend=backend,
        device=device,
        cache=cache,
        cache_path=cache_path,
        n_best=n_best,
        progress=not quiet,
        names=names,
        settings=server_settings(api_base, concurrency, timeout),
    )
    done = {lang: session.translate(lang, text) for lang in targets}
    results = {lang: tr for lang, (tr, _) in done.items()}
    kept = {lang: found for lang, (_, found) in done.items()}
    for lang, path in paths.items():
        write_text_atomic(path, results[lang].text + "\n")
        click.echo(f"wrote {path}", err=True)
    if fmt == "json":
        sigs = {lang: tr.signature.to_dict() for lang, tr in results.items() if tr.signature}
        first = next(iter(sigs.values()), {})
        signature = {k: v for k, v in first.items() if k not in ("target_language", "translator")}
        signature["targets"] = list(results)
        signature["translators"] = {lang: sig["translator"] for lang, sig in sigs.items()}
        out: dict[str, Any] = {
            "translations": {lang: tr.to_dict() for lang, tr in results.items()},
            "names": {lang: [n.to_dict() for n in found] for lang, found in kept.items()},
            "signature": signature,
        }
        for lang, cost in session.enforcement().items():
            out["translations"][lang]["enforcement"] = cost
        requests = session.requests()
        if requests:
            out["requests"] = requests
        echo_json(out)
    elif out_dir is None:
        for lang, tr in results.items():
            if len(results) > 1:
                click.echo(f"== {lang} ==")
            click.echo(tr.text)
    sentences = segment(text, "fa")
    for lang, tr in results.items():
        click.echo(term_summary(tr, sentences), err=True)
        if kept[lang]:
            click.echo(names_summary(kept[lang]), err=True)


def check_dry_run(backend: str) -> None:
    """A dry run estimates a server's requests: a usage error with any other backend."""
    if backend != "openai":
        raise click.UsageError(
            f"--dry-run estimates the requests to a server: it needs --backend openai, "
            f"not {backend}"
        )


def estimate(
    texts: Sequence[str], targets: Sequence[str], model: str, glossary: Glossary | None
) -> list[Estimate]:
    """The cost of translating ``texts`` through the server, estimated, nothing sent."""
    from toolkit.translate.openai import dry_run

    return dry_run(texts, targets, model, glossary)


def echo_estimates(
    estimates: Sequence[Estimate], model: str, fmt: str, extra: Sequence[Estimate] = ()
) -> None:
    """Print a dry run's estimates (``extra``: requests other than translations, such as a
    summary's) with their total and how they were made: text or JSON on stdout."""
    from toolkit.translate.openai import ESTIMATE_METHOD

    every = [*extra, *estimates]
    total = {
        key: sum(getattr(e, key) for e in every)
        for key in ("requests", "prompt_tokens", "completion_tokens")
    }
    if fmt == "json":
        data: dict[str, Any] = {
            "dry_run": True,
            "model": model,
            "languages": {e.language: e.to_dict() for e in estimates},
            **({"other": {e.language: e.to_dict() for e in extra}} if extra else {}),
            "total": total,
            "method": ESTIMATE_METHOD,
        }
        echo_json(data)
        return
    for e in every:
        click.echo(str(e))
    click.echo(
        f"total: {total['requests']} requests, about {total['prompt_tokens']} prompt and "
        f"{total['completion_tokens']} completion tokens (dry run: {ESTIMATE_METHOD})"
    )


def server_settings(api_base: str | None, concurrency: int, timeout: float) -> dict[str, Any]:
    """The options of a server backend (``openai``), as the session hands them on."""
    return {"api_base": api_base, "concurrency": concurrency, "timeout": timeout}


def _out_paths(out_dir: str, source: str, targets: Sequence[str], force: bool) -> dict[str, Path]:
    """The file each target's translation goes to, checked before translating: an existing
    one is replaced only with --force, the input never, and the folder must be writable."""
    stem = "stdin" if source == "-" else Path(source).name.split(".")[0]
    folder = Path(out_dir)
    paths = {lang: folder / f"{stem}.{lang}.txt" for lang in targets}
    for path in paths.values():
        if source != "-" and path.exists() and path.resolve() == Path(source).resolve():
            raise OutputError(f"{path}: is the input; choose another --out")
        if path.is_dir():
            raise OutputError(f"{path}: exists and is a folder")
        if path.exists() and not force:
            raise OutputError(f"{path}: exists; pass --force to replace it")
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{out_dir}: cannot write into {existing}")
    return paths


def term_summary(tr: Translation, sentences: Sequence[Segment]) -> str:
    """One line for stderr: the lines and sentences of the source (``sentences``) that
    ``tr`` translates, its term occurrences per status, the pieces left in another
    language than the target (kept, with an ``off-target`` problem) and, where there are
    some, the segments whose approved translation was reused."""
    counts = tr.term_counts()
    statuses = ", ".join(f"{counts[s]} {s}" for s in TERM_STATUSES)
    size = extent(len({s.line for s in sentences}), len(sentences), len(tr.segments))
    off = sum(any(p.kind == "off-target" for p in s.problems) for s in tr.segments)
    line = f"{tr.target_language}: {size}; terms: {statuses}; off-target: {off}"
    if approved := tr.approved_segments:
        line += f"; approved: {approved} (reused as a reviewer approved them)"
    return line


def names_summary(names: Sequence[NameRendering]) -> str:
    """One line for stderr: the names kept consistent, not from the glossary."""
    listed = ", ".join(f"{n.source} → {n.rendering} ({n.chosen})" for n in names)
    return f"{names[0].lang}: names not in the glossary, one rendering each: {listed}"
