"""The registry of translator factories: a backend that needs no hub model does no hub
lookup, and the seq2seq backends are looked up as before."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest

from toolkit.errors import ConfigError, ModelError
from toolkit.glossary.model import Glossary, Term
from toolkit.translate import factory
from toolkit.translate.factory import (
    TRANSLATORS,
    TranslatorKind,
    TranslatorSpec,
    build_translator,
    needs_hub_model,
    translator_kind,
)
from toolkit.translate.session import open_session


def test_an_unknown_backend_is_a_config_error_naming_the_choices() -> None:
    with pytest.raises(ConfigError, match=r"unknown backend 'nope' \(choose from ct2, hf"):
        translator_kind("nope")


@pytest.mark.parametrize(("backend", "hub"), [("ct2", True), ("hf", True)])
def test_the_seq2seq_backends_need_a_hub_model(backend: str, hub: bool) -> None:
    assert needs_hub_model(backend) is hub
    assert TRANSLATORS[backend].factory == "toolkit.translate.factory:seq2seq_translator"


def test_a_missing_seq2seq_model_still_fails_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not available offline"):
        open_session(model="nobody/no-such-model", glossary=None, cache=False)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A backend 'served' whose model is a name a server knows: its check and factory
    record what they were given; the hub must not be asked."""
    seen: dict[str, Any] = {}
    module = types.ModuleType("served_translators")

    def check(spec: TranslatorSpec, option: str) -> None:
        seen["check"] = (spec.model, option, dict(spec.settings))

    def make(spec: TranslatorSpec) -> Any:
        seen.setdefault("built", []).append((spec.target, spec.glossary, dict(spec.settings)))
        return types.SimpleNamespace(target_language=spec.target, source_language="fa")

    module.check, module.make = check, make  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "served_translators", module)
    kind = TranslatorKind("served_translators:make", "served_translators:check", "a server")
    monkeypatch.setitem(TRANSLATORS, "served", kind)

    def no_hub(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the hub was asked for a served model")

    monkeypatch.setattr("toolkit.hub.resolve_model", no_hub)
    return seen


def test_a_served_backend_is_checked_by_its_own_check_not_the_hub(served: dict[str, Any]) -> None:
    session = open_session(
        model="some-llm", glossary=None, backend="served", cache=False, settings={"url": "u"}
    )
    assert served["check"] == ("some-llm", "model", {"url": "u"})
    assert not needs_hub_model("served")
    assert session.settings == {"url": "u"}


def test_build_translator_hands_the_factory_the_glossary_and_settings(
    served: dict[str, Any],
) -> None:
    glossary = Glossary((Term.create({"fa": "ایران", "en": "Iran"}),), ("fa", "en"))
    translator = build_translator(
        "some-llm", "en", backend="served", glossary=glossary, settings={"url": "u"}
    )
    assert translator.target_language == "en"
    assert served["built"] == [("en", glossary, {"url": "u"})]
    assert factory.translator_kind("served").help == "a server"
