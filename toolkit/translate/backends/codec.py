"""Token conventions of each model family, over the checkpoint's own Hugging Face tokenizer.

Both backends tokenize with the same :class:`Codec`, so they feed a model the same ids:

- ``nllb``: source ``pes_Arab text </s>``; decoder starts ``</s> eng_Latn``.
  (Checkpoints saved with ``legacy_behaviour`` put the code last: ``text </s> pes_Arab``.)
- ``m2m100``: source ``__fa__ text </s>``; decoder starts ``</s> __en__``.
- ``marian``: source ``text </s>``, or ``>>rus<< text </s>`` in multi-target models;
  decoder starts ``<pad>`` (a zero embedding); no target language token.

"Content" ids are a sentence's own tokens, without any of these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from toolkit.errors import ConfigError, ModelError
from toolkit.languages import LANGUAGES, view

# Every family's language codes come from the registry (:mod:`toolkit.languages`), read
# when used, so a language registered later has them too.
NLLB_CODES: Mapping[str, str] = view(lambda lang: lang.nllb)
M2M100_CODES: Mapping[str, str] = view(lambda lang: lang.m2m100)
# OPUS-MT target tokens, most specific first (Western Persian, then macro-language codes).
MARIAN_TARGET_TOKENS: Mapping[str, tuple[str, ...]] = view(lambda lang: lang.marian)


def _marian_alias(name: str) -> str | None:
    """The code of the language an OPUS-MT config names ``name`` (``rus`` -> ``ru``)."""
    return next((code for code, lang in LANGUAGES.items() if name in lang.marian_names), None)


def check_language(lang: str) -> None:
    """Raise ``ConfigError`` unless ``lang`` is one of the toolkit's language codes."""
    if lang not in LANGUAGES:
        raise ConfigError(f"unknown language '{lang}' (choose one of: {', '.join(LANGUAGES)})")


class Codec:
    """Text ↔ ids for one checkpoint, following its family's conventions."""

    def __init__(self, tokenizer: Any, config: Any, family: str, model_id: str) -> None:
        self.tokenizer = tokenizer
        self.family = family
        self.model_id = model_id
        self.eos_id: int = _required_id(tokenizer.eos_token_id, "eos", model_id)
        self.pad_id: int = _required_id(tokenizer.pad_token_id, "pad", model_id)
        start = getattr(config, "decoder_start_token_id", None)
        if start is None:
            start = self.pad_id if family == "marian" else self.eos_id
        self.decoder_start_id: int = int(start)
        self.max_positions: int = int(getattr(config, "max_position_embeddings", 1024) or 1024)
        self._marian_codes: dict[str, int] = {}
        if family == "marian":
            codes = getattr(tokenizer, "supported_language_codes", None) or []
            self._marian_codes = {code: tokenizer.convert_tokens_to_ids(code) for code in codes}
        hidden = set(tokenizer.all_special_ids)
        hidden.update(getattr(tokenizer, "added_tokens_decoder", {}) or {})
        hidden.update((getattr(tokenizer, "lang_token_to_id", None) or {}).values())
        hidden.update(self._marian_codes.values())
        self._hidden: frozenset[int] = frozenset(int(i) for i in hidden)

    # -- languages -------------------------------------------------------------------------

    @property
    def multi_target(self) -> bool:
        """Whether a Marian model needs a ``>>xxx<<`` target token in front of the source."""
        return bool(self._marian_codes)

    def lang_id(self, lang: str) -> int:
        """The id of the language token of ``lang`` (NLLB and M2M100 only)."""
        check_language(lang)
        tok = self.tokenizer
        if self.family == "nllb":
            code = NLLB_CODES[lang]
            token_id = tok.convert_tokens_to_ids(code)
        elif self.family == "m2m100":
            code = M2M100_CODES[lang]
            try:
                token_id = tok.get_lang_id(code)
            except (KeyError, AttributeError):
                token_id = None
        else:
            raise ModelError(f"{self.family} models have no language tokens")
        if token_id is None or token_id == tok.unk_token_id:
            raise ModelError(
                f"model '{self.model_id}' has no language code for '{lang}' ({code}) in its "
                f"tokenizer"
            )
        return int(token_id)

    def _marian_target_id(self, tgt_lang: str) -> int | None:
        if not self._marian_codes:
            return None
        for token in MARIAN_TARGET_TOKENS[tgt_lang]:
            if token in self._marian_codes:
                return self._marian_codes[token]
        raise ModelError(
            f"model '{self.model_id}' cannot translate into '{tgt_lang}': its target tokens "
            f"are {', '.join(sorted(self._marian_codes)[:12])}"
        )

    def _check_marian_direction(self, src_lang: str, tgt_lang: str) -> None:
        declared = (
            getattr(self.tokenizer, "source_lang", None),
            getattr(self.tokenizer, "target_lang", None),
        )
        wanted = (src_lang, tgt_lang)
        for side, name, want in zip(("source", "target"), declared, wanted, strict=True):
            known = _marian_alias(str(name or "").lower())
            if known is not None and known != want and not (side == "target" and self.multi_target):
                raise ModelError(
                    f"model '{self.model_id}' translates {declared[0]}→{declared[1]}, "
                    f"not {src_lang}→{tgt_lang}; Marian models have one direction each"
                )

    def check_pair(self, src_lang: str, tgt_lang: str) -> None:
        """Raise unless the model can translate ``src_lang`` → ``tgt_lang``."""
        check_language(src_lang)
        check_language(tgt_lang)
        if self.family == "marian":
            self._check_marian_direction(src_lang, tgt_lang)
            self._marian_target_id(tgt_lang)
        else:
            self.lang_id(src_lang)
            self.lang_id(tgt_lang)

    # -- source side -------------------------------------------------------------------------

    def _content(self, texts: Sequence[str], target: bool = False) -> list[list[int]]:
        if not texts:
            return []
        if target and self.family == "marian":
            # Marian tokenizes targets with the target sentencepiece model
            enc = self.tokenizer(text_target=list(texts), add_special_tokens=False)
        else:
            enc = self.tokenizer(list(texts), add_special_tokens=False)
        return [list(map(int, ids)) for ids in enc["input_ids"]]

    @property
    def source_specials(self) -> int:
        """How many special tokens a source sentence gets."""
        return 2 if self.family != "marian" or self.multi_target else 1

    def count(self, texts: Sequence[str]) -> list[int]:
        """Source length of each text in tokens, specials included."""
        return [len(ids) + self.source_specials for ids in self._content(texts)]

    def source_ids(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[list[int]]:
        """Model input ids of each source text, with the family's special tokens."""
        content = self._content(texts)
        if self.family == "marian":
            code = self._marian_target_id(tgt_lang)
            head = [] if code is None else [code]
            return [[*head, *ids, self.eos_id] for ids in content]
        lang = self.lang_id(src_lang)
        if self.family == "nllb" and getattr(self.tokenizer, "legacy_behaviour", False):
            return [[*ids, self.eos_id, lang] for ids in content]
        return [[lang, *ids, self.eos_id] for ids in content]

    def source_content_slice(self, n_ids: int) -> slice:
        """Which positions of a source id list hold the sentence's own tokens."""
        if self.family == "marian":
            return slice(1 if self.multi_target else 0, n_ids - 1)
        if self.family == "nllb" and getattr(self.tokenizer, "legacy_behaviour", False):
            return slice(0, n_ids - 2)
        return slice(1, n_ids - 1)

    # -- target side -------------------------------------------------------------------------

    def forced_ids(self, tgt_lang: str) -> list[int]:
        """Target tokens every output starts with: the language token, or none (Marian)."""
        if self.family == "marian":
            return []
        return [self.lang_id(tgt_lang)]

    def target_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Content ids of target-language texts (no special tokens)."""
        return self._content(texts, target=True)

    def prefix_ids(self, prefix: str) -> list[int]:
        """Content ids forcing an output to start with ``prefix``.

        Trailing whitespace is not forced: whether a new word follows is left to the model.
        """
        stripped = prefix.rstrip()
        return self.target_ids([stripped])[0] if stripped else []

    def tokens(self, ids: Sequence[int]) -> list[str]:
        return [str(t) for t in self.tokenizer.convert_ids_to_tokens(list(ids))]

    def ids(self, tokens: Sequence[str]) -> list[int]:
        if not tokens:
            return []
        return [int(i) for i in self.tokenizer.convert_tokens_to_ids(list(tokens))]

    def decode(self, ids: Sequence[int]) -> str:
        """Text of content ids; special and language tokens are left out."""
        kept = [i for i in ids if i not in self._hidden]
        if not kept:
            return ""
        text: str = self.tokenizer.decode(
            kept, skip_special_tokens=True, clean_up_tokenization_spaces=False
        )
        return text

    def text(self, content: Sequence[int], prefix: str | None, n_prefix: int) -> str:
        """Output text of content ids whose first ``n_prefix`` ids were forced from ``prefix``.

        The text starts with ``prefix`` exactly (less trailing whitespace), even where the
        tokenizer normalizes or cannot represent some of its characters.
        """
        full = self.decode(content)
        if not prefix or not prefix.strip():
            return full
        head = prefix.rstrip()
        decoded_head = self.decode(content[:n_prefix])
        if full.startswith(decoded_head):
            return head + full[len(decoded_head) :]
        return head + " " + self.decode(content[n_prefix:])


def _required_id(value: int | None, what: str, model_id: str) -> int:
    if value is None:
        raise ModelError(f"the tokenizer of '{model_id}' has no {what} token")
    return int(value)
