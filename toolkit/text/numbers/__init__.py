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

Layout: ``values`` (the returned types), ``calendar`` (Jalali days on persiantools),
``data/*.json`` read by ``lexicon`` (the words of each language), ``digits`` (digit runs),
``tokens`` and ``scan`` (the phrase scanner shared by the languages), ``persian`` and
``target`` (the readers), ``check`` (the pairing, the calendar cross-check and the
findings), ``nouns`` (the counted-noun lexicon, ``data/counted.json``) and ``attach``
(numbers and the nouns they count).

The reference year
------------------
A source date without a year (``۱۴ آذر``) is 4 or 5 December depending on the Jalali year.
The year comes from the caller (``reference_year``, a Jalali year such as 1404: the
evaluator's ``reference_year=``, recorded in its signature) or from the text (the most
frequent Jalali year it names: ``۱۴ آذر ۱۴۰۴``, ``سال ۱۴۰۴``, ``۵ دسامبر ۲۰۲۵``), and the
date is tried in that year and the years either side of it. When neither gives one, any
year of ``UNDATED_YEARS`` (1340-1499) is accepted: over those years every Jalali day falls
on one of two Gregorian days (three for 10 Esfand), so a shifted day is still caught. The
clock is never read: the same inputs give the same findings on any day.

The calendar library
--------------------
Jalali <-> Gregorian conversion is ``persiantools`` (6.2.0, MIT licence per its installed
metadata, no dependencies besides ``tzdata`` on Windows), chosen over ``jdatetime`` (6.1.1,
PSF-2.0, which depends on ``jalali-core`` 1.0.0 under LGPL-2.1-or-later). Measured on
2026-11-30 with Python 3.11.7 on one core:

* speed, 100,000 random dates: Jalali -> Gregorian 0.12 s (persiantools) against 0.47 s
  (jdatetime); Gregorian -> Jalali 0.17 s against 0.50 s; import about 9 ms each;
* correctness: both give all 13 known dates checked (1 Farvardin 1403 = 2024-03-20,
  14 Azar 1404 = 2025-12-05, 30 Esfand 1403 = 2025-03-20, 22 Bahman 1357 = 1979-02-11,
  30 Esfand 1408 = 2030-03-20, ...) and the leap years 1370, 1375, 1395, 1399, 1403, 1408,
  1412 (and common 1402, 1404, 1407) right.

Both agree with each other, and with the hand-written 33-year calendar they replace (it
covered 1210-1629 only), on every day of the Jalali years 1210-1501; they part only at 1502/1503 and
1601/1602, where persiantools applies the astronomical corrections of ICU4X and jdatetime
keeps the plain 33-year rule. persiantools is faster, MIT (plainly compatible with this
project's Apache-2.0) and pulls in no LGPL code.
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
