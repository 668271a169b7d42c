"""The session's phrase renderer (glossary suggestions rendered by the model)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from toolkit.glossary.validate import in_wrong_script
from toolkit.translate.session import Session, phrase_renderer


class _Engine:
    """Translates each line to a fixed rendering, whatever the language asked."""

    def __init__(self, renderings: dict[str, str]) -> None:
        self.renderings = renderings

    def translate(self, text: str) -> Any:
        return SimpleNamespace(lines=[self.renderings[line] for line in text.split("\n")])


def test_a_rendering_the_glossary_check_would_refuse_is_dropped() -> None:
    engine = _Engine({"ایران": "Иран.", "روسیه": "Russia", "فاوا": "ИКТ 5G", "۲۰": " "})
    session = cast(Session, SimpleNamespace(engine=lambda lang: engine))
    render = phrase_renderer(session)
    # Latin in a Russian cell is refused by the check, so it is never suggested; a trailing
    # full stop is dropped, and an empty line is no rendering.
    assert render(["ایران", "روسیه", "فاوا", "۲۰"], "ru") == ["Иран", None, "ИКТ 5G", None]
    assert in_wrong_script("Russia", "ru") and not in_wrong_script("ИКТ 5G", "ru")
    assert render([], "ru") == []
