"""The kinds of entity and the facets, declared once (imports nothing heavy: the command
line builds its options from here before it opens anything).

Every facet (place, actor, source) is declared here: its name (the query field, the
command-line option, the key in results), its labels, the entity kinds it counts and the
``SearchRequest`` field holding its selection. The window, the command line and the
searcher read these declarations instead of spelling facets out.
"""

from __future__ import annotations

import re

from search.frozen import frozen

#: The kinds of entity the library knows. "actor" in facets and queries is person + organization.
ENTITY_KINDS = ("place", "person", "organization", "date")
ACTOR_KINDS = ("person", "organization")


@frozen
class Facet:
    """One facet: how the window, the command line and the searcher name and count it."""

    name: str  # query field (place:), command-line option (--place), key in results
    title: str  # the facet's heading: "Places"
    label: str  # one value's label: "Place: Melitopol"
    request_field: str  # the SearchRequest field with the selected values
    kinds: tuple[str, ...]  # the entity kinds it counts; () for outlets
    help: str  # the command-line option's help
    #: where its values live: "entities", "outlets", or the reporter's own marks
    #: ("tags", "collections", "flags": desktop/marks_facets.py)
    store: str = "entities"

    @property
    def is_entity(self) -> bool:
        """Counts entities (not outlets, not the reporter's marks)."""
        return self.store == "entities"

    @property
    def is_mark(self) -> bool:
        """Counts what the reporter set: tags, collections, stars and notes."""
        return self.store in MARK_STORES


MARK_STORES = ("tags", "collections", "flags")
#: The values of the ``is:`` facet: what a reporter did with an article.
FLAGS = ("starred", "noted", "quoted")

FACETS: tuple[Facet, ...] = (
    Facet("place", "Places", "Place", "places", ("place",), "filter by place"),
    Facet("actor", "Actors", "Actor", "actors", ACTOR_KINDS, "person or organisation"),
    Facet("source", "Sources", "Source", "sources", (), "filter by outlet", "outlets"),
    Facet("tag", "Tags", "Tag", "tags", (), "filter by your tag", "tags"),
    Facet("in", "Collections", "Collection", "collections", (), "in a collection", "collections"),
    Facet("is", "Marked", "Marked", "flags", (), "starred, noted or quoted", "flags"),
)
FACET_NAMES = tuple(f.name for f in FACETS)
FACET_BY_NAME = {f.name: f for f in FACETS}
#: "Welsh (person)": a facet value that names one kind of entity.
_KIND_SUFFIX = re.compile(r"^(?P<name>.+?)\s+\((?P<kind>" + "|".join(ENTITY_KINDS) + r")\)$")


def split_kind(value: str, kinds: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """A value and the kinds it asks for: ``"Welsh (person)"`` -> ``("Welsh", ("person",))``."""
    m = _KIND_SUFFIX.match(value.strip())
    if m and m.group("kind") in kinds:
        return m.group("name"), (m.group("kind"),)
    return value, kinds
