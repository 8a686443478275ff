"""The HTML report on hand-built corpora: escaping, no network, spans rendered by offset."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html

from counterpoint.model import Article, Corpus, Entity, Paragraph, Problem, Quote, Story
from counterpoint.present.report import render_report, write_report

from .test_export import TITLE, sample_corpus

# A tag that makes a browser fetch something: scripts, styles, images, frames, media.
RESOURCE = re.compile(
    r"<(script|link|img|iframe|source|video|audio|embed|object)\b[^>]*\b(src|href|data)\s*=",
    re.IGNORECASE,
)


def test_report_is_self_contained(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    write_report(sample_corpus(), path)
    html = path.read_text(encoding="utf-8")
    assert not RESOURCE.search(html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html, re.IGNORECASE)
    assert "@import" not in html
    # The only http(s) URLs are the articles' own addresses, as plain links.
    for url in re.findall(r"https?://[^\s\"'<>]+", html):
        assert url.startswith(("https://harborledger", "https://northline", "https://valleypost"))


def test_title_with_markup_is_escaped() -> None:
    html = render_report(sample_corpus())
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    # Only the report's own inline script remains.
    assert len(lxml.html.fromstring(html).xpath("//script")) == 1


def test_unsafe_article_url_is_not_a_link() -> None:
    corpus = sample_corpus()
    corpus.articles[0].url = "javascript:alert(1)"
    tree = lxml.html.fromstring(render_report(corpus))
    assert not [h for h in tree.xpath("//a/@href") if h.lower().startswith("javascript")]


def test_article_text_is_rebuilt_exactly_from_segments() -> None:
    corpus = sample_corpus()
    tree = lxml.html.fromstring(render_report(corpus))
    for article in corpus.articles:
        blocks = tree.xpath(f"//details[@id='article-{article.id}']//div[@class='text']/*")
        assert [b.text_content() for b in blocks] == [
            article.text[p.start : p.end] for p in article.paragraphs
        ]


def test_spans_are_highlighted_by_offset() -> None:
    corpus = sample_corpus()
    first = corpus.articles[0]
    tree = lxml.html.fromstring(render_report(corpus))
    text = tree.xpath(f"//details[@id='article-{first.id}']//div[@class='text']")[0]
    numbers = [s.text_content() for s in text.xpath(".//span[contains(@class, 'num')]")]
    assert numbers == ["212 to 87, with 14 abstentions", "€450 million"]
    quotes = [s.text_content() for s in text.xpath(".//span[contains(@class, 'quote')]")]
    assert "".join(quotes) == "It is a good day,"  # split where the time span "day" starts
    speaker = text.xpath(".//span[contains(@class, 'speaker')]")[0]
    assert speaker.text_content() == "Ilse Marek"
    assert "ent" in speaker.get("class").split()  # the entity and speaker spans overlap
    assert "vote_tally: 212" in text.xpath(".//span[contains(@class, 'num')]/@title")[0]


def test_overlapping_spans_are_split_not_lost() -> None:
    text = 'Title\n\n"Marek said <b>no</b>," he said.'
    quote_start = text.index("Marek")
    quote_end = text.index(',"') + 1
    article = Article(
        id="x",
        source="x.txt",
        text=text,
        paragraphs=[Paragraph(0, 5, "title"), Paragraph(7, len(text), "paragraph")],
        quotes=[Quote(quote_start, quote_end, "direct", speaker=None)],
        entities=[Entity(quote_start, quote_start + 5, "PERSON", "Ilse Marek", "e1")],
    )
    html = render_report(Corpus(articles=[article]))
    assert "<b>no</b>" not in html and "&lt;b&gt;no&lt;/b&gt;" in html
    tree = lxml.html.fromstring(html)
    spans = tree.xpath("//div[@class='text']//span")
    assert [(s.get("class"), s.text_content()) for s in spans] == [
        ("ent quote", "Marek"),
        ("quote", " said <b>no</b>,"),
    ]
    assert "speaker not identified" in spans[1].get("title")


def test_conflicts_show_both_sides_in_their_sentence() -> None:
    tree = lxml.html.fromstring(render_report(sample_corpus()))
    conflict = tree.xpath("//div[contains(@class, 'conflict')]")[0]
    assert "Harbor Ledger: 212 votes for; Northline: 210 votes for" in conflict.text_content()
    marks = [m.text_content() for m in conflict.xpath(".//mark")]
    assert marks == ["212 to 87, with 14 abstentions", "210 to 87, with 14 abstentions"]
    sides = [b.text_content() for b in conflict.xpath(".//blockquote")]
    assert sides[0] == "The vote was 212 to 87, with 14 abstentions."


def test_story_sections_render() -> None:
    html = render_report(sample_corpus())
    tree = lxml.html.fromstring(html)
    story = tree.xpath("//details[@id='story-s1']")[0]
    assert story.get("open") is not None  # a story with a flagged difference starts open
    outlets = story.xpath(".//table[@class='coverage']//tbody/tr/th/text()")
    assert outlets == ["Harbor Ledger", "Northline", "Valley Post"]
    assert "copy of" in story.text_content()  # the syndicated copy is marked
    assert story.xpath(".//details[contains(@class, 'status-conflict')]")
    quoted = story.xpath(".//details[contains(@class, 'quoted')]/summary")[0].text_content()
    assert "Ilse Marek" in quoted
    timeline = story.xpath(".//ol[@class='timeline']/li")
    assert len(timeline) == 1 and "2031-03-03" in timeline[0].text_content()
    assert story.xpath(".//svg[@role='img']")  # the timeline chart
    assert tree.xpath("//td[@class='path']/text()") == ["/corpus/broken.html"]


def test_event_links_to_its_storyline() -> None:
    corpus = sample_corpus()
    line = Story(id="line", title="The Varna treaty saga", article_ids=["a1", "a2", "a3"])
    corpus.stories[0].parent_id = "line"
    corpus.stories.append(line)
    tree = lxml.html.fromstring(render_report(corpus))
    event = tree.xpath("//details[@id='story-s1']")[0]
    assert event.xpath("./p[contains(@class, 'muted')]/a/@href") == ["#story-line"]
    line_title = tree.xpath("//details[@id='story-line']/summary/h2/text()")
    assert line_title == ["The Varna treaty saga"]
    assert tree.xpath("//details[@id='story-line']")[0].get("open") is None


def test_empty_corpus_renders() -> None:
    html = render_report(Corpus())
    assert "No stories were formed" in html
    assert "No articles were read" in html
    assert "Every input was read without problems" in html


def test_articles_without_stories_or_annotations_render() -> None:
    bare = Article(id="bare", source="in.jsonl", record_key="line:2", text="Only a line.")
    corpus = Corpus(
        articles=[bare], problems=[Problem("in.jsonl", "ingest", "invalid JSON", "line:1")]
    )
    tree = lxml.html.fromstring(render_report(corpus))
    assert tree.xpath("//section[@id='unassigned']//a/@href") == ["#article-bare"]
    rebuilt = tree.xpath("//details[@id='article-bare']//div[@class='text']")[0]
    assert rebuilt.text_content().strip() == "Only a line."
    assert "in.jsonl#line:2" in tree.xpath("//details[@id='article-bare']")[0].text_content()
    assert TITLE not in tree.text_content()
