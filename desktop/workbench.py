"""The reporter's workbench: stars, tags, notes and collections (``library.workbench``).

After Anki's ``col.tags``/``col.decks``: a manager the library hands out, whose every write
runs in one transaction under the library's write lock, logs its undo in the curation log
(Edit → Undo, ``sourcedesk undo``) and returns a :class:`~desktop.changes.Change`. Writes
take many article ids at once: the selection, or every result of a search. Quotes, saved
searches and versions are managers of their own, reached from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, and_, delete, insert, select
from sqlalchemy.orm import Session

from .changes import Change
from .facets import FACET_BY_NAME
from .mark_reads import mark_key
from .marks_facets import counts
from .store.models import Document
from .store.workbench_models import Collection, CollectionItem, DocumentTag, Note, Quote, Star, Tag
from .workbench_base import (
    LibraryLike,
    WorkbenchError,
    articles,
    clean_name,
    now,
    write,
)
from .workbench_rows import NO_MARKS, ArticleMarks
from .workbench_undo import UndoLog, table

if TYPE_CHECKING:
    from .namelists import NameRow
    from .quotes import Quotes
    from .related import RelatedArticle
    from .saved_searches import SavedSearches
    from .story import Story
    from .versions import Versions

__all__ = ["NO_MARKS", "ArticleMarks", "Workbench", "WorkbenchError"]


class Workbench:
    """Marks on articles; every write returns a ``Change`` and can be undone."""

    def __init__(self, library: LibraryLike) -> None:
        self.library = library
        self.sessions = library.sessions

    # -- the other managers -----------------------------------------------------------------

    @cached_property
    def quotes(self) -> Quotes:
        """Saved passages with their sources."""
        from .quotes import Quotes

        return Quotes(self.library)

    @cached_property
    def saved(self) -> SavedSearches:
        """Searches kept by name, with what arrived since each was last opened."""
        from .saved_searches import SavedSearches

        return SavedSearches(self.library)

    @cached_property
    def versions(self) -> Versions:
        """Groups of syndicated and near-duplicate versions."""
        from .versions import Versions

        return Versions(self.library)

    # -- writing ----------------------------------------------------------------------------

    def write(self, op: str, step: Callable[[Session, UndoLog], str]) -> Change:
        """Run ``step`` in one transaction under the write lock and log its undo."""
        return write(self.library, op, step)

    @staticmethod
    def existing(session: Session, doc_ids: Iterable[int]) -> list[int]:
        """The ids that name articles of the library; refuses an unknown one."""
        wanted = sorted({int(i) for i in doc_ids})
        if not wanted:
            raise WorkbenchError("no articles chosen")
        found: set[int] = set()
        for start in range(0, len(wanted), 5000):
            chunk = wanted[start : start + 5000]
            found.update(session.scalars(select(Document.id).where(Document.id.in_(chunk))))
        missing = [i for i in wanted if i not in found]
        if missing:
            raise WorkbenchError(f"no article with id {missing[0]}")
        return wanted

    def star(self, doc_ids: Iterable[int], starred: bool = True) -> Change:
        """Star (or unstar) articles."""

        def step(session: Session, log: UndoLog) -> str:
            ids = self.existing(session, doc_ids)
            have = set(_in(session, Star.document_id, ids))
            changed = [i for i in ids if (i in have) != starred]
            stamp = now()
            rows = [{"document_id": i, "starred_at": stamp} for i in changed]
            _apply(session, log, table("stars"), rows, starred)
            verb = "starred" if starred else "unstarred"
            already = len(ids) - len(changed)
            return f"{verb} {articles(len(changed))}" + (
                f" ({already:,} already {'were' if already > 1 else 'was'})" if already else ""
            )

        return self.write("star", step)

    def tag(self, doc_ids: Iterable[int], name: str, add: bool = True) -> Change:
        """Put a tag on articles (made if new), or take it off."""
        name = clean_name(name, "tag")

        def step(session: Session, log: UndoLog) -> str:
            ids = self.existing(session, doc_ids)
            tag = session.scalars(select(Tag).where(Tag.key == mark_key(name))).first()
            if tag is None and not add:
                raise WorkbenchError(f"no tag called {name!r}")
            if tag is None:
                tag = Tag(name=name, key=mark_key(name))
                session.add(tag)
                session.flush()
                log.added(tag)
            have = set(_in(session, DocumentTag.document_id, ids, DocumentTag.tag_id == tag.id))
            changed = [i for i in ids if (i in have) != add]
            rows = [{"document_id": i, "tag_id": tag.id} for i in changed]
            _apply(session, log, table("document_tags"), rows, add)
            if add:
                return f"tagged {articles(len(changed))} “{tag.name}”"
            return f"took the tag “{tag.name}” off {articles(len(changed))}"

        return self.write("tag", step)

    def set_note(self, doc_id: int, text: str) -> Change:
        """The article's note (an empty text removes it)."""

        def step(session: Session, log: UndoLog) -> str:
            (doc,) = self.existing(session, [doc_id])
            note = session.get(Note, doc)
            body = text.strip()
            if note is not None and note.text == body:
                return "the note is unchanged"
            if note is not None:
                if not body:
                    log.removed(note)
                    session.delete(note)
                    log.documents.add(doc)
                    return f"removed the note on article {doc}"
                log.changed(note)
                note.text, note.updated_at = body, now()
            elif body:
                note = Note(document_id=doc, text=body, updated_at=now())
                session.add(note)
                session.flush()
                log.added(note)
            else:
                return "no note to remove"
            log.documents.add(doc)
            return f"noted article {doc}"

        return self.write("note", step)

    # -- collections ------------------------------------------------------------------------

    def _collection(self, session: Session, name: str) -> Collection | None:
        return session.scalars(select(Collection).where(Collection.key == mark_key(name))).first()

    def _named(self, session: Session, name: str) -> Collection:
        found = self._collection(session, name)
        if found is None:
            raise WorkbenchError(f"no collection called {name!r}")
        return found

    def create_collection(self, name: str) -> Change:
        """A new, empty collection."""
        name = clean_name(name, "collection")

        def step(session: Session, log: UndoLog) -> str:
            if self._collection(session, name) is not None:
                raise WorkbenchError(f"a collection called {name!r} exists already")
            made = Collection(name=name, key=mark_key(name), created_at=now())
            session.add(made)
            session.flush()
            log.added(made)
            return f"made the collection “{name}”"

        return self.write("collect", step)

    def rename_collection(self, old: str, new: str) -> Change:
        """Give a collection another name (its articles and quotes stay)."""
        new = clean_name(new, "collection")

        def step(session: Session, log: UndoLog) -> str:
            found = self._named(session, old)
            other = self._collection(session, new)
            if other is not None and other.id != found.id:
                raise WorkbenchError(f"a collection called {new!r} exists already")
            log.changed(found)
            was = found.name
            found.name, found.key = new, mark_key(new)
            return f"renamed the collection “{was}” to “{new}”"

        return self.write("collect", step)

    def delete_collection(self, name: str) -> Change:
        """Remove a collection (its articles stay in the library; its quotes stay, unfiled)."""

        def step(session: Session, log: UndoLog) -> str:
            found = self._named(session, name)
            log.removed(found)
            items = session.scalars(
                select(CollectionItem).where(CollectionItem.collection_id == found.id)
            ).all()
            for item in items:
                log.removed(item)
                log.documents.add(item.document_id)
            for quote in session.scalars(select(Quote).where(Quote.collection_id == found.id)):
                log.changed(quote)
            session.delete(found)
            return f"removed the collection “{found.name}” ({articles(len(items))} stay)"

        return self.write("collect", step)

    def collect(
        self, doc_ids: Iterable[int], name: str, add: bool = True, create: bool = True
    ) -> Change:
        """Put articles in a collection (made if new and ``create``), or take them out."""
        name = clean_name(name, "collection")

        def step(session: Session, log: UndoLog) -> str:
            ids = self.existing(session, doc_ids)
            found = self._collection(session, name)
            if found is None and (not add or not create):
                raise WorkbenchError(f"no collection called {name!r}")
            if found is None:
                found = Collection(name=name, key=mark_key(name), created_at=now())
                session.add(found)
                session.flush()
                log.added(found)
            cid = found.id
            have = set(
                _in(session, CollectionItem.document_id, ids, CollectionItem.collection_id == cid)
            )
            changed = [i for i in ids if (i in have) != add]
            stamp = now()
            rows = [{"collection_id": cid, "document_id": i, "added_at": stamp} for i in changed]
            _apply(session, log, table("collection_items"), rows, add)
            if add:
                return f"put {articles(len(changed))} in “{found.name}”"
            return f"took {articles(len(changed))} out of “{found.name}”"

        return self.write("collect", step)

    # -- reading ----------------------------------------------------------------------------

    def marks(self, doc_ids: Iterable[int]) -> dict[int, ArticleMarks]:
        """What the reporter set on each article (articles without marks are left out)."""
        from .workbench_rows import marks_of

        with self.sessions() as session:
            return marks_of(session, list(doc_ids))

    def marks_of(self, doc_id: int) -> ArticleMarks:
        """What the reporter set on one article."""
        return self.marks([doc_id]).get(doc_id, NO_MARKS)

    def tags(self) -> list[tuple[str, int]]:
        """Every tag with its number of articles, most used first (for completion)."""
        with self.sessions() as session:
            return counts(session, FACET_BY_NAME["tag"])

    def collections(self) -> list[tuple[str, int]]:
        """Every collection with its number of articles, most used first."""
        with self.sessions() as session:
            return counts(session, FACET_BY_NAME["in"])

    def related(self, doc_id: int, limit: int = 5) -> list[RelatedArticle]:
        """Other coverage of the article's event, each with why (desktop/related.py)."""
        from .related import related

        return related(self.library.searcher, doc_id, limit)

    def name_counts(self, names: list[str]) -> list[NameRow]:
        """How many articles mention each name, first and last date (desktop/namelists.py)."""
        from .namelists import count_names

        return count_names(self.library.searcher, names)

    def story(self, ref: str | int, kind: str | None = None) -> Story:
        """An entity's timeline and companions (desktop/story.py); ``ref`` as for curation."""
        from .story import find, story

        entity_id, name, entity_kind = find(self.library.searcher, str(ref), kind)
        return story(self.library.searcher, entity_id, name, entity_kind)

    def ids_of_search(self, query: str) -> list[int]:
        """Every article a query finds (``--where``: "every result of a search")."""
        from .querying import SearchRequest

        return self.library.searcher.all_ids(SearchRequest(query=query, limit=0)).tolist()


def _in(session: Session, column, ids: list[int], *where) -> list[int]:  # type: ignore[no-untyped-def]
    """Values of ``column`` among ``ids`` (in chunks: a search may choose 100,000)."""
    out: list[int] = []
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        out += [int(v) for v in session.scalars(select(column).where(column.in_(chunk), *where))]
    return out


def _apply(session: Session, log: UndoLog, t: Table, rows: list[dict[str, Any]], add: bool) -> None:
    """Insert (``add``) or delete many link rows of one tag, collection or star table in one
    statement per chunk, logging their undo. The rows differ only in ``document_id``."""
    if not rows:
        return
    keys = [c.name for c in t.primary_key.columns]
    if add:
        session.execute(insert(t), rows)
        log.added_keys(t.name, [{k: r[k] for k in keys} for r in rows])
    else:
        fixed = [t.c[k] == rows[0][k] for k in keys if k != "document_id"]
        ids = [r["document_id"] for r in rows]
        for start in range(0, len(ids), 5000):
            match = and_(t.c.document_id.in_(ids[start : start + 5000]), *fixed)
            stored = [dict(r._mapping) for r in session.execute(select(t).where(match))]
            session.execute(delete(t).where(match))
            log.removed_rows(t.name, [{k: _json(v) for k, v in r.items()} for r in stored])
    log.documents.update(int(r["document_id"]) for r in rows)


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.datetime | dt.date) else value
