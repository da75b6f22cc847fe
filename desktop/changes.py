"""What a write changed: every write returns one, and the window refreshes from it.

Import, curation, edits, removal and re-extraction each return a :class:`Change` (after
Anki's ``OpChanges``): a sentence for the user and what it touched, so a listener can
refresh only what depends on it.
"""

from __future__ import annotations

from dataclasses import field

from search.frozen import frozen


@frozen
class Change:
    """A write's summary for the user and the documents it touched.

    ``entities``: names, kinds or mentions changed (facets, chips and the reader's marks
    follow); ``documents_added``: the library has new articles (results and counts follow);
    ``marks``: the reporter's stars, tags, notes, collections, quotes or saved searches
    changed (their facets, lists and the reader's panel follow).
    """

    summary: str
    documents: frozenset[int] = field(default_factory=frozenset)
    entities: bool = False
    documents_added: bool = False
    marks: bool = False
