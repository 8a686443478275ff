"""Text cut into highlighted segments and spans shown inside their sentence, as the report and
the app both show them."""

from __future__ import annotations

from counterpoint.model import Article, Sentence
from counterpoint.present.highlight import in_sentence, safe_url, segments

TEXT = "Rescuers said 412 died. The mayor disputed it on Tuesday, citing 'fewer than 300'."


def test_overlapping_spans_cut_the_text_once_at_each_boundary() -> None:
    spans = [(0, 8, "ent", "ORG: Rescuers"), (0, 23, "quote", "indirect"), (14, 17, "num", "")]
    pieces = segments(TEXT, 0, 24, spans)
    assert "".join(p.text for p in pieces) == TEXT[:24]
    assert [(p.text, p.classes) for p in pieces[:3]] == [
        ("Rescuers", "ent quote"),
        (" said ", "quote"),
        ("412", "num quote"),
    ]
    assert pieces[0].title == "ORG: Rescuers\nindirect"


def test_a_span_crossing_the_range_is_clipped_and_its_tooltip_shown_once() -> None:
    spans = [(10, 40, "quote", "direct"), (10, 40, "quote", "direct")]
    pieces = segments(TEXT, 24, 60, spans)
    assert pieces[0].text == TEXT[24:40] and pieces[0].title == "direct"
    assert pieces[-1].classes == ""


def test_a_span_is_shown_in_its_sentence_else_in_a_window() -> None:
    article = Article(
        id="a", source="a.txt", text=TEXT, sentences=[Sentence(0, 23), Sentence(24, len(TEXT))]
    )
    shown = in_sentence(article, 14, 17, "412")
    assert (shown.before, shown.mark, shown.after) == ("Rescuers said ", "412", " died.")
    # A stated sentence that does not hold the span is ignored.
    assert in_sentence(article, 14, 17, "412", (24, 40)).after == " died."
    bare = Article(id="b", source="b.txt", text=TEXT)
    assert in_sentence(bare, 14, 17, "412").after == TEXT[17:]
    assert in_sentence(bare, 500, 503, "412").mark == "412"


def test_only_web_links_are_links() -> None:
    assert safe_url(" https://example.org/a ") == "https://example.org/a"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("/relative") is None
