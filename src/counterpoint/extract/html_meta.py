"""Metadata an HTML page states: meta tags, JSON-LD, bylines, ``<html lang>``, canonical links.

Each field takes the most specific source first (the article's JSON-LD object, then Open
Graph / article meta tags, then visible elements such as a byline or ``<time>`` in the
article header) and stays ``None`` when the page does not state it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement, fragment_fromstring

from counterpoint.datetimes import parse_published
from counterpoint.extract.syndication import find_credit
from counterpoint.lexicon import patterns
from counterpoint.model import Metadata

WHITESPACE = re.compile(r"\s+")
# A character reference left in a value already parsed: the page encoded it twice ("&amp;#8211;"
# in a meta tag, "&#8217;" inside a JSON-LD string), a common CMS slip that no reader sees.
LEFT_REFERENCE = re.compile(r"&(?:#\d{2,7}|#x[0-9a-fA-F]{2,6}|[A-Za-z]{2,8});")
# Separators between an article title and the site name in <title> or og:title.
URL_START = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—:·•»]|::)\s+")
# JSON-LD types of an article object (schema.org Article and its subtypes).
ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Report)$")
# Class/id words that mark a dek, a byline or a caption element.
DEK_CLASS = re.compile(r"standfirst|\bdek\b|subhead|sub-?title|summary|\blede\b|intro", re.I)
BYLINE_CLASS = re.compile(r"byline|\bauthor", re.I)
CAPTION_CLASS = re.compile(r"caption|credit", re.I)
BYLINE_PREFIX = re.compile(rf"^\s*(?:{patterns('byline_element_prefixes')})\s*[:\s]\s*", re.I)
# Two-letter second-level labels under which a registrable domain has three labels.
SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"})
# A dek element may extend the description it matches by this factor (a longer one is a
# container holding more than the dek).
DEK_LENGTH_SLACK = 1.3
MAX_TAGS = 40
MAX_CAPTIONS = 60
MAX_JSON_LD_CHARS = 2_000_000


@dataclass(slots=True, kw_only=True)
class PageMeta(Metadata):
    """The :class:`Metadata` one page states about its article, with its stated title forms;
    ``None`` or empty when it does not."""

    title: str | None = None
    headlines: list[str] = field(default_factory=list)  # every stated form of the title
    subtitle: str | None = None
    domain: str | None = None  # the registrable domain of ``url``


def read_metadata(tree: HtmlElement, url: str | None = None) -> PageMeta:
    """Everything :class:`PageMeta` holds, read from an untouched parsed page."""
    metas = _meta_tags(tree)
    article = _article_object(_json_ld(tree))
    canonical = _link_href(tree, "canonical", url)
    page_url = url or canonical or _first(metas, "og:url")
    headlines = _headlines(tree, metas, article)
    outlet = _outlet(
        [_first(metas, "og:site_name", "application-name"), _name_of(article.get("publisher"))],
        _site_segments(headlines),
        _domain_name(page_url),
    )
    return PageMeta(
        title=_title(headlines, outlet),
        headlines=headlines,
        subtitle=_subtitle(tree, metas, article),
        url=page_url,
        domain=_domain_name(page_url),
        outlet=outlet,
        byline=_byline(tree, metas, article),
        published=_published(tree, metas, article),
        original_publisher=_original_publisher(article, canonical, page_url, url),
        language=_language(tree, metas, article),
        tags=_tags(metas, article),
        captions=_captions(tree, article),
    )


def syndication_credit(text: str) -> str | None:
    """The outlet named by a visible "originally published on X" line, if ``text`` is one."""
    credit = find_credit(text)
    return credit.name if credit else None


def normalise_space(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


def text_of_markup(value: str) -> str:
    """A metadata value as text: character references left in it are decoded once, then markup
    inside it (``<img src=x onerror=...>``, encoded or not) is parsed and only its words kept,
    never a script's or a style's; a value without either is unchanged."""
    if LEFT_REFERENCE.search(value):
        value = html.unescape(value)
    if "<" not in value:
        return value
    fragment = fragment_fromstring(value, create_parent="div")
    for code in fragment.xpath(".//script | .//style"):
        code.drop_tree()
    return str(fragment.text_content())


# --- sources -----------------------------------------------------------------------------


def _meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` contents by lower-cased name/property (all values, in page order), as text
    (:func:`text_of_markup`)."""
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        key = key or meta.get("http-equiv")
        content = text_of_markup(meta.get("content") or "")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), []).append(normalise_space(content))
    return found


def _first(metas: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        if metas.get(key):
            return metas[key][0]
    return None


def _json_ld(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, ``@graph`` and list members flattened."""
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = (script.text or "")[:MAX_JSON_LD_CHARS]
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        objects.extend(_flatten_ld(data, depth=0))
    return objects


def _flatten_ld(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten_ld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten_ld(data["@graph"], depth + 1)


def _types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    return [str(k) for k in kind] if isinstance(kind, list) else [str(kind or "")]


def _article_object(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The page's article object: the first of an Article type with a headline or body."""
    articles = [o for o in objects if any(ARTICLE_TYPE.search(t) for t in _types(o))]
    for obj in articles:
        if obj.get("headline") or obj.get("articleBody"):
            return obj
    return articles[0] if articles else {}


def _text(value: Any) -> str:
    """A JSON-LD value as plain text (first of a list, ``name`` or ``@value`` of an object)."""
    if isinstance(value, list):
        return _text(value[0]) if value else ""
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value") or "")
    if isinstance(value, str):
        return normalise_space(text_of_markup(value))
    return normalise_space(str(value)) if isinstance(value, int | float) else ""


def _name_of(value: Any) -> str | None:
    return _text(value) or None


def _link_href(tree: HtmlElement, rel: str, base: str | None) -> str | None:
    for link in tree.iter("link"):
        if rel in (link.get("rel") or "").lower().split() and link.get("href"):
            href = link.get("href", "").strip()
            return urljoin(base, href) if base else href
    return None


def _visible_text(element: HtmlElement) -> str:
    return normalise_space(element.text_content())


# --- fields ------------------------------------------------------------------------------


def _headlines(
    tree: HtmlElement, metas: dict[str, list[str]], article: dict[str, Any]
) -> list[str]:
    """Every form of the headline the page states, most specific first: JSON-LD, Open
    Graph, Twitter, the first ``<h1>``, ``<title>``."""
    h1 = next((t for t in (_visible_text(h) for h in tree.iter("h1")) if t), "")
    title = tree.find(".//title")
    forms = [
        _text(article.get("headline")),
        _first(metas, "og:title") or "",
        _first(metas, "twitter:title") or "",
        h1,
        _visible_text(title) if title is not None else "",
    ]
    return list(dict.fromkeys(form for form in forms if form))


def _outlet(stated: list[str | None], segments: list[str], domain: str | None) -> str | None:
    """The outlet's name among what the page states (its site name, its publisher), else its
    domain.

    A URL or a social handle is no name; of "Name | tagline" the first part is; a machine slug
    ("detroitnews", "nj" on nj.com) yields to a name written for readers. A stated name that is
    not the domain's (a section, "U.S." on reuters.com) yields to one that is, stated or in a
    headline's site segment ("... - Reuters").
    """
    label = domain.split(".")[0] if domain else ""
    names = [name for name in map(_site_name, stated) if name]
    written = [name for name in names if not _is_slug(name, label)]
    # A headline's segment counts only as the domain's name itself ("Reuters", "nj.com").
    known = [
        name
        for name in map(_site_name, segments)
        if name and _names_domain(name, label) and len(_squash(name)) <= len(label) + 4
    ]
    if written and (not label or _names_domain(written[0], label)):
        return written[0]
    choices = [*written, *known, *names]
    return next((n for n in choices if _names_domain(n, label)), choices[0] if choices else domain)


def _site_segments(headlines: list[str]) -> list[str]:
    """The first and last segments of the headline forms that have several."""
    parts = [TITLE_SEPARATORS.split(headline) for headline in headlines]
    return [segment for part in parts if len(part) > 1 for segment in (part[-1], part[0])]


def _site_name(value: str | None) -> str | None:
    name = TITLE_SEPARATORS.split(value.strip())[0].strip() if value else ""
    if not name or name.startswith("@") or URL_START.match(name) or len(name.split()) > 8:
        return None
    return name


def _is_slug(name: str, label: str) -> bool:
    """A domain's label standing for the outlet's name: one lower-case word."""
    return name.islower() and " " not in name and _squash(name) in {label, _squash(label)}


def _names_domain(name: str, label: str) -> bool:
    squashed = _squash(name)
    return bool(squashed and label) and (squashed in label or label in squashed)


def _title(headlines: list[str], outlet: str | None) -> str | None:
    """The headline without a trailing (or leading) " | Site name"."""
    if not headlines:
        return None
    h1 = next((h for h in headlines if not TITLE_SEPARATORS.search(h)), None)
    return _strip_site_name(headlines[0], outlet, h1)


def _strip_site_name(title: str, outlet: str | None, h1: str | None) -> str:
    """``title`` without a site-name segment at either end (the outlet's name, or whatever
    the page's own ``<h1>`` shows is not part of the headline)."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if h1 and _squash(h1) == _squash(title):
        return title
    site = _squash(outlet or "")
    if site and (_squash(parts[-1]) in site or site in _squash(parts[-1])):
        return TITLE_SEPARATORS.split(title)[0] if len(parts) == 2 else _join_all_but(title, -1)
    if site and (_squash(parts[0]) in site or site in _squash(parts[0])):
        return title[title.find(parts[1]) :].strip()
    if h1 and _squash(h1) in _squash(title):
        return h1
    return title


def _join_all_but(title: str, index: int) -> str:
    separators = list(TITLE_SEPARATORS.finditer(title))
    return title[: separators[index].start()].strip()


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def _subtitle(
    tree: HtmlElement, metas: dict[str, list[str]], article: dict[str, Any]
) -> str | None:
    """The dek: a description the page also shows as visible text in a dek/standfirst element.

    A description that no visible element repeats is a search snippet or the site's generic
    blurb, not the article's dek, so it is not used.
    """
    description = _first(metas, "og:description", "description", "twitter:description")
    description = description or _text(article.get("description")) or None
    for element in tree.iter("p", "h2", "div", "span"):
        marker = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not DEK_CLASS.search(marker) and element.get("itemprop") != "description":
            continue
        text = _visible_text(element)
        if not 20 <= len(text) <= 500:
            continue
        if description is None or _squash(text) == _squash(description):
            return text
        # a dek element may extend a cut-short description, but not hold much more
        extends = _squash(text).startswith(_squash(description)[:200])
        if extends and len(text) <= DEK_LENGTH_SLACK * len(description):
            return text
    return None


def _byline(tree: HtmlElement, metas: dict[str, list[str]], article: dict[str, Any]) -> str | None:
    """Author names: JSON-LD ``author``, else meta author, else a byline element's text."""
    authors = article.get("author")
    names = [_text(a) for a in (authors if isinstance(authors, list) else [authors]) if a]
    names = [n for n in dict.fromkeys(names) if n and not n.startswith("http")]
    if names:
        return ", ".join(names)
    meta_author = _first(metas, "author", "article:author", "parsely-author", "dc.creator")
    if meta_author and not meta_author.startswith("http"):
        return meta_author
    for element in tree.iter("a", "span", "div", "p"):
        rel = element.get("rel") or ""
        marker = f"{element.get('class') or ''} {element.get('itemprop') or ''}"
        if "author" in rel or BYLINE_CLASS.search(marker):
            text = BYLINE_PREFIX.sub("", _visible_text(element))
            if 2 < len(text) <= 80:
                return text
    return None


def _published(
    tree: HtmlElement, metas: dict[str, list[str]], article: dict[str, Any]
) -> datetime | None:
    """The article's publication time: JSON-LD, then article meta tags, then a
    ``datePublished`` element; never a teaser's ``<time>`` elsewhere on the page."""
    candidates = [
        _text(article.get("datePublished")),
        _first(
            metas,
            "article:published_time",
            "og:article:published_time",
            "datepublished",
            "pubdate",
            "publishdate",
            "parsely-pub-date",
            "sailthru.date",
            "dc.date.issued",
            "dcterms.created",
            "date",
        ),
    ]
    for element in tree.iter("time", "meta", "span"):
        if element.get("itemprop") == "datePublished" or element.get("pubdate") is not None:
            candidates.append(element.get("datetime") or element.get("content"))
    for candidate in candidates:
        parsed = parse_published(candidate)
        if parsed is not None:
            return parsed
    return None


def _original_publisher(
    article: dict[str, Any], canonical: str | None, page_url: str | None, given_url: str | None
) -> str | None:
    """Who first published a syndicated copy: JSON-LD ``isBasedOn``/``sourceOrganization``,
    or a canonical link pointing to another site than the page's own."""
    stated = []
    for key in ("sourceOrganization", "isBasedOn"):
        value = article.get(key)
        if isinstance(value, dict) and value.get("publisher"):
            value = value["publisher"]
        if name := _text(value):
            stated.append(name)
    # A stated name beats a name made from an address.
    for name in sorted(stated, key=lambda n: n.startswith("http")):
        name = _domain_name(name) or "" if name.startswith("http") else name
        if name:
            return name
    own_url = given_url or page_url
    if canonical and own_url and canonical != own_url:
        own, other = _registrable_domain(own_url), _registrable_domain(canonical)
        # the same name under another country domain is the same outlet
        if own and other and own.split(".")[0] != other.split(".")[0]:
            return other
    return None


def _language(
    tree: HtmlElement, metas: dict[str, list[str]], article: dict[str, Any]
) -> str | None:
    """The primary language subtag from ``<html lang>``, else content-language or og:locale."""
    root = tree.getroottree().getroot()
    declared = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    declared = declared or _first(metas, "content-language", "og:locale", "language")
    declared = declared or _text(article.get("inLanguage"))
    if not declared:
        return None
    primary = re.split(r"[-_,\s]", declared.strip())[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _tags(metas: dict[str, list[str]], article: dict[str, Any]) -> list[str]:
    """Keywords: JSON-LD ``keywords``, ``article:tag`` and news/keywords meta tags."""
    raw: list[str] = []
    keywords = article.get("keywords")
    if isinstance(keywords, list):
        raw.extend(_text(k) for k in keywords)
    elif isinstance(keywords, str):
        raw.extend(keywords.split(","))
    raw.extend(metas.get("article:tag", []))
    for key in ("news_keywords", "keywords"):
        for value in metas.get(key, []):
            raw.extend(value.split(","))
    tags = [normalise_space(tag) for tag in raw]
    return list(dict.fromkeys(t for t in tags if t and len(t) <= 80))[:MAX_TAGS]


def _captions(tree: HtmlElement, article: dict[str, Any]) -> list[str]:
    """Image captions and credits: ``<figcaption>``, caption/credit elements, JSON-LD images."""
    found: list[str] = []
    for element in tree.iter("figcaption"):
        found.append(_visible_text(element))
    for element in tree.iter("figure", "div", "span", "p"):
        if (
            CAPTION_CLASS.search(element.get("class") or "")
            and element.find(".//figcaption") is None
        ):
            if element.getparent() is not None and element.getparent().tag == "figcaption":
                continue
            found.append(_visible_text(element))
    images = article.get("image")
    for image in images if isinstance(images, list) else [images]:
        if isinstance(image, dict):
            found.append(_text(image.get("caption")))
    captions = [c for c in found if 2 < len(c) <= 600]
    return list(dict.fromkeys(captions))[:MAX_CAPTIONS]


# --- domains -----------------------------------------------------------------------------


def _registrable_domain(url: str) -> str | None:
    """``example.co.uk`` for ``https://www.news.example.co.uk/x``: the site a URL belongs to."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return None
    keep = 3 if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def _domain_name(url: str | None) -> str | None:
    return _registrable_domain(url) if url else None
