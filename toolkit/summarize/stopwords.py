"""Small curated stop-word lists for Persian, English and Russian.

They drop function words, auxiliaries and the reporting verbs of news prose (``گفت``,
``افزود``, ``said``, ``заявил``) so that sentence similarity rests on content words. Words
are written in ordinary spelling; :func:`toolkit.summarize.tokens.stopwords` returns them in
the summarizer's token form (matching-key letters, ZWNJ removed, lower case), so ``می‌شود``
and ``میشود`` are one entry.

Plain data: this module imports nothing.
"""

_PERSIAN = """
و در به از که با را این آن برای تا بر یا هم نیز اما ولی اگر چون چه زیرا پس سپس همچنین
هر همه همین همان چند دیگر بین میان روی زیر پیش درباره طی توسط بدون جز مانند مثل نزد سوی
حتی فقط تنها بیش بیشتر کم کمتر بسیار خیلی باید نباید شاید آیا هنوز اکنون حال هنگام وقتی
من تو او وی ما شما آن‌ها آنها ایشان آنان خود خویش این‌ها اینها کسی چیزی یکی یک هیچ
است هست نیست بود بوده باشد باشند بودند هستند شد شده شود شوند شدند می‌شود می‌شوند
کرد کرده کند کنند کردند کردن می‌کند می‌کنند کنیم کنم داد داده دهد دهند دادند می‌دهد
دارد دارند داشت داشته داشتند خواهد خواهند خواهیم گرفت گرفته گیرد می‌گیرد گردید گردد
گفت گفته گفتند می‌گوید افزود افزوده اظهار داشت تصریح تأکید خاطرنشان یادآور ادامه داد
اعلام بیان اشاره نقل گزارش خبرگزاری خبر به‌گزارش ضمن همچنان چنین چنان آنکه اینکه
براساس اساس طبق بنابراین لذا سایر برخی بعضی چندین عنوان به‌عنوان صورت به‌صورت
مورد موارد طور به‌طور نظر جهت سبب دلیل خصوص زمینه ها های ای ی می نمی را
""".split()

_ENGLISH = """
a an the and or but if then else when while of at by for with about against between into
through during before after above below to from up down in out on off over under again
further once here there where why how all any both each few more most other some such no
nor not only own same so than too very can will just should now is are was were be been
being have has had having do does did doing would could might must shall may i me my we
our ours you your he him his she her it its they them their what which who whom this that
these those am also said says say told according reported report news agency added stated
noted its it's as yet upon via per mr mrs ms one
""".split()

_RUSSIAN = """
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
её мне было вот от меня еще ещё нет о из ему теперь когда даже ну вдруг ли если уже или ни
быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где
есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж
тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы
нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над
больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою
этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это также
заявил заявила сообщил сообщила отметил отметила сказал сказала добавил добавила
подчеркнул пишет сообщает сообщило агентство по словам которые который которая которое
""".split()

STOPWORDS: dict[str, tuple[str, ...]] = {
    "fa": tuple(_PERSIAN),
    "en": tuple(_ENGLISH),
    "ru": tuple(_RUSSIAN),
}
"""Stop words per language, in ordinary spelling."""
