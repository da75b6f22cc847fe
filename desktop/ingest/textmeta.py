"""Recognise an article's own metadata lines in plain text.

Near the top (first ~8 non-empty lines): the title, a byline, an outlet line
and a dateline; near the bottom (last ~4): "Published for: X", bylines and
datelines. Also the Ukraine-war day count ("... on its 73rd day"). Widget
boilerplate lines ("Trending Now", "Leave a Reply", ...) are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from search.frozen import frozen

from .shown_dates import shown_date

TOP_LINES = 8
BOTTOM_LINES = 4
MAX_TITLE_CHARS = 250


@frozen
class TextMeta:
    """What :func:`analyse` found; ``text`` is the input without widget lines."""

    text: str
    title: str | None = None
    author: str | None = None
    source: str | None = None
    published: dt.date | None = None
    published_from: str | None = None


# --- dates ---------------------------------------------------------------------------


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


_MONTHS = {m: i for i, m in enumerate(_words("jan feb mar apr may jun jul aug sep oct nov dec"), 1)}
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_PREFIX = (
    r"(?:(?:last\s+)?updated(?:\s+on)?|(?:first\s+|originally\s+)?published(?:\s+on)?"
    r"|posted(?:\s+on)?|dated?|on|veröffentlicht(?:\s+am)?|aktualisiert(?:\s+am)?"
    r"|publié\s+le|mis\s+à\s+jour\s+le|publicado(?:\s+el)?|pubblicato(?:\s+il)?)"
)
_CORES = (
    r"(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?",
    r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?"
    + _MONTH.replace("mon>", "mon2>")
    + r",?\s+(?P<y2>\d{4})",
    _MONTH.replace("mon>", "mon3>")
    + r"\s*(?P<d3>\d{1,2})(?:st|nd|rd|th)?\s*[,\-–—]?\s*(?P<y3>\d{4})",
    r"(?P<d4>\d{1,2})\.\s?(?P<m4>\d{1,2})\.\s?(?P<y4>\d{4})",
    # day and month in either order, as "/" or "-" writes them ("05 / 02 / 2013" too)
    r"(?P<a5>\d{1,2})\s?(?P<s5>[/-])\s?(?P<b5>\d{1,2})\s?(?P=s5)\s?(?P<y5>\d{4})",
)
_TIME = r"\d{1,2}(?:[:.]\d{2}){1,2}(?:\s*[ap]\.?\s?m\.?)?|\d{1,2}\s*[ap]\.?\s?m\.?"
_ZONE = r"(?-i:[A-Z]{2,5})(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}"
_DATELINE = re.compile(
    rf"^(?:{_PREFIX}\s*[:\-–—]?\s*)?(?:{_WEEKDAY}\s*[,\-–—]?\s*)?(?:{'|'.join(_CORES)})"
    rf"(?:\s*(?:,|\||at|@|-|–|—|·|•|/)?\s*(?:{_TIME}))?(?:\s*\(?(?:{_ZONE})\)?)?[\s.]*$",
    re.IGNORECASE,
)
#: A wire story's dateline place before its date, in capitals ("KIEV 1996-08-23", "SAN
#: FRANCISCO, 22 August 1996"): the date after it is the story's.
_WIRE_PLACE = re.compile(r"(?:[A-Z][A-Z.'’-]+\s+){0,3}[A-Z][A-Z.'’-]+\s*,?\s+")
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
_NUMBER = re.compile(r"\d+")
#: The languages dateparser reads a date line in.
PARSER_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "pl")
_ISO_START = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})|^\s*(\d{4})(\d{2})(\d{2})(?:\D|$)")


def _make(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date if 1900 <= date.year <= dt.date.today().year + 1 else None


def _from_match(g: dict[str, Any]) -> dt.date | None:
    if g["y1"]:
        return _make(g["y1"], g["m1"], g["d1"])
    if g["y2"]:
        return _make(g["y2"], _MONTHS[g["mon2"][:3].lower()], g["d2"])
    if g["y3"]:
        return _make(g["y3"], _MONTHS[g["mon3"][:3].lower()], g["d3"])
    if g["y4"]:
        return _make(g["y4"], g["m4"], g["d4"])
    first, second = int(g["a5"]), int(g["b5"])
    if first == second:  # 04/04/2012: either way, 4 April
        return _make(g["y5"], first, first)
    if first > 12 >= second:
        return _make(g["y5"], second, first)
    if second > 12 >= first:
        return _make(g["y5"], first, second)
    return None  # 05/07/2022: 7 May or 5 July? Do not guess.


def parse_dateline(line: str, fast: bool = False) -> dt.date | None:
    """The date of a line that holds only a date (plus time, zone or "Updated:").

    English forms are matched by regular expressions; other short lines with a
    year go to dateparser (imported lazily), or with ``fast`` to the quicker
    :func:`~desktop.ingest.shown_dates.shown_date`. A date needs a year to count.
    """
    line = line.strip().strip("*_").strip()
    if len(line) > 60 or not _YEAR.search(line):
        return None
    m = _dateline_match(line)
    if m:
        return _from_match(m.groupdict())
    if len(line.split()) > 6 or re.search(r"[!?;\"“”]|https?:|\w{15}", line):
        return None
    if fast:
        return shown_date(line)
    if len(_NUMBER.findall(line)) < 2:
        # a date needs its day and its year (dateparser is asked for both): "1985.",
        # "pct in 1985." are not dates, and asking took 3 ms a line (a third of reading
        # a wire story, docs/performance.md, issue 16, sixteenth session)
        return None
    return _dateparser_date(line)


def _dateline_match(line: str) -> re.Match[str] | None:
    """The date line's own form (:data:`_DATELINE`), after a wire story's place or not.
    A line of that form is decided by :func:`_from_match` alone: a day and month that can
    be read either way ("05/07/2022") stay undecided, never handed to dateparser, which
    would read them month first."""
    m = _DATELINE.match(line)
    if m is None and (place := _WIRE_PLACE.match(line)):
        m = _DATELINE.match(line[place.end() :])
    return m


def _dateparser_date(text: str) -> dt.date | None:
    import dateparser  # lazy: importing it costs ~160 ms

    settings: Any = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    try:
        parsed = dateparser.parse(text, languages=list(PARSER_LANGUAGES), settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if parsed is None or str(parsed.year) not in text:
        # dateparser reads "1998 665M 840M" (a bond table) as minutes before now: a date
        # whose year the text does not write is not the text's date
        return None
    return _make(parsed.year, parsed.month, parsed.day)


def parse_date_value(value: str) -> dt.date | None:
    """The date in a machine-written value (meta tag, JSON-LD, header, front matter).

    The date is taken as written (its own time zone), never converted.
    """
    m = _ISO_START.match(value)
    if m:
        parts = m.groups()
        return _make(*(parts[:3] if parts[0] else parts[3:]))
    value = value.strip()
    if len(value) > 80 or not _YEAR.search(value):
        return None
    if _dateline_match(value.strip("*_").strip()) is not None:
        return parse_dateline(value)  # its own form decides, "05/07/2022" undecided
    return parse_dateline(value) or _dateparser_date(value)


# --- the Ukraine-war day count -----------------------------------------------------------

WAR_DAY_ONE = dt.date(2022, 2, 24)
_WAR_DAY = re.compile(r"(?P<n>\d{1,4})(?:st|nd|rd|th)\s+day|\bday\s+(?P<n2>\d{1,4})\s+of\b", re.I)
_WAR_WORDS = re.compile(r"military\s+operation|invasion|\bwar\b|offensive|aggression", re.I)
_DAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
_NAMED_DAY = re.compile(
    r"(?P<other>\b(?:yesterday|tomorrow|last|next|since|until)\W{1,3})?\b(?P<day>"
    + "|".join(_DAYS)
    + r")\b",
    re.I,
)
_TODAY = re.compile(r"today\W{0,3}(?:is\s+)?(?P<day>" + "|".join(_DAYS) + ")", re.I)


def _passage(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in ".!?\n")
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    right = min(rights) if rights else len(text)
    return text[max(left + 1, start - 200) : min(right, end + 200)]


def war_day_date(text: str) -> dt.date | None:
    """The date of an "Nth day of the military operation in Ukraine" report.

    Looks in the first 600 characters; day 1 is 24 February 2022. A weekday
    named in the same passage ("Today, Saturday") must agree.
    """
    head = text[:600]
    for m in _WAR_DAY.finditer(head):
        passage = _passage(head, m.start(), m.end())
        if not (_WAR_WORDS.search(passage) and re.search("ukrain", passage, re.I)):
            continue
        n = int(m.group("n") or m.group("n2"))
        date = WAR_DAY_ONE + dt.timedelta(days=n - 1)
        if n < 1 or date > dt.date.today():
            continue
        today = _TODAY.search(passage)
        named = [today] if today else [d for d in _NAMED_DAY.finditer(passage) if not d["other"]]
        if named and _DAYS.index(named[0]["day"].lower()) != date.weekday():
            continue
        return date
    return None


# --- lines -------------------------------------------------------------------------

_WIDGET = re.compile(
    r"(?:top \d+(?: this week| stories| news| articles| posts)?|trending(?: now| news| stories)?"
    r"|related(?: posts| articles| stories| news| content)?|most (?:read|popular|viewed|shared)"
    r"|popular(?: articles| posts| stories| now)?|leave a (?:reply|replay|comment)"
    r"|share(?: this(?: article| post| story)?| on \w+)?|advertisement|advertisment|sponsored"
    r"|skip to (?:main )?content|read (?:more|also|next)|see also|recommended(?: for you)?"
    r"|you (?:may|might) also like|(?:subscribe|sign up)(?: to| for)?(?: our)? newsletter"
    r"|subscribe|latest (?:news|posts|articles|stories)|recent posts|follow us(?: on \w+)?"
    r"|tags|print|comments?|\d+ comments?|no comments|cancel reply|post navigation"
    r"|(?:previous|next) (?:article|post)|click to share on \w+)"
)


def is_boilerplate(line: str) -> bool:
    """True for a widget line such as "Trending Now", "Related Posts", "Leave a Reply"."""
    norm = " ".join(line.lower().strip(" \t#*_:.…!»›>|-").split())
    return len(norm) < 40 and _WIDGET.fullmatch(norm) is not None


#: Longer lines are body text, never a title, byline, outlet or date line: the patterns
#: below are not tried on them (so 50 kB of brackets on one line costs nothing).
MAX_META_LINE = 500
# Each pattern stops at the next bracket or marker, so it is linear in the line.
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_MD_HEADING = re.compile(r"^#{1,6}\s+|(?<!\s)\s+#+$")
_MD_EMPHASIS = re.compile(r"\*{1,3}([^*]+)\*{1,3}|(?<!\w)_{1,2}([^_]+)_{1,2}(?!\w)")


def _clean(line: str, markdown: bool = False) -> str:
    line = line.strip()
    if markdown and len(line) <= MAX_META_LINE:
        line = _MD_LINK.sub(r"\1", line)  # [text](url) -> text
        line = _MD_HEADING.sub("", line)
        line = _MD_EMPHASIS.sub(r"\1\2", line)
    return line.strip("*_ \t").strip()


_CONNECTORS = frozenset(
    _words("and & und et y e van von de der den da di du la le del della bin al el ten ter dos das")
)
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.\-]*")


def _is_name(text: str) -> bool:
    parts = [p.strip() for p in text.split(",")]
    if not parts or len(text) > 80 or len(text.split()) > 12:
        return False
    for part in parts:
        tokens = part.split()
        if not 1 <= len(tokens) <= 6 or not tokens[0][0].isupper():
            return False
        for token in tokens:
            if token.lower() in _CONNECTORS:
                continue
            if not (_NAME_TOKEN.fullmatch(token) and token[0].isupper()):
                return False
    return True


_OUTLET_WORDS = frozenset(
    _words(
        "media news group times post press herald journal tribune daily agency gazette telegraph "
        "review radio tv network broadcasting chronicle guardian independent wire"
    )
)
_AGENCIES = frozenset(
    _words(
        "reuters|ap|afp|associated press|bloomberg|dpa|efe|ansa|tass|interfax|ukrinform|bbc|cnn"
        "|upi|ria novosti",
        "|",
    )
)
_NOT_OUTLETS = frozenset(
    _words("various sources|various|sources|unknown|n/a|none|internet|web", "|")
)


def is_outlet_name(line: str) -> bool:
    """A bare short Title-Case line naming an outlet ("ICARO Media Group", "Reuters")."""
    line = line.strip()
    words = line.split()
    if not 1 <= len(words) <= 6 or len(line) > 50 or re.search(r"[,;:!?\"“”]|\.(?:\s|$)", line):
        return False
    if line.lower() in _AGENCIES:
        return True
    if any(w[0].isalpha() and not w[0].isupper() and w not in _CONNECTORS for w in words):
        return False
    lowered = [w.lower().strip("'’&()") for w in words]
    return any(w in _OUTLET_WORDS or w.startswith("news") or w.endswith("news") for w in lowered)


_OUTLET_PREFIX = re.compile(
    r"(?:(?:originally\s+)?published\s+(?:for|by|in|at)|courtesy\s+of"
    r"|(?:sources?|publisher|publication|outlet|via|quelle|fuente|fonte)\s*:)\s*:?\s*(?P<v>.+)",
    re.I,
)


#: An outlet given as its address ("https://www.bbc.co.uk/news/…", "reuters.com"): its host.
_OUTLET_URL = re.compile(r"(?:https?://)?(?:www\.)?([a-z0-9.-]+\.[a-z]{2,})(?:/\S*)?$", re.I)


def _outlet_value(value: str) -> str | None:
    value = value.strip().strip("\"“”'*_").rstrip(".…").strip()
    url = _OUTLET_URL.match(value)
    if url:
        return url.group(1).lower()
    ok = re.search(r"[^\W\d_]", value) and not re.search(r"[.!?;]\s", value)
    if not ok or len(value) > 60 or len(value.split()) > 8 or value.lower() in _NOT_OUTLETS:
        return None
    if len(value.split()) > 5 and not is_outlet_name(value):
        return None  # "Sox May Not Be Out Of Teixeira Chase": a headline, not a name
    return value


_BYLINE = re.compile(
    r"(?:(?:written|words|reported|posted|story|text)\s+by|by|von|par|por|authors?"
    r"|autor(?:in|es)?|auteur)\b\s*[:\-–—]?\s*(?P<rest>\S.*)",
    re.I,
)


_ROLES = frozenset(_words("staff writer reporter correspondent editor contributor columnist"))


@frozen
class _Byline:
    author: str
    source: str | None
    published: dt.date | None


def _byline(line: str, fast: bool = False) -> _Byline | None:
    if len(line) > MAX_META_LINE:
        return None
    m = _BYLINE.fullmatch(line)
    if not m:
        return None
    pieces = [p.strip() for p in re.split(r"\s+[|•·—–-]\s+|\s*\|\s*", m["rest"])]
    names, extras = [p.strip() for p in pieces[0].split(",")], pieces[1:]
    while len(names) > 1 and (is_outlet_name(names[-1]) or _ROLES & set(names[-1].lower().split())):
        extras.insert(0, names.pop())
    name = ", ".join(names)
    if not _is_name(name):
        return None
    source = next((e for e in extras if is_outlet_name(e)), None)
    published = next((d for d in (parse_dateline(e, fast) for e in extras) if d), None)
    return _Byline(name, source, published)


def _wrapped_title(title: str | None, line: str) -> bool:
    """A line in capitals under a title in capitals: the headline wrapped, as Reuters wraps
    it ("…OFFER TO BUY ALL REVLON" / "GROUP NOT ALREADY OWNED"), not an outlet's name."""
    return bool(title and title.isupper() and line.isupper() and line.lower() not in _AGENCIES)


def _outlet_line(line: str) -> str | None:
    # "published in more than 100 newspapers." is a hard-wrapped sentence, not an outlet
    # line: a line of its own starts with a capital, and so does the name it gives (or
    # it is the outlet's address: "Source: https://www.bbc.co.uk/news/…")
    if len(line) > MAX_META_LINE or not line[:1].isupper():
        return None
    m = _OUTLET_PREFIX.fullmatch(line)
    value = m["v"].strip() if m else ""
    if not (value[:1].isupper() or value[:1].isdigit() or _OUTLET_URL.match(value)):
        return None
    if re.match(r"sources\s*:", line, re.I) and not all(
        is_outlet_name(p) or _OUTLET_URL.match(p) for p in re.split(r"\s*[,;&]\s*|\s+and\s+", value)
    ):
        return None  # "Sources: Sox may not be out…" heads a story; outlets are names
    return _outlet_value(value)


def analyse(text: str, *, markdown: bool = False, fast: bool = False) -> TextMeta:
    """Find the title, author, outlet and publication date in an article's text.

    ``text`` should already be normalised (``\\n`` newlines, stripped lines).
    For markdown a leading ``# heading`` is the title. ``fast``: date lines are
    read without dateparser (for text that has richer date evidence elsewhere).
    """
    kept: list[str] = []
    after_widget = False
    for line in text.split("\n"):
        if is_boilerplate(line):
            after_widget = True
        elif line.strip():
            after_widget = False
            kept.append(line)
        elif not (after_widget and (not kept or not kept[-1].strip())):
            kept.append(line)
    cleaned = re.sub(r"\n{4,}", "\n\n\n", "\n".join(kept)).strip("\n")
    lines = [c for c in (_clean(raw, markdown) for raw in cleaned.split("\n")) if c]
    top, bottom = lines[:TOP_LINES], lines[TOP_LINES:][-BOTTOM_LINES:]
    title: str | None = None
    author: str | None = None
    source: str | None = None
    dateline: dt.date | None = None
    title_at: int | None = None
    guessed: str | None = None  # a name line under the title: an outlet, if none is said
    first = cleaned.lstrip().split("\n", 1)[0]
    if markdown and re.match(r"#\s", first):
        title, title_at = _clean(first, markdown) or None, 0
    for i, line in enumerate(top):
        if i == title_at:
            continue
        if date := parse_dateline(line, fast):
            dateline = dateline or date
        elif by := _byline(line, fast):
            author = author or by.author
            source = source or by.source
            dateline = dateline or by.published
        elif outlet := _outlet_line(line):
            source = source or outlet
        elif title_at is None:
            title_at = i
            title = line if len(line) <= MAX_TITLE_CHARS else None
        elif i == title_at + 1 and is_outlet_name(line) and not _wrapped_title(title, line):
            guessed = line
    bottom_date: dt.date | None = None
    for line in bottom:
        if date := parse_dateline(line, fast):
            bottom_date = bottom_date or date
        elif by := _byline(line, fast):
            author = author or by.author
            source = source or by.source
        elif outlet := _outlet_line(line):
            source = source or outlet
    source = source or guessed  # "Source: Reuters" below says more than a guess
    published, origin = dateline or bottom_date, "dateline"
    if published is None:
        published, origin = war_day_date(cleaned), "war day count"
    return TextMeta(
        text=cleaned,
        title=title,
        author=author,
        source=source,
        published=published,
        published_from=origin if published else None,
    )
