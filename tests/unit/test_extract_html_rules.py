"""extract_html's block rules: what each drops is recorded with its name, nested blocks keep
their word boundaries, and the headline and description are not repeated in the body."""

from __future__ import annotations

from dataclasses import replace

from counterpoint.extract.assemble import Block
from counterpoint.extract.html import extract_html
from counterpoint.extract.html_filter import RULES, PageContext, firing_rules, judge
from counterpoint.extract.options import DEFAULT_OPTIONS

from .test_extract_html import ARTICLE_TITLE, PARAGRAPHS, page

# The prompt rule asked anywhere in the body, whether or not the shipped choice takes it.
PROMPTS = replace(DEFAULT_OPTIONS, html_rules=DEFAULT_OPTIONS.html_rules | {"furniture_prompt"})


def test_every_dropped_block_is_in_removed_with_its_rule_and_place() -> None:
    prompt = "Sign up for our morning newsletter"
    html = page(paragraphs=["19/11/2024 08:30", *PARAGRAPHS, f"{prompt}!"])
    extraction = extract_html(html, options=PROMPTS)
    body = "\n".join(block.text for block in extraction.body)
    assert "19/11/2024" not in body and prompt not in body
    reasons = {block.reason for block in extraction.removed}
    assert {"dateline", "furniture_prompt"} <= reasons
    assert reasons <= set(RULES)
    prompt_block = next(b for b in extraction.removed if b.reason == "furniture_prompt")
    # the offsets are into the raw page as given, at the dropped words
    assert html[prompt_block.raw_start : prompt_block.raw_end].startswith("Sign up for our")
    assert prompt in html[prompt_block.raw_start : prompt_block.raw_end + 2]


def test_removed_offsets_span_the_words_across_markup() -> None:
    teaser = "Read more: Tram plans <b>face</b> fresh&nbsp;scrutiny from regional auditors"
    html = page(article=f"<p>{teaser}</p>")
    removals = extract_html(html, options=PROMPTS).removed
    (removed,) = [b for b in removals if b.reason == "furniture_prompt"]
    assert html[removed.raw_start : removed.raw_end] == teaser


def test_a_rule_left_out_of_the_options_drops_nothing() -> None:
    html = page(paragraphs=[*PARAGRAPHS, "Sign up for our morning newsletter!"])
    options = replace(DEFAULT_OPTIONS, html_rules=frozenset({"dateline"}))
    kept = extract_html(html, options=options)
    assert "Sign up for our morning newsletter!" in [block.text for block in kept.body]
    assert all(block.reason != "furniture_prompt" for block in kept.removed)


def test_a_linked_entry_heading_before_prose_is_kept_a_closing_teaser_is_not() -> None:
    blocks = [
        Block(PARAGRAPHS[0], "paragraph"),
        Block("Acme Pro Wireless Charging Pad", "heading"),
        Block(
            "It charges a phone and a watch at once and costs less than most rivals.", "paragraph"
        ),
        Block(PARAGRAPHS[1], "paragraph"),
        Block("Bus drivers vote on new contract terms this week", "paragraph"),
    ]
    links = frozenset({"acmeprowirelesschargingpad", "busdriversvoteonnewcontracttermsthisweek"})
    context = PageContext(frozenset(), "", frozenset(), links)
    fired = firing_rules(blocks, context)
    assert fired[1] == ("link_teaser",)  # the old rule drops the entry's heading
    assert set(fired[4]) == {"link_teaser", "link_teaser_run"}
    options = replace(DEFAULT_OPTIONS, html_rules=frozenset({"link_teaser_run"}))
    assert judge(blocks, context, options) == [None, None, None, None, "link_teaser_run"]


def test_nested_blocks_are_joined_with_a_break_not_glued() -> None:
    items = (
        "<ul><li><h3>Opening hours</h3><p>The depot opens at 6am on weekdays.</p></li>"
        "<li><p>Founded 2019</p><p>Paris office on Rue de Rivoli</p></li></ul>"
        "<table><tr><td><p>Line 4</p><p>Northern loop</p></td><td>12 stops</td></tr></table>"
    )
    text = "\n".join(block.text for block in extract_html(page(article=items)).body)
    for glued in ("hoursThe", "2019Paris", "4Northern"):
        assert glued not in text, glued
    assert "Opening hours\nThe depot opens" in text
    assert "Founded 2019\nParis office" in text
    assert "Line 4\nNorthern loop | 12 stops" in text


def test_headline_and_description_are_not_repeated_as_first_paragraphs() -> None:
    description = "Members split over the cost of the tram extension in a late vote."
    head = (
        f'<meta property="og:title" content="{ARTICLE_TITLE} | City Herald">'
        f'<meta name="description" content="{description}">'
    )
    extraction = extract_html(page(head=head))
    assert extraction.title is not None and extraction.title.text == ARTICLE_TITLE
    texts = [block.text for block in extraction.body]
    assert texts[0] == PARAGRAPHS[0]
    assert ARTICLE_TITLE not in texts and description not in " ".join(texts)
    # a description the page does not print is neither the subtitle nor the body
    assert extraction.subtitle is None
    assert [b.reason for b in extraction.removed] == ["repeats_headline"]


def test_a_description_the_page_prints_as_its_lede_stays_in_the_body() -> None:
    head = f'<meta name="description" content="{PARAGRAPHS[0]}">'
    texts = [block.text for block in extract_html(page(head=head)).body]
    assert texts[0] == PARAGRAPHS[0]


CONTINUED = [
    "Engineers at the depot said the new trams would need a longer maintenance hall, which "
    "the budget does not yet cover, and asked the council to set aside money next year.",
    "The regional transport authority said it would review the plans in January and publish "
    "its own estimate of the running costs before the council votes on the final design.",
]
KEY_POINTS = (
    "Key points: the council approved the budget, the tram extension is funded in part, and "
    "construction may start in spring if the regional share of the money is confirmed soon."
)


def chunked_page() -> str:
    """An article body cut into chunks by an advertising row, each chunk in its own copy of
    the body's container (trafilatura keeps the first), and a summary box that shares the
    container's class but sits elsewhere in the page."""

    def chunk(paragraphs: list[str]) -> str:
        body = "".join(f"<p>{text}</p>" for text in paragraphs)
        return f'<div class="row"><div class="article__body">{body}</div><aside></aside></div>'

    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>'
        f'<nav><a href="/">Home</a></nav><article><h1>{ARTICLE_TITLE}</h1><div class="chunks">'
        f'{chunk(PARAGRAPHS)}<div class="ad-row"><span>Advertisement</span></div>'
        f'{chunk(CONTINUED)}</div></article><div class="summary"><div class="box">'
        f'<div class="article__body"><p>{KEY_POINTS}</p></div></div></div>'
        "<footer><p>Contact us</p></footer></body></html>"
    )


def test_a_body_continued_in_a_repeated_container_is_kept_in_page_order() -> None:
    html = chunked_page()
    texts = [block.text for block in extract_html(html).body]
    assert texts == [*PARAGRAPHS, *CONTINUED]
    options = replace(DEFAULT_OPTIONS, html_region_continuation=False)
    assert [block.text for block in extract_html(html, options=options).body] == PARAGRAPHS
