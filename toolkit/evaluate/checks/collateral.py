"""Collateral edits: the words a hypothesis changed against its baseline outside the term
placements (a word diff that allows re-inflection and function words). Not a check: what the
damage check (:mod:`toolkit.evaluate.checks.damage`) counts."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from toolkit.evaluate.checks.base import Placement


@dataclass(frozen=True)
class EditWords:
    """The words of a language that the collateral-edit count treats apart.

    ``grammar`` come and go with a placed term anywhere (articles, «о/об»); ``function``
    words (those, conjunctions and short prepositions) may change on their own, as a word
    diff pairs them across neighbouring phrases; ``structure`` words are never part of a
    term's rendering, so a term put in place of one (``после`` read as a form of ``посол``)
    dropped it. Two words are one word re-inflected when they agree up to ``strip`` final
    letters (Russian endings) or one of ``endings`` (English plurals), leaving a stem of at
    least :data:`MIN_STEM` letters.
    """

    grammar: frozenset[str]
    function: frozenset[str]
    structure: frozenset[str]
    strip: int = 0
    endings: tuple[str, ...] = ()


MIN_STEM = 3
EDIT_WORDS: dict[str, EditWords] = {
    "en": EditWords(
        grammar=frozenset("a an the 's ’s".split()),
        function=frozenset(
            "a an the 's ’s and or but nor of in to for with on by at from as".split()
        ),
        structure=frozenset(
            "and or but nor of in to for with on by at from as after before since during "
            "between about under over through without against among until".split()
        ),
        endings=("es", "s"),
    ),
    "ru": EditWords(
        grammar=frozenset("о об обо".split()),
        function=frozenset(
            "о об обо и или а но да в во с со на по для при к ко из от до у за".split()
        ),
        structure=frozenset(
            "и или а но да в во с со на по для при к ко из от до у за после перед между через "
            "без под над около среди вместо против".split()
        ),
        strip=2,
    ),
}
"""Per target language; a language without an entry has no words treated apart."""
_NO_EDIT_WORDS = EditWords(frozenset(), frozenset(), frozenset())
_EDIT_TOKEN = re.compile(r"['’]s\b|[^\W_]+(?:-[^\W_]+)*")
"""Words, and a possessive as a word of its own ("Ministry's": "Ministry", "'s")."""


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.text.lower().replace("ё", "е")


@dataclass(frozen=True)
class CollateralEdit:
    """One place where a hypothesis changed its baseline outside the term placements: the
    baseline's words ``removed`` there and the hypothesis's words ``added``."""

    removed: tuple[str, ...]
    added: tuple[str, ...]

    def __str__(self) -> str:
        removed, added = " ".join(self.removed), " ".join(self.added)
        if not added:
            return f"«{removed}» dropped"
        if not removed:
            return f"«{added}» added"
        return f"«{removed}» → «{added}»"


def collateral_edits(
    baseline: str,
    hypothesis: str,
    lang: str,
    terms: Sequence[tuple[int, int]] = (),
    placements: Sequence[Placement] = (),
) -> list[CollateralEdit]:
    """The words ``hypothesis`` changed against ``baseline`` outside the term placements.

    A word diff of the two; a change is allowed (not collateral) when
    * its added words lie in a term rendering: ``terms`` (character spans of the hypothesis,
      one per source occurrence) or a placement's ``form``; the baseline's words it removed
      there are the model's own rendering: a placement's ``replaced`` words where one
      declares them, else at most as many words as a placed form added there (a rendering
      found without a placement: as its own words), or any number of words whose initials
      the term abbreviates (ICT), function words aside; never a structure word at their edge;
    * a word is re-inflected (a removed and an added word of one stem: agreement);
    * only function words change (:data:`EDIT_WORDS`).
    Everything else is collateral: a word replaced by another, dropped, or added outside the
    terms (a term rendering more than the source has), and a phrase written twice.
    """
    rules = EDIT_WORDS.get(lang, _NO_EDIT_WORDS)
    old, new = _edit_words(baseline), _edit_words(hypothesis)
    ops = difflib.SequenceMatcher(
        a=[w.key for w in old], b=[w.key for w in new], autojunk=False
    ).get_opcodes()
    changed_old = {i for tag, i1, i2, _, _ in ops if tag != "equal" for i in range(i1, i2)}
    changed_new = {j for tag, _, _, j1, j2 in ops if tag != "equal" for j in range(j1, j2)}
    if not changed_old and not changed_new:
        return []
    # The placements' forms first, then the renderings the term analysis found elsewhere.
    spans: list[frozenset[int]] = []
    declared: set[int] = set()
    for placement in placements:
        form = _claim(new, placement.form, changed_new, set().union(*spans))
        if form:
            spans.append(form)
        if placement.replaced:
            declared |= _claim(old, placement.replaced, changed_old, declared)
    placed = len(spans)
    found = [_covered(new, start, end) for start, end in terms]
    spans += [span for span in found if not span & set().union(*spans[:placed])]
    # A phrase written twice is collateral, even a term's rendering (but not a placed form,
    # which declares what it wrote): the copy the diff counts as added.
    doubled = _doubled(old, new, changed_new) - set().union(*spans[:placed])
    term_of = {j: k for k, span in enumerate(spans) for j in span if j not in doubled}
    # A word re-inflected to agree is gone and come back with one stem, wherever the diff
    # put the two (it may pair a word with its neighbour's).
    old_stems = set().union(*(_stems(old[i].key, rules) for i in changed_old))
    new_stems = set().union(*(_stems(new[j].key, rules) for j in changed_new))
    kept_old = {i for i in changed_old if _stems(old[i].key, rules) & new_stems}
    kept_new = {j for j in changed_new if _stems(new[j].key, rules) & old_stems}
    edits = []
    for group in _groups(ops, term_of):
        added = [j for _, _, _, j1, j2 in group for j in range(j1, j2) if j not in doubled]
        touched = {term_of[j] for j in added if j in term_of}
        removed = [i for _, i1, i2, _, _ in group for i in range(i1, i2) if i not in kept_old]
        added = [j for j in added if j not in kept_new]
        if touched:
            # Only the words judged wrong: the rest of the group is the term's edit.
            term_words = [new[j] for k in touched for j in sorted(spans[k])]
            # A placed form took the place of at most as many words as it brought; a rendering
            # found without a placement, of at most as many as its own words.
            if any(k < placed for k in touched):
                room = [j for j in added if j in term_of]
            else:
                room = [j for k in touched for j in spans[k]]
            room = [j for j in room if new[j].key not in rules.function]
            removed = _beyond_rendering(old, group, removed, declared, term_words, len(room), rules)
            added = [j for j in added if j not in term_of and new[j].key not in rules.function]
            if removed or added:
                edits.append(_edit(old, new, removed, added))
        elif any(old[i].key not in rules.function for i in removed) or any(
            new[j].key not in rules.function for j in added
        ):
            # A change of its own: its function words went with it ("to Moscow" doubled).
            edits.append(_edit(old, new, removed, added))
    for run in _runs(sorted(doubled)):
        edits.append(_edit(old, new, [], run))
    return edits


MAX_DOUBLED = 4
"""The longest phrase, in words, looked for written twice in a row."""


def _doubled(old: list[_Word], new: list[_Word], changed: set[int]) -> set[int]:
    """The words of the hypothesis that write a phrase of up to :data:`MAX_DOUBLED` words a
    second time in a row, where the baseline has that repetition fewer times: of the two
    copies, the one the diff counts as added."""
    a, b = [w.key for w in old], [w.key for w in new]

    def count(keys: list[str], phrase: list[str]) -> int:
        n = len(phrase)
        return sum(keys[k : k + n] == phrase for k in range(len(keys) - n + 1))

    out: set[int] = set()
    for n in range(MAX_DOUBLED, 0, -1):
        for k in range(len(b) - 2 * n + 1):
            if b[k : k + n] != b[k + n : k + 2 * n] or out & set(range(k, k + 2 * n)):
                continue
            if count(b, b[k : k + 2 * n]) <= count(a, b[k : k + 2 * n]):
                continue
            second = set(range(k + n, k + 2 * n))
            out |= second if second & changed else set(range(k, k + n))
    return out & changed


def _runs(indices: list[int]) -> list[list[int]]:
    """Consecutive indices, grouped."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _edit_words(text: str) -> list[_Word]:
    return [_Word(m.group(), m.start(), m.end()) for m in _EDIT_TOKEN.finditer(text)]


def _edit(
    old: list[_Word], new: list[_Word], removed: list[int], added: list[int]
) -> CollateralEdit:
    return CollateralEdit(tuple(old[i].text for i in removed), tuple(new[j].text for j in added))


def _covered(words: list[_Word], start: int, end: int) -> frozenset[int]:
    """The words that overlap the character span ``start:end``."""
    return frozenset(k for k, w in enumerate(words) if w.start < end and start < w.end)


def _claim(words: list[_Word], text: str, changed: set[int], taken: set[int]) -> frozenset[int]:
    """The first occurrence of ``text``'s words that a change touches and that no other
    placement took (each placement declares one occurrence); none if there is no such."""
    keys = [w.key for w in _edit_words(text)]
    n = len(keys)
    all_keys = [w.key for w in words]
    for k in range(len(words) - n + 1 if n else 0):
        span = set(range(k, k + n))
        if all_keys[k : k + n] == keys and changed & span and not taken & span:
            return frozenset(span)
    return frozenset()


_Op = tuple[str, int, int, int, int]


def _groups(ops: Sequence[_Op], term_of: Mapping[int, int]) -> list[list[_Op]]:
    """The diff's changes, those on either side of unchanged words of one term rendering
    taken as one (a reworded term keeps some of its words: «информационных»)."""
    groups: list[list[_Op]] = []
    current: list[_Op] = []
    for k, op in enumerate(ops):
        tag, _, _, j1, j2 = op
        if tag != "equal":
            current.append(op)
            continue
        inside = {term_of.get(j) for j in range(j1, j2)}
        if current and k + 1 < len(ops) and len(inside) == 1 and None not in inside:
            continue
        if current:
            groups.append(current)
        current = []
    if current:
        groups.append(current)
    return groups


def _beyond_rendering(
    old: list[_Word],
    group: list[_Op],
    removed: list[int],
    declared: set[int],
    term: list[_Word],
    room: int,
    rules: EditWords,
) -> list[int]:
    """The removed words of a change that put a term in, that were not the model's own
    rendering of it: outside the words a placement declares it replaced, else beyond ``room``
    words (unless the term abbreviates them), function words and words re-inflected aside;
    and a structure word at the edge of the baseline's words there, which no rendering
    has."""
    region = [i for i in range(group[0][1], group[-1][2]) if old[i].key not in rules.grammar]
    edges = []
    while region and region[0] in removed and old[region[0]].key in rules.structure:
        edges.append(region.pop(0))
    while region and region[-1] in removed and old[region[-1]].key in rules.structure:
        edges.append(region.pop())
    # Function words inside are the diff's pairing (it may match an «и» of one rendering
    # with another's) or the old rendering's own ("Ministry of ...").
    rest = [i for i in removed if i in region and i not in declared]
    content = [i for i in rest if old[i].key not in rules.function]
    if not any(i in declared for i in removed):
        # The initials of every word there, a re-inflected one too (ИКТ: «информационных и
        # коммуникационных технологий», the last kept as «технологиям»).
        there = [old[i] for i in region if old[i].key not in rules.function]
        fits = len(content) <= room or _abbreviates(term, there)
        content = [] if fits else content
    # The words lost, with the function words between them ("officials and representatives").
    lost = [i for i in removed if i not in declared and content and content[0] <= i <= content[-1]]
    return sorted(edges + lost)


def _abbreviates(term: list[_Word], words: list[_Word]) -> bool:
    """Whether a word of the term is an acronym of ``words``' initials, in order (ICT:
    Information and Communications Technology)."""
    initials = "".join(w.key[0] for w in words)
    for w in term:
        if len(w.text) < 2 or not w.text.isupper():
            continue
        rest = iter(initials)
        if all(letter in rest for letter in w.key):
            return True
    return False


def _stems(key: str, rules: EditWords) -> set[str]:
    """The word and the stems its inflection may leave (:class:`EditWords`)."""
    out = {key}
    for k in range(1, rules.strip + 1):
        if len(key) - k >= MIN_STEM:
            out.add(key[:-k])
    for ending in rules.endings:
        if key.endswith(ending) and len(key) - len(ending) >= MIN_STEM:
            out.add(key[: -len(ending)])
    return out
