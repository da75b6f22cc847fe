"""Opening the store: the SQLite engine, sessions, schema versions and migrations."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from search.sqlite_files import read_only_uri

from . import workbench_models  # noqa: F401  (its tables are part of the schema)
from .migrations import ALEMBIC_ERA, LEGACY_REVISIONS, heads, stamp, stored_revisions, upgrade
from .models import Base

#: ``PRAGMA user_version`` of an SQLite library this code writes: schemas 1-7 were numbered
#: so before Alembic; every library under Alembic says 8 (see :mod:`.migrations`).
SCHEMA_VERSION = ALEMBIC_ERA

#: Makes the tables of a new library beyond the models' (a server library's search objects).
Creator = Callable[[Connection], None]


class SchemaError(Exception):
    """The library on disk cannot be opened by this version of Sourcedesk."""


def _set_pragmas(dbapi_connection: object, _record: object) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself: pysqlite would otherwise commit
    # DDL (migrations) outside the transaction, so a failed migration could half-apply.
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA busy_timeout=10000")
    _wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _wal(cursor: Any, wait_s: float = 10.0) -> None:
    """Write-ahead logging. Switching to it does not wait on SQLite's busy handler: while
    another process is creating the same new library (two imports started at once) it fails
    at once with "database is locked", so it is tried again for as long as a write waits."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _set_read_only_pragmas(dbapi_connection: object, _record: object) -> None:
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]


def create_store_engine(db_path: Path, read_only: bool = False) -> Engine:
    """An engine on the library's SQLite file with WAL, foreign keys and a busy timeout.

    ``read_only`` opens a library on a medium Sourcedesk cannot write to (a read-only
    folder or disk) without touching it.
    """
    if read_only:
        uri = f"sqlite:///{read_only_uri(db_path)}&uri=true"
        engine = create_engine(uri, future=True)
        event.listen(engine, "connect", _set_read_only_pragmas)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        return engine
    engine = create_engine(f"sqlite:///{db_path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def _begin(conn: Connection) -> None:
    # a migration takes the write lock at once: two processes opening a new library
    # together must not both find it empty and both create the tables
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def open_store(db_path: Path, read_only_reason: str | None) -> tuple[Engine, str | None]:
    """The engine of a library's store, migrated, and why it is read-only (or None).

    A writable library whose disk is full cannot even start its write-ahead log; it
    is opened read-only then (searching works, changes are refused) instead of not at all.
    """
    engine = create_store_engine(db_path, read_only=read_only_reason is not None)
    try:
        if read_only_reason is not None:
            check_version(engine)
            return engine, read_only_reason
        migrate(engine)
        return engine, None
    except Exception as exc:
        engine.dispose()
        if read_only_reason is not None or not db_path.exists() or not _no_room(exc):
            raise
    return open_store(db_path, "the disk is full")


def _no_room(exc: BaseException) -> bool:
    """SQLite could not write beside the database: the disk is full (or failing)."""
    orig = getattr(exc, "orig", None)
    if not isinstance(orig, sqlite3.Error):
        return False
    code = getattr(orig, "sqlite_errorcode", None)
    return code == sqlite3.SQLITE_FULL or (code or 0) & 0xFF == sqlite3.SQLITE_IOERR


def user_version(conn: Connection) -> int:
    """The schema version stored in the SQLite header (``PRAGMA user_version``; 0 elsewhere)."""
    if conn.dialect.name != "sqlite":
        return 0
    return int(conn.execute(text("PRAGMA user_version")).scalar_one())


def _up_to_date(conn: Connection) -> bool:
    if conn.dialect.name == "sqlite" and user_version(conn) != SCHEMA_VERSION:
        return False
    return stored_revisions(conn) == heads()


def _newer(found: object) -> SchemaError:
    return SchemaError(
        f"this library was written by a newer Sourcedesk (schema {found}); this version "
        "cannot read it. Update Sourcedesk to open it; the library was not changed."
    )


#: Serialises first opens of a server library (two clients must not both create it).
MIGRATION_LOCK_KEY = 0x5D0C_0001


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """A transaction that no other process can migrate beside: SQLite's write lock at once,
    a PostgreSQL advisory lock."""
    with engine.connect().execution_options(sqlite_immediate=True) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        yield conn


def migrate(engine: Engine, on_create: Creator | None = None) -> int:
    """Create or upgrade the schema in one transaction; refuse a newer library.

    Returns the schema the library had before: 0 for a new library, 1-7 for a library from
    before Alembic, :data:`SCHEMA_VERSION` otherwise. A library that is up to date is only
    read (opening one never waits for a writer). ``on_create`` adds what a new library
    needs beyond the models' tables.
    """
    with engine.connect() as conn:
        if _up_to_date(conn):
            return SCHEMA_VERSION
    with _migrating(engine) as conn:
        found = user_version(conn)
        stored = stored_revisions(conn)
        if found > SCHEMA_VERSION:
            raise _newer(found)
        if stored is not None:
            unknown = stored - set(_known())
            if unknown:
                raise _newer(", ".join(sorted(unknown)))
            if stored != heads():
                upgrade(conn)
        elif found in LEGACY_REVISIONS:
            stamp(conn, LEGACY_REVISIONS[found])
            upgrade(conn)
        elif found == 0:
            if inspect(conn).has_table("documents"):
                raise SchemaError("this folder holds a database that is not a Sourcedesk library")
            Base.metadata.create_all(conn)
            if on_create is not None:
                on_create(conn)
            stamp(conn, "heads")
        else:
            raise SchemaError(f"no migration from schema {found}")
        if conn.dialect.name == "sqlite" and found != SCHEMA_VERSION:
            conn.execute(text(f"PRAGMA user_version = {int(SCHEMA_VERSION)}"))
    return found if stored is None else SCHEMA_VERSION


def _known() -> list[str]:
    from .migrations import revision_graph

    return list(revision_graph())


def check_version(engine: Engine) -> None:
    """For a library this process cannot write: refuse a schema it cannot read as it is."""
    with engine.connect() as conn:
        if _up_to_date(conn):
            return
        found = user_version(conn)
        stored = stored_revisions(conn)
    if found > SCHEMA_VERSION or (stored and stored - set(_known())):
        raise _newer(found if found > SCHEMA_VERSION else ", ".join(sorted(stored or ())))
    if engine.dialect.name != "sqlite":
        raise SchemaError(
            "this library on the server needs an upgrade that your role may not make: ask its "
            "administrator to run `sourcedesk server init` with this version"
        )
    raise SchemaError(
        f"this read-only library has schema {found}; this Sourcedesk reads schema "
        f"{SCHEMA_VERSION} and would need to upgrade it. Copy it to a writable folder first."
    )


def session_factory(engine: Engine, provenance: str | None = None) -> sessionmaker[Session]:
    """Sessions for one unit of work each; never shared across threads. ``provenance``
    (who writes: a server library's PostgreSQL role) is in each session's ``info``."""
    return sessionmaker(engine, expire_on_commit=False, info={"provenance": provenance})


def int_table(session: Session, sql: str, columns: int = 1) -> np.ndarray:
    """The integers of a ``group_concat`` query as rows of ``columns``.

    For reading whole columns of a large library (100k ids, millions of mention pairs):
    SQLite builds the text without holding the GIL, and numpy parses it without a Python
    object per value.
    """
    listed = session.connection().exec_driver_sql(sql).scalar()
    if not listed:
        return np.zeros((0, columns), dtype=np.int64)
    return np.fromstring(listed, dtype=np.int64, sep=",").reshape(-1, columns)
