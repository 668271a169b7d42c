"""Whether a placed term changed only what it declares: the edit guard of the enforcer.

A placement declares its edit: the words it replaced (a substitution) or the point where the
term went in (a continuation or an insertion), and the form it wrote. :func:`check_edit`
compares the sentence before and after word by word and refuses any other change: a word
replaced or dropped outside the term, a phrase written twice. Grammar is not damage: an
article or «о/об» next to the term, and a neighbouring word re-inflected to agree with it
(the same lemma in another form).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from toolkit.languages import find
from toolkit.translate.locate import Word, is_function_word, lemmas

_TOKEN = re.compile(r"['’]s\b|[^\W_]+(?:-[^\W_]+)*")
"""Words, and a possessive as a word of its own ("Ministry's": "Ministry", "'s"), so that a
form placed before it is found, and the possessive is grammar."""

AGREEMENT_REACH = 3
"""How many words from the term a re-inflected neighbour may stand (an adjective before it,
a predicate after it)."""
MAX_REPEAT = 4
"""The longest phrase, in words, checked for being written twice in a row."""


def check_edit(
    before: str,
    after: str,
    lang: str,
    form: str,
    replaced: tuple[int, int] | None = None,
    absorbs: bool = False,
) -> str | None:
    """None when ``after`` is ``before`` with ``form`` placed and nothing else changed; else
    why not. ``replaced`` is the character span of ``before`` that the form replaces (None:
    the form was added). ``absorbs``: a model continued the sentence after the forced form,
    and may have left out its own words for the term right after it (see
    :func:`_absorbed`)."""
    old, new = _words(before, lang), _words(after, lang)
    occurrences = _occurrences(new, _words(form, lang))
    if not occurrences:
        return f"the placed form «{form}» is not in the sentence"
    gone = set() if replaced is None else _within(old, *replaced)
    # The form may stand in the sentence more than once, or share words with a phrase
    # next to it ("Deputy Minister of Information …" added beside "Ministry of Information
    # …"): each occurrence is tried as the placed one, the later first, and the edit is
    # sound if one of them accounts for every change.
    absorbs = absorbs and replaced is None
    reasons = [_changed_words(old, new, placed, gone, lang, absorbs) for placed in occurrences]
    bad = min(reasons, key=len)
    if bad:
        return "it would change words outside the term: " + ", ".join(f"«{w}»" for w in bad)
    doubled = _repeats(new) - _repeats(old)
    if doubled > 0:
        return "it would write a phrase twice"
    return None


def grammar_words(lang: str) -> frozenset[str]:
    """Words that may come or go next to a placed term as its grammar requires (the
    language's ``grammar_words``: English articles and the possessive, Russian «о»/«об»)."""
    language = find(lang)
    return language.grammar_words if language is not None else frozenset()


def _words(text: str, lang: str) -> list[Word]:
    return [
        Word(m.start(), m.end(), m.group(), lemmas(m.group(), lang)) for m in _TOKEN.finditer(text)
    ]


def _key(word: Word) -> str:
    return word.text.lower().replace("ё", "е")


def _occurrences(text: list[Word], form: list[Word]) -> list[set[int]]:
    """The word positions of each occurrence of ``form`` in ``text``, the last first."""
    keys = [_key(w) for w in form]
    n = len(keys)
    if not n:
        return []
    hits = [k for k in range(len(text) - n + 1) if [_key(w) for w in text[k : k + n]] == keys]
    return [set(range(k, k + n)) for k in reversed(hits)]


_TERM = "\x00term"
"""The key of a word of the term in the alignment: it matches no word of the sentence, so
the sentence's own words align with each other, never with the term's."""


def _changed_words(
    old: list[Word],
    new: list[Word],
    placed: set[int],
    gone: set[int],
    lang: str,
    absorbs: bool,
) -> list[str]:
    """The words that changed outside the term when ``placed`` are the form's words in
    ``new`` and ``gone`` the words it replaced in ``old``, less those its grammar allows
    (``absorbs``: see :func:`_absorbed`)."""
    ops = SequenceMatcher(
        a=[_TERM if i in gone else _key(w) for i, w in enumerate(old)],
        b=[_TERM if j in placed else _key(w) for j, w in enumerate(new)],
        autojunk=False,
    )
    removed: list[int] = []
    added: list[int] = []
    for tag, i1, i2, j1, j2 in ops.get_opcodes():
        if tag != "equal":
            removed += [i for i in range(i1, i2) if i not in gone]
            added += [j for j in range(j1, j2) if j not in placed]
    if absorbs:
        gone = _absorbed(old, removed, min(placed), len(placed), lang)
        removed = [i for i in removed if i not in gone]
    # Where the term stands in each text, to judge how near a grammatical change is (an
    # added form stands where as many words precede it as precede it in the new text).
    at_old, at_new = sorted(gone) or [min(placed)], sorted(placed)
    new_lemmas = frozenset(lemma for j in added for lemma in new[j].lemmas)
    old_lemmas = frozenset(lemma for i in removed for lemma in old[i].lemmas)
    bad = [
        old[i].text
        for i in removed
        if not _grammar(old[i], lang, _distance(i, at_old), old[i].lemmas & new_lemmas)
    ]
    bad += [
        new[j].text
        for j in added
        if not _grammar(new[j], lang, _distance(j, at_new), new[j].lemmas & old_lemmas)
    ]
    return bad


def _within(text: list[Word], start: int, end: int) -> set[int]:
    return {k for k, w in enumerate(text) if w.start >= start and w.end <= end}


def _absorbed(old: list[Word], removed: list[int], at: int, form_words: int, lang: str) -> set[int]:
    """The words a continuation left out right after the forced form, taken as the model's
    own rendering of the term: one run starting where the form went in, at most one word
    longer than the form, not ending in a function word (a preposition or a conjunction is
    the sentence's structure, never a term's). Otherwise none: each is a word lost."""
    run: list[int] = []
    for i in sorted(removed):
        if i != at + len(run):
            break
        run.append(i)
    if len(run) > form_words + 1:
        return set()
    if run and is_function_word(old[run[-1]].text, lang):
        return set()
    return set(run)


def _distance(index: int, anchors: list[int]) -> int:
    lo, hi = anchors[0], anchors[-1]
    if lo <= index <= hi:
        return 0
    return lo - index if index < lo else index - hi


def _grammar(word: Word, lang: str, distance: int, shared_lemmas: frozenset[str]) -> bool:
    """Whether a word that came or went is the grammar of the placed term."""
    if distance <= 1 and _key(word) in grammar_words(lang):
        return True
    return bool(shared_lemmas) and distance <= AGREEMENT_REACH


def _repeats(text: list[Word]) -> int:
    keys = [_key(w) for w in text]
    return sum(
        keys[i : i + n] == keys[i + n : i + 2 * n]
        for n in range(1, MAX_REPEAT + 1)
        for i in range(len(keys) - 2 * n + 1)
    )
