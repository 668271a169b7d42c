"""The shipped domain glossary is valid and agrees with the shipped reference translations."""

from pathlib import Path

import pytest
from builders import ROOT, SEED

from toolkit.glossary.source import SourceMatcher
from toolkit.glossary.target import target_matcher
from toolkit.glossary.validate import check_file, load_glossary

GLOSSARY = ROOT / "glossaries" / "iran-russia-ict.tsv"
REFERENCES = ROOT / "evaluation" / "references"


def test_domain_glossary_has_no_errors_and_enough_entries() -> None:
    report = check_file(GLOSSARY)
    assert report.errors == []
    assert report.terms >= 40
    assert report.terms == report.lines  # every data line read as a term


def test_domain_glossary_passes_strict_check() -> None:
    """Its terms nest by design (info); it has no warning, so --strict exits 0."""
    from click.testing import CliRunner

    from toolkit.cli import cli

    report = check_file(GLOSSARY)
    assert report.warnings == [] and report.infos
    assert {f.code for f in report.infos} == {"overlap"}
    result = CliRunner().invoke(cli, ["glossary", "check", str(GLOSSARY), "--strict"])
    assert result.exit_code == 0, result.output


def test_every_seed_line_has_terms() -> None:
    matcher = SourceMatcher(load_glossary(GLOSSARY))
    for line in SEED.read_text(encoding="utf-8").splitlines():
        assert matcher.find(line), line


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_references_render_every_source_term(lang: str) -> None:
    glossary = load_glossary(GLOSSARY)
    source = SEED.read_text(encoding="utf-8").splitlines()
    reference = (
        Path(REFERENCES / f"mehr-iran-russia-ict.{lang}.txt")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    assert len(reference) == len(source)
    matcher, target = SourceMatcher(glossary), target_matcher(lang)
    missing = [
        (i, m.surface)
        for i, (src, ref) in enumerate(zip(source, reference, strict=True), start=1)
        for m in matcher.find(src)
        if not target.find(ref, m.term)
    ]
    assert missing == []
