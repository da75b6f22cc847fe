"""Readable PDFs are read, no parser noise reaches the terminal, and every failure reason is
in the user's terms, with the cause where it lies (a missing library is an installation
problem, not a bad file)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.ingest.article import ReadError
from desktop.ingest.readers import read_article
from desktop.ingest.reasons import DAMAGED, reason_for, user_terms
from tests.helpers import ROOT
from tests.unit.test_readers import make_pdf

MEMO = [["Grain memo", "Ships left Odesa on Monday after weeks of closure, officials said."]]
DEVELOPER_TEXT = re.compile(r"object at 0x|pip install|index out of range|Traceback|Error\b")


def encrypted(user_password: str, algorithm: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(make_pdf(MEMO)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def with_stream_filter(pdf: bytes, name: str) -> bytes:
    """The first content stream marked as compressed with ``name`` (its bytes unchanged)."""
    return re.sub(
        rb"<< /Length (\d+) >>", rb"<< /Length \1 /Filter /" + name.encode() + rb" >>", pdf, count=1
    )


def office_file_named_docx(content_type: str) -> bytes:
    """An Office package whose main part is not a Word document (an .xlsx renamed .docx)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" '
            f'ContentType="{content_type}"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def reason(name: str, data: bytes) -> str:
    with pytest.raises(ReadError) as failed:
        read_article(Path(name), data)
    return str(failed.value)


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256", "RC4-128"])
def test_a_pdf_with_an_empty_user_password_is_read(algorithm: str) -> None:
    article = read_article(Path("memo.pdf"), encrypted("", algorithm))
    assert article.title == "Grain memo" and "Odesa" in article.text


def test_a_pdf_that_needs_a_password_says_so() -> None:
    assert reason("memo.pdf", encrypted("secret", "AES-256")) == (
        "encrypted PDF: it needs a password to open"
    )


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "sheet.docx",
            office_file_named_docx(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
            ),
            "not a valid Word document (.docx): it is a spreadsheet, not a Word document",
        ),
        (
            "brotli.pdf",
            with_stream_filter(make_pdf(MEMO), "BrotliDecode"),
            "not a PDF Sourcedesk can read: it uses Brotli compression",
        ),
    ],
)
def test_reasons_are_in_the_users_terms(name: str, data: bytes, expected: str) -> None:
    said = reason(name, data)
    assert said == expected
    assert not DEVELOPER_TEXT.search(said)


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (IndexError("list index out of range"), DAMAGED),
        (KeyError("/Root"), DAMAGED),
        (AttributeError("'NoneType' object has no attribute 'get'"), DAMAGED),
        (
            ValueError("invalid literal for int() with base 10: 'x'"),
            "invalid literal for int() with base 10: 'x'",
        ),
        (
            ModuleNotFoundError("No module named 'pypdf'", name="pypdf"),
            "Sourcedesk is installed without pypdf; reinstall Sourcedesk",
        ),
        (
            ImportError("lxml.html.clean module is now a separate project lxml_html_clean."),
            "Sourcedesk is installed without lxml_html_clean; reinstall Sourcedesk",
        ),
    ],
)
def test_unforeseen_errors_become_reasons(exc: BaseException, expected: str) -> None:
    assert reason_for(exc) == expected


def test_developer_text_is_taken_out() -> None:
    assert user_terms("cannot parse <_io.BytesIO object at 0x7f3a2c1b>") == "cannot parse the file"
    assert user_terms("not a valid PDF: list index out of range") == DAMAGED
    assert "pip" not in user_terms("x is required. Install it with: pip install pypdf[x]")


BLOCK_LXML_HTML_CLEAN = """
import importlib.abc, sys

class Uninstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "lxml_html_clean":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Uninstalled())
"""

PAGE = (
    "<html><head><title>Grain deal</title></head><body><article><h1>Grain deal</h1><p>"
    + "Ships left Odesa on Monday after weeks of closure, officials said. " * 10
    + "</p></article></body></html>"
)


def test_a_missing_library_is_an_installation_problem_and_noise_stays_out(tmp_path: Path) -> None:
    """Every process of the import (readers too) runs without lxml_html_clean, as after an
    install with an old pip; and pypdf's log lines never reach the terminal."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCK_LXML_HTML_CLEAN, "utf-8")
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "page.html").write_text(PAGE, "utf-8")
    pdf = make_pdf(MEMO).replace(b"/Encoding /WinAnsiEncoding", b"/Encoding /NULL           ")
    (drop / "null-encoding.pdf").write_bytes(pdf)  # pypdf logs "Advanced encoding /NULL..."
    res = subprocess.run(
        [sys.executable, "-m", "desktop", "--library", str(tmp_path / "lib"), "import", str(drop)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "PYTHONPATH": f"{site}:{ROOT}"},
    )
    assert res.returncode == 1
    assert res.stderr.splitlines() == [
        f"sourcedesk: {drop / 'page.html'}: Sourcedesk is installed without lxml_html_clean; "
        "reinstall Sourcedesk"
    ]
    assert "imported" in res.stdout and "null-encoding.pdf" in res.stdout
