"""Schema migrations with Alembic: new libraries at the head, old ones upgraded in place."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.library import Library, LibraryError
from desktop.querying import SearchRequest
from desktop.store import SCHEMA_VERSION, create_store_engine, migrate, migrations
from desktop.store.models import Base

DATA = Path(__file__).parents[1] / "data"


def _revisions(db: Path) -> set[str]:
    con = sqlite3.connect(db)
    try:
        return {r[0] for r in con.execute("SELECT version_num FROM alembic_version")}
    finally:
        con.close()


def _legacy_library(folder: Path, dump: str, version: int) -> Path:
    """A library as an earlier Sourcedesk left it: its SQL dump and ``PRAGMA user_version``."""
    folder.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(folder / "library.sqlite")
    con.executescript((DATA / dump).read_text("utf-8"))
    con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()
    return folder


def test_a_new_library_is_created_at_the_head(tmp_path: Path) -> None:
    Library.open(tmp_path).close()
    assert _revisions(tmp_path / "library.sqlite") == set(migrations.heads())
    con = sqlite3.connect(tmp_path / "library.sqlite")
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()


def test_a_library_made_by_the_last_version_before_alembic_upgrades_in_place(
    tmp_path: Path,
) -> None:
    """Three seeds, a merge, a rename, an ignored entity, an edit and a trashed article,
    made by the code of schema 7: all of it is there after the upgrade, and undo still works."""
    root = _legacy_library(tmp_path / "lib", "library_v7.sql", 7)
    with Library.open(root) as lib:
        result = lib.searcher.search(SearchRequest(limit=10))
        assert result.total == 2  # the third is in the trash
        assert [t.id for t in lib.documents.trashed()] == [3]
        places = {e.name for e in lib.entities(kind="place")}
        assert "Zaporizhzhia" not in places and "Bakhmut" not in places
        assert {"Melitopol", "Dnipro River"} <= places
        assert lib.searcher.document(1).source == "Reuters"
        merged = lib.searcher.search(SearchRequest("place:Zaporizhzhia"))
        assert (
            merged.ids.tolist()
            == lib.searcher.search(SearchRequest("place:Melitopol")).ids.tolist()
        )
        assert lib.pending_entities() == 0
        lib.undo_curation()  # the trash, logged by the old version
        assert lib.documents.trashed() == []
        lib.rename_entity("Melitopol", "Melitopol city")
    assert _revisions(root / "library.sqlite") == set(migrations.heads())
    con = sqlite3.connect(root / "library.sqlite")
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()


@pytest.mark.parametrize(("dump", "version"), [("library_v1.sql", 1), ("library_v7.sql", 7)])
def test_a_migrated_library_has_the_schema_of_a_new_one(
    tmp_path: Path, dump: str, version: int
) -> None:
    """The revisions and the models describe one schema: Alembic's comparison (whose SQLite
    reflection misses ``ON DELETE`` of inline references), then SQLite's own description of
    every column, index and reference beside a new library's."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    root = _legacy_library(tmp_path, dump, version)
    engine = create_store_engine(root / "library.sqlite")
    try:
        migrate(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert [d for d in diff if d[0] not in ("add_fk", "remove_fk")] == []
    Library.open(tmp_path / "new").close()
    assert _described(root / "library.sqlite") == _described(tmp_path / "new" / "library.sqlite")


def _described(db: Path) -> dict[str, object]:
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out: dict[str, object] = {}
        for t in sorted(tables):
            if t == "alembic_version":
                continue
            cols = sorted(
                (r[1], r[2].upper(), r[3], r[5]) for r in con.execute(f"PRAGMA table_info({t})")
            )
            fks = sorted(
                (r[2], r[3], r[4], r[6]) for r in con.execute(f"PRAGMA foreign_key_list({t})")
            )
            indexes = sorted(
                (r[2], tuple(c[2] for c in con.execute(f"PRAGMA index_info('{r[1]}')")))
                for r in con.execute(f"PRAGMA index_list({t})")
            )
            out[t] = (cols, fks, indexes)
        return out
    finally:
        con.close()


def test_a_library_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    Library.open(tmp_path).close()
    db = tmp_path / "library.sqlite"
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(LibraryError, match="newer Sourcedesk"):
        Library.open(tmp_path)
    assert db.read_bytes() == before


def _with_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> str:
    """The project's revisions plus one more after the head, with ``body`` as its upgrade."""
    versions = tmp_path / "versions"
    shutil.copytree(migrations.VERSIONS_DIR, versions)
    (head,) = migrations.heads()
    rev = f"{int(head) + 1:04d}"
    (versions / f"{rev}_test.py").write_text(
        f'"""A test revision."""\nfrom alembic import op\nimport sqlalchemy as sa\n\n'
        f"revision = {rev!r}\ndown_revision = {head!r}\n\n\ndef upgrade():\n{body}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrations, "VERSIONS_DIR", versions)
    migrations._graph.cache_clear()
    return rev


def test_a_new_revision_runs_when_a_library_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Library.open(tmp_path / "lib").close()
    rev = _with_revision(
        tmp_path,
        monkeypatch,
        "    with op.batch_alter_table('documents') as batch:\n"
        "        batch.add_column(sa.Column('note', sa.Text()))",
    )
    engine = create_store_engine(tmp_path / "lib" / "library.sqlite")
    try:
        assert migrate(engine) == SCHEMA_VERSION
        with engine.connect() as conn:
            cols = {r[1] for r in conn.execute(text("PRAGMA table_info(documents)"))}
    finally:
        engine.dispose()
    assert "note" in cols
    assert _revisions(tmp_path / "lib" / "library.sqlite") == {rev}


def test_a_failing_revision_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Library.open(tmp_path / "lib").close()
    before = _revisions(tmp_path / "lib" / "library.sqlite")
    _with_revision(
        tmp_path,
        monkeypatch,
        "    op.add_column('documents', sa.Column('half', sa.Text()))\n"
        "    raise RuntimeError('disk on fire')",
    )
    with pytest.raises(LibraryError):
        Library.open(tmp_path / "lib")
    con = sqlite3.connect(tmp_path / "lib" / "library.sqlite")
    assert "half" not in {r[1] for r in con.execute("PRAGMA table_info(documents)")}
    con.close()
    assert _revisions(tmp_path / "lib" / "library.sqlite") == before


def test_a_developer_adds_a_revision_after_the_head(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.store.migrations.__main__ import main

    package = tmp_path / "migrations"
    shutil.copytree(
        migrations.MIGRATIONS_DIR, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(migrations, "MIGRATIONS_DIR", package)
    monkeypatch.setattr(migrations, "VERSIONS_DIR", package / "versions")
    migrations._graph.cache_clear()
    (head,) = migrations.heads()
    assert main(["new", "Tags and collections"]) == 0
    migrations._graph.cache_clear()
    written = sorted((package / "versions").glob("*_tags_and_collections.py"))
    assert len(written) == 1 and written[0].name.startswith(f"{int(head) + 1:04d}_")
    assert migrations.revision_graph()[f"{int(head) + 1:04d}"] == (head,)
    Library.open(tmp_path / "lib").close()  # an empty revision upgrades nothing, harms nothing
    assert _revisions(tmp_path / "lib" / "library.sqlite") == {f"{int(head) + 1:04d}"}


def test_the_lean_reader_knows_the_head_revision() -> None:
    """A search process opens only a library at this head (desktop/store_version.py); a
    new revision must move it, or every search would take the slow path (or a wrong one)."""
    from desktop.store.migrations import heads
    from desktop.store_version import HEAD_REVISION

    assert heads() == {HEAD_REVISION}
