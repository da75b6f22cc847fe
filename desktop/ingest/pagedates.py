"""Evidence of a web page's publication date: every place a page states it.

Each :class:`Clue` names where it was found (``"meta article:published_time"``,
``"JSON-LD datePublished"``, ``"<time> element"``, ``"URL"``...) and what it
claims (the original publication, the last update, or just "a date").
:mod:`desktop.ingest.datechoice` weighs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import html as lxml_html
from lxml.etree import XPath

from search.frozen import frozen

from .pagescan import Scan, hints
from .shown_dates import shown_date
from .stamps import Stamp, parse_stamp

#: Meta keys (name, property, itemprop; lower case) that give the original publication.
PUBLISHED_KEYS = frozenset(
    """article:published_time article:published og:article:published_time
    og:article:published og:published_time og:pubdate og:publish_date datepublished
    og:datepublished datecreated date_published date_created dc.date.issued
    dcterms.issued dc.date.created dcterms.created dc.created dc:created
    dc.date.publication publication_date publication-date published_date published-date
    publisheddate published_time publish_date publish-date publishdate publish_time
    pubdate sw-pubdate bt:pubdate rbpubdate article.published article:post_date
    article_date_original originalpublicationdate parsely-pub-date sailthru.date
    citation_publication_date citation_date citation_online_date
    dcsext.articlefirstpublished cxenseparse:recs:publishtime
    shareaholic:article_published_time twt-published-at vr:published_time
    mediator_published_time displaydate dateposted date-published
    analyticsattributes.articledate""".split()  # noqa: SIM905
)
#: Keys that name a date of the page without saying which (weaker).
LOOSE_KEYS = frozenset(
    """date dc.date dcterms.date dc:date created timestamp pdate""".split()  # noqa: SIM905
)
#: Keys of the last change: never the publication, but an upper bound for it.
MODIFIED_KEYS = frozenset(
    """article:modified_time article:modified og:updated_time og:modified_time
    og:article:modified_time datemodified date_modified dc.modified dcterms.modified
    lastmod last-modified lastmodified modified modified_time updated_time revision_date
    article:post_modified bt:moddate dateupdate""".split()  # noqa: SIM905
)
_LD_PUBLISHED = ("datePublished", "dateCreated", "uploadDate")
_LD_TYPES = re.compile(r"Article|Posting|Report|Blog|WebPage|Video|Review|Recipe|Event", re.I)
_LD_RAW = re.compile(
    r'"(?P<key>datePublished|dateCreated|uploadDate|dateModified)"\s*:\s*"(?P<v>[^"]{6,40})"'
)
_PUBLISH_HINT = re.compile(r"publish|posted|pubdate|created|entry-date|post-date|dateline", re.I)
_UPDATE_HINT = re.compile(r"updat|modif|edited|aktualisiert|actualis", re.I)
_DATE_HINT = re.compile(r"date|time|datum|fecha|data\b|meta|byline|info|author", re.I)
_URL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[/_.-]?(?P<m>0[1-9]|1[0-2])[/_.-]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)
_URL_DATE_SEP = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/_-](?P<m>0?[1-9]|1[0-2])[/_-](?P<d>0?[1-9]|[12]\d|3[01])(?:[/_.-]|$)"
)


@frozen
class Clue:
    """One statement of a date on the page: what it claims, where it was found."""

    stamp: Stamp
    source: str
    claim: str  # "published", "modified" or "date" (a date of the page, role unknown)
    strength: int  # 3 machine-written publication, 2 marked-up element, 1 loose or visible


def meta_clues(meta: dict[str, list[str]]) -> Iterator[Clue]:
    """Dates in meta tags (key -> values, keys in lower case)."""
    for key, values in meta.items():
        if key in PUBLISHED_KEYS:
            claim, strength = "published", 3
        elif key in MODIFIED_KEYS:
            claim, strength = "modified", 3
        elif key in LOOSE_KEYS:
            claim, strength = "date", 1
        else:
            continue
        for value in values[:3]:
            stamp = parse_stamp(value)
            if stamp:
                yield Clue(stamp, f"meta {key}", claim, strength)


def _ld_objects(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value:
            yield from _ld_objects(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "video"):
            yield from _ld_objects(value.get(key), depth + 1)


def _ld_type(obj: dict[str, Any]) -> str:
    types = obj.get("@type")
    names = types if isinstance(types, list) else [types]
    return " ".join(t for t in names if isinstance(t, str))


def json_ld_clues(blocks: Iterable[tuple[str, Any]]) -> Iterator[Clue]:
    """Dates of the JSON-LD objects: ``(raw text, parsed or None)`` per script block."""
    for raw, parsed in blocks:
        if parsed is None:  # malformed: read the keys from the raw text
            for m in _LD_RAW.finditer(raw):
                stamp = parse_stamp(m["v"])
                if stamp:
                    claim = "modified" if m["key"] == "dateModified" else "published"
                    yield Clue(stamp, f"JSON-LD {m['key']}", claim, 3)
            continue
        for obj in _ld_objects(parsed):
            kind = _ld_type(obj)
            if re.search(r"Organization|Person|WebSite|BreadcrumbList|ImageObject", kind):
                continue
            strength = 3 if _LD_TYPES.search(kind) or "headline" in obj else 2
            for key in (*_LD_PUBLISHED, "dateModified"):
                value = obj.get(key)
                stamp = parse_stamp(value) if isinstance(value, str) else None
                if stamp:
                    claim = "modified" if key == "dateModified" else "published"
                    yield Clue(stamp, f"JSON-LD {key}", claim, strength)


def _element_claim(el: lxml_html.HtmlElement, hints: str) -> tuple[str, int] | None:
    itemprop = (el.get("itemprop") or "").lower()
    if itemprop in ("datepublished", "datecreated", "uploaddate"):
        return "published", 3
    if itemprop in ("datemodified", "dateupdated"):
        return "modified", 3
    if el.get("pubdate") is not None or _PUBLISH_HINT.search(hints):
        return "published", 2
    if _UPDATE_HINT.search(hints):
        return "modified", 2
    return None


@frozen
class Seen:
    """A date shown or marked up in the page's elements, with its place in the page."""

    clue: Clue
    order: int  # position among the page's elements of interest (the h1 counts too)
    noise: bool  # in comments, related links, a sidebar, the footer...
    visible: bool  # the reader sees it (text, not an attribute)
    listed: bool = False  # noise, or in a list of teasers (other articles' dates, usually)


_TEXT_TAGS = frozenset(
    """span div p li small time abbr em strong dd b i a td header section footer""".split()  # noqa: SIM905
)


def element_dates(scan: Scan, limit: int = 60) -> list[Seen]:
    """Dates in ``<time>``, microdata, microformats and date-like elements, in page order.

    At most ``limit`` visible text dates are read.
    """
    seen: list[Seen] = []
    parsed = 0
    for found in scan.dates:
        el, tag = found.el, found.el.tag
        where = hints(el)
        role = _element_claim(el, where)
        machine = None
        if tag == "time" or el.get("itemprop") is not None:
            value = el.get("datetime") or el.get("content") or ""
            machine = parse_stamp(value) if value else None
        elif el.get("title") and re.search(r"published|updated|dtstart|date", where, re.I):
            machine = parse_stamp(el.get("title") or "")
        if machine is not None:
            claim, strength = role or ("date", 1)
            if tag == "time":
                source = "<time> element"
            elif el.get("itemprop"):
                source = f"itemprop {el.get('itemprop')}"
            else:
                source = f"microformat {tag}.{el.get('class')}"
            shown = tag == "time" and bool(el.text_content().strip())  # the reader sees it
            clue = Clue(machine, source, claim, strength)
            seen.append(Seen(clue, found.order, found.noisy, shown, found.listed))
            if shown:
                continue
        if tag not in _TEXT_TAGS or len(el) > 6 or parsed >= limit:
            continue
        if el.find(".//time") is not None:
            continue  # the <time> inside is read as itself
        text = " ".join(el.text_content().split())
        if not 6 <= len(text) <= 120 or not re.search(r"\d", text):
            continue
        parsed += 1
        day = shown_date(text)
        if day is None:
            continue
        claim = "modified" if _UPDATE_HINT.search(where + " " + text[:30]) else "date"
        if claim == "date" and (
            _PUBLISH_HINT.search(where) or re.match(r"(?i)(?:first\s+)?published|posted", text)
        ):
            claim = "published"
        clue = Clue(Stamp(day), f"page text ({text[:40]})", claim, 1)
        seen.append(Seen(clue, found.order, found.noisy, True, found.listed))
    return seen


def url_clue(url: str | None) -> Clue | None:
    """The date in the article's address (``/2019/11/18/``, ``-20191118-``), if any."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    m = _URL_DATE_SEP.search(path) or _URL_DATE.search(path)
    if not m:
        return None
    stamp = parse_stamp(f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}")
    return Clue(stamp, "URL", "published", 2) if stamp else None


# readers' comments: dated, but not the article
_COMMENTS = XPath(
    "//*[contains(@class,'comment') or contains(@id,'comment') or contains(@class,'respond')"
    " or contains(@id,'respond') or contains(@class,'reply')]"
)
_VISIBLE_TEXT = XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"
)


def page_text(doc: lxml_html.HtmlElement, article_only: bool = False) -> str:
    """The page's visible text (one line per text node); with ``article_only``, without
    the readers' comments (taken out of the page for the moment and put back)."""
    taken: list[tuple[lxml_html.HtmlElement, int, lxml_html.HtmlElement]] = []
    if article_only:
        found = _COMMENTS(doc)
        chosen = set(found)
        for el in found:
            parent = el.getparent()
            if parent is None or any(a in chosen for a in el.iterancestors()):
                continue  # only the outermost comment block
            taken.append((parent, parent.index(el), el))
        for parent, _, el in taken:
            parent.remove(el)
    try:
        nodes = _VISIBLE_TEXT(doc)
        return "\n".join(c for c in (" ".join(str(t).split()) for t in nodes) if c)
    finally:
        for parent, index, el in reversed(taken):
            parent.insert(index, el)
