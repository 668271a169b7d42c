"""One rendering per name in a document, for the names the glossary does not cover.

Persian names have no single spelling in Latin or Cyrillic script, and a model left alone
may write the same minister as Abedi, Abdi and Ābedī in one article. Here:

1. the people of the article that the glossary does not have are found as
   :func:`~toolkit.glossary.suggest.suggest` finds them (given names, titles, speech verbs,
   a surname standing alone);
2. the document is translated as usual;
3. each name's rendering is the one the model chose at its first occurrence (the words of
   that sentence's translation closest to the name's transliteration), or, where the model
   wrote nothing close, the transliteration;
4. the lines where a name occurs are translated again with that rendering added to the
   glossary as a document term, so the same placement machinery as for glossary terms
   (n-best choice, substitution of the model's own rendering, forcing, insertion) puts it
   at every occurrence. A surname standing alone gets the rendering's last word.

The result lists each name with its rendering and how it was chosen; these are not
glossary terms and reports mark them so.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from toolkit.glossary.model import Glossary, Term
from toolkit.glossary.source import source_matcher
from toolkit.text.normalize import normalize
from toolkit.text.segment import split_lines
from toolkit.text.translit import transliterate
from toolkit.translate.base import SegmentTranslation, Translation
from toolkit.translate.engine import TranslationEngine

NAME_DOMAIN = "document-name"
"""The ``domain`` of the document terms made for names (never a glossary term's)."""
MIN_SIMILARITY = 0.6
"""How close (difflib ratio, case-insensitive) the model's words must be to the
transliteration to count as its rendering of the name."""
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True)
class NameRendering:
    """A name not in the glossary and the one rendering used for it throughout."""

    source: str
    rendering: str
    lang: str
    chosen: str
    """``model``: the model's words at the first occurrence; ``transliterated``: the model
    wrote nothing close, the transliteration is used."""
    occurrences: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "rendering": self.rendering,
            "lang": self.lang,
            "chosen": self.chosen,
            "occurrences": self.occurrences,
            "from_glossary": False,
        }


@dataclass(frozen=True)
class _Name:
    full: str
    surname: str | None
    count: int
    line: int


_PEOPLE: OrderedDict[tuple[str, str | None], list[_Name]] = OrderedDict()
"""The last few documents' people: a document is translated into each target language in
turn, and its people are the same in each."""
_PEOPLE_KEPT = 8


def unglossed_names(text: str, glossary: Glossary | None) -> list[_Name]:
    """The people in ``text`` that ``glossary`` does not cover, first occurrence first."""
    key = (text, glossary.hash if glossary is not None else None)
    if key in _PEOPLE:
        _PEOPLE.move_to_end(key)
        return list(_PEOPLE[key])
    _PEOPLE[key] = names = _find_people(text, glossary)
    if len(_PEOPLE) > _PEOPLE_KEPT:
        _PEOPLE.popitem(last=False)
    return list(names)


def _find_people(text: str, glossary: Glossary | None) -> list[_Name]:
    from toolkit.glossary.suggest import suggest

    people = [s for s in suggest(text, glossary=glossary, targets=()).items if s.kind == "person"]
    fulls = [p for p in people if " " in p.fa]
    alone = {p.fa for p in people if " " not in p.fa}
    names = []
    for p in fulls:
        last = p.fa.split()[-1]
        names.append(_Name(p.fa, last if last in alone else None, p.count, p.line))
    listed = {n.surname for n in names}
    names += [_Name(p.fa, None, p.count, p.line) for p in people if p.fa in alone - listed]
    return sorted(names, key=lambda n: n.line)


def model_rendering(translation: str, expected: str) -> str | None:
    """The words of ``translation`` closest to ``expected`` (a transliteration), if close
    enough: the same number of words, or one more or fewer."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(translation)]
    size = len(expected.split())
    best, best_score = None, MIN_SIMILARITY
    for n in {max(size - 1, 1), size, size + 1}:
        for i in range(len(words) - n + 1):
            candidate = translation[words[i][0] : words[i + n - 1][1]]
            score = difflib.SequenceMatcher(None, candidate.lower(), expected.lower()).ratio()
            if score > best_score or (score == best_score and best and n == size):
                best, best_score = candidate, score
    return best


@dataclass(frozen=True)
class DocumentNames:
    """The names of one document and their renderings in one language, as document terms."""

    renderings: tuple[NameRendering, ...]
    terms: tuple[Term, ...]

    def apply(self, engine: TranslationEngine, text: str, first: Translation) -> Translation:
        """``first`` (``engine``'s translation of ``text``) with the lines that name someone
        translated again, the names' renderings placed as document terms."""
        if not self.terms:
            return first
        document = Glossary(self.terms, ("fa", engine.target_language))
        second = engine.for_document(document)
        lines = split_lines(text)
        matcher = source_matcher(document)
        redo = [i for i, line in enumerate(lines, 1) if matcher.find(line)]
        if not redo:
            return first
        again = second.translate("\n".join(lines[i - 1] for i in redo))
        return _spliced(first, again, redo, self.renderings)


def choose_names(engine: TranslationEngine, text: str, first: Translation) -> DocumentNames:
    """The rendering of each name ``engine``'s glossary does not cover: the model's at the
    first occurrence in ``first`` (its translation of ``text``), else the transliteration."""
    lang = engine.target_language
    terms: list[Term] = []
    renderings: list[NameRendering] = []
    note = "document name, not in the glossary"
    for k, name in enumerate(unglossed_names(normalize(text), engine.glossary)):
        expected = transliterate(name.full, lang).text
        line = first.lines[name.line - 1] if name.line <= len(first.lines) else ""
        found = model_rendering(line, expected)
        chosen = found or expected
        meta = {"domain": NAME_DOMAIN, "pos": "propn", "note": note}
        terms.append(Term.create({"fa": [name.full], lang: [chosen]}, id=f"name:{k}", **meta))
        if name.surname and len(chosen.split()) > 1:
            surname = {"fa": [name.surname], lang: [chosen.split()[-1]]}
            terms.append(Term.create(surname, id=f"name:{k}:surname", **meta))
        how = "model" if found else "transliterated"
        renderings.append(NameRendering(name.full, chosen, lang, how, name.count))
    return DocumentNames(tuple(renderings), tuple(terms))


def translate_with_names(
    engine: TranslationEngine, text: str
) -> tuple[Translation, tuple[NameRendering, ...]]:
    """Translate ``text`` keeping one rendering per name the glossary does not cover; the
    renderings kept."""
    first = engine.translate(text)
    names = choose_names(engine, text, first)
    return names.apply(engine, text, first), names.renderings


def _spliced(
    first: Translation, again: Translation, redo: Sequence[int], names: Sequence[NameRendering]
) -> Translation:
    """``first`` with the lines ``redo`` (1-based) replaced by ``again``'s lines."""
    new_line = dict(enumerate(redo, 1))
    out_lines = list(first.lines)
    for k, line in enumerate(redo):
        out_lines[line - 1] = again.lines[k]
    kept = [s for s in first.segments if s.line not in set(redo)]
    moved: list[SegmentTranslation] = [replace(s, line=new_line[s.line]) for s in again.segments]
    segments = sorted([*kept, *moved], key=lambda s: s.line)
    signature = first.signature
    if signature is not None:
        names_json = json.dumps(
            [[n.source, n.rendering] for n in names], ensure_ascii=False, separators=(",", ":")
        )
        signature = replace(
            signature, settings=tuple(sorted((*signature.settings, ("names", names_json))))
        )
    return Translation(first.target_language, tuple(out_lines), tuple(segments), signature)
