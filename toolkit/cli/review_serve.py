"""``toolkit review serve``: the local review page of a run's output folder."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from toolkit.errors import ConfigError

if TYPE_CHECKING:
    from toolkit.glossary.model import Glossary


def _reviewer() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid
        return "reviewer"


def _shipped_if_used(outdir: str) -> Glossary | None:
    """The shipped glossary when the run's report names it (``run`` applies it by default)."""
    from toolkit.glossary.validate import load_glossary
    from toolkit.translate.factory import DEFAULT_GLOSSARY

    try:
        report = json.loads((Path(outdir) / "report.json").read_text(encoding="utf-8"))
        name = report["signature"]["glossary"]["name"]
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError):
        return None  # the folder's own checks say what is wrong with it
    if name != DEFAULT_GLOSSARY.name or not DEFAULT_GLOSSARY.is_file():
        return None
    return load_glossary(DEFAULT_GLOSSARY)


@click.command("serve")
@click.argument("outdir", metavar="OUTDIR", type=click.Path(file_okay=False))
@click.option(
    "--glossary",
    metavar="FILE",
    help="The glossary the run used (its content hash must match report.json's) "
    "[default: the shipped glossary, when the run used it].",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=int, help="Port (0: any free one).")
@click.option(
    "--cache-path",
    metavar="FILE",
    help="The translation memory approvals go into [default: the toolkit's memory].",
)
@click.option("--reviewer", metavar="NAME", help="Who approves [default: the OS user].")
def serve_cmd(
    outdir: str,
    glossary: str | None,
    host: str,
    port: int,
    cache_path: str | None,
    reviewer: str | None,
) -> None:
    """Review a run's translations in the browser: each segment's Persian beside its
    targets, term badges and findings; edit a target (checked again on save) and approve it
    into the memory, which rewrites the run's texts, TMX, XLIFF and report.json.

    Serves http://127.0.0.1:8765/ until Ctrl-C; needs the `toolkit[review]` extra.
    """
    from toolkit.glossary.validate import load_glossary
    from toolkit.review.app import _imports
    from toolkit.review.folder import ReviewFolder
    from toolkit.review.serve import serve

    if not 0 <= port <= 65535:
        raise ConfigError(f"{{option:port}} must be 0 to 65535, not {port}")
    _imports()
    loaded = load_glossary(glossary) if glossary else _shipped_if_used(outdir)
    review = ReviewFolder(outdir, loaded, reviewer=reviewer or _reviewer(), memory=cache_path)
    serve(
        review,
        host,
        port,
        ready=lambda url: click.echo(f"reviewing {outdir} at {url} (Ctrl-C to stop)", err=True),
    )
