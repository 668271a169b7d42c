"""Quality checks of a translation against its source, segment by segment: one module per
check, and the registry (name → check class) that :func:`~toolkit.evaluate.report.evaluate`
runs and the reports lay out.

The checks follow what QA tools (Xbench, Verifika) and the WMT terminology task measure:
terms and their consistency, numbers, untranslated text and coverage; and what term
placement may break (damage, off-target). A new check is one module with a :class:`Check`
subclass, added to :data:`CHECKS` by :func:`register_check` (from here for a built-in one,
from anywhere else for a plug-in): ``evaluate`` runs it, the JSON report writes its
:class:`Section` and the HTML page its block, with no other file changed.
"""

from __future__ import annotations

from typing import TypeAlias

from toolkit.errors import ConfigError
from toolkit.evaluate.checks.base import (
    INPUTS,
    SEVERITIES,
    UNTRANSLATED_SHARE,
    Check,
    Context,
    Finding,
    FindingDetail,
    Pair,
    Placement,
    Section,
    SupportDetail,
    TermUse,
    analyse_terms,
)
from toolkit.evaluate.checks.collateral import (
    EDIT_WORDS,
    MAX_DOUBLED,
    MIN_STEM,
    CollateralEdit,
    EditWords,
    collateral_edits,
)
from toolkit.evaluate.checks.coverage import (
    HIGH_RATIO,
    LOW_RATIO,
    LOW_RATIO_LONG,
    MIN_SOURCE_CHARS,
    SHORT_DEVIATIONS,
    CoverageCheck,
    CoverageDetail,
    CoverageKind,
    short_bound,
)
from toolkit.evaluate.checks.damage import (
    SHORTER_THAN_BASELINE,
    AddedBesideDetail,
    CollateralDetail,
    DamageCheck,
    DamageDetail,
    ShorterDetail,
    WrongScriptDetail,
    wrong_script_words,
)
from toolkit.evaluate.checks.number import (
    NumberCheck,
    NumberDetail,
    NumberKind,
    SwappedDetail,
    WrongDateDetail,
)
from toolkit.evaluate.checks.off_target import OffTargetCheck, OffTargetDetail
from toolkit.evaluate.checks.term import TermCheck, TermDetail, TermKind
from toolkit.evaluate.checks.term_consistency import ConsistencyDetail, TermConsistencyCheck
from toolkit.evaluate.checks.term_number import TermNumberCheck, TermNumberDetail
from toolkit.evaluate.checks.untranslated import (
    UNTRANSLATED_SPAN_WORDS,
    UntranslatedCheck,
    UntranslatedDetail,
    UntranslatedKind,
)

__all__ = [
    "CHECKS",
    "EDIT_WORDS",
    "HIGH_RATIO",
    "INPUTS",
    "LOW_RATIO",
    "LOW_RATIO_LONG",
    "MAX_DOUBLED",
    "MIN_SOURCE_CHARS",
    "MIN_STEM",
    "SEVERITIES",
    "SHORTER_THAN_BASELINE",
    "SHORT_DEVIATIONS",
    "UNTRANSLATED_SHARE",
    "UNTRANSLATED_SPAN_WORDS",
    "AddedBesideDetail",
    "Check",
    "CollateralDetail",
    "CollateralEdit",
    "ConsistencyDetail",
    "Context",
    "CoverageCheck",
    "CoverageDetail",
    "CoverageKind",
    "DamageCheck",
    "DamageDetail",
    "Detail",
    "EditWords",
    "Finding",
    "FindingDetail",
    "NumberCheck",
    "NumberDetail",
    "NumberKind",
    "OffTargetCheck",
    "OffTargetDetail",
    "Pair",
    "Placement",
    "Section",
    "ShorterDetail",
    "SupportDetail",
    "SwappedDetail",
    "TermCheck",
    "TermConsistencyCheck",
    "TermDetail",
    "TermKind",
    "TermNumberCheck",
    "TermNumberDetail",
    "TermUse",
    "UntranslatedCheck",
    "UntranslatedDetail",
    "UntranslatedKind",
    "WrongDateDetail",
    "WrongScriptDetail",
    "analyse_terms",
    "collateral_edits",
    "register_check",
    "short_bound",
    "unregister_check",
    "wrong_script_words",
]

Detail: TypeAlias = (
    TermDetail
    | TermNumberDetail
    | ConsistencyDetail
    | NumberDetail
    | WrongDateDetail
    | SwappedDetail
    | UntranslatedDetail
    | CoverageDetail
    | DamageDetail
    | OffTargetDetail
    | SupportDetail
)
"""The built-in checks' detail types (and the summary support check's); a registered check
brings its own, any :class:`FindingDetail`."""

CHECKS: dict[str, type[Check]] = {}
"""Every check by name, in the order they run and :func:`evaluate` lists them."""


def register_check(check: type[Check]) -> type[Check]:
    """Add ``check`` to :data:`CHECKS` under its ``id`` (also usable as a class decorator):
    from then on ``evaluate`` runs it by default, the JSON report writes its section and the
    HTML page its block. A ``ConfigError`` for a check without an id, with a name already
    taken, or with a need outside :data:`INPUTS`."""
    if not check.id:
        raise ConfigError(f"check {check.__name__} has no id")
    if check.id in CHECKS and CHECKS[check.id] is not check:
        raise ConfigError(f"a check named '{check.id}' is already registered")
    unknown = sorted(check.needs - set(INPUTS))
    if unknown:
        raise ConfigError(
            f"check '{check.id}' needs {', '.join(unknown)}; an evaluation is given only "
            + ", ".join(INPUTS)
        )
    CHECKS[check.id] = check
    return check


def unregister_check(name: str) -> None:
    """Remove the check ``name`` from :data:`CHECKS` (a plug-in's, in tests); no-op if
    absent."""
    CHECKS.pop(name, None)


for _check in (
    TermCheck,
    TermConsistencyCheck,
    TermNumberCheck,
    NumberCheck,
    UntranslatedCheck,
    CoverageCheck,
    DamageCheck,
    OffTargetCheck,
):
    register_check(_check)
