"""The trash carried from one library to another (``push``/``pull``): an article moved to
the trash on one side, or taken out of it, is moved there (or taken out) on the other.

An article is the same on both sides by its text or its original bytes, as for marks
(:mod:`.sync_marks`). What each side decided last wins, by time (UTC, each machine's
clock):

- the source has it in the trash (since ``trashed_at``) and the target does not: the
  target moves it to the trash, unless the target's user took it out of the trash later
  than that (a ``restore`` step there, made or carried);
- the source took it out of the trash (its last ``restore`` step, made or carried, not
  undone) and the target has it in the trash since before then: the target takes it out.

The moves are the target's own ``trash``/``restore`` steps, inside the caller's transaction,
so the ``sync`` step that holds them takes them back on Undo. An article deleted for good
(the trash emptied) leaves no trace to carry. A re-run finds both sides agreeing and writes
nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import document_edits
from ..store import Document
from .sync_log import Articles, logged


@dataclass
class SourceTrash:
    """A library's trash decisions by article identity (text hash, original hash)."""

    trashed: dict[tuple[str, str], dt.datetime] = field(default_factory=dict)
    restored: dict[tuple[str, str], dt.datetime] = field(default_factory=dict)


@dataclass
class TrashCarried:
    """What carrying the trash did in the target."""

    trashed: int = 0
    restored: int = 0
    kept: int = 0  # the target's own later decision stayed
    documents: set[int] = field(default_factory=set)


def _restores(session: Session) -> dict[int, dt.datetime]:
    """Article id -> when it was last taken out of the trash (a ``restore`` step of its own
    or one a ``sync`` carried in; steps undone do not count)."""
    return {
        int(key): when
        for _, data, _, when in logged(session, ("restore",))
        for key in data["documents"]
    }


def read_source(session: Session) -> SourceTrash:
    """The source's trash and the articles its user (or a sync) took out of it."""
    out = SourceTrash()
    restored = _restores(session)
    rows = session.execute(
        select(Document.id, Document.text_sha256, Document.original_sha256, Document.trashed_at)
    )
    for doc_id, text_hash, original, trashed_at in rows:
        ident = (str(text_hash), str(original))
        if trashed_at is not None:
            out.trashed[ident] = trashed_at
        elif int(doc_id) in restored:
            out.restored[ident] = restored[int(doc_id)]
    return out


def carry(session: Session, source: SourceTrash, articles: Articles) -> TrashCarried:
    """Move the target's copies to the trash or out of it (see the module)."""
    done = TrashCarried()
    if not source.trashed and not source.restored:
        return done
    trashed_at = {
        int(doc_id): when
        for doc_id, when in session.execute(
            select(Document.id, Document.trashed_at).where(Document.trashed_at.is_not(None))
        )
    }

    def here(ident: tuple[str, str]) -> tuple[int, dt.datetime | None] | None:
        doc_id = articles.find(ident)
        return None if doc_id is None else (doc_id, trashed_at.get(doc_id))

    restored_here = _restores(session)
    to_trash: list[int] = []
    for ident, when in source.trashed.items():
        found = here(ident)
        if found is None or found[1] is not None:
            continue
        doc_id = found[0]
        if restored_here.get(doc_id, dt.datetime.min) > when:
            done.kept += 1  # taken out of the trash here after the source put it there
            continue
        to_trash.append(doc_id)
    to_restore: list[int] = []
    for ident, when in source.restored.items():
        found = here(ident)
        if found is None or found[1] is None:
            continue
        if found[1] > when:
            done.kept += 1  # put in the trash here after the source took it out
            continue
        to_restore.append(found[0])
    if to_trash:
        document_edits.trash(session, sorted(set(to_trash)))
        done.trashed = len(set(to_trash))
    if to_restore:
        document_edits.restore(session, sorted(set(to_restore)))
        done.restored = len(set(to_restore))
    done.documents = set(to_trash) | set(to_restore)
    return done


__all__ = ["SourceTrash", "TrashCarried", "carry", "read_source"]
