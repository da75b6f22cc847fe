"""Word documents (.docx): paragraphs and table cells with python-docx."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from ..article import Article, ReadError
from ..language import detect_language
from ..textmeta import analyse
from .pdf import real_author, real_title
from .text import clean_text


def _blocks(container: Any) -> Iterator[str]:
    """Paragraph texts in document order, descending into tables (merged cells once)."""
    from docx.text.paragraph import Paragraph

    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            yield item.text
            continue
        seen: set[Any] = set()  # the cell elements themselves: ids of freed proxies recur
        for row in item.rows:
            for cell in row.cells:
                if cell._tc not in seen:
                    seen.add(cell._tc)
                    yield from _blocks(cell)


#: A Word document's parts, unpacked, may not exceed this (a zip bomb stops here).
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 200


def _check_archive(data: bytes) -> None:
    """Refuse a .docx whose parts would unpack to far more than the file (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ReadError(f"not a valid Word document (.docx): {exc}") from None
    unpacked = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if unpacked > MAX_UNPACKED or (unpacked > 10 * 1024 * 1024 and unpacked / packed > MAX_RATIO):
        raise ReadError(
            f"refused: this .docx would unpack to {unpacked / 1e6:.0f} MB from "
            f"{len(data) / 1e6:.1f} MB (a zip bomb?)"
        )


def read_docx(data: bytes) -> Article:
    """Read a .docx; the core ``created`` time is not taken as the article's date."""
    import docx  # lazy: ~0.1 s to import
    from docx.opc.exceptions import PackageNotFoundError

    if not data.startswith(b"PK"):
        raise ReadError("not a valid Word document (.docx): not a ZIP package")
    _check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(f"not a valid Word document (.docx): {exc}") from None
    text = clean_text("\n\n".join(b.strip() for b in _blocks(document) if b.strip()))
    if not text:
        raise ReadError("no text in this Word document")
    core = document.core_properties
    found = analyse(text)
    return Article(
        text=found.text,
        format="docx",
        title=real_title(core.title) or found.title,
        source=found.source,
        author=found.author or real_author(core.author),
        published=found.published,
        published_from=found.published_from,
        language=detect_language(found.text),
    )
