"""A translation session: the glossary, the memory and one engine per target language,
built from user options. Shared by ``toolkit translate`` and ``toolkit run``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.errors import ConfigError
from toolkit.glossary.model import Glossary
from toolkit.languages import pivot
from toolkit.translate.approved import ApprovedStore
from toolkit.translate.engine import TranslateOptions, TranslationEngine
from toolkit.translate.factory import (
    TranslatorSpec,
    build_translator,
    check_model,
    default_glossary,
    memory_path,
    translator_kind,
)
from toolkit.translate.memory import TranslationMemory

if TYPE_CHECKING:
    from toolkit.translate.base import Translation, Translator
    from toolkit.translate.names import NameRendering


@dataclass
class Session:
    model: str
    backend: str
    device: str
    pivot_model: str | None
    glossary: Glossary | None
    memory: TranslationMemory | None
    options: TranslateOptions
    progress: bool | Callable[[int], None]
    """A bar per translation pass on stderr, or a function given the sentences just done."""
    names: bool = True
    """Keep one rendering per name the glossary does not cover (:mod:`~toolkit.translate.names`)."""
    settings: Mapping[str, Any] = field(default_factory=dict)
    """The backend's own options (``openai``: the server's address, the request policy)."""
    approved: ApprovedStore | None = None
    """Approved translations (in the memory's file): reused verbatim on an exact match,
    offered on a similar sentence; None without the memory (``cache`` off)."""
    _engines: dict[str, TranslationEngine] = field(default_factory=dict)

    def engine(self, target: str) -> TranslationEngine:
        if target not in self._engines:
            translator = build_translator(
                self.model,
                target,
                backend=self.backend,
                device=self.device,
                pivot_model=self.pivot_model,
                glossary=self.glossary,
                settings=self.settings,
            )
            self._engines[target] = TranslationEngine(
                translator,
                self.glossary,
                self.memory,
                self.options,
                self.progress,
                fallback=self._fallback(translator, target),
                approved=self.approved,
            )
        return self._engines[target]

    def _fallback(self, translator: Translator, target: str) -> Translator | None:
        """The way through English for a sentence that stays off target: the model into
        English, then the pivot model into ``target``; none without a pivot model, into
        English, or where the translator goes through the pivot already."""
        from toolkit.translate.backends import load_backend
        from toolkit.translate.base import ModelTranslator, PivotTranslator

        if self.pivot_model is None or target == pivot() or isinstance(translator, PivotTranslator):
            return None
        if not isinstance(translator, ModelTranslator):
            return None
        first = load_backend(self.model, self.backend, self.device)
        second = load_backend(self.pivot_model, self.backend, self.device)
        return PivotTranslator(
            ModelTranslator(first, translator.source_language, "en"),
            ModelTranslator(second, "en", target),
        )

    def requests(self) -> dict[str, dict[str, Any]]:
        """Per target language, what the requests to a server cost (requests, prompt and
        completion tokens, retries, seconds); empty for a model run in this process."""
        from toolkit.translate.openai import usage_of

        out = {}
        for lang, engine in self._engines.items():
            usage = usage_of(engine.translator)
            if usage is not None:
                out[lang] = usage
        return out

    def enforcement(self) -> dict[str, dict[str, Any]]:
        """Per target language, what placing the glossary's terms asked of the model so far
        (:attr:`TranslationEngine.enforcement_cost`)."""
        return {lang: engine.enforcement_cost for lang, engine in self._engines.items()}

    def translate(self, target: str, text: str) -> tuple[Translation, tuple[NameRendering, ...]]:
        """``text`` in ``target``, and the renderings of the names kept consistent in it
        (none when :attr:`names` is off)."""
        from toolkit.translate.names import translate_with_names

        engine = self.engine(target)
        engine.translator.expect([text])
        if not self.names:
            return engine.translate(text), ()
        return translate_with_names(engine, text)


def resolve_glossary(glossary_path: str | None, no_glossary: bool) -> Glossary | None:
    from toolkit.glossary.validate import load_glossary

    if no_glossary:
        return None
    path = Path(glossary_path) if glossary_path else default_glossary()
    if path is None:
        raise ConfigError(
            "no glossary given and the domain glossary was not found; "
            "pass {option:glossary} FILE or {option:no_glossary}"
        )
    return load_glossary(path)


def open_session(
    *,
    model: str,
    glossary: Glossary | None,
    pivot_model: str | None = None,
    backend: str = "ct2",
    device: str = "cpu",
    cache: bool = True,
    cache_path: str | None = None,
    n_best: int = 4,
    progress: bool = True,
    model_option: str = "model",
    names: bool = True,
    settings: Mapping[str, Any] | None = None,
) -> Session:
    """Check that the models exist (a seq2seq backend: local, cached or downloaded; a
    server: reachable, accepting the key, serving the model) before any work is done, and
    open the memory and its approved translations (neither with ``cache`` off).

    ``glossary`` comes from :func:`resolve_glossary`, loaded once by the caller.
    ``model_option`` names the parameter that takes a model directory (``model``), for the
    error message when a model is missing; the CLI spells it as its flag. ``settings`` are
    the backend's own options (see :data:`~toolkit.translate.factory.TRANSLATORS`).
    """
    settings = dict(settings or {})
    spec = TranslatorSpec(model, "", "fa", backend, device, pivot_model, glossary, settings)
    check_model(spec, model_option)
    memory = TranslationMemory(cache_path or memory_path()) if cache else None
    approved = ApprovedStore(cache_path or memory_path()) if cache else None
    options = TranslateOptions(num_hypotheses=n_best, beam_size=n_best)
    if translator_kind(backend).document:
        # A document-level translator gets every sentence at once, to send in windows.
        options = replace(options, batch_size=DOCUMENT_BATCH)
    return Session(
        model,
        backend,
        device,
        pivot_model,
        glossary,
        memory,
        options,
        progress,
        names,
        settings,
        approved,
    )


DOCUMENT_BATCH = 1_000_000
"""The batch of a document-level translator: every sentence not in the memory, at once."""


def phrase_renderer(session: Session) -> Callable[[Sequence[str], str], list[str | None]]:
    """Translate short phrases (glossary suggestions, which the session's glossary lacks)
    one per line, with the session's engine.

    A rendering the glossary check would refuse as in the wrong script is dropped (None):
    a suggestion must never carry one.
    """
    from toolkit.glossary.validate import in_wrong_script

    def render(phrases: Sequence[str], lang: str) -> list[str | None]:
        if not phrases:
            return []
        lines = session.engine(lang).translate("\n".join(phrases)).lines
        out: list[str | None] = []
        for line in lines:
            text = line.strip().rstrip(".")
            out.append(text if text and not in_wrong_script(text, lang) else None)
        return out

    return render
