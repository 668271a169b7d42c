"""Builders of tiny corpora for `toolkit batch` tests (tests/batch/): short Persian articles
that share one boilerplate sentence, and bad ones. The tests translate them into Russian with
the tiny random-weight model under a two-term glossary (the tiny model's noise looks Russian,
so the evaluator accepts it; its 'English' does not pass the evaluator's language check)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from toolkit.pipeline import RunOptions

SENTENCES = (
    "دو طرف همچنین توافق کردند که گمرک مرزی نوردوز از ابتدای سال آینده به‌صورت شبانه‌روزی فعالیت کند.",
    "حجم تجارت ایران و ارمنستان در سال گذشته حدود ۷۰۰ میلیون دلار بوده است.",
    "وی همچنین از کاهش ۳۰ درصدی هزینه نصب فیبر نوری برای مشترکان خانگی از ابتدای مهر ماه خبر داد.",
    "مرکز داده اصفهان با ظرفیت ۵۰۰ رک، دومین مرکز داده بزرگ کشور پس از تهران است.",
    "مسابقات قهرمانی جهان سال آینده به میزبانی فیلیپین برگزار می‌شود.",
    "همچنین به دستور استاندار گلستان، مدارس شهرستان‌های آزادشهر، مینودشت و کلاله روز پنجشنبه تعطیل خواهند بود.",
    "پلیس راه نیز از رانندگان خواست از تردد غیرضروری در محور جنگلی گلستان و جاده کیاسر خودداری کنند.",
    "سیل فروردین ۱۳۹۸ در استان گلستان خسارت‌های گسترده‌ای به زیرساخت‌ها و زمین‌های کشاورزی وارد کرده بود.",
    "سرخک یکی از مسری‌ترین بیماری‌های ویروسی است و می‌تواند در کودکان به عوارضی مانند ذات‌الریه و التهاب مغز منجر شود.",
    "آخرین طرح گسترده واکسیناسیون سرخک و سرخجه در کشور در سال ۱۳۸۲ اجرا شده بود.",
    "سیمرغ بلورین بهترین بازیگر نقش اول مرد نیز به بهروز نیک‌اندیش برای بازی در فیلم «آخرین ایستگاه» اهدا شد.",
    "وی یادآور شد: ۵۰ دستگاه واگن جدید ساخت داخل تا پایان سال به ناوگان مترو اضافه می‌شود.",
    "متروی تهران در حال حاضر با ۷ خط فعال، روزانه بیش از ۲ میلیون سفر را جابه‌جا می‌کند.",
    "وی تصریح کرد: حکم صادرشده قطعی نیست و محکومان ۲۰ روز برای تجدیدنظرخواهی فرصت دارند.",
    "وی همچنین گفت: اموال توقیف‌شده متهمان پس از قطعیت حکم به خزانه دولت بازگردانده می‌شود.",
    "نشست خبری سخنگوی قوه قضاییه هر هفته روزهای سه‌شنبه برگزار می‌شود.",
    "به گزارش ایرنا، کاهش بارندگی‌ها در پاییز امسال وضعیت منابع آب پایتخت را بیش از پیش نگران‌کننده کرده است.",
    "به گفته مسئولان، ذخایر سدهای تهران اکنون به پایین‌ترین سطح خود در شش دهه اخیر رسیده است.",
    "تهران با جمعیتی بیش از ۹ میلیون نفر، یکی از پرمصرف‌ترین شهرهای کشور در زمینه آب است.",
)
"""Short sentences of the summarization articles on which the tiny model's greedy output is
never a loop, in any of the batches tried. A loop is retried with sampling, which is random:
tests that compare two runs need sentences that do not loop."""
BOILERPLATE = "نشست خبری هر هفته برگزار می‌شود."
"""The sentence every article of a corpus ends with, as agency boilerplate does."""
GLOSSARY = "fa\ten\tru\nایران\tIran\tИран\nتهران\tTehran\tТегеран\n"
BAD = {
    "empty": (b"", "input is empty"),
    "english": (b"This article is in English, not Persian.", "looks like English"),
    "latin1": ("خبر".encode() + b"\xe9\xff", "not valid UTF-8"),
}
"""Bad articles of the corpus: bytes, and what the index says about them."""
FILES = [
    ".toolkit-manifest.json",
    "article.ru.txt",
    "article.tmx",
    "report.html",
    "report.json",
    "summary.fa.txt",
    "summary.ru.txt",
]
"""What `toolkit run --to ru` writes, and so each article's folder."""


def articles(n: int) -> dict[str, str]:
    """``n`` articles ``a0``..: two sentences of their own, then the agency's boilerplate."""
    if 2 * n > len(SENTENCES):
        raise ValueError(f"at most {len(SENTENCES) // 2} articles")
    return {
        f"a{k}": f"{SENTENCES[2 * k]}\n{SENTENCES[2 * k + 1]}\n{BOILERPLATE}\n" for k in range(n)
    }


def write_corpus(folder: Path, texts: dict[str, str], bad: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for ident, text in texts.items():
        (folder / f"{ident}.fa.txt").write_text(text, encoding="utf-8")
    if bad:
        for name, (data, _) in BAD.items():
            (folder / f"{name}.txt").write_bytes(data)
    return folder


def article_files(out: Path) -> dict[str, str]:
    """Every article file by its path under ``out``; TMX creation dates left out, and the
    per-segment ``cached`` markers: which worker first translated a sentence that two
    articles share depends on scheduling."""
    found = {}
    for path in sorted(out.glob("*/*")):
        if path.name == ".toolkit-manifest.json":  # digests of the files compared here
            continue
        text = path.read_text(encoding="utf-8")
        text = re.sub(r' creationdate="[^"]*"', "", text)
        found[str(path.relative_to(out))] = re.sub(r',\n *"cached": true', "", text)
    return found


def index_without_timings(out: Path) -> list[dict]:
    """The index by source, without timings, the count of sentences translated rather
    than reused (two workers may both translate the sentence their articles share), and the
    digests of the folder's files (the TMX records its creation date; :func:`article_files`
    compares the files)."""
    lines = [json.loads(x) for x in (out / "index.jsonl").read_text("utf-8").splitlines()]
    for line in lines:
        del line["timings"]
        line.pop("files", None)
        line.pop("sentences", None)
    return sorted(lines, key=lambda x: x["source"])


def fast_options(model: Path, glossary: Path, memory: Path) -> RunOptions:
    """The options of a fast batch: the tiny model into Russian, n-best 2, quiet."""
    return RunOptions(
        targets=("ru",),
        glossary=str(glossary),
        model=str(model),
        cache_path=str(memory),
        n_best=2,
        quiet=True,
    )


def fast_args(model: Path, glossary: Path, memory: Path) -> list[str]:
    """:func:`fast_options` as `toolkit batch` options."""
    return [
        "--model",
        str(model),
        "--to",
        "ru",
        "--glossary",
        str(glossary),
        "--cache-path",
        str(memory),
        "--n-best",
        "2",
        "--quiet",
    ]
