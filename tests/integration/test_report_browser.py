"""The report in headless Chromium: its own script and style run under its Content-Security-
Policy, and a report full of payloads runs nothing else."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, sync_playwright

from counterpoint.present.report import write_report

from ..unit.test_export_tables import story_corpus
from ..unit.test_report_security import hostile_corpus

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="needs Debian's chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _open(browser: Browser, path: Path) -> tuple[Page, list[str], list[str]]:
    page = browser.new_page()
    messages: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda message: messages.append(message.text))

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    page.goto(path.as_uri())
    return page, messages, dialogs


def _opened(page: Page) -> int:
    return int(page.evaluate("document.querySelectorAll('details.story[open]').length"))


def test_own_script_and_style_apply_under_the_policy(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    write_report(story_corpus(), path)
    page, messages, _ = _open(browser, path)
    # The stylesheet applied: a flagged difference's border colour comes from it.
    colour = page.evaluate("getComputedStyle(document.querySelector('.conflict')).borderLeftColor")
    assert colour == "rgb(179, 38, 30)"
    assert _opened(page) == 1
    page.click("#close-all")
    assert _opened(page) == 0
    page.fill("#filter", "no such story")
    assert page.evaluate("document.getElementById('story-s1').hidden")
    page.fill("#filter", "varna")
    assert not page.evaluate("document.getElementById('story-s1').hidden")
    page.click("#open-all")
    page.click(".conflict a[href='#article-a1']")
    # The script opens the target on `hashchange`, which fires after the click returns.
    page.wait_for_function("document.getElementById('article-a1').open", timeout=5000)
    assert not [m for m in messages if "Content Security Policy" in m]


def test_payloads_run_nothing(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "hostile.html"
    write_report(hostile_corpus(), path)
    page, messages, dialogs = _open(browser, path)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    for element in page.query_selector_all("span[title], a, text")[:60]:
        element.hover()
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("document.images.length") == 0
    assert page.evaluate("document.scripts.length") == 1
    assert not [m for m in messages if "Content Security Policy" in m]
