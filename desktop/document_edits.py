"""Keeping the library in order: the user's corrections of an article's metadata, and a trash.

An edit sets title, outlet, byline, publication date (or undated) or address of one or
several articles; the fields edited are remembered (``Document.edited``, and the date's
``published_from`` says "edited"), so nothing later takes them for the reader's guesses,
and re-indexing or re-extraction keeps them (both start from the stored values). Removing
puts articles in the trash: found by nothing, their originals kept, until the trash is
emptied (then they and the originals no other article shares are deleted) or they are
restored. Each step is logged and undoable like entity curation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from search.frozen import frozen

from . import changes
from .curation_steps import Change, CurationError, log_step, undoes
from .ingest.metatext import plain_text
from .ingest.storewrites import source_for
from .store.models import CurationStep, Document, IndexQueue, Source

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlalchemy.orm import sessionmaker

    from .store.originals import Originals


class _Library(Protocol):
    """What the manager needs of the library (without importing it: no cycle)."""

    sessions: sessionmaker[Session]
    originals: Originals

    def writing(self) -> AbstractContextManager[None]: ...

    def flush_index(self) -> None: ...


#: the fields an edit may set
FIELDS = ("title", "source", "author", "published", "url")
EDITED = "edited"  # the published_from of a date the user set
UNCHANGED: Any = object()


@frozen
class TrashedInfo:
    """An article in the trash."""

    id: int
    title: str
    filename: str
    trashed_at: dt.datetime

    def to_json(self) -> dict[str, object]:
        """``trash list --json`` rows."""
        return {
            "id": self.id,
            "title": self.title,
            "filename": self.filename,
            "trashed_at": self.trashed_at.isoformat(timespec="seconds"),
        }


def _docs(session: Session, ids: Iterable[int], trashed: bool | None = False) -> list[Document]:
    wanted = sorted(set(ids))
    q = select(Document).where(Document.id.in_(wanted))
    if trashed is not None:
        q = q.where(Document.trashed_at.is_not(None) if trashed else Document.trashed_at.is_(None))
    docs = list(session.scalars(q))
    if not docs:
        what = "in the trash" if trashed else "in the library"
        raise CurationError(f"no article {', '.join(f'#{i}' for i in wanted[:5])} {what}")
    return docs


def _state(doc: Document) -> dict[str, Any]:
    return {
        "title": doc.title,
        "source_id": doc.source_id,
        "source_raw": doc.source_raw,
        "author": doc.author,
        "published": doc.published.isoformat() if doc.published else None,
        "published_from": doc.published_from,
        "url": doc.url,
        "edited": doc.edited,
    }


def _restore_state(doc: Document, old: dict[str, Any]) -> None:
    doc.title, doc.source_id, doc.source_raw = old["title"], old["source_id"], old["source_raw"]
    doc.author, doc.url, doc.edited = old["author"], old["url"], old["edited"]
    doc.published = dt.date.fromisoformat(old["published"]) if old["published"] else None
    doc.published_from = old["published_from"]


def edit(
    session: Session,
    ids: Sequence[int],
    *,
    title: Any = UNCHANGED,
    source: Any = UNCHANGED,
    author: Any = UNCHANGED,
    published: Any = UNCHANGED,
    url: Any = UNCHANGED,
) -> Change:
    """Set metadata fields of articles (``None`` or "" clears a field; ``published=None``:
    undated); only what is given changes."""
    given = {
        k: v
        for k, v in dict(
            title=title, source=source, author=author, published=published, url=url
        ).items()
        if v is not UNCHANGED
    }
    if not given:
        raise CurationError("nothing to change")
    if "title" in given and not plain_text(given["title"]):
        raise CurationError("an article needs a title")
    docs = _docs(session, ids)
    before = {str(d.id): _state(d) for d in docs}
    src = source_for(session, plain_text(given["source"])) if "source" in given else None
    for doc in docs:
        if "title" in given:
            doc.title = plain_text(given["title"]) or doc.title
        if "source" in given:
            doc.source_id = src.id if src is not None else None
            doc.source_raw = plain_text(given["source"])
        if "author" in given:
            doc.author = plain_text(given["author"])
        if "url" in given:
            doc.url = (given["url"] or "").strip() or None
        if "published" in given:
            doc.published = given["published"]
            doc.published_from = EDITED
        fields = set(filter(None, (doc.edited or "").split(","))) | set(given)
        doc.edited = ",".join(f for f in FIELDS if f in fields)
    if "title" in given:  # the title is searched: the index follows
        _requeue(session, [d.id for d in docs])
    what = ", ".join(_FIELD_WORDS[f] for f in FIELDS if f in given)
    n = len(docs)
    summary = f"edited the {what} of " + (f"{n} articles" if n > 1 else f"“{docs[0].title}”")
    log_step(session, "edit", summary, {"documents": before})
    return Change(summary, {d.id for d in docs})


_FIELD_WORDS = {
    "title": "title",
    "source": "outlet",
    "author": "byline",
    "published": "date",
    "url": "address",
}


@undoes("edit")
def _undo_edit(session: Session, data: dict[str, Any]) -> set[int]:
    docs = {d.id: d for d in _docs(session, map(int, data["documents"]), trashed=None)}
    for key, old in data["documents"].items():
        doc = docs.get(int(key))
        if doc is not None:
            _restore_state(doc, old)
    _requeue(session, list(docs))
    return set(docs)


def _requeue(session: Session, ids: list[int]) -> None:
    queued = set(
        session.scalars(select(IndexQueue.document_id).where(IndexQueue.document_id.in_(ids)))
    )
    session.add_all(IndexQueue(document_id=i, deleted=False) for i in ids if i not in queued)


def trash(session: Session, ids: Sequence[int]) -> Change:
    """Put articles in the trash (nothing finds them; their originals stay)."""
    docs = _docs(session, ids)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for doc in docs:
        doc.trashed_at = now
    n = len(docs)
    summary = (f"moved {n} articles" if n > 1 else f"moved “{docs[0].title}”") + " to the trash"
    log_step(session, "trash", summary, {"documents": [d.id for d in docs]})
    return Change(summary, {d.id for d in docs})


@undoes("trash")
def _undo_trash(session: Session, data: dict[str, Any]) -> set[int]:
    ids = [int(i) for i in data["documents"]]
    session.execute(update(Document).where(Document.id.in_(ids)).values(trashed_at=None))
    return set(ids)


def restore(session: Session, ids: Sequence[int]) -> Change:
    """Take articles out of the trash."""
    docs = _docs(session, ids, trashed=True)
    when = {str(d.id): d.trashed_at.isoformat() for d in docs if d.trashed_at}
    for doc in docs:
        doc.trashed_at = None
    n = len(docs)
    summary = (
        f"restored {n} articles" if n > 1 else f"restored “{docs[0].title}”"
    ) + " from the trash"
    log_step(session, "restore", summary, {"documents": when})
    return Change(summary, {d.id for d in docs})


@undoes("restore")
def _undo_restore(session: Session, data: dict[str, Any]) -> set[int]:
    for key, when in data["documents"].items():
        session.execute(
            update(Document)
            .where(Document.id == int(key))
            .values(trashed_at=dt.datetime.fromisoformat(when))
        )
    return {int(k) for k in data["documents"]}


def trashed(session: Session) -> list[TrashedInfo]:
    """Articles in the trash, most recently removed first."""
    rows = session.execute(
        select(Document.id, Document.title, Document.filename, Document.trashed_at)
        .where(Document.trashed_at.is_not(None))
        .order_by(Document.trashed_at.desc(), Document.id)
    ).all()
    return [TrashedInfo(int(i), t, f, w) for i, t, f, w in rows]


def empty_trash(session: Session) -> tuple[Change, list[str]]:
    """Delete the articles in the trash for good (this cannot be undone); returns the change
    and the originals (sha256) no remaining article shares, to be deleted by the caller once
    the transaction is committed."""
    docs = list(session.scalars(select(Document).where(Document.trashed_at.is_not(None))))
    if not docs:
        return Change("the trash is empty", set()), []
    ids = [d.id for d in docs]
    digests = {d.original_sha256 for d in docs}
    shared = set(
        session.scalars(
            select(Document.original_sha256).where(
                Document.original_sha256.in_(digests), Document.id.not_in(ids)
            )
        )
    )
    session.execute(delete(Document).where(Document.id.in_(ids)))
    queued = set(
        session.scalars(select(IndexQueue.document_id).where(IndexQueue.document_id.in_(ids)))
    )
    for doc_id in ids:
        if doc_id in queued:
            session.execute(
                update(IndexQueue).where(IndexQueue.document_id == doc_id).values(deleted=True)
            )
        else:
            session.add(IndexQueue(document_id=doc_id, deleted=True))
    # an undo step that refers to a deleted article can no longer be undone
    for step in session.scalars(
        select(CurationStep).where(
            CurationStep.op.in_(("trash", "restore", "edit")), CurationStep.undone.is_(False)
        )
    ):
        step.undone = True
    _drop_unused_sources(session)
    n = len(ids)
    return Change(f"deleted {n} article{'s' if n != 1 else ''} for good", set(ids)), sorted(
        digests - shared
    )


def _drop_unused_sources(session: Session) -> None:
    used = select(Document.source_id).where(Document.source_id.is_not(None))
    session.execute(delete(Source).where(Source.id.not_in(used)))


def count_trashed(session: Session) -> int:
    """How many articles are in the trash."""
    return int(
        session.scalar(
            select(func.count()).select_from(Document).where(Document.trashed_at.is_not(None))
        )
        or 0
    )


class Documents:
    """The library's articles as the user keeps them in order (``library.documents``):
    each write in a transaction of its own under the write lock, returning a ``Change``."""

    def __init__(self, library: _Library) -> None:
        self.lib = library

    def _write(self, op: Callable[[Session], Change]) -> changes.Change:
        with self.lib.writing():
            with self.lib.sessions.begin() as session:
                done = op(session)
            self.lib.flush_index()
        return changes.Change(done.summary, frozenset(done.documents))

    def edit(self, ids: Sequence[int], **fields: Any) -> changes.Change:
        """Correct metadata of one or several articles (see :func:`edit`)."""
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise CurationError(f"no such field: {', '.join(sorted(unknown))}")
        return self._write(lambda s: edit(s, ids, **fields))

    def trash(self, ids: Sequence[int]) -> changes.Change:
        """Move articles to the trash."""
        return self._write(lambda s: trash(s, ids))

    def restore(self, ids: Sequence[int]) -> changes.Change:
        """Take articles out of the trash."""
        return self._write(lambda s: restore(s, ids))

    def trashed(self) -> list[TrashedInfo]:
        """The articles in the trash."""
        with self.lib.sessions() as session:
            return trashed(session)

    def empty_trash(self) -> changes.Change:
        """Delete the trash for good, with the originals no other article shares."""
        with self.lib.writing():
            with self.lib.sessions.begin() as session:
                done, unused = empty_trash(session)
            for digest in unused:
                self.lib.originals.discard(digest)
            self.lib.flush_index()
        return changes.Change(done.summary, frozenset(done.documents))
