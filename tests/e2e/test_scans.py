"""Scans and photos of documents, imported with the ``sourcedesk`` command: read by OCR.

The scans are drawn here with Qt (offscreen), as an image and as a PDF of images only.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.e2e.test_cli import run

TEXT = (
    "Kherson residents return home\n\nThousands of residents returned to Kherson on "
    "Saturday, two days after Russian troops withdrew across the Dnipro river."
)
PDF_TEXT = (
    "Ferry service resumes in Odesa\n\nThe first ferry in a year left Odesa harbour on "
    "Monday, and port officials said grain ships would follow within the week."
)
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract OCR is not installed (make test installs it)",
)


def _image(text: str):  # -> QImage
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    image = QImage(1600, 520, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(QColor("black"))
    font = QFont("DejaVu Sans")
    font.setPixelSize(44)
    painter.setFont(font)
    painter.drawText(QRectF(60, 50, 1480, 420), Qt.TextFlag.TextWordWrap, text)
    painter.end()
    return image


@pytest.fixture
def scans(tmp_path: Path, qapp: object) -> Path:
    """A folder with a scanned page as PNG and as a PDF without any text layer."""
    from PySide6.QtCore import QMarginsF, QRectF
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    folder = tmp_path / "scans"
    folder.mkdir()
    assert _image(TEXT).save(str(folder / "clipping.png"))
    writer = QPdfWriter(str(folder / "scanned.pdf"))
    writer.setResolution(150)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    painter = QPainter(writer)
    painter.drawImage(QRectF(60, 60, 1000, 325), _image(PDF_TEXT))
    painter.end()
    return folder


@needs_tesseract
def test_scans_are_read_by_ocr_and_the_report_says_so(tmp_path: Path, scans: Path) -> None:
    res = run("import", str(scans), "--json", library=tmp_path / "lib")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    notes = {f["filename"]: f.get("notes") for f in report["imported"]}
    assert notes == {"clipping.png": ["read by OCR"], "scanned.pdf": ["page 1 read by OCR"]}
    ids = {f["filename"]: f["id"] for f in report["imported"]}
    shown = json.loads(
        run("show", str(ids["clipping.png"]), "--json", library=tmp_path / "lib").stdout
    )
    assert "withdrew across the Dnipro river" in shown["text"]
    assert shown["title"] == "Kherson residents return home"
    assert shown["format"] == "image"
    hits = json.loads(run("search", "grain ships", "--json", library=tmp_path / "lib").stdout)
    assert [h["id"] for h in hits["hits"]] == [ids["scanned.pdf"]]


@needs_tesseract
def test_the_plain_import_report_names_the_ocr_pages(tmp_path: Path, scans: Path) -> None:
    (scans / "clipping.png").unlink()
    res = run("import", str(scans / "scanned.pdf"), library=tmp_path / "lib")
    assert res.returncode == 0, res.stderr
    assert "(page 1 read by OCR)" in res.stdout


def test_without_tesseract_the_file_fails_saying_why(tmp_path: Path, scans: Path) -> None:
    res = run("import", str(scans), library=tmp_path / "lib", env={"PATH": str(tmp_path)})
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 2
    for line in lines:
        assert "Tesseract OCR" in line and "not installed" in line
