"""Dates the articles mention, resolved against the publication date (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.entities.dates import resolve_date

PUBLISHED = dt.date(2024, 7, 23)
PAST = (
    "Russia took over Kherson soon after the invasion on Feb. 24 — the only provincial "
    "capital it has captured — and illegally annexed three other regions of Ukraine in September."
)


def around(sentence: str, mention: str) -> str:
    """The mention in the middle of its context, as the extractor passes it."""
    start = sentence.index(mention)
    width = min(start, 200)
    return sentence[start - width : start + len(mention) + width]


@pytest.mark.parametrize(
    ("sentence", "mention", "expected"),
    [
        (PAST, "September", "2023-09"),  # not 2024-09: after the article's own date
        (PAST, "Feb. 24", "2024-02-24"),  # the latest 24 February before publication
        ("The referendum will be held in September.", "September", "2024-09"),
        ("Talks are scheduled for March 3.", "March 3", "2025-03-03"),
        ("The ceasefire was agreed on July 23.", "July 23", "2024-07-23"),
        ("Officials met on July 24 to sign the deal.", "July 24", "2023-07-24"),
    ],
)
def test_year_of_a_date_without_one(sentence: str, mention: str, expected: str) -> None:
    assert resolve_date(mention, PUBLISHED, around(sentence, mention)) == expected


def test_never_after_publication_without_a_future_sentence() -> None:
    for month in ("August", "October", "December", "Aug. 1", "Dec 31"):
        resolved = resolve_date(month, PUBLISHED, "")
        assert resolved is not None and resolved < "2024-07-24", month


def test_seed_article_mentions_no_date_after_its_own(seed_library) -> None:
    """The sample whose only date line is 23 July 2024: no mention lands after it."""
    from desktop.querying import SearchRequest

    reader = seed_library.searcher
    docs = [reader.document(int(i)) for i in reader.all_ids(SearchRequest())]
    (doc,) = [d for d in docs if d.filename.startswith("002_")]
    assert doc.published == PUBLISHED
    dates = {m.canonical for m in doc.entities if m.kind == "date"}
    assert dates and all(d <= PUBLISHED.isoformat() for d in dates), dates
    assert "2024-09" not in dates
