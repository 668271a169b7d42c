"""Persian person mentions: the one finder that the summarizer's speakers and ``glossary
suggest`` both use, with one tokenizer, one cue list (:mod:`toolkit.text.person_cues`) and
one name list (the ``given`` entries of ``data/persian_names.json``).

A mention is found by one of these (its ``evidence``):

- ``given name``: a listed given name (an honorific such as ``سید`` before it belongs to
  it), then one more word and any detached name parts (``میثم عابدی``, ``حسن قاضی زاده``);
  a comma and a title word after it give the mention its ``title`` (``میثم عابدی، معاون
  وزیر``);
- ``apposition to a title``: two words at the start of a sentence, then a comma and a title
  that the caller found (``X Y، معاون وزیر``);
- ``named after a title, speaker of …``: two words between a caller's title and a verb of
  saying (``سفیر X Y گفت``);
- ``speaker of …``: two words at the start of a sentence before a verb of saying;
- ``surname alone``: later, the last word of a two-word name on its own (``جلالی``).

>>> [m.text for m in find_persons("میثم عابدی گفت: کار ادامه دارد.")]
['میثم عابدی']
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from importlib import resources

from toolkit.text import person_cues as cues
from toolkit.text.normalize import ZWNJ, key_of

_WORD = re.compile(
    "[\u0621-\u063a\u0641-\u064a\u064b-\u065f\u0670\u067e\u0686\u0698\u06a9\u06af\u06c0\u06cc"
    + ZWNJ
    + "]+|[0-9\u06f0-\u06f9\u0660-\u0669]+"
)
_CLAUSE_END = frozenset("،,؛;:")
_MAX_TITLE = 10
_MI = key_of("می")


def _keys(words: Collection[str]) -> frozenset[str]:
    return frozenset(key_of(w) for w in words)


PRONOUNS = _keys(cues.PRONOUNS)
TITLE_WORDS = _keys(cues.TITLE_WORDS)
TITLE_QUALIFIERS = _keys(cues.TITLE_QUALIFIERS)
TITLE_BREAKS = _keys(cues.TITLE_BREAKS)
SAY_VERBS = _keys(cues.SAY_VERBS)
SPEECH_NOUNS = _keys(cues.SPEECH_NOUNS)
SPEECH_WORDS = SAY_VERBS | SPEECH_NOUNS
"""Words that report speech, alone or as the noun of a compound verb."""
_LIGHT = _keys(cues.SPEECH_LIGHT_VERBS)
HONORIFICS = _keys(cues.HONORIFICS)
NAME_TITLES = _keys(cues.NAME_TITLES)
NAME_PARTS = _keys(cues.NAME_PARTS)
FUNCTION_WORDS = _keys(cues.FUNCTION_WORDS)
VERB_FORMS = _keys(cues.VERB_FORMS)
INSTITUTION_HEADS = _keys(cues.INSTITUTION_HEADS)
_NOT_NAME = FUNCTION_WORDS | VERB_FORMS | TITLE_WORDS | SPEECH_WORDS | INSTITUTION_HEADS
_PREFIXES = tuple(
    sorted((tuple(key_of(w) for w in p.split()) for p in cues.SPEAKER_PREFIXES), key=len)
)[::-1]
_AGENCY = (key_of("به"), key_of("گزارش"))
_MAX_AGENCY = 25


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """A Persian word (or a run of digits) of a text."""

    text: str
    start: int
    end: int
    key: str
    """The matching key (:func:`toolkit.text.normalize.key_of`)."""
    brk: bool
    """Punctuation, a line break or a non-Persian word precedes it (or it comes first)."""
    after: str
    """What stands between it and the next token (spaces stripped)."""
    line: int

    @property
    def digit(self) -> bool:
        return self.text[0].isdigit()

    @property
    def closes(self) -> bool:
        """Whether clause punctuation follows it (``عابدی،``)."""
        return any(c in _CLAUSE_END for c in self.after)


def _breaks(gap: str) -> bool:
    """Whether the text between two words ends an entity: a line break, or anything but
    spaces and ZWNJ (punctuation, a Latin word, a dash or a slash)."""
    return "\n" in gap or any(not (c.isspace() or c == ZWNJ) for c in gap)


def tokenize(text: str) -> tuple[Token, ...]:
    """The Persian words and digit runs of ``text``, each with what separates it from its
    neighbours."""
    found = [(m.start(), m.end(), m.group(0).strip(ZWNJ)) for m in _WORD.finditer(text)]
    found = [f for f in found if f[2]]
    out: list[Token] = []
    prev_end, line = 0, 1
    for k, (start, end, word) in enumerate(found):
        gap = text[prev_end:start]
        line += gap.count("\n")
        nxt = found[k + 1][0] if k + 1 < len(found) else len(text)
        after = text[end:nxt].strip()
        out.append(Token(word, start, end, key_of(word), not out or _breaks(gap), after, line))
        prev_end = end
    return tuple(out)


# ---------------------------------------------------------------------------
# Cues
# ---------------------------------------------------------------------------


@functools.cache
def given_names() -> frozenset[str]:
    """The matching keys of the shipped given names (``kind: given`` in the name list)."""
    path = resources.files("toolkit.text").joinpath("data", "persian_names.json")
    raw: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(key_of(k) for k, v in raw.items() if v.get("kind") == "given")


def is_given_name(token: Token) -> bool:
    return token.key in given_names()


def speech_at(tokens: Sequence[Token], k: int) -> int:
    """How many tokens a verb of saying at ``tokens[k]`` takes (0: none there): a verb of
    saying (``گفت``) or a speech noun and its light verb (``تصریح کرد``)."""
    if k >= len(tokens):
        return 0
    key, size = tokens[k].key, 1
    if key == _MI and k + 1 < len(tokens):  # a detached می: می گوید
        key, size = key + tokens[k + 1].key, 2
    if key in SAY_VERBS:
        return size
    if key in SPEECH_NOUNS and k + 1 < len(tokens) and tokens[k + 1].key in _LIGHT:
        return 2
    return 0


def reports_speech(text: str, tokens: Sequence[Token]) -> bool:
    """Whether a sentence reports speech: a colon, or a verb of saying anywhere."""
    return ":" in text or any(speech_at(tokens, k) for k in range(len(tokens)))


def subject_start(tokens: Sequence[Token]) -> int:
    """Where a sentence's subject starts: after an agency dateline (``به گزارش ایرنا،``)
    and connectors (``همچنین``, ``به گفته``)."""
    k = 0
    if len(tokens) > 2 and (tokens[0].key, tokens[1].key) == _AGENCY:
        for j, t in enumerate(tokens[:_MAX_AGENCY]):
            if any(c in "،,؛;" for c in t.after):
                k = j + 1
                break
    while k < len(tokens):
        size = next((len(p) for p in _PREFIXES if _keys_at(tokens, k, p)), 0)
        if not size:
            break
        k += size
    return k


def _keys_at(tokens: Sequence[Token], k: int, keys: tuple[str, ...]) -> bool:
    return tuple(t.key for t in tokens[k : k + len(keys)]) == keys


# ---------------------------------------------------------------------------
# Mentions
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonMention:
    """One mention of a person in a text."""

    span: tuple[int, int]
    """Character offsets [start, end) in the text."""
    words: tuple[int, int]
    """Token indices [first, last + 1)."""
    given: str | None
    """The given name (with an honorific before it), or the first of two name words."""
    surname: str | None
    title: str | None
    """A title beside the name (``معاون وزیر نیرو``), when one is."""
    evidence: str
    full: PersonMention | None = None
    """For a lone surname: the mention of the full name it belongs to."""

    @property
    def key(self) -> str:
        """The mention's words on the matching key, space-separated."""
        return " ".join(key_of(w) for w in self.text.split())

    @property
    def text(self) -> str:
        return " ".join(p for p in (self.given, self.surname) if p)


@dataclass
class _Scan:
    """What one pass of :func:`find_persons` reads and has claimed so far."""

    tokens: Sequence[Token]
    taken: Collection[int]
    claimed: set[int]

    def name_word(self, k: int) -> bool:
        """A word that may be part of a name: not taken, not a function word, a verb, a
        title, speech or institution word, nor a figure."""
        t = self.tokens[k]
        return not (k in self.taken or t.digit or t.key in _NOT_NAME or is_verb(t.text))

    def free(self, a: int, b: int) -> bool:
        """Tokens ``a..b`` may be a name nothing has claimed, with no break inside."""
        return all(self.name_word(k) and k not in self.claimed for k in range(a, b)) and not any(
            self.tokens[k].brk for k in range(a + 1, b)
        )

    def mention(
        self, a: int, b: int, evidence: str, *, given_end: int | None = None, title: str | None
    ) -> PersonMention:
        toks = self.tokens
        g = given_end if given_end is not None else a + 1
        self.claimed.update(range(a, b))
        return PersonMention(
            (toks[a].start, toks[b - 1].end),
            (a, b),
            " ".join(t.text for t in toks[a:g]) or None,
            " ".join(t.text for t in toks[g:b]) or None,
            title,
            evidence,
        )


def is_verb(word: str) -> bool:
    """Whether ``word`` is a verb form by its spelling (``می‌شود``, ``میشود``)."""
    return (
        word.startswith(("می" + ZWNJ, "نمی" + ZWNJ))
        or word in ("می", "نمی")
        or key_of(word) in VERB_FORMS
    )


def find_persons(
    text: str | Sequence[Token],
    *,
    titles: Sequence[tuple[int, int]] = (),
    taken: Collection[int] = frozenset(),
) -> tuple[PersonMention, ...]:
    """The people mentioned in ``text`` (or its :func:`tokenize` tokens), in text order.

    ``titles`` are token ranges [a, b) of titles the caller found (a gazetteer's); ``taken``
    are token indices something else has claimed (a place, an institution)."""
    tokens = tokenize(text) if isinstance(text, str) else text
    scan = _Scan(tokens, taken, set())
    found = _by_given_name(scan)
    found += _after_titles(scan, titles)
    found += _at_sentence_start(scan, {a for a, _ in titles})
    found.sort(key=lambda m: m.words)
    return tuple(found + _lone_surnames(scan, found))


def _by_given_name(scan: _Scan) -> list[PersonMention]:
    """Listed given names, each with the word after it and any detached name parts."""
    tokens, n = scan.tokens, len(scan.tokens)
    out: list[PersonMention] = []
    i = 0
    while i < n:
        if not (is_given_name(tokens[i]) and i not in scan.taken):
            i += 1
            continue
        honorific = i > 0 and tokens[i - 1].key in HONORIFICS and not tokens[i].brk
        a = i - 1 if honorific else i
        g = i + 1
        while g < n and not tokens[g].brk and is_given_name(tokens[g]):
            g += 1
        if not (g < n and not tokens[g].brk and scan.name_word(g)):
            i += 1
            continue
        b = g + 1
        while b < n and not tokens[b].brk and tokens[b].key in NAME_PARTS:
            b += 1
        out.append(scan.mention(a, b, "given name", given_end=g, title=_apposition(tokens, b)))
        i = b
    return out


def _apposition(tokens: Sequence[Token], b: int) -> str | None:
    """The title after a name that ends with a comma (``عابدی، معاون وزیر نیرو،``)."""
    if not (b < len(tokens) and tokens[b - 1].closes and tokens[b].key in TITLE_WORDS):
        return None
    out: list[str] = []
    for t in tokens[b : b + _MAX_TITLE]:
        if t.key in SPEECH_WORDS or t.key in TITLE_BREAKS:
            break
        out.append(t.text)
        if t.closes:
            break
    return " ".join(out) or None


def _said(tokens: Sequence[Token], k: int) -> str | None:
    """The verb of saying at ``tokens[k]`` as written, with no break inside it."""
    size = speech_at(tokens, k)
    if not size or any(t.brk for t in tokens[k : k + size]):
        return None
    return " ".join(t.text for t in tokens[k : k + size])


def _after_titles(scan: _Scan, titles: Sequence[tuple[int, int]]) -> list[PersonMention]:
    """``<title> X Y گفت``: two words between a title and a verb of saying."""
    tokens = scan.tokens
    out = []
    for a, b in titles:
        i = b
        if i + 2 >= len(tokens) or not scan.free(i, i + 2) or tokens[i].brk:
            continue
        verb = _said(tokens, i + 2)
        if verb:
            title = " ".join(t.text for t in tokens[a:b])
            evidence = "named after a title, speaker of " + verb
            out.append(scan.mention(i, i + 2, evidence, title=title))
    return out


def _at_sentence_start(scan: _Scan, title_starts: Collection[int]) -> list[PersonMention]:
    """``X Y، <title>`` and ``X Y گفت`` at the start of a sentence."""
    tokens = scan.tokens
    out = []
    for i in range(len(tokens) - 2):
        if not (tokens[i].brk and scan.free(i, i + 2)):
            continue
        if tokens[i + 2].brk and i + 2 in title_starts:
            title = _apposition(tokens, i + 2) or tokens[i + 2].text
            out.append(scan.mention(i, i + 2, "apposition to a title", title=title))
            continue
        verb = None if tokens[i + 2].brk else _said(tokens, i + 2)
        if verb:
            out.append(scan.mention(i, i + 2, "speaker of " + verb, title=None))
    return out


def _lone_surnames(scan: _Scan, names: Sequence[PersonMention]) -> list[PersonMention]:
    """The last word of a name standing alone later, as a mention of that name."""
    surnames: dict[str, PersonMention] = {}
    for m in names:
        if m.words[1] - m.words[0] > 1:
            surnames.setdefault(scan.tokens[m.words[1] - 1].key, m)
    out = []
    for k, t in enumerate(scan.tokens):
        full = surnames.get(t.key)
        if full is not None and k not in scan.claimed and k not in scan.taken:
            scan.claimed.add(k)
            span = (t.start, t.end)
            out.append(PersonMention(span, (k, k + 1), None, t.text, None, "surname alone", full))
    return out
