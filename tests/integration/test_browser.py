"""The web app in headless Chromium (Debian's, driven by Playwright) over the examples corpus
analysed by the real pipeline, plus one article of script payloads: find a conflict in two
clicks, filter by outlet, see a quote highlighted, upload an article with the token, and run
no script from what is shown. Screenshots of the main pages go to ``out/screenshots`` (or
``$COUNTERPOINT_SCREENSHOTS``); the best are kept in docs/screenshots."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
TOKEN = "browser-test-token"
SCREENSHOTS = Path(os.environ.get("COUNTERPOINT_SCREENSHOTS", REPO / "out" / "screenshots"))
# Every payload, if it ran, would call alert() (a dialog) or set window.pwned.
PAYLOADS = {
    "title": "<script>alert('title')</script> Quay crane collapses <b>in Ostra</b>",
    "outlet": '<img src=x onerror="alert(1);window.pwned=1">',
    "byline": '"><svg onload="alert(2)">',
    "url": "javascript:alert(document.domain)",
    "published": "2025-03-08T10:00:00+00:00",
    "text": (
        "A crane collapsed at the Ostra quay on Saturday, the port authority said. "
        '<script>window.pwned = 3; alert("body")</script>\n\n'
        "“<img src=y onerror=alert(4)>We heard a crack and ran,” said docker Anselm Vry, "
        'who saw it fall. <a href="javascript:alert(5)">more</a>'
    ),
}


@dataclass(frozen=True)
class Server:
    url: str
    db: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def analyse(paths: list[Path], db: Path) -> None:
    command = [sys.executable, "-m", "counterpoint", "analyze", *map(str, paths), "--db", str(db)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode in (0, 1), done.stderr[-2000:]


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "payloads.jsonl"
    path.write_text(json.dumps(PAYLOADS) + "\n", encoding="utf-8")
    return path


def serve(db: Path, uploads: Path) -> Iterator[Server]:
    """``counterpoint serve`` on a free port, stopped (by its own id) after the tests."""
    port = free_port()
    env = {**os.environ, "COUNTERPOINT_TOKEN": TOKEN, "COUNTERPOINT_WORKERS": "1"}
    command = [sys.executable, "-m", "counterpoint", "serve", "--db", str(db)]
    command += ["--port", str(port), "--uploads", str(uploads)]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/api/articles?limit=1", timeout=2).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                time.sleep(0.1)
        yield Server(url, db)
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, hostile_file: Path) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("app")
    db = folder / "examples.db"
    analyse([REPO / "examples" / "corpus", REPO / "examples" / "coverage", hostile_file], db)
    yield from serve(db, folder / "uploads")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: run scripts/browser-setup.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A page with every dialog it opened and every console error it logged."""

    page: object
    dialogs: list[str]
    errors: list[str]


@pytest.fixture
def page(browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    opened = context.new_page()
    watched = Watched(opened, [], [])

    def on_dialog(dialog) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", on_dialog)
    opened.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda error: watched.errors.append(str(error)))
    yield watched
    context.close()


def shot(page, name: str, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


def test_a_conflict_is_two_clicks_from_the_start(server: Server, page: Watched) -> None:
    tab = page.page
    # the examples' own dates: the payload article (8 March) is left out of the picture
    tab.goto(server.url + "/?since=2024-01-01&until=2025-03-07")
    shot(tab, "story-list.png", full_page=True)
    row = tab.locator("tr", has_text="Assembly ratifies Tarsa River Treaty")
    row.locator("a.badge").click()
    conflict = tab.locator("#conflicts .conflict", has_text="third time").first
    conflict.wait_for()
    marks = conflict.locator("mark.figure").all_inner_texts()
    assert marks == ["third time", "fifth time"]
    tab.evaluate("() => window.scrollTo(0, 0)")
    shot(tab, "story.png")
    assert not page.dialogs and not page.errors


def test_filter_by_outlet(server: Server, page: Watched) -> None:
    tab = page.page
    tab.goto(server.url + "/")
    everything = tab.locator("table.stories tbody tr").count()
    tab.select_option("select[name=outlet]", label="Radio Dravik (2)")
    tab.click("button[type=submit]")
    tab.wait_for_url("**outlet=Radio+Dravik**")
    rows = tab.locator("table.stories tbody tr")
    assert 0 < rows.count() < everything
    for outlets in rows.locator("td.outlets").all_inner_texts():
        assert "Radio Dravik" in outlets


def test_an_article_shows_its_quotes_highlighted(server: Server, page: Watched) -> None:
    tab = page.page
    tab.goto(server.url + "/?q=Kelvane+locked")
    tab.locator("a.story-link").first.click()
    tab.locator(".card a.title", has_text="Fire exits at Kelvane plant were locked").click()
    quotes = tab.locator("#text span.quote")
    assert quotes.count() > 0
    colour = quotes.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    shot(tab, "article.png")
    tab.uncheck("input[data-toggle=quote]")
    colour = quotes.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour in ("rgba(0, 0, 0, 0)", "transparent")


def test_an_upload_with_the_token_is_analysed_and_appears(server: Server, page: Watched) -> None:
    tab = page.page
    tab.goto(server.url + "/add")
    tab.fill("#token", TOKEN)
    tab.fill("input[name=title]", "Tram line to Ostra harbour reopens")
    tab.fill("input[name=outlet]", "Ostra Evening Post")
    tab.fill(
        "textarea[name=text]",
        "Tram line 4 to the Ostra harbour reopened on Monday after nine weeks of repairs, "
        "the city transport office said.\n\n“Riders waited long enough,” said councillor "
        "Oda Brenn, who rode the first car.",
    )
    tab.click("#upload button[type=submit]")
    tab.locator("#status", has_text="Done").wait_for(timeout=240_000)
    tab.locator("#added a").first.click()
    tab.locator("h1", has_text="Tram line to Ostra harbour reopens").wait_for()
    # a quote is cut into several pieces where entities start and end inside it
    assert "Riders waited long enough," in "".join(
        tab.locator("#text span.quote").all_inner_texts()
    )
    tab.goto(server.url + "/?outlet=Ostra+Evening+Post")
    assert tab.locator("table.stories tbody tr").count() == 1
    assert not page.dialogs and not page.errors


def test_a_wrong_token_is_refused_in_the_page(server: Server, page: Watched) -> None:
    tab = page.page
    tab.goto(server.url + "/add")
    tab.fill("#token", "not-the-token")
    tab.fill("textarea[name=text]", "Nothing should be stored.")
    tab.click("#upload button[type=submit]")
    tab.locator("#status", has_text="Refused").wait_for()


def test_payloads_run_no_script_anywhere(server: Server, page: Watched) -> None:
    tab = page.page
    tab.goto(server.url + "/?q=crane+Ostra")
    tab.locator("a.story-link").first.click()
    story_url = tab.url
    tab.locator(".card a.title").first.click()
    article_url = tab.url
    for url in (
        server.url + "/?q=crane+Ostra",
        story_url,
        article_url,
        server.url + "/api/articles",
    ):
        tab.goto(url)
        tab.wait_for_load_state("load")
        assert tab.evaluate("() => window.pwned") is None
        for link in tab.locator("a").evaluate_all("links => links.map(a => a.protocol)"):
            assert link in ("http:", "https:"), link
    tab.goto(article_url)
    # markup in a record's title is stored as its words, and no payload became an element
    assert tab.locator("h1").inner_text() == "Quay crane collapses in Ostra"
    assert tab.locator("main img, main svg[onload], main script").count() == 0
    assert not page.dialogs, page.dialogs
    assert not page.errors, page.errors
