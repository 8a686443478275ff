"""The inline SVG charts: marks where the data puts them, escaped text, accessible, no script."""

from __future__ import annotations

import lxml.html
import pytest

from counterpoint.model import TimelineEntry, TimelineMention
from counterpoint.present.charts import (
    ALERT,
    INK,
    WIDTH,
    Bar,
    bar_chart,
    stacked_bar_chart,
    timeline_chart,
)

PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def _mention(article_id: str, value: str, outlet: str | None) -> TimelineMention:
    return TimelineMention(
        article_id=article_id,
        start=0,
        end=40,
        time_start=3,
        time_end=13,
        value=value,
        outlet=outlet,
    )


def _entries() -> list[TimelineEntry]:
    return [
        TimelineEntry(
            id="veto",
            story_id="s1",
            date="2024-03-05",
            mentions=[
                _mention("a1", "2024-03-05", "Harbor Ledger"),
                _mention("a2", "2024-03-07", "Northline"),
            ],
            disputed=True,
            note="dates disagree - Harbor Ledger: 2024-03-05; Northline: 2024-03-07",
        ),
        TimelineEntry(
            id="budget",
            story_id="s1",
            date="2024-03-12",
            mentions=[
                _mention("a1", "2024-03-12", "Harbor Ledger"),
                _mention("a4", "2024-03-12", "Harbor Ledger"),
                _mention("a3", "2024-03-12", None),
                _mention("a5", "sometime soon", "Valley Post"),
            ],
        ),
    ]


def _svg(markup: str) -> lxml.html.HtmlElement:
    tree = lxml.html.fromstring(f"<div>{markup}</div>")
    (svg,) = tree.xpath("//svg")
    return svg


def _assert_accessible(svg: lxml.html.HtmlElement, title: str) -> None:
    assert svg.get("role") == "img"
    assert svg.get("aria-label", "").startswith(title)
    assert svg.xpath("./title")[0].text_content() == title
    assert svg.get("width") == str(WIDTH)
    assert svg.get("viewbox", "").startswith(f"0 0 {WIDTH} ")


def _assert_inert(markup: str, svg: lxml.html.HtmlElement) -> None:
    assert not svg.xpath("//script | //img | //style | //foreignobject")
    assert not [a for el in svg.iter() for a in el.attrib if a.startswith("on") or a == "style"]
    assert "<script" not in markup and "<img" not in markup


def test_timeline_draws_one_mark_per_outlet_and_date() -> None:
    markup = timeline_chart(_entries(), outlet_of={"a3": "Valley Post"})
    svg = _svg(markup)
    _assert_accessible(svg, "Timeline of dated events by outlet")
    marks = [g.xpath("./title")[0].text_content() for g in svg.xpath("//g")]
    assert sorted(marks) == [
        "Harbor Ledger: 2024-03-05 (event dated 2024-03-05; dates disagree - Harbor Ledger: "
        "2024-03-05; Northline: 2024-03-07)",
        "Harbor Ledger: 2024-03-12, 2 mentions",
        "Northline: 2024-03-07 (event dated 2024-03-05; dates disagree - Harbor Ledger: "
        "2024-03-05; Northline: 2024-03-07)",
        "Valley Post: 2024-03-12",  # outlet read from outlet_of
    ]
    lanes = [t.text_content() for t in svg.xpath(f"//text[@text-anchor='end'][@fill='{INK}']")]
    assert lanes == ["Harbor Ledger", "Northline", "Valley Post"]
    assert "1 mentions with unreadable dates not drawn" in svg.get("aria-label")
    assert "1 with disputed dates" in svg.get("aria-label")


def test_timeline_marks_disputed_dates_apart_and_joined() -> None:
    svg = _svg(timeline_chart(_entries()))
    diamonds = svg.xpath(f"//polygon[@fill='{ALERT}']")
    assert len(diamonds) == 3  # two disputed marks and the legend's
    (joint,) = svg.xpath("//line[@stroke-dasharray]")
    harbor, northline = sorted(float(d.get("points").split(",")[0]) for d in diamonds[:2])
    assert float(joint.get("x1")) == pytest.approx(harbor, abs=0.1)
    assert float(joint.get("x2")) == pytest.approx(northline, abs=0.1)
    # Later dates sit further right.
    dots = svg.xpath("//g/circle")
    assert all(float(c.get("cx")) > northline for c in dots)


def test_timeline_draws_a_month_as_a_bar() -> None:
    entry = TimelineEntry(
        id="e", story_id="s", date="2024-03", mentions=[_mention("a", "2024-03", "Northline")]
    )
    svg = _svg(timeline_chart([entry]))
    (bar,) = svg.xpath("//g/rect")
    assert float(bar.get("width")) > WIDTH / 2


def test_a_year_named_in_passing_is_an_arrow_off_the_axis() -> None:
    background = TimelineEntry(
        id="plant",
        story_id="s1",
        date="2021",
        mentions=[_mention("a1", "2021", "Harbor Ledger"), _mention("a1", "2022", "Harbor Ledger")],
    )
    svg = _svg(timeline_chart([background, *_entries()]))
    (arrow,) = [g for g in svg.xpath("//g") if "earlier" in g.xpath("./title")[0].text_content()]
    assert arrow.xpath("./title")[0].text_content() == "Harbor Ledger, earlier: 2021, 2022"
    assert "2 coarser dates outside this range" in svg.get("aria-label")
    # The axis still spans the exact days only: ticks are days of March 2024.
    ticks = [t.text_content() for t in svg.xpath("//text[@fill='#5d6677']")]
    assert ticks and all(t.endswith("Mar") for t in ticks)


def test_timeline_escapes_outlet_names() -> None:
    entry = TimelineEntry(
        id="e", story_id="s", date="2024-03-05", mentions=[_mention("a", "2024-03-05", PAYLOAD)]
    )
    markup = timeline_chart([entry], title=PAYLOAD)
    svg = _svg(markup)
    _assert_inert(markup, svg)
    assert PAYLOAD[:20] in svg.xpath("./title")[0].text_content()


def test_timeline_without_dates_says_so() -> None:
    svg = _svg(timeline_chart([]))
    assert "No dated events" in svg.text_content()
    _assert_accessible(svg, "Timeline of dated events by outlet")


def test_bar_lengths_follow_values_under_group_headings() -> None:
    bars = [
        Bar("official", 6, group="Harbor Ledger"),
        Bar("opposition", 3, group="Harbor Ledger"),
        Bar("expert", 2, group="Northline", note="one economist"),
    ]
    svg = _svg(bar_chart(bars, title="Quotes per voice group", unit="quotes"))
    _assert_accessible(svg, "Quotes per voice group")
    widths = [float(r.get("width")) for r in svg.xpath("//g/rect")]
    assert widths[0] == pytest.approx(2 * widths[1], rel=0.01)
    assert widths[1] == pytest.approx(1.5 * widths[2], rel=0.01)
    tips = [t.text_content() for t in svg.xpath("//g/title")]
    assert tips[2] == "Northline: expert: 2 quotes (one economist)"
    headings = [t.text_content() for t in svg.xpath("//text[@font-weight='600']")]
    assert headings == ["Harbor Ledger", "Northline"]


def test_negative_bars_grow_left_of_zero() -> None:
    svg = _svg(bar_chart([Bar("veto", 3.2), Bar("reform", -1.6)], title="z-scores", digits=1))
    (zero,) = {float(line.get("x1")) for line in svg.xpath("//line")}
    positive, negative = svg.xpath("//g/rect")
    assert float(positive.get("x")) == pytest.approx(zero, abs=0.1)
    assert float(negative.get("x")) + float(negative.get("width")) == pytest.approx(zero, abs=0.1)
    assert float(positive.get("width")) == pytest.approx(2 * float(negative.get("width")), 0.01)
    assert "-1.6" in svg.text_content()


def test_a_fixed_domain_keeps_scores_comparable() -> None:
    bars = [Bar("Kessel", 0.5, group="Northline"), Bar("Marek", -0.25, group="Harbor Ledger")]
    svg = _svg(bar_chart(bars, title="tone", digits=2, domain=(-1.0, 1.0)))
    half, quarter = (float(r.get("width")) for r in svg.xpath("//g/rect"))
    (zero,) = {float(line.get("x1")) for line in svg.xpath("//line")}
    assert half == pytest.approx(2 * quarter, rel=0.01)
    assert WIDTH - 100 < zero + 2 * half < WIDTH  # +1 would reach the right end of the axis
    free = _svg(bar_chart(bars, title="tone", digits=2))
    assert float(free.xpath("//g/rect")[0].get("width")) > half * 1.5
    # The zero line stops at the group headings.
    headings = [float(t.get("y")) for t in svg.xpath("//text[@font-weight='600']")]
    for line in svg.xpath("//line"):
        assert not any(float(line.get("y1")) < y < float(line.get("y2")) for y in headings)


def test_long_labels_are_shortened_with_the_whole_as_tooltip() -> None:
    label = "the interior ministry's spokeswoman for regional affairs"
    svg = _svg(bar_chart([Bar(label, 1)], title="t"))
    (text,) = svg.xpath("//text[@text-anchor='end']")
    assert text.xpath("./title")[0].text_content() == label
    assert text.xpath("./title")[0].tail == label[:33].rstrip() + "…"


def test_bar_chart_escapes_labels() -> None:
    markup = bar_chart([Bar(PAYLOAD, 2, group=PAYLOAD, note=PAYLOAD)], title=PAYLOAD)
    _assert_inert(markup, _svg(markup))


def test_stacked_bars_split_each_row_by_share() -> None:
    rows = [
        ("Harbor Ledger", {"official": 3, "opposition": 1}),
        ("Northline", {"expert": 2, "official": 0}),
    ]
    markup = stacked_bar_chart(
        rows, title="Voice balance", categories=["official", "opposition", "expert"], unit="quotes"
    )
    svg = _svg(markup)
    _assert_accessible(svg, "Voice balance")
    official, opposition, expert = (float(r.get("width")) for r in svg.xpath("//g/rect"))
    assert official == pytest.approx(3 * opposition, rel=0.01)
    assert expert == pytest.approx(official + opposition, rel=0.01)  # each row is full width
    tips = [t.text_content() for t in svg.xpath("//g/title")]
    assert tips[0] == "Harbor Ledger: official 3 quotes of 4 (75%)"
    legend = [t.text_content() for t in svg.xpath("//text")][-3:]
    assert legend == ["official", "opposition", "expert"]


def test_stacked_bars_escape_and_handle_nothing() -> None:
    markup = stacked_bar_chart([(PAYLOAD, {PAYLOAD: 1})], title="t")
    _assert_inert(markup, _svg(markup))
    assert "Nothing to draw" in _svg(stacked_bar_chart([("x", {})], title="t")).text_content()


def test_month_ticks_roll_over_a_december_start() -> None:
    from datetime import date

    from counterpoint.present.charts import _date_ticks

    ticks = _date_ticks(date(2023, 12, 5), date(2024, 6, 1))
    assert [label for _, label in ticks][:2] == ["Jan 2024", "Feb 2024"]
