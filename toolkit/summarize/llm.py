"""Summaries written by a chat model behind an OpenAI-compatible server (``--method llm``,
``--backend openai``), directly in the target language.

One request per summary: the article as numbered lines, the number of sentences asked for
(:data:`~toolkit.summarize.base.DEFAULT_SENTENCES` unless given), the target language and,
for English or Russian, the glossary entries that occur in the article with their required
forms. The answer is taken as it is, its sentences segmented in the target language, at most
the number asked for: nothing in it is trusted. The evaluator checks it against the
article (:func:`toolkit.evaluate.support.check_summary`): a number, date, name or glossary
term the article does not support is an error finding.

The server is reached through the translation backend's client
(:func:`toolkit.translate.openai.connect`: checked once per process, the key only from the
environment, retries and a retry budget), imported when a summary is first asked for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from toolkit.errors import ConfigError, ModelError
from toolkit.languages import is_source, name_of
from toolkit.summarize.base import (
    DEFAULT_SENTENCES,
    ScoredSentence,
    Summarizer,
    Summary,
    SummaryLength,
)
from toolkit.text import segment
from toolkit.text.segment import Segment

if TYPE_CHECKING:
    from toolkit.glossary.model import Glossary
    from toolkit.translate.openai import Estimate
    from toolkit.translate.openai_client import Usage

LANGUAGES = ("fa", "en", "ru")
"""What a summary may be written in."""
SYSTEM = (
    "You are a news editor. You summarize {source} news articles in {target}, faithfully: "
    "every name, number and date you write is in the article; add nothing, explain nothing."
)
TASK = (
    "Summarize the {source} article below in {target}, in at most {n} sentences: the most "
    "important facts, each sentence on its own line. Answer with the sentences alone.\n\n"
    "{glossary}Article:\n{article}"
)
GLOSSARY = "Write these terms with these renderings, exactly as given:\n{entries}\n\n"
PROMPT_DIGEST = (
    "sha256:" + hashlib.sha256("\x00".join((SYSTEM, TASK, GLOSSARY)).encode()).hexdigest()[:16]
)
TEMPERATURE = 0.0
TOKENS_PER_SENTENCE = 60
"""The answer's ``max_tokens``: this many a sentence asked for."""


class LLMSummarizer(Summarizer):
    """A summary written by the server's model in ``target`` (``fa``, ``en`` or ``ru``).

    ``settings`` are the server's options as the translation backend takes them
    (``api_base``, ``concurrency``, ``timeout``; the address from ``TOOLKIT_API_BASE`` when
    not given). A sentence is unscored (0): the server gives no score.
    """

    name = "llm"
    uses_glossary = True

    def __init__(
        self,
        model: str | None = None,
        *,
        target: str = "fa",
        settings: Mapping[str, Any] | None = None,
    ) -> None:
        if not model:
            raise ConfigError("an llm summary needs the server's model: pass {option:model} NAME")
        if target not in LANGUAGES:
            raise ConfigError(
                f"an llm summary is written in {', '.join(LANGUAGES)}, not '{target}'"
            )
        self.model = model
        self.target = target
        self.settings = dict(settings or {})
        self.model_id = model
        self.usage: Usage | None = None

    def summarize(
        self,
        text: str,
        *,
        count: int | float | str | SummaryLength = DEFAULT_SENTENCES,
        lang: str = "auto",
        glossary: Glossary | None = None,
    ) -> Summary:
        """The summary of ``text`` in :attr:`target`: always asked of the server, even for a
        one-sentence text (its language is not the target's)."""
        from toolkit.text import ensure_language

        length = SummaryLength.parse(count)
        if not text.strip():
            from toolkit.errors import InputError

            raise InputError("input is empty: nothing to summarize")
        found = ensure_language(text, lang)
        segments = segment(text, found)
        n = length.resolve(max(len(segments), 1))
        chosen = self._compose(segments, n, found, glossary)
        return Summary(self.target, self.name, tuple(chosen), self.signature(length, glossary))

    def estimate(self, text: str, sentences: int, glossary: Glossary | None = None) -> Estimate:
        """What the summary of the Persian ``text`` would cost, sending nothing (a dry run):
        its one request, the prompt counted as the translator's estimate counts one, the
        answer at its most (:data:`TOKENS_PER_SENTENCE` a sentence)."""
        from toolkit.translate.openai import Estimate, _prompt_tokens

        segments = segment(text, "fa")
        n = min(sentences, max(len(segments), 1))
        messages = self._messages(segments, n, "fa", glossary)
        return Estimate(
            f"summary {self.target}", 0, 0, 1, _prompt_tokens(messages), TOKENS_PER_SENTENCE * n
        )

    def _messages(
        self, segments: Sequence[Segment], n: int, lang: str, glossary: Glossary | None
    ) -> list[dict[str, str]]:
        names = {"source": name_of(lang), "target": name_of(self.target)}
        article = "\n".join(s.text for s in segments)
        entries = _glossary_entries(article, glossary, self.target) if is_source(lang) else []
        task = TASK.format(
            **names,
            n=n,
            article=article,
            glossary=GLOSSARY.format(entries="\n".join(entries)) if entries else "",
        )
        return [
            {"role": "system", "content": SYSTEM.format(**names)},
            {"role": "user", "content": task},
        ]

    def _options(self) -> Mapping[str, object]:
        return {
            "target": self.target,
            "backend": "openai",
            "prompt": PROMPT_DIGEST,
            "temperature": TEMPERATURE,
        }

    def _compose(
        self, segments: Sequence[Segment], n: int, lang: str, glossary: Glossary | None
    ) -> Sequence[ScoredSentence]:
        from toolkit.translate.openai import connect

        connection = connect(self.settings, self.model)
        body = {
            "model": connection.model,
            "messages": self._messages(segments, n, lang, glossary),
            "temperature": TEMPERATURE,
            "max_tokens": TOKENS_PER_SENTENCE * n,
            "stream": False,
        }
        from toolkit.translate.openai_client import Usage, message_text

        if self.usage is None:
            self.usage = Usage()
        answer = connection.client.post("/chat/completions", body, self.usage)
        content = message_text(answer)
        sentences = segment(content, self.target)[:n]
        if not sentences:
            raise ModelError(
                f"the server's model '{self.model}' wrote an empty summary; try another model"
            )
        return [ScoredSentence(s, 0.0) for s in sentences]


def _glossary_entries(article: str, glossary: Glossary | None, target: str) -> list[str]:
    """``- Persian → required form(s)`` for each glossary term of the article (none for a
    Persian summary)."""
    if glossary is None or target == "fa":
        return []
    from toolkit.glossary.source import source_matcher

    out: dict[str, str] = {}
    for match in source_matcher(glossary).find(article):
        forms = match.term.get(target)
        if forms and match.surface not in out:
            out[match.surface] = f"- {match.surface} → {' / '.join(forms)}"
    return list(out.values())
