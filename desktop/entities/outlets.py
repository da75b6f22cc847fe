"""News outlets: the source facet's value, and outlets named in an article's text.

``data/outlets.tsv`` has one outlet a row: canonical name, aliases, web domains
and the aliases too ambiguous to scan for in running text ("Guardian", "Sky",
"RT"; ``*`` for an outlet never scanned, such as "The Hill" or "The Sun").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from search.frozen import frozen

from .names import (
    Scanner,
    acronym_form,
    curated_names,
    is_acronym,
    longest_first,
    name_key,
    read_rows,
    split_list,
)


@frozen
class Outlet:
    """One row of ``outlets.tsv``."""

    canonical: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    scanned: tuple[str, ...]  # the names (canonical and aliases) scanned for in text


@frozen
class _Index:
    by_key: dict[str, str]  # name_key of every name -> canonical
    by_acronym: dict[str, str]  # exact-case acronym ("AP", "CNN") -> canonical
    by_domain: dict[str, str]
    scanner: Scanner


@cache
def outlets() -> tuple[Outlet, ...]:
    """All curated outlets, read once."""
    out = []
    for canonical, aliases, domains, noscan in read_rows("outlets.tsv", 4):
        names, scannable = curated_names(canonical, aliases, noscan)
        scanned = tuple(n for n in scannable if not _is_domain(n))
        out.append(Outlet(canonical, tuple(names[1:]), tuple(split_list(domains.lower())), scanned))
    return tuple(out)


@cache
def _index() -> _Index:
    by_key: dict[str, str] = {}
    by_acronym: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    scan: dict[str, str] = {}
    for o in outlets():
        for n in (o.canonical, *o.aliases):
            if is_acronym(n):
                by_acronym.setdefault(acronym_form(n), o.canonical)
            by_key.setdefault(name_key(n), o.canonical)
        for d in o.domains:
            by_domain.setdefault(d, o.canonical)
        for n in o.scanned:
            scan[n] = o.canonical
            if n.startswith("The "):
                scan["the" + n[3:]] = o.canonical  # "according to the Guardian"
    return _Index(by_key, by_acronym, by_domain, Scanner(scan))


_DOMAIN = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\d?\.)?((?:[a-z0-9-]+\.)+[a-z]{2,12})\.?(?:[/:?#].*)?$", re.I
)


def _is_domain(text: str) -> bool:
    return _DOMAIN.match(text.strip()) is not None


def _domain_outlet(host: str) -> str | None:
    labels = host.lower().split(".")
    by_domain = _index().by_domain
    for i in range(len(labels) - 1):
        hit = by_domain.get(".".join(labels[i:]))
        if hit is not None:
            return hit
    return None


def lookup_outlet(name: str) -> str | None:
    """The canonical name of a known outlet ("nytimes.com", "NYT", "the Guardian"), else None."""
    text = name.strip()
    if not text:
        return None
    m = _DOMAIN.match(text)
    if m is not None:
        hit = _domain_outlet(m.group(1))
        if hit is not None:
            return hit
    idx = _index()
    if is_acronym(text):
        hit = idx.by_acronym.get(acronym_form(text))
        if hit is not None:
            return hit
    return idx.by_key.get(name_key(text))


_PREFIX = re.compile(
    r"^(?:(?:originally\s+)?published\s+(?:for|by|in|on)|quoted\s+from|reported\s+by|"
    r"courtesy\s+of|sources?|from|via|by|copyright|©|\(c\))(?:\s*[:\-–—]\s*|\s+)",
    re.I,
)
_NO_OUTLET = {
    "various sources", "various", "sources", "source", "unknown", "n/a", "na", "none", "null",
    "staff", "agencies", "news agencies", "wire services", "wires", "staff and agencies",
    "anonymous", "news", "online", "web", "internet", "press release",
}  # fmt: skip
# where an outlet's name may end and a programme, section or byline begin
_SEPARATOR = re.compile(r"^(?:['’]s?\s|[-–—|:,/(]|\s[-–—|:,/(])")


@lru_cache(maxsize=4096)  # an import asks it for each file, mostly the same few outlets
def normalize_outlet(raw: str | None) -> str | None:
    """The outlet as a facet value, or None when the field names none.

    Known outlets give their canonical name ("CBS News’ 60 Minutes" -> "CBS News",
    "www.cnn.com" -> "CNN"); unknown ones keep their spelling, with blanks tidied and
    "Published for:"-style prefixes removed; "Various Sources" gives None.
    """
    if raw is None:
        return None
    text = " ".join(raw.split()).strip(" \"'“”‘’.,;:-–—|()[]")
    while True:
        stripped = _PREFIX.sub("", text, count=1).strip(" \"'“”‘’.,;:-–—|")
        stripped = re.sub(r"^(?:19|20)\d\d\s+", "", stripped)  # "© 2023 Reuters"
        if stripped == text or not stripped:
            break
        text = stripped
    if not text or text.lower() in _NO_OUTLET or name_key(text) in _NO_OUTLET:
        return None
    hit = lookup_outlet(text)
    if hit is not None:
        return hit
    m = _DOMAIN.match(text)
    if m is not None:
        return m.group(1).lower()
    # a known outlet's name followed by a possessive or a separator: "CBS News’ 60 Minutes"
    words = list(re.finditer(r"\S+", text))
    for n in range(min(len(words), 6) - 1, 0, -1):
        head = text[: words[n - 1].end()]
        rest = text[words[n - 1].end() :]
        tail_mark = re.search(r"(?:['’]s?|[,:;|])$", head) is not None
        if tail_mark or _SEPARATOR.match(rest):
            hit = lookup_outlet(head)
            if hit is not None:
                return hit
    return text


_AP = re.compile(r"(?<![\w-])AP(?![\w-])")
_AP_BEFORE = re.compile(r"(?:\(|(?:according\s+to|told|by|with|to)\s+(?:the\s+)?)$", re.I)
_AP_AFTER = re.compile(
    r"^(?:\)|['’]s\b|\s+(?:\w+\s+){0,2}?(?:said|says|reported|reports|reporting|wrote|learned|"
    r"obtained|confirmed|found|reviewed|contacted|photographer|reporters?|journalists?|"
    r"analysis|investigation|interview|poll)\b)"
)


def scan_outlets(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, canonical)`` of known outlets named in ``text``, sorted by position.

    Case-sensitive, whole words; ambiguous short names ("Guardian", "Sky", "RT") are
    not scanned, and "AP" only counts next to a reporting verb, "according to",
    "told" or as a "(AP)" dateline.
    """
    found = _index().scanner.spans(text)
    for m in _AP.finditer(text):
        before = text[max(0, m.start() - 20) : m.start()]
        after = text[m.end() : m.end() + 60]
        if _AP_BEFORE.search(before) or _AP_AFTER.match(after):
            found.append((m.start(), m.end(), "Associated Press"))
    return longest_first(found)


def precise_names() -> dict[str, str]:
    """Spellings that name an outlet in running text too: the scanned ones and acronyms.

    ``orgs`` folds these into its lookup and scan (outlets are organisations).
    """
    out: dict[str, str] = {}
    for o in outlets():
        out.update({n: o.canonical for n in o.scanned})
        if o.scanned:  # "AP" and "RT" are not scanned but name their outlet as an ORG
            out.update({n: o.canonical for n in o.aliases if is_acronym(n) and "." not in n})
    return out
