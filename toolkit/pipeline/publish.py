"""A run's output folder: checked before any work, its files published at the end with a
manifest (:mod:`toolkit.publish`).
"""

from __future__ import annotations

from pathlib import Path

from toolkit.pipeline.options import RunOptions
from toolkit.pipeline.render import _render_files, output_names
from toolkit.pipeline.report import RunReport
from toolkit.publish import check_folder, publish


def write_article(out_dir: Path, report: RunReport, options: RunOptions) -> list[str]:
    """Render every output file and publish them into the folder at the end, with a
    manifest of them (:mod:`toolkit.publish`); the file names, sorted."""
    files = _render_files(report, options)
    publish(out_dir, files, options.force)
    return sorted(files)


def _check_out_dir(out_dir: Path, options: RunOptions, article: str | None = None) -> Path:
    """Refuse, before any work, an output folder this run may not write (see
    :func:`toolkit.publish.check_folder`); the resolved folder."""
    # The memory too: one made inside a new folder would make it the user's.
    inputs = (article, options.cache_path if options.cache else None)
    return check_folder(out_dir, options.force, output_names(options), inputs)
