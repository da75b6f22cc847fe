"""The article text of a web page: trafilatura on the whole page, cleaned after.

Nothing is removed before trafilatura sees the page (removing ``<form>``,
``<noscript>``, ``<header>`` or ``<nav>`` first deletes whole articles on real
sites). Afterwards: the article's lead paragraph ("standfirst", "chapo",
"intro"), which trafilatura often leaves out, is put back in front; and when
trafilatura finds nothing, the page's own text is taken without its menus.
"""

from __future__ import annotations

import copy
import re

from lxml import etree
from lxml import html as lxml_html

from .pagescan import Scan
from .readers.text import clean_text

# a subtitle (dek) is the headline's, an excerpt is usually another article's teaser
_NOT_LEAD = re.compile(
    r"leader|leading|intro-?video|teaser-?(?:list|box|item|image)|excerpt|\bdek|subtitle"
    r"|sub-?headline|author|bio\b|cookie|consent|alert|media|image|photo|caption",
    re.I,
)
#: How far after the h1 (in elements of interest) the lead may start.
_LEAD_NEAR = 6
_CHROME_TAGS = "script style noscript template iframe svg canvas form button select nav aside"
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_CHROME_HINTS = re.compile(
    r"comment|menu|\bnav|sidebar|footer|share|social|related|cookie|advert|promo|newsletter",
    re.I,
)
_BLOCK_TAGS = "p div h1 h2 h3 h4 h5 h6 li ul ol tr table section article main blockquote pre dd dt"


def _collapse(text: str) -> str:
    return " ".join(text.split())


def trafilatura_text(doc: lxml_html.HtmlElement) -> str:
    """trafilatura's main text of the page (it works on its own copy), or ``""``."""
    import trafilatura  # lazy: importing it costs ~0.3 s

    extracted = trafilatura.extract(
        doc,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
    )
    return clean_text(extracted.replace("\n", "\n\n")) if extracted else ""


def lead_paragraph(scan: Scan, text: str) -> str | None:
    """The article's lead when the extracted text lacks it: a marked-up intro after the h1."""
    start = _collapse(text[:3000])
    first = scan.heading_order or 0
    for found in scan.leads:
        el = found.el
        if found.order > first + _LEAD_NEAR:
            break
        if el.tag not in ("p", "div", "section", "span", "strong") or found.noise:
            continue
        if _NOT_LEAD.search(f"{el.get('class', '')} {el.get('id', '')}"):
            continue
        if el.find(".//script") is not None or el.find(".//style") is not None:
            continue
        lead = _collapse(el.text_content())
        if len(lead) < 60 or len(lead) > 1500 or len(lead.split()) < 8:
            continue
        linked = sum(len(_collapse(a.text_content())) for a in el.iter("a"))
        if linked > 0.5 * len(lead):
            continue
        if lead[:60] in start or lead[:60] in _collapse(text):
            return None  # trafilatura kept it
        return lead
    return None


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


def plain_text(doc: lxml_html.HtmlElement, strip_chrome: bool = True) -> str:
    """The page's own text (blocks on lines), without menus and widgets when asked."""
    doc = _without_chrome(doc) if strip_chrome else copy.deepcopy(doc)
    if not strip_chrome:
        etree.strip_elements(doc, etree.Comment, "script", "style", "template", with_tail=False)
    total = len(doc.text_content())
    for el in list(doc.iter()):
        hints = f"{el.get('class', '')} {el.get('id', '')}"
        small = len(el.text_content()) < total / 2  # never the wrapper of the article
        if strip_chrome and el.getparent() is not None and small and _CHROME_HINTS.search(hints):
            el.drop_tree()
    candidates = (doc.find(".//main"), doc.find(".//article"), doc.find(".//body"))
    body = next((el for el in candidates if el is not None), doc)
    for el in body.iter(*_BLOCK_TAGS.split()):
        el.tail = "\n\n" + (el.tail or "")
    for br in body.iter("br"):
        br.tail = "\n" + (br.tail or "")
    text = "\n".join(" ".join(line.split()) for line in body.text_content().split("\n"))
    return clean_text(re.sub(r"\n{3,}", "\n\n", text))


def main_text(doc: lxml_html.HtmlElement, scan: Scan | None = None) -> str:
    """The article's text: trafilatura's, with the lead put back; else the page's own text."""
    text = trafilatura_text(doc)
    if text.strip():
        lead = lead_paragraph(scan, text) if scan else None
        return f"{lead}\n\n{text}" if lead else text
    return plain_text(doc) or plain_text(doc, strip_chrome=False)
