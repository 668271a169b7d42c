"""Prefix continuation through ``/v1/completions``: declared (``prefix``) only where the
model's chat template is known here and the server continues a raw prompt, asked once per
server; a forced prefix is then the start of the answer the model continues."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from llm.servers import LINE_1, Faulty, Served, answer

from toolkit.translate.base import PREFIX, Unsupported
from toolkit.translate.factory import build_translator
from toolkit.translate.openai import ChatTemplate, OpenAITranslator, chat_template

CHATML = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{{ message['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def translator(api_base: str, model: str, target: str = "en") -> OpenAITranslator:
    made = build_translator(
        model, target, backend="openai", settings={"api_base": api_base, "max_retries": 0}
    )
    assert isinstance(made, OpenAITranslator)
    return made


@pytest.mark.slow
def test_transformers_serve_continues_a_forced_prefix(llm_server: Served) -> None:
    en = translator(llm_server.api_base, llm_server.model)
    assert en.capabilities == frozenset()  # not asked yet
    assert en.can(PREFIX)  # its chat template is in the model folder; /completions answers
    assert en.usage.requests == 1  # the one look
    [[hyp]] = en.generate([LINE_1], prefixes=["The Ministry of ICT"], max_new_tokens=[6])
    assert hyp.text.startswith("The Ministry of ICT") and "\n" not in hyp.text
    assert en.usage.requests == 2
    ru = translator(llm_server.api_base, llm_server.model, "ru")
    assert ru.can(PREFIX) and ru.usage.requests == 0  # asked once per server
    prefix = en.signature.setting("prefix")
    assert prefix.startswith("continued at /completions with the chat template sha256:")


def test_a_server_without_raw_completions_declares_no_prefix(
    faulty: Faulty, tiny_chat: Path
) -> None:
    # The template is known (the model folder), but the server answers /completions with a
    # chat message, not a completion: no prefix, after one look.
    faulty.models = [str(tiny_chat)]
    faulty.fallback = lambda body: answer("1. Hello.")
    en = translator(faulty.api_base, str(tiny_chat))
    assert not en.can(PREFIX) and not en.can(PREFIX)
    assert len(faulty.requests) == 1 and "prompt" in faulty.requests[0]
    with pytest.raises(Unsupported):
        en.generate([LINE_1], prefixes=["The Ministry"])


def test_a_model_whose_template_is_unknown_is_not_asked(faulty: Faulty) -> None:
    en = translator(faulty.api_base, "fake-llm")  # a name the server serves, no folder here
    assert not en.can(PREFIX)
    assert faulty.requests == []
    assert en.signature.setting("prefix") == "none"


NAMED = [{"name": "tool_use", "template": "x"}, {"name": "default", "template": CHATML}]
TEMPLATES = [
    ({"chat_template.jinja": CHATML}, CHATML),
    ({"tokenizer_config.json": json.dumps({"chat_template": CHATML})}, CHATML),
    ({"tokenizer_config.json": json.dumps({"chat_template": NAMED})}, CHATML),  # the default
    ({"tokenizer_config.json": json.dumps({"eos_token": "</s>"})}, None),
    ({}, None),
]


@pytest.mark.parametrize(("files", "found"), TEMPLATES)
def test_the_chat_template_is_read_from_the_model_folder(
    tmp_path: Path, files: dict[str, str], found: str | None
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    chat_template.cache_clear()
    template = chat_template(str(tmp_path))
    assert (template.source if template else None) == found


def test_the_template_renders_the_prompt_for_the_answer() -> None:
    rendered = ChatTemplate(CHATML).render(
        [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}]
    )
    assert rendered == (
        "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n"
    )
