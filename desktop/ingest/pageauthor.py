"""A web page's byline: names from the page's author markup, never the outlet's name.

Sources, best first: the byline a reader sees by the headline (``class="author"``,
``rel="author"``, ``itemprop="author"``), cleaned of "By", dates and buttons; the
article's JSON-LD ``author``; the ``author`` meta tags. A value that is the site's or
the publisher's own name ("Badische Zeitung", "SWR Sport") is not a byline.
"""

from __future__ import annotations

import re
import unicodedata

from .pagescan import Scan

_AUTHOR_HINT = re.compile(r"author|byline|\bbyl\b|autor|auteur|verfasser|firma|writer", re.I)
_SKIP_HINT = re.compile(
    r"comment|avatar|photo|image|img|bio|description|about|follow|social|share|more|list"
    r"|form|reply|label|title-?label|job|role|position",
    re.I,
)
_LEAD = re.compile(
    r"^(?:(?:posted|written|words|reported|story|text(?:\s*(?:&|und|and)\s*fotos?)?|fotos?"
    r"|published)\s+(?:by|von)\b|by|von|par|por|door|autor(?:in|/in|es)?|author"
    r"|auteur|verfasst\s+von|geschrieben\s+von|text|redaktion(?=:))\s*[:\-–—]?\s*",
    re.I,
)
# what follows a name in a byline: a date, a time, "updated", a role, a separator
_TAIL = re.compile(
    r"\s*(?:[|•·]|\s[-–—]\s|\bon\s+\w+day|\b\d{1,2}[./:]\d{1,2}|\b(?:19|20)\d{2}\b"
    r"|\b(?:hace|vor|il y a|updated|aktualisiert|actualizado|publicado|published|posted"
    r"|am|le|el|on)\s|\b(?:alle\s+artikel|all\s+articles|mehr|more|follow|folgen|kontakt"
    r"|contact|e-?mail|twitter)\b).*$",
    re.I,
)
_UI_WORDS = frozenset(
    [
        "name",
        "datum",
        "date",
        "follow",
        "folgen",
        "mehr",
        "more",
        "autor",
        "author",
        "admin",
        "administrator",
        "redaktion",
        "by",
        "von",
        "share",
        "teilen",
        "comments",
        "kommentare",
        "anonymous",
        "anonym",
        "guest",
        "unknown",
    ]
)
_URLISH = re.compile(r"https?://|www\.|@\w|\.(?:com|de|org|net)\b", re.I)


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def clean_byline(text: str) -> str | None:
    """A byline as names only ("By Jane Doe | 3 May 2022" -> "Jane Doe"), or None."""
    text = " ".join(text.split())
    for _ in range(2):
        text = _LEAD.sub("", text).strip(" :,;-–—")
    text = _TAIL.sub("", text).strip(" :,;-–—|")
    if not text or len(text) > 100 or _URLISH.search(text):
        return None
    names = [
        n for n in re.split(r"\s*(?:,|;|&|/|\band\b|\bund\b|\bet\b|\by\b|\bi\b)\s*", text) if n
    ]
    if not names or len(names) > 8:
        return None
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 5 or name.lower() in _UI_WORDS:
            return None
        if not re.search(r"[^\W\d_]{2}", name) or sum(c.isdigit() for c in name) > 4:
            return None
        if len(words) > 1 and not any(w[:1].isupper() for w in words):
            return None  # "sagt dazu", not "Jane Doe"
    return text


def _is_site(value: str, sites: set[str]) -> bool:
    key = _key(value)
    return bool(key) and any(key == s or (len(s) >= 4 and (s in key or key in s)) for s in sites)


def byline_elements(scan: Scan, limit: int = 12) -> list[str]:
    """Names from the page's visible author markup, outside comments and teaser lists."""
    found: list[str] = []
    for candidate in scan.authors[:80]:
        el = candidate.el
        if el.tag in ("img", "input", "form", "textarea", "button") or candidate.noisy:
            continue
        names = f"{el.get('class', '')} {el.get('id', '')}"
        if _SKIP_HINT.search(names):
            continue
        # the innermost name: <span itemprop="author"><span itemprop="name">...</span></span>
        inner = el.find(".//*[@itemprop='name']")
        name = clean_byline((inner if inner is not None else el).text_content())
        if name and name not in found:
            found.append(name)
        if len(found) >= limit:
            break
    return found


def choose_author(
    bylines: list[str],
    ld_names: list[str],
    meta_names: list[str],
    text_byline: str | None,
    sites: set[str],
) -> tuple[str | None, str | None]:
    """The byline and where it came from."""
    people = [n for n in ld_names if not _is_site(n, sites) and clean_byline(n)]
    shown = [b for b in bylines if not _is_site(b, sites)]
    if shown and people:
        agreeing = [p for p in people if _key(p) in _key(shown[0])]
        if agreeing:
            return ", ".join(agreeing), "JSON-LD author, as the byline shows it"
    if shown:
        return shown[0], "byline"
    if people:
        return ", ".join(people), "JSON-LD author"
    for value in meta_names:
        name = clean_byline(value)
        if name and not _is_site(name, sites):
            return name, "meta author"
    if text_byline:
        return text_byline, "byline in the text"
    return None, None
