"""Time expressions in other languages, from dateparser's locale data: resolved against a
publication date, or left open without one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from counterpoint.annotate import nlp
from counterpoint.annotate.times import find_times
from counterpoint.model import Article, Paragraph

PUBLISHED = datetime(2024, 12, 11, 9, 30)  # a Wednesday


# --- other languages: rules from dateparser's locale data -----------------------------------


def local(text: str, language: str, published: datetime | None = PUBLISHED) -> dict[str, Any]:
    article = Article(
        id="t",
        source="t",
        text=text,
        published=published,
        language=language,
        paragraphs=[Paragraph(0, len(text), "paragraph")],
    )
    found = find_times(article, nlp.load(language)(text))
    return {text[t.start : t.end]: t.value for t in found}


@pytest.mark.parametrize(
    ("language", "text", "surface", "value"),
    [
        ("it", "Il voto si è tenuto il 20 novembre.", "20 novembre", "2024-11-20"),
        ("es", "Ocurrió el 5 de marzo de 2024 en Madrid.", "5 de marzo de 2024", "2024-03-05"),
        ("de", "Am 5. März 2024 begann der Streik.", "5. März 2024", "2024-03-05"),
        ("ru", "Это случилось 5 марта 2024 года.", "5 марта 2024", "2024-03-05"),
        ("tr", "Toplantı 26.11.2024 tarihinde yapıldı.", "26.11.2024", "2024-11-26"),
        ("zh", "会议于2024年3月5日举行。", "2024年3月5日", "2024-03-05"),
        ("ko", "회의는 3월 5일 열렸다.", "3월 5일", "2024-03-05"),
        ("pt", "O acordo foi assinado em março de 2024.", "março de 2024", "2024-03"),
        ("it", "Ieri il governo ha votato.", "Ieri", "2024-12-10"),
        ("ja", "昨日、首相が会見した。", "昨日", "2024-12-10"),
        ("de", "Die Regierung tagte am Montag.", "Montag", "2024-12-09"),
        ("es", "Lo anunció la semana pasada.", "la semana pasada", "2024-12-02/2024-12-08"),
    ],
)
def test_other_languages_resolve_against_publication(
    language: str, text: str, surface: str, value: str
) -> None:
    assert local(text, language)[surface] == value


def test_other_languages_without_publication_date_leave_relative_values_open() -> None:
    assert local("Ieri il governo ha votato il 20 novembre.", "it", None) == {
        "Ieri": None,
        "20 novembre": None,
    }


def test_a_german_noun_is_not_a_relative_day() -> None:
    """ "morgen" is tomorrow, "am Morgen" the morning."""
    assert local("Er kam am Morgen.", "de") == {}
    assert local("Er kommt morgen.", "de") == {"morgen": "2024-12-12"}
