"""Syndicated and near-duplicate versions (``library.workbench.versions``).

After an import has found its entities, each new article gets a MinHash signature (kept in
the store) and is compared with the library's articles that share a band of it; a pair
whose texts share at least ``THRESHOLD`` of their word windows is a pair of versions, and
versions form a group (:mod:`desktop.versions_index` says why these numbers). Wire briefs,
too short to compare by text, are compared by headline and day instead
(:mod:`desktop.versions_briefs`). A group's head is its earliest version. Grouping writes
only the version tables, in one transaction, off the reading path: the articles are
searchable before it starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

import numpy as np
from sqlalchemy import ColumnElement, func, insert, select, update
from sqlalchemy.orm import Session

from search.frozen import frozen

from . import versions_briefs as vb
from . import versions_index as vi
from .store.models import Document, Source
from .store.workbench_models import VersionLink, VersionSignature
from .versions_diff import VersionDiff, side_by_side
from .workbench_base import LibraryLike, WorkbenchError

#: signatures compared before a candidate pair's texts are read (a pair at THRESHOLD
#: estimates below this with a probability under 1e-4)
PREFILTER = 0.25
TEXT_CACHE = 20_000
#: Characters of article text read from the store at once when making word windows.
TEXT_CHARS = 4_000_000


@frozen
class VersionInfo:
    """One version of a story: the article, and how much of its text the head's has."""

    id: int
    title: str
    source: str | None
    published: dt.date | None
    filename: str
    head: bool
    similarity: float  # share of word windows in common with the head (1.0 for the head)

    def to_json(self) -> dict[str, object]:
        """``versions ID --json`` rows."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "filename": self.filename,
            "head": self.head,
            "similarity": round(self.similarity, 3),
        }


class _Windows:
    """Word windows of articles, read from the store in chunks and kept while they serve."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[int, vi.U64] = {}

    def get(self, ids: Iterable[int]) -> dict[int, vi.U64]:
        wanted = sorted(set(ids))
        missing = [i for i in wanted if i not in self.cache]
        if len(self.cache) + len(missing) > TEXT_CACHE:
            self.cache = {i: self.cache[i] for i in wanted if i in self.cache}
        for chunk in self._chunks(missing):
            rows = self.session.execute(
                select(Document.id, Document.title, Document.text, Source.name, Document.author)
                .outerjoin(Source, Source.id == Document.source_id)
                .where(Document.id.in_(chunk))
            )
            for doc_id, title, text, source, author in rows:
                self.cache[int(doc_id)] = vi.windows(vi.body_of(text, title, source, author))
        return {i: self.cache[i] for i in wanted if i in self.cache}

    def _chunks(self, ids: list[int]) -> Iterator[list[int]]:
        """Runs of at most 2,000 articles and TEXT_CHARS characters of text (a longer article
        alone): the texts of one run are in memory together (issue 18: 693 long PDFs read at
        once took the importing process from 85 to 334 MB)."""
        for start in range(0, len(ids), 2000):
            part = ids[start : start + 2000]
            sizes = {
                int(doc_id): int(size or 0)
                for doc_id, size in self.session.execute(
                    select(Document.id, func.length(Document.text)).where(Document.id.in_(part))
                )
            }
            run: list[int] = []
            chars = 0
            for doc_id in part:
                size = sizes.get(doc_id, 0)
                if run and chars + size > TEXT_CHARS:
                    yield run
                    run, chars = [], 0
                run.append(doc_id)
                chars += size
            if run:
                yield run


class Versions:
    """Groups of versions in one library."""

    def __init__(self, library: LibraryLike) -> None:
        self.library = library
        self.sessions = library.sessions

    def pending(self) -> int:
        """Articles not compared yet."""
        with self.sessions() as session:
            done = select(VersionSignature.document_id)
            return (
                session.scalar(
                    select(func.count()).select_from(Document).where(Document.id.not_in(done))
                )
                or 0
            )

    def group_pending(self, should_cancel: Callable[[], bool] | None = None) -> int:
        """Compare every article not compared yet with the whole library; returns how many
        articles joined a group. All is written in one transaction at the end."""
        with self.library.writing(), self.sessions() as session:
            done = select(VersionSignature.document_id)
            pending = session.scalars(
                select(Document.id).where(Document.id.not_in(done)).order_by(Document.id)
            ).all()
            if not pending:
                return 0
            windows = _Windows(session)
            new_ids, new_sigs, rows, short = [], [], [], []
            for start in range(0, len(pending), 2000):
                if should_cancel and should_cancel():
                    return 0
                found = windows.get(pending[start : start + 2000])
                for doc_id, shingles in found.items():
                    sig = vi.signature(shingles)
                    blob = sig.tobytes() if sig is not None else None
                    rows.append({"document_id": doc_id, "signature": blob})
                    if sig is not None:
                        new_ids.append(doc_id)
                        new_sigs.append(sig)
                    else:
                        short.append(doc_id)
                windows.cache.clear()
            old_ids, old_sigs = _stored_signatures(session)
            edges = _verified_edges(session, windows, old_ids, old_sigs, new_ids, new_sigs)
            edges.update(_brief_edges(session, short))
            joined = _write_groups(session, edges)
            session.execute(insert(VersionSignature), rows)
            session.commit()
        self.library.searcher.invalidate()
        return joined

    def of(self, doc_id: int) -> list[VersionInfo]:
        """The versions of an article's story, the head (earliest) first; [] if none."""
        with self.sessions() as session:
            group = session.scalar(
                select(VersionLink.group_id).where(VersionLink.document_id == doc_id)
            )
            if group is None:
                return []
            members = session.scalars(
                select(VersionLink.document_id).where(VersionLink.group_id == group)
            ).all()
            if len(members) < 2:
                return []
            docs = session.scalars(
                select(Document).where(Document.id.in_(members), Document.trashed_at.is_(None))
            ).all()
            if len(docs) < 2:  # the others are in the trash
                return []
            docs = sorted(docs, key=lambda d: (d.published or dt.date.max, d.id))
            head = docs[0]
            shingles = _Windows(session).get(d.id for d in docs)
            return [
                VersionInfo(
                    d.id,
                    d.title,
                    d.source.name if d.source else None,
                    d.published,
                    d.filename,
                    d is head,
                    1.0 if d is head else _similarity(head, d, shingles),
                )
                for d in docs
            ]

    def diff(self, a: int, b: int) -> VersionDiff:
        """Two articles side by side: what each has that the other has not."""
        with self.sessions() as session:
            left, right = session.get(Document, a), session.get(Document, b)
            if left is None or right is None:
                raise WorkbenchError(f"no article with id {a if left is None else b}")
            return side_by_side(left.text, right.text)


def _similarity(head: Document, doc: Document, shingles: dict[int, vi.U64]) -> float:
    """How much of its text a version shares with the head: its word windows, or for two
    briefs (too short to compare texts) its headline's."""
    a, b = shingles.get(head.id), shingles.get(doc.id)
    if a is not None and b is not None and min(len(a), len(b)) >= vi.MIN_WINDOWS:
        return vi.similarity(a, b)
    ha, hb = vb.headline_windows(head.title or ""), vb.headline_windows(doc.title or "")
    if ha is None or hb is None:
        return vi.similarity(a, b) if a is not None and b is not None else 0.0
    return vb.similarity(ha, hb)


def _briefs(session: Session, where: ColumnElement[bool]) -> list[vb.Brief]:
    found = []
    rows = session.execute(
        select(
            Document.id, Document.title, Document.text, Document.published, Source.name,
            Document.author,
        )
        .outerjoin(Source, Source.id == Document.source_id)
        .where(where, Document.published.is_not(None))
    )  # fmt: skip
    for doc_id, title, text, published, source, author in rows:
        b = vb.brief(int(doc_id), title, text, published, source, author)
        if b is not None:
            found.append(b)
    return found


def _brief_edges(session: Session, short: list[int]) -> dict[tuple[int, int], float]:
    """Pairs of briefs of one wire item (:mod:`desktop.versions_briefs`) among the new
    articles too short for a signature and the library's short articles of their days."""
    new: list[vb.Brief] = []
    for start in range(0, len(short), 2000):
        new += _briefs(session, Document.id.in_(short[start : start + 2000]))
    if not new:
        return {}
    days = sorted({b.published for b in new})
    fresh = set(short)
    old: list[vb.Brief] = []
    for start in range(0, len(days), 500):
        stored_short = select(VersionSignature.document_id).where(
            VersionSignature.signature.is_(None)
        )
        old += [
            b
            for b in _briefs(
                session,
                Document.published.in_(days[start : start + 500]) & Document.id.in_(stored_short),
            )
            if b.id not in fresh
        ]
    return vb.edges(new, old)


def _stored_signatures(session: Session) -> tuple[list[int], list[vi.U32]]:
    ids, sigs = [], []
    rows = session.execute(
        select(VersionSignature.document_id, VersionSignature.signature).where(
            VersionSignature.signature.is_not(None)
        )
    )
    for doc_id, blob in rows:
        ids.append(int(doc_id))
        sigs.append(np.frombuffer(blob, dtype=np.uint32))
    return ids, sigs


def _verified_edges(
    session: Session,
    windows: _Windows,
    old_ids: list[int],
    old_sigs: list[vi.U32],
    new_ids: list[int],
    new_sigs: list[vi.U32],
) -> dict[tuple[int, int], float]:
    """Pairs of documents (at least one new) whose texts share ``THRESHOLD`` of windows."""
    if not new_ids:
        return {}
    ids = np.array(old_ids + new_ids, dtype=np.int64)
    sigs = np.vstack(old_sigs + new_sigs) if old_sigs else np.vstack(new_sigs)
    is_new = np.zeros(len(ids), dtype=bool)
    is_new[len(old_ids) :] = True
    pairs = vi.candidate_pairs(vi.band_keys(sigs), is_new)
    if not pairs:
        return {}
    pa, pb = (np.array(x, dtype=np.int64) for x in zip(*sorted(pairs), strict=True))
    estimate = (sigs[pa] == sigs[pb]).mean(axis=1)
    keep = estimate >= PREFILTER
    edges: dict[tuple[int, int], float] = {}
    a_ids, b_ids = ids[pa[keep]].tolist(), ids[pb[keep]].tolist()
    for start in range(0, len(a_ids), 2000):
        chunk = list(zip(a_ids[start : start + 2000], b_ids[start : start + 2000], strict=True))
        found = windows.get([i for pair in chunk for i in pair])
        for a, b in chunk:
            if a in found and b in found:
                sim = vi.similarity(found[a], found[b])
                if sim >= vi.THRESHOLD:
                    edges[(min(a, b), max(a, b))] = sim
    return edges


def _write_groups(session: Session, edges: dict[tuple[int, int], float]) -> int:
    """Join the verified pairs into groups (with the groups they touch); returns how many
    articles are in a group now that were not before."""
    if not edges:
        return 0
    touched = sorted({i for pair in edges for i in pair})
    existing: dict[int, tuple[int, int | None, float]] = {}
    for start in range(0, len(touched), 5000):
        chunk = touched[start : start + 5000]
        groups = select(VersionLink.group_id).where(VersionLink.document_id.in_(chunk))
        for d, g, m, s in session.execute(
            select(
                VersionLink.document_id, VersionLink.group_id, VersionLink.matched_id,
                VersionLink.similarity,
            ).where(VersionLink.group_id.in_(groups))
        ):  # fmt: skip
            existing[int(d)] = (int(g), m, float(s))
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_group: dict[int, list[int]] = {}
    for doc, (group, _, _) in existing.items():
        by_group.setdefault(group, []).append(doc)
    for members in by_group.values():
        for other in members[1:]:
            union(members[0], other)
    best: dict[int, tuple[float, int]] = {}
    for (a, b), sim in edges.items():
        union(a, b)
        for x, y in ((a, b), (b, a)):
            if sim > best.get(x, (0.0, 0))[0]:
                best[x] = (sim, y)
    components: dict[int, list[int]] = {}
    for doc in list(parent):
        components.setdefault(find(doc), []).append(doc)
    inserts, joined = [], 0
    for members in components.values():
        group = min(members)
        for doc in members:
            if doc in existing:
                if existing[doc][0] != group:
                    session.execute(
                        update(VersionLink)
                        .where(VersionLink.document_id == doc)
                        .values(group_id=group)
                    )
            else:
                sim, match = best.get(doc, (0.0, None))
                inserts.append(
                    {"document_id": doc, "group_id": group, "matched_id": match, "similarity": sim}
                )
                joined += 1
    if inserts:
        session.execute(insert(VersionLink), inserts)
    return joined
