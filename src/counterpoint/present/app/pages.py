"""The HTML pages: the story list, a story, an article, adding articles, the API's docs."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from counterpoint.ingest import read_file
from counterpoint.model import Article, RawDocument, Story, TimelineEntry
from counterpoint.present.app import views
from counterpoint.present.app.api import StoreDep
from counterpoint.present.charts import Bar, bar_chart, stacked_bar_chart, timeline_chart
from counterpoint.present.highlight import safe_url
from counterpoint.store.db import StoryFilter

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
STATIC = Path(__file__).resolve().parents[1] / "static"
STORIES_PER_PAGE = 30
# An original larger than this is not read again to show what the cleaner removed.
MAX_ORIGINAL_BYTES = 20_000_000
VOICE_GROUPS = ("official", "opposition", "expert", "affected", "other")
router = APIRouter(include_in_schema=False)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["date_text"] = views.date_text
    return env


def render(name: str, status: int = 200, **values: Any) -> HTMLResponse:
    html = environment().get_template(f"app/{name}").render(**values)
    return HTMLResponse(html, status_code=status)


def _optional_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@router.get("/", response_class=HTMLResponse)
def story_list(
    store: StoreDep,
    q: Annotated[str, Query(max_length=500)] = "",
    outlet: str = "",
    language: str = "",
    since: str = "",
    until: str = "",
    conflicts: str = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> HTMLResponse:
    where = StoryFilter(
        query=q,
        outlet=outlet or None,
        language=language or None,
        since=_optional_date(since),
        until=_optional_date(until),
        has_conflicts=bool(conflicts),
    )
    found = store.story_page(where, STORIES_PER_PAGE, (page - 1) * STORIES_PER_PAGE)
    chosen = {
        k: v
        for k, v in {
            "q": q,
            "outlet": outlet,
            "language": language,
            "since": since,
            "until": until,
            "conflicts": conflicts,
        }.items()
        if v
    }
    pages = max(1, -(-found.total // STORIES_PER_PAGE))

    def link(number: int) -> str:
        return "/?" + urlencode({**chosen, "page": number})

    return render(
        "stories.html.j2",
        found=found,
        facets=store.facets(),
        chosen=chosen,
        page=page,
        pages=pages,
        previous_link=link(page - 1) if page > 1 else None,
        next_link=link(page + 1) if page < pages else None,
        conflicts_link="/?" + urlencode({**chosen, "conflicts": "1"}),
        title="Stories",
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(store: StoreDep, story_id: str) -> HTMLResponse:
    story = store.story(story_id)
    if story is None:
        raise HTTPException(404, "no such story")
    events = store.events_of(story_id)
    results = store.story_results([story_id, *(event_id for event_id, _ in events)])
    cited = {s.article_id for c in results.conflicts for s in (c.a, c.b)}
    members = store.bare_articles(sorted(set(story.article_ids) | cited))
    view = views.story_view(story, members, results.claims, results.conflicts, results.timeline)
    view.event_titles = dict(events)
    parent = store.story(story.parent_id) if story.parent_id else None
    return render(
        "story.html.j2",
        view=view,
        parent=parent,
        events=events,
        charts=_story_charts(story, view, results.timeline),
        title=story.title,
    )


def _story_charts(
    story: Story, view: views.StoryView, timeline: list[TimelineEntry]
) -> dict[str, Any]:
    charts: dict[str, Any] = {}
    name = view.outlet_names.get
    if timeline:
        charts["timeline"] = timeline_chart(timeline, outlet_of=view.outlet_of)
    if story.voice_balance:
        charts["voices"] = stacked_bar_chart(
            [(name(b.outlet, b.outlet), b.groups) for b in story.voice_balance],
            title="Quotes per outlet by group of voice",
            categories=VOICE_GROUPS,
            unit="quotes",
        )
    terms = [
        Bar(
            t.term,
            t.z,
            group=name(f.outlet, f.outlet),
            note=f"used {t.count} times, log-odds {t.log_odds:.2f}",
        )
        for f in story.framing
        for t in f.terms
    ]
    if terms:
        charts["terms"] = bar_chart(terms, title="Distinctive terms by outlet (z-score)", digits=1)
    tones = [
        Bar(s.actor, s.score, group=name(f.outlet, f.outlet), note=f"{s.mentions} clauses")
        for f in story.framing
        for s in f.sentiment
    ]
    if tones:
        charts["sentiment"] = bar_chart(tones, title="Tone toward each actor by outlet", digits=2)
    return charts


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    store: StoreDep,
    article_id: str,
    cite: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    found = store.articles([article_id])
    if not found:
        raise HTTPException(404, "no such article")
    article = found[0]
    cited = views.parse_cite(cite, len(article.text))
    audited = bool(article.removed) or any(p.raw_start is not None for p in article.paragraphs)
    stories = store.stories_by_id(store.story_ids_of([article.id]).get(article.id, []))
    return render(
        "article.html.j2",
        article=article,
        title=views.article_title(article),
        url=safe_url(article.url),
        blocks=views.article_blocks(article, cited),
        original=views.raw_blocks(article, _original(article)) if audited else [],
        audited=audited,
        stories=stories,
        counts={
            "entities": len(article.entities),
            "quotes": len(article.quotes),
            "quantities": len(article.quantities),
            "times": len(article.times),
            "removed blocks": len(article.removed),
        },
    )


def _original(article: Article) -> RawDocument | None:
    """The input the article was read from, if it is still where it was and unchanged."""
    path = Path(article.source)
    try:
        if not path.is_file() or path.stat().st_size > MAX_ORIGINAL_BYTES:
            return None
    except OSError:
        return None
    for item in read_file(path):
        if (
            isinstance(item, RawDocument)
            and item.record_key == article.record_key
            and item.content_hash == article.content_hash
        ):
            return item
    return None


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


@router.get("/add", response_class=HTMLResponse)
def add_page(request: Request) -> HTMLResponse:
    return render(
        "add.html.j2",
        title="Add articles",
        writable=bool(request.app.state.token),
        max_upload_mb=request.app.state.max_upload_bytes / 1_000_000,
    )


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation.get("summary", ""),
            "parameters": [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "required": p.get("required", False),
                    "type": _type_name(p.get("schema", {})),
                    "description": p.get("description", ""),
                }
                for p in operation.get("parameters", [])
            ],
            "body": "requestBody" in operation,
        }
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]
    return render("docs.html.j2", title="HTTP API", operations=operations, spec=spec)


def _type_name(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_type_name(s) for s in schema["anyOf"])
    return str(schema.get("type", schema.get("format", "")))
