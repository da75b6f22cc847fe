"""From text to entity mentions: the NER model, checked and completed by gazetteers and rules.

The model proposes spans; curated lists (places, organisations, outlets, people)
find what it misses and overrule its labels where they know better ("Kherson"
tagged as a person is a place). Within a document one name gets one kind, and
bare surnames fold into the full name used elsewhere in the same text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from .dates import resolve_date
from .gazetteer import get_gazetteer
from .names import is_junk_person, name_key, strip_person_title, translit_key
from .ner import NerSpan, ner_spans
from .orgs import looks_like_org, lookup_org, org_key, scan_orgs
from .outlets import scan_outlets
from .people import lookup_person, scan_people

#: Bump when extraction changes, so libraries know their entities can be redone.
EXTRACTOR_VERSION = 1

PLACE_LABELS = {"GPE", "LOC", "FAC"}
KEEP_LABELS = PLACE_LABELS | {"PERSON", "ORG", "DATE"}
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ians|eans|ans)$")
_VAGUE_PLACES = {"west", "east", "north", "south", "the west", "the east", "front", "earth"}
_TRAILING_TITLE = re.compile(
    r"\s+(?:(?:Lieutenant|Major|Brigadier|Colonel)[- ])?"
    r"(?:General|Colonel|Commander|Minister|Spokesman|Spokeswoman|Chief|Head|Director)$"
)
_ORG_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)


@dataclass(frozen=True)
class Found:
    """A mention ready to store: span in the text, kind, suggested canonical name, match key."""

    start: int
    end: int
    text: str
    kind: str  # place, person, organization, date
    name: str
    key: str


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


def _classify(text: str, span: NerSpan, published: dt.date | None) -> Found | None:
    """Turn one model span into a mention, or drop it as junk."""
    start, end = _trim(text, span.start, span.end)
    if end - start < 2:
        return None
    name = text[start:end]
    if span.label == "DATE":
        iso = resolve_date(name, published)
        return Found(start, end, name, "date", iso, iso) if iso else None

    person = lookup_person(name)
    if person:
        return Found(start, end, name, "person", person, name_key(person))
    org = lookup_org(name)
    if org:
        return Found(start, end, name, "organization", org, org_key(org))
    place = get_gazetteer().lookup(name)
    multiword = " " in name.strip()
    if place and not (
        span.label == "PERSON" and multiword and place.kind == "city" and place.population < 100_000
    ):
        return Found(start, end, name, "place", place.canonical, name_key(place.canonical))

    if span.label in PLACE_LABELS:
        if _DEMONYM.match(name) or name_key(name) in _VAGUE_PLACES or looks_like_org(name):
            return (
                Found(start, end, name, "organization", name, org_key(name))
                if looks_like_org(name) and span.label != "LOC"
                else None
            )
        return Found(start, end, name, "place", name, name_key(name))

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
        return Found(start, end, name, "person", name, name_key(name))
    if span.label == "ORG":
        m = _TRAILING_TITLE.search(name)
        if m:
            end = start + m.start()
            name = text[start:end]
        if len(name) < 2 or name.islower():
            return None
        return Found(start, end, name, "organization", name, org_key(name))
    return None


def _overlaps(a: Found, spans: list[tuple[int, int]]) -> bool:
    return any(a.start < e and s < a.end for s, e in spans)


def _one_kind_per_name(found: list[Found]) -> list[Found]:
    """Within a document, a name keeps the kind most of its mentions have."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for f in found:
        if f.kind != "date":
            votes[name_key(f.text)][f.kind] += 1
    out = []
    for f in found:
        kinds = votes.get(name_key(f.text))
        if kinds and len(kinds) > 1:
            kind = kinds.most_common(1)[0][0]
            if kind != f.kind:
                f = replace(
                    f,
                    kind=kind,
                    key=org_key(f.name) if kind == "organization" else name_key(f.name),
                )
        out.append(f)
    return out


def _fold_people(text: str, found: list[Found]) -> list[Found]:
    """Surname-only mentions take the full name used in the document; find every mention."""
    full: dict[str, Found] = {}
    for f in found:
        if f.kind == "person" and " " in f.name:
            full.setdefault(translit_key(f.name.split()[-1]), f)
    out = []
    for f in found:
        if f.kind in ("person", "organization") and " " not in f.name.strip():
            target = full.get(translit_key(f.name))
            if target is not None:
                f = replace(f, kind="person", name=target.name, key=target.key)
        out.append(f)
    taken = [(f.start, f.end) for f in out]
    for target in {f.name: f for f in out if f.kind == "person" and " " in f.name}.values():
        surname = target.name.split()[-1]
        for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            if not _overlaps(Found(m.start(), m.end(), "", "", "", ""), taken):
                out.append(Found(m.start(), m.end(), m.group(0), "person", target.name, target.key))
                taken.append((m.start(), m.end()))
    return out


def extract_entities(text: str, published: dt.date | None = None) -> list[Found]:
    """All entity mentions in ``text``, sorted by position, without overlaps."""
    scanned = _from_scans(text)
    scanned_spans = [(f.start, f.end) for f in scanned]
    modeled: list[Found] = []
    for span in ner_spans(text):
        if span.label not in KEEP_LABELS:
            continue
        f = _classify(text, span, published)
        if f is not None and not _overlaps(f, scanned_spans):
            modeled.append(f)
    found = _one_kind_per_name(_dedupe(scanned + modeled))
    found = _fold_people(text, found)
    return sorted(_dedupe(found), key=lambda f: (f.start, f.end))


def _dedupe(found: list[Found]) -> list[Found]:
    """Longest span wins where spans overlap."""
    out: list[Found] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if not _overlaps(f, [(g.start, g.end) for g in out]):
            out.append(f)
    return out
