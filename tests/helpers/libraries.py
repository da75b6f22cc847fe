"""Real libraries made from small articles a test writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.library import Library


def write_articles(folder: Path, articles: dict[str, str]) -> list[Path]:
    """Write each article as ``NAME.txt`` (its first line is its title); the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in articles.items():
        path = folder / f"{name}.txt"
        path.write_text(text.strip() + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def library_of(
    root: Path, articles: dict[str, str], entities: bool = True, location: str | None = None
) -> Library:
    """An open library at ``root/lib`` (or ``location``: a folder or a server database)
    holding ``articles`` (imported, entities found)."""
    lib = Library.open(location or root / "lib")
    report = lib.import_paths(write_articles(root / "articles", articles), entities=entities)
    assert len(report.imported) == len(articles), report.failed
    return lib


def location_for(backend: str, request: Any, folder: Path) -> str:
    """Where a test's library goes: ``folder/lib``, or a new database of the test cluster."""
    if backend == "sqlite":
        return str(folder / "lib")
    return str(request.getfixturevalue("pg_databases").empty())


def ids_by_name(lib: Library) -> dict[str, int]:
    """Document id of each article, by the file name it was imported from (without .txt)."""
    hits = lib.searcher.hits(lib.searcher.all_ids(_everything()).tolist())
    return {h.filename.removesuffix(".txt"): h.id for h in hits}


def _everything():  # type: ignore[no-untyped-def]
    from desktop.querying import SearchRequest

    return SearchRequest(limit=0)
