"""From text to entity mentions: the NER model, checked and completed by gazetteers and rules.

The model proposes spans (on a copy of the text whose shouted headlines are true-cased);
curated lists (places, organisations, outlets, people) find what it misses and overrule its
labels where they know better ("Kherson" tagged as a person is a place). Within a document
one name gets one kind, towns that play in a result are teams, and bare surnames fold into
the full name used elsewhere in the same text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from ..pending import EXTRACTOR_VERSION
from .dates import MONTHS, resolve_date
from .extract_case import truecase
from .extract_rules import (
    Found,
    company_short_names,
    dedupe,
    doubtful_places,
    fold_people,
    key_for,
    one_kind_per_name,
    partner_firms,
    partner_tail,
    speaking_towns,
    teams,
    ticker_names,
    weak_people,
)
from .first_names import known_first_name
from .gazetteer import Place, get_gazetteer, normalize_name
from .junk import (
    is_company_name,
    is_event,
    is_junk_name,
    is_name_fragment,
    is_url,
    not_a_place,
    title_only,
)
from .links import ALIAS, DATE, FORM, MODEL, SAME, TRANSLIT
from .names import is_junk_person, name_key, strip_person_title, word_set
from .ner import NerSpan, ner_spans, ner_spans_many
from .orgs import looks_like_org, lookup_org, org_key, scan_orgs
from .outlets import scan_outlets
from .people import lookup_person, scan_people
from .spelling import translit_match
from .unwrap import soft_breaks, spaced

__all__ = ["EXTRACTOR_VERSION", "Found", "extract_entities", "extract_many"]


PEOPLE_LIST = "list of public figures"
ORG_LIST = "list of organisations and outlets"
PLACE_LIST = "place gazetteer"
# titles that make a single following word a person's surname ("Mr Howard", "President Bush")
_PERSONAL_TITLE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lady|Lord|President|Senator|Sen|Governor|Gov|Mayor|"
    r"Judge|Justice|Chancellor|Premier|Minister|King|Queen|Prince|Princess|Pope|Rev|Reverend|"
    r"Professor|Prof|Coach|Rep|Congressman|Congresswoman|Ambassador|Secretary)\.?\s*$"
)

PLACE_LABELS = {"GPE", "LOC", "FAC"}
KEEP_LABELS = PLACE_LABELS | {"PERSON", "ORG", "DATE"}
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ians|eans|ans)$")
_VAGUE_PLACES = {"west", "east", "north", "south", "the west", "the east", "front", "earth"}
# (?<!\s): a match starts where the blanks start, so a long run of blanks is read once
_TRAILING_TITLE = re.compile(
    r"(?<!\s)\s+(?:(?:Lieutenant|Major|Brigadier|Colonel)[- ])?"
    r"(?:General|Colonel|Commander|Minister|Spokesman|Spokeswoman|Chief|Head|Director)$"
)
_ORG_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_TRAILING_NUMBER = re.compile(r"(?:\s+\d[\d.,-]*)+$")  # "MSK Zilina 0"; see _TAIL
_TAIL = 200  # _TRAILING_NUMBER looks at a name's last characters only (linear on "1 1 1 …")
_CAPTION = re.compile(r"(?<!\s)\s+(?:Image|Photo|Picture|File)$")


def _cut_at_dash(text: str, start: int, end: int) -> tuple[int, int]:
    """A name never spans a spaced dash ("Jerry Springer - The Opera", "SOCCER - Gilbert
    Agius"): keep the longer side."""
    dash = re.search(r"\s[-–—]\s", text[start:end])
    if dash is None or dash.start() == 0:
        return start, end
    if dash.start() >= end - start - dash.end():
        return _trim(text, start, start + dash.start())
    return _trim(text, start + dash.end(), end)


_TRAILING = " \t.,;:!?\"“”'’)(<>-–—/"  # never a name's last character (see _trim)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span to its name: no leading article, possessive, punctuation or line breaks."""
    span = text[start:end]
    nl = span.find("\n")
    if nl > 0:
        # an entity never crosses a line; keep the longer side
        head, tail = span[:nl].strip(), span[span.rfind("\n") + 1 :].strip()
        if len(tail) > len(head):
            start = start + span.rfind("\n") + 1
        else:
            end = start + nl
        span = text[start:end]
    paren = span.find("(")
    if paren > 0 and ")" not in span[paren:]:  # "Workers Union (TGWU": the name ends before
        end = start + paren
        span = text[start:end]
    # a name never holds Reuters' angle brackets: keep the longest stretch between them
    # ("Riedel International Inc> of", "BAC> Bank of America")
    cuts = [i for i, c in enumerate(span.rstrip(_TRAILING)) if c in "<>" and i > 0]
    if cuts:
        bounds = [-1, *cuts, len(span)]
        stretches = list(zip(bounds[:-1], bounds[1:], strict=True))
        a, b = max(stretches, key=lambda ab: len(span[ab[0] + 1 : ab[1]].strip()))
        start, end = start + a + 1, start + b
        span = text[start:end]
    m = _ORG_LEADING.match(span)
    if m:
        start += m.end()
    m = _CAPTION.search(text, start, end)  # "Ahmed Mohamed Image: Twitter"
    if m:
        end = m.start()
    # "<" and ">": Reuters writes a company as "<Noranda Inc>", and the model's span takes
    # the ">" ("Noranda Inc>", 1,356 such names in the 23k benchmark library); a dash or a
    # slash never ends a name ("Steve Hansen -", "Rolls-Royce -", "Port/")
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    span = text[start:end]
    for suffix in ("’s", "'s"):
        if span.endswith(suffix):
            end -= len(suffix)
            # "Gooch 's" (tokenised text), "<CCL Industries Inc>'s"
            while end > start and text[end - 1] in " \t<>":
                end -= 1
            break
    while start < end and text[start] in " \t\"“”'‘(<-–—/":
        start += 1
    return start, end


def _list_link(surface: str, canonical: str, kind: str, listed: str) -> tuple[str, str]:
    """Why a curated list's match names this entity: the same name, a transliteration, another
    form of an organisation's name, or a spelling the list holds."""
    if name_key(surface) == name_key(canonical):
        return SAME, ""
    if kind == "person" and translit_match(strip_person_title(surface), canonical):
        return TRANSLIT, canonical
    if kind == "organization" and org_key(surface) == org_key(canonical):
        return FORM, ""
    return ALIAS, listed


def _listed(start: int, end: int, surface: str, kind: str, canonical: str, listed: str) -> Found:
    key = org_key(canonical) if kind == "organization" else name_key(canonical)
    link, detail = _list_link(surface, canonical, kind, listed)
    return Found(start, end, surface, kind, canonical, key, link, detail)


def _from_scans(text: str) -> list[Found]:
    """High-precision matches from the curated lists and the place gazetteer."""
    out: list[Found] = []
    for s, e, person in scan_people(text):
        out.append(_listed(s, e, text[s:e], "person", person, PEOPLE_LIST))
    for s, e, org in scan_orgs(text) + scan_outlets(text):
        out.append(_listed(s, e, text[s:e], "organization", org, ORG_LIST))
    # Known people and organisations are blanked out first: a place inside "Bank of China" is
    # not a place, and one glued to a name ("Chechnya Ramzan Kadyrov") still stands alone.
    masked = list(text)
    for f in out:
        masked[f.start : f.end] = " " * (f.end - f.start)
    for s, e, place in get_gazetteer().scan("".join(masked)):
        out.append(_listed(s, e, text[s:e], "place", place.canonical, PLACE_LIST))
    return out


def _as_place(name: str, label: str) -> Place | None:
    """The place a model span names, if the gazetteer overrules or confirms the model.

    A span the model calls a person or an organisation is a place only for a place the
    gazetteer trusts in plain text (not "Montalvo", a town of 15,000, nor "Google", an old
    alternate name of Topeka).
    """
    gaz = get_gazetteer()
    if label in PLACE_LABELS:
        place = gaz.lookup(name)
        if place is None or gaz.prominent(name) or place.kind != "city":
            return place
        own = normalize_name(place.canonical) == normalize_name(name)
        return place if own else None
    place = gaz.prominent(name)
    if place is None:
        return None
    multiword = " " in name.strip()
    if label == "PERSON" and multiword and place.kind == "city" and place.population < 100_000:
        return None
    return place


#: A wire's dateline: a town in capitals opening a line, a comma, maybe a state's
#: abbreviation, then the day and a dash ("ENGLEWOOD, Colo., March 2 -").
_DATELINE = re.compile(
    r"[ \t]*([A-Z][A-Z.'-]*(?:[ \t][A-Z][A-Z.'-]*){0,3}),[ \t]+"
    r"(?:(?:[A-Z][a-z]{1,4}|[A-Z]\.[A-Z])\.,[ \t]+)?"
    rf"(?:{'|'.join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))})\.?"
    r"[ \t]+\d{1,2}[ \t]+-"
)


def _dateline_town(text: str, cased: str, start: int, end: int) -> tuple[Place, int, int] | None:
    """The town of a dateline the model took for an organisation or a person ("ENGLEWOOD,
    Colo., March 2 -", 28 Reuters articles of the 23k benchmark library; "HAUPPAUGE,
    N.Y.", 25; "BOCA RATON, Fla.", 35), with the whole of its name, where the gazetteer
    knows that town."""
    line = text.rfind("\n", 0, start) + 1
    m = _DATELINE.match(text, line, min(len(text), line + 120))
    if m is None or not m.start(1) <= start < end <= m.end(1):
        return None
    place = get_gazetteer().lookup(cased[m.start(1) : m.end(1)])
    return (place, m.start(1), m.end(1)) if place is not None else None


_TOWN_COMMA = re.compile(r"[A-Z][\w'.-]*,[ \t]*$")


def _state_after_town(text: str, start: int, end: int, name: str) -> Place | None:
    """A state's abbreviation after a town and a comma ("READING, Penn., Feb 26"), which
    the model reads as a person: the 23k benchmark library's person "Penn" was 23 such
    datelines. Only abbreviations with their dot, of a region the gazetteer knows."""
    if " " in name or not text.startswith(".", end):
        return None
    if not _TOWN_COMMA.search(text, max(0, start - 40), start):
        return None
    place = get_gazetteer().lookup(name + ".")
    return place if place is not None and place.kind == "region" else None


#: A letter or digit, an underscore, a letter or digit: an identifier ("VOWG_p"), which
#: names never hold (Markdown's "_Kyiv_" has its underscores outside the word).
_IDENTIFIER = re.compile(r"[^\W_]_[^\W_]")


def _in_identifier(text: str, start: int, end: int) -> bool:
    """Whether the mention is part of a code: the run of text around it without blanks
    holds an identifier's underscore (Reuters' instrument code "(VOWG_p.DE)" gave the
    actors "VOWG_p" and "DE")."""
    left, right = start, end  # out to the blanks around it (a few characters, not the text)
    while left and not text[left - 1].isspace():
        left -= 1
    while right < len(text) and not text[right].isspace():
        right += 1
    return _IDENTIFIER.search(text, left, right) is not None


def _classify(text: str, cased: str, span: NerSpan, published: dt.date | None) -> Found | None:
    """Turn one model span into a mention, or drop it as junk."""
    start, end = _trim(text, span.start, span.end)
    if span.label != "ORG":  # an organisation across a dash is no name at all (below)
        start, end = _cut_at_dash(text, start, end)
    if end - start < 2:
        return None
    name, surface = cased[start:end], text[start:end]
    if span.label == "DATE":
        around = min(start, 200)  # the mention in the middle of its context
        iso = resolve_date(name, published, text[start - around : end + around])
        return Found(start, end, surface, "date", iso, iso, DATE) if iso else None
    if is_url(name) or _in_identifier(text, start, end):
        return None

    person = lookup_person(name)
    if person:
        return _listed(start, end, surface, "person", person, PEOPLE_LIST)
    org = lookup_org(name)
    if org:
        return _listed(start, end, surface, "organization", org, ORG_LIST)
    place = _as_place(name, span.label) or _state_after_town(text, start, end, name)
    if place is not None:
        return _listed(start, end, surface, "place", place.canonical, PLACE_LIST)
    town = _dateline_town(text, cased, start, end) if span.label in ("ORG", "PERSON") else None
    if town is not None:
        place, start, end = town
        return _listed(start, end, text[start:end], "place", place.canonical, PLACE_LIST)
    if span.label == "ORG" and partner_tail(text, start, name):
        return _model(start, end, surface, "organization", name)  # "Toomay, Mathis and
    if is_junk_name(name):  # Associates Inc": see partner_firms
        return None  # "Revs", "SHR", "may7", "A.D"

    if span.label != "PERSON" and _looks_like_person(name):
        return _model(start, end, surface, "person", name)  # "Marion Jones" taken for an ORG
    if span.label != "PERSON" and _TITLE_OPENS.match(name):
        stripped = strip_person_title(name)  # "Mr Mbeki" taken for a place
        if stripped != name and not (is_junk_person(stripped) or looks_like_org(stripped)):
            return _model(end - len(stripped), end, stripped, "person", stripped)

    if span.label in PLACE_LABELS:
        if not_a_place(name):
            return None  # "NetMD", "Davis Cup", "New Labour"
        if _DEMONYM.match(name) or name_key(name) in _VAGUE_PLACES or looks_like_org(name):
            return (
                _model(start, end, surface, "organization", name)
                if looks_like_org(name) and span.label != "LOC"
                else None
            )
        return _model(start, end, surface, "place", name)

    if span.label in ("PERSON", "ORG") and is_company_name(name):
        return _model(start, end, surface, "organization", name)  # "Halliburton Co"
    if span.label == "ORG" and is_event(name):
        return None  # "Davis Cup", "Belgian Grand Prix": events, not organisations
    if span.label == "PERSON" or span.label == "ORG":
        stripped = strip_person_title(name)
        if stripped != name and stripped and stripped[0].isupper():
            # "Major General Igor Konashenkov": a title makes it a person
            start = end - len(stripped) if name.endswith(stripped) else start
            several = " " in stripped and not is_junk_person(stripped)
            if several:
                person = lookup_person(stripped)
                if person:
                    return _listed(start, end, text[start:end], "person", person, PEOPLE_LIST)
                if not _rank_opens_org(name, stripped, span.label):
                    return _model(start, end, text[start:end], "person", stripped)
                # else the whole name, an organisation's (below)
            if (
                not several
                and _PERSONAL_TITLE.search(name[: len(name) - len(stripped)])
                and not (is_junk_person(stripped) or looks_like_org(stripped))
            ):
                return _model(start, end, text[start:end], "person", stripped)  # "Mr Howard"
            start, end = _trim(text, span.start, span.end)
    if span.label == "PERSON":
        if is_junk_person(name):
            return None
        if looks_like_org(name):
            return _model(start, end, surface, "organization", name)
        return _model(start, end, surface, "person", name)
    if span.label == "ORG":
        m = _TRAILING_TITLE.search(name) or _TRAILING_NUMBER.search(name, max(0, len(name) - _TAIL))
        if m:
            end = start + m.start()
            name, surface = cased[start:end], text[start:end]
            if is_junk_name(name):
                return None  # "Revs" of "Revs 6,169,168 vs 3,178,115"
        if len(name) < 2 or name.islower() or " - " in name:  # "Baseball - Major League"
            return None
        if is_name_fragment(name):
            return None  # "Finance" (Minister), "State" (Secretary of)
        return _model(start, end, surface, "organization", name)
    return None


_PLACE_WORDS = word_set(
    """
    street road avenue lane station square park bridge river lake mountain mount island
    islands bay hall house centre center stadium arena airport hospital school college
    university museum gardens garden county city town valley falls beach point heights hill
    hills port harbour harbor castle palace cathedral church abbey tower court cross
    """
)  # fmt: skip


#: Ranks that also open organisations' names: "General Accounting Office", "Major League
#: Baseball", "General Agreement on Tariffs and Trade" (the model's ORG, made "persons"
#: "Accounting Office", "League Baseball" when the rank was taken for a title).
_RANK_WORDS = word_set("general major")


def _rank_opens_org(name: str, stripped: str, label: str) -> bool:
    """Whether a name the model took for an organisation (or a person) stays one though a
    title opens it: the rest has an organisation's shape, or the title is a rank that opens
    organisations' names too and the rest is no person's name ("Gordon Advisors" is none:
    a company word ends it)."""
    if looks_like_org(stripped) or is_company_name(stripped):
        return True
    title = name[: len(name) - len(stripped)].split() if name.endswith(stripped) else []
    ranks_only = bool(title) and all(w.lower().strip(".") in _RANK_WORDS for w in title)
    return label == "ORG" and ranks_only and not _looks_like_person(stripped)


_TITLE_OPENS = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lady|Lord)\.?\s+[A-Z]")


def _looks_like_person(name: str) -> bool:
    """A two- or three-word name that opens with a common first name and has no place or
    organisation word in it ("Marion Jones", not "Victoria Station" or "Charles Schwab Corp")."""
    words = name.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
        return False
    if not known_first_name(words[0]) or words[-1].lower() in _PLACE_WORDS:
        return False
    return not (looks_like_org(name) or is_company_name(name) or is_junk_person(name))


def _model(start: int, end: int, surface: str, kind: str, name: str) -> Found:
    """A name only the model found: the entity is named by the text."""
    return Found(start, end, surface, kind, name, key_for(kind, name), MODEL)


def extract_entities(text: str, published: dt.date | None = None) -> list[Found]:
    """All entity mentions in ``text``, sorted by position, without overlaps."""
    flowing, cased = _read_as(text)
    return _verbatim(text, _extract(flowing, cased, published, ner_spans(cased)))


def extract_many(items: Sequence[tuple[str, dt.date | None]]) -> list[list[Found]]:
    """:func:`extract_entities` for several texts, the model running on them together."""
    copies = [_read_as(text) for text, _ in items]
    spans = ner_spans_many([cased for _, cased in copies])
    return [
        _verbatim(text, _extract(flowing, cased, published, s))
        for (text, published), (flowing, cased), s in zip(items, copies, spans, strict=True)
    ]


def _read_as(text: str) -> tuple[str, str]:
    """The copies of ``text`` names are looked for in (same length, same offsets): with its
    hard-wrapped paragraphs on one line (:mod:`.unwrap`: "New\\nYork" is one name, and no
    rule cuts a name at a soft break), and that copy with shouted lines re-cased for the
    model and the scans (:func:`truecase`, which reads the lines as written)."""
    breaks = soft_breaks(text)
    return spaced(text, breaks), spaced(truecase(text), breaks)


def _verbatim(text: str, found: list[Found]) -> list[Found]:
    """Each mention's text as the document writes it (a soft break stays a line break)."""
    return [f if text[f.start : f.end] == f.text else _surface(f, text) for f in found]


def _extract(
    text: str, cased: str, published: dt.date | None, spans: Sequence[NerSpan]
) -> list[Found]:
    scanned = _from_scans(cased)
    scanned = _verbatim(text, scanned)
    covered = bytearray(len(text) + 1)
    for f in scanned:
        covered[f.start : f.end] = b"\x01" * (f.end - f.start)
    modeled: list[Found] = []
    for span in spans:
        if span.label not in KEEP_LABELS:
            continue
        mention = _classify(text, cased, span, published)
        if (
            mention is not None
            and mention.link == MODEL
            and title_only(text, mention.start, mention.end)
        ):
            continue  # a capitalised headline word
        if mention is not None and not any(covered[mention.start : mention.end]):
            modeled.append(mention)
    found = dedupe(scanned + modeled)
    found = partner_firms(text, ticker_names(text, found))
    found = teams(text, one_kind_per_name(doubtful_places(text, found)))
    found = company_short_names(weak_people(text, fold_people(text, found)))
    found = speaking_towns(text, found)
    return sorted(dedupe(found), key=lambda f: (f.start, f.end))


def _surface(f: Found, text: str) -> Found:
    """A mention found in the true-cased copy, with the text as the document writes it."""
    return replace(f, text=text[f.start : f.end])
