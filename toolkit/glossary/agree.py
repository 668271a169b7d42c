"""Choosing the grammatical form of a glossary term that fits the words it replaces.

When a translation renders a term in other words ("five contracts", «пять контрактов») and the
glossary asks for another wording (agreement, соглашение), the substitute must take the
grammar of the replaced words: «пять соглашений» (genitive plural), "five agreements".

* Russian: case and number (and gender, for an adjective-only term) are read from
  pymorphy3's analyses of the replaced words' head; the term's forms of that case and number
  are kept (ambiguous analyses keep several, the caller lets the model choose).
* English: the number of the replaced head noun, except that a mass noun (cooperation,
  equipment, cybersecurity) is never pluralised; when the replaced words give no number,
  the Persian source surface does (a plural suffix).
* Any other language: the citation form.

:func:`fitting_forms` is the entry point; it returns candidates best first, never empty when
the term has a variant in the language.

Where the model wrote nothing for a term, :func:`placed_forms` gives the forms to force or
insert: the number of the Persian source (:func:`source_number`), a name never plural, and
in Russian the cases the words before the insertion point allow (:func:`russian_context`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from toolkit.glossary.model import Term
from toolkit.glossary.source import SourceMatch
from toolkit.glossary.target import (
    RussianForm,
    TargetMatcher,
    is_name,
    preferred_plural,
    russian_phrase_forms,
)
from toolkit.languages import get, hook
from toolkit.text.morph import russian_morph
from toolkit.text.normalize import key_of, key_words

_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_RU_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_EN_PREPOSITIONS = frozenset("of for on in to with between from at by and".split())
_EN_IRREGULAR_PLURALS = frozenset(
    "memoranda people children men women data criteria media phenomena".split()
)

# English heads that are (in news use) uncountable: never pluralised by a substitution.
MASS_NOUNS = frozenset(
    """
    cooperation collaboration equipment hardware software information data security
    cybersecurity intelligence infrastructure transit research news advice progress
    development knowledge evidence traffic funding investment trade commerce support
    assistance legislation machinery technology training health energy
    """.split()
)
_MASS_SUFFIXES = ("ware", "ity", "ism", "ics")

# Persian plural endings (on the matching key's letters) that mark a plural source term.
_FA_PLURAL = re.compile(r"(?:ها|های|هایی|ان|ات|گان)$")


@dataclass(frozen=True)
class Grammar:
    """What the replaced words say: the (case, number, gender) analyses of their head."""

    analyses: frozenset[tuple[str, str, str]] = frozenset()

    @property
    def cases(self) -> frozenset[str]:
        return frozenset(a[0] for a in self.analyses)


def is_mass_noun(word: str) -> bool:
    low = word.lower()
    return low in MASS_NOUNS or low.endswith(_MASS_SUFFIXES)


def english_head(words: list[str]) -> int:
    """Index of the head noun of an English phrase: the word before the first preposition
    ("memoranda of understanding"); "and" coordinates modifiers of the last word
    ("information and communications technology")."""
    for i, w in enumerate(words):
        if i > 0 and w.lower() in _EN_PREPOSITIONS and w.lower() != "and":
            return i - 1
    return len(words) - 1


def english_number(phrase: str) -> str | None:
    """``plur`` or ``sing`` for the head noun of ``phrase``, or None when it has no word."""
    words = _EN_WORD.findall(phrase)
    if not words:
        return None
    head = words[english_head(words)].rstrip("'’")
    low = head.lower()
    if low in _EN_IRREGULAR_PLURALS:
        return "plur"
    if head.isupper() and len(head) > 1:  # MoU vs MoUs, ICT
        return "sing"
    if len(head) > 3 and head[-1] == "s" and head[-2] not in "su'’":
        if head[-2].isupper():  # MoUs
            return "plur"
        return "plur" if low[:-1] and not low.endswith(("ss", "us", "is")) else "sing"
    return "sing"


_FA_COUNTING = frozenset(
    "دو سه چهار پنج شش هفت هشت نه ده یازده دوازده بیست سی چهل پنجاه صد هزار چند تعدادی "
    "برخی بسیاری چندین".split()
)


def counted_in_source(source: str, start: int) -> bool:
    """Whether the word before ``start`` in a Persian sentence counts more than one (۲۰,
    پنج, چند, تعدادی): Persian keeps the noun singular there, English does not."""
    before = source[:start].split()
    if not before:
        return False
    word = before[-1].translate(_FA_DIGITS)
    if word.isdigit():
        return int(word) != 1
    return word in _FA_COUNTING


_FA_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def source_is_plural(surface: str, variants: tuple[str, ...] = ()) -> bool:
    """Whether a Persian term's surface carries a plural suffix on its head.

    With the term's Persian ``variants``, only what the source matcher added to the head
    word of one of them counts (:func:`matched_suffixes`): «اطلاعات» in «وزارت ارتباطات و
    فناوری اطلاعات» is the term's own word, not a plural of it. Without them, the last
    word's ending decides.
    """
    for variant in variants:
        suffixes = matched_suffixes(variant, surface)
        if suffixes is not None and variant.split():
            # The head is the first word (a Persian noun phrase opens with its head: «کارگروه
            # همکاری‌های مشترک» is one working group); a word written with ZWNJ
            # («تفاهم‌نامه‌ها») takes the suffix on its last part.
            head = len(key_words(variant.split()[0])) - 1
            return _is_plural_suffix(suffixes[max(head, 0)])
    if variants:
        return False
    words = surface.replace("\u200c", "").split()
    return bool(words) and len(words[-1]) > 3 and bool(_FA_PLURAL.search(words[-1]))


# Suffixes (in key letters) that make a Persian noun plural, possibly followed by a
# possessive or the indefinite ی: ها/های/هایی/هایش, ان/انی, یان, ات/اتی, ین (Arabic), گان.
_PLURAL_STARTS = ("ها", "ان", "یان", "ات", "ین", "گان")


def _is_plural_suffix(suffix: str) -> bool:
    return suffix.startswith(_PLURAL_STARTS)


def matched_suffixes(variant: str, surface: str) -> tuple[str, ...] | None:
    """What the source matcher added to each word of ``variant`` to read ``surface``
    («محور همکاری» in «محورهای همکاری» → ``("های", "")``), in key letters; None when the
    surface is not that variant with suffixes.

    Words are compared on the matching key with spaces and ZWNJ removed (the matcher
    reads «تفاهمنامه» as «تفاهم‌نامه»); a word ending in ه may take گان for it
    (نماینده → نمایندگان).
    """
    words = key_words(variant)
    text = key_of(surface)
    return _align(words, text, 0)


def _align(words: list[str], text: str, pos: int) -> tuple[str, ...] | None:
    if not words:
        return () if pos == len(text) else None
    word, rest = words[0], words[1:]
    stems = [(word, False)]
    if word.endswith("ه") and len(word) > 2:
        stems.append((word[:-1], True))  # نماینده → نمایندگان: the suffix is گان
    for stem, gan in stems:
        if not text.startswith(stem, pos):
            continue
        after = pos + len(stem)
        ends = [len(text)] if not rest else range(after, min(len(text), after + 8) + 1)
        # The shortest suffix after which the next word follows.
        for end in ends:
            suffix = text[after:end]
            if not _is_suffix(suffix) or (gan and not suffix.startswith("گان")):
                continue
            tail = _align(rest, text, end)
            if tail is not None:
                return (suffix, *tail)
    return None


def _is_suffix(letters: str) -> bool:
    return letters == "" or letters in _SUFFIX_KEYS


# The source matcher's suffixes (toolkit.glossary.source), in key letters, and گان forms.
_SUFFIX_KEYS = frozenset(
    """ها های ی ای یی ان یان ات ین هایی م ت ش ام اش مان تان شان یم یت یش هایم هایت هایش
    هایمان هایتان هایشان انی اتی گان گانی""".split()
)


def _is_counted(source: str, start: int) -> bool:
    return counted_in_source(source, start)


# Persian verb endings of the third person plural, and the words that are not verbs
# although they end so (a noun or adverb in -ند).
_FA_PLURAL_VERB = re.compile(r"(?:ند|اند)$")
_FA_NOT_VERBS = frozenset("چند هرچند مانند پیوند خداوند روند فرزند بند سند کند".split())
_FA_CLAUSE_BREAK = re.compile(r"[.!?؟؛;:،,\n«»()\[\]]")
_FA_OBJECT_MARK = "را"
_FA_AND = "و"
# Collective nouns that take a plural verb in the singular (in key letters).
_FA_COLLECTIVES = frozenset(
    key_of(w) for w in "هیئت هیأت کارگروه گروه کمیسیون شورا دولت طرف مردم".split()
)


def plural_verb_subject(source: str, start: int, end: int) -> bool:
    """Whether the term at ``source[start:end]`` is the subject of a plural verb: it opens
    its clause, no «را» marks it as an object, no «و» joins a second subject or clause, its
    head is not a collective noun (هیئت, کارگروه: a plural verb of sense), and the clause's
    last word is a verb of the third person plural («شرکت فناور ... امضا کردند»).

    A person or title is left out by the caller: Persian uses the plural verb of respect for
    one person, and for two subjects joined in a list (line 1 of the seed: «معاون وزیر ...؛
    سفیر ... تشریح کردند» is one deputy minister).
    """
    before = source[:start]
    brk = max((m.end() for m in _FA_CLAUSE_BREAK.finditer(before)), default=0)
    if before[brk:].split():
        return False  # the term does not open its clause
    after = source[end:]
    stop = _FA_CLAUSE_BREAK.search(after)
    clause = (after[: stop.start()] if stop else after).replace("\u200c", " ").split()
    if not clause or _FA_OBJECT_MARK in clause or _FA_AND in clause:
        return False  # an object, or two clauses or subjects joined by «و»
    head = key_words(source[start:end])[:1]
    if head and head[0] in _FA_COLLECTIVES:
        return False  # «هیئت ... وارد شدند»: one delegation, a plural verb of sense
    last = clause[-1]
    if last in ("است", "بود", "شد"):
        return False
    return last not in _FA_NOT_VERBS and bool(_FA_PLURAL_VERB.search(last))


def source_number(source: str, match: SourceMatch) -> str:
    """``plur`` or ``sing``: the number the Persian source gives an occurrence of a term.

    Plural when the source matcher read a plural suffix on one of its words («قراردادهای»,
    «مسئولان»), when a number or a counting word other than one comes before it («۲۰
    تفاهم‌نامه», «پنج قرارداد»: Persian keeps the noun singular there), or when it is the
    subject of a plural verb (not for a person or title: a plural of respect). A name
    (:func:`is_name`) is always singular.
    """
    term = match.term
    if is_name(term):
        return "sing"
    if source_is_plural(match.surface, term.get("fa") or (match.variant,)):
        return "plur"
    if _is_counted(source, match.start):
        return "plur"
    if term.domain not in ("title", "person") and plural_verb_subject(
        source, match.start, match.end
    ):
        return "plur"
    return "sing"


_FOLDED_CASES = {"gen2": "gent", "loc2": "loct", "acc2": "accs", "voct": "nomn"}


@functools.lru_cache(maxsize=8192)
def russian_grammar(phrase: str) -> Grammar:
    """The (case, number, gender) analyses of the head of a Russian phrase.

    The head is the first noun (or, failing that, the first full adjective or participle);
    every analysis pymorphy3 gives for it counts, so «контракты» is nominative or accusative
    plural and «Министерства» genitive singular or nominative/accusative plural.
    """
    morph = russian_morph()
    words = _RU_WORD.findall(phrase)
    for pos in (("NOUN",), ("ADJF", "PRTF")):
        for word in words:
            parses = [p for p in morph.parse(word) if p.tag.POS in pos and p.tag.case]
            if parses:
                return Grammar(
                    frozenset(
                        (
                            _FOLDED_CASES.get(str(p.tag.case), str(p.tag.case)),
                            str(p.tag.number or "sing"),
                            str(p.tag.gender or ""),
                        )
                        for p in parses
                    )
                )
    return Grammar()


def fitting_forms(
    matcher: TargetMatcher,
    variant: str,
    term: Term,
    replaced: str,
    source_surface: str = "",
    number: str | None = None,
) -> list[str]:
    """Forms of ``variant`` that fit the grammar of ``replaced``, best first (never empty).

    Where the replaced words give no English number, ``number`` (the source's, from
    :func:`source_number`) does, else a plural suffix on ``source_surface``.
    """
    spec = get(matcher.lang).fitting_forms
    if not spec:
        return [variant]
    forms: list[str] = hook(spec)(variant, term, replaced, source_surface, number)
    return forms


def russian_fitting_forms(
    variant: str, term: Term, replaced: str, source_surface: str, number: str | None
) -> list[str]:
    """:func:`fitting_forms` in Russian: the case, number and gender of the replaced words."""
    return _russian_fitting(variant, term, replaced)


def english_fitting_forms(
    variant: str, term: Term, replaced: str, source_surface: str, number: str | None
) -> list[str]:
    """:func:`fitting_forms` in English: the number of the replaced words, else the source's."""
    if number is None:
        plural = source_is_plural(source_surface, term.get("fa"))
        number = "plur" if plural else "sing"
    return _english_fitting(variant, term, replaced, number)


def _russian_fitting(variant: str, term: Term, replaced: str) -> list[str]:
    forms = russian_phrase_forms(variant, term)
    if not forms:
        return [variant]
    grammar = russian_grammar(replaced)
    if not grammar.cases:
        return [f.text for f in forms][:1]
    # Gender matters only for an adjective-only term (a modifier agrees with its noun); a
    # noun keeps its own gender whatever the replaced noun's was.
    by_gender = len({f.gender for f in forms}) > 1

    def fits(form: RussianForm) -> bool:
        for case, number, gender in grammar.analyses:
            if form.case != case or form.number != number:
                continue
            if by_gender and number == "sing" and gender and form.gender != gender:
                continue
            return True
        return False

    exact = [f.text for f in forms if fits(f)]
    if exact:
        return list(dict.fromkeys(exact))
    # The case fits but the number cannot (a plural-only or singular-only term).
    by_case = [f.text for f in forms if f.case in grammar.cases]
    return list(dict.fromkeys(by_case or [forms[0].text]))


def _english_fitting(variant: str, term: Term, replaced: str, source: str) -> list[str]:
    return english_forms(variant, term, english_number(replaced) or source)


def english_forms(variant: str, term: Term, number: str) -> list[str]:
    """The form of an English variant in ``number`` (``sing``/``plur``); a mass noun, a
    name (:func:`is_name`), an adjective or an acronym stays as it is. The plural is
    inflect's (:func:`~toolkit.glossary.target.preferred_plural`: "Ministries",
    "memoranda"), one form, never a letter appended."""
    words = variant.split()
    if not words or is_name(term) or term.pos in ("adj", "verb", "abbr"):
        return [variant]
    head = english_head(words)
    if number == "plur" and english_number(variant) == "plur":
        return [variant]  # a plural-only variant (bilateral negotiations)
    if number == "plur" and not is_mass_noun(words[head]):
        plural = preferred_plural(words[head])
        if plural:
            return [" ".join([*words[:head], plural, *words[head + 1 :]])]
    return [variant]


SENTENCE_START = re.compile(r"(?:^|[.!?…]|[«\"“])\s*$")
"""The end of a text where a sentence starts (after its end punctuation or an opening quote)."""


def fit_neighbours(lang: str, head: str, form: str, tail: str, replaced: str) -> tuple[str, str]:
    """The words before (``head``) and after (``tail``) a form substituted for ``replaced``,
    made to fit it as the language's grammar requires (``Language.fit_neighbours``)."""
    spec = get(lang).fit_neighbours
    if not spec:
        return head, tail
    fitted: tuple[str, str] = hook(spec)(head, form, tail, replaced)
    return fitted


def fit_before(lang: str, head: str, form: str) -> str:
    """The words before a form placed where the model wrote none, made to fit it
    (``Language.fit_before``)."""
    spec = get(lang).fit_before
    if not spec:
        return head
    fitted: str = hook(spec)(head, form)
    return fitted


def english_neighbours(head: str, form: str, tail: str, replaced: str) -> tuple[str, str]:
    """:func:`fit_neighbours` in English: a/an before the form; a possessive that went with
    the replaced words ("Iran's Ambassador" -> "the Iranian Ambassador") leaves the new noun
    phrase needing its own article."""
    if re.match(r"\w+['’]s\s", replaced) and not re.match(
        r"(?i)(the|a|an|its|their|his|her|our|this|these)\s", form
    ):
        article = "The" if SENTENCE_START.search(head) else "the"
        return head + article + " ", tail
    m = re.search(r"\b([Aa]n?)(\s+)$", head)
    if m:
        article = english_article(form.split()[0])
        if m.group(1)[0].isupper():
            article = article.capitalize()
        head = head[: m.start(1)] + article + m.group(2)
    return head, tail


def russian_neighbours(head: str, form: str, tail: str, replaced: str) -> tuple[str, str]:
    """:func:`fit_neighbours` in Russian: the adjective before and the predicate after agree
    with the new noun (:func:`russian_reagree`), and «о»/«об» with its first letter."""
    head, tail = russian_reagree(head, form, tail, replaced)
    return o_ob(head, form), tail


def o_ob(head: str, form: str) -> str:
    """«о» before a consonant, «об» before a vowel: a Russian preposition ending ``head``
    takes the form of the word after it («об Исламской Республике», «о сотрудничестве»)."""
    m = re.search(r"(?<!\w)([Оо]б?)(\s*)$", head)
    if not m:
        return head
    word = "об" if form[:1].lower() in "аоуэиы" else "о"
    if m.group(1)[0].isupper():
        word = word.capitalize()
    return head[: m.start(1)] + word + m.group(2)


def english_article(word_after: str) -> str:
    """``a`` or ``an`` before ``word_after`` (by spelling, with the usual exceptions)."""
    low = word_after.lower()
    if sum(c.isupper() for c in word_after) >= 2:  # an acronym, read letter by letter
        return "an" if word_after[0] in "AEFHILMNORSX" else "a"
    if low.startswith(("uni", "use", "usu", "eu", "one", "once")):
        return "a"
    if low.startswith(("hour", "honest", "honor", "honour", "heir")):
        return "an"
    return "an" if low[:1] in "aeiou" else "a"


def russian_reagree(head: str, form: str, tail: str, replaced: str) -> tuple[str, str]:
    """Words around a substituted Russian form that agreed in gender with the replaced noun:
    the adjective just before it and a past-tense verb or short participle just after it
    (with «был» before the participle) take the new noun's gender. Only in the singular,
    where Russian marks gender; anything pymorphy3 cannot inflect is left as it was."""
    old = russian_grammar(replaced)
    new = russian_grammar(form)
    old_genders = {g for c, n, g in old.analyses if n == "sing" and g}
    new_sing = [(c, g) for c, n, g in new.analyses if n == "sing" and g]
    if not old_genders or not new_sing:
        return head, tail
    new_gender = new_sing[0][1]
    if new_gender in old_genders:
        return head, tail
    morph = russian_morph()

    def regender(word: str, pos: tuple[str, ...]) -> str | None:
        for p in morph.parse(word.lower()):
            if p.tag.POS in pos and p.tag.number == "sing" and p.tag.gender in old_genders:
                grammemes = {new_gender, "sing"} | ({str(p.tag.case)} if p.tag.case else set())
                f = p.inflect(grammemes)
                if f is not None:
                    return word[:1] + f.word[1:] if word[:1].isupper() else f.word
        return None

    # Adjectives right before the noun («этот важный контракт»), nearest first.
    end = len(head)
    for _ in range(3):
        m = re.search(r"([^\W\d_]+)(\s+)$", head[:end])
        if not m:
            break
        changed = regender(m.group(1), ("ADJF", "PRTF"))
        if not changed:
            break
        head = head[: m.start(1)] + changed + head[m.end(1) :]
        end = m.start(1)
    # The predicate right after it: «(был) подписан».
    pos = 0
    for _ in range(2):
        m = re.compile(r"\s+([^\W\d_]+)").match(tail, pos)
        if not m:
            break
        word = m.group(1)
        changed = regender(word, ("VERB", "PRTS", "ADJS"))
        if not changed:
            break
        tail = tail[: m.start(1)] + changed + tail[m.end(1) :]
        pos = m.start(1) + len(changed)
        if morph.parse(word.lower())[0].normal_form != "быть":
            break
    return head, tail


# ---------------------------------------------------------------------------
# The form of a term placed where the model wrote nothing for it
# ---------------------------------------------------------------------------

# The case each Russian preposition governs (в/на: see :func:`russian_context`).
RUSSIAN_PREPOSITIONS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("с", "со", "за", "под", "над", "перед", "между", "меж"), ("ablt",)),
    **dict.fromkeys(("о", "об", "обо", "при"), ("loct",)),
    **dict.fromkeys(
        (
            "для из от до у без после среди около вокруг кроме против вне из-за из-под "
            "возле вместо ради помимо"
        ).split(),
        ("gent",),
    ),
    **dict.fromkeys(("к", "ко", "по", "благодаря", "согласно"), ("datv",)),
    **dict.fromkeys(("через", "про", "сквозь"), ("accs",)),
}
# Words after which в/на mean direction (accusative: «визит в Россию», «прибыл в Москву»);
# otherwise they mean place (prepositional: «в России», «на встрече»).
_RU_DIRECTION = frozenset(
    """приехать прибыть поехать ехать отправиться направиться направить вернуться въехать
    войти вступить перейти прилететь вылететь визит поездка приезд прибытие командировка
    делегация приглашение пригласить передать поставка экспорт""".split()
)
# Transitive verbs whose next noun is their subject, not their object («заявил министр»).
_RU_SPEECH = frozenset(
    """заявить сказать сообщить отметить подчеркнуть рассказать добавить пояснить
    напомнить указать говорить заявлять сообщать отмечать подчёркивать подчеркивать
    рассказывать добавлять""".split()
)
_RU_LAST_WORD = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*|\d+)[^\w]*$")
_RU_BREAK = re.compile(r"[.!?…:;,«»\"“”()\[\]—–]\s*$")


@dataclass(frozen=True)
class RussianContext:
    """What the words before an insertion point ask of a Russian noun phrase: the cases it
    may take and, after a number, its number (None: the source decides). ``rule`` names
    the rule that decided, for tests and reports."""

    cases: tuple[str, ...]
    number: str | None = None
    rule: str = "nominative"


def russian_context(head: str) -> RussianContext:
    """The case a Russian noun phrase takes after ``head``, the text before it.

    * a preposition: its case (с + instrumental, о/об + prepositional, для/из/от/до/у/без +
      genitive, к/по + dative); в/на take the accusative after a word of motion or
      direction (``_RU_DIRECTION``: «визит в Россию»), else the prepositional («в России»);
    * a number: 1 → nominative singular, 2–4 → genitive singular, else genitive plural
      («пять контрактов»);
    * a verb pymorphy3 knows: a transitive one takes its object (accusative) or, after it,
      its subject (nominative); a speech verb or an intransitive one, its subject
      (nominative);
    * a full adjective: its own cases (the phrase agrees with it);
    * a noun pymorphy3 knows: the genitive («стороны Министерства»);
    * anything else (the start, punctuation, a word pymorphy3 does not know, such as a
      random model's noise): the nominative.
    """
    if not head.strip() or _RU_BREAK.search(head):
        return RussianContext(("nomn",))
    m = _RU_LAST_WORD.search(head)
    if m is None:
        return RussianContext(("nomn",))
    word = m.group(1).lower()
    if word.isdigit():
        return _numeral_context(int(word))
    if word in ("в", "во", "на"):
        before = _RU_LAST_WORD.search(head[: m.start()])
        lemma = _lemma(before.group(1)) if before else ""
        if lemma in _RU_DIRECTION:
            return RussianContext(("accs",), rule=f"{word} + accusative (direction)")
        return RussianContext(("loct",), rule=f"{word} + prepositional (place)")
    if word in RUSSIAN_PREPOSITIONS:
        return RussianContext(RUSSIAN_PREPOSITIONS[word], rule=f"{word} + case")
    morph = russian_morph()
    if not morph.word_is_known(word):
        return RussianContext(("nomn",))
    parses = [p for p in morph.parse(word) if p.score >= 0.1] or morph.parse(word)[:1]
    best = parses[0]
    pos = best.tag.POS
    if pos == "NUMR" and best.tag.case:
        value = _NUMERAL_VALUES.get(best.normal_form)
        if value is not None:
            return _numeral_context(value)
    if pos in ("VERB", "INFN"):
        if best.normal_form in _RU_SPEECH or "tran" not in best.tag:
            return RussianContext(("nomn",), rule="verb + subject")
        return RussianContext(("accs", "nomn"), rule="transitive verb")
    if pos in ("ADJF", "PRTF") and best.tag.case:
        cases = tuple(
            dict.fromkeys(
                _FOLDED_CASES.get(str(p.tag.case), str(p.tag.case))
                for p in parses
                if p.tag.POS in ("ADJF", "PRTF")
            )
        )
        return RussianContext(cases, rule="adjective agreement")
    if pos == "NOUN":
        return RussianContext(("gent",), rule="noun + genitive")
    return RussianContext(("nomn",))


_NUMERAL_VALUES = {
    "один": 1,
    "два": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "двадцать": 20,
    "тридцать": 30,
    "сто": 100,
}


def is_mass_term(term: Term) -> bool:
    """A term whose English head is a mass noun (cooperation, infrastructure): its Russian
    rendering stays singular too («сотрудничество», never «сотрудничества» for همکاری‌ها)."""
    variant = term.preferred("en")
    words = _EN_WORD.findall(variant)
    return bool(words) and is_mass_noun(words[english_head(words)])


def _numeral_context(value: int) -> RussianContext:
    if value % 10 == 1 and value % 100 != 11:
        return RussianContext(("nomn",), "sing", "number 1")
    if value % 10 in (2, 3, 4) and value % 100 not in (12, 13, 14):
        return RussianContext(("gent",), "sing", "number 2-4")
    return RussianContext(("gent",), "plur", "number 5+")


def _lemma(word: str) -> str:
    parses = russian_morph().parse(word.lower())
    return str(parses[0].normal_form) if parses else ""


def placed_forms(
    matcher: TargetMatcher,
    variant: str,
    term: Term,
    number: str,
    head: str = "",
) -> list[str]:
    """The forms of ``variant`` that may be forced or inserted after ``head`` (the text
    before the insertion point), best first, never empty.

    ``number`` is the source's (:func:`source_number`). English: that number, a name never
    plural. Russian: the cases :func:`russian_context` allows after ``head``, in the
    source's number (a number word before it decides instead; a term with no plural, or a
    plural-only one, keeps its own). The caller's model may choose among these, never
    outside them: with a random model the score is noise. Other languages: as their
    module's ``placed_forms`` says, else the variant as it is.
    """
    spec = get(matcher.lang).placed_forms
    if not spec:
        return [variant]
    forms: list[str] = hook(spec)(variant, term, number, head)
    return forms


def english_placed_forms(variant: str, term: Term, number: str, head: str) -> list[str]:
    """:func:`placed_forms` in English: the source's number, a name never plural."""
    return english_forms(variant, term, number)


def russian_placed_forms(variant: str, term: Term, number: str, head: str) -> list[str]:
    """:func:`placed_forms` in Russian: the cases :func:`russian_context` allows."""
    forms = russian_phrase_forms(variant, term)
    if not forms:
        return [variant]
    context = russian_context(head)
    if is_name(term) or is_mass_term(term):
        number = "sing"
    wanted = context.number or number
    own = next((f.number for f in forms if f.text == variant), forms[0].number)
    if len({f.gender for f in forms if f.gender}) > 1:
        # An adjective-only term: nothing before it tells the gender of the noun it will
        # qualify, so it keeps the glossary's own.
        forms = tuple(f for f in forms if f.gender in (None, forms[0].gender))
    numbers = [wanted] if any(f.number == wanted for f in forms) else [own]
    if own == "plur" and wanted == "sing":
        numbers = ["plur"]  # a plural-only term (двусторонние переговоры)
    out: list[str] = []
    for case in context.cases:
        if case == "nomn" and own in numbers:
            # The glossary's own spelling is the nominative of its number: pymorphy3's guess
            # at a foreign name may read «Саркарати» as an oblique form of «Саркарать».
            out.append(variant)
            continue
        out += [f.text for f in forms if f.case == case and f.number in numbers]
    if not out:
        out = [f.text for f in forms if f.case == context.cases[0]] or [forms[0].text]
    if variant in out:
        # The glossary's own spelling first where it fits (an adjective-only term has a
        # form per gender: the caller's model chooses among them).
        out.remove(variant)
        out.insert(0, variant)
    return list(dict.fromkeys(out))
