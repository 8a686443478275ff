"""Every language gets real annotation.

A small news corpus in fourteen languages (written here, invented) goes through the whole
pipeline; each article must come out in its language, cut into its sentences, with its direct
quote and speaker, its number, its date and its named people."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

import counterpoint
from counterpoint.model import Article

from ..unit.test_multilingual import STORIES, Story

PUBLISHED = "2024-03-10T09:00:00+00:00"


def write_page(folder: Path, story: Story) -> Path:
    body = html.escape(" ".join(story.sentences))
    page = (
        f'<html lang="{story.language}"><head><title>{html.escape(story.title)}</title>'
        f'<meta property="article:published_time" content="{PUBLISHED}"></head><body>'
        f"<article><h1>{html.escape(story.title)}</h1><p>{body}</p></article></body></html>"
    )
    path = folder / f"{story.language}.html"
    path.write_text(page, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    folder = tmp_path_factory.mktemp("multilingual")
    paths = [write_page(folder, story) for story in STORIES]
    analysed = counterpoint.analyze(paths, db=str(folder / "corpus.db"))
    return {Path(article.source).stem: article for article in analysed.articles}


@pytest.mark.parametrize("story", STORIES, ids=[s.language for s in STORIES])
def test_every_language_gets_real_annotation(corpus: dict[str, Article], story: Story) -> None:
    article = corpus[story.language]
    assert article.language == story.language
    sentences = [article.span(s.start, s.end) for s in article.sentences]
    for sentence in story.sentences:
        assert sentence in sentences
    quotes = [(article.span(q.start, q.end), q.speaker) for q in article.quotes]
    assert (story.quote, story.speaker) in quotes
    assert story.number in [q.value for q in article.quantities]
    assert story.date in [t.value for t in article.times]
    assert story.speaker in {e.canonical for e in article.entities}
    print(
        f"{story.language}: {len(sentences)} sentences, {len(article.entities)} entities, "
        f"{len(article.quotes)} quotes, {len(article.quantities)} quantities, "
        f"{len(article.times)} times"
    )
