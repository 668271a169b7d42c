"""Signatures: one frozen type, a JSON form, a one-line form and a digest of everything."""

from __future__ import annotations

import pytest

import toolkit
from toolkit.signature import GlossaryRef, Signature


def _sig(**settings: object) -> Signature:
    return Signature.create(
        "translation",
        model="facebook/nllb-200-distilled-600M",
        revision="f8d333a098d19b4fd9a8b18f94170487ad3f821d",
        backend="ct2",
        compute_type="int8",
        glossary=GlossaryRef("iran-russia-ict.tsv", 92, "sha256:0123456789abcdef"),
        settings={"target_language": "en", "enforcer": {"version": 2}, **settings},
    )


def test_one_line_form_names_what_made_the_result() -> None:
    line = str(_sig())
    assert line.startswith("translation|toolkit:")
    assert "|model:facebook/nllb-200-distilled-600M@f8d333a098d1|backend:ct2|compute:int8|" in line
    assert "|glossary:iran-russia-ict.tsv#0123456789ab|" in line
    assert "|target_language:en" in line and "|enforcer:#" in line  # nested: a short digest
    assert "\n" not in line


def test_json_form_and_settings() -> None:
    data = _sig().to_dict()
    assert data["kind"] == "translation" and data["toolkit"] == toolkit.__version__
    assert data["glossary"] == {
        "name": "iran-russia-ict.tsv",
        "terms": 92,
        "hash": "sha256:0123456789abcdef",
    }
    assert data["enforcer"] == {"version": 2}
    assert _sig().setting("target_language") == "en"


def test_digest_changes_with_any_setting_and_with_the_tool_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _sig().digest() == _sig().digest()
    assert _sig().digest() != _sig(enforcer={"version": 3}).digest()
    before = _sig().digest()
    monkeypatch.setattr(toolkit, "__version__", "99.0.0")
    assert _sig().digest() != before


def test_signature_is_frozen_and_hashable() -> None:
    sig = _sig()
    with pytest.raises(AttributeError):
        sig.kind = "other"  # type: ignore[misc]
    assert hash(sig) == hash(_sig())
