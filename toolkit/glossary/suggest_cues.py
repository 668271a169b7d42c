"""Persian cue words for :mod:`toolkit.glossary.suggest`, as plain data.

Entries are in ordinary spelling; the suggester compares them on the matching key (ZWNJ,
spacing and letter variants ignored). The words of people, the function words and the
institution heads are in :mod:`toolkit.text.person_cues`, shared with the summarizer.
Plain data: this module imports nothing.
"""


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


ORG_WEAK_HEADS = _words("شرکت مرکز اداره دفتر گروه نهاد کمیته پارک جمعیت")
"""Heads that are also common nouns (``شرکت در`` is "taking part in"): an institution with
one of them is suggested only when it occurs at least ``min_count`` times."""

LIST_CUES = ("همچون", "مانند", "نظیر", "از جمله", "شامل", "به ویژه", "مثل")
"""Words that open an enumeration: ``در حوزه‌هایی همچون X، Y و Z``."""

GENERIC_LEADS = _words(
    """
    تولید توسعه ایجاد حوزه حوزه‌های زمینه زمینه‌های بخش بخش‌های موضوع موضوعات
    ارائه ساخت طراحی تأمین افزایش گسترش تقویت راه‌اندازی
    """
)
"""Nouns that lead an enumerated item but are not part of the term (``تولید تجهیزات
زیرساختی`` suggests ``تجهیزات زیرساختی``)."""

LIGHT_VERB_NOUNS = _words(
    """
    دنبال امضا انجام برگزار اجرا تشریح پیگیری منعقد نهایی معرفی تقویت تبدیل تصویب ایجاد
    دست مطرح آغاز فراهم بررسی ارائه دیدار قرار گفتگو گفت‌وگو سفر حضور پیشنهاد اعلام
    تأکید تصریح اشاره واگذار تحویل دریافت صادر ارسال
    """
)
"""The noun of a compound verb (``دنبال شده است``): it ends an enumerated item."""

PLURAL_SUFFIXES = ("هایی", "های", "ها")
"""Plural suffixes dropped from a term's head word (``پروژه‌های مشترک`` → ``پروژه مشترک``)."""
