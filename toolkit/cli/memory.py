"""``toolkit memory import`` and ``toolkit memory export``: approved translations exchanged
with CAT tools (TMX 1.4, and XLIFF 1.2's approved units)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from toolkit.cli.common import max_input_option
from toolkit.errors import InputError, OutputError
from toolkit.io import limit_bytes, read_bytes, write_text_atomic

if TYPE_CHECKING:
    from toolkit.translate.approved import ApprovedStore


def cache_path_option(func: Any) -> Any:
    """``--cache-path`` of the memory and review commands: the file of the approvals."""
    return click.option(
        "--cache-path",
        default=None,
        help="Translation memory file holding the approved translations (default "
        "$TOOLKIT_HOME/memory.sqlite3, as translate and run use).",
    )(func)


def open_store(cache_path: str | None) -> ApprovedStore:
    from toolkit.translate.approved import ApprovedStore
    from toolkit.translate.factory import memory_path

    return ApprovedStore(cache_path or memory_path())


@click.group("memory")
def memory_group() -> None:
    """Exchange approved translations with CAT tools (Trados, memoQ, Smartcat, MateCat).

    An approved translation is reused verbatim by translate, run and batch for the same
    (normalized) Persian sentence, and offered as a fuzzy match for a similar one.
    """


@memory_group.command("import")
@click.argument("source", metavar="FILE.tmx|FILE.xlf")
@click.option(
    "--reviewer",
    default="unknown",
    show_default=True,
    help="Who approved them, where the file does not say (XLIFF; a TMX unit without "
    "changeid or creationid).",
)
@cache_path_option
@max_input_option
def import_cmd(source: str, reviewer: str, cache_path: str | None, max_input_mb: float) -> None:
    """Store the approved translations of a TMX 1.4 or XLIFF 1.2 file in the memory.

    TMX: each unit's Persian text with each other language's; who and when from the
    tuv's (else the tu's, else the header's) changeid/creationid and
    changedate/creationdate. XLIFF 1.2: the units in state translated (not still
    qualified leveraged-mt or mt-suggestion, as a machine translation is), final or
    signed-off. All or nothing: a bad or hostile file (a DTD, entities, malformed XML)
    stores nothing. The latest approval of a sentence wins: an older one leaves a newer one
    in place.
    """
    from toolkit.review.formats import read_tmx, read_xliff, xliff_approvals
    from toolkit.translate.approved import now_iso

    data, name = read_bytes(source, max_bytes=limit_bytes(max_input_mb))
    suffix = Path(name).suffix.lower()
    now = now_iso()
    skipped = 0
    if suffix == ".tmx":
        approvals, skipped = read_tmx(data, name, f"tmx:{Path(name).name}", now, reviewer)
    elif suffix in (".xlf", ".xliff"):
        document = read_xliff(data, name)
        approvals = xliff_approvals(document, f"xliff:{Path(name).name}", reviewer, now)
        skipped = len(document.units) - len(approvals)
    else:
        raise InputError(f"{name}: expected a .tmx, .xlf or .xliff file")
    store = open_store(cache_path)
    stored = store.approve_all(approvals)
    notes = [f"{skipped} units without an approved Persian-source pair skipped"] if skipped else []
    if older := len(approvals) - stored:
        notes.append(f"{older} older than the approval already stored for their sentence kept out")
    note = f" ({'; '.join(notes)})" if notes else ""
    click.echo(f"stored {stored} approved translations from {name} in {store.path}{note}", err=True)


@memory_group.command("export")
@click.argument("target", metavar="FILE.tmx")
@cache_path_option
@click.option("--force", is_flag=True, help="Replace FILE.tmx if it exists (default: refuse).")
def export_cmd(target: str, cache_path: str | None, force: bool) -> None:
    """Write every approved translation to a TMX 1.4 file (atomically): one tu per Persian
    sentence, a tuv per target language with its reviewer (creationid), time
    (creationdate) and review (prop x-review)."""
    from toolkit.exports import approvals_to_tmx

    if Path(target).exists() and not force:
        raise OutputError(f"{target}: exists; pass --force to replace it")
    store = open_store(cache_path)
    approvals = list(store)
    write_text_atomic(target, approvals_to_tmx(approvals))
    click.echo(f"wrote {len(approvals)} approved translations to {target}", err=True)
