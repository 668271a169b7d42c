"""The glossary guarantee, by its former name: :mod:`toolkit.translate.enforce` holds it."""

from toolkit.translate.enforce import MAX_FORMS, EnforcerSettings, TermEnforcer, wrong_script_words

__all__ = ["MAX_FORMS", "EnforcerSettings", "TermEnforcer", "wrong_script_words"]
