"""Quality checks of a translation against its Persian source (numbers, terms, coverage)."""
