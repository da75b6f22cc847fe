"""One walk over a parsed page that finds the elements the metadata readers look at.

Date-like elements (``<time>``, microdata, classes such as "date", "posted"),
author markup ("author", "byline", ``rel=author``) and lead paragraphs ("intro",
"standfirst"), each with its place in the page and whether it sits in page noise
(comments, related links, teaser lists, sidebars, the footer) -- without walking
the page once per question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import html as lxml_html

from search.frozen import frozen

_DATE = re.compile(r"date|time|publi|posted|datum|fecha|data|byline|meta|info|author")
_AUTHOR = re.compile(r"author|byline|\bbyl|autor|auteur|verfasser|writer")
_LEAD = re.compile(
    r"lead|intro|teaser-?text|chapo|standfirst|summary|preface|excerpt|\bdeck\b|abstract"
    r"|subtitle|sub-?headline|subline|article-?description|resumen|sapo|bajada",
)
_ANY = re.compile(f"{_DATE.pattern}|{_AUTHOR.pattern}|{_LEAD.pattern}")
# (all patterns here see class and id names in lower case)
# page noise: what is not the article (comments, links to other articles, page chrome)
_NOISE = re.compile(
    r"comment|related|sidebar|footer|recommend|widget|ticker|\bnav|menu|aside|promo|trending"
    r"|popular|more-?(?:news|stories|articles)|similar|newsletter|\breply|most-?read",
)
# lists of other articles: noise for dates (each teaser has its own), not for a byline
_LISTED = re.compile(r"teaser|\blist|-list\b|\bfeed|\bcards?\b|archive|calendar")
_NOISE_TAGS = frozenset({"aside", "footer", "nav"})
_META_ASIDE = re.compile(r"meta|byline|author|date|info|detail")
_SKIP = frozenset({"script", "style", "meta", "link", "noscript", "template", "svg"})


@frozen
class Found:
    """An element of interest: its position among the found ones, and whether it is noise."""

    el: lxml_html.HtmlElement
    order: int
    noise: bool  # inside page noise
    noisy: bool  # page noise itself ("comment-date") or inside it
    listed: bool  # noisy, or in a list of other articles (a teaser, an ``<li>``)


@dataclass
class Scan:
    """What one walk over the page found."""

    headings: list[lxml_html.HtmlElement] = field(default_factory=list)  # h1s, in page order
    heading_order: int | None = None  # the first h1's position among the found elements
    dates: list[Found] = field(default_factory=list)
    authors: list[Found] = field(default_factory=list)
    leads: list[Found] = field(default_factory=list)  # after the first h1 only


def hints(el: lxml_html.HtmlElement) -> str:
    """The element's class and id, and its parent's."""
    text = f"{el.get('class', '')} {el.get('id', '')}"
    parent = el.getparent()
    if parent is not None:
        text += f" {parent.get('class', '')} {parent.get('id', '')}"
    return text


def scan_page(doc: lxml_html.HtmlElement) -> Scan:
    """Walk the page once (document order)."""
    scan = Scan()
    order = 0
    # per element: (noise, listed) of it and its ancestors up to the article; the dict
    # keeps the element proxies alive, so they are stable keys
    known: dict[lxml_html.HtmlElement, tuple[bool, bool]] = {}

    def inside(el: lxml_html.HtmlElement) -> tuple[bool, bool]:
        parent = el.getparent()
        if parent is None or parent.tag in ("article", "main", "body"):
            return False, False
        found = known.get(parent)
        if found is None:
            above = inside(parent)
            own = _own(parent)
            found = (above[0] or own[0], above[1] or own[1])
            known[parent] = found
        return found

    get = lxml_html.HtmlElement.get
    for el in doc.iter():
        tag = el.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == "h1":
            scan.headings.append(el)
            if scan.heading_order is None:
                scan.heading_order = order
            order += 1
            continue
        cls, ident = get(el, "class"), get(el, "id")
        machine = tag == "time" or get(el, "itemprop") is not None or get(el, "pubdate") is not None
        rel = get(el, "rel")
        if not (machine or rel or cls or ident):
            continue
        names = f"{cls or ''} {ident or ''}".lower()  # case-blind patterns are 4x slower
        if not machine and not rel and not _ANY.search(names):
            continue
        attrib = el.attrib
        noise, listed = inside(el)
        own = _own(el)
        found = Found(el, order, noise, noise or own[0], noise or own[0] or listed or own[1])
        order += 1
        if machine or _DATE.search(names):
            scan.dates.append(found)
        if (
            _AUTHOR.search(names)
            or attrib.get("rel") == "author"
            or attrib.get("itemprop") == "author"
        ):
            scan.authors.append(found)
        if scan.headings and _LEAD.search(names):
            scan.leads.append(found)
    return scan


def _own(el: lxml_html.HtmlElement) -> tuple[bool, bool]:
    """Whether the element itself is page noise, and whether it is a list of articles."""
    names = f"{el.get('class', '')} {el.get('id', '')}".lower()
    if el.tag in _NOISE_TAGS:
        # <aside class="meta"> in an article holds its byline and date, not other things
        article_meta = el.tag == "aside" and _META_ASIDE.search(names) is not None
        return not article_meta, not article_meta
    if len(names) <= 1:
        return False, el.tag == "li"
    return _NOISE.search(names) is not None, el.tag == "li" or _LISTED.search(names) is not None
