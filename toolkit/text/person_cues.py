"""Persian cue words for finding people (:mod:`toolkit.text.persons`), as plain data.

Entries are in ordinary spelling; the finder compares them on the matching key (ZWNJ,
spacing and letter variants ignored). The given names are not here: they are the ``given``
entries of ``data/persian_names.json``, the list transliteration uses. Plain data: this
module imports nothing.
"""


def _words(block: str) -> tuple[str, ...]:
    return tuple(block.split())


def _lines(block: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in block.strip().splitlines() if line.strip())


PRONOUNS = _words("وی او ایشان")
"""First words that refer back to someone named in an earlier sentence."""

TITLE_WORDS = _words(
    """
    وزیر معاون سفیر رئیس رییس مدیرعامل مدیر مدیرکل دبیر دبیرکل سخنگو سخنگوی شهردار
    استاندار فرماندار بخشدار نماینده فرمانده دادستان سرمربی مربی کاپیتان رئیس‌جمهور
    نخست‌وزیر قائم‌مقام مشاور نایب‌رئیس سرکنسول کنسول قاضی مقام مسئول
    """
)
"""Words that open a title (``معاون وزیر ...``): a name followed by a comma and one of them
stands in apposition to a title; ``این`` + one of them (``این وزیر``) refers back like a
pronoun."""

TITLE_QUALIFIERS = _words("مسئول ارشد قضایی دولتی محلی امنیتی نظامی ایرانی")
"""Words that may follow a bare title (``این مقام مسئول``) and belong to it."""

TITLE_BREAKS = _words("روز امروز دیروز صبح عصر ظهر شب نیز هم همچنین")
"""Words that end a title phrase (``معاون وزیر امروز گفت``)."""

SAY_VERBS = _words("گفت گفتند افزود افزودند می‌گوید")
"""Verbs of saying that report speech on their own: ``X گفت`` names a speaker X."""

SPEECH_NOUNS = _words(
    """
    اظهار اعلام تصریح تأکید خاطرنشان یادآور ادامه بیان عنوان خبر توضیح تشریح پاسخ سخن
    گفت‌وگو گفتگو پیش‌بینی قدردانی تشکر گفته
    """
)
"""The noun of a compound verb of saying (``تصریح`` in ``تصریح کرد``)."""

SPEECH_LIGHT_VERBS = _words(
    """
    کرد کردند کرده می‌کند می‌کنند نمود نمودند داد دادند داده می‌دهد شد شدند گفت گفتند
    می‌گفت پرداخت پرداختند گرفت داشت داشتند ساخت است
    """
)
"""The verb that completes a speech noun, right after it (``تصریح کرد``, ``اظهار داشت``,
``خاطرنشان ساخت``, ``یادآور شد``, ``گفته است``)."""

SPEAKER_PREFIXES = _lines(
    """
    به گفته
    همچنین
    در همین حال
    از سوی دیگر
    در ادامه
    """
)
"""Words before the subject of a sentence that do not change who it is about. An agency
dateline (``به گزارش ایرنا،``) is skipped too, up to its comma."""

HONORIFICS = _words("سید سیده میر")
"""Words that precede a given name and belong to the name."""

NAME_TITLES = _words("دکتر مهندس حجت‌الاسلام سردار سرلشکر سرتیپ")
"""Honorific titles that may come before a name and are not part of it."""

NAME_PARTS = _words("زاده پور نژاد نیا فر وند")
"""Name parts that a text may write as a separate word (``قاضی زاده``)."""

INSTITUTION_HEADS = _words(
    """
    وزارت سازمان خبرگزاری شرکت دانشگاه بانک مجلس شورای ستاد پژوهشگاه پژوهشکده مرکز
    اداره بنیاد انجمن اتحادیه فدراسیون کمیسیون صندوق پارک سفارت کنسولگری دبیرخانه قرارگاه
    بیمارستان استانداری فرمانداری شهرداری گمرک اتاق نهاد موسسه مؤسسه آژانس دفتر کمیته
    سندیکا هلدینگ گروه باشگاه فرهنگستان دادگستری دادگاه پلیس ارتش سپاه هلال جمعیت
    """
)
"""Head nouns of institution names (``وزارت …``, ``سازمان …``): never part of a person's
name; ``glossary suggest`` finds institutions by them."""

FUNCTION_WORDS = _words(
    """
    و در به از که با را این آن برای تا بر یا هم نیز اما ولی اگر چون چه زیرا پس سپس همچنین
    هر همه همین همان چند دیگر بین میان روی زیر پیش پس درباره طی توسط بدون جز مانند مثل نزد سوی
    حتی فقط تنها بیش بیشتر کم کمتر بسیار خیلی باید نباید شاید آیا هنوز اکنون حال هنگام وقتی
    من تو او وی ما شما آنها ایشان آنان خود خویش اینها کسی چیزی یکی یک هیچ دو سه چهار پنج
    است هست نیست بود بوده باشد باشند بودند هستند شد شده شود شوند شدند گشت گردید گردد
    کرد کرده کند کنند کردند کردن دارد دارند داشت داشته داشتند خواهد خواهند داد دهد دهند امور
    گفت گفته گفتند افزود اظهار تصریح تأکید خاطرنشان یادآور ادامه اعلام بیان اشاره نقل عنوان
    گزارش ضمن همچنان چنین چنان آنکه اینکه براساس اساس طبق بنابراین لذا سایر برخی بعضی چندین
    صورت مورد موارد طور نظر جهت سبب دلیل خصوص زمینه سال سالهای روز ماه هفته امروز دیروز فردا
    امسال پارسال اخیر گذشته آینده جاری نخست اول دوم سوم قبل بعد هنوز امشب دیشب
    علاوه همچون نظیر ازجمله شامل ویژه عین حداقل حداکثر مجموع جمله ابتدا سپس پایان آغاز
    کشور کشورمان کشورهای خیلی تعدادی تعداد جمعی بخشی همراه حضور ریاست همراهی هدف
    """
)
"""Words that never start, end or make up a name (nor, for glossary suggestions, a term)."""

VERB_FORMS = _words(
    """
    میشود میشوند میشد میشدند میکند میکنند میکرد میکردند میدهد میدهند میداد میدادند
    میرود میروند میرسد میرسند میتواند میتوانند میتوان میگیرد میگیرند میباشد میباشند
    میگردد میگردند میآید میآیند میخواهد میخواهند میگوید میگویند میدانند میبینند
    نمیشود نمیکند نمیتواند نمیتوانند
    """
)
"""Common verb forms written without the ZWNJ after می (``میشود``): they are verbs, never
names (a name such as ``میثم`` also starts with می)."""
