"""Name lists: how many articles mention each name of a list, through the library's
spellings, with the first and last publication date (``sourcedesk names FILE``; the
window's Name List).

A name is looked up as a place, a person or organisation, and an outlet, the way ``place:``,
``actor:`` and ``source:`` look a value up (the library's spellings, the curated lists,
transliterations): "Federov" counts the articles of Ivan Fedorov and says how it was folded
in. A name the library does not know counts nothing (never a guess). Each row opens as a
search that finds exactly the articles counted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np

from search.frozen import frozen

from .facet_lookup import docs_of
from .searcher import Searcher

MAX_NAMES = 5000
#: the facets a name is looked up in, in the order a row names them
NAME_FACETS = ("actor", "place", "source")


@frozen
class NameRow:
    """One name of the list with what the library found for it."""

    name: str
    facets: tuple[str, ...]  # where it was found: "actor", "place", "source"
    matched: tuple[str, ...]  # the entities or outlets it names, as the library names them
    via: str  # how a spelling that differs was folded in ("" when it is one of the names)
    articles: int
    first: dt.date | None
    last: dt.date | None
    undated: int

    @property
    def query(self) -> str:
        """The search that finds the articles counted."""
        quoted = '"' + self.name.replace('"', " ") + '"'
        parts = [f"{facet}:{quoted}" for facet in self.facets]
        if not parts:
            return ""
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def to_json(self) -> dict[str, object]:
        """``names FILE --json`` rows."""
        return {
            "name": self.name,
            "found_as": list(self.facets),
            "matched": list(self.matched),
            "via": self.via,
            "articles": self.articles,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "undated": self.undated,
            "query": self.query,
        }


def parse_names(text: str) -> list[str]:
    """Names from pasted text or a file: one a line, or CSV (the column headed "name", else
    the first). Blank lines and lines starting with ``#`` are skipped; repeats kept once."""
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        return []
    names: list[str] = []
    if any("," in line or "\t" in line for line in lines[:20]):
        dialect = csv.excel_tab if "\t" in lines[0] else csv.excel
        rows = [r for r in csv.reader(io.StringIO("\n".join(lines)), dialect) if r]
        header = [c.strip().casefold() for c in rows[0]]
        column = header.index("name") if "name" in header else 0
        body = rows[1:] if "name" in header else rows
        names = [r[column] for r in body if len(r) > column]
    else:
        names = lines
    seen: dict[str, None] = {}
    for name in names:
        cleaned = " ".join(name.split())
        if cleaned and cleaned.casefold() not in {k.casefold() for k in seen}:
            seen[cleaned] = None
    if len(seen) > MAX_NAMES:
        raise ValueError(f"a name list holds at most {MAX_NAMES:,} names ({len(seen):,} given)")
    return list(seen)


def count_names(searcher: Searcher, names: list[str]) -> list[NameRow]:
    """A row per name, in the list's order."""
    fd = searcher.facet_data()
    ordinals = fd.index.dates.ordinals
    present = fd.index.present
    out = []
    for name in names:
        facets, matched, via = [], [], ""
        parts = []
        for facet in NAME_FACETS:
            found = searcher.resolve_value(facet, name)
            if not found.ids:
                continue
            facets.append(facet)
            matched += [m for m in found.labels if m not in matched]
            via = via or found.via
            parts.append(docs_of(fd, facet, found.ids))
        docs = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
        docs = docs[(docs < len(present))]
        docs = docs[present[docs]]
        days = ordinals[docs]
        dated = days[days > 0]
        out.append(
            NameRow(
                name,
                tuple(facets),
                tuple(matched),
                via,
                len(docs),
                dt.date.fromordinal(int(dated.min())) if len(dated) else None,
                dt.date.fromordinal(int(dated.max())) if len(dated) else None,
                int((days == 0).sum()),
            )
        )
    return out


def to_csv(rows: list[NameRow]) -> str:
    """The table as CSV (for a spreadsheet)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["name", "found as", "matched", "articles", "first", "last", "undated", "search"]
    )
    for r in rows:
        writer.writerow(
            [
                r.name, "; ".join(r.facets), "; ".join(r.matched), r.articles,
                r.first.isoformat() if r.first else "", r.last.isoformat() if r.last else "",
                r.undated, r.query,
            ]
        )  # fmt: skip
    return out.getvalue()
