"""Facet counting over arrays: OR within a facet, AND across, own filter ignored for its counts."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from search.facets import FacetFilters, FacetIndex

# docs 1..4; places: 10=Kyiv, 11=Kherson; actors: 20=Fedorov
IDX = FacetIndex(
    5,
    [1, 2, 3, 4],
    {
        "place": [(1, 10), (2, 10), (2, 11), (3, 11), (3, 11)],
        "actor": [(1, 20), (3, 20)],
    },
    [(1, dt.date(2022, 5, 7)), (2, dt.date(2022, 5, 20)), (3, dt.date(2023, 11, 17)), (4, None)],
)


def test_counts_over_everything() -> None:
    base = IDX.mask_of(None)
    counts = IDX.count_all(base, {})
    assert counts["place"] == [(10, 2), (11, 2)]  # a repeated pair counts once
    assert counts["actor"] == [(20, 2)]
    assert counts["date"] == [("2022-05", 2), ("2023-11", 1), ("undated", 1)]


def test_filters_or_within_and_across() -> None:
    base = IDX.mask_of(None)
    masks = IDX.filter_masks(FacetFilters({"place": frozenset({10, 11})}))
    assert np.flatnonzero(IDX.apply(base, masks)).tolist() == [1, 2, 3]
    masks = IDX.filter_masks(FacetFilters({"place": frozenset({11}), "actor": frozenset({20})}))
    assert np.flatnonzero(IDX.apply(base, masks)).tolist() == [3]


def test_a_facet_ignores_its_own_filter_but_not_the_others() -> None:
    base = IDX.mask_of(None)
    masks = IDX.filter_masks(FacetFilters({"place": frozenset({10}), "actor": frozenset({20})}))
    counts = IDX.count_all(base, masks)
    # place counts: filtered by actor only -> docs 1, 3
    assert dict(counts["place"]) == {10: 1, 11: 1}
    # actor counts: filtered by place only -> docs 1, 2
    assert dict(counts["actor"]) == {20: 1}


def test_date_range_and_undated() -> None:
    base = IDX.mask_of(None)
    masks = IDX.filter_masks(
        FacetFilters(date_from=dt.date(2022, 5, 10), date_to=dt.date(2023, 1, 1))
    )
    assert np.flatnonzero(IDX.apply(base, masks)).tolist() == [2]
    masks = IDX.filter_masks(FacetFilters(undated_only=True))
    assert np.flatnonzero(IDX.apply(base, masks)).tolist() == [4]


def test_result_set_restricts_counts() -> None:
    base = IDX.mask_of(np.array([2, 4, 99], dtype=np.int64))
    counts = IDX.count_all(base, {})
    assert dict(counts["place"]) == {10: 1, 11: 1}
    assert counts["actor"] == []
    assert counts["date"] == [("2022-05", 1), ("undated", 1)]


@pytest.mark.both_backends
def test_facet_arrays_read_in_bulk_match_the_store(seed_library) -> None:
    """FacetData reads ids, sources, dates and entity pairs through SQLite's group_concat
    and numpy; they must be exactly what the rows of the store say."""
    from sqlalchemy import select

    from desktop.querying import FacetData
    from desktop.store.models import Document, Entity, Mention
    from search.facets import DateFacet

    with seed_library.sessions() as session:
        data = FacetData(session)
        docs = session.execute(select(Document.id, Document.source_id, Document.published)).all()
        pairs = session.execute(
            select(Mention.document_id, Entity.id)
            .join(Entity, Entity.id == Mention.entity_id)
            .where(Entity.kind == "place", Entity.ignored.is_(False))
            .distinct()
        ).all()
    index = data.index
    assert sorted(np.flatnonzero(index.present).tolist()) == sorted(d for d, _, _ in docs)
    expected_dates = DateFacet(index.n_docs, [(d, p) for d, _, p in docs])
    assert any(p is None for _, _, p in docs) and any(p for _, _, p in docs)
    assert np.array_equal(index.dates.ordinals, expected_dates.ordinals)
    assert np.array_equal(index.dates.months, expected_dates.months)
    source = index.facets["source"]
    assert sorted(zip(source.doc_ids.tolist(), source.value_ids.tolist(), strict=True)) == sorted(
        (d, s) for d, s, _ in docs if s is not None
    )
    place = index.facets["place"]
    assert sorted(zip(place.doc_ids.tolist(), place.value_ids.tolist(), strict=True)) == sorted(
        (int(d), int(e)) for d, e in pairs
    )
