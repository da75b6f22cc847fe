"""Quotes with their source, and exports that other tools read back: CSL-JSON (citeproc),
RIS (rispy, as Zotero imports it), CSV and Markdown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import rispy

from desktop import citations
from desktop.citations import CiteItem
from desktop.cite_items import article_items, quote_item
from desktop.library import Library
from desktop.querying import SearchRequest
from desktop.quotes import UNFILED
from desktop.workbench_base import WorkbenchError

HOSTILE = CiteItem(
    key="sourcedesk-9",
    title='<script>alert(1)</script> [click](http://evil.example) *bold* "Kyiv"',
    outlet="Evil & Co",
    byline="By Jane Q Smith and Ivan Fedorov",
    published=dt.date(2022, 5, 7),
    url="https://example.com/a?b=1&c=2",
    accessed=dt.date(2024, 1, 2),
    filename="evil.html",
    document_id=9,
    passage="“There was an explosion on the track,”\nhe said.",
    span=(120, 170),
    note="check with\nthe mayor",
    tags=("ammo", "Melitopol"),
    collections=("Melitopol train",),
    starred=True,
    quote_id=4,
)


def test_a_quote_keeps_its_source_and_span(fresh_seed_library: Library) -> None:
    lib = fresh_seed_library
    doc = lib.searcher.document(1)
    start = doc.text.index("Melitopol has been occupied")
    end = doc.text.index("early March.") + len("early March.")
    change = lib.workbench.quotes.save(1, start - 1, end + 1, "Melitopol train", "occupation")
    assert change.summary.startswith("saved the quote “Melitopol has been occupied")
    (q,) = lib.workbench.quotes.list()
    assert (q.start, q.end) == (start, end)  # the blanks at the ends are not part of it
    wanted = "Melitopol has been occupied by the Russians since early March."
    assert q.passage == doc.text[start:end] == wanted
    assert (q.title, q.outlet, q.byline, q.published, q.url) == (
        doc.title, doc.source, doc.author, doc.published, doc.url,
    )  # fmt: skip
    assert q.collection == "Melitopol train" and q.comment == "occupation"
    # the article is in the collection's quotes, and is:quoted finds it
    assert lib.workbench.collections() == [("Melitopol train", 0)]
    assert lib.searcher.all_ids(SearchRequest(query="is:quoted", limit=0)).tolist() == [1]
    lib.workbench.quotes.save(4, 0, 40)
    assert [x.id for x in lib.workbench.quotes.list("melitopol TRAIN")] == [q.id]
    assert len(lib.workbench.quotes.list(UNFILED)) == 1
    assert [x.id for x in lib.workbench.quotes.list(search="RUSSIANS occupied")] == [q.id]
    assert lib.workbench.quotes.list(search="Atlantis") == []
    lib.undo_curation()
    assert len(lib.workbench.quotes.list()) == 1
    lib.workbench.quotes.remove(q.id)
    assert lib.workbench.quotes.list() == []
    lib.undo_curation()
    assert lib.workbench.quotes.get(q.id).passage == q.passage


def test_bad_spans_are_refused(fresh_seed_library: Library) -> None:
    quotes = fresh_seed_library.workbench.quotes
    with pytest.raises(WorkbenchError, match="not inside the article"):
        quotes.save(1, 10, 10**7)
    blank = fresh_seed_library.searcher.document(1).text.index("\n\n")
    with pytest.raises(WorkbenchError, match="the passage is empty"):
        quotes.save(1, blank, blank + 2)
    with pytest.raises(WorkbenchError, match="no article with id 42"):
        quotes.save(42, 0, 5)


def test_csl_json_is_what_citeproc_reads() -> None:
    from citeproc.source.json import CiteProcJSON

    data = json.loads(citations.to_csl_json([HOSTILE]))
    (item,) = data
    assert item["type"] == "article-newspaper" and item["id"] == "sourcedesk-9"
    assert item["container-title"] == "Evil & Co"
    assert item["author"] == [
        {"family": "Smith", "given": "Jane Q"},
        {"family": "Fedorov", "given": "Ivan"},
    ]
    assert item["issued"] == {"date-parts": [[2022, 5, 7]]}
    assert item["accessed"] == {"date-parts": [[2024, 1, 2]]}
    assert item["URL"] == "https://example.com/a?b=1&c=2"
    assert "“There was an explosion on the track,”\nhe said." in item["note"]
    assert "(characters 120–170)" in item["note"]
    source = CiteProcJSON(data)  # the citeproc-py reader of CSL-JSON
    reference = citations.citation(HOSTILE)
    assert "sourcedesk-9" in source
    assert "Smith, J.Q. and Fedorov, I. (2022)" in reference and HOSTILE.title in reference
    assert "Evil & Co, 7 May" in reference and "https://example.com/a?b=1&c=2" in reference


def test_names_are_split_only_when_plain() -> None:
    assert citations.names("By Jeppe W") == [{"family": "W", "given": "Jeppe"}]
    assert citations.names("Reuters staff") == [{"literal": "Reuters staff"}]
    assert citations.names("ICARO Media Group") == [{"literal": "ICARO Media Group"}]
    assert citations.names("de la Cruz, maria") == [{"literal": "de la Cruz, maria"}]
    assert citations.names(None) == []


def test_ris_is_what_zoteros_readers_parse() -> None:
    plain = CiteItem("sourcedesk-2", "Kyiv council meets", None, None, None, None, None,
                     "b.txt", 2)  # fmt: skip
    text = citations.to_ris([HOSTILE, plain])
    entries = rispy.loads(text)
    assert len(entries) == 2
    first, second = entries
    assert first["type_of_reference"] == "NEWS"
    assert first["id"] == "sourcedesk-9"
    assert first["title"] == HOSTILE.title
    assert first["secondary_title"] == "Evil & Co"
    assert first["authors"] == ["Smith, Jane Q", "Fedorov, Ivan"]
    assert first["date"] == "2022/05/07/" and first["year"] == "2022"
    assert first["urls"] == ["https://example.com/a?b=1&c=2"]
    assert first["access_date"] == "2024/01/02/"
    assert first["keywords"] == ["ammo", "Melitopol"]
    assert "There was an explosion on the track" in first["notes"][0]
    assert second["title"] == "Kyiv council meets" and "authors" not in second
    # every line is "XX  - value", every record ends with ER
    for line in text.splitlines():
        assert not line or (len(line) >= 6 and line[2:6] == "  - "), line
    assert text.count("ER  - ") == 2


def test_csv_round_trips_articles_and_quotes() -> None:
    rows = list(csv.DictReader(io.StringIO(citations.to_csv([HOSTILE]))))
    assert rows[0]["title"] == HOSTILE.title and rows[0]["starred"] == "yes"
    assert rows[0]["tags"] == "ammo; Melitopol" and rows[0]["note"] == "check with\nthe mayor"
    quotes = list(csv.DictReader(io.StringIO(citations.to_csv([HOSTILE], quotes=True))))
    assert quotes[0]["passage"] == HOSTILE.passage
    assert (quotes[0]["start"], quotes[0]["end"]) == ("120", "170")
    assert quotes[0]["collection"] == "Melitopol train"


def test_markdown_shows_article_text_literally() -> None:
    text = citations.to_markdown([HOSTILE], "Melitopol *train*")
    assert "# Melitopol \\*train\\*" in text
    assert "\\<script\\>" in text and "<script>" not in text
    assert "\\[click\\]\\(http://evil.example\\)" in text
    assert "> “There was an explosion on the track,”" in text and "> he said." in text
    assert "Evil & Co · by Jane Q Smith and Ivan Fedorov · 7 May 2022" in text.replace(
        "By Jane", "by Jane"
    )


def test_copy_citation_of_an_article_and_a_quote(fresh_seed_library: Library) -> None:
    lib = fresh_seed_library
    (article,) = article_items(lib, [2])
    reference = citations.citation(article)
    assert "W, J. (2023)" in reference
    assert "Ukrainian resistance group launch devastating" in reference
    lib.workbench.quotes.save(2, 0, 30)
    quoted = citations.citation(quote_item(lib.workbench.quotes.list()[0]))
    assert quoted.startswith("“Ukrainian resistance group lau") and "W, J. (2023)" in quoted


def test_article_exports_carry_the_marks(fresh_seed_library: Library) -> None:
    lib = fresh_seed_library
    lib.workbench.star([3])
    lib.workbench.tag([3], "retreat")
    lib.workbench.set_note(3, "compare with ISW")
    (item,) = article_items(lib, [3])
    csl = citations.to_csl(item)
    assert csl["keyword"] == "retreat" and csl["note"] == "compare with ISW"
    rows = list(csv.DictReader(io.StringIO(citations.to_csv([item]))))
    assert (rows[0]["starred"], rows[0]["tags"], rows[0]["note"]) == (
        "yes", "retreat", "compare with ISW",
    )  # fmt: skip
