"""The glossary guarantee: every term found in a source sentence appears in its translation,
without damaging the rest of it.

One unit per job: ``settings`` (:class:`EnforcerSettings`), ``enforcer`` (the sentence loop,
:class:`TermEnforcer`), a unit per strategy (``substitute``, ``constrain``, ``insert``), and
what they share (``state``, ``cut``, ``isolated``, ``evidence``, ``outcomes``). The design,
and why: ``docs/design/term-enforcer.md``.
"""

from toolkit.translate.enforce.cost import EnforcementCost
from toolkit.translate.enforce.enforcer import Job, TermEnforcer
from toolkit.translate.enforce.outcomes import wrong_script_words
from toolkit.translate.enforce.settings import MAX_FORMS, EnforcerSettings

__all__ = [
    "MAX_FORMS",
    "EnforcementCost",
    "EnforcerSettings",
    "Job",
    "TermEnforcer",
    "wrong_script_words",
]
