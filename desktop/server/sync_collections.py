"""Collections renamed or deleted as a whole on one side, the same on the other (push/pull).

A collection travels by its folded name (:mod:`.sync_marks`). Without this module, a
collection renamed on a laptop came to the server as a second collection beside the old one
(which kept its articles), and one deleted on the laptop stayed on the server.

From the source's log (its live workbench steps, a sync's included; an undone step is no
longer live):

- a collection row a step's undo sets back (``update``: a rename) under a key other than its
  id's name now is a **rename** from that key to the current name;
- a collection row a step's undo puts back (``insert``: a deletion) whose id the source has
  no more is a **deletion** of that key, and of the keys it had before, at the step's time.

In the target, before the marks are carried (they then find the collection under its new
name):

- renamed: the target's collection with the old name takes the new one, unless the target
  has one of the new name already (both stay, reported; the source's articles go to the one
  with the new name);
- deleted: the target's collection with that name goes, with its articles' places in it
  (the articles stay; its quotes stay, unfiled, as in the window's "Remove collection"),
  unless the target's user made it or put an article in it after the deletion: the later
  decision wins, as for every mark.

Every change is logged in the caller's :class:`UndoLog` (Undo of the ``sync`` step takes it
back); a re-run finds nothing to do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..mark_reads import mark_key
from ..store.workbench_models import Collection, CollectionItem, Quote
from ..workbench_undo import UndoLog
from .sync_removals import live_steps


@dataclass
class SourceCollections:
    """Keys the source's user renamed (old key -> the current name) or deleted (key ->
    when)."""

    renamed: dict[str, str] = field(default_factory=dict)
    deleted: dict[str, dt.datetime] = field(default_factory=dict)


@dataclass
class CollectionsCarried:
    """What carrying them did in the target."""

    renamed: int = 0
    removed: int = 0
    conflicts: list[str] = field(default_factory=list)
    documents: set[int] = field(default_factory=set)


def read_source(session: Session) -> SourceCollections:
    """The collections a library's user renamed or deleted (see the module)."""
    now = {
        int(i): (str(k), str(n))
        for i, k, n in session.execute(select(Collection.id, Collection.key, Collection.name))
    }
    keys_before: dict[int, set[str]] = {}  # every key a collection had, by its id
    gone: dict[int, dt.datetime] = {}
    for _op, data, when in live_steps(session):
        for r in data.get("update", {}).get("collections", []):
            keys_before.setdefault(int(r["id"]), set()).add(str(r["key"]))
        for r in data.get("insert", {}).get("collections", []):
            keys_before.setdefault(int(r["id"]), set()).add(str(r["key"]))
            gone[int(r["id"])] = when
    out = SourceCollections()
    present = {key for key, _name in now.values()}
    for ident, keys in keys_before.items():
        if ident in now:
            key, name = now[ident]
            out.renamed.update({old: name for old in keys if old != key and old not in present})
        elif ident in gone:
            out.deleted.update({old: gone[ident] for old in keys if old not in present})
    return out


def carry(session: Session, source: SourceCollections, log: UndoLog) -> CollectionsCarried:
    """Rename and remove the target's collections as the source's user did (see the
    module)."""
    done = CollectionsCarried()
    for old, name in sorted(source.renamed.items()):
        found = session.scalars(select(Collection).where(Collection.key == old)).first()
        if found is None:
            continue
        if session.scalars(select(Collection.id).where(Collection.key == mark_key(name))).first():
            done.conflicts.append(
                f"the collection {found.name} renamed {name} there: both kept, "
                f"a collection called {name} exists here"
            )
            continue
        log.changed(found)
        found.name, found.key = name, mark_key(name)
        done.renamed += 1
    session.flush()
    for key, when in sorted(source.deleted.items()):
        found = session.scalars(select(Collection).where(Collection.key == key)).first()
        if found is None:
            continue
        latest = session.scalar(
            select(func.max(CollectionItem.added_at)).where(
                CollectionItem.collection_id == found.id
            )
        )
        if found.created_at > when or (latest is not None and latest > when):
            done.conflicts.append(
                f"kept the collection {found.name}: added to here after it was removed there"
            )
            continue
        log.removed(found)  # before its items: Undo puts rows back in the order logged
        items = session.scalars(
            select(CollectionItem).where(CollectionItem.collection_id == found.id)
        ).all()
        for item in items:
            log.removed(item)
            log.documents.add(int(item.document_id))
            done.documents.add(int(item.document_id))
            session.delete(item)
        for quote in session.scalars(select(Quote).where(Quote.collection_id == found.id)):
            log.changed(quote)
            quote.collection_id = None
        session.flush()
        session.delete(found)
        done.removed += 1
    session.flush()
    return done


__all__ = ["CollectionsCarried", "SourceCollections", "carry", "read_source"]
