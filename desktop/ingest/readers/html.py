"""HTML pages: main text via trafilatura, metadata from meta tags and JSON-LD.

Nothing is ever fetched: trafilatura gets the page as a string, and its own
metadata (and date guessing) is switched off; every metadata value here comes
from a named tag so ``published_from`` can say where the date was found.
"""

from __future__ import annotations

import codecs
import copy
import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..article import Article, ReadError
from ..language import detect_language
from ..textmeta import analyse, parse_date_value
from .text import clean_text, decode_text, looks_like_text

_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "dcterms.title", "title", "headline")
_AUTHOR_KEYS = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "parsely-author",
    "sailthru.author",
    "citation_author",
)
_SOURCE_KEYS = ("og:site_name", "dc.publisher", "dcterms.publisher", "publisher")
_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dc.date.created",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
)
_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|NewsArticle", re.I)
_CHROME_TAGS = "script style noscript template iframe svg canvas form button select nav aside"
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_CHROME_HINTS = re.compile(
    r"comment|menu|\bnav|sidebar|footer|share|social|related|cookie|advert|promo|newsletter",
    re.I,
)
_BLOCK_TAGS = "p div h1 h2 h3 h4 h5 h6 li ul ol tr table section article main blockquote pre dd dt"


def decode_html(data: bytes) -> str:
    """Decode an HTML page: BOM, then ``<meta charset>``, then text detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data)
    declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", data[:4096], re.I)
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "cp1252" if name in {"iso-8859-1", "latin1", "latin-1", "us-ascii"} else name
        try:
            text = data.decode(name, errors="replace")
        except LookupError:
            pass
        else:
            if not looks_like_text(text):
                raise ReadError("not an HTML page: it is mostly binary data")
            return text
    try:
        return decode_text(data)
    except ReadError:
        raise ReadError("not an HTML page: it is binary data") from None


def parse_html(markup: str) -> lxml_html.HtmlElement:
    """Parse markup with lxml; ``ReadError`` when it is not HTML at all."""
    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup)
    if not markup.strip():
        raise ReadError("no text in this HTML page")
    try:
        return lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        if "empty" in str(exc).lower():
            raise ReadError("no text in this HTML page") from None
        raise ReadError(f"not a valid HTML page: {exc}") from None


def _without_chrome(doc: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """A copy of the page without scripts, menus, asides and the page's header/footer."""
    doc = copy.deepcopy(doc)
    etree.strip_elements(doc, etree.Comment, *_CHROME_TAGS.split(), with_tail=False)
    for el in list(doc.iter("header", "footer", "div", "section", "ul")):
        in_article = any(a.tag in ("article", "main") for a in el.iterancestors())
        page_chrome = el.tag in ("header", "footer") and not in_article
        if el.getparent() is not None and (page_chrome or el.get("role") in _CHROME_ROLES):
            el.drop_tree()
    return doc


def _lxml_text(doc: lxml_html.HtmlElement) -> str:
    """Plain text of a page already without chrome, also dropping comments and widgets."""
    total = len(doc.text_content())
    for el in list(doc.iter()):
        hints = f"{el.get('class', '')} {el.get('id', '')}"
        small = len(el.text_content()) < total / 2  # never the wrapper of the article
        if el.getparent() is not None and small and _CHROME_HINTS.search(hints):
            el.drop_tree()
    candidates = (doc.find(".//main"), doc.find(".//article"), doc.find(".//body"))
    body = next((el for el in candidates if el is not None), doc)
    for el in body.iter(*_BLOCK_TAGS.split()):
        el.tail = "\n\n" + (el.tail or "")
    for br in body.iter("br"):
        br.tail = "\n" + (br.tail or "")
    text = "\n".join(" ".join(line.split()) for line in body.text_content().split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text)


def html_to_text(markup: str) -> str:
    """The main text of an HTML page: trafilatura, or lxml text when that finds nothing."""
    return _main_text(parse_html(markup))


def _main_text(doc: lxml_html.HtmlElement) -> str:
    import trafilatura  # lazy: importing it costs ~0.3 s

    page = _without_chrome(doc)
    extracted = trafilatura.extract(
        lxml_html.tostring(page, encoding="unicode"),  # a string: nothing is ever fetched
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
    )
    if extracted and extracted.strip():
        return clean_text(extracted.replace("\n", "\n\n"))
    return clean_text(_lxml_text(page))


# --- metadata --------------------------------------------------------------------------


def _meta_tags(doc: lxml_html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in doc.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        value = " ".join((el.get("content") or "").split())
        if key and value:
            found.setdefault(key.strip().lower(), value)
    return found


def _loads(raw: str) -> Any:
    raw = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", raw.strip())
    for candidate in (raw, re.sub(r",\s*([}\]])", r"\1", raw)):
        try:
            return json.loads(candidate, strict=False)
        except ValueError:
            continue
    return None


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            yield from _walk(value.get(key), depth + 1)


def _json_ld(doc: lxml_html.HtmlElement) -> dict[str, Any]:
    """The JSON-LD object that describes the article (malformed scripts are skipped)."""
    objects: list[dict[str, Any]] = []
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            objects.extend(_walk(_loads(script.text or "")))
    for obj in objects:
        types = obj.get("@type")
        names = types if isinstance(types, list) else [types]
        if any(isinstance(t, str) and _ARTICLE_TYPES.search(t) for t in names):
            return obj
    return next((o for o in objects if "headline" in o or "datePublished" in o), {})


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        value = " ".join(value.split())
        return [] if not value or re.match(r"https?://", value) else [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = meta.get(key)
        if value and not re.match(r"https?://", value):
            return value
    return None


def _strip_site(title: str, site: str | None) -> str:
    parts = re.split(r"\s+[|–—-]\s+|\s+::\s+", title)
    if site and len(parts) > 1 and parts[-1].strip().lower() == site.lower():
        return " - ".join(parts[:-1]).strip()
    return title


def _published(
    doc: lxml_html.HtmlElement, meta: dict[str, str], ld: dict[str, Any]
) -> tuple[Any, str | None]:
    if isinstance(ld.get("datePublished"), str):
        date = parse_date_value(ld["datePublished"])
        if date:
            return date, "JSON-LD datePublished"
    for key in _DATE_KEYS:
        date = parse_date_value(meta.get(key, ""))
        if date:
            return date, f"meta {key}"
    for el in doc.iter("time"):
        if el.get("pubdate") is not None or el.get("itemprop") == "datePublished":
            date = parse_date_value(el.get("datetime") or "")
            if date:
                return date, "time datePublished"
    return None, None


def _language(doc: lxml_html.HtmlElement) -> str | None:
    lang = doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    m = re.fullmatch(r"\s*([a-zA-Z]{2,3})(?:[-_][\w-]*)?\s*", lang)
    return m.group(1).lower() if m else None


def read_html(data: bytes) -> Article:
    """Read an HTML page saved from the web (never fetches anything)."""
    markup = decode_html(data)
    doc = parse_html(markup)
    meta, ld = _meta_tags(doc), _json_ld(doc)
    text = _main_text(doc)
    if not text.strip():
        raise ReadError("no text in this HTML page")
    found = analyse(text)
    source = _first(meta, _SOURCE_KEYS[:1]) or next(iter(_names(ld.get("publisher"))), None)
    source = source or _first(meta, _SOURCE_KEYS[1:])
    page_title = doc.findtext(".//title")
    h1 = doc.find(".//h1")
    title = (
        _first(meta, _TITLE_KEYS[:1])
        or next(iter(_names(ld.get("headline"))), None)
        or _first(meta, _TITLE_KEYS[1:])
        or (_strip_site(" ".join(page_title.split()), source) if page_title else None)
        or (" ".join(h1.text_content().split()) if h1 is not None else None)
        or found.title
    )
    author = ", ".join(_names(ld.get("author"))) or _first(meta, _AUTHOR_KEYS)
    if author:
        author = re.sub(r"^by\s+", "", author, flags=re.I)
    published, published_from = _published(doc, meta, ld)
    if published is None:
        published, published_from = found.published, found.published_from
    return Article(
        text=found.text,
        format="html",
        title=title or None,
        source=source or found.source,
        author=author or found.author,
        published=published,
        published_from=published_from,
        language=_language(doc) or detect_language(found.text),
    )
