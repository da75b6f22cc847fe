"""A web page's byline: names from the page's author markup, never the outlet's name.

Sources, best first: the byline a reader sees (``class="author"``, ``rel="author"``,
``itemprop="author"``) outside comments and page chrome, cleaned of "By", roles,
dates and buttons; the article's JSON-LD ``author``; the author meta tags
(``citation_author`` and ``dc.creator`` before ``author``); a "By ..." line in the
text. A value that is the site's or the publisher's own name ("Badische Zeitung",
"SWR Sport") is not a byline.
"""

from __future__ import annotations

import re
import unicodedata

from .pagescan import Scan
from .shown_dates import MONTHS

_SKIP_HINT = re.compile(
    r"comment|avatar|photo|image|img|bio\b|description|about|follow|social|share|more"
    r"|form|reply|label|job|role|position|info-?box|author-?box|profile",
    re.I,
)
_LEAD = re.compile(
    r"^(?:(?:posted|written|words|reported|story|text|fotos?|published|beitrag|geschrieben"
    r"|verfasst)\s*(?:by|von)\b|text\s*(?:&|und|and)\s*fotos?|by|von|par|por|door"
    r"|autor(?:in|/in|es)?|author|auteur|text|über|about|~)\s*[:\-–—]?\s*",
    re.I,
)
_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAYS = r"mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so|lun|mar|mer|jeu|ven|sam|dim"
# what follows a name in a byline: a date, a time, "updated", a separator, a button
_TAIL = re.compile(
    r"\s*(?:[|•·»«+]|\s[-–—]\s|\bon\s+\w+day|\d{1,2}[./:]\d{1,2}|\b(?:19|20)\d{2}\b"
    rf"|\d{{1,2}}\.?\s*(?:{_MONTH_WORDS})\b|\b(?:{_MONTH_WORDS})\.?\s+\d{{1,2}}\b"
    rf"|,?\s+(?:{_WEEKDAYS})\.?,\s*\d"
    r"|\b(?:hace|vor|il y a|updated|aktualisiert|actualizado|publicado|published|posted)\s"
    r"|\b(?:am|le|el|on|du|vom)\s+(?:\d|\w+(?:day|tag|di|dì|ch))\b"
    r"|\b\d+\s+(?:artikel|articles|beiträge|posts)\b"
    r"|\b(?:alle\s+artikel|all\s+articles|mehr|more|follow|folgen|kontakt|contact|e-?mail"
    r"|twitter)\b).*$",
    re.I,
)
# roles written with a name: "Rechtsanwalt Sebastian Einbock", "Christoph Hein Chefredakteur"
_ROLE = re.compile(
    r"(?:^|\s)(?:[\w-]*-)?(?:(?:chef)?redakteur(?:in)?|rechtsanwält(?:in)?|rechtsanwalt|experte"
    r"|expertin|korrespondent(?:in)?|reporter(?:in)?|editor|correspondent|staff\s+writer"
    r"|contributor|columnist|journalist(?:in)?|ph\.?\s?d\.?|m\.?d\.?)(?=\s|$)",
    re.I,
)
_UI_WORDS = frozenset(
    """name datum date follow folgen mehr more autor author admin administrator by von
    share teilen comments kommentare anonymous anonym guest unknown published posted
    updated about""".split()  # noqa: SIM905
)
_CONNECTORS = frozenset(
    """de da di del della van von der den du la le y e of for the""".split()  # noqa: SIM905
)
_URLISH = re.compile(r"https?://|www\.|@\w|\.(?:com|de|org|net)\b", re.I)
_SPLIT = re.compile(r"\s*(?:,|;|&|/|\band\b|\bund\b|\bet\b|\by\b|\bi\b)\s*")


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def _name_like(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 6 or name.lower() in _UI_WORDS or ":" in name:
        return False
    if not re.search(r"[^\W\d_]{2}", name) or sum(c.isdigit() for c in name) > 4:
        return False
    if words[0].isdigit():
        return False  # a count, never a name: "1 Min Read", "12 Comments" ("Bündnis 90" is)
    if len(words) == 1:
        return True  # a pen name or a user name ("jancak", "delta201")
    capitals = [w for w in words if w.lower() not in _CONNECTORS]
    if all(w.lower() in _UI_WORDS for w in capitals):
        return False  # "About the Author"
    return sum(w[:1].isupper() for w in capitals) * 2 >= len(capitals) > 0


def clean_byline(text: str) -> str | None:
    """A byline as names only ("By Jane Doe | 3 May 2022" -> "Jane Doe"), or None."""
    text = " ".join(text.split())
    for _ in range(2):
        text = _LEAD.sub("", text).strip(" :,;-–—")
    text = _TAIL.sub("", text).strip(" :,;-–—|")
    text = _ROLE.sub(" ", text).strip(" ,;")
    text = " ".join(text.split())
    if not text or len(text) > 100 or _URLISH.search(text):
        return None
    names = [n for n in _SPLIT.split(text) if n]
    if not names or len(names) > 8 or not all(_name_like(n) for n in names):
        return None
    return text


def _is_site(value: str, sites: set[str]) -> bool:
    """The site's own name ("Badische Zeitung"), not a newsroom's ("Redaktion Pagina Siete")."""
    key = _key(value)
    return bool(key) and any(
        key == s or (len(s) >= 4 and (key in s or (s in key and len(key) <= len(s) + 6)))
        for s in sites
    )


def byline_elements(scan: Scan, limit: int = 12) -> list[str]:
    """Names from the page's visible author markup, outside comments and page chrome.

    Of an element and the one inside it ("By <a>Jane Doe</a> 3 May"), the inner one's
    name is taken.
    """
    found: list[str] = []
    candidates = [
        c
        for c in scan.authors[:80]
        if c.el.tag not in ("img", "input", "form", "textarea", "button", "select")
        and not c.noisy
        and not _SKIP_HINT.search(f"{c.el.get('class', '')} {c.el.get('id', '')}")
    ]
    for i, candidate in enumerate(candidates):
        el = candidate.el
        inner = el.find(".//*[@itemprop='name']")
        name = clean_byline((inner if inner is not None else el).text_content())
        if not name:
            continue
        following = candidates[i + 1] if i + 1 < len(candidates) else None
        if following is not None and any(a is el for a in following.el.iterancestors()):
            inner_name = clean_byline(following.el.text_content())
            if inner_name and _key(inner_name) in _key(name):
                continue  # the inner element names the same person, without the clutter
        if name not in found:
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
    people = [c for c in (clean_byline(n) for n in ld_names) if c and not _is_site(c, sites)]
    shown = [b for b in bylines if not _is_site(b, sites)]
    if shown and people:
        agreeing = [p for p in people if _key(p) in _key(shown[0])]
        if agreeing and _key(", ".join(agreeing)) != _key(shown[0]):
            return ", ".join(agreeing), "JSON-LD author, as the byline shows it"
    if shown:
        return shown[0], "byline"
    if people:
        return ", ".join(dict.fromkeys(people)), "JSON-LD author"
    for value in meta_names:
        name = clean_byline(value)
        if name and not _is_site(name, sites):
            return name, "meta author"
    name = clean_byline(text_byline or "")
    if name:
        return name, "byline in the text"
    return None, None
