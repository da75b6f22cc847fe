"""Web pages saved "complete": the page, and a folder of its images, scripts and frames.

Browsers save ``Article.html`` with ``Article_files/`` beside it (localised by some:
``Article-Dateien``, ``Article_archivos``...). The page is the article; what is in
the folder (ad frames as ``.html``, images) is not, and is never imported when the
page's folder is imported.
"""

from __future__ import annotations

from pathlib import Path

#: Endings browsers give the folder of a complete page, by language.
ASSET_FOLDER_ENDINGS = (
    "_files",
    "-Dateien",
    "_archivos",
    "_fichiers",
    "_file",
    "_arquivos",
    "_bestanden",
    "_pliki",
    "_soubory",
    "_filer",
    "-tiedostot",
    "_файлы",
    "_файли",
)
_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".aspx")


def is_page_assets(parent: Path, name: str) -> bool:
    """Whether folder ``name`` in ``parent`` holds the assets of a page saved next to it."""
    for ending in ASSET_FOLDER_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending):
            stem = name[: -len(ending)]
            return any((parent / f"{stem}{suffix}").is_file() for suffix in _PAGE_SUFFIXES)
    return False
