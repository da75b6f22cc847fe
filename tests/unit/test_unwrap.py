"""Hard-wrapped paragraphs: names cut by a line break are read whole, evidence stays verbatim."""

from __future__ import annotations

from desktop.entities.extract import extract_entities
from desktop.entities.unwrap import soft_breaks, unwrap

#: a Reuters story as the wire wrapped it (~65 characters), names cut at line ends
WIRE = (
    "FED'S VOLCKER SAYS DOLLAR DECLINE HAS GONE FAR ENOUGH\n"
    "\n"
    "    WASHINGTON, March 3 - Federal Reserve Board Chairman Paul\n"
    "Volcker said the decline of the dollar had gone far enough, and\n"
    "he told the Senate Banking Committee that talks with officials\n"
    "of the European Community and the International Monetary\n"
    "Fund would go on in New\n"
    "York next week, before the meeting of finance ministers from the\n"
    "United States, Japan and West Germany.\n"
    "    Volcker said the Securities and Exchange Commission had not\n"
    "been consulted, and that the bank examiners of the Office of the\n"
    "Comptroller of the Currency would report to Congress next month.\n"
)


def test_a_wrapped_paragraph_is_one_line_for_the_model_and_keeps_its_length() -> None:
    flowing = unwrap(WIRE)
    assert len(flowing) == len(WIRE)
    assert "Paul Volcker said" in flowing and "International Monetary Fund" in flowing
    assert "from the United States" in flowing
    # hard breaks stay: after the headline, before an indented paragraph, a short line
    assert flowing.startswith("FED'S VOLCKER SAYS DOLLAR DECLINE HAS GONE FAR ENOUGH\n\n")
    assert "West Germany.\n    Volcker" in flowing
    assert "would go on in New\nYork" in flowing  # a short line ends where it was ended


def test_names_across_a_soft_break_are_whole_and_their_text_is_the_documents() -> None:
    found = extract_entities(WIRE)
    names = {(f.kind, f.name) for f in found}
    assert ("person", "Paul Volcker") in names
    assert ("place", "United States") in names
    assert ("organization", "International Monetary Fund") in names
    wrong = {"United", "States", "Paul", "Fund", "International Monetary"}
    assert not {n for _, n in names} & wrong, names
    for f in found:  # the evidence is the text as written, its line break included
        assert WIRE[f.start : f.end] == f.text
    volcker = next(f for f in found if f.name == "Paul Volcker" and f.text.startswith("Paul"))
    assert volcker.text == "Paul\nVolcker"


def test_text_that_is_not_wrapped_keeps_every_line_break() -> None:
    one_sentence_a_line = (
        "Kherson was retaken on Friday by Ukrainian forces after eight months.\n"
        "Residents came out.\n"
        "The mayor of Kherson, speaking to reporters in the main square of the city, "
        "said that power would be restored within a week.\n"
        "Short line.\n"
        "Another sentence of a different length, about the bridge over the Dnipro.\n"
    )
    paragraphs = "\n".join(["A paragraph of a single long line, as a web page gives it. " * 4] * 5)
    verse = "Roses are red\nViolets are blue\nKyiv is far\nAnd so are you\n"
    for text in (one_sentence_a_line, paragraphs, verse, "no break at all"):
        assert soft_breaks(text) == [] and unwrap(text) is text


def test_list_lines_and_replies_are_their_own() -> None:
    text = (
        "The ministers of the countries agreed on the following steps at the\n"
        "- a ceasefire along the line of contact in the south of the country\n"
        "> quoted text of an earlier message in the thread of the discussion\n"
        "1. the first point of the agreement that was signed in the capital\n"
        "and its second part, which goes on after the line of the numbered one\n"
    )
    flowing = unwrap(text)
    for own in ("\n- a ceasefire", "\n> quoted", "\n1. the first"):
        assert own in flowing
    assert "in the capital and its second part" in flowing  # the item's own wrapped line


def test_a_wrapped_article_in_the_library_has_whole_names_and_plain_spellings(tmp_path):
    """Imported: the reader's marks hold the text as written (the line break included),
    the entity lists hold names and spellings on one line."""
    from desktop.library import Library

    path = tmp_path / "volcker.txt"
    path.write_text(WIRE, encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([path])
        doc = lib.searcher.document(report.imported[0].id)
        marked = {m.text for m in doc.entities}
        assert "Paul\nVolcker" in marked and "New\nYork" not in marked
        entities = lib.entities()
        spellings = [e.name for e in entities] + [a for e in entities for a in e.aliases]
        assert "Paul Volcker" in spellings and "International Monetary Fund" in spellings
        assert "Office of the Comptroller of the Currency" in spellings
        assert not [s for s in spellings if "\n" in s]
