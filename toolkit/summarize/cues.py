"""News cues for the extractive summarizer's features, as plain data.

Each list holds words or phrases in ordinary spelling, one entry per line or separated by
spaces (``_lines`` for phrases, ``split`` for single words). :mod:`toolkit.summarize.features`
turns them into the summarizer's token form (matching-key letters, ZWNJ removed, a detached
``می``/``نمی`` glued to its verb and a detached plural suffix to its noun), so ``می‌شود``,
``میشود`` and ``می شود`` are one entry, and so are ``هیأت`` and ``هیئت``. How each list is
used, and with what weight, is documented in :mod:`toolkit.summarize.extractive`.

Persian is the language these were written for; the English and Russian lists are short.

Plain data: this module imports nothing.
"""


def _lines(block: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in block.strip().splitlines() if line.strip())


# --- events: something happened or is scheduled ----------------------------------------

EVENT_NOUNS: dict[str, tuple[str, ...]] = {
    "fa": tuple(
        """
        امضا منعقد برگزار افتتاح آغاز پایان تصویب تمدید منتشر اجرا صادر راه‌اندازی
        بهره‌برداری افزایش کاهش رشد افت تعطیل انتخاب اعزام سفر دیدار توافق محکوم تبرئه
        دستگیر کشف توقیف نهایی اهدا واگذار تحویل ثبت پرتاب ابلاغ لغو تأسیس اضافه افزوده
        انجام منتقل آزاد مستقر شناسایی تزریق فروش کسب پرداخت هزینه مسدود وارد تولید ساخته نصب
        تکمیل جذب استخدام اختصاص تخصیص واریز ارسال عرضه تعیین برقرار رفع حذف کشته مجروح
        زخمی مصدوم رخ دست بهره‌مند قطعی
        """.split()
    ),
    "en": (),
    "ru": (),
}
"""The nominal part of a compound verb that reports an event (``امضا`` in ``امضا شد``)."""

EVENT_NOUN_SUFFIXES: dict[str, tuple[str, ...]] = {
    "fa": tuple("سازی کاری پاشی دهی گذاری اندازی برداری".split()),
    "en": (),
    "ru": (),
}
"""Endings of nouns of an activity (``نهال‌کاری``, ``بازسازی``, ``سرمایه‌گذاری``): such a noun
followed by an event verb reports an event too."""

EVENT_VERBS: dict[str, tuple[str, ...]] = {
    "fa": tuple(
        """
        شد شدند شده شده‌اند شود شوند می‌شود می‌شوند گردید گردیدند گردیده می‌گردد
        کرد کردند کرده کرده‌اند می‌کند می‌کنند نمود نمودند
        داد دادند داده می‌دهد یافت یافتند یافته می‌یابد می‌یابند یابد
        رسید رسیدند رسیده می‌رسد می‌رسند برسد رساند رساندند
        داشت داشتند داشته خواهد خواهند آورد آوردند است باختند
        """.split()
    ),
    "en": (),
    "ru": (),
}
"""Light verbs in a completed or scheduled form: an event noun followed by one of them,
at most one word apart (``وارد کشور شد``), reports an event."""

EVENT_PHRASES: dict[str, tuple[str, ...]] = {
    "fa": _lines(
        """
        پایان یافت
        به پایان رسید
        خبر داد
        قرار است
        نسبت به
        رسید
        می‌رسد
        رسیده است
        برسد
        """
    ),
    "en": _lines(
        """
        signed
        was held
        were held
        will be held
        ended
        opened
        was opened
        launched
        increased
        decreased
        rose
        fell
        approved
        was approved
        agreed
        announced
        reached
        will reach
        """
    ),
    "ru": _lines(
        """
        подписали
        подписано
        подписан
        подписаны
        состоялся
        состоялась
        прошел
        прошла
        завершился
        завершилась
        открыт
        открыта
        увеличился
        увеличилась
        выросла
        вырос
        снизился
        снизилась
        утвержден
        утверждена
        договорились
        объявил
        достиг
        достигла
        """
    ),
}
"""Whole phrases that report an event."""

# --- figures, dates, places ------------------------------------------------------------

NUMBER_WORDS: dict[str, tuple[str, ...]] = {
    "fa": tuple(
        """
        یک دو سه چهار پنج شش هفت هشت ده یازده دوازده سیزده چهارده پانزده شانزده هفده
        هجده هیجده نوزده بیست سی چهل پنجاه شصت هفتاد هشتاد نود صد یکصد دویست سیصد
        چهارصد پانصد ششصد هفتصد هشتصد نهصد هزار میلیون میلیارد یک‌چهارم نیم
        """.split()
    ),
    "en": tuple(
        "two three four five six seven eight nine ten eleven twelve twenty thirty forty "
        "fifty hundred".split()
    ),
    "ru": tuple("два две три четыре пять шесть семь восемь девять десять сто".split()),
}
"""Numbers written as words (``نه``, also "no", is left out)."""

QUANTITY_WORDS: dict[str, tuple[str, ...]] = {
    "fa": tuple(
        "هزار میلیون میلیارد درصد دلار تومان ریال یورو تن مگاوات بشکه هکتار کیلومتر".split()
    ),
    "en": tuple("thousand million billion percent dollars euros tonnes".split()),
    "ru": tuple(
        "тысяч тысячи миллион миллиона миллионов миллиард миллиарда миллиардов процент "
        "процента процентов долларов рублей тонн".split()
    ),
}
"""Words that state an amount: a figure even without a digit next to them."""

UNCOUNTED_NOUNS: dict[str, tuple[str, ...]] = {
    "fa": tuple("کشور طرف سوی جانب جانبه".split()),
    "en": tuple("countries sides".split()),
    "ru": tuple("страны стороны".split()),
}
"""Nouns whose count is no figure (``دو کشور``: "the two countries")."""

WEEKDAYS: dict[str, tuple[str, ...]] = {
    "fa": tuple(
        "شنبه یکشنبه دوشنبه سه‌شنبه چهارشنبه پنجشنبه پنج‌شنبه جمعه امروز دیروز فردا "
        "امشب بامداد شامگاه".split()
    ),
    "en": tuple(
        "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow".split()
    ),
    "ru": tuple(
        "понедельник вторник среду среда четверг пятницу пятница субботу суббота "
        "воскресенье сегодня вчера завтра".split()
    ),
}
"""Days and the words of a dateline: each one dates the sentence."""

MONTHS: dict[str, tuple[str, ...]] = {
    "fa": tuple(
        "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند ژانویه "
        "فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر".split()
    ),
    "en": tuple(
        "january february march april may june july august september october november "
        "december".split()
    ),
    "ru": tuple(
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
    ),
}
"""Month names. A month dates a sentence when a number or one of ``MONTH_LEADS`` comes
before it, or ``ماه`` or a number after it (``۱۴ آذر``, ``پایان شهریور``, ``آذر ماه``):
alone, ``مهر`` is also a news agency and ``دی``/``تیر`` are common words."""

MONTH_LEADS: dict[str, tuple[str, ...]] = {
    "fa": tuple("اول ابتدای ابتدا پایان اواسط اوایل اواخر نیمه ماه".split()),
    "en": (),
    "ru": (),
}

PLACES: dict[str, tuple[str, ...]] = {
    "fa": tuple(
        """
        استان شهرستان بندر پایتخت فرودگاه مرز مرزی
        تهران مشهد اصفهان شیراز تبریز کرج اهواز قم کرمانشاه رشت ارومیه زاهدان همدان کرمان
        یزد اردبیل بندرعباس اراک زنجان سنندج قزوین خرم‌آباد گرگان ساری بوشهر بیرجند بجنورد
        ایلام شهرکرد یاسوج سمنان چابهار
        مسکو پکن آنکارا استانبول دوحه مسقط بغداد دمشق بیروت کابل ایروان باکو تاشکند
        عشق‌آباد دهلی ژنو وین پاریس لندن برلین نیویورک
        """.split()
    ),
    "en": (),
    "ru": (),
}
"""Place markers and the cities most Persian news names: the "where" of a report."""

# --- decisions and measures ------------------------------------------------------------

DECISIONS: dict[str, tuple[str, ...]] = {
    "fa": tuple(
        """
        تصمیم مصوبه مصوب تصویب حکم محکوم محکومیت ممنوع ممنوعیت رایگان تعطیل الزامی موظف
        مقرر دستور دستورالعمل ابلاغ جیره‌بندی تعرفه یارانه مجوز سهمیه قانون لایحه بخشنامه
        تحریم جریمه مهلت هشدار تخفیف معافیت معاف
        """.split()
    ),
    "en": tuple("decided decision ban banned free ruling sentenced fine tariff law".split()),
    "ru": tuple("решение решил запрет бесплатно приговор штраф закон тариф".split()),
}
"""Words of a decision or a measure (a verdict, a closure, a tariff, a deadline)."""

# --- framing and meta sentences ---------------------------------------------------------

FRAMING_NOUNS: dict[str, tuple[str, ...]] = {
    "fa": tuple(
        """
        تشریح توضیح پاسخ سخن صحبت گفت‌وگو گفتگو رایزنی بررسی ارائه تبادل بحث تبیین اشاره
        """.split()
    ),
    "en": (),
    "ru": (),
}
"""Someone explained, described, answered, spoke about... (``نتایج سفر را تشریح کرد``)."""

FRAMING_VERBS: dict[str, tuple[str, ...]] = {
    "fa": tuple(
        """
        کرد کردند کرده می‌کند می‌کنند نمود نمودند داد دادند داده می‌دهد شد شدند گفت گفتند
        می‌گفت پرداخت پرداختند گرفت
        """.split()
    ),
    "en": (),
    "ru": (),
}
"""The verbs that complete a framing noun, at most one word after it."""

FRAMING_PHRASES: dict[str, tuple[str, ...]] = {
    "fa": (),
    "en": _lines(
        """
        explained
        described
        answered questions
        spoke about
        briefed
        discussed
        """
    ),
    "ru": _lines(
        """
        рассказал о
        рассказала о
        ответил на вопросы
        ответила на вопросы
        обсудили
        """
    ),
}
"""A sentence with one of these and no figure, event or decision is only framing."""

# --- background, praise, restatement ------------------------------------------------------

BACKGROUND: dict[str, tuple[str, ...]] = {
    "fa": _lines(
        """
        گفتنی است
        لازم به ذکر است
        شایان ذکر است
        یادآور می‌شود
        یادآوری می‌شود
        پیش از این
        پیش‌تر
        در گذشته
        سابقه
        به شمار می‌رود
        محسوب می‌شود
        شناخته می‌شود
        شناخته می‌شد
        قرار دارد
        هر سال
        هر ماه
        هر هفته
        سال‌های اخیر
        سال‌هاست
        سال‌های گذشته
        چند سال اخیر
        چند سال گذشته
        دهه اخیر
        """
    ),
    "en": _lines(
        """
        it is worth noting
        previously
        in the past
        every year
        in recent years
        had been
        """
    ),
    "ru": _lines(
        """
        напомним
        ранее
        в прошлом
        каждый год
        в последние годы
        """
    ),
}
"""Background and history. Two more rules (Persian): a past perfect (a participle in ``ده``/``ته``
followed by ``بود``/``بودند``: ``فسخ شده بود``), and ``یکی از`` followed within two words
by a superlative (``یکی از بزرگ‌ترین``)."""

PRAISE: dict[str, tuple[str, ...]] = {
    "fa": tuple(
        """
        خوب خوبی ارزشمند ارزنده شایسته مثبت سازنده مزیت تقدیر تشکر قدردانی سپاسگزار
        سپاسگزارم سپاس امیدوار امیدواریم امیدوارم امیدواری افتخار پرافتخار کم‌نظیر
        بی‌نظیر توانمند توانمندی تلاش همواره غیرت صمیمانه ابتکار می‌توانند می‌تواند
        """.split()
    ),
    "en": tuple("hope hopes thanked praised grateful successful fruitful".split()),
    "ru": tuple("надеемся надеюсь поблагодарил благодарен успешный плодотворный".split()),
}
"""Generic praise, thanks, hope and potential: words that carry no news."""

RESTATEMENT: dict[str, tuple[str, ...]] = {
    "fa": _lines(
        """
        به این ترتیب
        بدین ترتیب
        بدین‌سان
        بنابراین
        به طور خلاصه
        """
    ),
    "en": _lines(
        """
        thus
        in short
        as a result
        """
    ),
    "ru": _lines(
        """
        таким образом
        итак
        """
    ),
}
"""Openers of a sentence that sums up what the article already said."""

# --- speakers, for readable extracts -----------------------------------------------------

PRONOUN_STARTS: dict[str, tuple[str, ...]] = {
    "en": tuple("he she they his her their its".split()),
    "ru": tuple("он она они его её ее их".split()),
}
"""First words that refer back to someone named in an earlier sentence. The Persian ones,
with the other words of people (titles, verbs of saying, given names), are in
:mod:`toolkit.text.person_cues`."""
