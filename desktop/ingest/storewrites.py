"""The statements of an import's store transaction: one file's duplicate check, its outlet,
its document row and its place in the index's queue.

:class:`CoreWrites` runs them through a session (SQLAlchemy Core; any database, a
server's included). :class:`SqliteWrites` runs the same statements, compiled once by
SQLAlchemy and given their values as SQLAlchemy would give them, straight on a SQLite
connection an import keeps for its whole run: the session's and Core's work around each
statement (the session's transaction, the connection's events, the result's objects) was
a quarter of the importing process's CPU, ~0.3 ms a file (docs/performance.md, issue 16,
sixteenth session). A transaction is still one file's, begun and committed by the same
``BEGIN``/``COMMIT`` as the session's.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, Protocol, cast

from sqlalchemy import Engine, Table, bindparam, insert, select
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.expression import Executable

from ..entities.names import name_key
from ..entities.outlets import normalize_outlet
from ..store.models import Document, IndexQueue, Source

# The import's statements, built once and given their values at each file: SQLAlchemy
# builds and keys a statement written in place again at every call, which was most of the
# duplicate check's time (343 -> 60 us a call), and rows written as rows skip the ORM's
# unit of work (docs/performance.md, issue 16, the seventh session of 4 December).
_SAME_BYTES = Document.original_sha256 == bindparam("original_sha")
_SAME_BYTES_ONLY = select(Document.id).where(_SAME_BYTES).limit(1)
#: one statement (a round trip less per file): the same bytes first, then the same text
_SAME_BYTES_OR_TEXT = (
    select(Document.id)
    .where(_SAME_BYTES | (Document.text_sha256 == bindparam("text_sha")))
    .order_by(_SAME_BYTES.desc(), Document.id)
    .limit(1)
)
_SOURCE_BY_KEY = select(Source).where(Source.key == bindparam("key"))
_SOURCE_ID_BY_KEY = select(Source.id).where(Source.key == bindparam("key"))
_NEW_SOURCE = insert(cast(Table, Source.__table__))
_NEW_DOCUMENT = insert(cast(Table, Document.__table__))
_QUEUED_FOR_INDEX = insert(cast(Table, IndexQueue.__table__))


class WriteRefused(SQLAlchemyError):
    """The database gave a new row no id (reported for the file like any refused write)."""


def source_for(session: Session, raw: str | None) -> Source | None:
    """The normalised outlet row for a raw outlet string (created if new)."""
    name = normalize_outlet(raw)
    if not name:
        return None
    key = name_key(name)
    source = session.scalars(_SOURCE_BY_KEY, {"key": key}).first()
    if source is None:
        source = Source(name=name, key=key)
        session.add(source)
        session.flush()
    return source


class StoreWrites(Protocol):
    """One file's statements inside its store transaction."""

    #: the session of the transaction (a server library keeps the original in it), or None
    session: Session | None
    #: who writes (a server library's role), for ``imported_by``
    provenance: str | None

    def duplicate_of(self, original_sha: str, text_sha: str | None) -> int | None: ...

    def source_id(self, raw: str | None) -> int | None: ...

    def new_document(self, row: dict[str, Any]) -> int: ...


class CoreWrites:
    """The statements through a session, inside its transaction (SQLAlchemy Core)."""

    def __init__(self, session: Session) -> None:
        self.session: Session | None = session
        self.provenance = session.info.get("provenance")
        self._conn = session.connection()
        self._session = session

    def duplicate_of(self, original_sha: str, text_sha: str | None) -> int | None:
        """Id of a document with the same bytes or the same normalised text."""
        if text_sha is None:
            return self._conn.execute(_SAME_BYTES_ONLY, {"original_sha": original_sha}).scalar()
        values = {"original_sha": original_sha, "text_sha": text_sha}
        return self._conn.execute(_SAME_BYTES_OR_TEXT, values).scalar()

    def source_id(self, raw: str | None) -> int | None:
        """The outlet's id (its row made if new); an outlet the library knows is looked up
        without loading its row."""
        name = normalize_outlet(raw)
        if not name:
            return None
        known = self._conn.execute(_SOURCE_ID_BY_KEY, {"key": name_key(name)}).scalar()
        if known is not None:
            return int(known)
        source = source_for(self._session, raw)
        return source.id if source is not None else None

    def new_document(self, row: dict[str, Any]) -> int:
        """Insert the document's row and queue it for the index; its id."""
        key = self._conn.execute(_NEW_DOCUMENT, row).inserted_primary_key
        if key is None or key[0] is None:
            raise WriteRefused("the library gave the new row no id")
        doc_id = int(key[0])
        self._conn.execute(_QUEUED_FOR_INDEX, {"document_id": doc_id, "deleted": False})
        return doc_id


class _Compiled:
    """A statement as SQLite's own SQL, with the order of its values and the processing
    SQLAlchemy gives each (a date to its text, a boolean to 0 or 1)."""

    def __init__(
        self, statement: Executable, dialect: Dialect, keys: Sequence[str] | None = None
    ) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=keys)  # type: ignore[attr-defined]
        self.sql: str = compiled.string
        binds = compiled.binds
        self._values = [
            (name, binds[name].value, binds[name].type.bind_processor(dialect))
            for name in compiled.positiontup
        ]

    def values(self, given: dict[str, Any]) -> tuple[Any, ...]:
        """The statement's values, in order (a value it was built with where not given: a
        missing value it needs is an error, never a silent NULL)."""
        out = []
        for name, built_with, process in self._values:
            value = given[name] if built_with is None else given.get(name, built_with)
            out.append(process(value) if process is not None else value)
        return tuple(out)


class SqliteWrites:
    """The statements on a SQLite connection of their own, for a whole import (one writer:
    the library's write lock is held); :meth:`transaction` is one file's."""

    def __init__(self, engine: Engine, provenance: str | None) -> None:
        dialect = engine.dialect
        self.session: Session | None = None
        self.provenance = provenance
        self._dup = _Compiled(_SAME_BYTES_OR_TEXT, dialect)
        self._dup_bytes = _Compiled(_SAME_BYTES_ONLY, dialect)
        self._source = _Compiled(_SOURCE_ID_BY_KEY, dialect)
        self._new_source = _Compiled(_NEW_SOURCE, dialect, ("name", "key"))
        self._dialect = dialect
        self._documents: dict[tuple[str, ...], _Compiled] = {}  # by the row's columns
        self._queued = _Compiled(_QUEUED_FOR_INDEX, dialect, ("document_id", "deleted"))
        self._pooled = engine.raw_connection()  # with the engine's pragmas, from its pool
        conn = self._pooled.driver_connection
        assert isinstance(conn, sqlite3.Connection) and conn.isolation_level is None
        self._conn = conn
        self._lost = False  # a group's transaction ended by SQLite (see _back_to_savepoint)

    @classmethod
    def for_sessions(cls, sessions: sessionmaker[Session]) -> SqliteWrites | None:
        """The writes for these sessions' database, with their provenance; None unless it
        is a SQLite file."""
        bind = sessions.kw.get("bind")
        if not isinstance(bind, Engine) or bind.dialect.name != "sqlite":
            return None
        return cls(bind, sessions.kw.get("info", {}).get("provenance"))

    @contextlib.contextmanager
    def transaction(self, grouped: bool = False) -> Iterator[SqliteWrites]:
        """One file's transaction: committed at the end, rolled back on an error. ``grouped``:
        a savepoint of the group's transaction instead (made by :meth:`commit`), released at
        the end, rolled back to on an error (the group's other files stay)."""
        conn = self._conn
        if grouped:
            if not conn.in_transaction:
                conn.execute("BEGIN")
            conn.execute("SAVEPOINT file")
            try:
                yield self
                conn.execute("RELEASE file")
            except BaseException:
                self._back_to_savepoint()
                raise
            return
        conn.execute("BEGIN")
        try:
            yield self
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _back_to_savepoint(self) -> None:
        """A file of a group failed: its own writes undone. SQLite ends the whole transaction
        itself after some errors (a full disk, an I/O error); then the group's files before it
        are gone too, which :meth:`commit` tells."""
        conn = self._conn
        if not conn.in_transaction:
            self._lost = True
            return
        try:
            conn.execute("ROLLBACK TO file")
            conn.execute("RELEASE file")
        except sqlite3.Error:
            self._lost = True

    @property
    def pending(self) -> bool:
        """Whether a group's transaction is open (written, not committed)."""
        return self._conn.in_transaction

    def commit(self) -> None:
        """Commit the group's transaction (its files stored ``grouped``). If SQLite rolled
        it back after an error, ``sqlite3.OperationalError``: nothing of the group is stored."""
        conn = self._conn
        if self._lost:
            self.rollback()
            raise sqlite3.OperationalError("the group's transaction was rolled back")
        if conn.in_transaction:
            conn.execute("COMMIT")

    def rollback(self) -> None:
        """Undo the group's transaction (a commit that failed, or an import ended)."""
        self._lost = False
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def duplicate_of(self, original_sha: str, text_sha: str | None) -> int | None:
        if text_sha is None:
            compiled, given = self._dup_bytes, {"original_sha": original_sha}
        else:
            compiled, given = self._dup, {"original_sha": original_sha, "text_sha": text_sha}
        row = self._conn.execute(compiled.sql, compiled.values(given)).fetchone()
        return None if row is None else int(row[0])

    def source_id(self, raw: str | None) -> int | None:
        name = normalize_outlet(raw)
        if not name:
            return None
        key = name_key(name)
        row = self._conn.execute(self._source.sql, self._source.values({"key": key})).fetchone()
        if row is not None:
            return int(row[0])
        given = {"name": name, "key": key}
        return self._insert(self._new_source, given)

    def new_document(self, row: dict[str, Any]) -> int:
        columns = tuple(row)
        compiled = self._documents.get(columns)
        if compiled is None:
            compiled = _Compiled(_NEW_DOCUMENT, self._dialect, columns)
            self._documents[columns] = compiled
        doc_id = self._insert(compiled, row)
        queued = {"document_id": doc_id, "deleted": False}
        self._conn.execute(self._queued.sql, self._queued.values(queued))
        return doc_id

    def _insert(self, compiled: _Compiled, given: dict[str, Any]) -> int:
        cursor = self._conn.execute(compiled.sql, compiled.values(given))
        if not cursor.lastrowid:
            raise WriteRefused("the library gave the new row no id")
        return int(cursor.lastrowid)

    def close(self) -> None:
        """Give the connection back to the engine's pool."""
        with contextlib.suppress(sqlite3.Error):
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        self._pooled.close()


__all__ = [
    "CoreWrites",
    "SqliteWrites",
    "StoreWrites",
    "WriteRefused",
    "source_for",
]
