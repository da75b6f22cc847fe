"""The two answerers of the read side's questions give the same answers: sqlite3 straight
(every SQLite library) and SQLAlchemy (any other database the store may live in)."""

from __future__ import annotations

import sqlite3

import numpy as np

from desktop.entities.names import name_key
from desktop.lookup import like_pattern
from desktop.orm_reads import OrmReads
from desktop.sqlite_reads import SqliteReads

PLACES = ("place",)
ACTORS = ("person", "organization")


def test_sqlite_and_orm_reads_agree_on_every_question(seed_library) -> None:
    lib = seed_library
    fast = SqliteReads(lib.root / "library.sqlite", read_only=True)
    orm = OrmReads(lib.sessions)
    try:
        ids = sorted(int(i) for i in fast.facet_documents()[:, 0])
        assert len(ids) == 5
        assert fast.generation() == orm.generation()
        assert fast.max_document_id() == orm.max_document_id()
        assert np.array_equal(fast.facet_documents(), orm.facet_documents())
        for kinds in (PLACES, ACTORS):
            fp, op = fast.facet_pairs(kinds), orm.facet_pairs(kinds)
            assert len(fp) and np.array_equal(np.unique(fp, axis=0), np.unique(op, axis=0))
            assert len(np.unique(fp, axis=0)) == len(fp)  # each (document, entity) once
            assert sorted(fast.entity_labels(kinds)) == sorted(orm.entity_labels(kinds))
        assert sorted(fast.source_labels()) == sorted(orm.source_labels())
        kyiv = fast.entities_by_keys(PLACES, {name_key("Kyiv")})
        assert [n for _, n in kyiv] == ["Kyiv"]
        assert kyiv == orm.entities_by_keys(PLACES, {name_key("Kyiv")})
        like = like_pattern("Kh*")
        assert fast.entities_by_like(PLACES, like) == orm.entities_by_like(PLACES, like)
        assert fast.entities_by_like(PLACES, like)  # Kherson, Kharkiv...
        assert fast.sources_by_like(like_pattern("*")) == orm.sources_by_like(like_pattern("*"))
        assert sorted(fast.literal_rows(ids, ["title", "text"], "%kherson%")) == sorted(
            orm.literal_rows(ids, ["title", "text"], "%kherson%")
        )
        assert sorted(fast.hit_rows(ids), key=lambda r: r.id) == sorted(
            orm.hit_rows(ids), key=lambda r: r.id
        )
        entity_ids = [i for i, _ in kyiv]
        assert fast.named_rows(ids, entity_ids) == orm.named_rows(ids, entity_ids)
        for doc_id in ids:
            assert fast.document(doc_id) == orm.document(doc_id)
            assert fast.mentions(doc_id) == orm.mentions(doc_id)
        assert fast.document(10_000) is None and orm.document(10_000) is None
    finally:
        fast.close()


def test_facet_pairs_are_read_in_index_order_not_sorted(seed_library) -> None:
    """The facet pairs come off the (entity, document) index with their repeats dropped as
    they pass: no temporary tree sorts every mention (at 100,000 articles 0.8 s of the
    window's 1.8 s facet build after each change, 0.3 s without)."""
    fast = SqliteReads(seed_library.root / "library.sqlite", read_only=True)
    statements: list[str] = []
    try:
        conn = fast._conn()
        conn.set_trace_callback(statements.append)
        for kinds in (PLACES, ACTORS):
            assert len(fast.facet_pairs(kinds))
        conn.set_trace_callback(None)
        reads = [s for s in statements if "group_concat" in s]
        assert len(reads) == 2
        for sql in reads:
            plan = " | ".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "ix_mentions_entity_document" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
    finally:
        fast.close()


CLOSE_DURING_READS = """
import sqlite3, sys, threading
from desktop.library import Library
from desktop.querying import SearchRequest

for round_ in range(15):
    lib = Library.open(sys.argv[1])
    started, refused = threading.Event(), []

    def search():
        started.set()
        try:
            while True:
                lib.searcher.search(SearchRequest("Kherson"))
                lib.searcher.invalidate()  # every round reads the store again
        except sqlite3.ProgrammingError as exc:
            refused.append(str(exc))
        except Exception as exc:  # the index closing under it is fine too
            refused.append(type(exc).__name__)

    worker = threading.Thread(target=search)
    worker.start()
    started.wait()
    lib.close()
    worker.join(5)
    assert refused, "the search went on after close"
print("ok")
"""


def test_closing_a_library_while_another_thread_searches_never_crashes(
    seed_library_dir, tmp_path
) -> None:
    """The window closes a library (or opens another) while a search runs on its reader
    thread: the search is refused, the process lives (it had died of a segmentation fault
    in SQLite, the connection closed under a running statement)."""
    import shutil
    import subprocess
    import sys

    lib = tmp_path / "lib"
    shutil.copytree(seed_library_dir, lib, ignore=shutil.ignore_patterns("write.lock"))
    res = subprocess.run(
        [sys.executable, "-c", CLOSE_DURING_READS, str(lib)],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr[-3000:]


def test_a_name_is_looked_up_through_its_index_not_by_reading_every_entity(
    seed_library,
) -> None:
    """A name list's unknown names fall back to the folded names: each lookup reads the
    folded-name index (SQLite had chosen the kind index and read every person, seconds per
    list at 100,000 articles)."""
    fast = SqliteReads(seed_library.root / "library.sqlite", read_only=True)
    orm = OrmReads(seed_library.sessions)
    statements: list[str] = []
    try:
        assert fast.people_by_fold(ACTORS, "fedorov", surname=True) == orm.people_by_fold(
            ACTORS, "fedorov", surname=True
        )
        conn = fast._conn()
        conn.set_trace_callback(statements.append)
        assert fast.people_by_fold(ACTORS, "nobody atall", surname=False) == []
        assert fast.people_by_fold(ACTORS, "atall", surname=True) == []
        assert fast.entities_by_keys(ACTORS, {name_key("Nobody Atall")}) == []
        conn.set_trace_callback(None)
        plans = [
            " ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql))
            for sql in statements
            if sql.lstrip().upper().startswith("SELECT")
        ]
        assert len(plans) == 3
        assert "ix_entities_fold_key" in plans[0] and "ix_entities_surname_key" in plans[1]
        assert "sqlite_autoindex_aliases" in plans[2]
        assert not any("SCAN e" in p or "ix_entities_kind" in p for p in plans), plans
    finally:
        fast.close()


def _calls_of(monkeypatch, name: str) -> list[int]:
    """The size of what each call of numpy's ``name`` is given, from here on."""
    import desktop.reads as reads

    sizes: list[int] = []
    real = getattr(np, name)

    def counted(data, *args, **kwargs):  # type: ignore[no-untyped-def]
        sizes.append(len(data))
        return real(data, *args, **kwargs)

    monkeypatch.setattr(reads.np, name, counted)
    return sizes


def test_large_id_lists_are_converted_in_slices_a_window_can_wait_for(monkeypatch) -> None:
    """numpy holds the GIL through one conversion: at 100,000 articles the actors' pairs
    (4.8 MB of text) and the versions (93,000 rows) held a window's GUI thread 18 and 26 ms
    after a curation. The same arrays, a slice at a time."""
    from desktop.reads import _ROWS_AT_ONCE, _TEXT_AT_ONCE, int_array, int_rows

    rng = np.random.default_rng(7)
    pairs = rng.integers(0, 10**9, size=(300_000, 2))
    listed = ",".join(map(str, pairs.ravel().tolist()))
    assert len(listed) > 3 * _TEXT_AT_ONCE
    parsed = _calls_of(monkeypatch, "fromstring")
    assert np.array_equal(int_rows(listed, 2), pairs)
    assert len(parsed) > 3 and max(parsed) <= _TEXT_AT_ONCE + 20  # ends at a comma
    rows = [tuple(r) for r in pairs.tolist()]
    converted = _calls_of(monkeypatch, "array")
    assert np.array_equal(int_array(rows, 2), pairs)
    assert len(converted) == -(-len(rows) // _ROWS_AT_ONCE) and max(converted) <= _ROWS_AT_ONCE
    # the edges: nothing, one value, a text shorter than a slice
    assert int_rows("", 2).shape == (0, 2) and int_array([], 2).shape == (0, 2)
    assert int_rows("5", 1).tolist() == [[5]]
    assert int_rows("1,2,3,4", 2).tolist() == [[1, 2], [3, 4]]


def _table(chunks) -> list[tuple[int, tuple[bytes, ...]]]:
    """Each article of joined pieces with its texts cut back out, in order."""
    out = []
    for chunk in chunks:
        cut = []
        for joined, sizes in zip(chunk.texts, chunk.sizes, strict=True):
            ends = np.cumsum(sizes + 1) - 1
            cut.append(
                [joined[e - s : e] for s, e in zip(sizes.tolist(), ends.tolist(), strict=True)]
            )
        out += [(int(i), tuple(t)) for i, *t in zip(chunk.ids, *cut, strict=True)]
    return out


def test_literal_texts_come_joined_in_pieces_as_stored(seed_library, monkeypatch) -> None:
    """A phrase's candidates come as pieces of joined texts: through SQLite (the pieces
    after the first read on the reader's own thread) exactly the articles and texts the
    rows give, in UTF-8, as SQLAlchemy's pieces give them; a piece SQLite cannot make in
    one value (too big) comes from the rows instead."""
    import desktop.sqlite_reads as sqlite_reads

    monkeypatch.setattr(sqlite_reads, "CHUNK_ARTICLES", 2)
    fast = SqliteReads(seed_library.root / "library.sqlite", read_only=True)
    orm = OrmReads(seed_library.sessions)
    try:
        ids = sorted(int(i) for i in fast.facet_documents()[:, 0])
        rows = sorted(fast.literal_rows(ids, ["title", "text"], "%"))
        want = [(i, (t.encode(), x.encode())) for i, t, x in rows]
        chunks = list(fast.literal_chunks(ids, ["title", "text"], "%"))
        assert [len(c.ids) for c in chunks] == [2, 2, 1]
        assert _table(chunks) == want
        assert sorted(_table(orm.literal_chunks(ids, ["title", "text"], "%"))) == want
        kherson = sorted(r[0] for r in fast.literal_rows(ids, ["text"], "%kherson%"))
        assert 0 < len(kherson) < len(ids)
        assert [i for i, _ in _table(fast.literal_chunks(ids, ["text"], "%kherson%"))] == kherson
        assert _table(fast.literal_chunks(ids, ["title"], "%no such words%")) == []

        longest = max(len(x) for _, texts in want for x in texts)
        assert sum(len(x) for _, (_, x) in want) > longest + 1  # the joined texts: too big
        fast._conn().setlimit(sqlite3.SQLITE_LIMIT_LENGTH, longest + 1)  # this thread's
        assert _table([fast._joined(ids, ["title", "text"], "%")]) == want
    finally:
        fast.close()


def test_a_search_that_stops_reading_leaves_nothing_to_read(seed_library, monkeypatch) -> None:
    """A search that gives up after the first piece (an error while counting) has the
    pieces not yet begun left unread, and the library then closes with its reader's
    thread ended."""
    import threading
    import time

    import desktop.sqlite_reads as sqlite_reads

    monkeypatch.setattr(sqlite_reads, "CHUNK_ARTICLES", 1)
    fast = SqliteReads(seed_library.root / "library.sqlite", read_only=True)
    ids = sorted(int(i) for i in fast.facet_documents()[:, 0])
    read = []
    joined = fast._joined

    def slow(piece, *args):
        read.append(piece)
        time.sleep(0.1)
        return joined(piece, *args)

    monkeypatch.setattr(fast, "_joined", slow)
    pieces = fast.literal_chunks(ids, ["text"], "%")
    assert len(next(pieces).ids) == 1
    pieces.close()  # while the second piece is being read
    time.sleep(0.5)
    assert len(read) <= 2  # of five: the first, and the one begun as it gave up (if any)
    fast.close()
    deadline = time.monotonic() + 5
    while any(t.name == "sourcedesk-texts" for t in threading.enumerate()):
        assert time.monotonic() < deadline, "the reader's thread outlived its library"
        time.sleep(0.01)


def test_the_generation_follows_every_commit_and_a_repeat_asks_only_the_version(
    fresh_seed_library,
) -> None:
    """The generation (what says the facet arrays are current, twice a search) is counted
    again only after a commit by another connection: this process's library, or any other
    process (a raw connection here); asked again with none between, SQLite is asked only
    its ``data_version``."""
    lib = fresh_seed_library
    reads = SqliteReads(lib.root / "library.sqlite")  # as the window opens it: read-write
    try:
        first = reads.generation()
        asked: list[str] = []
        reads._conn().set_trace_callback(asked.append)
        assert reads.generation() == first
        assert asked == ["PRAGMA data_version"]

        lib.ignore_entity("Kyiv")  # a curation step, committed by the library's connection
        cured = reads.generation()
        assert cured != first and len(asked) == 3  # the version, then the counts again
        assert reads.generation() == cured

        other = sqlite3.connect(lib.root / "library.sqlite")
        with other:
            other.execute("UPDATE documents SET trashed_at = '2026-12-06' WHERE id = 1")
        other.close()
        trashed = reads.generation()
        assert trashed != cured and trashed[2] == cured[2] + 1  # one more in the trash
        assert trashed == OrmReads(lib.sessions).generation()
    finally:
        reads.close()
