"""The fluent chat stand-in's training data (``fluent_chat.py``), checked without training:
the prompts are the ones the ``openai`` translator sends for the seed, and the answers are
the references."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fluent_model import REFERENCES
from llm.fluent_chat import PROBE_ANSWER, Chat, record_chats
from llm.servers import answer, faulty_server
from tiny_models import SEED_ARTICLE


@pytest.fixture(scope="module")
def chats() -> list[Chat]:
    return record_chats()


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_windows_are_answered_with_every_reference_once(chats: list[Chat], lang: str) -> None:
    answers = [c.answer for c in chats if c.kind == f"window-{lang}"]
    written = [line.split(". ", 1)[1] for a in answers for line in a.split("\n")]
    assert sorted(written) == sorted(_lines(REFERENCES[lang]))  # in the order sent


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_translator_sends_only_trained_prompts_and_gets_the_references(
    chats: list[Chat], lang: str
) -> None:
    """Served the recorded answers, the toolkit's translator sends nothing it was not
    recorded sending, and writes the references: the model learns the real prompts."""
    from toolkit.translate import openai
    from toolkit.translate.engine import TranslationEngine
    from toolkit.translate.factory import build_translator

    known = {json.dumps(c.as_messages(), ensure_ascii=False): c.answer for c in chats}
    with faulty_server() as server:
        server.models = ["fluent-chat"]
        server.fallback = lambda body: answer(
            known.get(json.dumps(body["messages"], ensure_ascii=False), "")
        )
        translator = build_translator(
            "fluent-chat", lang, backend="openai", settings={"api_base": server.api_base}
        )
        out = TranslationEngine(translator).translate(SEED_ARTICLE.read_text(encoding="utf-8"))
        sent = [json.dumps(r["messages"], ensure_ascii=False) for r in server.requests]
    openai._CONNECTIONS.clear()
    assert [s for s in sent if s not in known] == []
    assert [line.strip() for line in out.lines] == _lines(REFERENCES[lang])
    assert known[sent[0]] == PROBE_ANSWER  # the JSON probe: answered with numbered lines


def test_every_term_answer_is_the_references_wording(chats: list[Chat]) -> None:
    terms = [c for c in chats if c.kind.startswith("term-")]
    assert {c.kind for c in terms} == {"term-en", "term-ru"}
    for chat in terms:
        lines = chat.messages[-1][1].rsplit("\n\n", 1)[-1].split("\n")[1:]
        assert len(lines) == 1 and lines[0].startswith("1. ")  # one term, as the enforcer asks
        assert chat.answer.startswith("1. ")


def test_the_chat_template_renders_as_the_toolkit_renders_it(
    chats: list[Chat], tmp_path: Path
) -> None:
    """The prompt trained on is the one the toolkit continues a forced prefix from."""
    from llm.fluent_chat import RECIPE, _prompt_text, _tokenizer

    from toolkit.translate.openai import chat_template

    tokenizer = _tokenizer(tmp_path, [c.answer for c in chats], RECIPE)
    template = chat_template(str(tmp_path))
    assert template is not None
    for chat in chats[:5]:
        assert template.render(chat.as_messages()) == _prompt_text(tokenizer, chat)
