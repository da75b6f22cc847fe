"""A PDF's own metadata (XMP, the info dictionary) and the lines a browser prints on it.

A page printed to PDF from a browser carries a header and footer on every page:
the print date and time and the page's title at the top, its address and the
page number at the bottom (Chrome, Edge; Firefox puts them the other way round).
They are taken out of the text and give the title, the address and -- when the
article itself names no date -- the day the page was printed. A numeric print
date whose day and month could be swapped (11/9/23) is not read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from search.frozen import frozen

from .pagetitle import site_keys, strip_site

_URL = re.compile(r"(?P<url>(?:https?|file)://\S+)")
_PAGE_NO = re.compile(r"(?:page\s+)?\d{1,4}\s*(?:/|of|von|de|sur|из|з|di|z)\s*\d{1,4}", re.I)
_PRINTED_AT = re.compile(
    r"(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{1,4}),?\s+(?P<time>\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?)"
)
_BROWSERS = re.compile(r"chrome|chromium|mozilla|firefox|safari|skia/pdf|edg/|webkit", re.I)
_EDGE_LINES = 3  # header/footer lines are among the first or last three of a page


@frozen
class Printed:
    """What a browser printed around every page, and the pages without it."""

    pages: list[str]
    url: str | None
    title: str | None
    printed: dt.date | None


def _print_date(text: str) -> dt.date | None:
    """A print date as browsers write it, when its reading is certain."""
    parts = [int(p) for p in re.split(r"[./-]", text)]
    if len(parts) != 3:
        return None
    if parts[0] > 31:  # 2023-11-09
        year, month, day = parts
    elif "." in text:  # 09.11.23 (day first, as every locale that writes dots)
        day, month, year = parts
    else:  # 11/9/23 or 9/11/2023: only when one of the two cannot be a month
        a, b, year = parts
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        elif a == b:
            day = month = a
        else:
            return None
    year += 2000 if year < 100 else 0
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _edge_indices(lines: list[str]) -> list[int]:
    n = len(lines)
    return sorted(set(range(min(_EDGE_LINES, n))) | set(range(max(0, n - _EDGE_LINES), n)))


def browser_print(pages: list[str], info_title: str | None, creator: str) -> Printed | None:
    """The header and footer lines a browser printed, if this PDF has them on its pages."""
    if not pages:
        return None
    urls: dict[str, int] = {}
    stamps: dict[str, int] = {}
    for page in pages:
        lines = page.split("\n")
        for i in _edge_indices(lines):
            line = lines[i].strip()
            address = _URL.search(line)
            if address and len(line) - len(address.group(0)) < 20:
                urls[address["url"]] = urls.get(address["url"], 0) + 1
            stamp = _PRINTED_AT.match(line)
            if stamp:
                stamps[stamp.group(0)] = stamps.get(stamp.group(0), 0) + 1
    url = max(urls, key=urls.__getitem__) if urls else None
    needed = max(1, (len(pages) + 1) // 2)
    from_browser = bool(_BROWSERS.search(creator))
    if url is None or urls[url] < needed:
        return None
    if not (stamps or from_browser):
        return None
    stamp_text = max(stamps, key=stamps.__getitem__) if stamps else None
    title: str | None = None
    cleaned: list[str] = []
    for page in pages:
        lines = page.split("\n")
        drop: set[int] = set()
        for i in _edge_indices(lines):
            line = lines[i].strip()
            if url in line and len(line) - len(url) < 20:
                drop.add(i)
            elif stamp_text and line.startswith(stamp_text):
                drop.add(i)
                title = title or line[len(stamp_text) :].strip() or None
            elif _PAGE_NO.fullmatch(line) or (info_title and line == info_title.strip()):
                drop.add(i)
        cleaned.append("\n".join(line for i, line in enumerate(lines) if i not in drop).strip())
    match = _PRINTED_AT.match(stamp_text or "")
    printed = _print_date(match["date"]) if match else None
    title = title or info_title
    if title:
        title = strip_site(title, site_keys([], url)) or title
    return Printed(cleaned, url if url.startswith("http") else None, title, printed)


def _xmp(reader: Any) -> Any:
    try:
        return reader.xmp_metadata
    except Exception:  # a broken XMP stream is no reason to refuse the PDF
        return None


@frozen
class PdfMeta:
    """Metadata written into the PDF file."""

    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    published_from: str | None = None
    creator: str = ""  # the program that made it ("Mozilla/5.0 ... Chrome/120", "Skia/PDF")


_PRISM = "http://prismstandard.org/namespaces/basic/2.0/"


def pdf_meta(reader: Any, real_title: Any, real_author: Any) -> PdfMeta:
    """Title and author from XMP (``dc:title``, ``dc:creator``), else the info dictionary;
    the publication date only from XMP's PRISM ``publicationDate`` (a journal's own),
    never the file's creation date."""
    info = reader.metadata
    xmp = _xmp(reader)
    title = author = None
    published: dt.date | None = None
    creator = " ".join(str(v) for v in (info or {}).values() if isinstance(v, str))[:500]
    if xmp is not None:
        try:
            titles = xmp.dc_title or {}
            title = real_title(titles.get("x-default") or next(iter(titles.values()), None))
            authors = [a for a in (real_author(a) for a in xmp.dc_creator or []) if a]
            author = ", ".join(authors) or None
            creator += f" {xmp.xmp_creator_tool or ''} {xmp.pdf_producer or ''}"
            for node in xmp.get_element("", _PRISM, "publicationDate"):
                value = getattr(node, "value", None) or getattr(node.firstChild, "data", "")
                m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value or "")
                if m:
                    published = dt.date(int(m[1]), int(m[2]), int(m[3]))
                    break
        except Exception:  # odd XMP: the info dictionary still counts
            pass
    title = title or (real_title(info.title) if info else None)
    author = author or (real_author(info.author) if info else None)
    return PdfMeta(
        title=title,
        author=author,
        published=published,
        published_from="XMP prism:publicationDate" if published else None,
        creator=creator,
    )
