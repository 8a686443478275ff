"""Who published what: one outlet name per article, and the independent outlet it counts for.

Comparisons count outlets, not articles: a syndicated copy or a wire rewrite is the voice of its
original publisher, so it counts once, toward that publisher, whatever site carries it.
"""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import urlsplit

from counterpoint.model import Article, DuplicateGroup


def outlet_of(article: Article) -> str:
    """The outlet that published ``article``: its stated name, else its site's host (without
    ``www.``), else its input file's name."""
    if article.outlet and article.outlet.strip():
        return article.outlet.strip()
    host = urlsplit(article.url or "").hostname or ""
    host = host.removeprefix("www.")
    if host:
        return host
    return PurePath(article.source).stem or article.id


def independent_outlets(
    articles: list[Article], duplicates: list[DuplicateGroup]
) -> dict[str, str]:
    """Article id -> the outlet it counts for: the original publisher a copy names, else the
    outlet of its duplicate group's canonical article, else its own."""
    by_id = {article.id: article for article in articles}
    canonical_of = {
        member: group.canonical_id
        for group in duplicates
        for member in group.article_ids
        if group.canonical_id in by_id
    }
    found = {}
    for article in articles:
        if article.original_publisher and article.original_publisher.strip():
            found[article.id] = article.original_publisher.strip()
            continue
        canonical = by_id[canonical_of.get(article.id, article.id)]
        if canonical.original_publisher and canonical.original_publisher.strip():
            found[article.id] = canonical.original_publisher.strip()
        else:
            found[article.id] = outlet_of(canonical)
    return found
