"""``sourcedesk server init``: a database set up for a newsroom, with two group roles.

Run once by the database's owner (the role that will own the library's tables)::

    createdb -O OWNER newsroom                       # as a PostgreSQL superuser
    sourcedesk server init postgresql://OWNER@HOST/newsroom

It creates the library (tables, full-text search, the trusted ``unaccent`` extension) and
two group roles (NOLOGIN) that people are made members of; the owner needs CREATEROLE for
that, or an administrator creates the two roles first (``CREATE ROLE sourcedesk_editor
NOLOGIN``; init then only grants):

- ``sourcedesk_reporter``: search, read, export (SELECT on everything). Sourcedesk opens the
  library read-only for them; the server itself refuses their writes.
- ``sourcedesk_editor``: the reporter's rights, and import, curate, edit, remove (INSERT,
  UPDATE, DELETE; the sequences). Schema upgrades stay with the owner.

People log in as themselves, so the history (``provenance``) names who did what::

    CREATE ROLE alice LOGIN;  GRANT sourcedesk_editor TO alice;
    CREATE ROLE bob LOGIN;    GRANT sourcedesk_reporter TO bob;

Their passwords live where libpq looks (``~/.pgpass``, a service file, ``PGPASSWORD``),
never in Sourcedesk. :func:`grant_sql` is the SQL that is run (``--print-sql`` shows it).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from .role_names import EDITOR, REPORTER


def grant_sql(database: str, reporter: str = REPORTER, editor: str = EDITOR) -> list[str]:
    """The statements that give the two roles their rights on a library (names quoted)."""
    db, rep, ed = (_ident(n) for n in (database, reporter, editor))
    return [
        f"GRANT CONNECT ON DATABASE {db} TO {rep}, {ed}",
        f"GRANT USAGE ON SCHEMA public TO {rep}, {ed}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {rep}, {ed}",
        f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ed}",
        f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {ed}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ed}",
        # tables a later revision adds get the same rights (when the owner upgrades)
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {rep}, {ed}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT INSERT, UPDATE, DELETE ON TABLES TO {ed}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {ed}",
    ]


def _ident(name: str) -> str:
    """A quoted SQL identifier (role and database names cannot be bound parameters)."""
    if not name or "\x00" in name or len(name) > 63:
        raise ValueError(f"not a PostgreSQL name: {name!r}")
    return '"' + name.replace('"', '""') + '"'


def ensure_roles(conn: Connection, reporter: str = REPORTER, editor: str = EDITOR) -> list[str]:
    """Create the two group roles where missing (needs CREATEROLE); the ones created."""
    made = []
    for role in (reporter, editor):
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        if exists.first() is None:
            conn.execute(text(f"CREATE ROLE {_ident(role)} NOLOGIN"))
            made.append(role)
    return made


def init_server(address: str, reporter: str = REPORTER, editor: str = EDITOR) -> list[str]:
    """Create (or upgrade) the library at ``address`` and grant the roles; what was done."""
    from ..errors import LibraryError
    from ..library import Library

    with Library.open(address) as lib:
        if lib.read_only:
            raise LibraryError(
                f"{lib.location}: your role ({lib.home.provenance}) may only read it; "
                "run `server init` as the database's owner"
            )
        done = [f"library ready at {lib.location}"]
        database = str(lib.db.url.database)
        try:
            with lib.db.begin() as conn:
                made = ensure_roles(conn, reporter, editor)
                for statement in grant_sql(database, reporter, editor):
                    conn.execute(text(statement))
        except Exception as exc:
            reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
            raise LibraryError(f"cannot set up the roles: {reason}") from exc
    done += [f"created role {r}" for r in made]
    done.append(f"granted {reporter} (read) and {editor} (read and write)")
    return done


__all__ = ["EDITOR", "REPORTER", "ensure_roles", "grant_sql", "init_server"]
