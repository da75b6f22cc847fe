"""The model's batches are bounded by characters as well as by count (issue 18: memory)."""

from __future__ import annotations

from desktop.entities import ner


def _pieces(lengths: list[int]) -> list[tuple[int, int, str]]:
    return [(i, 0, "x" * n) for i, n in enumerate(lengths)]


def test_long_pieces_go_in_small_groups_and_short_ones_in_full_batches() -> None:
    long = _pieces([ner.CHUNK_CHARS] * 12)
    groups = list(ner._groups(long))
    assert [p for g in groups for p in g] == long  # every piece once, in order
    assert all(sum(len(p) for _, _, p in g) <= ner.PIPE_CHARS for g in groups)
    assert len(groups) > 1
    short = _pieces([500] * 70)
    assert [len(g) for g in ner._groups(short)] == [ner.PIPE_BATCH, ner.PIPE_BATCH, 6]


def test_a_piece_longer_than_a_batch_goes_alone() -> None:
    pieces = _pieces([10, ner.PIPE_CHARS + 1, 10])
    assert [len(g) for g in ner._groups(pieces)] == [1, 1, 1]
    assert list(ner._groups([])) == []
