"""The Whoosh schema and the plain document the index is written from."""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

from whoosh.analysis import Analyzer
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, TEXT, Schema
from whoosh.formats import Positions

from .analysis import whoosh_analyzer

#: Free-text fields a bare word searches, with their boosts.
DEFAULT_FIELDS = {"title": 2.0, "text": 1.0, "names": 1.0}
#: Fields whose values are entity or source tokens, resolved through aliases at query time.
ENTITY_FIELDS = ("place", "actor", "source")


def text_analyzer() -> Analyzer:
    """Stemmed words that keep stop words, so "when run" stays a real phrase."""
    return whoosh_analyzer()


class ArrayPositions(Positions):
    """Whoosh's positions, stored as a count and big-endian uint32 deltas instead of a pickle.

    Same header as Whoosh's own (the count), so frequencies read as before; the
    deltas of many documents can be decoded by numpy at once (phrase checks).
    """

    def encode(self, poslist: Iterable[int]) -> bytes:
        """Positions (ascending) -> bytes."""
        deltas: list[int] = []
        base = 0
        for pos in poslist:
            deltas.append(pos - base)
            base = pos
        return struct.pack(f"!I{len(deltas)}I", len(deltas), *deltas)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        """Bytes -> positions."""
        n = struct.unpack("!I", valuestring[:4])[0]
        return list(accumulate(struct.unpack(f"!{n}I", valuestring[4 : 4 + 4 * n])))


def _text_field(analyzer: Analyzer) -> TEXT:
    # a word the analysis splits ("well-known", "partisan's") is searched as a phrase
    f = TEXT(analyzer=analyzer, phrase=True, multitoken_query="phrase")
    f.format = ArrayPositions(field_boost=1.0)
    return f


def make_schema(analyzer: Analyzer | None = None) -> Schema:
    """Nothing is stored (the store keeps it): ``id`` is for replace/delete, ``num`` a column.

    ``analyzer`` is the text analysis (Whoosh's own unless the schema only parses
    queries for another engine).
    """
    analyzer = analyzer or text_analyzer()
    return Schema(
        id=ID(unique=True),
        num=COLUMN(NumericColumn("Q")),
        title=_text_field(analyzer),
        text=_text_field(analyzer),
        names=_text_field(analyzer),
        place=KEYWORD(commas=True, lowercase=True),
        actor=KEYWORD(commas=True, lowercase=True),
        source=KEYWORD(commas=True, lowercase=True),
    )


@dataclass(frozen=True)
class IndexDoc:
    """What the index needs of one document: plain data, no ORM objects.

    ``places``/``actors``/``source`` are opaque tokens (entity and source ids);
    ``names`` are the canonical names and aliases of its entities, so a bare
    word such as Kyiv also finds an article that only says Kiev.
    """

    id: int
    title: str
    text: str
    names: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    source: str | None = None
