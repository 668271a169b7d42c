"""The review page's API without a browser (Starlette's TestClient): saving checks a segment
again, a stale save is refused with 409, approving stores the segment and rewrites the run's
files together, approved edits propose glossary changes, and hostile text is inert."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the review page needs the toolkit[review] extra")
pytest.importorskip("uvicorn", reason="the review page needs the toolkit[review] extra")
from click.testing import CliRunner
from review_runs import HOSTILE_GLOSSARY, HOSTILE_SOURCES, HOSTILE_TARGETS, write_run
from starlette.testclient import TestClient

from toolkit.cli import cli
from toolkit.errors import GlossaryError, InputError
from toolkit.glossary.validate import load_glossary
from toolkit.publish import MANIFEST, check_folder, digest, read_manifest
from toolkit.review.app import create_app
from toolkit.review.folder import PROPOSAL, ReviewFolder
from toolkit.translate.approved import ApprovedStore

TERM_FINDING = "term 'وزارت ارتباطات' should be rendered as 'Ministry of Communications'"


@pytest.fixture
def review(run_folder: Path, glossary_path: Path, tmp_path: Path) -> ReviewFolder:
    return ReviewFolder(
        run_folder, load_glossary(glossary_path), reviewer="ann", memory=tmp_path / "tm.sqlite3"
    )


@pytest.fixture
def client(review: ReviewFolder) -> TestClient:
    return TestClient(create_app(review))


def save(client: TestClient, kind: str, index: int, text: str, version: int, lang: str = "en"):
    return client.post(
        f"/api/{kind}", json={"lang": lang, "index": index, "text": text, "version": version}
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# -- the page --------------------------------------------------------------------------------


def test_page_shows_persian_right_to_left_beside_each_target_with_badges_and_findings(
    client: TestClient,
) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert '<td class="src" dir="rtl" lang="fa">وزارت ارتباطات این خبر را اعلام کرد.</td>' in html
    assert 'lang="en" dir="ltr">The ministry announced the news.</div>' in html
    assert 'lang="ru" dir="ltr">Министерство связи объявило эту новость.</div>' in html
    assert '<li class="badge missing" title="وزارت ارتباطات → Ministry of Communications">' in html
    assert '<li class="badge model" title="کارگروه → working group">' in html
    assert TERM_FINDING.replace("'", "&#39;") in html
    assert "Ctrl+Enter" in html and "approve" in html  # the keys are documented on the page
    assert "script-src 'self'" in page.headers["content-security-policy"]


# -- saving: checked again, versions ---------------------------------------------------------


def test_save_checks_the_segment_again_and_keeps_a_draft_only(
    client: TestClient, run_folder: Path
) -> None:
    before = snapshot(run_folder)
    answer = save(client, "save", 3, "The Ministry of Communications announced the news.", 0)
    assert answer.status_code == 200
    target = answer.json()["target"]
    assert target["version"] == 1 and target["draft"] is True
    assert [b["status"] for b in target["badges"]] == ["reviewer"]
    assert TERM_FINDING not in [f["message"] for f in target["findings"]]
    # Removing the term again brings the finding back.
    again = save(client, "save", 3, "The ministry announced it.", 1).json()["target"]
    assert TERM_FINDING in [f["message"] for f in again["findings"]]
    assert [b["status"] for b in again["badges"]] == ["missing"]
    after = snapshot(run_folder)
    assert {n: after[n] for n in before} == before  # a draft leaves the run's files as they were
    assert "The ministry announced it." in client.get("/").text


@pytest.mark.parametrize("kind", ["save", "approve"])
def test_a_stale_save_is_refused_with_409_and_nothing_is_lost(
    client: TestClient, review: ReviewFolder, kind: str, tmp_path: Path
) -> None:
    first = save(client, "save", 2, "The working group published a report.", 0)
    assert first.status_code == 200
    stale = save(client, kind, 2, "The commission published its report.", 0)
    assert stale.status_code == 409
    body = stale.json()
    assert "changed by someone else" in body["error"]
    assert "version 0" in body["error"] and "version 1" in body["error"]
    assert body["current"]["text"] == "The working group published a report."
    assert body["current"]["version"] == 1
    # The first reviewer's text stands, and the stale one went nowhere.
    assert review.view("en", 2).text == "The working group published a report."
    assert len(ApprovedStore(tmp_path / "tm.sqlite3")) == 0


# -- approving: the memory and the run's files -----------------------------------------------


def test_approve_stores_the_segment_and_rewrites_the_runs_files(
    client: TestClient, run_folder: Path, tmp_path: Path
) -> None:
    text = "The Ministry of Communications announced the news."
    answer = save(client, "approve", 3, text, 0)
    assert answer.status_code == 200, answer.text
    assert answer.json()["target"]["approved"]["reviewer"] == "ann"
    store = ApprovedStore(tmp_path / "tm.sqlite3")
    approval = store.exact("وزارت ارتباطات این خبر را اعلام کرد.", "en")
    assert approval is not None
    assert (approval.target, approval.reviewer, approval.review) == (text, "ann", "page:out#3")
    report = json.loads((run_folder / "report.json").read_text("utf-8"))
    seg = report["languages"]["en"]["translation"]["segments"][2]
    assert seg["text"] == text
    assert seg["approved"] == {
        "reviewer": "ann",
        "review": "page:out#3",
        "approved_at": approval.approved_at,
    }
    messages = [f["message"] for f in report["languages"]["en"]["evaluation"]["findings"]]
    assert TERM_FINDING not in messages  # the evaluation is made again on the new text
    lines = (run_folder / "article.en.txt").read_text("utf-8").splitlines()
    assert lines == [
        "The working group met on Monday.",
        "The working group published its report.",
        text,
    ]
    assert text in (run_folder / "article.en.xlf").read_text("utf-8")
    assert text in (run_folder / "article.tmx").read_text("utf-8")
    assert "The ministry announced" not in (run_folder / "article.tmx").read_text("utf-8")
    # Russian untouched; every file the manifest lists has its digest, so a later
    # `run --force` still recognises them as the toolkit's.
    assert "Министерство связи объявило" in (run_folder / "article.ru.txt").read_text("utf-8")
    manifest = read_manifest(run_folder)
    assert manifest is not None
    for name, recorded in manifest.files.items():
        assert digest((run_folder / name).read_text("utf-8")) == recorded, name
    check_folder(run_folder, True, manifest.files)
    assert not [p for p in run_folder.iterdir() if p.name.endswith(".partial")]
    page = client.get("/").text
    assert "approved by ann" in page


def test_a_failed_rewrite_leaves_every_file_as_it_was(
    client: TestClient, run_folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import toolkit.publish

    before = snapshot(run_folder)
    written: list[str] = []
    real = toolkit.publish._write

    def fail_on_third(path: Path, content: str) -> None:
        written.append(path.name)
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        real(path, content)

    monkeypatch.setattr(toolkit.publish, "_write", fail_on_third)
    answer = save(client, "approve", 3, "The Ministry of Communications announced it.", 0)
    assert answer.status_code == 500
    assert "No space left on device" in answer.json()["error"]
    monkeypatch.undo()
    after = snapshot(run_folder)
    assert {n: after.get(n) for n in before if n != ".toolkit-review.lock"} == {
        n: b for n, b in before.items() if n != ".toolkit-review.lock"
    }
    assert not [p for p in run_folder.iterdir() if p.name.endswith(".partial")]
    assert len(ApprovedStore(tmp_path / "tm.sqlite3")) == 0  # nor an approval in the memory
    assert save(client, "save", 3, "again", 0).status_code == 200  # the version did not move


def test_an_empty_approval_is_refused_in_one_line(client: TestClient) -> None:
    answer = save(client, "approve", 1, "   ", 0)
    assert answer.status_code == 400
    assert answer.json()["error"] == "an empty translation cannot be approved"


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"lang": "en", "index": 99, "text": "x", "version": 0}, 400),
        ({"lang": "de", "index": 1, "text": "x", "version": 0}, 400),
        ({"lang": "en", "index": "1", "text": "x", "version": 0}, 400),
        ({"lang": "en", "text": "x", "version": 0}, 400),
    ],
)
def test_bad_requests_are_refused(client: TestClient, data: dict, status: int) -> None:
    assert client.post("/api/save", json=data).status_code == status


def test_a_form_post_is_refused(client: TestClient) -> None:
    # A page elsewhere can post a form to 127.0.0.1 without asking; never JSON.
    answer = client.post(
        "/api/approve", data={"lang": "en", "index": "1", "text": "x", "version": "0"}
    )
    assert answer.status_code == 415


# -- glossary proposals ----------------------------------------------------------------------


def test_two_approvals_of_another_wording_propose_a_glossary_change(
    client: TestClient, run_folder: Path, glossary_path: Path
) -> None:
    original = glossary_path.read_bytes()
    assert save(client, "approve", 1, "The commission met on Monday.", 0).status_code == 200
    assert client.get("/api/proposals").json() == []  # once is not a pattern
    answer = save(client, "approve", 2, "The commission published its report.", 0)
    proposals = answer.json()["proposals"]
    assert proposals == [
        {
            "term": "کارگروه",
            "lang": "en",
            "expected": "working group",
            "wording": "commission",
            "count": 2,
            "segments": [1, 2],
            "accepted": False,
        }
    ]
    assert "reviewers wrote «commission» in 2 segments" in client.get("/").text
    accepted = client.post(
        "/api/accept", json={"term": "کارگروه", "lang": "en", "wording": "commission"}
    )
    assert accepted.status_code == 200
    assert accepted.json()["written"] == PROPOSAL
    assert accepted.json()["proposals"][0]["accepted"] is True
    proposal = load_glossary(run_folder / PROPOSAL)
    changed = {t.label: t for t in proposal.terms}
    assert changed["کارگروه"].get("en") == ("commission", "working group")
    assert changed["کارگروه"].get("ru") == ("рабочая группа",)
    assert changed["وزارت ارتباطات"].get("en") == ("Ministry of Communications",)
    assert glossary_path.read_bytes() == original  # the original glossary, byte for byte
    manifest = read_manifest(run_folder)
    assert manifest is not None and PROPOSAL not in manifest.files  # the terminologist's file


@pytest.mark.parametrize("name", ["article.en.txt", "article.ru.txt"])
def test_a_translation_edited_by_hand_is_never_overwritten_by_an_approval(
    client: TestClient, run_folder: Path, tmp_path: Path, name: str
) -> None:
    """An English approval with the English file or the Russian one edited: every file of
    the run is published again, so either would be taken for the toolkit's own."""
    from toolkit.translate.approved import ApprovedStore

    by_hand = (run_folder / name).read_text("utf-8") + "A line added by hand.\n"
    (run_folder / name).write_text(by_hand, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in run_folder.iterdir() if p.is_file()}
    answer = save(client, "approve", 1, "The working group met on Monday.", 0)
    assert answer.status_code == 409
    assert f"{name} changed since the toolkit wrote it" in answer.json()["error"]
    after = {p.name: p.read_bytes() for p in run_folder.iterdir() if p.is_file()}
    assert {k: v for k, v in after.items() if k in before} == before
    assert len(ApprovedStore(tmp_path / "tm.sqlite3")) == 0  # nor an approval in the memory


@pytest.mark.parametrize(
    "whose", ["edited by the terminologist", "the user's own", "the user's own, in UTF-16"]
)
def test_a_proposal_file_the_page_did_not_write_last_is_never_overwritten(
    client: TestClient, run_folder: Path, whose: str
) -> None:
    assert save(client, "approve", 1, "The commission met on Monday.", 0).status_code == 200
    assert save(client, "approve", 2, "The commission published its report.", 0).status_code == 200
    wanted = {"term": "کارگروه", "lang": "en", "wording": "commission"}
    if whose == "edited by the terminologist":
        assert client.post("/api/accept", json=wanted).status_code == 200
        edited = (run_folder / PROPOSAL).read_bytes() + "کمیسیون\tcommission\tкомиссия\n".encode()
    else:
        text = "fa\ten\nکارگروه\tpanel\n"
        edited = text.encode("utf-16" if "UTF-16" in whose else "utf-8")
    (run_folder / PROPOSAL).write_bytes(edited)
    again = client.post("/api/accept", json=wanted)
    assert again.status_code == 409
    assert "changed since the page wrote it" in again.json()["error"]
    assert (run_folder / PROPOSAL).read_bytes() == edited


@pytest.mark.parametrize(
    ("old", "start_end", "new", "expected"),
    [
        ("The working group met.", (4, 17), "The commission met.", "commission"),
        ("The joint working group met.", (4, 23), "The joint commission met.", "joint commission"),
        ("The working group met.", (4, 17), "The group met.", "group"),
        ("The working group met.", (4, 17), "They met.", "They"),
        ("The working group met.", (4, 17), "The met.", ""),
    ],
)
def test_the_wording_that_replaced_a_term(
    old: str, start_end: tuple[int, int], new: str, expected: str
) -> None:
    from toolkit.review.folder import _replaced_by

    assert _replaced_by(old, *start_end, new) == expected


# -- hostile text ----------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def hostile_run(tmp_path: Path) -> tuple[Path, Path]:
    glossary = tmp_path / "hostile.tsv"
    glossary.write_text(HOSTILE_GLOSSARY, encoding="utf-8")
    return write_run(tmp_path / "hostile", glossary, HOSTILE_SOURCES, HOSTILE_TARGETS), glossary


def test_hostile_article_and_glossary_are_inert_in_the_served_html(tmp_path: Path) -> None:
    folder, glossary = hostile_run(tmp_path)
    review = ReviewFolder(folder, load_glossary(glossary), memory=tmp_path / "tm.sqlite3")
    client = TestClient(create_app(review))
    save(client, "approve", 1, "<b onmouseover=alert(4)>x</b> the commission met.", 0)
    save(client, "approve", 2, "<b onmouseover=alert(4)>x</b> the commission reported.", 0)
    html = client.get("/").text
    parser = _Tags()
    parser.feed(html)
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    assert scripts == [[("src", "/review.js")]]
    assert not [tag for tag, _ in parser.tags if tag in ("img", "svg")]
    handlers = [(tag, a) for tag, attrs in parser.tags for a, _ in attrs if a.startswith("on")]
    assert handlers == []
    assert "Glossary proposals" in html  # the hostile glossary wording shown there too
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;b onmouseover=alert(4)&gt;x&lt;/b&gt; the commission met." in html
    assert "&lt;img src=x onerror=&#34;window.__pwned=3&#34;&gt;" in html  # the glossary's


# -- the command -----------------------------------------------------------------------------


def serve(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["review", "serve", *args])
    return result.exit_code, result.stderr


def test_a_folder_that_is_not_a_run_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, err = serve([str(tmp_path)])
    assert code == 3
    assert (
        err
        == f"toolkit: error: {tmp_path}: not a toolkit run's folder (no report.json in {MANIFEST})\n"
    )
    code, err = serve([str(tmp_path / "missing")])
    assert (code, err) == (3, f"toolkit: error: {tmp_path / 'missing'}: no such folder\n")


def test_a_port_in_use_is_refused_in_one_line(run_folder: Path, glossary_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, err = serve([str(run_folder), "--glossary", str(glossary_path), "--port", str(port)])
    assert code == 7
    assert err == f"toolkit: error: port {port} on 127.0.0.1 is in use; pass another --port\n"


def test_the_runs_glossary_is_needed_and_checked(run_folder: Path, tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match=r"used the glossary glossary\.tsv; pass it"):
        ReviewFolder(run_folder)
    other = tmp_path / "other.tsv"
    other.write_text("fa\ten\tru\nکارگروه\tcommittee\tкомитет\n", encoding="utf-8")
    code, err = serve([str(run_folder), "--glossary", str(other)])
    assert code == 4 and err.startswith("toolkit: error: ") and "another glossary" in err
    assert err.count("\n") == 1


def test_a_run_without_translations_is_refused(tmp_path: Path) -> None:
    folder = write_run(tmp_path / "out", None, targets={})
    with pytest.raises(InputError, match="no translation"):
        ReviewFolder(folder)


def test_importing_toolkit_imports_no_web_framework() -> None:
    code = (
        "import sys, toolkit, toolkit.cli, toolkit.review.folder, toolkit.cli.review;"
        "bad = [m for m in ('starlette', 'uvicorn', 'fastapi', 'jinja2') if m in sys.modules];"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_glossary_for_a_run_without_one_is_refused(tmp_path: Path, glossary_path: Path) -> None:
    folder = write_run(tmp_path / "plain", None)
    code, err = serve([str(folder), "--glossary", str(glossary_path)])
    assert (code, err) == (
        4,
        f"toolkit: error: {folder}: the run used no glossary; review it without --glossary\n",
    )


def test_the_shipped_glossary_is_found_when_the_run_used_it(tmp_path: Path) -> None:
    from toolkit.cli.review_serve import _shipped_if_used
    from toolkit.translate.factory import DEFAULT_GLOSSARY

    shipped = tmp_path / DEFAULT_GLOSSARY.name
    shipped.write_bytes(DEFAULT_GLOSSARY.read_bytes())
    folder = write_run(tmp_path / "shipped", shipped)
    glossary = _shipped_if_used(str(folder))
    assert glossary is not None
    ReviewFolder(folder, glossary)  # its hash is the run's
    own = write_run(tmp_path / "other", None)
    assert _shipped_if_used(str(own)) is None


def test_the_rewritten_report_still_validates(client: TestClient, run_folder: Path) -> None:
    import jsonschema
    from builders import ROOT

    assert (
        save(client, "approve", 3, "The Ministry of Communications announced it.", 0).status_code
        == 200
    )
    schema = json.loads((ROOT / "toolkit" / "run_report.schema.json").read_text("utf-8"))
    report = json.loads((run_folder / "report.json").read_text("utf-8"))
    seg = report["languages"]["en"]["translation"]["segments"][2]
    assert "approved" in seg
    segments = schema["properties"]["languages"]["additionalProperties"]["properties"]
    segments = {**segments["translation"]["properties"]["segments"], "$defs": schema["$defs"]}
    jsonschema.validate(report["languages"]["en"]["translation"]["segments"], segments)


def test_the_approved_segments_xliff_unit_is_final(client: TestClient, run_folder: Path) -> None:
    import xml.etree.ElementTree as ET

    text = "The Ministry of Communications announced the news."
    assert save(client, "approve", 3, text, 0).status_code == 200
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    root = ET.parse(run_folder / "article.en.xlf").getroot()
    states = {
        u.get("id"): u.find("x:target", ns).get("state")  # type: ignore[union-attr]
        for u in root.iterfind(".//x:trans-unit", ns)
    }
    assert states["3"] == "final"
    assert states["1"] != "final"


def test_without_the_review_extra_the_command_names_it(
    run_folder: Path, glossary_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn raises ImportError
    code, err = serve([str(run_folder), "--glossary", str(glossary_path)])
    assert (code, err) == (
        5,
        "toolkit: error: the review page needs starlette, uvicorn and jinja2: "
        "pip install 'toolkit[review]'\n",
    )


def test_a_memory_that_refuses_an_approval_keeps_the_other_drafts(
    client: TestClient, run_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.errors import OutputError

    draft = "The Ministry of Communications announced the news."
    assert save(client, "save", 3, draft, 0).status_code == 200

    def refuse(self: ApprovedStore, approval: object) -> bool:
        raise OutputError("tm.sqlite3: cannot write an approved translation (database is locked)")

    monkeypatch.setattr(ApprovedStore, "approve", refuse)
    answer = save(client, "approve", 1, "The working group met on Monday.", 0)
    assert answer.status_code == 500 and "database is locked" in answer.json()["error"]
    monkeypatch.undo()
    assert draft in client.get("/").text  # segment 3's draft survived the failed approval
    assert save(client, "save", 3, draft + " Today.", 1).status_code == 200


@pytest.mark.parametrize(
    "state",
    ["{not json", '{"versions": []}', '{"versions": {"en#1": "x"}}', '{"drafts": 3}'],
)
def test_a_review_state_edited_by_hand_is_refused_in_one_line(
    client: TestClient, run_folder: Path, state: str
) -> None:
    (run_folder / ".toolkit-review.json").write_text(state, encoding="utf-8")
    answer = save(client, "save", 3, "The ministry announced it.", 0)
    assert answer.status_code == 500
    message = answer.json()["error"]
    assert "not a review state the toolkit wrote" in message and "\n" not in message
