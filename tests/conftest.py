from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from counterpoint.store.schema import metadata

# A short, clean article that every analysis run takes in.
ARTICLE = (
    "Council approves budget\n\n"
    "The city council approved the budget for next year on Monday evening, after a debate that "
    "lasted more than four hours, the mayor's office said in a statement.\n\n"
    "Opposition members said the plan cut too deeply into school funding and promised to bring "
    "the matter back before the council when it meets again in the spring."
)


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=[pytest.mark.integration, pytest.mark.postgres]),
    ]
)
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A fresh database: a SQLite file, and PostgreSQL when COUNTERPOINT_PG_URL is set
    (``make test`` starts a server and sets it)."""
    if request.param == "sqlite":
        yield str(tmp_path / "test.db")
        return
    url = os.environ.get("COUNTERPOINT_PG_URL")
    if not url:
        pytest.skip("COUNTERPOINT_PG_URL not set (make test starts PostgreSQL)")
    _reset_postgres(url)
    yield url
    _reset_postgres(url)


TESTS = Path(__file__).parent
# The folder a test lives in gives its marker, so `-m "not integration and not data"` selects
# what `pytest tests/unit` runs.
FOLDER_MARKERS = ("integration", "data")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        folder = item.path.relative_to(TESTS).parts[0]
        if folder in FOLDER_MARKERS:
            item.add_marker(folder)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A folder holding one good article (:data:`ARTICLE`)."""
    folder = tmp_path / "good"
    folder.mkdir()
    (folder / "budget.txt").write_text(ARTICLE, encoding="utf-8")
    return folder
