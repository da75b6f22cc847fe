"""A newsroom library on a PostgreSQL server: roles, several writers at once, a killed
client, and push/pull between a laptop and the server.

Every test runs against a database of the session's throwaway cluster
(tests/helpers/pgcluster.py) and skips, saying why, where PostgreSQL cannot run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import ProgrammingError

from desktop.cli import main
from desktop.library import Library, LibraryError
from desktop.maintenance import check
from desktop.querying import SearchRequest
from desktop.server.home import server_url
from desktop.store import Document
from desktop.store_version import HEAD_REVISION
from tests.hardening.test_crash import make_articles
from tests.helpers import ROOT, SEEDS

pytestmark = pytest.mark.server


def writer(url: str, folder: Path, entities: bool) -> subprocess.Popen[str]:
    """Another laptop: a process of its own that imports ``folder`` into the server."""
    script = textwrap.dedent(
        f"""
        from desktop.library import Library
        with Library.open({url!r}) as lib:
            lib.write_wait_s = None  # queue behind the other writers
            report = lib.import_paths([{str(folder)!r}], entities={entities!r})
        assert not report.failed, report.failed
        print(len(report.imported))
        """
    )
    return subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def articles(folder: Path, prefix: str, n: int) -> Path:
    """``n`` small articles whose words differ from another folder's (``prefix``)."""
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"{prefix}{i:03d}.txt").write_text(
            f"{prefix.title()} report {i} from Kyiv\n\n"
            f"Officials in Kyiv said the {prefix} convoy {i} reached Odesa on Monday.\n",
            encoding="utf-8",
        )
    return folder


def test_server_init_sets_up_roles_and_a_reporter_may_not_import(pg_cluster, tmp_path) -> None:
    owner = f"newsroom_owner_{os.getpid()}"
    pg_cluster.psql(f"CREATE ROLE {owner} LOGIN CREATEROLE")
    pg_cluster.psql(f"CREATE DATABASE {owner} OWNER {owner}")
    owner_url = pg_cluster.url(owner, user=owner)
    assert main(["server", "init", owner_url]) == 0
    assert main(["server", "init", owner_url]) == 0  # a second run changes nothing
    editor, reporter = f"alice_{os.getpid()}", f"bob_{os.getpid()}"
    pg_cluster.psql(f"CREATE ROLE {editor} LOGIN; GRANT sourcedesk_editor TO {editor}")
    pg_cluster.psql(f"CREATE ROLE {reporter} LOGIN; GRANT sourcedesk_reporter TO {reporter}")

    with Library.open(pg_cluster.url(owner, user=editor)) as lib:
        assert not lib.read_only
        report = lib.import_paths(sorted(SEEDS.glob("*.txt"))[:2])
        assert len(report.imported) == 2 and not report.failed
        (kherson,) = [e for e in lib.entities(kind="place") if e.name == "Kherson"][:1] or [None]
        if kherson is not None:
            lib.rename_entity(kherson.id, "Kherson city")
        with lib.sessions() as session:
            assert set(session.scalars(select(Document.imported_by))) == {editor}
            who = session.execute(text("SELECT DISTINCT provenance FROM curation_log")).all()
            assert who in ([], [(editor,)])

    with Library.open(pg_cluster.url(owner, user=reporter)) as lib:
        assert lib.read_only and reporter in (lib.read_only_reason or "")
        assert lib.searcher.search(SearchRequest()).total == 2  # reading works
        with pytest.raises(LibraryError, match="read-only"):
            lib.import_paths(sorted(SEEDS.glob("*.txt"))[2:3])
        assert lib.searcher.search(SearchRequest()).total == 2

    # the server itself refuses the reporter's writes, whatever the client
    engine = create_engine(server_url(pg_cluster.url(owner, user=reporter)))
    try:
        with pytest.raises(ProgrammingError, match="permission denied"), engine.begin() as conn:
            conn.execute(text("DELETE FROM documents"))
    finally:
        engine.dispose()
    assert main(["--library", pg_cluster.url(owner, user=reporter), "stats"]) == 0


def test_two_laptops_import_at_once_and_nothing_is_lost(pg_databases, tmp_path) -> None:
    url = pg_databases.empty()
    a = articles(tmp_path / "a", "alpha", 25)
    b = articles(tmp_path / "b", "bravo", 25)
    procs = [writer(url, a, entities=True), writer(url, b, entities=True)]
    with Library.open(url) as lib:
        while any(p.poll() is None for p in procs):  # searches during the imports
            lib.searcher.search(SearchRequest("officials"))
            time.sleep(0.05)
        for p in procs:
            out, err = p.communicate()
            assert p.returncode == 0, err[-2000:]
            assert out.strip() == "25"
        lib.searcher.invalidate()
        assert lib.searcher.search(SearchRequest("officials")).total == 50
        assert lib.searcher.search(SearchRequest("bravo")).total == 25
        kyiv = [e for e in lib.entities(kind="place") if e.name == "Kyiv"]
        assert len(kyiv) == 1, "both writers found Kyiv: one entity, not two"
        facets = dict(lib.searcher.search(SearchRequest(limit=0)).facets["place"])
        assert facets.get("Kyiv") == 50
        report = check(lib)
        assert report.healthy, [f for f in report.findings if not f.ok]


def test_a_killed_client_leaves_no_half_article(pg_databases, tmp_path) -> None:
    url = pg_databases.empty()
    folder = make_articles(tmp_path / "many", 600)
    proc = writer(url, folder, entities=False)
    engine = create_engine(server_url(url))
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                stored = conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
            if stored >= 20 or proc.poll() is not None:
                break
            time.sleep(0.05)
    finally:
        engine.dispose()
    os.killpg(proc.pid, signal.SIGKILL)  # the laptop's lid closes mid-import
    proc.communicate()
    with Library.open(url) as lib:
        with lib.sessions() as session:
            before = session.execute(
                text(
                    "SELECT count(*), count(w.document_id), count(o.sha256) FROM documents d "
                    "LEFT JOIN search_words w ON w.document_id = d.id "
                    "LEFT JOIN originals o ON o.sha256 = d.original_sha256"
                )
            ).one()
            loose = session.execute(
                text(
                    "SELECT count(*) FROM originals o WHERE NOT EXISTS "
                    "(SELECT 1 FROM documents d WHERE d.original_sha256 = o.sha256)"
                )
            ).scalar_one()
        stored = before[0]
        assert 0 < stored < 600, "the kill came mid-import"
        assert before[1] == stored and before[2] == stored, "every article whole: text, original"
        assert loose == 0, "no original without its article"
        assert lib.searcher.search(SearchRequest("officials")).total == stored
        assert check(lib).healthy
        report = lib.import_paths([folder], entities=False)
        assert len(report.imported) == 600 - stored and len(report.duplicates) == stored
        assert lib.searcher.search(SearchRequest("officials")).total == 600


def test_push_and_pull_copy_each_article_once(
    pg_databases, seed_library_dir: Path, tmp_path: Path, capsys
) -> None:
    import shutil

    server = pg_databases.empty()
    laptop = tmp_path / "laptop"
    shutil.copytree(seed_library_dir, laptop, ignore=shutil.ignore_patterns("write.lock"))
    with Library.open(laptop) as lib:
        first = lib.searcher.all_ids(SearchRequest()).tolist()[0]
        lib.documents.edit([first], title="A title corrected in the field")

    assert main(["--library", str(laptop), "push", "--to", server, "--no-entities"]) == 0
    assert "copied 5 articles (0 already there, 1 with corrected metadata)" in (
        capsys.readouterr().out
    )
    assert main(["--library", str(laptop), "push", "--to", server]) == 0
    assert "copied 0 articles (5 already there)" in capsys.readouterr().out
    with Library.open(server) as lib:
        assert lib.stats().documents == 5
        found = lib.searcher.search(SearchRequest('"corrected in the field"'))
        assert found.total == 1

    elsewhere = tmp_path / "colleague"
    assert main(["--library", str(elsewhere), "pull", "--from", server, "--no-entities"]) == 0
    assert "copied 5 articles" in capsys.readouterr().out
    assert main(["--library", str(elsewhere), "pull", "--from", server, "--no-entities"]) == 0
    assert "copied 0 articles (5 already there)" in capsys.readouterr().out
    with Library.open(elsewhere) as lib:
        assert lib.stats().documents == 5
        assert lib.searcher.search(SearchRequest('"corrected in the field"')).total == 1


def test_two_editors_renaming_one_entity_take_turns_and_undo_in_order(
    pg_databases, pg_seed_template
) -> None:
    import threading

    url = pg_databases.copy_of(pg_seed_template)
    libs = [Library.open(url), Library.open(url)]
    try:
        (place,) = [e for e in libs[0].entities(kind="place") if e.name == "Kherson"]
        go = threading.Barrier(2)
        errors: list[BaseException] = []

        def rename(lib: Library, name: str) -> None:
            go.wait()
            try:
                lib.rename_entity(place.id, name)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [
            threading.Thread(target=rename, args=(lib, name))
            for lib, name in zip(libs, ("Kherson city", "Kherson oblast"), strict=True)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        with libs[0].sessions() as session:
            steps = (
                session.execute(text("SELECT summary FROM curation_log ORDER BY id"))
                .scalars()
                .all()
            )
        # one after the other: the second saw the first's name (no lost update)
        assert len(steps) == 2 and steps[0].startswith("renamed Kherson to ")
        first_name = steps[0].removeprefix("renamed Kherson to ")
        assert steps[1].startswith(f"renamed {first_name} to ")
        last_name = steps[1].removeprefix(f"renamed {first_name} to ")
        names = {e.name for e in libs[1].entities(kind="place")}
        assert last_name in names and "Kherson" not in names
        libs[1].undo_curation()
        assert first_name in {e.name for e in libs[0].entities(kind="place")}
        libs[0].undo_curation()
        assert "Kherson" in {e.name for e in libs[1].entities(kind="place")}
    finally:
        for lib in libs:
            lib.close()


def test_a_server_library_upgrades_in_place_and_a_failing_revision_changes_nothing(
    pg_databases, pg_seed_template, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.unit.test_migrations import _with_revision

    url = pg_databases.copy_of(pg_seed_template)  # made by this version, with articles
    bad = pg_databases.copy_of(pg_seed_template)
    rev = _with_revision(
        tmp_path,
        monkeypatch,
        "    with op.batch_alter_table('documents') as batch:\n"
        "        batch.add_column(sa.Column('note', sa.Text()))",
    )
    with Library.open(url) as lib:  # the next revision runs when it is opened
        with lib.sessions() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).all() == [
                (rev,)
            ]
            assert session.execute(text("SELECT count(note) FROM documents")).scalar() == 0
        assert lib.searcher.search(SearchRequest("Kherson")).total > 0  # search survived

    monkeypatch.undo()
    from desktop.store import migrations

    migrations._graph.cache_clear()
    _with_revision(
        tmp_path / "again",
        monkeypatch,
        "    op.add_column('documents', sa.Column('half', sa.Text()))\n"
        "    raise RuntimeError('disk on fire')",
    )
    with pytest.raises(LibraryError):
        Library.open(bad)
    engine = create_engine(server_url(bad))
    try:
        with engine.connect() as conn:
            cols = (
                conn.execute(
                    text(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_name = 'documents'"
                    )
                )
                .scalars()
                .all()
            )
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    assert "half" not in cols and version == HEAD_REVISION


def test_backup_is_one_pg_dump_that_restores_into_a_new_database(
    pg_cluster, pg_databases, pg_seed_template, tmp_path: Path
) -> None:
    from desktop.maintenance import backup
    from desktop.server.maintenance import pg_dump_program

    url = pg_databases.copy_of(pg_seed_template)
    with Library.open(url) as lib:
        assert backup(lib, tmp_path / "bk") == 5
        assert check(lib).healthy
    dump = tmp_path / "bk" / "library.pgdump"
    assert "pg_restore" in (tmp_path / "bk" / "README.txt").read_text("utf-8")
    name = f"restored_{os.getpid()}"
    pg_cluster.psql(f"CREATE DATABASE {name}")
    restore = str(Path(pg_dump_program()).with_name("pg_restore"))
    done = subprocess.run(
        [restore, "--no-owner", "-h", str(pg_cluster.socket_dir), "-U", "sourcedesk_admin",
         "-d", name, str(dump)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with Library.open(pg_cluster.url(name)) as lib:
        assert lib.stats().documents == 5
        assert lib.searcher.search(SearchRequest("Kherson")).total > 0
        assert check(lib).healthy


def test_an_unknown_name_is_looked_up_through_the_folded_name_index(pg_databases) -> None:
    """A name list's unknown names fall back to the folded names. Right after an import,
    before PostgreSQL has statistics of the new rows, it had chosen the kind index and read
    every person for each name; the kind is now only a filter (as in sqlite_reads)."""
    from sqlalchemy import event

    from desktop.orm_reads import OrmReads

    url = pg_databases.empty()
    with Library.open(url) as lib:
        with lib.sessions() as session:
            session.execute(
                text(
                    "INSERT INTO entities (kind, name, ignored, user_set, fold_key, surname_key) "
                    "SELECT (ARRAY['person','organization','place'])[1 + g % 3], 'Name ' || g, "
                    "false, false, 'name ' || g, 'surname' || g FROM generate_series(1, 30000) g"
                )
            )
            session.commit()
        reads = OrmReads(lib.sessions)
        sent: list[tuple[str, object]] = []
        engine = lib.db

        def keep(conn, cursor, statement, params, context, many):  # type: ignore[no-untyped-def]
            sent.append((statement, params))

        event.listen(engine, "before_cursor_execute", keep)
        try:
            assert reads.people_by_fold(("person", "organization"), "nobody", surname=False) == []
            assert reads.people_by_fold(("person", "organization"), "name 3", surname=False) == [
                (3, "Name 3")
            ]
        finally:
            event.remove(engine, "before_cursor_execute", keep)
        statement, params = next((s, p) for s, p in sent if "fold_key" in s)
        with lib.sessions() as session:
            raw = session.connection().connection.cursor()
            raw.execute("EXPLAIN " + statement, params)
            plan = " ".join(row[0] for row in raw.fetchall())
        assert "ix_entities_fold_key" in plan and "ix_entities_kind" not in plan, plan
