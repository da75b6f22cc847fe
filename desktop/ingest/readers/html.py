"""HTML pages: the article text via trafilatura, metadata from the page's own markup.

Nothing is ever fetched. The page is parsed once; its metadata is read from the
whole page (:mod:`..htmlmeta`), the text by trafilatura from the whole page and
cleaned after (:mod:`..pagetext`). Title (:mod:`..pagetitle`), byline
(:mod:`..pageauthor`) and publication date (:mod:`..pagedates`,
:mod:`..datechoice`) each keep where they were found.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from ...entities.outlets import lookup_outlet, normalize_outlet
from ..article import Article, ReadError
from ..datechoice import DateEvidence, choose_date
from ..htmlcharset import decode_html
from ..htmlmeta import PageMeta, names, saved_from_url
from ..language import detect_language
from ..pageauthor import byline_elements, choose_author
from ..pagedates import element_dates, json_ld_clues, meta_clues, page_text, url_clue
from ..pagescan import Scan, scan_page
from ..pagetext import main_text
from ..pagetitle import choose_title, clean_title, headline_of, site_keys
from ..textmeta import PARSER_LANGUAGES, analyse

__all__ = ["decode_html", "html_to_text", "parse_html", "read_html"]


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


def html_to_text(markup: str) -> str:
    """The main text of an HTML fragment or page (e-mail bodies)."""
    return main_text(parse_html(markup))


def _language(doc: lxml_html.HtmlElement) -> str | None:
    lang = doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    m = re.fullmatch(r"\s*([a-zA-Z]{2,3})(?:[-_][\w-]*)?\s*", lang)
    return m.group(1).lower() if m else None


def _headings(scan: Scan) -> list[tuple[str, str]]:
    """The h1s, those inside the article first: (whole text, headline without kicker)."""
    inside = [
        h
        for h in scan.headings
        if h.get("itemprop") == "headline"
        or any(a.tag in ("article", "main") for a in h.iterancestors())
    ]
    ordered = inside + [h for h in scan.headings if h not in inside]
    return [(clean_title(h.text_content()), headline_of(h)) for h in ordered[:4]]


def _htmldate(doc: lxml_html.HtmlElement, url: str | None) -> dt.date | None:
    """htmldate's original-date answer (it copies the tree before it prunes anything)."""
    from htmldate import find_date  # lazy: ~0.1 s to import

    _htmldate_languages()
    try:
        found = find_date(doc, original_date=True, url=url)
    except Exception:  # htmldate raises assorted errors on odd pages: no answer then
        return None
    return dt.date.fromisoformat(found) if found else None


#: The languages htmldate's last resort (dateparser) reads a date string in: those of the
#: text's own date lines (``textmeta``).
HTMLDATE_LANGUAGES = PARSER_LANGUAGES


@lru_cache(maxsize=1)
def _htmldate_languages() -> bool:
    """Give htmldate's last resort (dateparser, for a string its own patterns cannot read)
    ``HTMLDATE_LANGUAGES`` rather than every locale dateparser knows. Unbounded, dateparser
    tries each of its ~200 locales on such a string, compiling their patterns on the first
    one in each reader process (4.1 s) and then ~30 ms a call; the import of the HTML dev
    corpus spent a fifth of its reading time there. htmldate makes the parser in one cached
    function; it is replaced by one with the same settings. False (htmldate left as it is)
    where that function is not there (another htmldate)."""
    from htmldate import extractors

    made = getattr(extractors, "get_external_parser", None)
    if made is None or not callable(made):
        return False
    from dateparser import DateDataParser

    parser = DateDataParser(
        languages=list(HTMLDATE_LANGUAGES),
        settings={  # htmldate's own (htmldate/extractors.py, get_external_parser)
            "NORMALIZE": True,
            "PARSERS": ["custom-formats", "absolute-time"],
            "PREFER_DATES_FROM": "past",
            "PREFER_LOCALE_DATE_ORDER": True,
            "RETURN_AS_TIMEZONE_AWARE": False,
            "STRICT_PARSING": True,
        },
    )
    setattr(extractors, "get_external_parser", lambda: parser)  # noqa: B010 (a cached function)
    return True


def read_html(data: bytes, *, url: str | None = None) -> Article:
    """Read an HTML page saved from the web (never fetches anything).

    ``url``: where the page was saved from when the file says so outside the HTML
    (an MHTML header); the page's own canonical link wins over it.
    """
    doc = parse_html(decode_html(data))
    page = PageMeta.read(doc, url or saved_from_url(data))
    scan = scan_page(doc)
    text = main_text(doc, scan)
    if not text.strip():
        raise ReadError("no text in this HTML page")
    found = analyse(text, fast=True)
    sites = site_keys(page.site_names(), page.url)
    tagged = [
        ("og:title", page.meta.get("og:title")),
        ("JSON-LD headline", next(iter(names(page.article.get("headline"))), None)),
        ("twitter:title", page.meta.get("twitter:title")),
        ("<title>", doc.findtext(".//title")),
    ]
    title, _ = choose_title(_headings(scan), [(s, v) for s, v in tagged if v], sites)
    author, _ = choose_author(
        byline_elements(scan),
        names(page.article.get("author")),
        page.meta_authors(),
        found.author,
        sites,
    )
    evidence = DateEvidence(
        machine=[*meta_clues(page.meta_all), *json_ld_clues(page.ld_blocks)],
        seen=element_dates(scan),
        heading=scan.heading_order,
        url=url_clue(page.url),
        dateline=found.published if found.published_from == "dateline" else None,
        text_of=lambda: page_text(doc),
        article_text_of=lambda: page_text(doc, article_only=True),
        htmldate_of=lambda: _htmldate(doc, page.url),
    )
    published, published_from = choose_date(evidence)
    source = page.first("og:site_name") or next(iter(names(page.article.get("publisher"))), None)
    source = source or page.first("dc.publisher", "dcterms.publisher", "publisher")
    return Article(
        text=found.text,
        format="html",
        title=title or found.title,
        source=_outlet(source, page.url) or found.source,
        author=author,
        published=published,
        published_from=published_from,
        language=_language(doc) or detect_language(found.text),
        url=page.url,
    )


def _outlet(named: str | None, url: str | None) -> str | None:
    """The outlet as the page names its site, unless that name is no known outlet (or there
    is none) and the page's address is a known outlet's: a wire's pages can call their
    site after the edition ("U.S."), a hosted feed "Hosted", and many pages name none.
    The address's host is then the evidence, and the outlet list makes it the outlet. A
    known outlet the page names stays, even on another outlet's address (syndication)."""
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:  # "http://[::1": an address no browser could have saved from
        host = None
    if not host or lookup_outlet(host) is None:
        return named
    if named and lookup_outlet(normalize_outlet(named) or "") is not None:
        return named
    return host
