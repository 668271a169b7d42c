"""Numbers and dates in Persian sources and their English or Russian translations.

Used by the translation engine (its number report) and by the evaluator (the number check).

* ``extract_source_numbers(text_fa)``: the numbers of Persian text: Persian, Arabic-Indic and
  Western digits (with ``٬``/``,`` thousands separators and ``.``/``٫``/``/`` decimal points),
  number words (``بیست و پنج``, ``دو هزار و پانصد``), multipliers (``۲۰ هزار``,
  ``۲.۵ میلیون``), ordinals (``پنجم``, ``پنجمین``, ``سی‌ام``, ``۵ام``, ``اولین``) and dates
  (``۱۴ آذر``, ``۱۴ آذر ۱۴۰۴``, ``۱۴۰۴/۰۹/۱۴``).
* ``find_target_numbers(text, lang)``: the numbers of English or Russian text.
* ``check_numbers(source, target, lang, reference_year=None, counted=())``: pairs them one
  to one and returns a :class:`NumberFinding` for what is left over ("missing",
  "untranslated-digits"), then cross-checks what pairing cannot see: a date given in both
  calendars must be right in both ("wrong-date": ``14 Azar (6 December 2025)``), and a
  number must stay with the noun it counts ("swapped": ``۲۰ تفاهم‌نامه و پنج قرارداد`` as
  "20 contracts and five memoranda"). The nouns are the ``counted`` glossary terms the
  caller passes (:class:`Counted`) and the counted-noun lexicon (``data/counted.json``).
* ``article_year(texts)``: the Jalali year an article names, for ``reference_year``.

The layout, the reference year and the choice of calendar library:
``docs/design/numbers.md``.
"""

from toolkit.text.numbers.calendar import (
    JALALI_YEARS,
    UNDATED_YEARS,
    gregorian_to_jalali,
    is_jalali_leap,
    jalali_to_gregorian,
    jalali_year_of,
    undated_years,
)
from toolkit.text.numbers.check import check_numbers
from toolkit.text.numbers.persian import article_year, extract_source_numbers
from toolkit.text.numbers.target import find_target_numbers, target_languages
from toolkit.text.numbers.values import (
    CalendarDate,
    Counted,
    DateConflict,
    FoundNumber,
    Misattached,
    Number,
    NumberFinding,
    SourceNumber,
    TargetNumber,
)


def __getattr__(name: str) -> tuple[str, ...]:
    # TARGET_LANGUAGES: the target languages with a number reading, read when asked.
    if name == "TARGET_LANGUAGES":
        return target_languages()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "JALALI_YEARS",
    "TARGET_LANGUAGES",
    "UNDATED_YEARS",
    "CalendarDate",
    "Counted",
    "DateConflict",
    "FoundNumber",
    "Misattached",
    "Number",
    "NumberFinding",
    "SourceNumber",
    "TargetNumber",
    "article_year",
    "check_numbers",
    "extract_source_numbers",
    "find_target_numbers",
    "gregorian_to_jalali",
    "is_jalali_leap",
    "jalali_to_gregorian",
    "jalali_year_of",
    "target_languages",
    "undated_years",
]
