"""What ``check`` reports, shared by a folder library's and a server library's checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from .store.models import Document, IndexQueue

if TYPE_CHECKING:
    from .library import Library


@dataclass
class Finding:
    """One thing ``check`` looked at: what it found, and whether it was repaired."""

    what: str
    ok: bool
    detail: str = ""
    repaired: bool = False

    def to_json(self) -> dict[str, object]:
        """``check --json`` rows."""
        return {"what": self.what, "ok": self.ok, "detail": self.detail, "repaired": self.repaired}


Repair = Callable[[], None]


@dataclass
class CheckReport:
    """Everything ``check`` found."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        """True when nothing is wrong, or everything wrong was repaired."""
        return all(f.ok or f.repaired for f in self.findings)


def index_finding(lib: Library) -> tuple[Finding, Repair | None]:
    """The search index against the store (queued articles are not missing), and its repair."""
    with lib.sessions() as session:
        store_ids = set(session.scalars(select(Document.id)))
        queued = set(session.scalars(select(IndexQueue.document_id)))
    indexed = set(lib.index.indexed_ids().tolist())
    # queued documents are not missing: the writer (or the next one) indexes them
    missing, extra = store_ids - indexed - queued, indexed - store_ids - queued
    waiting = f"; {len(queued)} wait in the queue to be indexed" if queued else ""
    if not missing and not extra:
        detail = f"{len(store_ids) - len(queued)} documents in step with the store{waiting}"
        return Finding("search index", True, detail), None
    finding = Finding(
        "search index",
        False,
        f"{len(missing)} documents missing from the index, {len(extra)} left over{waiting}",
    )

    def repair() -> None:
        lib.repair_index()
        finding.repaired = True

    return finding, repair


__all__ = ["CheckReport", "Finding", "Repair", "index_finding"]
