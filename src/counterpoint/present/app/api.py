"""The JSON API: every record in the shape of the JSON export (``export.schema.json``),
built by the export's own code, one page at a time."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from starlette.datastructures import UploadFile

from counterpoint.model import Article, Claim, Conflict, TimelineEntry
from counterpoint.present.app.jobs import Jobs, pasted_record, safe_name
from counterpoint.present.app.security import require_token
from counterpoint.present.export import export_schema, records
from counterpoint.store import Store
from counterpoint.store.db import Page, StoryFilter

router = APIRouter(prefix="/api")
Limit = Annotated[int, Query(ge=1, le=100, description="Items per page (at most 100).")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]
SPAN_ENDPOINTS = {"quotes": "quote", "entities": "entity", "quantities": "quantity"}


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(store_of)]


def page(found: Page[Any], items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"total": found.total, "offset": offset, "limit": limit, "items": items}


def _texts_for(store: Store, article_ids: set[str]) -> dict[str, str]:
    """The texts the records' offsets point into, by article id."""
    return {a.id: a.text for a in store.bare_articles(sorted(article_ids))}


@router.get("/schema", summary="The JSON Schema of the export, which every record follows")
def schema() -> dict[str, Any]:
    return export_schema()


@router.get("/articles", summary="Articles with their spans, by date or by search match")
def articles(
    store: StoreDep,
    limit: Limit = 20,
    offset: Offset = 0,
    q: Annotated[str, Query(max_length=500, description="Full-text search words.")] = "",
    outlet: str | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    found = store.article_page(limit, offset, q, outlet, language)
    return page(found, records("articles", found.items), limit, offset)


@router.get("/articles/{article_id}", summary="One article with its spans")
def article(store: StoreDep, article_id: str) -> dict[str, Any]:
    found = store.articles([article_id])
    if not found:
        raise HTTPException(404, "no such article")
    return records("articles", found)[0]


@router.get("/search", summary="Full-text search: matching articles, best first, with stories")
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Search words.")],
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    found = store.article_page(limit, offset, q)
    result = page(found, records("articles", found.items), limit, offset)
    result["story_ids"] = store.story_ids_of([a.id for a in found.items])
    return result


@router.get("/stories", summary="Stories, latest first, filtered as the story list is")
def stories(
    store: StoreDep,
    limit: Limit = 20,
    offset: Offset = 0,
    q: Annotated[str, Query(max_length=500)] = "",
    outlet: str | None = None,
    language: str | None = None,
    since: date | None = None,
    until: date | None = None,
    has_conflicts: bool = False,
) -> dict[str, Any]:
    where = StoryFilter(q, outlet, language, since, until, has_conflicts)
    found = store.story_page(where, limit, offset)
    full = store.stories_by_id([s.id for s in found.items])
    texts = _texts_for(store, {a for s in full for a in s.article_ids})
    return page(found, records("stories", full, texts), limit, offset)


@router.get("/stories/{story_id}", summary="One story with its facts, conflicts and timeline")
def story(store: StoreDep, story_id: str) -> dict[str, Any]:
    found = store.story(story_id)
    if found is None:
        raise HTTPException(404, "no such story")
    results = store.story_results([story_id])
    texts = _texts_for(store, set(found.article_ids))
    return {
        "story": records("stories", [found], texts)[0],
        "claims": records("claims", results.claims, texts),
        "conflicts": records("conflicts", results.conflicts, texts),
        "timeline": records("timeline", results.timeline, texts),
    }


def _results(store: Store, what: str, found: Page[Any]) -> list[dict[str, Any]]:
    ids: set[str] = set()
    for item in found.items:
        if isinstance(item, Claim):
            ids.update(m.article_id for m in item.mentions)
        elif isinstance(item, Conflict):
            ids.update((item.a.article_id, item.b.article_id))
        elif isinstance(item, TimelineEntry):
            ids.update(m.article_id for m in item.mentions)
    return records(what, found.items, _texts_for(store, ids))


@router.get("/facts", summary="Facts (claims): figures of several articles counting one thing")
def facts(
    store: StoreDep, limit: Limit = 20, offset: Offset = 0, story_id: str | None = None
) -> dict[str, Any]:
    found = store.result_page("claims", limit, offset, story_id=story_id)
    return page(found, _results(store, "claims", found), limit, offset)


@router.get("/conflicts", summary="Conflicts between (or within) articles, with both sides")
def conflicts(
    store: StoreDep,
    limit: Limit = 20,
    offset: Offset = 0,
    story_id: str | None = None,
    kind: str | None = None,
) -> dict[str, Any]:
    found = store.result_page("conflicts", limit, offset, story_id=story_id, kind=kind)
    return page(found, _results(store, "conflicts", found), limit, offset)


@router.get("/timeline", summary="Dated events of stories")
def timeline(
    store: StoreDep, limit: Limit = 20, offset: Offset = 0, story_id: str | None = None
) -> dict[str, Any]:
    found = store.result_page("timeline", limit, offset, story_id=story_id)
    return page(found, _results(store, "timeline", found), limit, offset)


def _span_listing(
    store: Store, what: str, limit: int, offset: int, article_id: str | None
) -> dict[str, Any]:
    found = store.span_page(SPAN_ENDPOINTS[what], limit, offset, article_id)
    owners = {a.id: a for a in store.bare_articles(sorted({a for a, _ in found.items}))}
    holders: dict[str, Article] = {}
    for owner, span in found.items:
        base = owners.get(owner)
        if base is None:
            continue
        holder = holders.setdefault(owner, Article(id=owner, source="", text=base.text))
        getattr(holder, what).append(span)
    by_article = {r["id"]: r[what] for r in records("articles", list(holders.values()))}
    items = []
    seen: dict[str, int] = {}
    for owner, _span in found.items:
        if owner not in by_article:
            continue
        index = seen.get(owner, 0)
        seen[owner] = index + 1
        items.append(
            {"article_id": owner, "outlet": owners[owner].outlet, **by_article[owner][index]}
        )
    return page(found, items, limit, offset)


@router.get("/quotes", summary="Quotes, each with its article id and outlet")
def quotes(
    store: StoreDep, limit: Limit = 20, offset: Offset = 0, article_id: str | None = None
) -> dict[str, Any]:
    return _span_listing(store, "quotes", limit, offset, article_id)


@router.get("/entities", summary="Entity mentions, each with its article id and outlet")
def entities(
    store: StoreDep, limit: Limit = 20, offset: Offset = 0, article_id: str | None = None
) -> dict[str, Any]:
    return _span_listing(store, "entities", limit, offset, article_id)


@router.get("/quantities", summary="Quantities, each with its article id and outlet")
def quantities(
    store: StoreDep, limit: Limit = 20, offset: Offset = 0, article_id: str | None = None
) -> dict[str, Any]:
    return _span_listing(store, "quantities", limit, offset, article_id)


PASTED_FIELDS = ("title", "outlet", "url", "published", "byline", "text")
UPLOAD_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Files to analyse, in any input format.",
                        },
                        **{
                            name: {"type": "string", "description": f"Pasted article's {name}."}
                            for name in PASTED_FIELDS
                        },
                    },
                }
            }
        },
    }
}


@router.post(
    "/uploads",
    status_code=202,
    dependencies=[Depends(require_token)],
    summary="Add articles: files and/or pasted text, analysed in the background",
    openapi_extra=UPLOAD_FORM,
)
async def upload(request: Request) -> dict[str, Any]:
    # The form is read here, after the token is checked, not before (as declared form
    # parameters would be): a request without the token never gets its body stored.
    limit = request.app.state.max_upload_bytes
    form = await request.form(max_files=1000, max_fields=50, max_part_size=limit)
    jobs: Jobs = request.app.state.jobs
    uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    fields = {name: str(form.get(name) or "") for name in PASTED_FIELDS}
    if not uploads and not fields["text"].strip():
        raise HTTPException(422, "give at least one file or some pasted text")
    job_id, folder = jobs.folder_for_new_job()
    paths = []
    for index, upload_file in enumerate(uploads):
        path = folder / f"{index:03d}-{safe_name(upload_file.filename or '', 'upload')}"
        path.write_bytes(await upload_file.read())
        paths.append(path)
    if fields["text"].strip():
        path = folder / f"{len(paths):03d}-pasted.jsonl"
        path.write_text(pasted_record(fields), encoding="utf-8")
        paths.append(path)
    return jobs.submit(job_id, paths).public()


@router.get("/jobs/{job_id}", summary="Progress of an upload's analysis")
def job(request: Request, job_id: str) -> dict[str, Any]:
    found = request.app.state.jobs.get(job_id)
    if found is None:
        raise HTTPException(404, "no such job")
    result: dict[str, Any] = found.public()
    return result
