"""PDFs as reporters keep them: printed from a browser, with XMP metadata (hand-made PDFs)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.ingest.article import Article
from desktop.ingest.readers import read_article
from tests.unit.test_readers import BODY, make_pdf

SENTENCES = [s.strip() + "." for s in BODY.split(". ")]
URL = "https://example.com/news/kherson-return"
CHROME = {
    "Title": "Kherson residents return home | The Daily Example",
    "Creator": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/119.0.0.0 Safari/537.36",
    "Producer": "Skia/PDF m119",
    "CreationDate": "D:20231114130900+00'00'",
}


def read(tmp_path: Path, data: bytes, name: str = "printed.pdf") -> Article:
    path = tmp_path / name
    path.write_bytes(data)
    return read_article(path, path.read_bytes())


def printed(stamp: str, lines: list[list[str]]) -> bytes:
    """Pages as Chrome prints them: date and title on top, address and page number below."""
    header = f"{stamp} Kherson residents return home | The Daily Example"
    n = len(lines)
    pages = [[header, *body, f"{URL} {i}/{n}"] for i, body in enumerate(lines, 1)]
    return make_pdf(pages, info=CHROME)


def test_browser_printed_pdf_gives_title_address_and_day(tmp_path: Path) -> None:
    data = printed("11/14/23, 1:09 PM", [["Kherson residents return home", *SENTENCES[:2]],
                                          SENTENCES[2:]])  # fmt: skip
    article = read(tmp_path, data)
    assert article.title == "Kherson residents return home"
    assert article.url == URL
    # the article names no date of its own: the day it was printed, said as such
    assert article.published == dt.date(2023, 11, 14)
    assert article.published_from == "the day the browser printed the page"
    # the browser's lines are out of the text, the article's are all in
    assert URL not in article.text and "1:09 PM" not in article.text
    assert "1/2" not in article.text and "2/2" not in article.text
    assert "Long queues of cars" in article.text and "several weeks." in article.text


def test_printed_date_that_could_be_either_is_not_read(tmp_path: Path) -> None:
    article = read(tmp_path, printed("11/9/23, 1:09 AM", [SENTENCES]))  # 9 Nov or 11 Sep?
    assert article.url == URL and article.published is None


def test_the_articles_own_date_beats_the_print_date(tmp_path: Path) -> None:
    data = printed("14.11.23, 13:09", [["Kherson residents return home", "7 May 2022",
                                        *SENTENCES]])  # fmt: skip
    article = read(tmp_path, data)
    assert (article.published, article.published_from) == (dt.date(2022, 5, 7), "dateline")


def test_pdf_without_browser_lines_is_left_alone(tmp_path: Path) -> None:
    article = read(tmp_path, make_pdf([[*SENTENCES, "See https://example.com for more"]]))
    assert article.url is None and "https://example.com" in article.text


XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Kherson after the withdrawal</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Olena Kovalenko</rdf:li><rdf:li>John Roe</rdf:li></rdf:Seq></dc:creator>
<prism:publicationDate>2022-11-14</prism:publicationDate>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""  # noqa: E501


def with_xmp(pdf: bytes, xmp: str) -> bytes:
    """The hand-made PDF with an XMP stream added to its catalog (an incremental update)."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    stream = DecodedStreamObject()
    stream.set_data(xmp.encode("utf-8"))
    stream.update({NameObject("/Type"): NameObject("/Metadata"),
                   NameObject("/Subtype"): NameObject("/XML")})  # fmt: skip
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_xmp_metadata_is_better_than_the_text(tmp_path: Path) -> None:
    data = with_xmp(
        make_pdf([["REPORT 12/B", *SENTENCES]], info={"Title": "Microsoft Word - rep.doc"}), XMP
    )
    article = read(tmp_path, data, "report.pdf")
    assert article.title == "Kherson after the withdrawal"
    assert article.author == "Olena Kovalenko, John Roe"
    assert (article.published, article.published_from) == (
        dt.date(2022, 11, 14),
        "XMP prism:publicationDate",
    )
