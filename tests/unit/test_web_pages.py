"""Saved web pages as they really come: each cause of a misread page in issue 13, as a page
the test writes. Read through ``read_article`` (what the import workers run)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.ingest.article import Article
from desktop.ingest.readers import read_article

PARAS = [
    "Thousands of residents returned to Kherson on Saturday, two days after Russian troops "
    "withdrew across the Dnipro river, local officials said.",
    "Long queues of cars formed at checkpoints on the road from Mykolaiv, where volunteers "
    "handed out bread and water to the families coming home.",
    "The city has no electricity or running water, and engineers warned that the repairs "
    "could take several weeks before the first districts are connected again.",
]
BODY = "".join(f"<p>{p}</p>\n" for p in PARAS)


def read(tmp_path: Path, html: str | bytes, name: str = "page.html") -> Article:
    path = tmp_path / name
    path.write_bytes(html.encode("utf-8") if isinstance(html, str) else html)
    return read_article(path, path.read_bytes())


def page(body: str = BODY, head: str = "", title: str = "Kherson residents return home") -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"{head}</head><body>{body}</body></html>"
    )


# --- the article is never cut away before the extractor sees it --------------------------


@pytest.mark.parametrize(
    "wrapper",
    [
        '<form id="aspnetForm" method="post"><div class="main"><h1>Title</h1>{}</div></form>',
        "<header><h1>Title</h1><div class='story'>{}</div></header>",
        "<noscript><div class='story'>{}</div></noscript>",
        "<nav class='top'><a href='/'>Home</a></nav><aside><div>{}</div></aside>",
    ],
    ids=["inside-form", "inside-header", "inside-noscript", "inside-aside"],
)
def test_article_inside_form_header_noscript_is_read(tmp_path: Path, wrapper: str) -> None:
    article = read(tmp_path, page(wrapper.format(BODY)))
    for paragraph in PARAS:
        assert paragraph in article.text


def test_two_articles_in_forms_are_both_imported(tmp_path: Path) -> None:
    from desktop.library import Library

    folder = tmp_path / "pages"
    folder.mkdir()
    other = BODY.replace("Kherson", "Izium").replace("Dnipro", "Donets")
    for name, body in (("a.html", BODY), ("b.html", other)):
        html = page(f"<form><a href='#main'>Skip to main content</a>{body}</form>")
        (folder / name).write_text(html, encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([folder], entities=False)
    assert len(report.imported) == 2 and not report.duplicates and not report.failed


# --- charset: valid UTF-8 wins, then the declaration, then detection ----------------------


@pytest.mark.parametrize(
    ("declared", "encoding", "words"),
    [
        ("iso-8859-1", "utf-8", "Forstærket håb for de hjemvendte i Kherson"),
        ("euc-kr", "utf-8", "헤르손 주민들이 집으로 돌아왔다"),
        ("windows-1252", "cp1252", "Der Bürgermeister sagte, die Straße bleibt gesperrt"),
        ("windows-1251", "cp1251", "Жители вернулись в Херсон после отступления"),
        (None, "cp1251", "Жители вернулись в Херсон после отступления"),
        ("utf-8", "cp1252", "Der Bürgermeister sagte, die Straße bleibt gesperrt"),
    ],
)
def test_charset(tmp_path: Path, declared: str | None, encoding: str, words: str) -> None:
    meta = f'<meta charset="{declared}">' if declared else ""
    html = (
        f"<html><head>{meta}<title>{words}</title></head><body>"
        + f"<p>{words}. {PARAS[0]}</p><p>{words}. {PARAS[1]}</p></body></html>"
    )
    article = read(tmp_path, html.encode(encoding))
    assert words in article.text


def test_utf8_with_one_broken_byte_stays_utf8(tmp_path: Path) -> None:
    html = page(f"<p>Forstærket håb, sagde borgmesteren. {PARAS[0]}</p><p>{PARAS[1]}</p>")
    data = html.encode("utf-8").replace(b"sagde", b"sagd\xe9", 1)
    article = read(tmp_path, data)
    assert "Forstærket håb" in article.text


# --- dates: every kind of evidence, the page's local day, and no guessing -----------------


@pytest.mark.parametrize(
    ("head", "body_extra", "expected", "origin"),
    [
        ('<meta property="og:article:published_time" content="2023-03-02">', "", "2023-03-02",
         "meta og:article:published_time"),
        ('<meta name="dcterms.created" content="2023-03-02">', "", "2023-03-02",
         "meta dcterms.created"),
        ('<meta name="publication_date" content="2023-03-02">', "", "2023-03-02",
         "meta publication_date"),
        ('<meta name="sw-pubdate" content="2023-03-02T10:00:00">', "", "2023-03-02",
         "meta sw-pubdate"),
        ('<script type="application/ld+json">{"@type": "NewsArticle", "dateCreated":'
         ' "2023-03-02T08:00:00+01:00",}</script>', "", "2023-03-02", "JSON-LD dateCreated"),
        ('<script type="application/ld+json">{"@type": "VideoObject", "uploadDate":'
         ' "2023-03-02"}</script>', "", "2023-03-02", "JSON-LD uploadDate"),
        ("", '<p class="meta"><time datetime="2023-03-02T09:00">2 March 2023</time></p>',
         "2023-03-02", "<time> element"),
        ("", '<abbr class="published" title="2023-03-02T09:00:00+01:00">2 March</abbr>',
         "2023-03-02", "microformat"),
        ("", '<div class="article-date">Published on 2 March 2023 by Olena Kovalenko</div>',
         "2023-03-02", "page text"),
    ],
    ids=["og-article", "dcterms-created", "publication_date", "sw-pubdate", "ld-dateCreated",
         "ld-uploadDate", "time-without-pubdate", "abbr-published", "date-in-byline-line"],
)  # fmt: skip
def test_date_evidence(
    tmp_path: Path, head: str, body_extra: str, expected: str, origin: str
) -> None:
    article = read(
        tmp_path, page("<h1>Kherson residents return home</h1>" + body_extra + BODY, head)
    )
    assert article.published == dt.date.fromisoformat(expected)
    assert article.published_from is not None and origin in article.published_from


def test_malformed_json_ld_is_still_read(tmp_path: Path) -> None:
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-03-02T10:00:00Z", "headline": "x" "oops"}</script>'  # noqa: E501
    article = read(tmp_path, page(BODY, broken))
    assert article.published == dt.date(2023, 3, 2)
    assert article.published_from == "JSON-LD datePublished"


def test_utc_stamp_is_read_in_the_pages_local_day(tmp_path: Path) -> None:
    """A Denver page: 01:09 UTC on 9 November is the evening of 8 November there."""
    head = '<meta property="article:published_time" content="2023-11-09T01:09:00Z">'
    body = (
        "<h1>Snow closes mountain passes</h1>"
        '<div class="byline"><time datetime="2023-11-08T18:09:00-07:00">Nov 8, 2023</time></div>'
    )
    article = read(tmp_path, page(body + BODY, head))
    assert article.published == dt.date(2023, 11, 8)
    assert "as the page shows it" in (article.published_from or "")


def test_original_publication_beats_the_update(tmp_path: Path) -> None:
    head = (
        '<meta property="article:published_time" content="2019-06-17T09:00:00+02:00">'
        '<meta property="article:modified_time" content="2020-06-04T16:41:00+02:00">'
    )
    body = (
        "<h1>Docker images for Python</h1><p class='post-date'>Published 17 June 2019, "
        "updated 4 June 2020</p>"
    )
    article = read(tmp_path, page(body + BODY, head))
    assert article.published == dt.date(2019, 6, 17)


def test_stamps_that_disagree_leave_the_page_undated(tmp_path: Path) -> None:
    head = (
        '<meta property="article:published_time" content="2015-02-01T10:00:00+01:00">'
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "datePublished": "2021-09-30T10:00:00+01:00"}</script>'
    )
    article = read(tmp_path, page(BODY, head))
    assert article.published is None and article.published_from is None


def test_dates_of_comments_and_teasers_are_not_the_articles(tmp_path: Path) -> None:
    body = (
        BODY + '<section class="comments"><div class="comment"><span class="comment-date">'
        "3 May 2021</span> Great article!</div></section>"
        "<ul class='related'><li><span class='date'>4 May 2021</span> Another story</li></ul>"
    )
    assert read(tmp_path, page(body)).published is None


# --- title, byline, address ---------------------------------------------------------------


def test_title_without_a_site_name_that_differs_from_the_outlet(tmp_path: Path) -> None:
    head = '<link rel="canonical" href="https://anarc.at/blog/2023-03-02-cdpath/">'
    article = read(tmp_path, page(BODY, head, title="CDPATH replacements - anarcat"))
    assert article.title == "CDPATH replacements"
    assert article.url == "https://anarc.at/blog/2023-03-02-cdpath/"


def test_generic_title_falls_back_to_og_title(tmp_path: Path) -> None:
    head = '<meta property="og:title" content="Kherson residents return home">'
    assert read(tmp_path, page(BODY, head, title="Home")).title == "Kherson residents return home"


def test_headline_without_its_kicker(tmp_path: Path) -> None:
    body = (
        '<article><h1><span class="kicker">War in Ukraine</span> Kherson residents return '
        "home</h1>" + BODY + "</article>"
    )
    head = '<meta property="og:title" content="Kherson residents return home">'
    article = read(tmp_path, page(body, head, title="War in Ukraine: Kherson | Daily"))
    assert article.title == "Kherson residents return home"


def test_byline_from_author_markup_not_comments_nor_the_site(tmp_path: Path) -> None:
    head = (
        '<meta name="author" content="The Daily Example">'
        '<meta property="og:site_name" content="The Daily Example">'
    )
    body = (
        "<article><h1>Kherson residents return home</h1>"
        '<p class="byline">By <a rel="author" href="/a/ok">Olena Kovalenko</a> | 12 Nov 2022</p>'
        + BODY
        + "</article><div class='comments'><span class='comment-author'>Troll Account</span>"
        "<p>Fake news</p></div>"
    )
    assert read(tmp_path, page(body, head)).author == "Olena Kovalenko"


@pytest.mark.parametrize(
    ("site_name", "address", "outlet"),
    [
        # Reuters' pages name their site after the edition: the address is the outlet's
        ("U.S.", "https://www.reuters.com/article/us-kherson-idUSKBN1", "Reuters"),
        (None, "https://www.nytimes.com/2022/11/12/world/kherson.html", "The New York Times"),
        # a known outlet the page names stays, even on another's address (syndication)
        ("Associated Press", "https://www.nytimes.com/aponline/kherson.html", "Associated Press"),
        # an address no outlet is known by: the page's own name for its site
        ("The Daily Example", "https://daily.example.com/kherson", "The Daily Example"),
        ("U.S.", "https://daily.example.com/kherson", "U.S"),
        ("The Daily Example", "http://[::1/kherson", "The Daily Example"),  # a broken address
    ],
)
def test_outlet_from_the_address_when_the_site_name_is_no_outlet(
    tmp_path: Path, site_name: str | None, address: str, outlet: str
) -> None:
    from desktop.entities.outlets import normalize_outlet

    head = f'<link rel="canonical" href="{address}">'
    if site_name:
        head += f'<meta property="og:site_name" content="{site_name}">'
    article = read(tmp_path, page(BODY, head))
    assert normalize_outlet(article.source) == outlet  # the outlet facet's value
    # the evidence kept beside it: the page's own name, or the address's host
    assert article.source in (site_name, address.split("/")[2])
    assert article.text  # read whole, whatever the address


def test_a_reading_time_is_no_byline(tmp_path: Path) -> None:
    head = '<meta name="author" content="Olena Kovalenko">'
    body = (
        "<article><h1>Kherson residents return home</h1>"
        '<div class="byline">1 Min Read</div>' + BODY + "</article>"
    )
    assert read(tmp_path, page(body, head)).author == "Olena Kovalenko"


def test_saved_from_url_comment_is_the_address(tmp_path: Path) -> None:
    html = "<!-- saved from url=(0031)https://example.com/kherson -->\n" + page(BODY)
    assert read(tmp_path, html).url == "https://example.com/kherson"


# --- what browsers save ---------------------------------------------------------------------


def mhtml(html: str, url: str = "https://example.com/news/kherson") -> bytes:
    """A single-file page as Chrome writes it (quoted-printable page, base64 image)."""
    import quopri

    encoded = quopri.encodestring(html.encode("utf-8")).decode("ascii")
    return (
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {url}\r\n"
        "Subject: Kherson residents return home\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
        "------B\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
        f"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: {url}\r\n\r\n"
        f"{encoded}\r\n"
        "------B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Location: https://example.com/logo.png\r\n\r\niVBORw0KGgo=\r\n"
        "------B--\r\n"
    ).encode("ascii")


@pytest.mark.parametrize("suffix", [".mhtml", ".mht"])
def test_mhtml(tmp_path: Path, suffix: str) -> None:
    html = page("<h1>Kherson residents return home</h1>" + BODY.replace("Dnipro", "Dnipró"))
    article = read(tmp_path, mhtml(html), name=f"page{suffix}")
    assert article.format == "html"
    assert "withdrew across the Dnipró river" in article.text
    assert article.title == "Kherson residents return home"
    assert article.url == "https://example.com/news/kherson"


def test_complete_page_folder_is_imported_once(tmp_path: Path) -> None:
    from desktop.library import Library

    drop = tmp_path / "drop"
    assets = drop / "Kherson residents return home_files"
    assets.mkdir(parents=True)
    (drop / "Kherson residents return home.html").write_text(page(BODY), encoding="utf-8")
    (assets / "ad-frame.html").write_text(page("<p>Buy now! " * 30 + "</p>"), encoding="utf-8")
    (assets / "style.css").write_text("p { color: red }", encoding="utf-8")
    (assets / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    (drop / "notes_files").mkdir()  # no page beside it: an ordinary folder
    (drop / "notes_files" / "note.txt").write_text(PARAS[0], encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([drop], entities=False)
    assert sorted(f.filename for f in report.imported) == [
        "Kherson residents return home.html",
        "note.txt",
    ]
    assert not report.failed
