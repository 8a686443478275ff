"""Markup inside a meta tag's value is text at extraction: its words kept, its tags gone."""

from __future__ import annotations

import lxml.html

from counterpoint.extract.html_meta import read_metadata


def _meta(head: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<html><head>{head}</head><body><p>Body.</p></body></html>")


def test_markup_in_meta_values_is_stripped_to_text() -> None:
    tree = _meta(
        '<meta property="og:site_name" content="Harbor &lt;b&gt;Ledger&lt;/b&gt;">'
        '<meta name="author" content="Ana Ruiz<script>alert(1)</script>">'
        '<meta property="article:tag" content="<i>budget</i> &amp; tax">'
    )
    meta = read_metadata(tree, "https://harborledger.example/a/1")
    assert meta.outlet == "Harbor Ledger"
    assert meta.byline == "Ana Ruiz"
    assert meta.tags == ["budget & tax"]


def test_a_value_that_is_only_markup_is_no_value() -> None:
    tree = _meta('<meta property="og:site_name" content="<img src=x onerror=alert(1)>">')
    meta = read_metadata(tree, "https://www.harborledger.example/a/1")
    assert meta.outlet == "harborledger.example"  # the domain, as for a page stating none


def test_plain_values_with_angle_brackets_or_ampersands_are_kept() -> None:
    tree = _meta('<meta property="og:site_name" content="AT&amp;T News: 5 < 6">')
    assert read_metadata(tree).outlet == "AT&T News: 5 < 6"


def test_references_encoded_twice_in_meta_and_json_ld_are_decoded_once() -> None:
    tree = _meta(
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "headline": "Rates rise &#8211; and &#163;4bn goes"}</script>'
        '<meta name="author" content="Ana O&amp;#8217;Neil">'
        '<meta property="og:site_name" content="&amp;lt;img src=x onerror=alert(1)&amp;gt;Ledger">'
    )
    meta = read_metadata(tree, "https://harborledger.example/a/1")
    assert meta.title == "Rates rise – and £4bn goes"
    assert meta.byline == "Ana O’Neil"
    assert meta.outlet == "Ledger"  # markup encoded twice is stripped as markup
