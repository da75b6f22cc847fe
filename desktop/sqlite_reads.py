"""The read side's questions answered with the sqlite3 module: no ORM on the search path.

Every query here is written once in SQL with parameters (nothing of the user's is ever
pasted into it); each answers a question of :class:`~desktop.reads.Reads` exactly as the
SQLAlchemy statements of :mod:`desktop.orm_reads` do. One connection per thread (sqlite3
connections are not shared across threads), opened read-only on a medium Sourcedesk
cannot write to. Long lists of ids travel as one JSON parameter (``json_each``), not as
thousands of bound values.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from search.query import JoinedTexts
from search.sqlite_files import read_only_uri

from .reads import (
    CHUNK_ARTICLES,
    GENERATION_SQL,
    DocumentRow,
    HitRow,
    MentionRow,
    Named,
    NamedRow,
    int_rows,
    parse_date,
    parse_datetime,
)

if TYPE_CHECKING:
    from queue import SimpleQueue

T = TypeVar("T")
R = TypeVar("R")

_LIVE = "e.ignored = 0 AND e.merged_into IS NULL"
_IDS = "(SELECT value FROM json_each(?))"


def _ids(values: Iterable[int]) -> str:
    return json.dumps([int(v) for v in values])


def _marks(values: Collection[object]) -> str:
    return ",".join("?" * len(values))


class SqliteReads:
    """Answers for one SQLite library file (see :class:`desktop.reads.Reads`)."""

    def __init__(self, db_path: Path, read_only: bool = False) -> None:
        self.db_path = Path(db_path)
        self.read_only = read_only
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Reads in flight, per thread: close() (the window closing a library) waits for the
        # other threads' reads to end. Closing a connection while another thread is inside
        # one of its statements crashed the process (a segmentation fault in SQLite).
        self._busy = threading.Condition()
        self._active: dict[int, int] = {}
        self._closed = False
        self._pool: _Reader | None = None

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            # each thread reads through its own connection; only close() (from whichever
            # thread closes the library) touches the others, hence check_same_thread
            if self.read_only:
                conn = sqlite3.connect(
                    read_only_uri(self.db_path),
                    uri=True,
                    isolation_level=None,
                    check_same_thread=False,
                )
            else:
                conn = sqlite3.connect(self.db_path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout=10000")
            self._local.conn = conn
            self._local.depth = 0
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self, wait_s: float = 10.0) -> None:
        """Close every thread's connection, once the reads other threads are in have ended
        (a read that starts after this is refused like one on a closed connection)."""
        me = threading.get_ident()
        with self._busy:
            self._closed = True
            self._busy.wait_for(
                lambda: not any(n for t, n in self._active.items() if t != me), wait_s
            )
            with self._lock:
                for conn in self._all:
                    conn.close()
                self._all.clear()
                pool, self._pool = self._pool, None
        self._local = threading.local()
        if pool is not None:
            pool.stop()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection, counted as in use until the block ends."""
        me = threading.get_ident()
        with self._busy:
            if self._closed:
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
            self._active[me] = self._active.get(me, 0) + 1
        try:
            yield self._conn()
        finally:
            with self._busy:
                self._active[me] -= 1
                if not self._active[me]:
                    del self._active[me]
                self._busy.notify_all()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Everything read inside sees one state of the store (one read transaction)."""
        with self._reading() as conn:
            outer = self._local.depth == 0
            if outer:
                conn.execute("BEGIN")
            self._local.depth += 1
            try:
                yield
            finally:
                self._local.depth -= 1
                if outer:
                    conn.execute("COMMIT")

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        with self._reading() as conn:
            return conn.execute(sql, tuple(params)).fetchall()

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        """Rows of a plain SELECT with ``?`` parameters."""
        return self._rows(sql, params)

    def _scalar(self, sql: str, params: Sequence[object] = ()) -> object:
        with self._reading() as conn:
            row = conn.execute(sql, tuple(params)).fetchone()
        return row[0] if row else None

    def schema_version(self) -> int:
        """The schema version stored in the database header (``PRAGMA user_version``)."""
        return int(self._scalar("PRAGMA user_version") or 0)  # type: ignore[call-overload]

    def revisions(self) -> frozenset[str]:
        """The Alembic revisions the library is at (empty before Alembic)."""
        try:
            return frozenset(
                str(r) for (r,) in self._rows("SELECT version_num FROM alembic_version")
            )
        except sqlite3.OperationalError:  # no such table
            return frozenset()

    # -- state and facets -------------------------------------------------------------------

    def generation(self) -> tuple[int, ...]:
        """Changes whenever any process commits documents, mentions or curation.

        Asked again on a connection that has seen no commit since (SQLite's
        ``data_version``: another connection's commit, in this process or any other,
        changes it), the last answer, without its eight counts (0.56 of 0.61 ms of
        finding the facet arrays current at 100,000 articles, twice a search). The version
        is read first: a commit between the two makes the next call count again; never
        keeps an older state under a newer version."""
        with self._reading() as conn:
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            kept = getattr(self._local, "generation", None)
            if kept is not None and kept[0] == version:
                return kept[1]
            row = conn.execute(GENERATION_SQL).fetchone()
        value = tuple(int(v or 0) for v in row)
        self._local.generation = (version, value)
        return value

    def max_document_id(self) -> int:
        """The highest document id (0 for an empty library)."""
        return int(self._scalar("SELECT max(id) FROM documents") or 0)  # type: ignore[call-overload]

    def facet_documents(self) -> np.ndarray:
        """(id, source or -1, date ordinal or 0) of every document not in the trash."""
        listed = self._scalar(
            "SELECT group_concat(id || ',' || COALESCE(source_id, -1) || ',' || "
            "COALESCE(CAST(julianday(published) - 1721424.5 AS INTEGER), 0)) FROM documents "
            "WHERE trashed_at IS NULL"
        )
        return int_rows(listed, 3)  # type: ignore[arg-type]

    def facet_pairs(self, kinds: Collection[str]) -> np.ndarray:
        """Distinct (document, entity) of the entities of ``kinds`` not ignored."""
        kinds = sorted(kinds)
        # Read in the order of the (entity, document) index, an entity at a time: its
        # repeated documents come one after another and GROUP BY drops them as they pass.
        # DISTINCT over the pairs as text sorted every mention in a temporary tree: at
        # 100,000 articles (1.28 million mentions) 755 -> 222 ms for the actors, 533 -> 101
        # for the places, the same pairs.
        listed = self._scalar(
            "SELECT group_concat(m.document_id || ',' || m.entity_id) FROM (SELECT "
            "document_id, entity_id FROM mentions WHERE entity_id IN (SELECT id FROM entities "
            f"WHERE ignored = 0 AND kind IN ({_marks(kinds)})) GROUP BY entity_id, document_id) m",
            kinds,
        )
        return int_rows(listed, 2)  # type: ignore[arg-type]

    def entity_labels(self, kinds: Collection[str]) -> list[tuple[int, str, str]]:
        """(id, name, kind) of the live entities of ``kinds``."""
        kinds = sorted(kinds)
        return self._rows(
            f"SELECT e.id, e.name, e.kind FROM entities e WHERE e.kind IN ({_marks(kinds)}) "
            f"AND {_LIVE}",
            kinds,
        )

    def source_labels(self) -> list[Named]:
        """(id, name) of every outlet."""
        return self._rows("SELECT id, name FROM sources")

    # -- spellings ----------------------------------------------------------------------------

    def _live(self, kinds: Collection[str], where: str, params: Sequence[object]) -> list[Named]:
        # "+e.kind": the kind only filters; the rows are found through ``where``'s index (the
        # spelling, the folded name), not by reading every person of the library for each
        # name (SQLite chose the kind index for a name list's unknown names)
        kinds = sorted(kinds)
        return self._rows(
            f"SELECT e.id, e.name FROM entities e WHERE +e.kind IN ({_marks(kinds)}) AND {_LIVE} "
            f"AND {where} ORDER BY e.id",
            [*kinds, *params],
        )

    def entities_by_keys(self, kinds: Collection[str], keys: Collection[str]) -> list[Named]:
        """Live entities of ``kinds`` with a spelling of that kind among ``keys``."""
        kinds, keys = sorted(kinds), sorted(keys)
        return self._live(
            kinds,
            "e.id IN (SELECT a.entity_id FROM aliases a WHERE "
            f"a.kind IN ({_marks(kinds)}) AND a.key IN ({_marks(keys)}))",
            [*kinds, *keys],
        )

    def has_entities(self, kinds: Collection[str]) -> bool:
        """Whether the library holds any live entity of ``kinds`` (not ignored or merged)."""
        kinds = sorted(kinds)
        return bool(
            self._rows(
                f"SELECT 1 FROM entities e WHERE e.kind IN ({_marks(kinds)}) AND {_LIVE} LIMIT 1",
                kinds,
            )
        )

    def entities_by_like(self, kinds: Collection[str], like: str) -> list[Named]:
        """Live entities of ``kinds`` with a spelling whose key is LIKE ``like``."""
        return self._live(
            kinds, "e.id IN (SELECT a.entity_id FROM aliases a WHERE a.key LIKE ? ESCAPE '\\')",
            [like],
        )  # fmt: skip

    def people_by_fold(self, kinds: Collection[str], fold_key: str, surname: bool) -> list[Named]:
        """Live people whose folded full name (or surname) is ``fold_key``."""
        column = "e.surname_key" if surname else "e.fold_key"
        return self._live(kinds, f"{column} = ? AND +e.kind = 'person'", [fold_key])

    def sources_by_keys(self, keys: Collection[str]) -> list[Named]:
        """Outlets whose key is one of ``keys``."""
        keys = sorted(keys)
        return self._rows(
            f"SELECT id, name FROM sources WHERE key IN ({_marks(keys)}) ORDER BY id", keys
        )

    def sources_by_like(self, like: str) -> list[Named]:
        """Outlets whose key is LIKE ``like``."""
        return self._rows(
            "SELECT id, name FROM sources WHERE key LIKE ? ESCAPE '\\' ORDER BY id", [like]
        )

    # -- documents ----------------------------------------------------------------------------

    def literal_rows(
        self, ids: Sequence[int], columns: Sequence[str], like: str
    ) -> Iterator[tuple[int, ...]]:
        """(id, columns…) of the documents among ``ids`` with a column LIKE ``like``."""
        cols = [c for c in columns if c in ("title", "text")]  # our own names, checked
        match = " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in cols)
        with self._reading() as conn:
            yield from conn.execute(
                f"SELECT id, {', '.join(cols)} FROM documents WHERE id IN {_IDS} AND ({match})",
                [_ids(ids), *([like] * len(cols))],
            )

    def literal_chunks(
        self, ids: Sequence[int], columns: Sequence[str], like: str
    ) -> Iterator[JoinedTexts]:
        """:meth:`literal_rows` joined by SQLite (``group_concat``: one value a column for a
        piece of articles, not a Python string a text), each piece read on this reader's
        own thread while the one before is counted: the step that reads a piece lets go of
        the interpreter, and the counting holds it ("the company said" at 100k: 45.8-48.6
        -> 27.1-30.6 ms to read and count its 8,244 candidates; read a row at a time, the
        two threads handed the interpreter back and forth a row at a time, slower than one)."""
        cols = [c for c in columns if c in ("title", "text")]  # our own names, checked
        pieces = [list(ids[i : i + CHUNK_ARTICLES]) for i in range(0, len(ids), CHUNK_ARTICLES)]
        if not pieces or not cols:
            return
        if len(pieces) == 1:
            yield self._joined(pieces[0], cols, like)
            return
        yield from self._reader().map(lambda piece: self._joined(piece, cols, like), pieces)

    def _joined(self, ids: Sequence[int], cols: list[str], like: str) -> JoinedTexts:
        """One piece of :meth:`literal_chunks`."""
        n = len(cols)
        # (a NULL would be left out by group_concat: none is stored, but none is assumed)
        sizes = ", ".join(f"group_concat(length(CAST(coalesce({c}, '') AS BLOB)))" for c in cols)
        texts = ", ".join(f"CAST(group_concat(coalesce({c}, ''), char(0)) AS BLOB)" for c in cols)
        where, params = f"id IN {_IDS}", [_ids(ids)]
        if like != "%":  # ("%": every text, the pairs' candidates; 1 of ~20 ms at 100k)
            match = " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in cols)
            where, params = f"{where} AND ({match})", [*params, *([like] * n)]
        with self._reading() as conn:
            try:
                row = conn.execute(
                    f"SELECT group_concat(id), {sizes}, {texts} FROM documents WHERE {where}",
                    params,
                ).fetchone()
            except sqlite3.DataError:  # "string or blob too big": texts of hundreds of MB
                return JoinedTexts.of_rows(list(self.literal_rows(ids, cols, like)), n)
        if row[0] is None:  # none of them holds the words
            return JoinedTexts.empty(n)
        return JoinedTexts(  # (parsed by numpy: 1.9 -> 0.5 ms of 8,262 articles)
            int_rows(row[0], 1).ravel(),
            tuple(row[1 + n + j] for j in range(n)),
            tuple(int_rows(row[1 + j], 1).ravel() for j in range(n)),
        )

    def _reader(self) -> _Reader:
        """The thread that reads the next piece of texts while a search counts the last
        (one, made when first needed; a forked child makes its own)."""
        with self._lock:
            if self._closed:  # (no thread made for a library that has closed)
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
            if self._pool is None or not self._pool.alive():
                self._pool = _Reader()
            return self._pool

    def hit_rows(self, ids: Sequence[int]) -> list[HitRow]:
        """Result rows of these documents."""
        rows = self._rows(
            "SELECT d.id, d.filename, d.title, s.name, d.published, d.text, d.author "
            f"FROM documents d LEFT JOIN sources s ON s.id = d.source_id WHERE d.id IN {_IDS}",
            [_ids(ids)],
        )
        return [HitRow(i, f, t, s, parse_date(p), x, a) for i, f, t, s, p, x, a in rows]

    def named_rows(self, doc_ids: Sequence[int], entity_ids: Collection[int]) -> list[NamedRow]:
        """Mentions of these entities in these documents, by document and start."""
        return self._rows(
            'SELECT m.document_id, m.start, m."end", m.text, e.id, e.name FROM mentions m '
            f"JOIN entities e ON e.id = m.entity_id WHERE m.document_id IN {_IDS} "
            f"AND m.entity_id IN {_IDS} ORDER BY m.document_id, m.start",
            [_ids(doc_ids), _ids(entity_ids)],
        )

    def document(self, doc_id: int) -> DocumentRow | None:
        """One document's stored fields, or None."""
        rows = self._rows(
            "SELECT d.id, d.filename, d.title, s.name, d.source_raw, d.author, d.published, "
            "d.published_from, d.language, d.format, d.text, d.original_sha256, "
            "d.original_path, d.imported_at, d.url, d.entities_status, d.edited, d.trashed_at, "
            "d.entities_version IS NULL AND d.entities_status IS NULL "
            "FROM documents d LEFT JOIN sources s ON s.id = d.source_id WHERE d.id = ?",
            [int(doc_id)],
        )
        if not rows:
            return None
        r = rows[0]
        return DocumentRow(
            r[0], r[1], r[2], r[3], r[4], r[5], parse_date(r[6]), r[7], r[8], r[9], r[10],
            r[11], r[12], parse_datetime(r[13]) or dt.datetime.min, r[14], r[15], r[16],
            r[17] is not None, bool(r[18]),
        )  # fmt: skip

    def mentions(self, doc_id: int) -> list[MentionRow]:
        """The mentions of one document's entities that are not ignored, by start."""
        return self._rows(
            'SELECT m.start, m."end", m.text, e.kind, e.name, m.entity_id, m.id, m.link, '
            "m.link_detail FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE m.document_id = ? AND e.ignored = 0 ORDER BY m.start, m.id",
            [int(doc_id)],
        )


class _Reader:
    """One thread that runs what it is given in order: the next pieces of a phrase's texts
    while the search counts the last (a thread and a queue: ``concurrent.futures`` would
    cost a ``search`` process 7.7 ms of imports)."""

    def __init__(self) -> None:
        from queue import SimpleQueue  # (here: a search without a long phrase needs none)

        self._queue = SimpleQueue
        self._tasks: SimpleQueue[Any] = SimpleQueue()
        self._pid = os.getpid()
        self._thread = threading.Thread(target=self._run, name="sourcedesk-texts", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (task := self._tasks.get()) is not None:
            read, item, out, stopped = task
            if stopped:  # a search that gave up: its other pieces are not read
                continue
            try:
                out.put((True, read(item)))
            except BaseException as exc:  # handed to the search that asked
                out.put((False, exc))

    def map(self, read: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """``read`` of each of ``items`` on the thread, in order, as each is ready."""
        out: SimpleQueue[tuple[bool, Any]] = self._queue()
        stopped: list[bool] = []  # true once not empty (checked by the thread, unlocked)
        for item in items:
            self._tasks.put((read, item, out, stopped))
        try:
            for _ in items:
                ok, value = out.get()
                if not ok:
                    raise value
                yield value
        finally:
            stopped.append(True)

    def alive(self) -> bool:
        """Whether its thread runs in this process (not in a forked child's copy)."""
        return self._pid == os.getpid() and self._thread.is_alive()

    def stop(self) -> None:
        """End the thread once what it was given is done."""
        self._tasks.put(None)
