"""Output folders that hold the toolkit's own files only.

A folder the toolkit writes gets a manifest, ``.toolkit-manifest.json``, written last: the
names of the files it made and their digests. ``force`` replaces those files and nothing
else; a file the manifest does not list is the user's, and is kept. A non-empty folder
without a manifest, one that holds an input of the run, or one that cannot be written is
refused by :func:`check_folder` before any work.

:func:`publish` writes every file into a staging folder inside the output folder, named for
its process (``.toolkit-PID-RANDOM.partial``), then moves the files into place under a lock
on the folder, so an interrupted run leaves no half-written file and two runs never
interleave. A symlinked folder is resolved first: nothing is written outside its target. A
staging folder is removed only once its process is dead, by the next run into the folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import OutputError

MANIFEST = ".toolkit-manifest.json"
"""The manifest's file name, in every folder the toolkit writes."""
MANIFEST_FORMAT = "toolkit-manifest/1"

_STAGING = re.compile(r"^\.toolkit-(\d+)-[0-9a-f]+\.partial$")


@dataclass(frozen=True)
class Manifest:
    """The files an earlier run wrote into a folder: name → ``sha256:…`` digest."""

    files: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"format": MANIFEST_FORMAT, "files": dict(sorted(self.files.items()))}


def digest(content: str) -> str:
    """The digest of a file's UTF-8 content, as a manifest records it."""
    return "sha256:" + hashlib.sha256(content.encode("utf-8")).hexdigest()


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest in ``folder``; ``None`` when there is none. ``OutputError`` when it is
    not one the toolkit wrote (its names must be plain file names in the folder)."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OutputError(f"{path}: not a toolkit manifest ({exc})") from None
    files = data.get("files") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("format") != MANIFEST_FORMAT
        or not isinstance(files, dict)
        or not all(_plain_name(n) and isinstance(d, str) for n, d in files.items())
    ):
        raise OutputError(f"{path}: not a toolkit manifest")
    return Manifest(dict(files))


def resolve_folder(out: str | os.PathLike[str]) -> Path:
    """``out`` with every symlink resolved: the folder that is really written."""
    try:
        return Path(out).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise OutputError(f"{out}: cannot resolve ({exc})") from None


def check_folder(
    out: str | os.PathLike[str],
    force: bool,
    names: Iterable[str] = (),
    inputs: Iterable[str | os.PathLike[str] | None] = (),
) -> Path:
    """Check, before any work, that the files ``names`` may be written into ``out``; the
    resolved folder.

    Refused (``OutputError``): a folder that is or holds one of ``inputs``; a non-empty
    folder without a manifest; one with a manifest unless ``force``; one where a file of
    ``names`` exists that the manifest does not list; a folder, or for a folder still to be
    made its nearest existing parent, that cannot be written.
    """
    folder = resolve_folder(out)
    _check(folder, str(out), force, set(names), list(inputs))
    return folder


def publish(
    out: str | os.PathLike[str],
    files: Mapping[str, str],
    force: bool,
    inputs: Iterable[str | os.PathLike[str] | None] = (),
) -> Path:
    """Write ``files`` (name → text) into the folder ``out`` with a manifest of them, and
    remove the files an earlier run listed that this one does not write; the resolved
    folder. The checks of :func:`check_folder` are made again, under the folder's lock."""
    shown = str(out)
    folder = resolve_folder(out)
    bad = [n for n in files if not _plain_name(n)]
    if bad:
        raise ValueError(f"not plain file names: {bad}")
    inputs = list(inputs)
    _check(folder, shown, force, set(files), inputs)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_dead_staging(folder)
        # mkdir, not tempfile.mkdtemp: the folder gets the user's usual permissions.
        staging = folder / f".toolkit-{os.getpid()}-{secrets.token_hex(6)}.partial"
        staging.mkdir()
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write ({exc.strerror or exc})") from None
    try:
        for name, content in files.items():
            _write(staging / name, content)
        digests = {name: digest(content) for name, content in files.items()}
        with _locked(folder):
            _check(folder, shown, force, set(files), inputs)
            previous = read_manifest(folder)
            old = dict(previous.files) if previous is not None else {}
            # First claim every name this run writes, so that a crash between two moves
            # leaves no file of ours unlisted; the manifest that lists only this run's
            # files comes last.
            _write_manifest(folder, staging, Manifest({**old, **digests}))
            for name in files:
                os.replace(staging / name, folder / name)
            for name in old.keys() - digests.keys():
                path = folder / name
                if path.is_symlink() or path.is_file():
                    path.unlink()
            _write_manifest(folder, staging, Manifest(digests))
            _sync_folder(folder)
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def remove_dead_staging(folder: Path) -> None:
    """Remove the staging folders in ``folder`` whose run is dead (never a live run's),
    and the ``.NAME.old-PID`` folders that earlier versions left beside it."""
    with contextlib.suppress(OSError):
        for entry in os.listdir(folder):
            match = _STAGING.match(entry)
            if match and not _alive(int(match.group(1))):
                shutil.rmtree(folder / entry, ignore_errors=True)
    old = re.compile(rf"^\.{re.escape(folder.name)}\.old-(\d+)$")
    with contextlib.suppress(OSError):
        for entry in os.listdir(folder.parent):
            match = old.match(entry)
            if match and not _alive(int(match.group(1))):
                path = folder.parent / entry
                if path.is_symlink() or not path.is_dir():
                    path.unlink()
                else:
                    shutil.rmtree(path, ignore_errors=True)


# -- private -----------------------------------------------------------------------------------


def _check(
    folder: Path,
    shown: str,
    force: bool,
    names: set[str],
    inputs: list[str | os.PathLike[str] | None],
) -> None:
    for given in inputs:
        if given is None or str(given) == "-":
            continue
        source = resolve_folder(given)
        if source == folder or folder in source.parents:
            raise OutputError(
                f"{shown}: holds {given}, an input of this run; choose another output folder"
            )
    if folder.exists():
        if not folder.is_dir():
            raise OutputError(f"{shown}: exists and is not a folder")
        try:
            entries = {e for e in os.listdir(folder) if not _STAGING.match(e)}
        except OSError as exc:
            raise OutputError(f"{shown}: cannot read ({exc.strerror})") from None
        if entries:
            manifest = read_manifest(folder)
            if manifest is None:
                raise OutputError(
                    f"{shown}: holds files the toolkit did not write (no {MANIFEST}); "
                    "choose a new or empty folder"
                )
            if not force:
                raise OutputError(
                    f"{shown}: exists and is not empty; pass {{option:force}} to replace the "
                    "files an earlier run wrote there"
                )
            taken = sorted(n for n in entries & names if (folder / n).is_dir())
            if taken:  # a folder of the user's where the toolkit's file was: never replaced
                raise OutputError(
                    f"{shown}: {taken[0]} is a folder, where the toolkit writes a file; move it "
                    "away to write here"
                )
            foreign = sorted((entries & names) - set(manifest.files))
            if foreign:
                raise OutputError(
                    f"{shown}: {foreign[0]} is not a file the toolkit wrote (not in "
                    f"{MANIFEST}); move it away to write here"
                )
        if not _writable(folder):
            raise OutputError(f"{shown}: not writable")
        return
    parent = folder.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(f"{shown}: cannot be made, {parent} is not a folder")
    if not _writable(parent):
        raise OutputError(f"{shown}: cannot be made, {parent} is not writable")


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _plain_name(name: object) -> bool:
    """A file name directly in the folder: no separator, not ``.``/``..``, not ours."""
    return (
        isinstance(name, str)
        and name not in ("", ".", "..", MANIFEST)
        and "/" not in name
        and "\\" not in name
        and "\0" not in name
        and not _STAGING.match(name)
    )


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return False
    return True


def _write(path: Path, content: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())


def _write_manifest(folder: Path, staging: Path, manifest: Manifest) -> None:
    tmp = staging / MANIFEST
    _write(tmp, json.dumps(manifest.to_dict(), ensure_ascii=False, indent=2) + "\n")
    os.replace(tmp, folder / MANIFEST)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` while files move into it (where the system has
    ``flock``): two runs publishing into one folder take turns."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
