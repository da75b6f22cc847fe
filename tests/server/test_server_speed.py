"""A server library's speed work keeps its answers: bounded ranking, facet arrays that grow
with imports, phrases narrowed by PostgreSQL, and the revision that brings a 0009 library
there (desktop/server/ranking.py, facet_rows.py, revision 0010)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from desktop.library import Library
from desktop.querying import FacetData, SearchRequest
from desktop.server import ranking
from desktop.server.facet_rows import grown, only_appended
from desktop.server.home import server_url
from desktop.store_version import HEAD_REVISION

pytestmark = pytest.mark.server

MONTHS = ("January", "February", "March", "April", "May", "June")
OUTLETS = ("Kyiv Independent", "Reuters", "The Guardian")


def write(folder: Path, name: str, title: str, body: str, n: int = 0) -> None:
    """One article file as the benchmark writes them: title, date line, outlet, body."""
    folder.mkdir(parents=True, exist_ok=True)
    head = f"{title}\n{MONTHS[n % len(MONTHS)]} {n % 27 + 1}, 2023\nSource: {OUTLETS[n % 3]}"
    (folder / f"{name}.txt").write_text(f"{head}\n\n{body}\n", encoding="utf-8")


def reports(folder: Path, prefix: str, n: int, start: int = 0) -> Path:
    for i in range(start, start + n):
        write(
            folder,
            f"{prefix}{i:03d}",
            f"{prefix.title()} harbour report {i}",
            f"Officials counted {i} ships and grain {i} at the port {prefix} on Monday.",
            i,
        )
    return folder


def titles(lib: Library, query: str) -> set[str]:
    res = lib.searcher.search(SearchRequest(query, limit=1000))
    assert res.total == len(res.hits)
    return {h.title for h in res.hits}


def test_bounded_ranking_keeps_the_best_title_match_first_and_every_match(
    pg_databases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = pg_databases.empty()
    with Library.open(url) as lib:
        old = tmp_path / "old"
        write(old, "a", "Grain corridor reopens", "Ships sailed from the port on Monday.")
        assert len(lib.import_paths([old], entities=False).imported) == 1
        lib.import_paths([reports(tmp_path / "new", "east", 30)], entities=False)
        unbounded = lib.searcher.search(SearchRequest("grain", limit=40))
        monkeypatch.setattr(ranking, "RANKED_NEWEST", 5)  # 31 matches: 5 newest + titles
        bounded = lib.searcher.search(SearchRequest("grain", limit=40))
    assert bounded.total == unbounded.total == 31
    # the oldest article, the only one with the word in its title, is still the best
    assert bounded.hits[0].title == unbounded.hits[0].title == "Grain corridor reopens"
    assert sorted(bounded.ids.tolist()) == sorted(unbounded.ids.tolist())  # each once
    # the title match and the 5 newest are ranked; the others follow, newest first
    assert [h.score > 0 for h in bounded.hits] == [True] * 6 + [False] * 25
    dates = [h.published for h in bounded.hits[6:]]
    assert dates == sorted(dates, reverse=True)


def test_facets_grow_with_imports_and_equal_a_full_read(pg_databases, tmp_path: Path) -> None:
    url = pg_databases.empty()
    with Library.open(url) as writer, Library.open(url) as reader:
        writer.import_paths([reports(tmp_path / "one", "west", 9)], entities=False)
        first = reader.searcher.search(SearchRequest("grain"))
        assert first.total == 9
        before = reader.searcher.reads.generation()
        kept = reader.searcher.facet_data()
        writer.import_paths([reports(tmp_path / "two", "south", 7, start=9)], entities=False)
        with reader.searcher.reads.snapshot():
            now = reader.searcher.reads.generation()
            assert only_appended(before, now) == 7  # the count says: new articles only
            appended = grown(reader.searcher.reads, kept, before, now)
            full = FacetData(reader.searcher.reads)
        assert appended is not None
        every = full.index.present
        assert appended.index.count_all(every, {}) == full.index.count_all(every, {})
        assert appended.library_total == full.library_total == 16

        after = reader.searcher.search(SearchRequest("grain"))  # the searcher's own path
        with Library.open(url) as fresh:
            expected = fresh.searcher.search(SearchRequest("grain"))
        assert after.total == expected.total == 16
        assert after.facets == expected.facets
        assert dict(after.facets["source"]) == {"The Kyiv Independent": 6, "Reuters": 5,
                                                    "The Guardian": 5}  # fmt: skip

        # anything but new articles (the trash) is no append: read again, still right
        writer.documents.trash([int(after.ids[0])])
        with reader.searcher.reads.snapshot():
            assert only_appended(now, reader.searcher.reads.generation()) is None
        trashed = reader.searcher.search(SearchRequest("grain"))
        with Library.open(url) as fresh:
            expected = fresh.searcher.search(SearchRequest("grain"))
        assert trashed.total == expected.total == 15 and trashed.facets == expected.facets


PHRASE_ARTICLES = {
    "hyphenated": "The central bank raised interest-rates again.",
    "spaced": "The central bank raised interest rates again.",
    "apart": "Interest grew as the bank cut its rates.",
    "uniting": "The Uniting Nations of the league met.",
    "united": "The United Nations met in New York.",
    "range": "The 2007-2008 season was the longest.",
    # "the" more often than PostgreSQL keeps positions of one word (255), then the phrase
    "crowded": "the cat sat on the mat. " * 140 + "In the end the company said no.",
    "company": "As the company said, prices rose.",
    "scattered": "The said company lost the case.",
}

PHRASES = (
    ('"interest rates"', {"hyphenated", "spaced"}),
    ('"interest-rates"', {"hyphenated", "spaced"}),
    ('"united nations"', {"united"}),
    ('"2007-2008 season"', {"range"}),
    ('"the company said"', {"crowded", "company"}),
    ('"company said" AND prices', {"company"}),
    ('title:"crowded"', {"crowded"}),
)


@pytest.mark.parametrize(("query", "expected"), PHRASES)
def test_a_quoted_phrase_finds_exactly_the_articles_that_hold_it(
    pg_databases, tmp_path: Path, query: str, expected: set[str]
) -> None:
    folder = tmp_path / "phrases"
    for name, body in PHRASE_ARTICLES.items():
        write(folder, name, f"{name.title()}", body)
    url = pg_databases.empty()
    with Library.open(url) as lib:
        lib.import_paths([folder], entities=False)
        assert titles(lib, query) == {e.title() for e in expected}


def test_a_phrase_is_ranked_as_it_is_matched_the_same_as_ranking_its_hits_afterwards(
    pg_databases, tmp_path: Path
) -> None:
    """A quoted phrase's ranks come with its candidates' texts (one statement, no ranking
    statement after): the order a reporter sees is the one ranking the hits would give."""
    folder = tmp_path / "rates"
    bodies = {
        "once": "The bank said interest rates would stay where they are.",
        "thrice": "Interest rates rose. Interest rates fell. Interest rates, the bank said.",
        "twice": "Interest rates were the topic; interest rates again.",
        "stemmed": "The interest rated highly among readers.",
    }
    for name, body in bodies.items():
        write(folder, name, name.title(), body)
    url = pg_databases.empty()
    with Library.open(url) as lib:
        lib.import_paths([folder], entities=False)
        statements: list[str] = []
        engine = lib.db

        def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
            statements.append(statement)

        from sqlalchemy import event

        event.listen(engine, "before_cursor_execute", seen)
        try:
            lib.searcher.drop_caches()
            together = lib.searcher.search(SearchRequest('"interest rates"', limit=10))
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        assert not [s for s in statements if s.startswith("SELECT string_agg(document_id ||")]
        lib.searcher.drop_caches()
        root = lib.searcher.parse('"interest rates"').root
        assert root is not None
        afterwards = lib.index.ranked(root, together.ids, 10)  # the ranking statement
    assert [h.title for h in together.hits] == ["Thrice", "Twice", "Once"]  # not "Stemmed"
    assert [(h.id, round(h.score, 6)) for h in together.hits] == [
        (i, round(score, 6)) for i, score in afterwards
    ]


def _downgrade_to_0009(url: str) -> None:
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    from desktop.store import migrations

    script = migrations._script()
    engine = create_engine(server_url(url))
    try:
        with engine.begin() as conn:

            def steps(rev: object, _context: object) -> object:
                return script._downgrade_revs("0009", rev)  # type: ignore[attr-defined]

            context = MigrationContext.configure(
                conn, opts={"fn": steps, "transactional_ddl": True}
            )
            with Operations.context(context):
                context.run_migrations()
            assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [
                ("0009",)
            ]
            cols = conn.execute(
                text(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = 'library_state'"
                )
            ).scalars()
            assert set(cols) == {"id", "generation"}  # as 0009 made it
    finally:
        engine.dispose()


def test_a_library_made_at_0009_upgrades_and_keeps_its_answers(
    pg_databases, pg_seed_template, tmp_path: Path
) -> None:
    url = pg_databases.copy_of(pg_seed_template)
    with Library.open(url) as lib:
        before = lib.searcher.search(SearchRequest("Kherson"))
    _downgrade_to_0009(url)
    with Library.open(url) as lib:  # upgraded when opened
        with lib.sessions() as session:
            version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            indexes = session.execute(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'documents'")
            ).scalars()
            assert "ix_documents_title_words" in set(indexes)
        assert version == HEAD_REVISION == "0010"
        after = lib.searcher.search(SearchRequest("Kherson"))
        assert after.total == before.total > 0
        assert after.facets == before.facets
        assert [h.id for h in after.hits] == [h.id for h in before.hits]
        write(tmp_path / "more", "kherson", "Kherson grain", "Grain left Kherson by rail.")
        lib.import_paths([tmp_path / "more"], entities=False)
        assert lib.searcher.search(SearchRequest("Kherson")).total == before.total + 1


def test_answers_kept_between_imports_equal_a_fresh_client(
    pg_databases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client's kept answers (ids, ranks, literal phrases) grown with another client's
    imports are the answers a client that just opened the library gets."""
    url = pg_databases.empty()
    monkeypatch.setattr(ranking, "RANKED_NEWEST", 4)  # bounded ranking on a small library
    queries = ("grain", "harbour AND ships", '"at the port"', '"grain 3"', "title:report")
    with Library.open(url) as writer, Library.open(url) as reader:
        writer.import_paths([reports(tmp_path / "one", "north", 8)], entities=False)
        for query in queries:  # answered once: kept
            reader.searcher.search(SearchRequest(query, limit=50))
        writer.import_paths([reports(tmp_path / "two", "delta", 6, start=8)], entities=False)
        write(tmp_path / "three", "x", "Grain at the port", "The port said: grain 3 at the port.")
        writer.import_paths([tmp_path / "three"], entities=False)
        grown = {q: reader.searcher.search(SearchRequest(q, limit=50)) for q in queries}
        with Library.open(url) as fresh:
            for query in queries:
                expected = fresh.searcher.search(SearchRequest(query, limit=50))
                got = grown[query]
                assert got.ids.tolist() == expected.ids.tolist(), query
                assert [h.score for h in got.hits] == [h.score for h in expected.hits], query
                assert got.facets == expected.facets, query
    assert grown["grain"].total == 15
    assert grown['"grain 3"'].total == 2  # "grain 3 at the port" twice: reports 3 and x


def test_a_kept_benchmark_cluster_keeps_its_library_between_runs() -> None:
    """``bench.py --pg-dir``: the cluster is stopped, not deleted, and started again."""
    import shutil
    import tempfile

    from tests.helpers import pgcluster

    folder = Path(tempfile.mkdtemp(prefix="sourcedesk-kept-pg-", dir="/tmp"))
    try:
        try:
            cluster = pgcluster.start(folder)
        except pgcluster.Unavailable as exc:
            pytest.skip(f"no PostgreSQL server: {exc}")
        try:
            cluster.psql("CREATE DATABASE kept")
        finally:
            cluster.stop()
        assert (folder / "data" / "PG_VERSION").exists()
        again = pgcluster.start(folder)
        try:
            assert "kept" in again.psql("SELECT datname FROM pg_database").split()
        finally:
            again.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
