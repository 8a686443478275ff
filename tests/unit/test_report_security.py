"""Untrusted text in the report stays text: a strict Content-Security-Policy whose hashes are
the page's own style and script, payloads in every field escaped, only http(s) links."""

from __future__ import annotations

import base64
import hashlib
import re

import lxml.html
import pytest

from counterpoint.model import Corpus, Quote, VoiceQuote
from counterpoint.present.report import render_report

from .test_export_tables import story_corpus

SCRIPT = "<script>alert('s')</script>"
HANDLER = '<img src=x onerror="alert(1)">'
ATTRIBUTE = '" onmouseover="alert(2)" x="'
PAYLOAD = f"{SCRIPT}{HANDLER}{ATTRIBUTE}"
UNSAFE_URLS = [
    "javascript:alert(3)",
    "JaVaScRiPt:alert(4)",
    " javascript:alert(5)",
    "java\tscript:alert(6)",
    "data:text/html,<script>alert(7)</script>",
    "vbscript:msgbox(8)",
]


def hostile_corpus() -> Corpus:
    """The story corpus with a payload in every piece of text that comes from an input."""
    corpus = story_corpus()
    for number, article in enumerate(corpus.articles):
        article.title = f"{PAYLOAD} title"
        article.byline = f"{PAYLOAD} byline"
        article.outlet = f"{PAYLOAD} outlet {number}"
        article.original_publisher = PAYLOAD
        article.source = f"{PAYLOAD}.html"
        article.tags = [PAYLOAD]
        article.captions = [PAYLOAD]
        article.url = UNSAFE_URLS[number % len(UNSAFE_URLS)]
        # Into the text itself, before the annotated spans (offsets shift by the payload).
        shift = len(PAYLOAD)
        article.text = PAYLOAD + article.text
        for kind in ("paragraphs", "sentences", "entities", "quotes", "quantities", "times"):
            for span in getattr(article, kind):
                span.start += shift
                span.end += shift
        for quote in article.quotes:
            quote.speaker = PAYLOAD
            quote.cue = PAYLOAD
            if quote.speaker_start is not None and quote.speaker_end is not None:
                quote.speaker_start += shift
                quote.speaker_end += shift
        article.paragraphs[0].start = 0
        # A quote whose words are the payload, in the text and in the story's voices.
        article.quotes.append(Quote(0, shift, "direct", speaker=PAYLOAD, cue=PAYLOAD))
    story = corpus.stories[0]
    story.title = PAYLOAD
    story.voices[0].speaker = PAYLOAD
    story.voices[0].role = PAYLOAD
    story.voices[0].quotes.append(VoiceQuote("a1", 0, len(PAYLOAD), "direct", PAYLOAD))
    story.framing[0].outlet = PAYLOAD
    story.framing[0].terms[0].term = PAYLOAD
    story.framing[0].actor_labels[0].label = PAYLOAD
    story.framing[0].loaded_terms = [PAYLOAD]
    story.coverage.facts[0].label = PAYLOAD
    story.coverage.outlets[0] = PAYLOAD
    story.voice_balance[0].outlet = PAYLOAD
    for sentence in story.briefing:
        sentence.url = "javascript:alert(9)"
        sentence.outlet = PAYLOAD
    corpus.claims[0].key = PAYLOAD
    corpus.conflicts[0].explanation = PAYLOAD
    corpus.conflicts[0].a.outlet = PAYLOAD
    corpus.timeline[0].note = PAYLOAD
    corpus.problems[0].message = PAYLOAD
    return corpus


def _policy(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    (meta,) = tree.xpath("//meta[@http-equiv='Content-Security-Policy']")
    directives = [d.split() for d in meta.get("content").split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.parametrize("corpus", [Corpus(), story_corpus(), hostile_corpus()])
def test_policy_allows_only_the_pages_own_style_and_script(corpus: Corpus) -> None:
    html = render_report(corpus)
    tree = lxml.html.fromstring(html)
    policy = _policy(tree)
    assert policy["default-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'none'"]
    (script,) = tree.xpath("//script")
    (style,) = tree.xpath("//style")
    assert policy["script-src"] == [_sha256(script.text)]
    assert policy["style-src"] == [_sha256(style.text)]
    assert "unsafe" not in html.split("<body", 1)[0]
    # The policy is read before anything it governs.
    head = [el.tag for el in tree.xpath("//head/*")]
    assert head.index("meta") == 0 and head[1] == "meta" and head.index("style") > 1


def test_payloads_in_every_field_stay_text() -> None:
    html = render_report(hostile_corpus())
    tree = lxml.html.fromstring(html)
    assert len(tree.xpath("//script")) == 1
    assert not tree.xpath("//img | //iframe | //object | //embed | //form | //base")
    handlers = [
        (el.tag, name) for el in tree.iter() for name in el.attrib if name.lower().startswith("on")
    ]
    assert handlers == []
    assert not tree.xpath("//*[@style]")  # the policy would block them; none are needed
    assert SCRIPT not in html and HANDLER not in html
    text = tree.text_content()
    for where in ("title", "byline", "outlet 0"):
        assert f"{PAYLOAD} {where}" in text
    assert text.count(PAYLOAD) > 30
    # The payload quote is highlighted as a quote, as text, in the article and in the voices.
    quoted = tree.xpath("//details[@id='article-a1']//span[contains(@class, 'quote')]")
    assert PAYLOAD in "".join(q.text_content() for q in quoted)
    every_quote = tree.xpath("//table[contains(@class, 'voices')]/following-sibling::details")[0]
    assert f"“{PAYLOAD}”" in every_quote.text_content()


def test_only_web_links_are_links() -> None:
    tree = lxml.html.fromstring(render_report(hostile_corpus()))
    links = tree.xpath("//a/@href")
    assert links and all(h.startswith("#") or re.match(r"https?://", h) for h in links)
    text = tree.text_content()
    assert "javascript:alert(3)" in text  # shown as text instead
    assert "javascript:alert(9)" not in [h.strip() for h in links]
    briefing = tree.xpath("//details[contains(@class, 'briefing')]//a/@href")
    assert briefing and all(h.startswith("#article-") for h in briefing)


def test_an_http_url_with_a_quote_is_escaped_in_the_attribute() -> None:
    corpus = story_corpus()
    corpus.articles[0].url = 'https://harborledger.example/a?q=" onmouseover="alert(1)'
    tree = lxml.html.fromstring(render_report(corpus))
    (link,) = tree.xpath("//a[starts-with(@href, 'https://harborledger.example/a?')]")
    assert link.get("href").endswith('" onmouseover="alert(1)')
    assert link.get("onmouseover") is None
