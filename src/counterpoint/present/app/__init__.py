"""The web app (``counterpoint serve``): server-rendered pages over a store, the JSON API, and
adding articles through the pipeline. No network at run time: templates, one stylesheet, one
small script and inline SVG charts, all served by the app itself."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from counterpoint.present.app.api import router as api_router
from counterpoint.present.app.jobs import Analyse, Jobs, pipeline_analyse
from counterpoint.present.app.pages import STATIC
from counterpoint.present.app.pages import router as pages_router
from counterpoint.present.app.security import Guard
from counterpoint.store import Store

DEFAULT_MAX_UPLOAD_MB = 20

__all__ = ["create_app"]


def create_app(
    store: Store,
    *,
    token: str | None,
    uploads: Path,
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
    analyse: Analyse = pipeline_analyse,
) -> FastAPI:
    """The app over ``store``. Writes (uploads) need ``token`` as a bearer token and are
    refused when it is empty; uploaded files are kept under ``uploads``; a request body over
    ``max_upload_mb`` is refused. ``analyse`` runs the pipeline on the uploaded paths."""
    app = FastAPI(
        title="Counterpoint",
        summary="Many outlets, one story: articles, stories, facts, conflicts, quotes, entities.",
        description=(
            "Every record has the shape of the JSON export (GET /api/schema gives its JSON "
            "Schema). Listings are pages: `limit` (at most 100) and `offset`, with `total`. "
            "Writes need `Authorization: Bearer <COUNTERPOINT_TOKEN>`."
        ),
        version="1",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.token = token or None
    app.state.max_upload_bytes = int(max_upload_mb * 1_000_000)
    app.state.jobs = Jobs(store, uploads, analyse)
    app.add_middleware(Guard, max_body_bytes=app.state.max_upload_bytes)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api_router)
    app.include_router(pages_router)
    return app
