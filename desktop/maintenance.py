"""Checking, repairing and backing up a library (``sourcedesk check`` and ``backup``)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from .store.models import Document
from .store.originals import sha256_hex

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


@dataclass
class CheckReport:
    """Everything ``check`` found."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        """True when nothing is wrong, or everything wrong was repaired."""
        return all(f.ok or f.repaired for f in self.findings)


def _database(lib: Library) -> list[Finding]:
    con = sqlite3.connect(lib.root / "library.sqlite")
    try:
        result = [r[0] for r in con.execute("PRAGMA integrity_check")]
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    return [
        Finding("database integrity", result == ["ok"], "; ".join(result[:5])),
        Finding("database references", not fk, f"{len(fk)} dangling references" if fk else ""),
    ]


def _originals(lib: Library, repair: bool) -> Finding:
    with lib.sessions() as session:
        rows = session.execute(
            select(Document.id, Document.original_sha256, Document.original_path)
        ).all()
    bad: list[tuple[int, str, str]] = [
        (doc_id, digest, path) for doc_id, digest, path in rows if not lib.originals.verify(digest)
    ]
    if not bad:
        return Finding("originals", True, f"{len(rows)} kept with the right hash")
    fixed = 0
    if repair:
        for _, digest, path in bad:
            source = Path(path)
            if source.is_file():
                data = source.read_bytes()
                if sha256_hex(data) == digest:
                    lib.originals.put(data)
                    fixed += 1
    detail = f"{len(bad)} missing or damaged (e.g. document {bad[0][0]})"
    if repair:
        detail += f"; {fixed} restored from where they were imported"
    return Finding("originals", False, detail, repaired=repair and fixed == len(bad))


def _index(lib: Library, repair: bool) -> Finding:
    with lib.sessions() as session:
        store_ids = set(session.scalars(select(Document.id)))
    indexed = set(lib.index.indexed_ids().tolist())
    missing, extra = store_ids - indexed, indexed - store_ids
    if not missing and not extra:
        return Finding("search index", True, f"{len(store_ids)} documents in step with the store")
    detail = f"{len(missing)} documents missing from the index, {len(extra)} left over"
    if repair:
        lib.repair_index()
    return Finding("search index", False, detail, repaired=repair)


def _leftovers(lib: Library, repair: bool) -> Finding:
    temps = list(lib.originals.root.rglob(".tmp-*")) if lib.originals.root.exists() else []
    if not temps:
        return Finding("unfinished writes", True)
    if repair:
        for t in temps:
            t.unlink(missing_ok=True)
    return Finding(
        "unfinished writes",
        False,
        f"{len(temps)} partial files from an interrupted import",
        repaired=repair,
    )


def check(lib: Library, repair: bool = False) -> CheckReport:
    """Verify store integrity, the index against the store, and every original's hash."""
    report = CheckReport(_database(lib))
    if repair and not report.healthy:
        return report  # a damaged database is not something to write to
    with lib.writing():
        report.findings += [_index(lib, repair), _originals(lib, repair), _leftovers(lib, repair)]
    pending = lib.pending_entities()
    report.findings.append(
        Finding("entities", True, f"{pending} documents still wait for entities" if pending else "")
    )
    return report


def backup(lib: Library, dest: Path) -> int:
    """A consistent copy of the library in ``dest`` while it stays in use; returns documents."""
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty; choose a new folder for the backup")
    dest.mkdir(parents=True, exist_ok=True)
    with lib.writing():  # no writer while the database and index are copied
        src = sqlite3.connect(lib.root / "library.sqlite")
        dst = sqlite3.connect(dest / "library.sqlite")
        try:
            src.backup(dst)  # SQLite's online backup: a consistent snapshot
        finally:
            dst.close()
            src.close()
        if (lib.root / "index").exists():
            shutil.copytree(lib.root / "index", dest / "index")
    con = sqlite3.connect(dest / "library.sqlite")
    try:
        digests = {r[0] for r in con.execute("SELECT DISTINCT original_sha256 FROM documents")}
        count = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()
    for digest in digests:  # originals never change once written: no lock needed
        target = dest / "originals" / digest[:2] / digest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(lib.originals.path_for(digest), target)
    os.sync()
    return int(count)


__all__ = ["CheckReport", "Finding", "backup", "check"]
