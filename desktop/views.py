"""Plain read-only values the Library hands to the command line and the window."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, field, replace
from typing import Any

from search.frozen import frozen


@frozen
class MentionView:
    """An entity mention: span in the document text, kind, canonical name, and why the text
    names that entity (``link``, a code of ``desktop.entities.links``; ``link_reason`` says
    it in a sentence). ``id`` is the mention's id for per-mention curation."""

    start: int
    end: int
    text: str
    kind: str
    canonical: str
    entity_id: int
    id: int = 0
    link: str | None = None
    link_detail: str | None = None

    @property
    def link_reason(self) -> str:
        """Why this text is filed under its entity, as a sentence for the reader."""
        from .entities.links import describe

        return describe(self.link, self.link_detail, self.text, self.canonical)


def mention_view(m: Any) -> MentionView:
    """The view of a stored mention (a ``store.Mention`` with its entity loaded)."""
    return MentionView(
        m.start, m.end, m.text, m.entity.kind, m.entity.name, m.entity_id, m.id, m.link,
        m.link_detail,
    )  # fmt: skip


@frozen
class HitNote:
    """A hit that came through a name rather than the words searched: which, and why."""

    start: int
    end: int
    note: str

    def to_json(self) -> dict[str, object]:
        """``show --json`` rows of ``hit_notes``."""
        return {"start": self.start, "end": self.end, "note": self.note}


#: Why a document whose entities are done has none, as the user reads it.
ENTITIES_STATUS_TEXT = {
    "too_long": "entities not found: took too long",
    "failed": "entities not found: the entity finder failed on this article",
}


@frozen
class DocumentView:
    """A document as the reader shows it."""

    id: int
    filename: str
    title: str
    source: str | None
    source_raw: str | None
    author: str | None
    published: dt.date | None
    published_from: str | None
    language: str | None
    format: str
    text: str
    original_sha256: str
    original_path: str
    imported_at: dt.datetime
    entities: list[MentionView] = field(default_factory=list)
    #: what the query matched: spans in the text and in the title, and notes on the spans
    #: that matched through a name (``place:Kiev`` marking "Kyiv")
    hits: list[tuple[int, int]] = field(default_factory=list)
    title_hits: list[tuple[int, int]] = field(default_factory=list)
    hit_notes: list[HitNote] = field(default_factory=list)
    #: the hits one steps through in the text (a quoted phrase whole, where ``hits`` marks
    #: its words one by one: ``search.highlight.hit_runs``)
    hit_runs: list[tuple[int, int]] = field(default_factory=list)
    url: str | None = None  # the article's own address, as the saved page gives it
    #: None, or why the entity finder gave up on this article (``ENTITIES_STATUS_TEXT``)
    entities_status: str | None = None
    edited: tuple[str, ...] = ()  # the metadata fields the user set (their values are theirs)
    trashed: bool = False
    #: its entities are not looked for yet (an import was cancelled, or is still at it)
    entities_pending: bool = False

    @property
    def entities_note(self) -> str | None:
        """The user's words for ``entities_status`` ("entities not found: took too long")."""
        if self.entities_status is None:
            return (
                "entities not found yet: they follow with the next import"
                if (self.entities_pending)
                else None
            )
        return ENTITIES_STATUS_TEXT.get(self.entities_status, "entities not found")

    def with_hits(
        self,
        hits: list[tuple[int, int]],
        title_hits: list[tuple[int, int]] | None = None,
        notes: list[HitNote] | None = None,
        runs: list[tuple[int, int]] | None = None,
    ) -> DocumentView:
        """The same document with search-hit spans (``runs``: the hits to step through,
        ``hits`` when not given)."""
        return replace(
            self,
            hits=hits,
            title_hits=title_hits or [],
            hit_notes=notes or [],
            hit_runs=hits if runs is None else runs,
        )

    def canonical_names(self, kinds: tuple[str, ...]) -> list[str]:
        """Distinct canonical names of the given kinds, in order of first mention."""
        seen: dict[str, None] = {}
        for m in self.entities:
            if m.kind in kinds:
                seen.setdefault(m.canonical, None)
        return list(seen)

    def to_json(self) -> dict[str, object]:
        """The ``show --json`` shape documented in the README."""
        return {
            "id": self.id,
            "filename": self.filename,
            "title": self.title,
            "source": self.source,
            "source_raw": self.source_raw,
            "author": self.author,
            "published": self.published.isoformat() if self.published else None,
            "published_from": self.published_from,
            "language": self.language,
            "url": self.url,
            "format": self.format,
            "original_sha256": self.original_sha256,
            "original_path": self.original_path,
            "imported_at": self.imported_at.isoformat(timespec="seconds"),
            "text": self.text,
            "entities": [
                {
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "kind": m.kind,
                    "canonical": m.canonical,
                    "mention_id": m.id,
                    "entity_id": m.entity_id,
                    "link": m.link,
                    "link_reason": m.link_reason,
                }
                for m in self.entities
            ],
            "entities_status": self.entities_status,
            "edited": list(self.edited),
            "entities_pending": self.entities_pending,
            "trashed": self.trashed,
        }


@frozen
class LibraryStats:
    """Counts and sizes of a library."""

    path: str
    search_engine: str
    documents: int
    undated: int
    trashed: int
    sources: int
    mentions: int
    entities: dict[str, int]
    index_documents: int
    index_pending: int
    database_bytes: int
    index_bytes: int
    originals_bytes: int

    def to_json(self) -> dict[str, object]:
        """``stats --json``."""
        return asdict(self)
