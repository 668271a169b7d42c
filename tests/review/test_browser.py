"""The review page in a real browser: headless Chromium driven by Selenium, over the page
served by uvicorn from a run of the seed article with the tiny model.

Skipped, with the reason, only where Chromium, chromedriver or selenium are missing (CI
installs them: the Makefile's test set-up). With ``TOOLKIT_SCREENSHOTS=DIR`` the tests write
screenshots of the page there (``docs/review-page.png`` in the README is one).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from builders import ROOT, SEED
from click.testing import CliRunner
from review_runs import HOSTILE_GLOSSARY, HOSTILE_SOURCES, HOSTILE_TARGETS, write_run

pytest.importorskip("starlette", reason="the review page needs the toolkit[review] extra")
pytest.importorskip("uvicorn", reason="the review page needs the toolkit[review] extra")

from toolkit.cli import cli
from toolkit.glossary.validate import load_glossary
from toolkit.review.app import create_app
from toolkit.review.folder import ReviewFolder
from toolkit.review.serve import bind
from toolkit.translate.approved import ApprovedStore

GLOSSARY = ROOT / "glossaries" / "iran-russia-ict.tsv"
TERM = "joint working group"
WAIT = 20.0


def _missing(reason: str) -> NoReturn:
    """A skip on a developer's machine; in CI (``CI`` set, where ``make test`` installs the
    browser) a failure, so that the browser tests cannot pass by not running."""
    if os.environ.get("CI"):
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


def _chromium() -> tuple[str, str]:
    """The Chromium binary and its driver, or a skip that says which is missing."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        _missing("selenium is not installed (pip install 'toolkit[dev]')")
    browser = next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p),
        None,
    )
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        missing = " and ".join(
            n for n, p in (("chromium", browser), ("chromedriver", driver)) if p is None
        )
        _missing(f"{missing} not installed (Debian: apt-get install chromium chromium-driver)")
    return browser, driver


class Served:
    """The review page of a folder, served by uvicorn in a thread on a free port."""

    def __init__(self, review: ReviewFolder) -> None:
        import uvicorn

        sock = bind("127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
        config = uvicorn.Config(create_app(review), log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + WAIT
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def seed_run(tiny_nllb: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`toolkit run` of the seed with the tiny model, the domain glossary and XLIFF."""
    base = tmp_path_factory.mktemp("review-run")
    out, memory = base / "seed-run", base / "tm.sqlite3"
    args = [
        "run", str(SEED), "--model", str(tiny_nllb), "--glossary", str(GLOSSARY),
        "--out", str(out), "--cache-path", str(memory), "--n-best", "2", "--xliff", "--quiet",
    ]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    return {"out": out, "memory": memory, "model": tiny_nllb, "args": args}  # type: ignore[dict-item]


@pytest.fixture(scope="module")
def served(seed_run: dict[str, Path]) -> Iterator[Served]:
    review = ReviewFolder(
        seed_run["out"], load_glossary(GLOSSARY), reviewer="ann", memory=seed_run["memory"]
    )
    server = Served(review)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    binary, driver_path = _chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=en"):
        options.add_argument(arg)
    options.add_argument("--window-size=1400,1000")
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    yield driver
    driver.quit()


def wait_until(condition: Callable[[], Any], what: str) -> Any:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def screenshot(driver: Any, name: str) -> None:
    folder = os.environ.get("TOOLKIT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / name))


def term_cell(driver: Any, term: str, lang: str = "en") -> Any:
    """The first target cell of ``lang`` whose badges name ``term``."""
    from selenium.webdriver.common.by import By

    for cell in driver.find_elements(By.CSS_SELECTOR, f'td.tgt[data-lang="{lang}"]'):
        if any(
            b.text.startswith(term + ":") for b in cell.find_elements(By.CSS_SELECTOR, ".badge")
        ):
            return cell
    raise AssertionError(f"no {lang} segment with the term {term!r}")


def texts(cell: Any, selector: str) -> list[str]:
    """The texts of the elements under ``cell`` (read at once: the page replaces them)."""
    script = (
        "return Array.from(arguments[0].querySelectorAll(arguments[1])).map(e => e.textContent)"
    )
    return list(cell.parent.execute_script(script, cell, selector))


def term_findings(cell: Any, term: str) -> list[str]:
    return [t for t in texts(cell, 'li.finding[data-check="term"]') if term in t]


def replace_text(driver: Any, cell: Any, text: str) -> None:
    """Edit a target in place: the Edit button, select all, type."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    cell.find_element(By.CSS_SELECTOR, "button.edit").click()
    editor = cell.find_element(By.CSS_SELECTOR, ".text")
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys(text)


def test_edit_checks_again_and_approve_writes_the_memory_and_the_run(
    browser: Any, served: Served, seed_run: dict[str, Path]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(served.url)
    assert browser.find_element(By.CSS_SELECTOR, "td.src").get_attribute("dir") == "rtl"
    cell = term_cell(browser, TERM)
    index = int(cell.get_attribute("data-index"))
    source = browser.find_element(By.CSS_SELECTOR, f"#seg-{index} td.src").text
    assert term_findings(cell, TERM) == []

    # Without the term: saved (Save), checked again at once, the finding appears.
    replace_text(browser, cell, "The fifth meeting of the commission of Iran and Russia.")
    cell.find_element(By.CSS_SELECTOR, "button.save").click()
    wait_until(lambda: term_findings(cell, TERM), "the term finding to appear")
    assert "draft" in cell.find_element(By.CSS_SELECTOR, ".state").text

    # The term put in (Ctrl+S saves): the finding disappears without a reload.
    text = "The fifth meeting of the joint working group of Iran and Russia."
    replace_text(browser, cell, text)
    cell.find_element(By.CSS_SELECTOR, ".text").send_keys(Keys.CONTROL, "s")
    wait_until(lambda: not term_findings(cell, TERM), "the term finding to disappear")
    assert f"{TERM}: reviewer" in texts(cell, ".badge")
    screenshot(browser, "review-page-edit.png")

    # Approve with the keyboard (Ctrl+Enter).
    cell.find_element(By.CSS_SELECTOR, ".text").send_keys(Keys.CONTROL, Keys.ENTER)
    state = cell.find_element(By.CSS_SELECTOR, ".state")
    wait_until(lambda: "approved by ann" in state.text, "the approval")
    browser.execute_script("arguments[0].closest('tr').scrollIntoView({block: 'start'})", cell)
    screenshot(browser, "review-page.png")

    store = ApprovedStore(seed_run["memory"])
    approval = store.exact(source, "en")
    assert approval is not None
    assert (approval.target, approval.review) == (text, f"page:seed-run#{index}")
    report = json.loads((seed_run["out"] / "report.json").read_text("utf-8"))
    seg = report["languages"]["en"]["translation"]["segments"][index - 1]
    assert seg["text"] == text and seg["approved"]["reviewer"] == "ann"
    assert text in (seed_run["out"] / "article.en.txt").read_text("utf-8")
    assert text in (seed_run["out"] / "article.en.xlf").read_text("utf-8")
    assert text in (seed_run["out"] / "article.tmx").read_text("utf-8")

    # A reload shows it approved: the page reads the rewritten run.
    browser.refresh()
    cell = browser.find_element(By.CSS_SELECTOR, f'td.tgt[data-lang="en"][data-index="{index}"]')
    assert cell.find_element(By.CSS_SELECTOR, ".text").text == text
    assert "approved by ann" in cell.find_element(By.CSS_SELECTOR, ".state").text


def test_keys_move_between_segments(browser: Any, served: Served) -> None:
    from selenium.webdriver.common.by import By

    browser.get(served.url)
    body = browser.find_element(By.TAG_NAME, "body")
    current = lambda: browser.find_element(By.CSS_SELECTOR, "tr.current").get_attribute("id")  # noqa: E731
    assert current() == "seg-1"
    body.send_keys("jj")
    assert current() == "seg-3"
    body.send_keys("k")
    assert current() == "seg-2"


def test_a_stale_save_from_a_second_window_is_refused_and_shown(
    browser: Any, served: Served
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(served.url)
    first = browser.current_window_handle
    browser.switch_to.new_window("window")
    browser.get(served.url)
    second = browser.current_window_handle
    selector = 'td.tgt[data-lang="ru"][data-index="2"]'

    theirs = "Вторая правка: рабочая группа собралась."
    cell = browser.find_element(By.CSS_SELECTOR, selector)
    replace_text(browser, cell, theirs)
    cell.find_element(By.CSS_SELECTOR, "button.save").click()
    wait_until(lambda: cell.get_attribute("data-version") == "1", "the second window's save")

    browser.switch_to.window(first)
    mine = "Первая правка, сохранённая поздно."
    cell = browser.find_element(By.CSS_SELECTOR, selector)
    replace_text(browser, cell, mine)
    cell.find_element(By.CSS_SELECTOR, "button.save").click()
    box = cell.find_element(By.CSS_SELECTOR, ".notice")
    wait_until(lambda: "conflict" in box.get_attribute("class"), "the refusal")
    assert box.is_displayed()
    assert "changed by someone else" in box.text
    assert theirs in box.text  # their version shown
    assert cell.find_element(By.CSS_SELECTOR, ".text").text == mine  # mine kept, not lost
    screenshot(browser, "review-page-conflict.png")
    browser.switch_to.window(second)
    browser.close()
    browser.switch_to.window(first)


def test_hostile_article_and_glossary_run_no_script_in_the_browser(
    browser: Any, tmp_path: Path
) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    glossary = tmp_path / "hostile.tsv"
    glossary.write_text(HOSTILE_GLOSSARY, encoding="utf-8")
    folder = write_run(tmp_path / "hostile", glossary, HOSTILE_SOURCES, HOSTILE_TARGETS)
    review = ReviewFolder(folder, load_glossary(glossary), memory=tmp_path / "tm.db")
    for index in (1, 2):  # two approvals: a proposal that shows the hostile glossary wording
        review.approve("en", index, "commission", 0)
    server = Served(review)
    try:
        browser.get(server.url)
        wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "body.js"), "the page's script")
        assert browser.find_elements(By.CSS_SELECTOR, "li.proposal")
        cell = browser.find_element(By.CSS_SELECTOR, 'td.tgt[data-index="1"]')
        # Approved text from the page itself, shown again after a save, is as inert.
        replace_text(browser, cell, "<img src=x onerror=window.__pwned=5> met.")
        cell.find_element(By.CSS_SELECTOR, "button.save").click()
        wait_until(lambda: cell.get_attribute("data-version") == "2", "the save")
        time.sleep(0.3)
        assert browser.execute_script("return window.__pwned === undefined")
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018
        assert "<script>window.__pwned=1</script>" in browser.find_element(By.ID, "seg-1").text
        assert not browser.find_elements(By.CSS_SELECTOR, "#segments img, #segments svg")
        # Accepting the proposal writes the new glossary beside the run, never the original.
        original = glossary.read_bytes()
        browser.find_element(By.CSS_SELECTOR, "li.proposal button.accept").click()
        wait_until(
            lambda: "accepted" in " ".join(texts(browser.find_element(By.ID, "proposals"), "li")),
            "the accepted proposal",
        )
        assert (folder / "glossary-proposal.tsv").is_file()
        assert glossary.read_bytes() == original
        assert browser.execute_script("return window.__pwned === undefined")
    finally:
        server.stop()


def test_a_rerun_reuses_the_approved_sentence(seed_run: dict[str, Path]) -> None:
    out, memory = seed_run["out"], seed_run["memory"]
    review = ReviewFolder(out, load_glossary(GLOSSARY), reviewer="bob", memory=memory)
    row = review.rows()[0]
    text = "Mehr News Agency reports, citing the Ministry of Information and Communications Technology."
    review.approve("en", row.index, text, review.view("en", row.index).version)
    result = CliRunner().invoke(cli, [*seed_run["args"], "--force"])  # type: ignore[list-item]
    assert result.exit_code == 0, result.stderr
    report = json.loads((out / "report.json").read_text("utf-8"))
    seg = report["languages"]["en"]["translation"]["segments"][row.index - 1]
    assert seg["text"] == text
    assert seg["approved"]["reviewer"] == "bob"
    assert seg["approved"]["review"] == f"page:{out.name}#{row.index}"
