"""The Python API on the real English pipeline: every accepted form of a publication date
resolves relative times."""

from __future__ import annotations

from datetime import date, datetime

import pytest

import counterpoint

from ..unit.test_api_arguments import TEXT


@pytest.mark.parametrize(
    "published", ["2024-12-12", date(2024, 12, 12), datetime(2024, 12, 12, 9, 30)]
)
def test_accepted_publication_dates_resolve_relative_times(published: object) -> None:
    article = counterpoint.annotate(TEXT, published=published)  # type: ignore[arg-type]
    assert [t.value for t in article.times] == ["2024-12-09"]
