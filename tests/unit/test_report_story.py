"""The report's story views on a story whose comparison fields are all filled: the index,
the fact-by-outlet matrix, voices, framing and the cited briefing, each explained."""

from __future__ import annotations

import lxml.html

from counterpoint.model import ActorLabel, OutletFraming, Story
from counterpoint.present.report import render_report

from .test_export_tables import story_corpus


def _story() -> lxml.html.HtmlElement:
    tree = lxml.html.fromstring(render_report(story_corpus()))
    return tree.xpath("//details[@id='story-s1']")[0]


def test_index_lists_stories_with_their_counts_differences_first() -> None:
    corpus = story_corpus()
    corpus.stories.append(Story(id="quiet", title="A quiet story", article_ids=["a3"]))
    tree = lxml.html.fromstring(render_report(corpus))
    rows = tree.xpath("//table[@class='index']/tbody/tr")
    assert [r.get("data-story") for r in rows] == ["story-s1", "story-quiet"]
    cells = [c.text_content().strip() for c in rows[0].xpath("./td")]
    assert cells[2:] == ["3", "3", "1", "1"]  # articles, outlets, facts, differences
    assert rows[0].xpath(".//a/@href") == ["#story-s1"]
    assert "Harbor Ledger" in rows[0].get("data-search")
    # The story sections follow the index's order.
    assert [d.get("id") for d in tree.xpath("//details[contains(@class, 'story')]")] == [
        "story-s1",
        "story-quiet",
    ]


def test_coverage_matrix_marks_reported_exclusive_and_omitted() -> None:
    matrix = _story().xpath(".//table[@class='matrix']")[0]
    assert matrix.xpath(".//thead/tr/th[@class='outlet']/text()") == ["Harbor Ledger", "Northline"]
    rows = {
        r.xpath("./th")[0].text.strip(): [c.get("class") for c in r.xpath("./td[@class]")]
        for r in matrix.xpath("./tbody/tr")
    }
    assert rows == {
        "vote:votes": ["num", "cell reported", "cell reported"],
        "treaty cost": ["num", "cell exclusive", "cell omitted"],
    }
    explanation = matrix.getparent().getnext().text_content()
    assert "syndicated copy" in explanation and "counts once" in explanation


def test_voices_are_charted_and_listed_with_their_quotes() -> None:
    story = _story()
    charts = [svg.get("aria-label") for svg in story.xpath(".//svg")]
    (balance,) = [label for label in charts if label.startswith("Quotes per group")]
    assert "Harbor Ledger official 1" in balance and "Northline official 1" in balance
    (row,) = story.xpath(".//table[contains(@class, 'voices')]/tbody/tr")
    cells = [c.text_content().strip() for c in row]
    assert cells == ["Ilse Marek", "official", "minister", "2", "Harbor Ledger, Northline"]
    quotes = row.getparent().getparent().getnext().text_content()
    assert "“It is a good day,”" in quotes


def test_framing_shows_terms_labels_scare_quotes_and_tone_with_sentences() -> None:
    framing = _story().xpath(".//details[contains(@class, 'framing')]")[0]
    charts = {svg.xpath("./title")[0].text: svg for svg in framing.xpath(".//svg")}
    terms = charts["Distinctive terms by outlet (z-score)"]
    assert [t.text_content() for t in terms.xpath(".//g/title")] == [
        "Harbor Ledger: treaty: 2.4 (used 3×, log-odds +0.81)",
        "Harbor Ledger: deputies: -1.1 (used 1×, log-odds -0.30)",
    ]
    assert "0.44" in charts["Tone toward each actor, by outlet (-1 to +1)"].get("aria-label")
    text = framing.text_content()
    assert "the minister" in text and "landmark" in text and "“It is”" in text
    assert "The vote was 212 to 87, with 14 abstentions." in text  # the sentence behind the tone
    assert "1.96 is distinctive at the 5% level" in text


def test_briefing_sentences_are_cited_by_part() -> None:
    briefing = _story().xpath(".//details[contains(@class, 'briefing')]")[0]
    assert briefing.xpath(".//h4/text()") == ["What is disputed", "What only some outlets report"]
    first = briefing.xpath(".//ol/li")[0]
    assert first.text.startswith("The vote was 212 to 87")
    assert first.xpath(".//a/@href") == ["#article-a1", "https://harborledger.example/a1"]
    assert "fact: vote:votes" in first.text_content() and "conflict" in first.text_content()
    assert [li.get("value") for li in briefing.xpath(".//ol/li")] == ["1", "2"]


def test_report_is_compact_article_texts_collapsed() -> None:
    tree = lxml.html.fromstring(render_report(story_corpus()))
    articles = tree.xpath("//details[contains(@class, 'article')]")
    assert len(articles) == 3 and all(a.get("open") is None for a in articles)
    # Only the differences, briefing, matrix and timeline open by themselves.
    opened = [
        d for d in tree.xpath("//details[contains(@class, 'block')]") if d.get("open") is not None
    ]
    assert [d.xpath("./summary/h3/text()")[0] for d in opened] == [
        "Briefing",
        "Facts by outlet",
        "Timeline",
    ]


def test_a_story_without_comparison_fields_falls_back_to_its_quotes() -> None:
    story = lxml.html.fromstring(render_report(story_corpus())).xpath("//details[@id='story-s1']")[
        0
    ]
    assert not story.xpath(".//details[contains(@class, 'quoted')]")  # voices replace it
    corpus = story_corpus()
    corpus.stories[0].voices = []
    bare = lxml.html.fromstring(render_report(corpus)).xpath("//details[@id='story-s1']")[0]
    assert bare.xpath(".//details[contains(@class, 'quoted')]")


def test_actor_names_are_grouped_across_outlets() -> None:
    corpus = story_corpus()
    corpus.stories[0].framing.append(
        OutletFraming(
            outlet="Northline",
            actor_labels=[
                ActorLabel("Ilse Marek", "the minister", 1),
                ActorLabel("Ilse Marek", "the hardliner", 3, loaded=True),
            ],
        )
    )
    tree = lxml.html.fromstring(render_report(corpus))
    rows = tree.xpath("//details[@id='story-s1']//table[contains(@class, 'labels')]/tbody/tr")
    assert [[c.text_content().strip() for c in row] for row in rows] == [
        ["Ilse Marek", "the minister", "Harbor Ledger (2), Northline (1)"],
        ["Ilse Marek", "the hardliner loaded", "Northline (3)"],
    ]
