"""Opening the SQLite store: engine, sessions, schema version and migrations."""

from __future__ import annotations

import sqlite3
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from ..store_version import SCHEMA_VERSION  # the one place it is set
from . import workbench_models  # noqa: F401  (its tables are part of the schema)
from .models import Base

Migration = Callable[[Connection], None]


def _v1_to_v2(conn: Connection) -> None:
    """Entity curation: merged entities point at their survivor; a log makes undo possible."""
    conn.execute(
        text("ALTER TABLE entities ADD COLUMN merged_into INTEGER REFERENCES entities(id)")
    )
    conn.execute(text("CREATE INDEX ix_entities_merged_into ON entities (merged_into)"))
    # frozen DDL: a migration must not follow later changes of the models
    conn.execute(
        text(
            "CREATE TABLE curation_log (id INTEGER NOT NULL PRIMARY KEY, op VARCHAR(20) NOT NULL,"
            " summary TEXT NOT NULL, undo TEXT NOT NULL, created_at DATETIME NOT NULL,"
            " undone BOOLEAN NOT NULL)"
        )
    )


def _v2_to_v3(conn: Connection) -> None:
    """Two-phase import: entities are found after the text is stored and searchable."""
    conn.execute(text("ALTER TABLE documents ADD COLUMN entities_version INTEGER"))
    conn.execute(text("CREATE INDEX ix_documents_entities_version ON documents (entities_version)"))
    conn.execute(text("UPDATE documents SET entities_version = 1"))  # extracted at import


def _v3_to_v4(conn: Connection) -> None:
    """Provenance: the address a saved web page (or printed PDF) names as its own."""
    conn.execute(text("ALTER TABLE documents ADD COLUMN url TEXT"))


def _v4_to_v5(conn: Connection) -> None:
    """Trust: every link records its reason; suggestions, pinned mentions, blocked spellings.

    Spellings the pipeline (not the user) filed under a person are dropped, except the
    person's own name: earlier versions filed bare surnames and other people's names there
    ("Cherie Blair" under Tony Blair). Every document is extracted again (the extractor's
    version is newer), which files the right spellings anew.
    """
    conn.execute(text("ALTER TABLE mentions ADD COLUMN link VARCHAR(12)"))
    conn.execute(text("ALTER TABLE mentions ADD COLUMN link_detail VARCHAR(300)"))
    # frozen DDL: a migration must not follow later changes of the models
    conn.execute(
        text(
            "CREATE TABLE suggestions (id INTEGER NOT NULL PRIMARY KEY,"
            " entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
            " target_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
            " reason TEXT NOT NULL, status VARCHAR(10) NOT NULL, created_at DATETIME NOT NULL,"
            " UNIQUE (entity_id, target_id))"
        )
    )
    conn.execute(text("CREATE INDEX ix_suggestions_entity_id ON suggestions (entity_id)"))
    conn.execute(text("CREATE INDEX ix_suggestions_target_id ON suggestions (target_id)"))
    conn.execute(text("CREATE INDEX ix_suggestions_status ON suggestions (status)"))
    conn.execute(
        text(
            "CREATE TABLE mention_pins (id INTEGER NOT NULL PRIMARY KEY,"
            " document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
            " key VARCHAR(500) NOT NULL,"
            " entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
            " UNIQUE (document_id, key))"
        )
    )
    conn.execute(text("CREATE INDEX ix_mention_pins_document_id ON mention_pins (document_id)"))
    conn.execute(
        text(
            "CREATE TABLE blocked_spellings (id INTEGER NOT NULL PRIMARY KEY,"
            " entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,"
            " key VARCHAR(500) NOT NULL, name VARCHAR(500) NOT NULL, UNIQUE (entity_id, key))"
        )
    )
    conn.execute(
        text("CREATE INDEX ix_blocked_spellings_entity_id ON blocked_spellings (entity_id)")
    )
    conn.execute(
        text(
            "DELETE FROM aliases WHERE user_set = 0 AND aliases.name != (SELECT e.name FROM "
            "entities e WHERE e.id = aliases.entity_id) AND entity_id IN (SELECT id FROM "
            "entities WHERE kind = 'person')"
        )
    )


def _v5_to_v6(conn: Connection) -> None:
    """Time limits: a document the entity model gave up on says why (it took too long...)."""
    conn.execute(text("ALTER TABLE documents ADD COLUMN entities_status VARCHAR(20)"))


def _v6_to_v7(conn: Connection) -> None:
    """Keeping the library in order: fields the user edited, and a trash."""
    conn.execute(text("ALTER TABLE documents ADD COLUMN edited VARCHAR(100)"))
    conn.execute(text("ALTER TABLE documents ADD COLUMN trashed_at DATETIME"))
    conn.execute(text("CREATE INDEX ix_documents_trashed_at ON documents (trashed_at)"))


def _v7_to_v8(conn: Connection) -> None:
    """The reporter's workbench (issue 15): stars, tags, notes, collections, quotes, saved
    searches, and the groups of syndicated versions (every article waits to be grouped)."""
    # frozen DDL: a migration must not follow later changes of the models
    for statement in (
        (
            "CREATE TABLE stars ( document_id INTEGER NOT NULL, starred_at DATETIME NOT NULL,"
            " PRIMARY KEY (document_id),"
            " FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE )"
        ),
        (
            "CREATE TABLE tags ( id INTEGER NOT NULL, name VARCHAR(200) NOT NULL,"
            ' "key" VARCHAR(200) NOT NULL, PRIMARY KEY (id), UNIQUE ("key") )'
        ),
        (
            "CREATE TABLE document_tags ( document_id INTEGER NOT NULL,"
            " tag_id INTEGER NOT NULL, PRIMARY KEY (document_id, tag_id),"
            " FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE,"
            " FOREIGN KEY(tag_id) REFERENCES tags (id) ON DELETE CASCADE )"
        ),
        ("CREATE INDEX ix_document_tags_tag_id ON document_tags (tag_id)"),
        (
            "CREATE TABLE notes ( document_id INTEGER NOT NULL, text TEXT NOT NULL,"
            " updated_at DATETIME NOT NULL, PRIMARY KEY (document_id),"
            " FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE )"
        ),
        (
            "CREATE TABLE collections ( id INTEGER NOT NULL, name VARCHAR(200) NOT NULL,"
            ' "key" VARCHAR(200) NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (id),'
            ' UNIQUE ("key") )'
        ),
        (
            "CREATE TABLE collection_items ( collection_id INTEGER NOT NULL,"
            " document_id INTEGER NOT NULL, added_at DATETIME NOT NULL,"
            " PRIMARY KEY (collection_id, document_id),"
            " FOREIGN KEY(collection_id) REFERENCES collections (id) ON DELETE CASCADE,"
            " FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE )"
        ),
        ("CREATE INDEX ix_collection_items_document_id ON collection_items (document_id)"),
        (
            "CREATE TABLE quotes ( id INTEGER NOT NULL, document_id INTEGER,"
            ' collection_id INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL,'
            " passage TEXT NOT NULL, title TEXT NOT NULL, outlet TEXT, byline TEXT,"
            " published DATE, url TEXT, filename TEXT NOT NULL, comment TEXT,"
            " created_at DATETIME NOT NULL, PRIMARY KEY (id),"
            " FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE SET NULL,"
            " FOREIGN KEY(collection_id) REFERENCES collections (id) ON DELETE SET NULL )"
        ),
        ("CREATE INDEX ix_quotes_document_id ON quotes (document_id)"),
        ("CREATE INDEX ix_quotes_collection_id ON quotes (collection_id)"),
        (
            "CREATE TABLE saved_searches ( id INTEGER NOT NULL, name VARCHAR(200) NOT NULL,"
            ' "key" VARCHAR(200) NOT NULL, request TEXT NOT NULL, created_at DATETIME NOT NULL,'
            " opened_at DATETIME, seen_through INTEGER NOT NULL, PRIMARY KEY (id),"
            ' UNIQUE ("key") )'
        ),
        (
            "CREATE TABLE version_signatures ( document_id INTEGER NOT NULL, signature BLOB,"
            " PRIMARY KEY (document_id),"
            " FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE )"
        ),
        (
            "CREATE TABLE document_versions ( document_id INTEGER NOT NULL,"
            " group_id INTEGER NOT NULL, matched_id INTEGER, similarity FLOAT NOT NULL,"
            " PRIMARY KEY (document_id),"
            " FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE )"
        ),
        ("CREATE INDEX ix_document_versions_group_id ON document_versions (group_id)"),
    ):
        conn.execute(text(statement))


#: ``MIGRATIONS[n]`` upgrades a library at schema ``n`` to ``n + 1``.
MIGRATIONS: dict[int, Migration] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
    5: _v5_to_v6,
    6: _v6_to_v7,
    7: _v7_to_v8,
}


class SchemaError(Exception):
    """The library on disk cannot be opened by this version of Sourcedesk."""


def _set_pragmas(dbapi_connection: object, _record: object) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself: pysqlite would otherwise commit
    # DDL (migrations) outside the transaction, so a failed migration could half-apply.
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _set_read_only_pragmas(dbapi_connection: object, _record: object) -> None:
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]


def read_only_uri(db_path: Path) -> str:
    """An SQLite URI that reads ``db_path`` without writing anything beside it.

    A library left by a killed writer has its last commits in the write-ahead log
    (``-wal``, with its index ``-shm``): SQLite reads those read-only too. Only without
    them is the file opened ``immutable`` (no locks, no ``-shm`` to create).
    """
    quoted = urllib.parse.quote(str(db_path.absolute()))
    wal, shm = (db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm"))
    if wal.exists() and wal.stat().st_size and shm.exists():
        return f"file:{quoted}?mode=ro"
    return f"file:{quoted}?mode=ro&immutable=1"


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
    """The schema version stored in the SQLite header (``PRAGMA user_version``)."""
    return int(conn.execute(text("PRAGMA user_version")).scalar_one())


def migrate(engine: Engine) -> int:
    """Create or upgrade the schema in one transaction; refuse a newer library.

    Returns the version the library had before (0 for a new library). A library that
    is up to date is only read (opening one never waits for a writer).
    """
    with engine.connect() as conn:
        if user_version(conn) == SCHEMA_VERSION:
            return SCHEMA_VERSION
    with engine.connect().execution_options(sqlite_immediate=True) as conn, conn.begin():
        found = user_version(conn)
        if found > SCHEMA_VERSION:
            raise SchemaError(
                f"this library was written by a newer Sourcedesk (schema {found}); "
                f"this version reads schema {SCHEMA_VERSION} and older. Update Sourcedesk "
                "to open it; the library was not changed."
            )
        if found == 0:
            if inspect(conn).has_table("documents"):
                raise SchemaError("this folder holds a database that is not a Sourcedesk library")
            Base.metadata.create_all(conn)
        else:
            for version in range(found, SCHEMA_VERSION):
                step = MIGRATIONS.get(version)
                if step is None:
                    raise SchemaError(f"no migration from schema {version} to {version + 1}")
                step(conn)
        if found != SCHEMA_VERSION:
            conn.execute(text(f"PRAGMA user_version = {int(SCHEMA_VERSION)}"))
    return found


def check_version(engine: Engine) -> None:
    """For a read-only library: refuse a schema this version cannot read as it is."""
    with engine.connect() as conn:
        found = user_version(conn)
    if found != SCHEMA_VERSION:
        raise SchemaError(
            f"this read-only library has schema {found}; this Sourcedesk reads schema "
            f"{SCHEMA_VERSION} and would need to upgrade it. Copy it to a writable folder first."
        )


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for one unit of work each; never shared across threads."""
    return sessionmaker(engine, expire_on_commit=False)


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
