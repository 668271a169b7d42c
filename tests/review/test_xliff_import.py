"""`toolkit review import` and `toolkit memory import/export`: an XLIFF edited as a CAT tool
would, checked and stored; TMX round trip; hostile, stale and foreign files refused."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from builders import build_glossary
from click.testing import CliRunner
from defusedxml.ElementTree import fromstring

from toolkit.cli import cli
from toolkit.errors import OutputError
from toolkit.exports import to_xliff
from toolkit.glossary.formats import dump_glossary
from toolkit.results import SegmentTranslation, TermOutcome, Translation
from toolkit.translate.approved import Approval, ApprovedStore

XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SOURCES = (
    "وزیر ارتباطات با معاون وزیر روسیه دیدار کرد.",
    "دو کشور ۵ قرارداد امضا کردند.",
    "همکاری ادامه خواهد داشت.",
)
TARGETS = (
    "The communications minister met the Russian deputy minister.",
    "The two countries signed 5 contracts.",
    "Cooperation will continue.",
)
GLOSSARY = build_glossary([("وزیر ارتباطات", "communications minister", "министр связи")])


def _folder(tmp_path: Path) -> tuple[Path, Path, Path]:
    """An article, its XLIFF as a run exports it, and a glossary file."""
    article = tmp_path / "article.fa.txt"
    article.write_text(" ".join(SOURCES[:2]) + "\n" + SOURCES[2] + "\n", encoding="utf-8")
    segments = tuple(
        SegmentTranslation(
            line,
            src,
            tgt,
            (TermOutcome("وزیر ارتباطات", "model", "communications minister"),) if k == 0 else (),
        )
        for k, (line, src, tgt) in enumerate(zip((1, 1, 2), SOURCES, TARGETS, strict=True))
    )
    xlf = tmp_path / "out" / "article.en.xlf"
    xlf.parent.mkdir()
    xlf.write_text(to_xliff(Translation("en", (), segments), article.name), encoding="utf-8")
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text(dump_glossary(GLOSSARY, "tsv"), encoding="utf-8")
    return article, xlf, glossary


def _edit(xlf: Path, edits: dict[str, tuple[str, str]]) -> None:
    """Edit targets as a CAT tool does: unit id -> (new target, new state), through an
    XML library; the file is written back in full."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", XLIFF.strip("{}"))
    tree = ET.ElementTree(fromstring(xlf.read_bytes()))
    for unit in tree.getroot().iter(f"{XLIFF}trans-unit"):
        if unit.get("id") in edits:
            text, state = edits[unit.get("id")]
            target = unit.find(f"{XLIFF}target")
            target.text = text
            target.set("state", state)
            target.attrib.pop("state-qualifier", None)
    tree.write(xlf, encoding="utf-8", xml_declaration=True)


def _invoke(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


def _import(xlf: Path, glossary: Path, memory: Path, *more: str) -> tuple[int, str, str]:
    """``toolkit review import XLF -g GLOSSARY --cache-path MEMORY MORE...``."""
    return _invoke(
        ["review", "import", str(xlf), "-g", str(glossary), "--cache-path", str(memory), *more]
    )


def test_an_edited_xliff_stores_its_final_units_and_reports_findings_on_the_edits(
    tmp_path: Path,
) -> None:
    article, xlf, glossary = _folder(tmp_path)
    memory = tmp_path / "memory.sqlite3"
    _edit(
        xlf,
        {
            # the reviewer dropped the glossary term: stored, and the term finding reported
            "1": ("The telecom minister met the Russian deputy minister.", "final"),
            # and a number: left needs-review, so not stored, but checked all the same
            "2": ("The two countries signed contracts.", "needs-review-translation"),
        },
    )
    report = tmp_path / "review.json"
    code, stdout, stderr = _import(
        xlf, glossary, memory, "--article", str(article), "--reviewer", "ed", "--out", str(report)
    )
    assert code == 1, stderr  # errors found (--fail-on error), the units stored all the same
    assert "stored 1 approved units of 3" in stderr and "(xliff:article.en.xlf)" in stderr
    store = ApprovedStore(memory)
    (stored,) = list(store)
    assert (stored.source, stored.target) == (
        SOURCES[0],
        "The telecom minister met the Russian deputy minister.",
    )
    assert (stored.reviewer, stored.review, stored.target_lang) == (
        "ed",
        "xliff:article.en.xlf",
        "en",
    )
    # unit 3 is still the toolkit's machine translation ('translated', leveraged-mt): not stored
    assert store.exact(SOURCES[2], "en") is None
    data = json.loads(report.read_text("utf-8"))
    assert [(u["id"], u["state"], u["approved"]) for u in data["units"]] == [
        ("1", "final", True),
        ("2", "needs-review-translation", False),
        ("3", "translated", False),
    ]
    findings = {(f["segment"], f["check"]) for f in data["evaluation"]["findings"]}
    assert (1, "term") in findings and (2, "number") in findings
    assert not {c for s, c in findings if s == 3}
    assert "term" in stdout and "number" in stdout  # the text table


def test_the_run_folder_s_report_matches_the_units_without_article(tmp_path: Path) -> None:
    _, xlf, glossary = _folder(tmp_path)
    segments = [{"source": s} for s in SOURCES]
    report = {"languages": {"en": {"translation": {"segments": segments}}}}
    (xlf.parent / "report.json").write_text(json.dumps(report), encoding="utf-8")
    _edit(xlf, {"3": ("Cooperation shall continue.", "signed-off")})
    memory = tmp_path / "memory.sqlite3"
    code, _, stderr = _import(xlf, glossary, memory, "--format", "json")
    assert code == 0, stderr
    assert ApprovedStore(memory).exact(SOURCES[2], "en").target == "Cooperation shall continue."  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # the article changed since the export: a unit's source is no longer its segment's
        (
            lambda a: a.write_text(a.read_text("utf-8").replace("۵", "۶"), "utf-8"),
            "differs from segment 2",
        ),
        # another article altogether
        (lambda a: a.write_text("رئیس جمهور امروز به مسکو رفت.\n", "utf-8"), "is not a segment of"),
    ],
)
def test_a_stale_or_foreign_file_is_refused_and_nothing_stored(tmp_path, change, message) -> None:
    article, xlf, glossary = _folder(tmp_path)
    _edit(xlf, {"1": ("Edited.", "final")})
    change(article)
    memory = tmp_path / "memory.sqlite3"
    code, _, stderr = _import(xlf, glossary, memory, "--article", str(article))
    assert code == 3, stderr
    assert message in stderr and "refused" in stderr and len(stderr.strip().splitlines()) == 1
    assert len(ApprovedStore(memory)) == 0


HOSTILE = {
    "billion laughs": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file><body>'
    '<trans-unit id="1"><source>&b;</source></trans-unit></body></file></xliff>',
    "external entity": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    '<tmx version="1.4"><header/><body><tu><tuv xml:lang="fa"><seg>&e;</seg></tuv></tu></body></tmx>',
    "malformed": '<tmx version="1.4"><header/><body><tu>',
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("command", ["memory", "review"])
def test_hostile_or_broken_xml_is_refused_in_one_line(tmp_path, kind, command) -> None:
    suffix = ".xlf" if command == "review" or "xliff" in HOSTILE[kind] else ".tmx"
    path = tmp_path / f"hostile{suffix}"
    path.write_text(HOSTILE[kind], encoding="utf-8")
    memory = tmp_path / "memory.sqlite3"
    args = (
        ["memory", "import", str(path)]
        if command == "memory"
        else ["review", "import", str(path), "--no-glossary", "--article", str(path)]
    )
    code, _, stderr = _invoke([*args, "--cache-path", str(memory)])
    assert code == 3, stderr
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr
    assert ("DTD or entities" in stderr) is (kind != "malformed")
    assert not memory.exists() or len(ApprovedStore(memory)) == 0


BAD_FILES = {
    # name: (file name, content or None for no file, extra options, words of the error)
    "missing": ("gone.tmx", None, [], "gone.tmx"),
    "empty": ("empty.tmx", b"", [], "empty.tmx"),
    "not UTF-8": (
        "latin.tmx",
        '<tmx version="1.4"><body>é</body></tmx>'.encode("latin-1"),
        [],
        "latin.tmx",
    ),
    "too large": (
        "big.tmx",
        b"<tmx>" + b" " * 2_000_000 + b"</tmx>",
        ["--max-input-mb", "1"],
        "MB",
    ),
    "wrong kind": ("notes.txt", b"hello", [], "expected a .tmx, .xlf or .xliff"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_file_to_import_is_refused_in_one_line_and_stores_nothing(tmp_path, kind) -> None:
    name, content, options, words = BAD_FILES[kind]
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    memory = tmp_path / "memory.sqlite3"
    code, _, stderr = _invoke(
        ["memory", "import", str(path), "--cache-path", str(memory), *options]
    )
    assert code != 0 and code != 1, stderr  # an error of the toolkit's, not a crash
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr
    assert words in stderr
    assert not memory.exists() or len(ApprovedStore(memory)) == 0


def test_xliff_2_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "a.xlf"
    path.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="fa" '
        'trgLang="en"><file id="f"><unit id="1"><segment state="final"><source>س</source>'
        "<target>s</target></segment></unit></file></xliff>",
        encoding="utf-8",
    )
    code, _, stderr = _invoke(["memory", "import", str(path), "--cache-path", str(tmp_path / "m")])
    assert code == 3 and "XLIFF 2.0 is not read" in stderr


def test_tmx_round_trip_keeps_sentences_reviewers_and_times(tmp_path: Path) -> None:
    first = tmp_path / "first.sqlite3"
    store = ApprovedStore(first)
    approvals = [
        Approval(SOURCES[0], TARGETS[0], "en", "ed", "page:out#1", "2026-12-07T10:00:00Z"),
        Approval(
            SOURCES[0],
            "Министр связи встретился.",
            "ru",
            "ив",
            "xliff:a.xlf",
            "2026-12-07T11:00:00Z",
        ),
        Approval(SOURCES[1], "Five & <more>.", "en", "ed", "page:out#2", "2026-12-07T12:00:00Z"),
    ]
    store.approve_all(approvals)
    tmx = tmp_path / "approved.tmx"
    code, _, stderr = _invoke(["memory", "export", str(tmx), "--cache-path", str(first)])
    assert code == 0, stderr
    assert "wrote 3 approved translations" in stderr
    root = fromstring(tmx.read_bytes())
    units = root.findall("./body/tu")
    assert [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in units] == [
        ["fa", "en", "ru"],
        ["fa", "en"],
    ]
    en = units[0].findall("tuv")[1]
    assert (en.get("creationid"), en.get("creationdate")) == ("ed", "20261207T100000Z")
    # refused without --force, kept as it was
    code, _, stderr = _invoke(["memory", "export", str(tmx), "--cache-path", str(first)])
    assert code != 0 and "--force" in stderr
    second = tmp_path / "second.sqlite3"
    code, _, stderr = _invoke(["memory", "import", str(tmx), "--cache-path", str(second)])
    assert code == 0, stderr
    assert "stored 3 approved translations" in stderr
    back = {(a.source, a.target_lang): a for a in ApprovedStore(second)}
    for a in approvals:
        got = back[(a.source, a.target_lang)]
        assert (got.target, got.reviewer, got.approved_at) == (a.target, a.reviewer, a.approved_at)
        assert got.review == "tmx:approved.tmx"


def test_an_old_tmx_imported_after_a_newer_approval_leaves_it(tmp_path: Path) -> None:
    memory = tmp_path / "memory.sqlite3"
    newer = Approval(
        SOURCES[0], "Approved today.", "en", "ed", "page:out#1", "2026-12-07T10:00:00Z"
    )
    ApprovedStore(memory).approve(newer)
    tmx = tmp_path / "old.tmx"
    tmx.write_text(
        '<tmx version="1.4"><header srclang="fa"/><body>'
        f'<tu><tuv xml:lang="fa"><seg>{SOURCES[0]}</seg></tuv>'
        '<tuv xml:lang="en" changedate="20200101T000000Z"><seg>From 2020.</seg></tuv></tu>'
        f'<tu><tuv xml:lang="fa"><seg>{SOURCES[1]}</seg></tuv>'
        '<tuv xml:lang="en" changedate="20200101T000000Z"><seg>New here.</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    code, _, stderr = _invoke(["memory", "import", str(tmx), "--cache-path", str(memory)])
    assert code == 0, stderr
    assert "stored 1 approved translations" in stderr
    assert "1 older than the approval already stored for their sentence kept out" in stderr
    store = ApprovedStore(memory)
    assert store.exact(SOURCES[0], "en") == newer
    assert store.exact(SOURCES[1], "en").target == "New here."  # type: ignore[union-attr]


def test_a_bad_unit_in_an_import_stores_nothing(tmp_path: Path) -> None:
    tmx = tmp_path / "a.tmx"
    tmx.write_text(
        '<tmx version="1.4"><header srclang="fa"/><body>'
        f'<tu><tuv xml:lang="fa"><seg>{SOURCES[0]}</seg></tuv><tuv xml:lang="en-US"><seg>Good.</seg></tuv></tu>'
        f'<tu><tuv xml:lang="fa"><seg>{SOURCES[1]}</seg></tuv><tuv xml:lang="en" changedate="yesterday"><seg>Bad.</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    memory = tmp_path / "memory.sqlite3"
    code, _, stderr = _invoke(["memory", "import", str(tmx), "--cache-path", str(memory)])
    assert code == 3 and "yesterday" in stderr and "nothing was stored" in stderr
    assert not memory.exists() or len(ApprovedStore(memory)) == 0


def test_the_store_writes_all_or_nothing(tmp_path: Path, monkeypatch) -> None:
    store = ApprovedStore(tmp_path / "memory.sqlite3")
    good = Approval(SOURCES[0], "Good.", "en", "ed", "tmx:a.tmx", "2026-12-07T10:00:00Z")
    calls = []

    def failing(approval: Approval) -> bool:
        calls.append(approval)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return ApprovedStore.approve(store, approval)

    monkeypatch.setattr(store, "approve", failing)
    with pytest.raises(OutputError, match="nothing stored"):
        store.approve_all([good, good])
    monkeypatch.undo()
    assert len(store) == 0
