"""What a story embedding reads of an article (:func:`story_text`)."""

from __future__ import annotations

from counterpoint.link.embedding import story_text
from counterpoint.model import Article

REPORT = "The river burst its banks overnight and at least 40 people died, officials said."


def _article(title: str, text: str) -> Article:
    return Article(id="a", source="a.txt", text=text, title=title, language="en")


def test_a_gallery_caption_opening_the_page_is_not_read() -> None:
    caption = "2 of 5 | Mourners gather at a mosque in another city on Friday."
    article = _article(caption, f"{caption}\n{REPORT}")
    assert story_text(article) == REPORT


def test_a_caption_ending_on_a_photo_credit_is_not_read() -> None:
    caption = "Rescuers search the mud on Tuesday. Photo by Ana Lima/EPA"
    article = _article("Floods kill 40 in river town", f"{caption}\n{REPORT}")
    assert story_text(article) == f"Floods kill 40 in river town\n{REPORT}"


def test_counts_and_credits_inside_the_report_are_kept() -> None:
    text = "3 of 5 survivors were children.\nThe photo agency said it would appeal."
    article = _article("Floods kill 40 in river town", text)
    assert story_text(article) == f"Floods kill 40 in river town\n{text}"
