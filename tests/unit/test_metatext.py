"""An article's own metadata is stored as text: markup in a title, outlet or byline goes."""

from __future__ import annotations

import time

import pytest

from desktop.ingest.article import Article
from desktop.ingest.metatext import plain_metadata, plain_text


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("<b>Evil Outlet</b>", "Evil Outlet"),
        ("<img src='file:///home/me/canary.png'>Publisher", "Publisher"),
        ("&lt;b&gt;Evil&lt;/b&gt; Title", "Evil Title"),  # escaped twice over
        ("Ben &amp; Jerry", "Ben & Jerry"),
        ("<!-- a comment -->Kyiv Post", "Kyiv Post"),
        ("  Kyiv\n   Independent ", "Kyiv Independent"),
        ("Jane Doe <jane@example.com>", "Jane Doe"),
        ("a <3 b", "a <3 b"),  # not a tag
        ("x < y > z", "x < y > z"),
        ("AT&T", "AT&T"),
        ("<img src=x.png>", None),  # nothing left
        (None, None),
    ],
)
def test_metadata_is_plain_text(raw: str | None, stored: str | None) -> None:
    assert plain_text(raw) == stored


def test_every_metadata_field_is_cleaned_and_the_text_is_not() -> None:
    article = Article(
        text="The page writes <b>this</b> as words.",
        format="html",
        title="<b>Evil</b> Title",
        source="<i>Evil Outlet</i>",
        author="<span>Jane</span> Doe",
    )
    clean = plain_metadata(article)
    assert (clean.title, clean.source, clean.author) == ("Evil Title", "Evil Outlet", "Jane Doe")
    assert clean.text == article.text
    plain = Article(text="x", format="text", title="Title")
    assert plain_metadata(plain) is plain


@pytest.mark.timing
def test_hostile_metadata_is_cleaned_in_linear_time() -> None:
    began = time.perf_counter()
    for raw in ("<a" * 200_000, "<!" * 200_000, "&lt;" * 100_000, "<" * 400_000):
        plain_text(raw)
    assert time.perf_counter() - began < 1.0


@pytest.mark.parametrize(
    "value",
    ["ITEL <ITEL> GETS FINANCING FOR ANIXTER BUY", "Ford <F> sales rise", "a <3 b"],
)
def test_a_wire_headline_keeps_its_ticker(value: str) -> None:
    """ "<ITEL>" is a stock ticker in a Reuters headline, not markup: the title keeps it."""
    assert plain_text(value) == value
