"""``sourcedesk push --to URL`` and ``pull --from URL``: articles, curation and marks between
two libraries.

Either side may be a folder or a server library; the copy goes through the target's own
import (its originals, its full text, its entities), so the target is never written any
other way than by an import there. An article is already there when the target holds the
same original bytes or the same text (the import's own duplicate test): a second run copies
nothing. Metadata corrected by hand (``edited``) travels with the article. Articles in the
source's trash stay behind.

Then the user's work travels (:func:`carry_work`): entity curation by names
(:mod:`.sync_curation`: merges, renames, kind changes, ignored and un-ignored names, removed
spellings, mentions refiled), marks by article identity (:mod:`.sync_marks`: stars, tags,
notes, collections), quotes and saved searches (:mod:`.sync_saved`), the trash
(:mod:`.sync_trash`: articles moved to it or taken out) and marks the source's user removed
(:mod:`.sync_removals`), in one transaction of the target logged as one ``sync`` step, so
Edit → Undo (``sourcedesk undo``) there takes back the whole of it. What either side already
has is left alone: a re-run writes nothing. The conflict rules are in docs/server.md.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, select, update

from ..changes import Change
from ..curation_steps import log_step
from ..ingest.pipeline import ImportProgress
from ..store import CurationStep, Document
from ..workbench_undo import UndoLog
from . import sync_collections, sync_curation, sync_marks, sync_removals, sync_saved, sync_trash
from .sync_collections import CollectionsCarried
from .sync_curation import CurationCarried
from .sync_log import Articles, identities
from .sync_marks import MarksCarried
from .sync_removals import RemovalsCarried
from .sync_saved import SavedCarried
from .sync_trash import TrashCarried

if TYPE_CHECKING:
    from ..library import Library


@dataclass
class SyncReport:
    """What a push or pull did."""

    copied: int = 0
    already: int = 0
    edited: int = 0
    failed: list[str] = field(default_factory=list)
    work: WorkCarried | None = None

    @property
    def summary(self) -> str:
        """One line for the terminal (and a line of curation and marks, once carried)."""
        line = f"copied {self.copied} articles ({self.already} already there"
        if self.edited:
            line += f", {self.edited} with corrected metadata"
        line += ")"
        if self.failed:
            line += f"; {len(self.failed)} failed: " + "; ".join(self.failed[:5])
        if self.work is not None:
            line += "\n" + self.work.summary
        return line


@dataclass
class WorkCarried:
    """The curation and marks a push or pull carried (see :func:`carry_work`)."""

    curation: CurationCarried
    marks: MarksCarried
    saved: SavedCarried = field(default_factory=SavedCarried)
    trash: TrashCarried = field(default_factory=TrashCarried)
    removals: RemovalsCarried = field(default_factory=RemovalsCarried)
    collections: CollectionsCarried = field(default_factory=CollectionsCarried)

    @property
    def summary(self) -> str:
        """One line: what was carried, and the conflicts (the target's side kept). Names
        shown again, quotes, saved searches and the trash are named when there were some."""
        c, m, s, t, r = self.curation, self.marks, self.saved, self.trash, self.removals
        line = (
            f"carried {c.merged} merges, {c.renamed} renames, {c.kinds} kind changes, "
            f"{c.ignored} ignored names"
        )
        line += f", {c.shown} names shown again" if c.shown else ""
        line += f", {c.unspelled} spellings removed" if c.unspelled else ""
        line += f", {c.refiled} mentions refiled" if c.refiled else ""
        line += (
            f"; {m.stars} stars, {m.tags} tags, {m.notes} notes, {m.collected} collection entries"
        )
        line += f", {s.quotes} quotes" if s.quotes else ""
        line += f", {s.searches} saved searches" if s.searches else ""
        line += f"; {r.removed} marks removed" if r.removed else ""
        k = self.collections
        line += f"; {k.renamed} collections renamed" if k.renamed else ""
        line += f"; {k.removed} collections removed" if k.removed else ""
        if t.trashed or t.restored:
            line += f"; {t.trashed} moved to the trash, {t.restored} taken out of it"
        waiting = c.unmatched + m.unmatched
        if waiting:
            line += f" ({waiting} not matched here yet)"
        if m.notes_kept:
            line += f"; kept {m.notes_kept} later notes of this side"
        if t.kept:
            line += f"; kept {t.kept} later trash decisions of this side"
        if r.kept:
            line += f"; kept {r.kept} marks made here after the other side removed them"
        conflicts = c.conflicts + s.conflicts + k.conflicts
        if conflicts:
            line += f"; {len(conflicts)} conflicts: " + "; ".join(conflicts[:5])
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
    on_progress: Callable[[ImportProgress], None] | None = None,
) -> SyncReport:
    """Copy the articles of ``source`` that ``target`` lacks (see the module);
    ``on_progress`` follows the target's import of them."""
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
        done = target.import_paths(list(files), on_progress=on_progress, entities=entities)
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
    report.already += len(done.duplicates)
    return report


def carry_work(source: Library, target: Library) -> tuple[WorkCarried, Change]:
    """Carry the source's entity curation and marks into ``target`` as one undoable
    ``sync`` step (none when there was nothing to carry)."""
    with source.sessions() as session:
        ids = identities(session)  # how the target finds each of the source's articles
        decisions = sync_curation.read_source(session, ids)
        marks = sync_marks.read_source(session, ids)
        saved = sync_saved.read_source(session, ids)
        trash = sync_trash.read_source(session)
        removals = sync_removals.read_source(session, ids)
        collections = sync_collections.read_source(session)
    with target.writing():
        with target.sessions.begin() as session:
            before = session.scalar(select(CurationStep.id).order_by(CurationStep.id.desc()))
            articles = Articles(session)  # the target's, by the source's identities
            curated = sync_curation.carry(session, decisions, articles)
            trashed = sync_trash.carry(session, trash, articles)
            session.flush()
            # the curation steps just made become part of the one sync step
            made = list(
                session.scalars(
                    select(CurationStep)
                    .where(CurationStep.id > (before or 0))
                    .order_by(CurationStep.id)
                )
            )
            steps = [{"op": s.op, "undo": json.loads(s.undo), "summary": s.summary} for s in made]
            if made:
                session.execute(delete(CurationStep).where(CurationStep.id > (before or 0)))
            log = UndoLog()
            # renamed first: the marks then find each collection under its new name
            moved = sync_collections.carry(session, collections, log)
            marked = sync_marks.carry(session, marks, log, articles)
            kept = sync_saved.carry(
                session, saved, log, articles
            )  # after the collections it may use
            # after the additions: a mark both copied and removed is the source's latest state
            removed = sync_removals.carry(session, removals, log, articles)
            work = WorkCarried(curated, marked, kept, trashed, removed, moved)
            if steps or not log.empty:
                data = log.data()
                data["steps"] = steps
                log_step(session, "sync", f"{work.summary} (from {source.location})", data)
        target.flush_index()
    documents = frozenset(
        curated.documents
        | marked.documents
        | kept.documents
        | trashed.documents
        | removed.documents
        | moved.documents
    )
    change = Change(work.summary, documents, entities=bool(steps), marks=not log.empty)
    return work, change


def sync(
    lib: Library,
    direction: str,
    other: str,
    entities: bool = True,
    on_progress: Callable[[ImportProgress], None] | None = None,
) -> SyncReport:
    """``push`` (``lib`` -> ``other``) or ``pull`` (``other`` -> ``lib``): the articles the
    target lacks, then the user's work as one undoable step there (see the module).
    ``other`` is a folder or a server address."""
    from ..library import Library
    from ..paths import resolve_library

    if direction not in ("push", "pull"):
        raise ValueError(f"push or pull, not {direction!r}")
    with Library.open(resolve_library(other)) as there:
        source, target = (lib, there) if direction == "push" else (there, lib)
        report = copy_articles(source, target, entities=entities, on_progress=on_progress)
        report.work, _change = carry_work(source, target)
    return report


__all__ = ["SyncReport", "WorkCarried", "carry_work", "copy_articles", "sync"]
