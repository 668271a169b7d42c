"""``toolkit review``: the post-editing loop over a run's output."""

from __future__ import annotations

import click

from toolkit.cli.review_serve import serve_cmd


@click.group("review")
def review_group() -> None:
    """Review a run's translations: serve the review page."""


review_group.add_command(serve_cmd)
