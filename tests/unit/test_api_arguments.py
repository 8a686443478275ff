"""The Python API says which argument is wrong and what it accepts."""

from __future__ import annotations

import pytest

import counterpoint

TEXT = "The council met on Monday and approved 12 projects."


@pytest.mark.parametrize("published", ["yesterday", "12/12/2024", ""])
def test_a_published_string_that_is_not_iso_8601_is_refused(published: str) -> None:
    with pytest.raises(ValueError, match=r"published must be a date.*ISO 8601"):
        counterpoint.annotate(TEXT, published=published)


def test_a_published_of_another_type_is_refused() -> None:
    with pytest.raises(TypeError, match="published must be a datetime"):
        counterpoint.annotate(TEXT, published=20241212)  # type: ignore[arg-type]


def test_a_language_that_is_not_a_code_is_refused() -> None:
    with pytest.raises(ValueError, match="language must be an ISO 639-1 code"):
        counterpoint.annotate(TEXT, language="English")


def test_text_must_be_text() -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        counterpoint.annotate(b"bytes")  # type: ignore[arg-type]
