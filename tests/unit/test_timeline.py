"""Story timelines: dated events merged across outlets, date disagreements marked."""

from __future__ import annotations

from datetime import datetime

from counterpoint.compare.timeline import story_timeline

from .test_claims import make_article


def test_same_event_from_two_outlets_is_one_entry_and_clashing_dates_are_disputed() -> None:
    first = make_article(
        "a",
        [
            "Port strike ends.",
            "Dock workers at the northern port ended their strike on March 3.",
            "The regional parliament approved the harbour budget in January.",
        ],
        times=[("March 3", "2024-03-03"), ("January", "2024-01")],
        published=datetime(2024, 3, 5),
        outlet="Harbour Daily",
    )
    second = make_article(
        "b",
        [
            "Strike over at the port.",
            "Dock workers at the northern port ended their strike on March 4.",
        ],
        times=[("March 4", "2024-03-04")],
        published=datetime(2024, 3, 5),
        outlet="Coast Post",
    )
    third = make_article(
        "c",
        ["Dock workers at the northern port ended their strike in March, union leaders said."],
        times=[("March", "2024-03")],
        outlet="Union News",
    )
    entries = story_timeline("s", [first, second, third])
    assert [e.date for e in entries] == ["2024-01", "2024-03-03"]
    budget, strike = entries
    assert not budget.disputed and len(budget.mentions) == 1
    assert {m.outlet for m in strike.mentions} == {"Harbour Daily", "Coast Post", "Union News"}
    assert strike.disputed and "2024-03-04" in strike.note
    for mention in strike.mentions:
        article = {"a": first, "b": second, "c": third}[mention.article_id]
        assert article.text[mention.time_start : mention.time_end].startswith(("March", "in"))


def test_undated_or_unresolved_times_make_no_entry() -> None:
    article = make_article(
        "a", ["Talks resumed on Monday after the dock workers strike."], times=[("Monday", "")]
    )
    assert story_timeline("s", [article]) == []
