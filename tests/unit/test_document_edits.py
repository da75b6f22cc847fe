"""Keeping the library in order: metadata edits that stick, and a trash that gives back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.curation import CurationError
from desktop.library import Library
from desktop.querying import SearchRequest
from tests.helpers.libraries import ids_by_name, library_of

ARTICLES = {
    "a": "Kherson retaken\nUkrainian forces entered Kherson on Friday.",
    "b": "Grain deal\nShips left Odesa with grain.",
    "c": "Power cuts\nBlackouts across the country after strikes.",
}


pytestmark = pytest.mark.both_backends


@pytest.fixture
def lib(tmp_path: Path, new_library: str):
    library = library_of(tmp_path, ARTICLES, location=new_library)
    yield library
    library.close()


def facet(lib: Library, name: str, **req) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return dict(lib.searcher.search(SearchRequest(limit=0, **req)).facets[name])


def test_an_edit_shows_at_once_survives_reindex_and_reextraction_and_undoes(lib: Library):
    ids = ids_by_name(lib)
    change = lib.documents.edit(
        [ids["a"]],
        title="Kherson is free",
        source="Kyiv Independent",
        published=dt.date(2022, 11, 11),
    )
    assert change.documents == frozenset({ids["a"]})
    assert facet(lib, "source") == {"The Kyiv Independent": 1}  # the outlet as the library names it
    assert lib.searcher.search(SearchRequest(query="title:free")).total == 1
    doc = lib.searcher.document(ids["a"])
    assert doc.published == dt.date(2022, 11, 11) and doc.published_from == "edited"
    assert doc.edited == ("title", "source", "published")
    lib.reindex()
    lib.reextract()
    doc = lib.searcher.document(ids["a"])
    assert (doc.title, doc.source) == ("Kherson is free", "The Kyiv Independent")
    assert lib.searcher.search(SearchRequest(query="title:free")).total == 1
    lib.undo_curation()
    doc = lib.searcher.document(ids["a"])
    assert doc.title == "Kherson retaken" and doc.source is None and doc.edited == ()
    assert lib.searcher.search(SearchRequest(query="title:free")).total == 0
    assert lib.searcher.search(SearchRequest(query="title:retaken")).total == 1


def test_several_articles_get_one_outlet_or_date_at_once(lib: Library) -> None:
    ids = ids_by_name(lib)
    lib.documents.edit(list(ids.values()), source="BBC News", published=None)
    assert facet(lib, "source") == {"BBC News": 3}
    assert lib.searcher.search(SearchRequest(undated=True, limit=0)).total == 3
    lib.documents.edit([ids["b"]], published=dt.date(2023, 7, 1))
    assert facet(lib, "date") == {"2023-07": 1, "undated": 2}


def test_markup_in_an_edit_is_stored_as_text(lib: Library) -> None:
    ids = ids_by_name(lib)
    lib.documents.edit([ids["a"]], source="<b>Evil Outlet</b>")
    assert lib.searcher.document(ids["a"]).source == "Evil Outlet"
    with pytest.raises(CurationError, match="needs a title"):
        lib.documents.edit([ids["a"]], title="  ")


def test_the_trash_hides_restores_and_empties(lib: Library) -> None:
    ids = ids_by_name(lib)
    digest = lib.searcher.document(ids["b"]).original_sha256
    lib.documents.trash([ids["b"]])
    assert lib.searcher.search(SearchRequest()).total == 2
    assert lib.searcher.search(SearchRequest(query="grain")).total == 0
    assert "Odesa" not in facet(lib, "place")
    assert lib.stats().documents == 2 and lib.stats().trashed == 1
    assert lib.originals.has(digest)  # the original stays while in the trash
    assert [t.id for t in lib.documents.trashed()] == [ids["b"]]
    lib.documents.restore([ids["b"]])
    assert lib.searcher.search(SearchRequest(query="grain")).total == 1
    lib.undo_curation()  # undo the restore: back in the trash
    assert lib.searcher.search(SearchRequest(query="grain")).total == 0
    lib.documents.empty_trash()
    assert lib.documents.trashed() == [] and lib.stats().trashed == 0
    assert not lib.originals.has(digest)
    assert sorted(lib.index.indexed_ids().tolist()) == sorted([ids["a"], ids["c"]])
    from desktop.maintenance import check

    assert check(lib).healthy
