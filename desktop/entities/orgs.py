"""Organisations: a folding key for their spellings, a curated list, and a name-shape rule.

``data/orgs.tsv`` has one organisation a row: canonical name, aliases, aliases too
ambiguous to scan for ("Wagner", "Azov"; ``*`` for none), and a kind. Every outlet
of ``outlets.py`` is an organisation too.

Decisions: the Kremlin, the Pentagon, the White House and Downing Street are
organisations (the institutions they stand for); the Donetsk and Luhansk "People's
Republics" are organisations (proto-states, not places). Countries fold to the
demonym in keys, and the United States to "american" ("US Army" == "U.S. Army" ==
"United States Army").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from search.frozen import frozen

from . import outlets
from .gazetteer import get_gazetteer
from .names import (
    Scanner,
    acronym_form,
    curated_names,
    is_acronym,
    longest_first,
    name_key,
    read_rows,
    word_set,
)

_COUNTRY = {
    "russia": "russian", "russian federation": "russian", "ukraine": "ukrainian",
    "britain": "british", "great britain": "british", "uk": "british", "u k": "british",
    "united kingdom": "british", "us": "american", "u s": "american", "usa": "american",
    "u s a": "american", "united states": "american", "united states of america": "american",
    "belarus": "belarusian", "poland": "polish", "germany": "german", "france": "french",
    "china": "chinese", "israel": "israeli", "iran": "iranian", "turkey": "turkish",
    "turkiye": "turkish", "japan": "japanese", "india": "indian", "italy": "italian",
    "spain": "spanish", "canada": "canadian", "australia": "australian", "moldova": "moldovan",
    "kazakhstan": "kazakh", "north korea": "north korean", "south korea": "south korean",
    "syria": "syrian", "iraq": "iraqi", "afghanistan": "afghan", "pakistan": "pakistani",
    "saudi arabia": "saudi", "egypt": "egyptian", "lithuania": "lithuanian", "latvia": "latvian",
    "estonia": "estonian", "finland": "finnish", "sweden": "swedish", "norway": "norwegian",
    "denmark": "danish", "netherlands": "dutch", "belgium": "belgian", "czechia": "czech",
    "czech republic": "czech", "slovakia": "slovak", "hungary": "hungarian",
    "romania": "romanian", "bulgaria": "bulgarian", "serbia": "serbian", "greece": "greek",
    "switzerland": "swiss", "austria": "austrian", "ireland": "irish", "mexico": "mexican",
    "brazil": "brazilian", "chechnya": "chechen", "crimea": "crimean",
}  # fmt: skip
_DEMONYMS = frozenset(_COUNTRY.values())
#: The nationalities these countries give ("greek", "israeli"), for other rules.
NATIONALITIES = _DEMONYMS
_COUNTRY_SPLIT = sorted((tuple(k.split()) for k in _COUNTRY), key=len, reverse=True)
_SPELLING = {
    "defence": "defense", "organisation": "organization", "centre": "center",
    "programme": "program", "peoples": "people",
}  # fmt: skip
# heads after which "of <country>" may move to the front ("Ministry of Defence of Russia")
_STATE_HEADS = word_set(
    """ministry department office service guard forces force army navy fleet police council
    parliament government committee directorate agency bureau court military intelligence
    embassy staff legion bank cabinet"""
)
# heads whose "X of Y" is also written "Y X" ("Ministry of Defence" / "Defence Ministry")
_FLIP_HEADS = frozenset({"ministry", "department", "university"})


def _demonymize(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for country in _COUNTRY_SPLIT:
            if tuple(tokens[i : i + len(country)]) == country:
                out.append(_COUNTRY[" ".join(country)])
                i += len(country)
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


@lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """Folding key for an organisation's spellings.

    "Russian Defense Ministry", "Russia's Defence Ministry", "the Russian Ministry of
    Defence" and "Ministry of Defence of the Russian Federation" all give "russian
    defense ministry"; "UK Ministry of Defence" == "Britain's Defence Ministry".
    """
    base = name_key(name).replace("co operation", "cooperation")
    tokens = [t[:-2] if t.endswith("'s") else t.strip("'") for t in base.split()]
    tokens = [_SPELLING.get(t, t) for t in tokens if t and t != "the"]
    tokens = _demonymize(tokens)
    if len(tokens) <= 1 and (not tokens or tokens[0] in _DEMONYMS):
        return base
    if (
        len(tokens) > 2
        and tokens[-2] == "of"
        and tokens[-1] in _DEMONYMS
        and _STATE_HEADS.intersection(tokens[:-2])
    ):
        tokens = [tokens[-1], *tokens[:-2]]
    for i, tok in enumerate(tokens[:-2]):
        if tok in _FLIP_HEADS and tokens[i + 1] == "of":
            tokens = [*tokens[:i], *tokens[i + 2 :], tok]
            break
    if "ministry" in tokens:
        tokens = ["interior" if t == "internal" else t for t in tokens if t != "affairs"]
    return " ".join(tokens)


_SWAPS = [
    ("Defence", "Defense"),
    ("defence", "defense"),
    ("Organisation", "Organization"),
    ("Centre", "Center"),
]
_COUNTRY_FORMS = {
    "Russian": ["Russia's"],
    "Ukrainian": ["Ukraine's"],
    "British": ["Britain's", "UK", "U.K."],
    "UK": ["U.K.", "British", "Britain's"],
    "US": ["U.S.", "America's"],
    "Belarusian": ["Belarus's", "Belarus'"],
    "Israeli": ["Israel's"],
    "Iranian": ["Iran's"],
    "Chinese": ["China's"],
}
# heads also written in lower case after a country: "Russia's defence ministry"
_LOWER_HEADS = frozenset({"Ministry", "Department", "Forces", "Army", "Navy", "Government"})


def _variants(name: str) -> set[str]:
    """Spellings of ``name`` to scan for (case-sensitive)."""
    out = {name}
    for a, b in _SWAPS:
        out |= {v.replace(a, b) for v in out} | {v.replace(b, a) for v in out}
    for v in list(out):
        first, _, rest = v.partition(" ")
        for form in _COUNTRY_FORMS.get(first, []) if rest else []:
            out.add(f"{form} {rest}")
    for v in list(out):
        words = v.split()
        lead = words[0].removesuffix("'s").removesuffix("'")
        country_led = words[0] in _COUNTRY_FORMS or lead in {"Russia", "Ukraine", "Britain", "U.S."}
        if len(words) > 1 and words[-1] in _LOWER_HEADS and country_led:
            out.add(" ".join([words[0], *(w.lower() for w in words[1:])]))
    return out


# first words of names that are also the tail of other organisations' names
_GENERIC_STARTS = word_set(
    """Democratic Republican Labour Labor Conservative Liberal Foreign State Justice House Council
    European World Islamic International Territorial Black National Security Supreme Central
    Federal Investigative General Orthodox Communist Freedom Servant Prosecutor Main Defence
    Defense Government Office Interior Emergencies Ministry Department"""
)


@frozen
class Org:
    """One row of ``orgs.tsv``."""

    canonical: str
    aliases: tuple[str, ...]
    scanned: tuple[str, ...]
    kind: str


@cache
def orgs() -> tuple[Org, ...]:
    """All curated organisations, read once."""
    out = []
    for canonical, aliases, noscan, kind in read_rows("orgs.tsv", 4):
        names, scanned = curated_names(canonical, aliases, noscan)
        out.append(Org(canonical, tuple(names[1:]), tuple(scanned), kind))
    return tuple(out)


@frozen
class _Index:
    by_key: dict[str, str]
    by_acronym: dict[str, str]
    scanner: Scanner


@cache
def _index() -> _Index:
    by_key: dict[str, str] = {}
    by_acronym: dict[str, str] = {}
    scan: dict[str, str] = {}
    pairs = [(n, o.canonical) for o in orgs() for n in (o.canonical, *o.aliases)]
    pairs += list(outlets.precise_names().items())
    for n, canonical in pairs:
        if is_acronym(n):
            by_acronym.setdefault(acronym_form(n), canonical)
        else:
            by_key.setdefault(org_key(n), canonical)
    for o in orgs():
        for n in o.scanned:
            for v in _variants(n):
                scan.setdefault(v, o.canonical)
    return _Index(by_key, by_acronym, Scanner(scan, _GENERIC_STARTS))


def lookup_org(name: str) -> str | None:
    """Canonical name of a curated organisation or outlet, else None.

    Acronyms match in their own case only ("UN", "U.N.", not "un"); other names by
    ``org_key`` ("the International Committee of the Red Cross", "Russia's Defense
    Ministry").
    """
    text = name.strip()
    if not text:
        return None
    idx = _index()
    if is_acronym(text):
        hit = idx.by_acronym.get(acronym_form(text))
        if hit is not None:
            return hit
    return idx.by_key.get(org_key(text))


def scan_orgs(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, canonical)`` of curated organisations and outlets named in ``text``.

    Case-sensitive (plus the "Russia's defence ministry" style), whole words,
    longest match, no overlaps; spans leave out a leading "the".
    """
    return longest_first(_index().scanner.spans(text) + outlets.scan_outlets(text))


_ORG_HEADS = word_set(
    """ministry agency committee council army forces force guard guards police service services
    bank group company corporation corp inc ltd llc plc gmbh university college academy
    institute party union court parliament congress senate assembly office department commission
    organization organisation association foundation fund federation brigade regiment battalion
    division corps legion squadron fleet navy movement front news times post herald tribune
    gazette journal television tv radio channel network bureau directorate administration
    authority board society club fc church airlines airways motors industries holdings
    partners technologies laboratories labs media studios records embassy consulate cabinet
    government duma rada coalition alliance command staff ministries agencies
    telecommunications telecom communications"""
)
_ORG_PLACES = frozenset(
    {
        "west bank", "left bank", "right bank", "south bank", "soviet union", "oval office",
        "eastern front", "western front", "southern front", "northern front", "home front",
        "times square", "union square", "union station",
    }
)  # fmt: skip
_TAIL_LINKS = frozenset({"of", "for", "on", "and", "&"})


#: Last words of football and rugby clubs named after their town ("Manchester United",
#: "Bristol Rovers"); not City, County, Forest or Palace, which end places' names too.
_CLUB_ENDS = word_set("United Rovers Athletic Wanderers Albion Hotspur Rangers Wednesday")


def _is_club(words: list[str]) -> bool:
    """A place followed by a club's last word: the model took "Manchester United" for a
    person in 41 BBC articles of the benchmark library."""
    if len(words) < 2 or words[-1] not in _CLUB_ENDS:
        return False
    return get_gazetteer().prominent(" ".join(words[:-1])) is not None


def looks_like_org(name: str) -> bool:
    """True when the name has an organisation's shape or is a curated organisation.

    A capitalised head word (Ministry, Agency, Army, Guard, Bank, Group, University,
    Party, Court, News, Times, Post, ...) that ends the name or is followed by
    "of"/"for"/another head ("Bank of England", "Police Department"). Places shaped
    like that ("West Bank", "Soviet Union", "Oval Office") are not.
    """
    text = " ".join(name.split())
    if not text or name_key(text) in _ORG_PLACES:
        return False
    if lookup_org(text) is not None:
        return True
    words = [w.strip(".,;:()\"'’") for w in re.split(r"[\s/]+", text)]
    words = [w.removesuffix("'s").removesuffix("’s") for w in words if w]
    if _is_club(words):
        return True
    shouting = text.isupper()
    for i, word in enumerate(words):
        if word.lower() not in _ORG_HEADS or not (word[:1].isupper() or shouting):
            continue
        nxt = words[i + 1].lower() if i + 1 < len(words) else None
        if nxt is None or nxt in _TAIL_LINKS or nxt in _ORG_HEADS:
            return True
    return False
