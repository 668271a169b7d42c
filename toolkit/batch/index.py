"""The batch's record, ``DIR/index.jsonl``: one complete line per finished article, appended
and synced as each one is done, so that a run stopped at any point can go on from it; and
the overview page ``DIR/report.html`` drawn from it."""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from toolkit.batch.inputs import Item, input_digest
from toolkit.batch.worker import OK, Outcome
from toolkit.errors import InputError, OutputError
from toolkit.io import write_text_atomic
from toolkit.translate.base import TERM_STATUSES

INDEX, OVERVIEW = "index.jsonl", "report.html"


class Index:
    """``DIR/index.jsonl``, opened to go on from where an earlier run stopped.

    Kept from an earlier run: the complete lines of articles that were done (``ok``) with the
    same settings, from the same input bytes, and whose folder still holds every file its line
    records, unchanged (:func:`folder_files`); the rest (failed articles, whose input may have
    been fixed since; an article edited since; a file deleted or changed since; a half-written
    last line; other settings; an id no longer in the input) is dropped and done again.
    ``force`` starts over.
    """

    def __init__(self, out_dir: Path, settings: str, items: Sequence[Item], force: bool) -> None:
        self.out_dir = out_dir
        self.path = out_dir / INDEX
        _check_out_dir(out_dir, force)
        # Held until close(): no other batch writes here meanwhile, so what looks left over
        # below (a staging folder, a temporary file) is a dead run's, never a live one's.
        self._lock = _lock_folder(out_dir)
        self._fh: IO[str] | None = None
        try:
            self._open(settings, items, force)
        except BaseException:
            self.close()
            raise

    def _open(self, settings: str, items: Sequence[Item], force: bool) -> None:
        out_dir = self.out_dir
        _remove_leftovers(out_dir)
        by_id = {item.id: item for item in items if item.id is not None}
        self.done: dict[str, Outcome] = {}
        kept: dict[str, str] = {}
        if not force:
            for line, outcome, files in _read_lines(self.path):
                if (
                    outcome.status == OK
                    and outcome.settings == settings
                    and outcome.id in by_id
                    and outcome.input == _digest(by_id[outcome.id])
                    and _intact(out_dir / outcome.id, files)
                ):
                    self.done[outcome.id] = outcome
                    kept[outcome.id] = line
        # Rewritten at once with only what is kept; new lines are appended after it.
        write_text_atomic(self.path, "".join(kept.values()))
        self.written: list[Outcome] = list(self.done.values())

    def append(self, outcome: Outcome) -> None:
        """One complete line, on disk before this returns; a done article's line records the
        files of its folder (:func:`folder_files`), which resume checks."""
        files = None
        if outcome.status == OK and outcome.id is not None:
            files = folder_files(self.out_dir / outcome.id)
        try:
            if self._fh is None:
                self._fh = open(self.path, "a", encoding="utf-8", newline="\n")  # noqa: SIM115
            self._fh.write(_line(outcome, files))
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write ({exc.strerror})") from None
        self.written.append(outcome)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None


def _line(outcome: Outcome, files: dict[str, str] | None) -> str:
    value = outcome.to_dict()
    if files is not None:
        value["files"] = files
    return json.dumps(value, ensure_ascii=False, sort_keys=False) + "\n"


def folder_files(folder: Path) -> dict[str, str]:
    """The sha256 of every file an article's folder holds, by name: read back just after the
    folder is published, recorded in its index line, and checked on resume. A file that
    cannot be read is left out (the article is then done again on resume)."""
    files: dict[str, str] = {}
    try:
        paths = sorted(folder.iterdir())
    except OSError:
        return files
    for path in paths:
        try:
            if path.is_file() and not path.is_symlink():
                files[path.name] = _sha256(path)
        except OSError:
            continue
    return files


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _intact(folder: Path, files: object) -> bool:
    """Whether ``folder`` still holds every file ``files`` (name → sha256) records, unchanged
    (files added since are not the toolkit's, and do not matter)."""
    if not isinstance(files, dict) or not files:
        return False  # a line without the record: done again, to be sure
    for name, digest in files.items():
        if not isinstance(name, str) or name in ("", ".", "..") or Path(name).name != name:
            return False
        try:
            if _sha256(folder / name) != digest:
                return False
        except OSError:  # missing, or not a file any more
            return False
    return True


def _read_lines(path: Path) -> Iterable[tuple[str, Outcome, object]]:
    """Each complete line: as written, as an outcome, and the files it records."""
    try:
        data = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"{path}: cannot read ({exc.strerror})") from None
    for line in data.splitlines(keepends=True):
        if not line.endswith("\n"):
            break  # the last line, cut short by a kill
        try:
            value = json.loads(line)
            outcome = Outcome.from_dict(value)
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        yield line, outcome, value.get("files")


def _digest(item: Item) -> str:
    try:
        return input_digest(item.read())
    except (OSError, InputError):
        return ""  # unreadable or too large now: done again, and recorded as failed


def _check_out_dir(out_dir: Path, force: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a folder")
    if (
        out_dir.is_dir()
        and not (out_dir / INDEX).is_file()
        and any(out_dir.iterdir())
        and not force
    ):
        raise OutputError(
            f"{out_dir}: exists, is not empty and holds no {INDEX} of an earlier batch; "
            "pass {option:force} to write into it"
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write ({exc.strerror})") from None


def _lock_folder(out_dir: Path) -> int | None:
    """An exclusive lock on the batch folder (where the system has ``flock``), or
    ``OutputError`` at once when another batch holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return None
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise OutputError(
            f"{out_dir}: another toolkit batch is writing into this folder; wait for it to "
            "finish, or choose another output folder"
        ) from None
    return fd


def _remove_leftovers(out_dir: Path) -> None:
    """Staging folders and temporary files of a run that was killed (never an article)."""
    for stale in out_dir.glob(".*"):
        if stale.name.endswith((".partial", ".tmp")) or ".old-" in stale.name:
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)


# -- the overview page ---------------------------------------------------------------------------

_CSS = (
    "table.overview{table-layout:auto}"
    "table.overview th{overflow-wrap:normal;vertical-align:bottom}"
    "table.overview th.lang{text-align:center;border-left:2px solid #c3c4c7}"
    "table.overview .first{border-left:2px solid #c3c4c7}"
    "td.n,th.n{width:auto;color:inherit;text-align:right;font-variant-numeric:tabular-nums}"
    "tr.failed td{background:#fcf0f1}.why{color:#8a2424}"
)
"""Added to the quality report's style (:func:`~toolkit.evaluate.html.html_page`)."""

_FINDINGS = ("error", "warning")
"""The finding counts shown per language, one column each."""


def render_overview(
    outcomes: Sequence[Outcome],
    targets: Sequence[str],
    title: str,
    test_built: Sequence[tuple[str, str]] = (),
) -> str:
    """One page: counts, then one row per article linking to its own report; each language
    has a group of short columns (terms matched, one per term status, errors, warnings),
    the statuses explained under the table. ``test_built``: ``(model, test_model)`` of each
    translation model built for tests (:func:`models_built_for_tests`), shown as each
    article's report shows it."""
    from toolkit.evaluate.html import STATUS_LEGEND, banner_for_test_model, html_page

    ok = [o for o in outcomes if o.status == OK]
    per_lang = 1 + len(TERM_STATUSES) + len(_FINDINGS)
    top = '<th rowspan="2">article</th><th rowspan="2">status</th>' + "".join(
        f'<th class="lang" colspan="{per_lang}" lang="{lang}">{html.escape(lang)}</th>'
        for lang in targets
    )
    top += (
        '<th rowspan="2" class="n" title="sentences translated now / served from the '
        'translation memory">sentences<br>translated / reused</th>'
        '<th rowspan="2" class="n">seconds</th>'
    )
    sub = "".join(
        '<th class="n first" title="glossary terms rendered / terms in the source">'
        "terms<br>matched</th>"
        + "".join(
            f'<th class="n" title="{html.escape(STATUS_LEGEND.get(status, ""))}">'
            f'<span class="st {status}">{html.escape(status)}</span></th>'
            for status in TERM_STATUSES
        )
        + "".join(f'<th class="n">{kind}s</th>' for kind in _FINDINGS)
        for _ in targets
    )
    head = f"<tr>{top}</tr>" + (f"<tr>{sub}</tr>" if targets else "")
    rows = [_row(o, targets) for o in outcomes]
    translated = sum(o.sentences.get("translated", 0) for o in ok)
    reused = sum(o.sentences.get("reused", 0) for o in ok)
    counts = (
        f"{len(outcomes)} articles: {len(ok)} done, {len(outcomes) - len(ok)} failed; "
        f"sentences: {translated} translated, {reused} from the translation memory"
    )
    banners = "".join(banner_for_test_model(model, test) for model, test in test_built)
    legend = ""
    if targets:
        legend = (
            '<p class="legend">'
            + "<br>".join(
                f'<span class="st {status}">{html.escape(status)}</span> '
                f"{html.escape(STATUS_LEGEND.get(status, ''))}"
                for status in TERM_STATUSES
            )
            + "</p>"
        )
    table = f'<table class="overview"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
    return html_page(title, f"{banners}<p>{html.escape(counts)}</p>{table}{legend}", _CSS)


def _row(outcome: Outcome, targets: Sequence[str]) -> str:
    label = html.escape(outcome.label)
    seconds = f'<td class="n">{outcome.timings.get("total", 0):.1f}</td>'
    per_lang = 1 + len(TERM_STATUSES) + len(_FINDINGS)
    if outcome.status != OK:
        span = per_lang * len(targets) + 1
        return (
            f'<tr class="failed"><td>{label}</td><td>failed</td>'
            f'<td class="why" colspan="{span}">{html.escape(outcome.reason)}</td>{seconds}</tr>'
        )
    link = html.escape(quote(outcome.label)) + "/report.html"
    cells = [f'<td><a href="{link}">{label}</a></td><td>ok</td>']
    for lang in targets:
        info: dict[str, Any] = outcome.languages.get(lang, {})
        if not info:
            cells.append(f'<td class="first" colspan="{per_lang}"></td>')
            continue
        terms = info["terms"]
        findings = info["findings"]
        cells.append(
            f'<td class="n first">{info["term_matched"]}/{info["term_total"]}</td>'
            + "".join(f'<td class="n">{terms.get(s, 0)}</td>' for s in TERM_STATUSES)
            + "".join(f'<td class="n">{findings.get(kind, 0)}</td>' for kind in _FINDINGS)
        )
    sentences = outcome.sentences
    cells.append(
        f'<td class="n">{sentences.get("translated", 0)} / {sentences.get("reused", 0)}</td>'
    )
    return f"<tr>{''.join(cells)}{seconds}</tr>"


def models_built_for_tests(out_dir: Path, outcomes: Sequence[Outcome]) -> list[tuple[str, str]]:
    """``(model, test_model)`` of each translation model built for tests, as the first
    readable ``report.json`` of a done article records it in its translations' signatures
    (the setting the article's own report shows its banner for). The articles of one batch
    share their settings, the model included."""
    for outcome in outcomes:
        if outcome.status != OK or outcome.id is None or not outcome.languages:
            continue
        try:
            data = json.loads((out_dir / outcome.id / "report.json").read_text("utf-8"))
            signatures = [lang["translation"]["signature"] for lang in data["languages"].values()]
            found = {
                (str(sig.get("model") or ""), str(sig["test_model"]))
                for sig in signatures
                if sig.get("test_model")
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
        return sorted(found)
    return []
