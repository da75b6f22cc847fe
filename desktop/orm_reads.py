"""The read side's questions answered through SQLAlchemy, for any database the store uses.

The same answers as :mod:`desktop.sqlite_reads` (which a SQLite library uses: it skips
the ORM's import and statement building); see :class:`desktop.reads.Reads`.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager

import numpy as np
from sqlalchemy import Select, func, or_, select, text
from sqlalchemy.orm import Session, sessionmaker

from search.query import JoinedTexts

from .reads import (
    CHUNK_ARTICLES,
    GENERATION_SQL,
    DocumentRow,
    HitRow,
    MentionRow,
    Named,
    NamedRow,
)
from .store import dialect
from .store.models import Alias, Document, Entity, Mention, Source


class OrmReads:
    """Answers through a session factory (see :class:`desktop.reads.Reads`)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self._local = threading.local()

    @classmethod
    def of_session(cls, session: Session) -> OrmReads:
        """Answers read through one open session (its transaction)."""
        reads = cls(None)  # type: ignore[arg-type]
        reads._local.session = session
        return reads

    def close(self) -> None:
        """Nothing to release (the sessions belong to the library)."""

    @contextmanager
    def _session(self) -> Iterator[Session]:
        current = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        with self.sessions() as session:
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Everything read inside goes through one session (one transaction)."""
        if getattr(self._local, "session", None) is not None:
            yield
            return
        with self.sessions() as session:
            self._local.session = session
            try:
                yield
            finally:
                self._local.session = None

    def _all(self, stmt: Select) -> list[tuple]:
        with self._session() as session:
            return [tuple(r) for r in session.execute(stmt)]

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        """Rows of a plain SELECT with ``?`` parameters, bound as the database's driver binds."""
        with self._session() as session:
            conn = session.connection()
            if conn.dialect.paramstyle in ("format", "pyformat"):
                sql = sql.replace("%", "%%").replace("?", "%s")
            return [tuple(r) for r in conn.exec_driver_sql(sql, tuple(params))]

    def generation(self) -> tuple[int, ...]:
        """Changes whenever any process commits documents, mentions or curation."""
        with self._session() as session:
            if dialect.is_postgres(session):
                return dialect.generation(session)  # first in the snapshot: see there
            row = session.execute(text(GENERATION_SQL)).one()
        return tuple(int(v or 0) for v in row)

    def max_document_id(self) -> int:
        """The highest document id (0 for an empty library)."""
        with self._session() as session:
            return int(session.scalar(select(func.max(Document.id))) or 0)

    def facet_documents(self) -> np.ndarray:
        """(id, source or -1, date ordinal or 0) of every document not in the trash."""
        with self._session() as session:
            return dialect.document_rows(session)

    def facet_pairs(self, kinds: Collection[str]) -> np.ndarray:
        """Distinct (document, entity) of the entities of ``kinds`` not ignored."""
        with self._session() as session:
            return dialect.entity_pairs(session, tuple(kinds))

    def entity_labels(self, kinds: Collection[str]) -> list[tuple[int, str, str]]:
        """(id, name, kind) of the live entities of ``kinds``."""
        return self._all(
            select(Entity.id, Entity.name, Entity.kind).where(
                Entity.kind.in_(tuple(kinds)),
                Entity.ignored.is_(False),
                Entity.merged_into.is_(None),
            )
        )

    def source_labels(self) -> list[Named]:
        """(id, name) of every outlet."""
        return self._all(select(Source.id, Source.name))

    def _live(self, kinds: Collection[str]) -> Select[tuple[int, str]]:
        # "kind || ''": the kind only filters, as in sqlite_reads; the rows are found through
        # the spelling's or the folded name's index (PostgreSQL, before its statistics of a
        # new library, chose the kind index and read every person for each unknown name)
        return (
            select(Entity.id, Entity.name)
            .where(
                (Entity.kind + "").in_(tuple(kinds)),
                Entity.ignored.is_(False),
                Entity.merged_into.is_(None),
            )
            .order_by(Entity.id)
        )

    def entities_by_keys(self, kinds: Collection[str], keys: Collection[str]) -> list[Named]:
        """Live entities of ``kinds`` with a spelling of that kind among ``keys``."""
        named = select(Alias.entity_id).where(
            Alias.kind.in_(tuple(kinds)), Alias.key.in_(tuple(keys))
        )
        return self._all(self._live(kinds).where(Entity.id.in_(named)))

    def has_entities(self, kinds: Collection[str]) -> bool:
        """Whether the library holds any live entity of ``kinds`` (not ignored or merged)."""
        q = select(Entity.id).where(
            Entity.kind.in_(tuple(kinds)),
            Entity.ignored.is_(False),
            Entity.merged_into.is_(None),
        )
        return bool(self._all(q.limit(1)))

    def entities_by_like(self, kinds: Collection[str], like: str) -> list[Named]:
        """Live entities of ``kinds`` with a spelling whose key is LIKE ``like``."""
        keys = select(Alias.entity_id).where(Alias.key.like(like, "\\"))
        return self._all(self._live(kinds).where(Entity.id.in_(keys)))

    def people_by_fold(self, kinds: Collection[str], fold_key: str, surname: bool) -> list[Named]:
        """Live people whose folded full name (or surname) is ``fold_key``."""
        column = Entity.surname_key if surname else Entity.fold_key
        return self._all(self._live(kinds).where(column == fold_key, Entity.kind + "" == "person"))

    def sources_by_keys(self, keys: Collection[str]) -> list[Named]:
        """Outlets whose key is one of ``keys``."""
        q = select(Source.id, Source.name).order_by(Source.id)
        return self._all(q.where(Source.key.in_(tuple(keys))))

    def sources_by_like(self, like: str) -> list[Named]:
        """Outlets whose key is LIKE ``like``."""
        q = select(Source.id, Source.name).order_by(Source.id)
        return self._all(q.where(Source.key.like(like, "\\")))

    def literal_rows(
        self, ids: Sequence[int], columns: Sequence[str], like: str
    ) -> Iterator[tuple[int, ...]]:
        """(id, columns…) of the documents among ``ids`` with a column LIKE ``like``."""
        cols = [getattr(Document, c) for c in columns]
        with self._session() as session:
            for start in range(0, len(ids), 5000):
                chunk = [int(i) for i in ids[start : start + 5000]]
                rows = session.execute(
                    select(Document.id, *cols).where(
                        Document.id.in_(chunk),
                        or_(*(col.ilike(like, escape="\\") for col in cols)),
                    )
                )
                yield from (tuple(r) for r in rows)

    def literal_chunks(
        self, ids: Sequence[int], columns: Sequence[str], like: str
    ) -> Iterator[JoinedTexts]:
        """:meth:`literal_rows`, joined in Python."""
        rows = list(self.literal_rows(ids, columns, like))
        for start in range(0, len(rows), CHUNK_ARTICLES):
            yield JoinedTexts.of_rows(rows[start : start + CHUNK_ARTICLES], len(columns))

    def hit_rows(self, ids: Sequence[int]) -> list[HitRow]:
        """Result rows of these documents."""
        rows = self._all(
            select(
                Document.id,
                Document.filename,
                Document.title,
                Source.name,
                Document.published,
                Document.text,
                Document.author,
            )
            .outerjoin(Source, Source.id == Document.source_id)
            .where(Document.id.in_([int(i) for i in ids]))
        )
        return [HitRow(*r) for r in rows]

    def named_rows(self, doc_ids: Sequence[int], entity_ids: Collection[int]) -> list[NamedRow]:
        """Mentions of these entities in these documents, by document and start."""
        return self._all(
            select(
                Mention.document_id,
                Mention.start,
                Mention.end,
                Mention.text,
                Entity.id,
                Entity.name,
            )
            .join(Entity, Entity.id == Mention.entity_id)
            .where(
                Mention.document_id.in_([int(i) for i in doc_ids]),
                Mention.entity_id.in_([int(i) for i in entity_ids]),
            )
            .order_by(Mention.document_id, Mention.start)
        )

    def document(self, doc_id: int) -> DocumentRow | None:
        """One document's stored fields, or None."""
        with self._session() as session:
            doc = session.get(Document, doc_id)
            if doc is None:
                return None
            return DocumentRow(
                doc.id, doc.filename, doc.title, doc.source.name if doc.source else None,
                doc.source_raw, doc.author, doc.published, doc.published_from, doc.language,
                doc.format, doc.text, doc.original_sha256, doc.original_path, doc.imported_at,
                doc.url, doc.entities_status, doc.edited, doc.trashed_at is not None,
                doc.entities_version is None and doc.entities_status is None,
            )  # fmt: skip

    def mentions(self, doc_id: int) -> list[MentionRow]:
        """The mentions of one document's entities that are not ignored, by start."""
        return self._all(
            select(
                Mention.start,
                Mention.end,
                Mention.text,
                Entity.kind,
                Entity.name,
                Mention.entity_id,
                Mention.id,
                Mention.link,
                Mention.link_detail,
            )
            .join(Entity, Entity.id == Mention.entity_id)
            .where(Mention.document_id == doc_id, Entity.ignored.is_(False))
            .order_by(Mention.start, Mention.id)
        )
