"""What a story page shows a reader: an outlet by its name (never an input file's), real
conflicts apart from figures that differ for a reason, a scare quote once with its count."""

from __future__ import annotations

import dataclasses

from counterpoint.model import Conflict, ConflictSide, OutletFraming, ScareQuote, Story
from counterpoint.present.app.views import outlet_names, story_view

from .test_app import make_article, sample_corpus


def test_an_article_without_an_outlet_is_named_by_its_site_else_unknown() -> None:
    named = make_article("n1", "Halvek Courier", "Dock strike", ["Cranes stood idle."], None)
    from_site = make_article("n2", "", "Dock strike ends", ["Work resumed."], None)
    from_site.url = "https://www.balticwire.example/strike"
    bare = make_article("n3", "", "Strike over", ["Dockers went back."], None)
    bare.source = "/corpus/003_0d489c237f98444e.html"
    outlet_of, names = outlet_names([named, from_site, bare])
    assert outlet_of == {
        "n1": "Halvek Courier",
        "n2": "balticwire.example",
        "n3": "unknown outlet",
    }
    assert names["003_0d489c237f98444e"] == "unknown outlet"
    assert "Halvek Courier" not in names


def test_two_articles_without_any_outlet_stay_apart() -> None:
    first = make_article("u1", "", "Strike", ["Dockers walked out."], None)
    second = make_article("u2", "", "Strike ends", ["Dockers went back."], None)
    first.source, second.source = "in/a-17.txt", "in/b-02.txt"
    outlet_of, _ = outlet_names([first, second])
    assert outlet_of == {"u1": "unknown outlet 1", "u2": "unknown outlet 2"}


def test_the_file_stem_a_comparison_used_is_never_shown() -> None:
    corpus = sample_corpus()
    first, second, _ = corpus.articles
    second.outlet, second.source = None, "dumps/0042_baltic.txt"
    story = dataclasses.replace(corpus.stories[0])
    story.framing = [
        OutletFraming("0042_baltic", scare_quotes=[ScareQuote("a2", 0, 4)] * 3),
    ]
    view = story_view(story, [first, second], corpus.claims, corpus.conflicts, corpus.timeline)
    assert view.by_outlet[1][0] == "unknown outlet"
    assert view.conflicts[0].b.outlet == "Baltic Wire"  # the side states its outlet
    assert view.outlet_names["0042_baltic"] == "unknown outlet"
    (quote,) = view.scare_quotes["0042_baltic"]
    assert (quote.text, quote.outlet, quote.count) == ("Port", "unknown outlet", 3)


def test_conflicts_a_reader_must_see_come_first_and_the_rest_are_marked() -> None:
    corpus = sample_corpus()
    (real,) = corpus.conflicts
    side = ConflictSide("a2", 0, 4, 19, "19", "dead", None, "Baltic Wire")
    moved = Conflict("k0", "change_over_time", side, side, "the toll rose", story_id="s1")
    scope = Conflict("k2", "different_scope", side, side, "city against region", story_id="s1")
    story: Story = corpus.stories[0]
    view = story_view(story, corpus.articles, [], [moved, real, scope], [])
    assert [(c.id, c.flagged) for c in view.conflicts] == [
        ("k1", True),
        ("k0", False),
        ("k2", False),
    ]
