"""What a web page says about itself in its markup: meta tags, JSON-LD, its address.

Read once from the whole parsed page (before anything is cleaned away), so the
title, byline, outlet, address and date evidence all come from named tags.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|BlogPosting|NewsArticle|Review|Recipe", re.I)
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)", re.I)
AUTHOR_KEYS = (
    "citation_author",
    "dc.creator",
    "dcterms.creator",
    "author",
    "article:author",
    "og:article:author",
    "byl",
    "parsely-author",
    "sailthru.author",
    "dc.contributor",
)


def loads_lenient(raw: str) -> Any:
    """JSON as pages write it: comments or CDATA around it, trailing commas inside."""
    raw = re.sub(
        r"^\s*(?:<!--|<!\[CDATA\[|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$", "", raw.strip()
    )
    for candidate in (raw, re.sub(r",\s*([}\]])", r"\1", raw)):
        try:
            return json.loads(candidate, strict=False)
        except ValueError:
            continue
    return None


def _objects(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value:
            yield from _objects(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            yield from _objects(value.get(key), depth + 1)


def names(value: Any) -> list[str]:
    """Names in a JSON-LD value: a string, ``{"name": ...}`` or a list of those."""
    if isinstance(value, str):
        value = " ".join(value.split())
        return [] if not value or re.match(r"https?://", value) else [value]
    if isinstance(value, dict):
        return names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in names(item)]
    return []


def _is_url(value: str | None) -> bool:
    return bool(value) and re.match(r"https?://[^\s/]+\.[^\s/]+", value or "") is not None


@dataclass
class PageMeta:
    """A page's meta tags (first value per key, lower-case keys), JSON-LD and address."""

    meta: dict[str, str] = field(default_factory=dict)
    meta_all: dict[str, list[str]] = field(default_factory=dict)
    ld_blocks: list[tuple[str, Any]] = field(default_factory=list)  # (raw text, parsed)
    article: dict[str, Any] = field(default_factory=dict)  # the JSON-LD object of the article
    url: str | None = None

    @classmethod
    def read(cls, doc: lxml_html.HtmlElement, url: str | None = None) -> PageMeta:
        """Read the metadata of a parsed page; ``url``: where a browser says it saved it from."""
        page = cls()
        for el in doc.iter("meta"):
            key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
            value = " ".join((el.get("content") or "").split())
            if key and value:
                key = key.strip().lower()
                page.meta.setdefault(key, value)
                page.meta_all.setdefault(key, []).append(value)
        for script in doc.iter("script"):
            kind = (script.get("type") or "").strip().lower()
            if kind == "application/ld+json":
                raw = script.text or ""
                page.ld_blocks.append((raw, loads_lenient(raw)))
        page.article = _article_object(page.ld_blocks)
        page.url = _page_url(doc, page.meta) or (url if _is_url(url) else None)
        return page

    def first(self, *keys: str) -> str | None:
        """The first meta value of these keys that is not an address."""
        for key in keys:
            value = self.meta.get(key)
            if value and not re.match(r"https?://", value):
                return value
        return None

    def site_names(self) -> list[str]:
        """The names the site gives itself (og:site_name, the publisher, the app name)."""
        found = [
            self.meta.get("og:site_name"),
            self.meta.get("application-name"),
            self.meta.get("apple-mobile-web-app-title"),
            (self.meta.get("twitter:site") or "").lstrip("@") or None,
            *names(self.article.get("publisher")),
        ]
        return [f for f in found if f]

    def meta_authors(self) -> list[str]:
        """Author meta values, in the order of :data:`AUTHOR_KEYS`."""
        return [v for key in AUTHOR_KEYS for v in self.meta_all.get(key, []) if not _is_url(v)]


def _article_object(blocks: list[tuple[str, Any]]) -> dict[str, Any]:
    objects = [obj for _, parsed in blocks for obj in _objects(parsed)]
    for obj in objects:
        types = obj.get("@type")
        kinds = types if isinstance(types, list) else [types]
        if any(isinstance(t, str) and _ARTICLE_TYPES.search(t) for t in kinds):
            return obj
    return next((o for o in objects if "headline" in o or "datePublished" in o), {})


def _page_url(doc: lxml_html.HtmlElement, meta: dict[str, str]) -> str | None:
    """The article's address: canonical link, og:url, or the comment browsers write."""
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and _is_url(link.get("href")):
            return link.get("href", "").strip()
    if _is_url(meta.get("og:url")):
        return meta["og:url"].strip()
    return None


def saved_from_url(data: bytes) -> str | None:
    """The "saved from url" comment Internet Explorer and Chrome write before ``<html>``."""
    m = _SAVED_FROM.search(data[:2048].decode("ascii", "replace"))
    return m.group(1) if m and _is_url(m.group(1)) else None
