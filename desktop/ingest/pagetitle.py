"""A web page's headline: the visible h1 when the metadata agrees, never the site's name.

``<title>`` and ``og:title`` usually carry the site's name ("CDPATH replacements -
anarcat", "BMAS - Änderung der ..."); it is cut off when a part before or after a
separator names the site (as ``og:site_name``, the publisher, the address or the
application name give it, also loosely: "Automobilwoche" for "Automobilwoche.de").
The h1 a reader sees wins when a title tag agrees with it; otherwise the first
title tag, without the site's name; a generic title ("Home") is never taken.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from lxml import html as lxml_html

_SEPARATORS = re.compile(r"\s+[|–—:»·•/-]+\s+|\s*[|｜_]\s*|\s+::\s+|:\s+")
_GENERIC = re.compile(
    r"(?:home|homepage|start|startseite|index|accueil|inicio|portada|welcome|untitled|news"
    r"|nachrichten|main page|default|page not found|404.*|article|blog|untitled document)",
    re.I,
)
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff]")
MAX_TITLE = 300


def clean_title(text: str | None) -> str:
    """Blanks collapsed, invisible characters (soft hyphens, zero-width spaces) removed."""
    if not text:
        return ""
    return " ".join(_INVISIBLE.sub("", unicodedata.normalize("NFC", text)).split())


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def site_keys(names: Iterable[str | None], url: str | None) -> set[str]:
    """Comparable forms of the site's names and of its address ("www.bmas.de" -> "bmas")."""
    keys = {_key(n) for n in names if n}
    host = re.match(r"(?:[a-z]+:)?//(?:www\d?\.)?([^/:]+)", url or "", re.I)
    if host:
        keys.add(_key(host.group(1)))
        labels = host.group(1).split(".")
        if len(labels) >= 2:
            keys.add(_key(labels[-2] if len(labels[-2]) > 3 or len(labels) == 2 else labels[-3]))
    for key in list(keys):
        bare = re.sub(r"(?:com|de|net|org|ch|at|fr|uk|couk|info|online|news)$", "", key)
        if len(bare) >= 4:
            keys.add(bare)
    return {k for k in keys if len(k) >= 3}


def _is_site(part: str, sites: set[str]) -> bool:
    key = _key(part)
    if len(key) < 3 or len(part.split()) > 8:
        return False
    return any(
        key == s
        or (len(s) >= 4 and s in key and len(key) <= len(s) + 10)
        or (len(key) >= 4 and key in s)
        for s in sites
    )


def strip_site(title: str, sites: set[str]) -> str:
    """The title without a leading or trailing part that names the site."""
    title = clean_title(title)
    for _ in range(2):
        parts = [m for m in _SEPARATORS.finditer(title)]
        if not parts:
            break
        last, first = parts[-1], parts[0]
        if _is_site(title[last.end() :], sites) and last.start() > 0:
            title = title[: last.start()].strip()
        elif _is_site(title[: first.start()], sites) and first.end() < len(title):
            title = title[first.end() :].strip()
        else:
            break
    return title


def headline_of(h1: lxml_html.HtmlElement) -> str:
    """An h1's headline without a kicker before it (its first child, "roofline", "topic").

    ``<h1><span class="kicker">Corona</span> Masks are back</h1>`` -> "Masks are back".
    """
    full = clean_title(h1.text_content())
    children = [c for c in h1 if isinstance(c.tag, str) and c.tag != "br"]
    if (h1.text or "").strip() or len(children) < 1:
        return full
    first = clean_title(children[0].text_content())
    rest = clean_title(
        " ".join(
            [children[0].tail or ""] + [c.text_content() + (c.tail or "") for c in children[1:]]
        )
    )
    rest = rest.strip(" -–—:|")
    if first and len(rest) >= 12 and len(first) < len(rest):
        return rest
    return full


def _agrees(heading: str, title: str) -> bool:
    """The h1 is the title, or the title's first or last part (before/after a separator)."""
    h, t = _key(heading), _key(title)
    if not h or not t:
        return False
    return h == t or (len(h) >= 12 and (t.startswith(h) or t.endswith(h) or h.endswith(t)))


def is_generic(title: str) -> bool:
    """A title that names no article ("Home", "Startseite", "Untitled")."""
    return not _key(title) or _GENERIC.fullmatch(title.strip(" .:|-")) is not None


def choose_title(
    headings: list[tuple[str, str]], tagged: list[tuple[str, str]], sites: set[str]
) -> tuple[str | None, str | None]:
    """The headline and where it came from.

    ``headings``: the page's h1s (article's first) as (whole text, headline without a
    kicker); ``tagged``: (source, value)
    from og:title, JSON-LD headline, twitter:title and ``<title>``, in that order.
    """
    titles = [(src, strip_site(value, sites)) for src, value in tagged if clean_title(value)]
    titles = [(src, t) for src, t in titles if t and not is_generic(t) and len(t) <= MAX_TITLE]
    raw = [clean_title(v) for _, v in tagged]
    for whole, heading in headings:
        if not heading or is_generic(heading) or _is_site(heading, sites):
            continue
        if len(heading) > MAX_TITLE:
            continue
        for candidate in (heading, whole):
            if any(_agrees(candidate, t) for t in [t for _, t in titles] + raw):
                return heading, "h1"
        # the h1 is a kicker and the title: the title tag's text is the headline
        shorter = [t for _, t in titles if len(t) >= 12 and _key(whole).endswith(_key(t))]
        if shorter:
            return shorter[0], "h1 without its kicker"
    if titles:
        return titles[0][1], titles[0][0]
    for _, heading in headings:
        if heading and not is_generic(heading) and len(heading) <= MAX_TITLE:
            return heading, "h1"
    return None, None
