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


def test_an_import_on_its_own_sqlite_connection_writes_the_rows_a_session_writes(
    tmp_path: Path,
) -> None:
    """An import's files go in on a SQLite connection of the import's own (the statements
    compiled once, desktop/ingest/storewrites.py); the same files stored one by one through
    a session (SQLAlchemy Core, as on a server) make the same rows: a date, a time, an
    outlet new to the library, a duplicate and the index's queue alike."""
    from desktop.ingest.files import read_file
    from desktop.ingest.pipeline import Importer, ImportReport
    from tests.helpers import SEEDS

    files = tmp_path / "files"
    files.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (files / seed.name).write_bytes(seed.read_bytes())
    (files / "page.html").write_text(
        "<html><head><title>Port of Odesa reopens</title>"
        '<meta property="og:site_name" content="Harbour Gazette">'
        '<meta name="author" content="Olena Kovalenko">'
        '<meta property="article:published_time" content="2024-03-07T09:30:00Z">'
        "</head><body><article><p>The port of Odesa reopened on Thursday, officials in "
        "Kyiv said, after weeks of repairs to the grain terminal.</p></article></body></html>",
        encoding="utf-8",
    )
    (files / "page2.html").write_text(  # the same outlet again: found, not made twice
        "<html><head><title>Grain ships leave Odesa</title>"
        '<meta property="og:site_name" content="Harbour Gazette">'
        "</head><body><article><p>Three grain ships left the port of Odesa on Friday, the "
        "harbour master said, the first since the terminal reopened.</p></article></body>"
        "</html>",
        encoding="utf-8",
    )
    first = sorted(SEEDS.glob("*.txt"))[0]
    (files / "zz-same-text.txt").write_text(first.read_text("utf-8") + "\n\n", "utf-8")
    paths = sorted(files.iterdir())

    with Library.open(tmp_path / "run") as lib:  # Importer.run: the import's connection
        ran = lib.import_paths([files], entities=False)
    with Library.open(tmp_path / "stored") as lib:  # Importer.store: through a session
        one_by_one = ImportReport()
        importer = Importer(lib.sessions, lib.originals)
        with lib.writing():
            for path in paths:
                importer.store(path, *read_file(path), one_by_one)

    assert [f.filename for f in ran.imported] == [f.filename for f in one_by_one.imported]
    assert len(ran.imported) == 7 and [d.id for d in ran.duplicates] == [1]
    assert [d.id for d in one_by_one.duplicates] == [1]

    def rows(folder: str) -> dict[str, list[tuple[object, ...]]]:
        con = sqlite3.connect(tmp_path / folder / "library.sqlite")
        columns = [c[1] for c in con.execute("PRAGMA table_info(documents)")]
        kept = ", ".join(c for c in columns if c != "imported_at")
        return {
            "documents": con.execute(f"SELECT {kept} FROM documents ORDER BY id").fetchall(),
            "imported_at": con.execute(
                "SELECT typeof(imported_at), length(imported_at) FROM documents"
            ).fetchall(),
            "sources": con.execute("SELECT * FROM sources ORDER BY id").fetchall(),
        }

    ran_rows, stored_rows = rows("run"), rows("stored")
    assert ran_rows == stored_rows
    page = [r for r in ran_rows["documents"] if r[1] == "page.html"][0]
    assert "2024-03-07" in page and "Harbour Gazette" in [s[1] for s in ran_rows["sources"]]
    assert ran_rows["imported_at"] == [("text", 26)] * 7  # "YYYY-MM-DD HH:MM:SS.ffffff"
    gazette = [s for s in ran_rows["sources"] if s[1] == "Harbour Gazette"]
    assert len(gazette) == 1
    con = sqlite3.connect(tmp_path / "run" / "library.sqlite")
    pages = "SELECT source_id FROM documents WHERE filename LIKE 'page%'"
    assert con.execute(pages).fetchall() == [(gazette[0][0],)] * 2
