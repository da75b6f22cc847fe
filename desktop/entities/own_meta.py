"""An article's own metadata is not a mention: its outlet, byline, date line and sign-off.

The readers (``desktop.ingest.textmeta``) turn those lines into the document's title,
outlet, author and date; here the same lines are found again in the stored text so that the
entity phase drops what the model or the lists found in them ("Written by Jeppe W",
"Published for: Ipodifier", "Source: Reuters", a closing "Reuter"). The article's own
outlet is its source, never one of its actors, wherever the text names it. A place in a
date line ("LONDON 1996-08-30") is where the story was filed and stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..ingest.textmeta import is_boilerplate
from .extract_rules import Found
from .names import name_key
from .outlets import lookup_outlet, normalize_outlet

TOP_LINES = 8
BOTTOM_LINES = 4

_BYLINE = re.compile(
    r"^(?:(?:written|words|reported|posted|story|text|photos?|edited)\s+by|by|authors?"
    # a wire's closing credits: "Reporting by Jason Hovet; Editing by David Goodman"
    r"|(?:additional\s+)?(?:reporting|writing|editing)\s+by)\b"
    r"\s*[:\-–—]?\s*\S",
    re.I,
)
_OUTLET_LINE = re.compile(
    r"^(?:(?:originally\s+)?published\s+(?:for|by|in|at|on)|courtesy\s+of|copyright|©|\(c\)"
    r"|(?:sources?|publisher|publication|outlet|via|credit)\s*:)",
    re.I,
)
# a wire's sign-off or credit on a line of its own: "Reuter", "(Reuters)", "-- AP"
_SIGN_OFF = re.compile(
    r"^[\s\-–—(]*(?:reuters?|ap|afp|upi|dpa|bloomberg|associated\s+press|agence\s+france[-\s]"
    r"presse|interfax|tass|ria\s+novosti|ukrinform)[\s)\-–—.]*$",
    re.I,
)
# the wire credit inside a dateline: "LONDON, March 3 (Reuters) -"
_CREDIT = re.compile(r"\((?:Reuters?|AP|AFP|UPI|dpa|Bloomberg|Interfax|Ukrinform)\)")


_DATE_WORDS = re.compile(
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon|tues?|wed(?:nes)?|thu(?:rs?)?|"
    r"fri|sat(?:ur)?|sun|day|updated|published|posted|on|at|am|pm|a\.m|p\.m|st|nd|rd|th|of)|"
    r"[A-Z]{2,5}|\d+|[\W_]+"
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def _is_date_line(line: str) -> bool:
    """A line that holds only a date (and a time, a zone, a word such as "Updated"): the
    readers take it for the publication date. Cheaper than parsing it: nothing is left once
    the date's words and figures are taken out."""
    return len(line) <= 60 and bool(_YEAR.search(line)) and not _DATE_WORDS.sub("", line).strip()


def _lines(text: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and not is_boilerplate(stripped):
            out.append((pos, pos + len(line), stripped))
        pos += len(line) + 1
    return out


def _keys(values: Sequence[str | None]) -> set[str]:
    keys = set()
    for v in values:
        if v:
            keys.add(name_key(v))
            keys.add(name_key(normalize_outlet(v) or v))
    keys.discard("")
    return keys


def metadata_lines(
    text: str, source: str | None, source_raw: str | None, author: str | None
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of the article's own metadata lines, and of its date lines (kept apart because a
    place in a date line stays a place)."""
    lines = _lines(text)
    near = lines[:TOP_LINES] + lines[TOP_LINES:][-BOTTOM_LINES:]
    own = _keys([source, source_raw, author])
    meta: list[tuple[int, int]] = []
    dates: list[tuple[int, int]] = []
    for i, (start, end, line) in enumerate(near):
        if _BYLINE.match(line) or _OUTLET_LINE.match(line) or _SIGN_OFF.match(line):
            meta.append((start, end))
        elif i == 0:
            continue  # the title
        elif name_key(line) in own:
            meta.append((start, end))
        elif _is_date_line(line):
            dates.append((start, end))
    for m in _CREDIT.finditer(text, 0, min(len(text), 2000)):
        meta.append(m.span())
    return meta, dates


def _own_outlet(f: Found, own: set[str]) -> bool:
    if f.kind != "organization" or not own:
        return False
    for name in (f.name, f.text):
        key = name_key(lookup_outlet(name) or name)
        if key in own or key + "s" in own:  # "Reuter" signs off for Reuters
            return True
    return False


def drop_own_metadata(
    text: str,
    found: list[Found],
    source: str | None,
    source_raw: str | None,
    author: str | None,
) -> list[Found]:
    """The mentions that are not the article's own metadata (see the module's docstring)."""
    meta, dates = metadata_lines(text, source, source_raw, author)
    outlet = _keys([source, source_raw])

    def inside(f: Found, spans: list[tuple[int, int]]) -> bool:
        return any(s <= f.start and f.end <= e for s, e in spans)

    return [
        f
        for f in found
        if not inside(f, meta)
        and not (inside(f, dates) and f.kind != "place")
        and not _own_outlet(f, outlet)
    ]
