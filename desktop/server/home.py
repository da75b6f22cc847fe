"""A library in a PostgreSQL database: ``postgresql://user@host/dbname``.

Credentials come from where libpq looks for them (``~/.pgpass``, a service file named by
``?service=…`` or ``PGSERVICE``, ``PGPASSWORD`` and the other ``PG*`` variables); a
password written in the URL is used for this connection only and never stored: the
library's :attr:`~ServerHome.location` (shown, and remembered among recent libraries) has
none. TLS is used whenever the server offers it (``sslmode=prefer`` unless the URL says
otherwise); every statement is parameterised.

Writers from every client take turns per transaction under one advisory lock
(``pg_advisory_xact_lock``): a long import by one person never shuts out another's
curation, each curation step sees the one before it (no lost update), and readers never
wait. A role that may not insert articles (the reporter role of ``sourcedesk server init``)
opens the library read-only.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from ..errors import LibraryError
from ..store.db import SchemaError, check_version, migrate, session_factory
from .originals import DatabaseOriginals
from .schema import create_server_objects
from .textsearch import PostgresIndex

#: The advisory lock every write transaction of a server library takes.
WRITE_LOCK_KEY = 0x5D0C_0002
#: How long a write transaction waits for another client's before giving up.
LOCK_TIMEOUT = "120s"


def server_url(address: str) -> URL:
    """The SQLAlchemy URL (psycopg 3) of a ``postgresql://`` address, TLS preferred."""
    url = make_url(address.strip())
    if url.get_backend_name() not in ("postgresql", "postgres"):
        raise LibraryError(f"not a PostgreSQL address: {shown_location(address)}")
    url = url.set(drivername="postgresql+psycopg")
    query = dict(url.query)
    if "sslmode" not in query:
        query["sslmode"] = "prefer"
    query.setdefault("application_name", "sourcedesk")
    return url.set(query=query)


def shown_location(address: str | URL) -> str:
    """The address without a password and without the driver: what is shown and stored."""
    try:
        url = make_url(address) if isinstance(address, str) else address
    except Exception:
        return "postgresql://…"
    query = {k: v for k, v in url.query.items() if k not in ("password", "application_name")}
    if query.get("sslmode") == "prefer":
        query.pop("sslmode")
    # URL.set() leaves a field alone when given None: the password must be replaced, or it
    # is shown (and remembered among recent libraries) with the address
    url = url._replace(password=None).set(drivername="postgresql", query=query)
    return url.render_as_string(hide_password=False)


def _cache_folder(location: str) -> Path:
    from platformdirs import user_cache_dir

    key = hashlib.sha256(location.encode("utf-8")).hexdigest()[:16]
    return Path(user_cache_dir("Sourcedesk", appauthor=False)) / "servers" / key


class AdvisoryWriteLock:
    """The library's write lock for this process's writing thread (see the module)."""

    def __init__(self, home: ServerHome) -> None:
        self.home = home

    def acquire(self, wait_s: float | None, on_wait: Any = None) -> bool:
        """Mark this thread as the writer; its transactions take the advisory lock. Nothing
        is ever left to tidy: a write's transaction is all of it."""
        self.home.writer_thread = threading.get_ident()
        return False

    def release(self) -> None:
        """This thread writes no more."""
        self.home.writer_thread = None


class ServerHome:
    """Where a server library lives (see the module)."""

    kind = "server"

    def __init__(self, address: str) -> None:
        self.url = server_url(address)
        self.location = shown_location(self.url)
        self.name = f"{self.url.database or '?'} on {self.url.host or 'this computer'}"
        self.root = _cache_folder(self.location)
        self.read_only_reason: str | None = None
        self.provenance: str | None = None
        self.writer_thread: int | None = None
        self._local = threading.local()
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None

    # -- the store ----------------------------------------------------------------------

    def open_store(self) -> Engine:
        """Connect, create the library in an empty database (when the role may), upgrade
        it, and learn who we are and whether we may write."""
        engine = create_engine(self.url, pool_pre_ping=True, pool_size=4, max_overflow=8)
        try:
            self._open(engine)
        except LibraryError:
            engine.dispose()
            raise
        except OperationalError as exc:
            engine.dispose()
            raise LibraryError(f"cannot connect to {self.location}: {_reason(exc)}") from exc
        except DBAPIError as exc:
            engine.dispose()
            raise LibraryError(f"cannot open the library {self.location}: {_reason(exc)}") from exc
        except Exception as exc:  # e.g. a schema upgrade that failed (and was rolled back)
            engine.dispose()
            raise LibraryError(f"cannot open the library {self.location}: {exc}") from exc
        self._engine = engine
        return engine

    def _open(self, engine: Engine) -> None:
        with engine.connect() as conn:
            self.provenance = str(conn.execute(text("SELECT current_user")).scalar_one())
            exists = inspect(conn).has_table("documents")
            writable = exists and bool(
                conn.execute(
                    text("SELECT has_table_privilege(current_user, 'documents', 'INSERT')")
                ).scalar_one()
            )
        try:
            if exists and not writable:
                self.read_only_reason = f"your role ({self.provenance}) may only read this library"
                check_version(engine)
                return
            migrate(engine, on_create=create_server_objects)
        except SchemaError as exc:
            raise LibraryError(str(exc)) from exc
        except ProgrammingError as exc:  # e.g. permission denied for schema public
            if not exists:
                raise LibraryError(
                    f"{self.location} holds no Sourcedesk library, and your role "
                    f"({self.provenance}) may not make one: ask the database's owner to run "
                    f"`sourcedesk server init` ({_reason(exc)})"
                ) from exc
            raise LibraryError(
                f"the library {self.location} needs an upgrade that your role may not make: "
                "ask its administrator to run `sourcedesk server init` with this version"
            ) from exc

    def session_factory(self, engine: Engine) -> sessionmaker[Session]:
        """Sessions that record who writes, and take the write lock inside ``writing()``."""
        sessions = session_factory(engine, self.provenance)
        event.listen(sessions, "after_begin", self._after_begin)
        event.listen(sessions, "after_transaction_end", self._after_end)
        self._sessions = sessions
        return sessions

    def _after_begin(self, session: Session, transaction: SessionTransaction, conn: Any) -> None:
        if self.writer_thread != threading.get_ident():
            return
        held: set[int] = self._local.__dict__.setdefault("held", set())
        if not held:  # this thread's outer write transaction takes it for all of them
            conn.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
        held.add(id(session))

    def _after_end(self, session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is None:
            self._local.__dict__.get("held", set()).discard(id(session))

    # -- the rest of the library --------------------------------------------------------

    def _sessions_or_fail(self) -> sessionmaker[Session]:
        if self._sessions is None:
            raise RuntimeError("open the store first")
        return self._sessions

    def originals(self) -> DatabaseOriginals:
        """The ``originals`` table; "Open original" copies into this computer's cache."""
        return DatabaseOriginals(self._sessions_or_fail(), self.root / "originals")

    def open_index(self, read_only: bool) -> PostgresIndex:
        """Full-text search inside the database."""
        return PostgresIndex(self._sessions_or_fail())

    def write_lock(self) -> AdvisoryWriteLock:
        """The advisory lock of this library's write transactions."""
        return AdvisoryWriteLock(self)

    def sizes(self) -> tuple[int, int, int]:
        """Bytes of the database (all of it), of the full-text index, of the originals."""
        with self._sessions_or_fail()() as session:
            row = session.execute(
                text(
                    "SELECT pg_database_size(current_database()), "
                    "pg_total_relation_size('search_words') "
                    "+ pg_total_relation_size('search_lexemes'), "
                    "pg_total_relation_size('originals')"
                )
            ).one()
        return int(row[0]), int(row[1]), int(row[2])

    def close(self) -> None:
        """The library's engine is disposed by the library."""


def _reason(exc: DBAPIError) -> str:
    """The server's own words, on one line."""
    orig = getattr(exc, "orig", None) or exc
    return " ".join(str(orig).split())


__all__ = ["ServerHome", "WRITE_LOCK_KEY", "server_url", "shown_location"]
