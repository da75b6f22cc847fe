"""Readers: file bytes -> Article, for every supported format (no Qt)."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import socket
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from desktop.ingest.article import Article, ReadError
from desktop.ingest.readers import SUPPORTED_SUFFIXES, read_article

SEEDS = Path(__file__).parents[2] / "seeds"

BODY = (
    "Thousands of residents returned to Kherson on Saturday, two days after Russian troops "
    "withdrew across the Dnipro river, local officials said. Long queues of cars formed at "
    "checkpoints on the road from Mykolaiv, where volunteers handed out bread and water. "
    "The city has no electricity or running water, and engineers warned that the repairs "
    "could take several weeks."
)


def read(tmp_path: Path, name: str, data: bytes) -> Article:
    """Write ``data`` as ``name`` and read it back the way the importer does."""
    path = tmp_path / name
    path.write_bytes(data)
    return read_article(path, path.read_bytes())


# --- the five sample articles ---------------------------------------------------------

SEED_EXPECTATIONS = {
    "000_": dict(
        title="Ukrainian military official says Azovstal evacuation continues",
        source="Ipodifier",
        published=None,
    ),
    "001_": dict(
        title="Ukrainian resistance group launch devastating 'revenge' attack on Russian "
        "Officers in occupied city",
        author="Jeppe W",
        published=dt.date(2023, 11, 17),
        published_from="dateline",
        source=None,
    ),
    "002_": dict(
        title="Russian soldiers flee for their lives from Kherson – Ukraine inteligence",
        published=dt.date(2024, 7, 23),
        published_from="dateline",
        source=None,
    ),
    "003_": dict(
        title="Ukrainian Partisan Movement Reports Mass Desertions by Russian Forces in "
        "Southern Kherson Region",
        source="ICARO Media Group",
        published=None,
    ),
    "004_": dict(
        title="The first direct contact between the Russian and Ukrainian military in Mariupol",
        published=dt.date(2022, 5, 7),
        published_from="war day count",
    ),
}


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTATIONS))
def test_seed_articles(prefix: str) -> None:
    (path,) = SEEDS.glob(f"{prefix}*.txt")
    article = read_article(path, path.read_bytes())
    assert article.format == "text"
    assert article.language == "en"
    for field, expected in SEED_EXPECTATIONS[prefix].items():
        assert getattr(article, field) == expected, field
    assert article.title and article.title in article.text  # the title line stays in the text
    for widget in ("Trending Now", "Top 5 This Week", "Leave a Reply", "Most Read"):
        assert widget not in article.text.splitlines()


def test_seed_keeps_all_prose() -> None:
    (path,) = SEEDS.glob("002_*.txt")
    article = read_article(path, path.read_bytes())
    assert "Kherson soldiers" in article.text
    assert article.text.endswith("escalate the conflict.")  # widget lines at the end dropped
    assert not article.text.startswith(" ")


# --- errors ------------------------------------------------------------------------


def test_supported_suffixes() -> None:
    expected = ".txt .md .markdown .html .htm .pdf .docx .eml .mhtml .mht"
    expected += " .png .jpg .jpeg .tif .tiff"
    assert sorted(SUPPORTED_SUFFIXES) == sorted(expected.split(" "))


def test_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^unsupported file type \.xyz$"):
        read(tmp_path, "notes.XYZ", b"hello")


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    with pytest.raises(ReadError, match=r"^empty file$"):
        read(tmp_path, f"empty{suffix}", b"")


JUNK = random.Random(7).randbytes(4096)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("junk.txt", "not a text file"),
        ("junk.md", "not a text file"),
        ("junk.pdf", "not a valid PDF"),
        ("junk.docx", "not a valid Word document"),
        ("junk.html", "not an HTML page"),
        ("junk.eml", "not an e-mail message"),
        ("junk.mhtml", "not an MHTML archive"),
        ("junk.png", "not a PNG, JPEG or TIFF image"),
        ("junk.tiff", "not a PNG, JPEG or TIFF image"),
    ],
)
def test_binary_junk(tmp_path: Path, name: str, reason: str) -> None:
    with pytest.raises(ReadError, match=f"^{reason}"):
        read(tmp_path, name, JUNK)


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    with pytest.raises(ReadError, match=r"^not a valid Word document \(\.docx\)"):
        read(tmp_path, "fake.docx", buffer.getvalue())


def test_truncated_pdf(tmp_path: Path) -> None:
    data = make_pdf([["Headline", BODY]])
    with pytest.raises(ReadError, match="PDF"):
        read(tmp_path, "cut.pdf", data[: len(data) // 3])


# --- HTML --------------------------------------------------------------------------

JSON_LD = """{ "@context": "https://schema.org", "@type": "NewsArticle",
  "headline": "Kherson residents return",
  "datePublished": "2022-11-13T08:30:00+02:00",
  "author": [{"@type": "Person", "name": "Olena Kovalenko"}, {"name": "John Roe"}],
  "publisher": {"@type": "Organization", "name": "Daily Example Media"},
}"""  # the trailing comma is deliberate: real pages have malformed JSON-LD

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Kherson residents return home | The Daily Example</title>
<meta property="og:title" content="Kherson residents return home after the retreat">
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2022-11-12T08:30:00+02:00">
<meta name="author" content="Olena Kovalenko">
<link rel="canonical" href="https://example.com/kherson-return">
{ld}
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/s">NAVSENTINEL</a></li></ul></nav>
</header>
<div class="menu"><a href="/sport">MENUSENTINEL Sport</a> <a href="/w">Weather</a></div>
<main><article><h1>Kherson residents return home</h1>
{paragraphs}
</article></main>
<section id="comments" class="comments"><h3>12 Comments</h3>
<div class="comment"><p>COMMENTSENTINEL This is all propaganda, wrote one reader.</p></div>
</section>
<aside class="related"><a href="/x">RELATEDSENTINEL Another story about the war</a></aside>
<footer><p>FOOTERSENTINEL Copyright 2022 The Daily Example.</p></footer>
<!-- HIDDENSENTINEL -->
</body></html>"""
PARAGRAPHS = "".join(f"<p>{sentence.strip()}.</p>\n" for sentence in BODY.split(". "))


def page(ld: str = JSON_LD, head: str = "", paragraphs: str = PARAGRAPHS) -> bytes:
    script = f'<script type="application/ld+json">{ld}</script>' if ld else ""
    html = PAGE.replace("{ld}", script + head).replace("{paragraphs}", paragraphs)
    return html.encode("utf-8")


def test_html_text_without_boilerplate(tmp_path: Path) -> None:
    article = read(tmp_path, "page.html", page())
    assert article.format == "html"
    assert "Long queues of cars formed at checkpoints" in article.text
    assert "several weeks." in article.text
    for sentinel in ("NAVSENTINEL", "MENUSENTINEL", "COMMENTSENTINEL", "RELATEDSENTINEL"):
        assert sentinel not in article.text
    assert "FOOTERSENTINEL" not in article.text and "HIDDENSENTINEL" not in article.text


def test_html_metadata_from_json_ld_and_meta(tmp_path: Path) -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(JSON_LD)  # the reader must cope with it anyway
    article = read(tmp_path, "page.htm", page())
    # the visible headline, which <title> confirms (og:title is a longer variant of it)
    assert article.title == "Kherson residents return home"
    assert article.source == "The Daily Example"  # og:site_name
    assert article.author == "Olena Kovalenko, John Roe"
    # JSON-LD and the meta tag disagree by a day: htmldate sides with the meta tag
    assert article.published == dt.date(2022, 11, 12)
    assert article.published_from == "meta article:published_time, confirmed by htmldate"
    assert article.url == "https://example.com/kherson-return"
    assert article.language == "en"


def test_html_metadata_without_json_ld(tmp_path: Path) -> None:
    article = read(tmp_path, "page.html", page(ld="{ this is : not json"))
    assert article.published == dt.date(2022, 11, 12)
    assert article.published_from == "meta article:published_time"
    assert article.author == "Olena Kovalenko"


def test_html_without_any_date_does_not_guess(tmp_path: Path) -> None:
    bare = page(ld="").decode().replace("article:published_time", "x-ignored")
    dated_body = PARAGRAPHS + "<p>The offensive began on 24 February 2022, a Thursday.</p>"
    bare = bare.replace(PARAGRAPHS, dated_body)
    article = read(tmp_path, "page.html", bare.encode())
    assert article.published is None and article.published_from is None


def test_html_title_tag_and_site_suffix(tmp_path: Path) -> None:
    html = (
        '<html lang="de"><head><meta charset="windows-1252"><title>Die Lage in Cherson – '
        "Beispiel Zeitung</title><meta property='og:site_name' content='Beispiel Zeitung'>"
        "</head><body><p>Der Bürgermeister sagte, dass die Straße für mehrere Wochen gesperrt "
        "wird und die Anwohner nicht erfreut sind.</p></body></html>"
    )
    article = read(tmp_path, "seite.html", html.encode("cp1252"))
    assert article.title == "Die Lage in Cherson"
    assert "Der Bürgermeister sagte" in article.text
    assert article.language == "de"


def test_html_is_never_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a reader tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    article = read(tmp_path, "page.html", page())
    assert "Kherson" in article.text


# --- PDF ---------------------------------------------------------------------------


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(pages: list[list[str]], info: dict[str, str] | None = None) -> bytes:
    """A minimal valid PDF, written by hand: one text line per string, Helvetica."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
        )
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 740 Td"]
        ops += [f"{_pdf_string(line)} Tj T*" for line in lines]
        stream = "\n".join([*ops, "ET"])
        objects.append(
            f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream"
        )
    if info:
        objects.append("<< " + " ".join(f"/{k} {_pdf_string(v)}" for k, v in info.items()) + " >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    info_ref = f" /Info {len(objects)} 0 R" if info else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info_ref} >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_handmade_pdf_is_valid() -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(make_pdf([["Page one"], ["Page two"]])))
    assert len(reader.pages) == 2
    assert "Page two" in (reader.pages[1].extract_text() or "")


def test_pdf_pages_and_dateline(tmp_path: Path) -> None:
    sentences = [s.strip() + "." for s in BODY.split(". ")]
    data = make_pdf(
        [["Kherson residents return home", "7 May 2022", *sentences[:2]], sentences[2:]],
        info={
            "Title": "Microsoft Word - draft3.doc",
            "Author": "Olena Kovalenko",
            "CreationDate": "D:20230101120000Z",
        },
    )
    article = read(tmp_path, "report.pdf", data)
    assert article.format == "pdf"
    assert article.title == "Kherson residents return home"  # the junk info title is ignored
    assert article.author == "Olena Kovalenko"
    assert (article.published, article.published_from) == (dt.date(2022, 5, 7), "dateline")
    assert "Long queues of cars" in article.text and "several weeks." in article.text
    assert article.language == "en"


def test_pdf_info_title_wins_and_creation_date_is_not_published(tmp_path: Path) -> None:
    data = make_pdf(
        [["REPORT 12/B", BODY[:80], BODY[80:160]]],
        info={"Title": "Kherson after the withdrawal", "CreationDate": "D:20221112090000Z"},
    )
    article = read(tmp_path, "report.pdf", data)
    assert article.title == "Kherson after the withdrawal"
    assert article.published is None


def test_pdf_without_text(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^no text in this PDF \(scanned images\?\)$"):
        read(tmp_path, "scan.pdf", make_pdf([[]]))


@pytest.mark.parametrize(("user_password", "readable"), [("secret", False), ("", True)])
def test_encrypted_pdf(tmp_path: Path, user_password: str, readable: bool) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(make_pdf([["Secret memo", BODY[:90]]])))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    if readable:
        assert read(tmp_path, "memo.pdf", buffer.getvalue()).title == "Secret memo"
    else:
        with pytest.raises(ReadError, match=r"^encrypted PDF: it needs a password to open$"):
            read(tmp_path, "memo.pdf", buffer.getvalue())


# --- DOCX --------------------------------------------------------------------------


def make_docx(title: str | None, author: str | None, paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    if author is not None:
        document.core_properties.author = author
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Casualties", "Unknown"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Merged cell note"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx(tmp_path: Path) -> None:
    data = make_docx("Kherson: the return", "Olena Kovalenko", ["Headline in the body", BODY])
    article = read(tmp_path, "story.docx", data)
    assert article.format == "docx"
    assert article.title == "Kherson: the return"
    assert article.author == "Olena Kovalenko"
    assert article.published is None  # the core "created" time is not the article's date
    assert article.text.startswith("Headline in the body\n\n" + BODY[:40])
    assert "Casualties\n\nUnknown\n\nMerged cell note" in article.text
    assert article.text.count("Merged cell note") == 1
    assert article.language == "en"


def test_docx_without_core_title_uses_first_line_and_dateline(tmp_path: Path) -> None:
    data = make_docx(None, None, ["Kherson residents return", "Tuesday, July 23, 2024", BODY])
    article = read(tmp_path, "story.docx", data)
    assert article.title == "Kherson residents return"
    assert article.author is None  # python-docx's default "python-docx" author is junk
    assert (article.published, article.published_from) == (dt.date(2024, 7, 23), "dateline")


# --- e-mail ------------------------------------------------------------------------


def make_email(html_only: bool = False) -> bytes:
    msg = EmailMessage()
    msg["Subject"] = "Kherson: residents return"
    msg["From"] = '"Olena Kovalenko" <olena@news.example.org>'
    msg["To"] = "desk@example.com"
    msg["Date"] = "Sat, 12 Nov 2022 23:30:00 -0500"
    msg["List-Id"] = "Daily Example Briefing <briefing.example.org>"
    if html_only:
        msg.set_content(f"<html><body><nav>NAVSENTINEL</nav><p>{BODY}</p></body></html>", "html")
    else:
        msg.set_content(BODY + "\n")
        msg.add_alternative(f"<p>HTMLVERSION {BODY}</p>", subtype="html")
    msg.add_attachment(b"ATTACHMENTSENTINEL", maintype="text", subtype="plain", filename="a.txt")
    return bytes(msg)


def test_email(tmp_path: Path) -> None:
    article = read(tmp_path, "mail.eml", make_email())
    assert article.format == "email"
    assert article.title == "Kherson: residents return"
    assert article.author == "Olena Kovalenko"
    assert article.source == "Daily Example Briefing"
    assert (article.published, article.published_from) == (
        dt.date(2022, 11, 12),
        "e-mail Date header",
    )
    assert article.text == BODY
    assert "ATTACHMENTSENTINEL" not in article.text and "HTMLVERSION" not in article.text
    assert article.language == "en"


def test_email_html_body(tmp_path: Path) -> None:
    article = read(tmp_path, "mail.eml", make_email(html_only=True))
    assert "Long queues of cars" in article.text
    assert "NAVSENTINEL" not in article.text


def test_htmldates_last_resort_reads_the_languages_the_text_dates_are_read_in(
    tmp_path: Path,
) -> None:
    """htmldate hands a date string its own patterns cannot read to dateparser, which, left
    unbounded, tries each of its ~200 locales (4 s of compiling the first time in each
    reader process). After a page is read, that parser is bounded to the languages of the
    text's date lines, with htmldate's settings, and still reads a date in them."""
    from htmldate import extractors

    from desktop.ingest.readers.html import HTMLDATE_LANGUAGES
    from desktop.ingest.textmeta import PARSER_LANGUAGES

    read(tmp_path, "page.html", page())
    parser = extractors.get_external_parser()
    assert parser.languages == list(HTMLDATE_LANGUAGES) == list(PARSER_LANGUAGES)
    assert parser is extractors.get_external_parser()  # one parser, made once
    assert extractors._external_date("3. März 2021") == dt.datetime(2021, 3, 3)
    assert extractors._external_date("12 March 2021") == dt.datetime(2021, 3, 12)
    assert extractors._external_date("not a date at all") is None
