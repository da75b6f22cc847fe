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

from .dates import resolve_date
from .extract_case import truecase
from .extract_rules import Found, dedupe, fold_people, one_kind_per_name, teams
from .gazetteer import Place, get_gazetteer, normalize_name
from .names import is_junk_person, name_key, strip_person_title
from .ner import NerSpan, ner_spans, ner_spans_many
from .orgs import looks_like_org, lookup_org, org_key, scan_orgs
from .outlets import scan_outlets
from .people import lookup_person, scan_people

__all__ = ["EXTRACTOR_VERSION", "Found", "extract_entities", "extract_many"]

#: Bump when extraction changes, so libraries know their entities can be redone.
EXTRACTOR_VERSION = 2

PLACE_LABELS = {"GPE", "LOC", "FAC"}
KEEP_LABELS = PLACE_LABELS | {"PERSON", "ORG", "DATE"}
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ians|eans|ans)$")
_VAGUE_PLACES = {"west", "east", "north", "south", "the west", "the east", "front", "earth"}
_TRAILING_TITLE = re.compile(
    r"\s+(?:(?:Lieutenant|Major|Brigadier|Colonel)[- ])?"
    r"(?:General|Colonel|Commander|Minister|Spokesman|Spokeswoman|Chief|Head|Director)$"
)
_ORG_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_TRAILING_NUMBER = re.compile(r"(?:\s+\d[\d.,-]*)+$")  # "MSK Zilina 0"
_CAPTION = re.compile(r"\s+(?:Image|Photo|Picture|File)$")


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
    m = _ORG_LEADING.match(span)
    if m:
        start += m.end()
    m = _CAPTION.search(text, start, end)  # "Ahmed Mohamed Image: Twitter"
    if m:
        end = m.start()
    while end > start and text[end - 1] in " \t.,;:!?\"“”'’)(":
        end -= 1
    span = text[start:end]
    for suffix in ("’s", "'s"):
        if span.endswith(suffix):
            end -= len(suffix)
            break
    while start < end and text[start] in " \t\"“”'‘(":
        start += 1
    return start, end


def _from_scans(text: str) -> list[Found]:
    """High-precision matches from the curated lists and the place gazetteer."""
    out: list[Found] = []
    for s, e, person in scan_people(text):
        out.append(Found(s, e, text[s:e], "person", person, name_key(person)))
    for s, e, org in scan_orgs(text) + scan_outlets(text):
        out.append(Found(s, e, text[s:e], "organization", org, org_key(org)))
    # Known people and organisations are blanked out first: a place inside "Bank of China" is
    # not a place, and one glued to a name ("Chechnya Ramzan Kadyrov") still stands alone.
    masked = list(text)
    for f in out:
        masked[f.start : f.end] = " " * (f.end - f.start)
    for s, e, place in get_gazetteer().scan("".join(masked)):
        out.append(Found(s, e, text[s:e], "place", place.canonical, name_key(place.canonical)))
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


def _classify(text: str, cased: str, span: NerSpan, published: dt.date | None) -> Found | None:
    """Turn one model span into a mention, or drop it as junk."""
    start, end = _trim(text, span.start, span.end)
    if end - start < 2:
        return None
    name, surface = cased[start:end], text[start:end]
    if span.label == "DATE":
        around = min(start, 200)  # the mention in the middle of its context
        iso = resolve_date(name, published, text[start - around : end + around])
        return Found(start, end, surface, "date", iso, iso) if iso else None

    person = lookup_person(name)
    if person:
        return Found(start, end, surface, "person", person, name_key(person))
    org = lookup_org(name)
    if org:
        return Found(start, end, surface, "organization", org, org_key(org))
    place = _as_place(name, span.label)
    if place is not None:
        return Found(start, end, surface, "place", place.canonical, name_key(place.canonical))

    if span.label in PLACE_LABELS:
        if _DEMONYM.match(name) or name_key(name) in _VAGUE_PLACES or looks_like_org(name):
            return (
                Found(start, end, surface, "organization", name, org_key(name))
                if looks_like_org(name) and span.label != "LOC"
                else None
            )
        return Found(start, end, surface, "place", name, name_key(name))

    if span.label == "PERSON" or span.label == "ORG":
        stripped = strip_person_title(name)
        if stripped != name and stripped and stripped[0].isupper():
            # "Major General Igor Konashenkov": a title makes it a person
            start = end - len(stripped) if name.endswith(stripped) else start
            person = lookup_person(stripped) or stripped
            if not is_junk_person(stripped) and " " in stripped:
                return Found(start, end, text[start:end], "person", person, name_key(person))
    if span.label == "PERSON":
        if is_junk_person(name) or looks_like_org(name):
            return None
        return Found(start, end, surface, "person", name, name_key(name))
    if span.label == "ORG":
        m = _TRAILING_TITLE.search(name) or _TRAILING_NUMBER.search(name)
        if m:
            end = start + m.start()
            name, surface = cased[start:end], text[start:end]
        if len(name) < 2 or name.islower() or " - " in name:  # "Baseball - Major League"
            return None
        return Found(start, end, surface, "organization", name, org_key(name))
    return None


def extract_entities(text: str, published: dt.date | None = None) -> list[Found]:
    """All entity mentions in ``text``, sorted by position, without overlaps."""
    cased = truecase(text)
    return _extract(text, cased, published, ner_spans(cased))


def extract_many(items: Sequence[tuple[str, dt.date | None]]) -> list[list[Found]]:
    """:func:`extract_entities` for several texts, the model running on them together."""
    cased = [truecase(text) for text, _ in items]
    spans = ner_spans_many(cased)
    return [
        _extract(text, c, published, s)
        for (text, published), c, s in zip(items, cased, spans, strict=True)
    ]


def _extract(
    text: str, cased: str, published: dt.date | None, spans: Sequence[NerSpan]
) -> list[Found]:
    scanned = _from_scans(cased)
    scanned = [f if f.text == text[f.start : f.end] else _surface(f, text) for f in scanned]
    covered = bytearray(len(text) + 1)
    for f in scanned:
        covered[f.start : f.end] = b"\x01" * (f.end - f.start)
    modeled: list[Found] = []
    for span in spans:
        if span.label not in KEEP_LABELS:
            continue
        mention = _classify(text, cased, span, published)
        if mention is not None and not any(covered[mention.start : mention.end]):
            modeled.append(mention)
    found = dedupe(scanned + modeled)
    found = one_kind_per_name(teams(text, found))
    found = fold_people(text, found)
    return sorted(dedupe(found), key=lambda f: (f.start, f.end))


def _surface(f: Found, text: str) -> Found:
    """A mention found in the true-cased copy, with the text as the document writes it."""
    return Found(f.start, f.end, text[f.start : f.end], f.kind, f.name, f.key)
