"""The seed pages analysed by the real pipeline and served: the veto-count conflict (the
fourth time against the sixth time the US vetoed a ceasefire resolution) is found in two
clicks from the start page, both figures marked in their sentences. No screenshot is kept:
the seeds are real articles."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from evaluation.seeds import shared_dir

from ..integration import test_browser
from ..integration.test_browser import Server, analyse, serve

# The integration tests' own Chromium and page fixtures, used here too.
browser = test_browser.browser
page = test_browser.page


@pytest.fixture(scope="module")
def seeds_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    seeds = shared_dir() / "data" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"no seed pages at {seeds} (shared data missing)")
    folder = tmp_path_factory.mktemp("seeds")
    analyse([seeds], folder / "seeds.db")
    yield from serve(folder / "seeds.db", folder / "uploads")


def test_the_veto_count_conflict_is_two_clicks_away(seeds_server: Server, page) -> None:
    tab = page.page
    tab.goto(seeds_server.url + "/")
    tab.locator("a.badge.alert").first.click()
    conflicts = tab.locator("#conflicts .conflict")
    conflicts.first.wait_for()
    pairs = [c.locator("mark.figure").all_inner_texts() for c in conflicts.all()]
    assert any(
        any("sixth" in mark for mark in marks) and any("four" in mark for mark in marks)
        for marks in pairs
    ), pairs
    assert not page.dialogs and not page.errors
