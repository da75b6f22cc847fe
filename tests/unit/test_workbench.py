"""The reporter's marks: stars, tags, notes, collections — stored, searchable, undoable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.library import Library
from desktop.querying import SearchRequest
from desktop.store import SCHEMA_VERSION
from desktop.store_version import HEAD_REVISION
from desktop.workbench_base import WorkbenchError


def ids(lib: Library, query: str = "", **filters) -> set[int]:  # type: ignore[no-untyped-def]
    return set(lib.searcher.all_ids(SearchRequest(query=query, limit=0, **filters)).tolist())


def facet(lib: Library, name: str, query: str = "") -> dict[str, int]:
    return dict(lib.searcher.search(SearchRequest(query=query, limit=0)).facets[name])


def test_marks_are_query_filters_facets_and_row_marks(fresh_seed_library: Library) -> None:
    lib, wb = fresh_seed_library, fresh_seed_library.workbench
    assert wb.star([1, 3]).summary == "starred 2 articles"
    assert wb.tag([1, 2], "Melitopol sabotage").summary == "tagged 2 articles “Melitopol sabotage”"
    wb.tag([2], "ammo")
    wb.collect([1, 2, 5], "Melitopol train")
    wb.collect([5], "Azovstal")
    wb.set_note(4, "ask Atesh for the Telegram post")
    assert ids(lib, "is:starred") == {1, 3}
    assert ids(lib, "tag:ammo") == {2}
    assert ids(lib, 'tag:"melitopol  SABOTAGE"') == {1, 2}  # case and spaces do not matter
    assert ids(lib, "tag:mel*") == {1, 2}
    assert ids(lib, "tag:*") == {1, 2}
    assert ids(lib, 'in:"Melitopol train"') == {1, 2, 5}
    assert ids(lib, 'in:"Melitopol train" -in:Azovstal') == {1, 2}
    assert ids(lib, "is:noted") == {4}
    assert ids(lib, "Kherson is:starred") == {1, 3}
    # facet filters (the window's facets and the command line's --tag/--in/--is)
    assert ids(lib, tags=("ammo",), collections=("Melitopol train",)) == {2}
    assert ids(lib, flags=("starred", "noted")) == {1, 3, 4}
    assert facet(lib, "tag") == {"Melitopol sabotage": 2, "ammo": 1}
    assert facet(lib, "in") == {"Melitopol train": 3, "Azovstal": 1}
    assert facet(lib, "is") == {"starred": 2, "noted": 1}
    # a value that names nothing finds nothing, and says so
    result = lib.searcher.search(SearchRequest(query="tag:nonesuch"))
    assert result.total == 0 and result.unknown == {"tag": ["nonesuch"]}
    # result rows carry the star and the tags
    hits = {h.id: h for h in lib.searcher.hits([1, 2, 3])}
    assert hits[1].starred and hits[1].tags == ("Melitopol sabotage",)
    assert not hits[2].starred and hits[2].tags == ("Melitopol sabotage", "ammo")
    marks = wb.marks_of(5)
    assert marks.collections == ("Azovstal", "Melitopol train") and not marks.starred
    assert wb.marks_of(4).note == "ask Atesh for the Telegram post"
    assert wb.tags() == [("Melitopol sabotage", 2), ("ammo", 1)]


def test_every_write_is_undone_in_turn(fresh_seed_library: Library) -> None:
    lib, wb = fresh_seed_library, fresh_seed_library.workbench
    wb.star([1])
    wb.tag([1, 2, 3], "wire")
    wb.collect([2], "Train")
    wb.set_note(2, "first")
    wb.set_note(2, "second")
    wb.rename_collection("Train", "Armored train")
    wb.tag([3], "wire", add=False)
    wb.delete_collection("Armored train")
    assert facet(lib, "in") == {}
    assert lib.undo_curation().summary.startswith("undid: removed the collection")
    assert ids(lib, 'in:"Armored train"') == {2}
    assert lib.undo_curation().summary == "undid: took the tag “wire” off 1 article"
    assert ids(lib, "tag:wire") == {1, 2, 3}
    lib.undo_curation()  # the rename
    assert ids(lib, "in:Train") == {2} and ids(lib, 'in:"Armored train"') == set()
    lib.undo_curation()
    assert wb.marks_of(2).note == "first"
    lib.undo_curation()
    assert ids(lib, "is:noted") == set()
    lib.undo_curation()  # the collection, made by the step that filled it, goes too
    assert wb.collections() == []
    lib.undo_curation()
    assert ids(lib, "tag:*") == set() and wb.tags() == []
    lib.undo_curation()
    assert ids(lib, "is:starred") == set()


def test_bulk_marks_every_result_of_a_search(fresh_seed_library: Library) -> None:
    lib, wb = fresh_seed_library, fresh_seed_library.workbench
    chosen = wb.ids_of_search("place:Kherson")
    assert len(chosen) == 4
    assert wb.tag(chosen, "Kherson").summary == "tagged 4 articles “Kherson”"
    assert wb.tag(chosen + [5], "Kherson").summary == "tagged 1 article “Kherson”"
    assert ids(lib, "tag:Kherson") == {1, 2, 3, 4, 5}
    assert wb.star(chosen).summary == "starred 4 articles"
    assert wb.star([1]).summary == "starred 0 articles (1 already was)"
    wb.star(chosen, starred=False)
    assert ids(lib, "is:starred") == set()
    lib.undo_curation()
    assert ids(lib, "is:starred") == set(chosen)


def test_bad_requests_are_refused_and_change_nothing(fresh_seed_library: Library) -> None:
    wb = fresh_seed_library.workbench
    with pytest.raises(WorkbenchError, match="no article with id 99"):
        wb.star([1, 99])
    with pytest.raises(WorkbenchError, match="name is empty"):
        wb.tag([1], "   ")
    with pytest.raises(WorkbenchError, match="no tag called"):
        wb.tag([1], "never", add=False)
    with pytest.raises(WorkbenchError, match="no collection called"):
        wb.collect([1], "Nowhere", add=False)
    wb.create_collection("Kherson")
    with pytest.raises(WorkbenchError, match="exists already"):
        wb.create_collection("kherson")
    assert fresh_seed_library.searcher.search(SearchRequest(query="is:starred")).total == 0
    assert wb.marks_of(1).tags == ()


def test_marks_go_with_their_article_and_another_process_sees_them(
    fresh_seed_library: Library,
) -> None:
    lib = fresh_seed_library
    lib.workbench.tag([1, 2], "keep")
    with Library.open(lib.root) as other:  # the window while the command line writes
        assert ids(other, "tag:keep") == {1, 2}
        lib.workbench.star([2])
        assert ids(other, "is:starred") == {2}
    with lib.writing(), lib.sessions.begin() as session:
        session.execute(__import__("sqlalchemy").text("DELETE FROM documents WHERE id = 2"))
    lib.searcher.invalidate()
    assert ids(lib, "tag:keep") == {1} and ids(lib, "is:starred") == set()


@pytest.mark.parametrize("version", [6, 7])
def test_library_of_an_older_schema_gains_the_workbench(tmp_path: Path, version: int) -> None:
    """A library written by an earlier release (schema 6; schema 7 as main wrote it on
    2026-12-02, with a title the user edited) opens, keeps everything, and can be marked;
    its articles wait to be grouped into versions."""
    con = sqlite3.connect(tmp_path / "library.sqlite")
    name = "library_v6.sql" if version == 6 else "library_v7_workbench.sql"
    dump = Path(__file__).parents[1] / "data" / name
    con.executescript(dump.read_text("utf-8"))
    con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()
    with Library.open(tmp_path) as lib:
        assert lib.stats().documents == 2
        assert ids(lib, "place:Melitopol") == {1}
        if version == 7:  # the user's edit survives the step
            assert lib.searcher.document(2).title.endswith("(edited)")
        lib.workbench.star([1])
        lib.workbench.tag([1, 2], "council")
        lib.workbench.collect([2], "Kyiv")
        assert ids(lib, "tag:council is:starred") == {1}
        assert lib.workbench.versions.pending() == 2
        lib.undo_curation()
        assert ids(lib, "in:Kyiv") == set()
        assert ids(lib, "tag:council") == {1, 2}
    con = sqlite3.connect(tmp_path / "library.sqlite")
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD_REVISION,)]
