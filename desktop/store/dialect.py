"""The few reads and writes whose SQL differs between SQLite and PostgreSQL.

Everything else goes through the shared SQLAlchemy models. These are the bulk readers
behind the facet arrays (a whole library's ids, dates and entity pairs, read without a
Python object per row), the check that another process changed the library, the
substring test that narrows a quoted phrase's candidates, and insert-or-ignore.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Table, and_, func, text, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..reads import GENERATION_SQL
from .db import int_table

#: The proleptic ordinal (``date.toordinal()``) of 1970-01-01.
_EPOCH_ORDINAL = 719163


def is_postgres(session: Session) -> bool:
    """Whether the session talks to PostgreSQL (a server library)."""
    return session.get_bind().dialect.name == "postgresql"


def pg_int_rows(session: Session, query: str, columns: int) -> np.ndarray:
    """Rows of ``columns`` bigints from PostgreSQL's binary COPY, parsed by numpy.

    Every field must be a non-null ``bigint``: each row is then a 2-byte field count and
    ``columns`` times (4-byte length, 8-byte value), all big-endian.
    """
    raw = session.connection().connection.driver_connection
    assert raw is not None
    buf = bytearray()
    with raw.cursor() as cur, cur.copy(f"COPY ({query}) TO STDOUT (FORMAT BINARY)") as copy:
        for block in copy:
            buf += block
    header = 11 + 4  # signature, flags
    (extension,) = struct.unpack_from(">I", buf, header)
    body = memoryview(buf)[header + 4 + extension : len(buf) - 2]  # minus the -1 trailer
    fields = [("n", ">i2")]
    for i in range(columns):
        fields += [(f"l{i}", ">i4"), (f"v{i}", ">i8")]
    rows = np.frombuffer(body, dtype=np.dtype(fields))
    if not len(rows):
        return np.zeros((0, columns), dtype=np.int64)
    return np.column_stack([rows[f"v{i}"].astype(np.int64) for i in range(columns)])


def pg_stream(
    session: Session, query: str, params: dict[str, Any], size: int = 200
) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query`` (SQLAlchemy's ``:name`` parameters) as plain tuples, straight
    from psycopg, ``size`` at a time as PostgreSQL produces them: the caller works on the
    first rows while the server still reads the next, and no row object of SQLAlchemy's is
    made (~2 µs a row). At 100,000 articles, a quoted phrase's candidates with their texts,
    checked as they come: "prime minister" 56 -> 43 ms, "the company said" 163 -> 104 ms
    against reading them all first. The statement's own text has no ``:word`` inside a
    quoted literal (it would be taken for a parameter)."""
    raw = session.connection().connection.driver_connection
    assert raw is not None
    driver_sql = _PARAM.sub(r"%(\1)s", query.replace("%", "%%"))
    with raw.cursor() as cur:
        yield from cur.stream(driver_sql, params, size=size)


_PARAM = re.compile(r"(?<![:\w]):(\w+)")


def document_rows(session: Session) -> np.ndarray:
    """(id, source id or -1, proleptic ordinal of the date or 0) of every article not in the
    trash (an article in the trash is found by nothing)."""
    if is_postgres(session):
        return pg_int_rows(
            session,
            "SELECT id::bigint, COALESCE(source_id, -1)::bigint, "
            f"COALESCE(published - DATE '1970-01-01' + {_EPOCH_ORDINAL}, 0)::bigint "
            "FROM documents WHERE trashed_at IS NULL",
            3,
        )
    return int_table(
        session,
        "SELECT group_concat(id || ',' || COALESCE(source_id, -1) || ',' || "
        "COALESCE(CAST(julianday(published) - 1721424.5 AS INTEGER), 0)) FROM documents "
        "WHERE trashed_at IS NULL",
        3,
    )


def entity_pairs(session: Session, kinds: tuple[str, ...]) -> np.ndarray:
    """Distinct (document id, entity id) pairs of the entities of ``kinds`` not ignored."""
    wanted = ",".join(f"'{k}'" for k in sorted(kinds) if k.isalpha())  # our own constants
    if is_postgres(session):
        return pg_int_rows(
            session,
            "SELECT DISTINCT m.document_id::bigint, m.entity_id::bigint FROM mentions m "
            f"JOIN entities e ON e.id = m.entity_id WHERE NOT e.ignored AND e.kind IN ({wanted})",
            2,
        )
    return int_table(
        session,
        "SELECT group_concat(pair) FROM (SELECT DISTINCT m.document_id || ',' || "
        "m.entity_id AS pair FROM mentions m JOIN entities e ON e.id = m.entity_id "
        f"WHERE e.ignored = 0 AND e.kind IN ({wanted}))",
        2,
    )


def document_ids(session: Session) -> np.ndarray:
    """Every document id (the trash included), as an array."""
    if is_postgres(session):
        return pg_int_rows(session, "SELECT id::bigint FROM documents", 1)[:, 0]
    return int_table(session, "SELECT group_concat(id) FROM documents")[:, 0]


def generation(session: Session) -> tuple[int, ...]:
    """Changes whenever any process commits documents, mentions or curation (O(1) lookups).

    A server library counts its changes in ``library_state`` (triggers, in the writer's
    own transaction, so the count and the change become visible together); called first
    in a session, it makes the session one read-only snapshot."""
    if is_postgres(session):
        if not session.in_transaction():
            # the count and the facet arrays read after it in this session: one snapshot,
            # or a writer committing in between gives arrays of two different moments
            session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        row = session.execute(
            text("SELECT generation, appended, reshaped FROM library_state")
        ).first()
        # (every change, articles ever added, every other change): see server/facet_rows.py
        return (int(row[0]), int(row[1]), int(row[2])) if row else (0, 0, 0)
    row = session.execute(text(GENERATION_SQL)).one()
    return tuple(int(v or 0) for v in row)


def contains_all(session: Session, column: Any, words: list[str]) -> ColumnElement[bool]:
    """The column's text (lower-cased) holds every one of ``words`` (lower case).

    Only a narrowing before the exact test in Python: words with letters beyond ASCII are
    left to that test, since the databases' ``lower()`` may not fold them as Python does.
    """
    plain = [w for w in words if w.isascii()]
    if not plain:
        return true()
    lowered = func.lower(column)
    if is_postgres(session):
        return and_(*(func.strpos(lowered, w) > 0 for w in plain))
    return and_(*(func.instr(lowered, w) > 0 for w in plain))


def insert_ignoring_conflicts(session: Session, table: Table | Any) -> Any:
    """``INSERT ... ON CONFLICT DO NOTHING`` for the session's database (call
    ``.values(...)`` on it, then execute)."""
    insert = postgresql.insert if is_postgres(session) else sqlite.insert
    return insert(table).on_conflict_do_nothing()


def next_ids(session: Session, table: str, count: int) -> list[int]:
    """``count`` new ids for rows of ``table`` that are inserted with explicit ids.

    PostgreSQL takes them from the table's sequence (concurrent writers never collide, and
    later ORM inserts never reuse them); SQLite continues after the largest id (the caller
    holds SQLite's write lock)."""
    if count <= 0:
        return []
    if is_postgres(session):
        rows = session.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table, "n": count},
        )
        return [int(r[0]) for r in rows]
    start = int(session.execute(text(f"SELECT COALESCE(max(id), 0) FROM {table}")).scalar_one())
    return list(range(start + 1, start + 1 + count))
