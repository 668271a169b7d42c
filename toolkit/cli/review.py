"""``toolkit review``: the post-editing loop (``review serve``: the review page over a run's
folder; ``review import``: an edited XLIFF checked and its approved units stored)."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import click

from toolkit.cli.common import check_glossary_options, format_option, max_input_option
from toolkit.cli.memory import cache_path_option, open_store
from toolkit.cli.review_serve import serve_cmd
from toolkit.errors import OutputError
from toolkit.evaluate.report import FAIL_ON
from toolkit.io import limit_bytes, write_text_atomic


@click.group("review")
def review_group() -> None:
    """Review a run's translations: approved ones go into the memory, and are checked."""


def _reviewer() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


@review_group.command("import")
@click.argument("source", metavar="FILE.xlf")
@click.option(
    "--article",
    default=None,
    metavar="ARTICLE",
    help="The Persian article the file was exported from; default: the run folder's "
    "report.json beside FILE.xlf.",
)
@check_glossary_options
@click.option("--reviewer", default=None, help="Who approved the units (default: your user name).")
@cache_path_option
@click.option(
    "--out",
    "out_path",
    default=None,
    metavar="FILE",
    help="Also write the report as JSON here (atomically).",
)
@click.option("--force", is_flag=True, help="Replace the --out file if it exists.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="error",
    show_default=True,
    help="Exit 1 when a finding of this severity or worse is found (the approved units are "
    "stored all the same).",
)
@format_option("text", "json")
@max_input_option
def import_cmd(
    source: str,
    article: str | None,
    glossary_path: str | None,
    no_glossary: bool,
    reviewer: str | None,
    cache_path: str | None,
    out_path: str | None,
    force: bool,
    fail_on: str,
    fmt: str,
    max_input_mb: float,
) -> None:
    """Check an XLIFF 1.2 file edited in a CAT tool and store its approved units.

    Units are matched to the article's segments by id; a file whose sources are not the
    article's is refused. Targets in state translated (unless still qualified
    leveraged-mt, as the toolkit marks its machine translations), final or signed-off
    are approved and stored in the memory (review xliff:FILE); needs-review-* and new
    are not. Every target is checked against its Persian source with every check
    (terms, numbers, dates, coverage, off-target...). XLIFF 2.0 is not read.
    """
    from toolkit.review.xliff import import_review
    from toolkit.translate.session import resolve_glossary

    if out_path and Path(out_path).exists() and not force:
        raise OutputError(f"{out_path}: exists; pass --force to replace it")
    glossary = resolve_glossary(glossary_path, no_glossary)
    store = open_store(cache_path)
    result = import_review(
        source,
        store,
        article=article,
        glossary=glossary,
        reviewer=reviewer or _reviewer(),
        max_bytes=limit_bytes(max_input_mb),
    )
    data = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if out_path:
        write_text_atomic(out_path, data)
        click.echo(f"wrote {out_path}", err=True)
    if fmt == "json":
        click.echo(data, nl=False)
    else:
        from toolkit.evaluate.report import render_text

        click.echo(render_text(result.evaluation))
    units = len(result.document.units)
    click.echo(
        f"stored {result.stored} approved units of {units} from {Path(result.file).name} "
        f"in {store.path} ({result.review})",
        err=True,
    )
    if result.evaluation.fails(fail_on):
        click.get_current_context().exit(1)


review_group.add_command(serve_cmd)
