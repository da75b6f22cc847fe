"""The user's last word on entities: each change shows at once and sticks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.curation import CurationError
from desktop.library import Library
from desktop.querying import SearchRequest
from desktop.store import SCHEMA_VERSION

pytestmark = pytest.mark.both_backends


def facet(lib: Library, name: str, **filters) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return dict(lib.searcher.search(SearchRequest(limit=0, **filters)).facets[name])


def found(lib: Library, query: str = "", **filters) -> set[str]:  # type: ignore[no-untyped-def]
    res = lib.searcher.search(SearchRequest(query=query, limit=50, **filters))
    return {h.filename[:3] for h in res.hits}


def test_merge_changes_facet_counts_search_and_highlights(fresh_seed_library: Library) -> None:
    lib = fresh_seed_library
    before = facet(lib, "place")
    assert before["Kherson"] == 4 and before["Crimea"] == 3
    lib.merge_entities("Crimea", "Kherson")
    after = facet(lib, "place")
    assert "Crimea" not in after
    assert after["Kherson"] == 4  # Crimea's three documents all mention Kherson too
    assert found(lib, "place:Crimea") == found(lib, "place:Kherson") == {"000", "001", "002", "003"}
    doc = lib.searcher.document(2)
    crimean = [m for m in doc.entities if m.text.startswith("Crimean Peninsula")]
    assert crimean and crimean[0].canonical == "Kherson"
    lib.undo_curation()
    assert facet(lib, "place") == before
    assert found(lib, "place:Crimea") == {"001", "002", "003"}


def test_merge_of_actors_moves_counts(fresh_seed_library: Library) -> None:
    lib = fresh_seed_library
    before = facet(lib, "actor")
    lib.merge_entities("Oleksiy Arestovych", "Volodymyr Zelensky")
    after = facet(lib, "actor")
    assert "Oleksiy Arestovych" not in after
    assert after["Volodymyr Zelensky"] == before["Volodymyr Zelensky"]
    assert found(lib, actors=("Arestovych",)) == {"000"}


def test_rename_shows_in_facets_search_and_reader(fresh_seed_library: Library) -> None:
    lib = fresh_seed_library
    lib.rename_entity("Azovstal", "Azovstal Iron and Steel Works")
    assert facet(lib, "place")["Azovstal Iron and Steel Works"] == 2
    assert found(lib, places=("Azovstal Iron and Steel Works",)) == {"000", "004"}
    assert found(lib, places=("Azovstal",)) == {"000", "004"}  # the old name still finds it
    names = {m.canonical for m in lib.searcher.document(1).entities if m.kind == "place"}
    assert "Azovstal Iron and Steel Works" in names and "Azovstal" not in names


def test_kind_change_moves_between_facets(fresh_seed_library: Library) -> None:
    lib = fresh_seed_library
    assert "Atesh" in facet(lib, "actor")
    lib.set_entity_kind("Atesh", "place")
    assert "Atesh" not in facet(lib, "actor") and facet(lib, "place")["Atesh"] == 1
    assert found(lib, "place:Atesh") == {"003"}


def test_alias_makes_a_new_spelling_searchable(fresh_seed_library: Library) -> None:
    lib = fresh_seed_library
    assert found(lib, places=("Zapo",)) == set()
    lib.add_entity_alias("Zaporizhzhia", "Zapo")
    assert found(lib, places=("Zapo",)) == {"000"}
    assert found(lib, "place:Zapo") == {"000"}
    with pytest.raises(CurationError, match="already names"):
        lib.add_entity_alias("Kherson", "Kyiv")


def test_ignore_hides_everywhere_and_sticks_for_later_imports(
    fresh_seed_library: Library, tmp_path: Path
) -> None:
    lib = fresh_seed_library
    assert facet(lib, "actor")["Leila Ibrahimova"] == 1
    lib.ignore_entity("Leila Ibrahimova")
    assert "Leila Ibrahimova" not in facet(lib, "actor")
    assert found(lib, actors=("Leila Ibrahimova",)) == set()
    assert all(m.canonical != "Leila Ibrahimova" for m in lib.searcher.document(2).entities)
    assert all(e.name != "Leila Ibrahimova" for e in lib.entities(kind="person"))
    # an article imported later that names her keeps her hidden
    later = tmp_path / "later.txt"
    later.write_text(
        "Column from Melitopol\n\nLeila Ibrahimova and Ivan Fedorov met reporters in Melitopol.\n",
        encoding="utf-8",
    )
    report = lib.import_paths([later])
    new_id = report.imported[0].id
    names = {m.canonical for m in lib.searcher.document(new_id).entities}
    assert "Ivan Fedorov" in names and "Leila Ibrahimova" not in names
    assert "Leila Ibrahimova" not in facet(lib, "actor")
    lib.ignore_entity("Leila Ibrahimova", ignored=False)
    assert facet(lib, "actor")["Leila Ibrahimova"] == 2


def test_decisions_survive_reindex_and_apply_to_new_articles(
    fresh_seed_library: Library, tmp_path: Path
) -> None:
    lib = fresh_seed_library
    lib.set_entity_kind("Atesh", "place")
    lib.add_entity_alias("Atesh", "Atesh movement")
    lib.reindex()
    assert found(lib, "place:Atesh") == {"003"}
    new = tmp_path / "new.md"
    new.write_text(
        "# Partisans again\n\nThe Atesh movement reported sabotage in Kherson.\n", encoding="utf-8"
    )
    new_id = lib.import_paths([new]).imported[0].id
    mentions = [m for m in lib.searcher.document(new_id).entities if "Atesh" in m.text]
    assert mentions and all(m.kind == "place" and m.canonical == "Atesh" for m in mentions)
    assert facet(lib, "place")["Atesh"] == 2


def test_errors_are_clear(fresh_seed_library: Library) -> None:
    lib = fresh_seed_library
    with pytest.raises(CurationError, match="no entity called"):
        lib.rename_entity("Atlantis", "x")
    with pytest.raises(CurationError, match="into itself"):
        lib.merge_entities("Kyiv", "Kiev")
    with pytest.raises(CurationError, match="nothing to undo"):
        lib.undo_curation()


def test_library_written_by_schema_1_is_migrated(tmp_path: Path) -> None:
    """A real schema-1 library (two seeds, made by the first release's code) opens and works."""
    con = sqlite3.connect(tmp_path / "library.sqlite")
    con.executescript((Path(__file__).parents[1] / "data" / "library_v1.sql").read_text("utf-8"))
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    with Library.open(tmp_path) as lib:
        # the migration keeps the old entities; a newer extractor marks them for redoing
        assert lib.stats().documents == 2 and lib.pending_entities() == 2
        with lib.sessions() as session:
            person_keys = set(
                session.scalars(text("SELECT key FROM aliases WHERE kind = 'person'"))
            )
        # spellings the old pipeline filed under people go, their own names stay
        assert {"ivan fedorov", "oleksiy arestovych"} <= person_keys
        assert not {"fedorov", "arestovych"} & person_keys
        assert found(lib, places=("Kiev",)) == {"004"}
        assert lib.extract_entities() == 2 and lib.pending_entities() == 0
        # every link now says why it was made
        assert all(m.link for m in lib.searcher.document(2).entities)
        assert found(lib, "Mariupol") == {"004"}
        assert found(lib, places=("Kiev",)) == {"004"}
        lib.merge_entities("Zaporizhzhia", "Melitopol")
        assert "Zaporizhzhia" not in facet(lib, "place")
    con = sqlite3.connect(tmp_path / "library.sqlite")
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
