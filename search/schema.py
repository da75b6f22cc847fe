"""The Whoosh schema and the plain document the index is written from."""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh.analysis import Analyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

#: Free-text fields a bare word searches, with their boosts.
DEFAULT_FIELDS = {"title": 2.0, "text": 1.0, "names": 1.0}
#: Fields whose values are entity or source tokens, resolved through aliases at query time.
ENTITY_FIELDS = ("place", "actor", "source")


def text_analyzer() -> Analyzer:
    """Stemmed words that keep stop words, so "when run" stays a real phrase."""
    return StemmingAnalyzer(stoplist=None, minsize=1)


def make_schema() -> Schema:
    """Text is indexed but not stored (the store keeps it); ``num`` is a column for id lookups."""
    analyzer = text_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        num=NUMERIC(numtype=int, bits=64, signed=False, sortable=True),
        title=TEXT(analyzer=analyzer, phrase=True),
        text=TEXT(analyzer=analyzer, phrase=True),
        names=TEXT(analyzer=analyzer, phrase=True),
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
