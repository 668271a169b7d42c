"""The main job, ``toolkit run``, in one module per job: the options (:mod:`.options`), the
stages that ``toolkit batch`` shares (:mod:`.stages`), the report (:mod:`.report`), the
output files (:mod:`.render`), the output folder (:mod:`.publish`), and the run that
strings them together (:mod:`.run`)."""

from toolkit.pipeline.options import (
    CONFIG_ALIASES,
    CONFIG_KEYS,
    CONFIG_NAMES,
    SUMMARY_METHODS,
    SUMMARY_SENTENCES,
    RunOptions,
    read_config,
)
from toolkit.pipeline.publish import write_article
from toolkit.pipeline.render import output_names
from toolkit.pipeline.report import (
    PATH_OPTIONS,
    LanguageReport,
    LanguageResult,
    RunReport,
    RunResult,
    with_requests,
)
from toolkit.pipeline.run import default_out_dir, estimate_run, run_article
from toolkit.pipeline.stages import (
    Article,
    Translated,
    check_summaries,
    finish_article,
    prepare,
    suggest_glossary,
    summarize_article,
    translate_articles,
)

__all__ = [
    "CONFIG_ALIASES",
    "CONFIG_KEYS",
    "CONFIG_NAMES",
    "PATH_OPTIONS",
    "SUMMARY_METHODS",
    "SUMMARY_SENTENCES",
    "Article",
    "LanguageReport",
    "LanguageResult",
    "RunOptions",
    "RunReport",
    "RunResult",
    "Translated",
    "check_summaries",
    "default_out_dir",
    "estimate_run",
    "finish_article",
    "output_names",
    "prepare",
    "read_config",
    "run_article",
    "suggest_glossary",
    "summarize_article",
    "translate_articles",
    "with_requests",
    "write_article",
]
