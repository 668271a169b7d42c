"""One batch at a time writes into a folder: a second is refused at once, so that cleaning
up what looks left over can never delete a live batch's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.batch.index import Index
from toolkit.errors import OutputError


def test_a_second_batch_into_a_live_batchs_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "B"
    first = Index(out, "settings", [], force=False)
    temporary = out / ".index.jsonl.0123456789ab.tmp"  # a live batch's atomic write
    temporary.write_text("half", encoding="utf-8")
    with pytest.raises(OutputError, match="another toolkit batch is writing"):
        Index(out, "settings", [], force=False)
    assert temporary.read_text(encoding="utf-8") == "half"
    first.close()
    second = Index(out, "settings", [], force=False)  # free again once the first is done
    second.close()
    assert not temporary.exists()  # now a dead run's leftover, and removed


def test_a_refused_batch_does_not_keep_the_folder_locked(tmp_path: Path) -> None:
    out = tmp_path / "B"
    first = Index(out, "settings", [], force=False)
    with pytest.raises(OutputError):
        Index(out, "settings", [], force=False)
    first.close()
    Index(out, "settings", [], force=False).close()
