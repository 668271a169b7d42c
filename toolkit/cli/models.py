"""``toolkit models list`` and ``toolkit models download``."""

from __future__ import annotations

import click

from toolkit.cli.common import echo_json, format_option
from toolkit.hub import hf_cache_dir
from toolkit.translate.backends import BACKENDS
from toolkit.translate.backends.ct2 import ct2_cache_dir
from toolkit.translate.models import DEFAULT_MODEL, download_model, list_models


@click.group("models")
def models_group() -> None:
    """List and download translation models (Hugging Face hub ids or local directories)."""


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


@models_group.command("list")
@format_option("text", "json")
def list_cmd(fmt: str) -> None:
    """List models usable offline: the Hugging Face cache and CTranslate2 conversions.

    JSON output: {"models": [{"id", "path", "size_bytes", "has_ct2"}]}.
    """
    models = list_models()
    if fmt == "json":
        echo_json(
            {
                "models": [
                    {
                        "id": m.id,
                        "path": str(m.path),
                        "size_bytes": m.size_bytes,
                        "has_ct2": m.has_ct2,
                    }
                    for m in models
                ]
            }
        )
        return
    if not models:
        click.echo(
            f"no models in {hf_cache_dir()} or {ct2_cache_dir()}; get one with "
            f"`toolkit models download {DEFAULT_MODEL}`",
            err=True,
        )
        return
    rows = [(m.id, _size(m.size_bytes), "yes" if m.has_ct2 else "no", str(m.path)) for m in models]
    header = ("MODEL", "SIZE", "CT2", "PATH")
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(3)]
    for row in [header, *rows]:
        click.echo(
            "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True))
            + "  "
            + row[3]
        )


@models_group.command("download")
@click.argument("name")
@click.option(
    "--backend",
    type=click.Choice(list(BACKENDS)),
    default="ct2",
    show_default=True,
    help="ct2 also converts the model to CTranslate2 (int8) for fast CPU use.",
)
def download_cmd(name: str, backend: str) -> None:
    """Download model NAME (a hub id) into the Hugging Face cache, ready for offline use.

    Prints the checkpoint directory on stdout; progress goes to stderr. NAME may also be a
    local checkpoint directory, which is then only converted.
    """
    path = download_model(name, backend, progress=lambda line: click.echo(line, err=True))
    click.echo(str(path))
