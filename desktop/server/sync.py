"""``sourcedesk push --to URL`` and ``pull --from URL``: articles between two libraries.

Either side may be a folder or a server library; the copy goes through the target's own
import (its originals, its full text, its entities), so the target is never written any
other way than by an import there. An article is already there when the target holds the
same original bytes or the same text (the import's own duplicate test): a second run copies
nothing. Metadata corrected by hand (``edited``) travels with the article. Articles in the
source's trash stay behind.

Not carried (yet): entity curation (merges, renames, ignored names) and the workbench's
notes; the target finds its entities itself.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from ..store import Document

if TYPE_CHECKING:
    from ..library import Library


@dataclass
class SyncReport:
    """What a push or pull did."""

    copied: int = 0
    already: int = 0
    edited: int = 0
    failed: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One line for the terminal."""
        line = f"copied {self.copied} articles ({self.already} already there"
        if self.edited:
            line += f", {self.edited} with corrected metadata"
        line += ")"
        if self.failed:
            line += f"; {len(self.failed)} failed: " + "; ".join(self.failed[:5])
        return line


#: what an edited article's corrections are copied as (Documents.edit's fields)
_EDITED = ("title", "author", "published", "url")


def _identities(lib: Library) -> tuple[set[str], set[str]]:
    with lib.sessions() as session:
        rows = session.execute(select(Document.original_sha256, Document.text_sha256)).all()
    return {r[0] for r in rows}, {r[1] for r in rows}


def copy_articles(
    source: Library,
    target: Library,
    entities: bool = True,
    on_progress: Callable[[int, int], None] | None = None,
) -> SyncReport:
    """Copy the articles of ``source`` that ``target`` lacks (see the module)."""
    report = SyncReport()
    originals, texts = _identities(target)
    with source.sessions() as session:
        docs = list(
            session.scalars(
                select(Document).where(Document.trashed_at.is_(None)).order_by(Document.id)
            )
        )
        session.expunge_all()
    wanted = []
    for doc in docs:
        if doc.original_sha256 in originals or doc.text_sha256 in texts:
            report.already += 1
        else:
            wanted.append(doc)
    if not wanted:
        return report
    with tempfile.TemporaryDirectory(prefix="sourcedesk-sync-") as tmp:
        files: dict[Path, Document] = {}
        for doc in wanted:
            try:
                data = source.originals.get(doc.original_sha256)
            except FileNotFoundError:
                report.failed.append(f"{doc.filename}: its original is missing")
                continue
            # one folder per article: two articles may share a file name
            path = Path(tmp) / str(doc.id) / (Path(doc.filename).name or "article")
            path.parent.mkdir()
            path.write_bytes(data)
            files[path] = doc
        done = target.import_paths(list(files), entities=entities)
    report.failed += [f"{Path(f.path).name}: {f.error}" for f in done.failed]
    by_id = {str(d.id): d for d in files.values()}
    for imported in done.imported:
        came = by_id.get(Path(imported.path).parent.name)  # the folder is the source's id
        report.copied += 1
        if came is None:
            continue
        with target.writing(), target.sessions.begin() as session:
            # where the article first came from, not the copy's temporary folder
            session.execute(
                update(Document)
                .where(Document.id == imported.id)
                .values(original_path=came.original_path)
            )
        if came.edited:
            fields = {name: getattr(came, name) for name in _EDITED}
            fields["source"] = came.source_raw
            target.documents.edit([imported.id], **fields)
            report.edited += 1
        if on_progress:
            on_progress(report.copied, len(files))
    report.already += len(done.duplicates)
    return report


__all__ = ["SyncReport", "copy_articles"]
