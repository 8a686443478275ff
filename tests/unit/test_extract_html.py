"""extract_html: body blocks, metadata and robustness."""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from counterpoint.extract.assemble import assemble
from counterpoint.extract.html import extract_html, strip_elements
from counterpoint.extract.options import DEFAULT_OPTIONS

PARAGRAPHS = [
    "The city council approved the new transport budget on Tuesday after a debate that ran "
    "late into the evening, with members split over the cost of the tram extension.",
    "Supporters said the extension would cut journey times for thousands of commuters in the "
    "northern districts, while opponents warned that the estimates had already grown twice.",
    "The mayor told reporters that construction could start next spring if the regional "
    "government confirms its share of the funding before the end of the year.",
    "Residents who attended the session asked for more buses during the works, and the "
    "council agreed to publish a detailed schedule of closures by the end of the month.",
]
ARTICLE_TITLE = "Council approves transport budget after long debate"


def page(
    head: str = "",
    article: str = "",
    *,
    before: str = "",
    after: str = "",
    lang: str = "en",
    paragraphs: list[str] = PARAGRAPHS,
) -> str:
    """A news page: head tags, an <article> with a headline, the given paragraphs and extra
    article markup, and page furniture around it."""
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>'
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>'
        f"{before}<article><h1>{ARTICLE_TITLE}</h1>{body}{article}</article>{after}"
        "<footer><p>Contact us | Privacy policy | Terms of use</p></footer></body></html>"
    )


def body_text(html: str, url: str | None = None) -> str:
    return "\n".join(block.text for block in extract_html(html, url).body)


# --- metadata ----------------------------------------------------------------------------


def test_json_ld_news_article_metadata() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Ignored Site Name"},
            {
                "@type": "NewsArticle",
                "headline": ARTICLE_TITLE,
                "description": "A short summary that the page never shows.",
                "author": [
                    {"@type": "Person", "name": "Ana Ruiz"},
                    {"@type": "Person", "name": "Tom Berg"},
                ],
                "datePublished": "2024-11-19T08:30:00+01:00",
                "publisher": {"@type": "Organization", "name": "The Daily Ledger"},
                "keywords": ["transport", "budget", "city council"],
                "isBasedOn": {"@type": "NewsArticle", "publisher": {"name": "Wire Service"}},
            },
        ],
    }
    html = page(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    result = extract_html(html, "https://ledger.example.com/news/budget")
    assert result.title is not None and result.title.text == ARTICLE_TITLE
    assert result.byline == "Ana Ruiz, Tom Berg"
    assert result.published == datetime(2024, 11, 19, 8, 30, tzinfo=timezone(timedelta(hours=1)))
    assert result.outlet == "The Daily Ledger"
    assert result.tags == ["transport", "budget", "city council"]
    assert result.original_publisher == "Wire Service"
    assert result.language == "en"
    # the description is not shown on the page, so it is no dek
    assert result.subtitle is None


def test_meta_tags_metadata_and_title_without_site_suffix() -> None:
    head = (
        f"<title>{ARTICLE_TITLE} | Le Quotidien</title>"
        '<meta property="og:site_name" content="Le Quotidien">'
        f'<meta property="og:title" content="{ARTICLE_TITLE} - Le Quotidien">'
        '<meta property="article:published_time" content="2024-11-19T07:00:00Z">'
        '<meta property="article:tag" content="transport">'
        '<meta property="article:tag" content="politique locale">'
        '<meta name="author" content="Claire Dubois">'
    )
    result = extract_html(page(head, lang="fr-FR"), "https://www.lequotidien.example/a/1")
    assert result.title is not None and result.title.text == ARTICLE_TITLE
    assert result.outlet == "Le Quotidien"
    assert result.byline == "Claire Dubois"
    assert result.published == datetime(2024, 11, 19, 7, 0, tzinfo=UTC)
    assert result.tags == ["transport", "politique locale"]
    assert result.language == "fr"


def test_unstated_fields_stay_none_and_outlet_falls_back_to_domain() -> None:
    result = extract_html(page(), "https://www.news.example.co.uk/story/42")
    assert result.outlet == "example.co.uk"
    assert result.byline is None
    assert result.published is None
    assert result.original_publisher is None
    assert result.subtitle is None
    assert result.tags == []
    assert result.captions == []
    no_url = extract_html(page())
    assert no_url.outlet is None and no_url.url is None


def test_visible_standfirst_is_the_dek() -> None:
    dek = "Members split over the tram extension but agree on more buses during the works."
    head = f'<meta property="og:description" content="{dek}">'
    html = page(head, before="").replace(
        "</h1>", f'</h1><p class="article-standfirst">{dek}</p>', 1
    )
    # the rule is asked here whether or not the shipped choice takes it
    options = replace(DEFAULT_OPTIONS, html_rules=DEFAULT_OPTIONS.html_rules | {"repeats_dek"})
    result = extract_html(html, options=options)
    assert result.subtitle is not None and result.subtitle.text == dek
    assert dek not in [block.text for block in result.body]


def test_published_is_the_articles_not_a_teasers() -> None:
    teaser = (
        '<aside><h3><a href="/old">An older story about the budget</a></h3>'
        '<time datetime="2019-01-01T10:00:00Z">1 January 2019</time></aside>'
    )
    article_time = '<time itemprop="datePublished" datetime="2024-11-19T09:15:00+00:00">'
    html = page(before=teaser).replace("</h1>", f"</h1>{article_time}19 November</time>", 1)
    result = extract_html(html)
    assert result.published == datetime(2024, 11, 19, 9, 15, tzinfo=UTC)


def test_unset_placeholder_date_gives_way_to_the_real_one() -> None:
    unset = '<meta property="article:published_time" content="0001-01-01T00:00:00Z">'
    article_time = '<time itemprop="datePublished" datetime="2024-11-19T09:15:00+00:00">'
    html = page(unset).replace("</h1>", f"</h1>{article_time}19 November</time>", 1)
    assert extract_html(html).published == datetime(2024, 11, 19, 9, 15, tzinfo=UTC)
    assert extract_html(page(unset)).published is None


def test_syndicated_copy_by_canonical_link_and_by_credit_line() -> None:
    canonical = '<link rel="canonical" href="https://www.harbourgazette.com/story/7">'
    result = extract_html(page(canonical), "https://aggregator.net/copy/7")
    assert result.original_publisher == "harbourgazette.com"
    same_site = '<link rel="canonical" href="https://m.aggregator.net/copy/7">'
    result = extract_html(page(same_site), "https://aggregator.net/copy/7")
    assert result.original_publisher is None
    credit = "<p>This article was originally published on The Harbour Gazette.</p>"
    result = extract_html(page(article=credit), "https://aggregator.net/copy/8")
    assert result.original_publisher == "The Harbour Gazette"
    self_credit = "<p>This article was originally published on Harbour Gazette.</p>"
    result = extract_html(page(article=self_credit), "https://www.harbourgazette.com/a/9")
    assert result.original_publisher is None


def test_captions_are_metadata_not_body() -> None:
    caption = "The tram depot in the northern district. Photo: J. Smith / Agency"
    figure = f'<figure><img src="tram.jpg" alt=""><figcaption>{caption}</figcaption></figure>'
    html = page(article=figure + "<p>" + PARAGRAPHS[0].replace("city", "town") + "</p>")
    result = extract_html(html)
    assert caption in result.captions
    assert "tram depot" not in body_text(html)


# --- body ---------------------------------------------------------------------------------


def test_headings_and_lists_are_kept_as_blocks() -> None:
    extra = (
        "<h2>What the budget includes</h2>"
        "<ul><li>A tram line to the northern districts</li>"
        "<li>Forty new buses for the works period</li>"
        "<li>Safer crossings near the four largest schools</li></ul>"
        f"<p>{PARAGRAPHS[1].replace('Supporters', 'Critics')}</p>"
    )
    result = extract_html(page(article=extra))
    kinds = {block.text: block.kind for block in result.body}
    assert kinds.get("What the budget includes") == "heading"
    assert kinds.get("Forty new buses for the works period") == "paragraph"
    assert all(block.raw_start is None for block in result.blocks())
    text, paragraphs = assemble(result.blocks())
    assert text[paragraphs[0].start : paragraphs[0].end] == ARTICLE_TITLE


def test_comments_teasers_and_prompts_are_dropped() -> None:
    related = (
        "<p>Read more: Tram plans face fresh scrutiny from regional auditors</p>"
        "<p>Sign up for our morning newsletter to get the top stories in your inbox.</p>"
    )
    after = (
        '<section class="related"><h3>Related stories</h3><ul>'
        '<li><a href="/a">Bus drivers vote on new contract terms this week</a></li>'
        '<li><a href="/b">Museum reopens after two years of restoration work</a></li></ul>'
        "</section>"
        '<section id="comments" class="comments"><h3>3 comments</h3>'
        '<div class="comment"><p>I think the tram is a waste of money and nobody will use '
        "it, the buses are fine as they are.</p></div></section>"
    )
    text = body_text(page(article=related, after=after))
    assert PARAGRAPHS[0] in text and PARAGRAPHS[-1] in text
    for furniture in ("Read more", "Sign up", "Bus drivers vote", "waste of money", "comments"):
        assert furniture not in text, furniture


def test_title_repeated_in_body_and_dateline_are_dropped() -> None:
    html = page(
        article="",
        paragraphs=[ARTICLE_TITLE, "19/11/2024 08:30 - updated 10:02", *PARAGRAPHS],
    ).replace(f"<h1>{ARTICLE_TITLE}</h1>", "")
    html = html.replace("<head>", f"<head><title>{ARTICLE_TITLE}</title>", 1)
    blocks = [block.text for block in extract_html(html).body]
    assert blocks[0] == PARAGRAPHS[0]


# --- robustness ---------------------------------------------------------------------------


def _bounded(html: str, seconds: float) -> None:
    """extract_html returns or raises ValueError, within ``seconds``."""
    started = time.perf_counter()
    with contextlib.suppress(ValueError):
        extract_html(html)
    assert time.perf_counter() - started < seconds


def test_huge_page_is_bounded() -> None:
    paragraph = f"<p>{PARAGRAPHS[0]}</p>\n"
    html = "<html><body><article>" + paragraph * (50_000_000 // len(paragraph)) + "</article>"
    _bounded(html + "</body></html>", 20)


def test_huge_script_and_unclosed_elements_are_bounded() -> None:
    _bounded(page(article="<script>" + "var x = 1;" * 3_000_000 + "</script>"), 10)
    _bounded("<html><body>" + "<script>" * 500_000, 10)
    _bounded("<html><body>" + "<svg" * 500_000, 10)


def test_deep_nesting_is_bounded() -> None:
    _bounded("<html><body>" + "<div>" * 300_000 + "text" + "</div>" * 300_000, 10)
    _bounded("<html><body>" + "<b><i>" * 200_000 + PARAGRAPHS[0], 10)


def test_binary_junk_is_a_value_error() -> None:
    junk = os.urandom(200_000).decode("latin-1")
    with pytest.raises(ValueError):
        extract_html(junk)
    with pytest.raises(ValueError):
        extract_html("")


def test_broken_text_is_cleaned_not_fatal() -> None:
    html = page(paragraphs=[p.replace("council", "coun\x00cil \ud800") for p in PARAGRAPHS])
    text = body_text(html)
    assert "\x00" not in text and "\ud800" not in text
    assert "approved the new transport budget" in text


def test_strip_elements_keeps_json_ld_only() -> None:
    html = (
        '<p>a</p><script>var s = "<p>x</p>";</script><SCRIPT type="application/ld+json">{}'
        "</SCRIPT><style>p{}</style><scripts>kept</scripts><svg><text>s</text></svg><p>b</p>"
    )
    assert strip_elements(html) == (
        '<p>a</p></script><SCRIPT type="application/ld+json">{}</SCRIPT></style>'
        "<scripts>kept</scripts></svg><p>b</p>"
    )


def test_a_date_printed_in_the_byline_element_is_the_publication_date() -> None:
    page = (
        "<html><head><title>Teachers rally</title></head><body><article><h1>Teachers rally</h1>"
        '<div class="byline">Ana Lima Associated Press Published 11:34 PM EST Nov 19, 2019</div>'
        "<p>Several thousand teachers wearing red surrounded the statehouse on Tuesday to ask "
        "for better pay and more respect from the legislature.</p>"
        "<p>The rally closed dozens of school districts for the day.</p></article></body></html>"
    )
    extraction = extract_html(page)
    assert extraction.byline == "Ana Lima Associated Press"
    assert extraction.published == datetime(2019, 11, 20, 4, 34, tzinfo=UTC)


def test_a_short_date_line_under_the_headline_dates_an_undated_page() -> None:
    page = (
        "<html><head><title>Partnership announced</title></head><body><article>"
        "<h1>Partnership announced</h1><p>October 12, 2017</p>"
        "<p>The two companies announce a distribution partnership for intensive care units "
        "in Europe, starting with four hospitals next spring.</p></article></body></html>"
    )
    assert extract_html(page).published == datetime(2017, 10, 12, tzinfo=UTC)
