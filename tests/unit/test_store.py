"""The store: schema versions, migrations, refusal of newer libraries, originals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.library import Library, LibraryError
from desktop.store import SCHEMA_VERSION, OriginalStore, sha256_hex


def test_new_library_has_current_schema_version(tmp_path: Path) -> None:
    Library.open(tmp_path).close()
    con = sqlite3.connect(tmp_path / "library.sqlite")
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "entities", "aliases", "mentions", "sources", "index_queue"} <= tables


def test_library_from_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    Library.open(tmp_path).close()
    db = tmp_path / "library.sqlite"
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(LibraryError, match="newer Sourcedesk"):
        Library.open(tmp_path)
    assert db.read_bytes() == before


def test_a_foreign_database_is_not_taken_over(tmp_path: Path) -> None:
    con = sqlite3.connect(tmp_path / "library.sqlite")
    con.execute("CREATE TABLE documents (x)")
    con.commit()
    con.close()
    with pytest.raises(LibraryError, match="not a Sourcedesk library"):
        Library.open(tmp_path)


def test_originals_are_content_addressed_and_verified(tmp_path: Path) -> None:
    store = OriginalStore(tmp_path / "originals")
    digest = store.put(b"hello")
    assert digest == sha256_hex(b"hello")
    assert store.put(b"hello") == digest
    assert store.get(digest) == b"hello"
    assert store.verify(digest)
    store.path_for(digest).write_bytes(b"tampered")
    assert not store.verify(digest)
    assert not list((tmp_path / "originals").rglob(".tmp-*"))


def test_imported_originals_are_kept_byte_for_byte(seed_library: Library) -> None:
    from tests.helpers import SEEDS

    with seed_library.sessions() as session:
        from sqlalchemy import select

        from desktop.store import Document

        docs = session.scalars(select(Document)).all()
    assert len(docs) == 5
    for doc in docs:
        kept = seed_library.original_file(doc.id).read_bytes()
        assert kept == (SEEDS / doc.filename).read_bytes()
