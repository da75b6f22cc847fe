"""Document-level passes over the mentions of one text: teams, one kind per name, surnames.

They run after the model's spans and the curated scans have become mentions, and only
look at the document itself.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from .gazetteer import get_gazetteer
from .names import name_key, translit_key
from .orgs import org_key


@dataclass(frozen=True)
class Found:
    """A mention ready to store: span in the text, kind, suggested canonical name, match key."""

    start: int
    end: int
    text: str
    kind: str  # place, person, organization, date
    name: str
    key: str


def key_for(kind: str, name: str) -> str:
    """The match key of a name of that kind."""
    return org_key(name) if kind == "organization" else name_key(name)


def overlaps(a: Found, spans: list[tuple[int, int]]) -> bool:
    """Whether ``a`` overlaps any of ``spans``."""
    return any(a.start < e and s < a.end for s, e in spans)


def dedupe(found: list[Found]) -> list[Found]:
    """Longest span wins where spans overlap."""
    out: list[Found] = []
    taken: list[tuple[int, int]] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if not overlaps(f, taken):
            out.append(f)
            taken.append((f.start, f.end))
    return out


# A result line: "Chelsea 2 Middlesbrough 0", "Somerset 83 and 174", "Essex 4 2 1 1 8 5 7".
_SCORE_AFTER = re.compile(r"[ \t]+\(?\d{1,3}(?:-\d{1,3})?(?![\w.:/-])")
_RESULT_VERB = re.compile(r"\b(?:beat|beats|drew|draw|lost|v|vs|versus)\.?[ \t]+$")


def _in_result(text: str, f: Found) -> bool:
    """Whether the mention names a side in a sports result or a league table."""
    line_start = text.rfind("\n", 0, f.start) + 1
    line_end = text.find("\n", f.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if len(re.findall(r"(?<![\w.:/-])\d{1,3}(?![\w.:/-])", line)) < 2:
        return False
    return bool(_SCORE_AFTER.match(text, f.end) or _RESULT_VERB.search(text, 0, f.start))


_SIDE = r"[A-Z][\w'&.-]*(?:[ \t][A-Z][\w'&.-]*){0,3}"
_RESULT_LINES = re.compile(
    rf"^[ \t]*(?P<a>{_SIDE})[ \t]+\d{{1,3}}[ \t]+(?P<b>{_SIDE})[ \t]+\d{{1,3}}[ \t.]*$"
    rf"|^[ \t]*(?P<c>{_SIDE})(?:[ \t]+\d{{1,3}}){{5,}}[ \t]*$",
    re.M,
)


def _result_sides(text: str, found: list[Found]) -> list[Found]:
    """Sides named in result lines and league tables that nothing else has claimed."""
    gaz = get_gazetteer()
    taken = [(f.start, f.end) for f in found]
    out = []
    for m in _RESULT_LINES.finditer(text):
        for group in ("a", "b", "c"):
            start, end = m.span(group)
            if start < 0 or any(start < e and s < end for s, e in taken):
                continue
            name = m.group(group)
            place = gaz.lookup(name)
            if len(name) > 2 and (place is None or place.kind != "country"):
                out.append(Found(start, end, name, "organization", name, org_key(name)))
    return out


def teams(text: str, found: list[Found]) -> list[Found]:
    """Towns, regions and clubs that play: a place other than a country named as a side in a
    result ("Chelsea 2 Middlesbrough 0") is a team, an organisation, in the whole document."""
    gaz = get_gazetteer()
    found = found + _result_sides(text, found)
    sides: set[str] = set()
    for f in found:
        if f.kind in ("place", "organization") and _in_result(text, f):
            place = gaz.lookup(f.name) if f.kind == "place" else None
            if place is None or place.kind in ("city", "region", "area"):
                sides.add(name_key(f.text))
    if not sides:
        return found
    return [
        replace(f, kind="organization", name=f.text, key=org_key(f.text))
        if f.kind == "place" and name_key(f.text) in sides
        else f
        for f in found
    ]


def one_kind_per_name(found: list[Found]) -> list[Found]:
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
                f = replace(f, kind=kind, key=key_for(kind, f.name))
        out.append(f)
    return out


def fold_people(text: str, found: list[Found]) -> list[Found]:
    """Surname-only mentions take the full name used in the document; find every mention.

    A single word taken for an organisation, or for a place that is not a country or a
    region, is the person when the document names someone with that surname ("Montalvo",
    "Paris" after "Valeska Paris").
    """
    full: dict[str, Found] = {}
    for f in found:
        if f.kind == "person" and " " in f.name:
            full.setdefault(translit_key(f.name.split()[-1]), f)
    gaz = get_gazetteer()
    out = []
    for f in found:
        if f.kind in ("person", "organization", "place") and " " not in f.name.strip():
            target = full.get(translit_key(f.name))
            if target is not None and f.kind == "place":
                place = gaz.lookup(f.name)
                target = None if place and place.kind in ("country", "region") else target
            if target is not None:
                f = replace(f, kind="person", name=target.name, key=target.key)
        out.append(f)
    taken = [(f.start, f.end) for f in out]
    for target in {f.name: f for f in out if f.kind == "person" and " " in f.name}.values():
        surname = target.name.split()[-1]
        for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            if not any(m.start() < e and s < m.end() for s, e in taken):
                out.append(Found(m.start(), m.end(), m.group(0), "person", target.name, target.key))
                taken.append((m.start(), m.end()))
    return out
