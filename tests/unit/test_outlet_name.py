"""The outlet's name a page's metadata gives: a name written for readers, not a URL, a
handle, a tagline, a machine slug or a section."""

from __future__ import annotations

import lxml.html
import pytest

from counterpoint.extract.html_meta import read_metadata


@pytest.mark.parametrize(
    ("head", "url", "outlet"),
    [
        # a URL or a handle is no name: the publisher's is
        (
            '<meta property="og:site_name" content="https://www.rivernews.in">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Dam opens",'
            ' "publisher": {"@type": "Organization", "name": "River News"}}</script>',
            "https://www.rivernews.in/a/1",
            "River News",
        ),
        (
            '<meta property="og:site_name" content="@rivernews">',
            "https://rivernews.com/a",
            "rivernews.com",
        ),
        # a tagline after the name
        (
            '<meta property="og:site_name" content="Lakeside Post | The valley\'s own paper">',
            "https://lakesidepost.com/a",
            "Lakeside Post",
        ),
        # a machine slug yields to the name written for readers
        (
            '<meta property="og:site_name" content="valleytimes">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Dam opens",'
            ' "publisher": {"@type": "Organization", "name": "The Valley Times"}}</script>',
            "https://www.valleytimes.com/story/1",
            "The Valley Times",
        ),
        # a section name yields to the domain's name in the headline's site segment
        (
            '<meta property="og:site_name" content="World">'
            "<title>Dam opens after decade of delays - Northwire</title>",
            "https://www.northwire.com/world/dam",
            "Northwire",
        ),
        # a name that is not the domain's, with nothing better, stays
        (
            '<meta property="og:site_name" content="Harbour Weekly">',
            "https://hw-media.net/a",
            "Harbour Weekly",
        ),
    ],
)
def test_the_outlet_is_a_name_written_for_readers(head: str, url: str, outlet: str) -> None:
    page = f"<html><head>{head}</head><body><h1>Dam opens</h1><p>Text.</p></body></html>"
    assert read_metadata(lxml.html.fromstring(page), url).outlet == outlet
