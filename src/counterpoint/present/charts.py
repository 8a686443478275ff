"""Charts as inline SVG strings, for the report and the web app alike.

Each function is pure: model values in, one ``<svg>`` element out (as :class:`markupsafe.Markup`,
so a Jinja2 template inserts it unescaped while every text inside it has been escaped here).
The SVG carries no script, no ``style`` attribute or element (a strict Content-Security-Policy
allows neither) and no external font: colours are presentation attributes, text uses the
system sans-serif. Each chart is an image to assistive technology (``role="img"``, an
``aria-label`` and a ``<title>``), each mark has its own ``<title>`` (the browser's tooltip),
and the drawing is :data:`WIDTH` pixels wide, scaling down with its column.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from markupsafe import Markup

from counterpoint.datetimes import period
from counterpoint.model import TimelineEntry

WIDTH = 900
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
FONT_SIZE = 12
# Rough advance of one character at FONT_SIZE, to fit labels without measuring text.
CHAR_WIDTH = 6.6
MAX_LABEL_CHARS = 34
ROW_HEIGHT = 22
BAR_HEIGHT = 14
MARGIN = 10
AXIS_HEIGHT = 26
LEGEND_HEIGHT = 22
INK = "#1d2330"
MUTED = "#5d6677"
GRID = "#d9dde5"
ACCENT = "#1f5f99"
ALERT = "#b3261e"
# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999")


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of :func:`bar_chart`: ``group`` heads a block of bars (an outlet, say),
    ``note`` is added to the bar's tooltip."""

    label: str
    value: float
    group: str = ""
    note: str = ""


def timeline_chart(
    entries: Sequence[TimelineEntry],
    *,
    outlet_of: Mapping[str, str] | None = None,
    title: str = "Timeline of dated events by outlet",
) -> Markup:
    """The dated events of a story: one lane per outlet, one mark per outlet and date.

    A mention's own date is drawn (so the two dates of a disputed event sit apart, joined by a
    dashed line and drawn in red as diamonds); a month or year spans its days as a bar. An
    outlet missing from a mention is read from ``outlet_of`` (article id -> outlet).
    """
    outlets_of = outlet_of or {}
    marks: dict[tuple[str, str], _TimelineMark] = {}
    undated = 0
    for entry in entries:
        for mention in entry.mentions:
            days = period(mention.value)
            if days is None:
                undated += 1
                continue
            outlet = mention.outlet or outlets_of.get(mention.article_id) or "unknown outlet"
            key = (entry.id, f"{outlet}\x1f{mention.value}")
            mark = marks.get(key)
            if mark is None:
                marks[key] = _TimelineMark(entry, outlet, mention.value, days[0], days[1])
            else:
                mark.mentions += 1
    if not marks:
        return _empty_chart(title, "No dated events to draw.")
    outlets = sorted({mark.outlet for mark in marks.values()})
    label_width = _label_width(outlets)
    left, right = MARGIN + label_width + 8, WIDTH - MARGIN - 8
    # The axis spans the exact days (a month or a year named in passing would squeeze the
    # story's days into a corner); a coarser date outside them is an arrow at the edge.
    exact = [m for m in marks.values() if m.first == m.last] or list(marks.values())
    first = min(mark.first for mark in exact)
    last = max(mark.last for mark in exact) + timedelta(days=1)
    pad = timedelta(days=max(1, (last - first).days // 25))
    first, last = first - pad, last + pad
    span = (last - first).days

    def x(day: date) -> float:
        return min(right, max(left, left + (day - first).days / span * (right - left)))

    top = MARGIN
    height = top + len(outlets) * ROW_HEIGHT + AXIS_HEIGHT + LEGEND_HEIGHT + MARGIN
    lane = {outlet: top + i * ROW_HEIGHT + ROW_HEIGHT / 2 for i, outlet in enumerate(outlets)}
    parts = []
    for outlet in outlets:
        y = lane[outlet]
        parts.append(_line(left, y, right, y, GRID))
        parts.append(_text(left - 8, y + 4, _short(outlet), anchor="end", full=outlet))
    axis_y = top + len(outlets) * ROW_HEIGHT + 4
    parts.append(_line(left, axis_y, right, axis_y, MUTED))
    for tick, label in _date_ticks(first, last):
        at = x(tick)
        # A label at an end of the axis stays inside the drawing.
        anchor = "end" if at > right - 25 else "start" if at < left + 25 else "middle"
        parts.append(_line(at, top, at, axis_y + 4, GRID))
        parts.append(_text(at, axis_y + 17, label, anchor=anchor, fill=MUTED))
    by_entry: dict[str, list[_TimelineMark]] = defaultdict(list)
    for mark in marks.values():
        by_entry[mark.entry.id].append(mark)
    for group in by_entry.values():
        drawn = [m for m in group if first <= m.last and m.first < last]
        if group[0].entry.disputed and len(drawn) > 1:
            points = sorted((x(m.first), lane[m.outlet]) for m in drawn)
            for (x1, y1), (x2, y2) in itertools.pairwise(points):
                parts.append(_line(x1, y1, x2, y2, ALERT, dashed=True))
    outside: dict[tuple[str, bool], list[_TimelineMark]] = defaultdict(list)
    for mark in sorted(marks.values(), key=lambda m: (m.first, m.outlet)):
        if mark.last < first or mark.first >= last:
            outside[(mark.outlet, mark.first >= last)].append(mark)
        else:
            parts.append(
                _timeline_mark(mark, x(mark.first), x(mark.last + timedelta(days=1)), lane)
            )
    for (outlet, later), off_axis in outside.items():
        parts.append(_edge_arrow(off_axis, right if later else left, lane[outlet], later))
    legend_y = axis_y + AXIS_HEIGHT + 6
    parts.append(_circle(left + 6, legend_y, 5, ACCENT))
    parts.append(_text(left + 16, legend_y + 4, "dated event (a bar: a month or year)"))
    parts.append(_diamond(left + 256, legend_y, 6, ALERT))
    disputed_label = "outlets give incompatible dates (dashed: the same event)"
    parts.append(_text(left + 266, legend_y + 4, disputed_label))
    disputed = sum(1 for e in entries if e.disputed)
    summary = (
        f"{title}: {len(by_entry)} events from {len(outlets)} outlets, "
        f"{first.isoformat()} to {(last - timedelta(days=1)).isoformat()}"
        + (f", {disputed} with disputed dates" if disputed else "")
        + (f"; {undated} mentions with unreadable dates not drawn" if undated else "")
    )
    beyond = sum(len(group) for group in outside.values())
    if beyond:
        summary += f"; {beyond} coarser dates outside this range shown as arrows at its edges"
    return _svg(summary, title, height, parts)


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    unit: str = "",
    digits: int = 0,
    domain: tuple[float, float] | None = None,
) -> Markup:
    """Labelled horizontal bars, in the given order, under a heading per ``group``.

    Negative values grow left of a zero line (a z-score below zero, say); ``unit`` follows
    each value, which is written with ``digits`` decimals. ``domain`` fixes the axis (a score
    in [-1, 1], say) so that charts of the same measure compare; by default it spans the
    values and zero.
    """
    if not bars:
        return _empty_chart(title, "Nothing to draw.")
    label_width = _label_width([bar.label for bar in bars])
    value_width = 12 + CHAR_WIDTH * max(len(_value(b.value, digits, unit)) for b in bars)
    left = MARGIN + label_width + 8
    right = WIDTH - MARGIN - value_width
    low = min(0.0, *(b.value for b in bars), *(domain[:1] if domain else ()))
    high = max(0.0, *(b.value for b in bars), *(domain[1:] if domain else ()))
    scale = (right - left) / ((high - low) or 1.0)
    zero = left - low * scale
    parts = []
    y = MARGIN
    group = None
    for bar in bars:
        if bar.group and bar.group != group:
            group = bar.group
            parts.append(_text(MARGIN, y + 14, _short(group, 60), weight="600", full=group))
            y += ROW_HEIGHT
        start, end = sorted((zero, zero + bar.value * scale))
        colour = ALERT if bar.value < 0 else ACCENT
        value_text = _value(bar.value, digits, unit)
        tooltip = f"{bar.group + ': ' if bar.group else ''}{bar.label}: {value_text}"
        tooltip += f" ({bar.note})" if bar.note else ""
        # The zero line is drawn row by row, so that it never crosses a group heading.
        parts.append(_line(zero, y, zero, y + ROW_HEIGHT, MUTED))
        parts.append(
            f"<g><title>{escape(tooltip)}</title>"
            f'<rect x="{start:.1f}" y="{y + (ROW_HEIGHT - BAR_HEIGHT) / 2:.1f}" '
            f'width="{max(end - start, 1.0):.1f}" height="{BAR_HEIGHT}" fill="{colour}" rx="2"/>'
            f"</g>"
        )
        parts.append(_text(left - 8, y + 15, _short(bar.label), anchor="end", full=bar.label))
        # Left of a negative bar is the label column, so its value goes right of zero.
        parts.append(_text(end + 5, y + 15, value_text, fill=MUTED))
        y += ROW_HEIGHT
    summary = f"{title}: " + "; ".join(
        f"{b.group + ' ' if b.group else ''}{b.label} {_value(b.value, digits, unit)}"
        for b in bars[:12]
    )
    summary += f"; and {len(bars) - 12} more" if len(bars) > 12 else ""
    return _svg(summary, title, y + MARGIN, parts)


def stacked_bar_chart(
    rows: Sequence[tuple[str, Mapping[str, float]]],
    *,
    title: str,
    categories: Sequence[str] = (),
    unit: str = "",
) -> Markup:
    """One bar per row (an outlet), cut into its categories' shares (voice groups, say), each
    segment as long as its share of the row's total; a legend names the colours.
    ``categories`` fixes their order and colours (others follow, alphabetically)."""
    present = {name for _, values in rows for name, value in values.items() if value > 0}
    order = [c for c in categories if c in present] + sorted(present - set(categories))
    if not order:
        return _empty_chart(title, "Nothing to draw.")
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(order)}
    label_width = _label_width([label for label, _ in rows])
    total_width = 12 + CHAR_WIDTH * len(f"{_largest_total(rows):g} {unit}")
    left, right = MARGIN + label_width + 8, WIDTH - MARGIN - total_width
    parts = []
    y = MARGIN
    for label, values in rows:
        total = sum(v for v in values.values() if v > 0)
        parts.append(_text(left - 8, y + 15, _short(label), anchor="end", full=label))
        start = left
        for name in order:
            value = values.get(name, 0)
            if value <= 0:
                continue
            width = value / total * (right - left)
            tooltip = f"{label}: {name} {value:g}{' ' + unit if unit else ''} of {total:g}"
            tooltip += f" ({value / total:.0%})"
            parts.append(
                f"<g><title>{escape(tooltip)}</title>"
                f'<rect x="{start:.1f}" y="{y + (ROW_HEIGHT - BAR_HEIGHT) / 2:.1f}" '
                f'width="{width:.1f}" height="{BAR_HEIGHT}" fill="{colour[name]}"/></g>'
            )
            start += width
        parts.append(_text(right + 6, y + 15, f"{total:g} {unit}".strip(), fill=MUTED))
        y += ROW_HEIGHT
    x = float(left)
    legend_y = y + 12
    for name in order:
        parts.append(
            f'<rect x="{x:.1f}" y="{legend_y - 9}" width="10" height="10" fill="{colour[name]}"/>'
        )
        parts.append(_text(x + 14, legend_y, name, full=name))
        x += 14 + CHAR_WIDTH * len(name) + 18
    summary = f"{title}: " + "; ".join(
        f"{label} " + ", ".join(f"{n} {values[n]:g}" for n in order if values.get(n, 0) > 0)
        for label, values in rows
    )
    return _svg(summary, title, legend_y + LEGEND_HEIGHT - 8, parts)


@dataclass(slots=True)
class _TimelineMark:
    entry: TimelineEntry
    outlet: str
    value: str
    first: date
    last: date
    mentions: int = 1


def _timeline_mark(mark: _TimelineMark, x1: float, x2: float, lane: Mapping[str, float]) -> str:
    y = lane[mark.outlet]
    colour = ALERT if mark.entry.disputed else ACCENT
    times = f", {mark.mentions} mentions" if mark.mentions > 1 else ""
    tooltip = f"{mark.outlet}: {mark.value}{times}"
    if mark.entry.disputed:
        tooltip += f" (event dated {mark.entry.date}; {mark.entry.note})"
    if mark.last > mark.first:
        shape = (
            f'<rect x="{x1:.1f}" y="{y - 5:.1f}" width="{max(x2 - x1, 4.0):.1f}" height="10" '
            f'rx="3" fill="{colour}" fill-opacity="0.45" stroke="{colour}"/>'
        )
    elif mark.entry.disputed:
        shape = _diamond(x1, y, 7, colour)
    else:
        shape = _circle(x1, y, 5, colour)
    return f"<g><title>{escape(tooltip)}</title>{shape}</g>"


def _edge_arrow(marks: list[_TimelineMark], x: float, y: float, later: bool) -> str:
    """Dates of one outlet beyond the axis: a triangle pointing off it, the dates as tooltip."""
    side = "later" if later else "earlier"
    dates = ", ".join(mark.value for mark in marks)
    tooltip = f"{marks[0].outlet}, {side}: {dates}"
    tip, back = (x, x - 8) if later else (x, x + 8)
    points = f"{tip:.1f},{y:.1f} {back:.1f},{y - 5:.1f} {back:.1f},{y + 5:.1f}"
    colour = ALERT if any(mark.entry.disputed for mark in marks) else MUTED
    return f'<g><title>{escape(tooltip)}</title><polygon points="{points}" fill="{colour}"/></g>'


def _date_ticks(first: date, last: date) -> list[tuple[date, str]]:
    """About six readable ticks between ``first`` and ``last``: days, months or years."""
    days = (last - first).days
    if days <= 45:
        step = max(1, math.ceil(days / 6))
        ticks = [first + timedelta(days=i) for i in range(0, days + 1, step)]
        return [(d, d.strftime("%d %b")) for d in ticks]
    if days <= 3 * 365:
        months = (last.year - first.year) * 12 + last.month - first.month
        step = max(1, math.ceil(months / 6))
        ticks = []
        # the first of the month after ``first`` (January of the next year after December)
        year, month = divmod(first.year * 12 + first.month, 12)
        month += 1
        while (year, month) <= (last.year, last.month):
            if (month - 1) % step == 0:
                ticks.append(date(year, month, 1))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return [(d, d.strftime("%b %Y")) for d in ticks]
    step = max(1, math.ceil((last.year - first.year) / 6))
    return [(date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1, step)]


def _largest_total(rows: Sequence[tuple[str, Mapping[str, float]]]) -> float:
    return max((sum(v for v in values.values() if v > 0) for _, values in rows), default=0)


def _value(value: float, digits: int, unit: str) -> str:
    number = f"{value:,.{digits}f}"
    return f"{number} {unit}" if unit else number


def _label_width(labels: Sequence[str]) -> float:
    longest = max((len(_short(label)) for label in labels), default=0)
    return min(MAX_LABEL_CHARS, max(longest, 4)) * CHAR_WIDTH


def _short(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    fill: str = INK,
    weight: str = "400",
    full: str = "",
) -> str:
    # A shortened label keeps its whole text as a tooltip.
    tooltip = f"<title>{escape(full)}</title>" if full and full != text else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" '
        f'font-weight="{weight}">{tooltip}{escape(text)}</text>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, dashed: bool = False) -> str:
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{colour}" stroke-width="1"{dash}/>'
    )


def _circle(x: float, y: float, r: float, colour: str) -> str:
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}" stroke="#fff"/>'


def _diamond(x: float, y: float, r: float, colour: str) -> str:
    points = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
    return f'<polygon points="{points}" fill="{colour}" stroke="#fff"/>'


def _empty_chart(title: str, message: str) -> Markup:
    return _svg(f"{title}: {message}", title, 40, [_text(MARGIN, 24, message, fill=MUTED)])


def _svg(summary: str, title: str, height: float, parts: list[str]) -> Markup:
    height = math.ceil(height)
    return Markup(
        f'<svg class="chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="{escape(FONT)}" font-size="{FONT_SIZE}" '
        f'aria-label="{escape(summary)}">'
        f"<title>{escape(title)}</title><desc>{escape(summary)}</desc>" + "".join(parts) + "</svg>"
    )
