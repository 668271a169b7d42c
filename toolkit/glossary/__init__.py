"""Glossaries: the value objects, file formats, validation and term matching."""

from toolkit.glossary.formats import dump_glossary, format_of, read_glossary
from toolkit.glossary.model import Glossary, Term
from toolkit.glossary.source import SourceMatch, SourceMatcher, source_matcher

__all__ = [
    "Glossary",
    "SourceMatch",
    "SourceMatcher",
    "Term",
    "dump_glossary",
    "format_of",
    "read_glossary",
    "source_matcher",
]
