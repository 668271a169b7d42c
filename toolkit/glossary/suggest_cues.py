"""Persian cue words for :mod:`toolkit.glossary.suggest`, as plain data.

Entries are in ordinary spelling; the suggester compares them on the matching key (ZWNJ,
spacing and letter variants ignored). Plain data: this module imports nothing.
"""


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


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
    علاوه همچون نظیر ازجمله شامل ویژه عین حداقل حداکثر مجموع جمله ابتدا سپس پایان آغاز
    کشور کشورمان کشورهای خیلی تعدادی تعداد جمعی بخشی همراه حضور ریاست همراهی هدف
    """
)
"""Words that never start, end or make up a name or a term."""

SPEECH_VERBS = (
    "گفت",
    "افزود",
    "اظهار داشت",
    "اظهار کرد",
    "تصریح کرد",
    "خاطرنشان کرد",
    "خاطرنشان ساخت",
    "یادآور شد",
    "ادامه داد",
    "عنوان کرد",
    "اعلام کرد",
    "بیان کرد",
    "تأکید کرد",
    "گفته است",
)
"""Verbs of saying: ``X گفت`` names a speaker X."""

SPEAKER_BEFORE = ("به گفته",)
"""``به گفته X``: X is a speaker."""

NAME_PARTS = _words("زاده پور نژاد نیا فر وند")
"""Name parts that a text may write as a separate word (``قاضی زاده``)."""

HONORIFICS = _words("سید سیده میر")
"""Words that precede a given name and belong to the name."""

ORG_HEADS = _words(
    """
    وزارت سازمان خبرگزاری شرکت دانشگاه بانک مجلس شورای ستاد پژوهشگاه پژوهشکده مرکز
    اداره بنیاد انجمن اتحادیه فدراسیون کمیسیون صندوق پارک سفارت کنسولگری دبیرخانه قرارگاه
    بیمارستان استانداری فرمانداری شهرداری گمرک اتاق نهاد موسسه مؤسسه آژانس دفتر کمیته
    سندیکا هلدینگ گروه باشگاه فرهنگستان دادگستری دادگاه پلیس ارتش سپاه هلال جمعیت
    """
)
"""Head nouns of institution names (``وزارت …``, ``سازمان …``, ``خبرگزاری …``)."""

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
    دست مطرح آغاز فراهم بررسی ارائه دیدار قرار گفتگو گفت‌وگو سفر حضور
    """
)
"""The noun of a compound verb (``دنبال شده است``): it ends an enumerated item."""

PLURAL_SUFFIXES = ("هایی", "های", "ها")
"""Plural suffixes dropped from a term's head word (``پروژه‌های مشترک`` → ``پروژه مشترک``)."""
