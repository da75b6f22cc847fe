"""Checking, repairing and backing up a library (``sourcedesk check`` and ``backup``)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from . import recovery
from .checking import CheckReport, Finding, Repair, index_finding
from .store.db import read_only_uri
from .store.layout import DB_NAME, INDEX_DIR, ORIGINALS_DIR
from .store.models import Document
from .store.originals import OriginalStore, sha256_hex

if TYPE_CHECKING:
    from .library import Library


def _connect(lib: Library) -> sqlite3.Connection:
    """A plain connection as the library opened its store (read-only media stay untouched)."""
    path = lib.root / DB_NAME
    if lib.read_only:
        return sqlite3.connect(read_only_uri(path), uri=True)
    return sqlite3.connect(path)


def _database(lib: Library) -> list[Finding]:
    con = _connect(lib)
    try:
        result = [r[0] for r in con.execute("PRAGMA integrity_check")]
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    return [
        Finding("database integrity", result == ["ok"], "; ".join(result[:5])),
        Finding("database references", not fk, f"{len(fk)} dangling references" if fk else ""),
    ]


def _originals(lib: Library) -> tuple[Finding, Repair | None]:
    with lib.sessions() as session:
        rows = session.execute(
            select(Document.id, Document.original_sha256, Document.original_path)
        ).all()
    bad: list[tuple[int, str, str]] = [
        (doc_id, digest, path) for doc_id, digest, path in rows if not lib.originals.verify(digest)
    ]
    if not bad:
        return Finding("originals", True, f"{len(rows)} kept with the right hash"), None
    finding = Finding(
        "originals", False, f"{len(bad)} missing or damaged (e.g. document {bad[0][0]})"
    )

    def restore() -> None:
        fixed = 0
        for _, digest, path in bad:
            source = Path(path)
            if source.is_file():
                data = source.read_bytes()
                if sha256_hex(data) == digest:
                    lib.originals.put(data)
                    fixed += 1
        finding.detail += f"; {fixed} restored from where they were imported"
        finding.repaired = fixed == len(bad)

    return finding, restore


def _phrase_pairs(lib: Library) -> tuple[Finding, Repair | None]:
    """The word pairs and positions beside the index (search/phrase_files.py): missing (an
    index from before them, or lost) or left incomplete (a write that failed), quoted
    phrases are read in the stored texts, or without the pairs found by the engine's words,
    until they are written again from the store."""
    if lib.index.pairs_complete() is not False:
        return Finding("phrase pairs", True), None
    finding = Finding(
        "phrase pairs",
        False,
        "missing or incomplete: until the phrase index is written again, quoted phrases are "
        "read in the stored texts (slower), or without its word pairs found by their words "
        '(slower still, and words joined by "." or "_" are missed)',
    )

    def rebuild() -> None:
        lib.write_phrase_pairs()
        finding.repaired = bool(lib.index.pairs_complete())

    return finding, rebuild


def _leftovers(lib: Library) -> tuple[Finding, Repair | None]:
    return _removable(
        "unfinished writes", recovery.partial_files(lib), "partial files from an interrupted import"
    )


def _unreferenced(lib: Library) -> tuple[Finding, Repair | None]:
    return _removable(
        "originals without an article",
        recovery.unreferenced_originals(lib),
        "kept files no article points at (left by an interrupted import)",
    )


def _removable(what: str, paths: list[Path], said: str) -> tuple[Finding, Repair | None]:
    if not paths:
        return Finding(what, True), None
    finding = Finding(what, False, f"{len(paths)} {said}")

    def remove() -> None:
        finding.repaired = recovery.remove(paths) == len(paths)

    return finding, remove


def check(lib: Library, repair: bool = False) -> CheckReport:
    """Verify store integrity, the index against the store, and every original's hash.

    Checking only reads (it works on a read-only library and beside a running import);
    ``repair`` then takes the write lock for what it can repair.
    """
    if lib.home.kind == "server":
        from .server.maintenance import check as check_server

        return check_server(lib, repair)
    report = CheckReport(_database(lib))
    if repair and not report.healthy:
        return report  # a damaged database is not something to write to
    found = [
        index_finding(lib),
        _phrase_pairs(lib),
        _originals(lib),
        _leftovers(lib),
        _unreferenced(lib),
    ]
    report.findings += [finding for finding, _ in found]
    repairs = [fix for _, fix in found if fix is not None]
    if repair and repairs:
        if lib.read_only:
            report.findings.append(
                Finding("repair", False, "the library is read-only: nothing was repaired")
            )
        else:
            with lib.writing():
                for fix in repairs:
                    fix()
    pending = lib.pending_entities()
    report.findings.append(
        Finding("entities", True, f"{pending} documents still wait for entities" if pending else "")
    )
    return report


def backup(lib: Library, dest: Path) -> int:
    """A consistent copy of the library in ``dest`` while it stays in use; returns documents."""
    if lib.home.kind == "server":
        from .server.maintenance import backup as backup_server

        return backup_server(lib, dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty; choose a new folder for the backup")
    dest.mkdir(parents=True, exist_ok=True)
    # no writer while the database and index are copied (none can write a read-only one)
    with contextlib.nullcontext() if lib.read_only else lib.writing():
        src = _connect(lib)
        dst = sqlite3.connect(dest / DB_NAME)
        try:
            src.backup(dst)  # SQLite's online backup: a consistent snapshot
        finally:
            dst.close()
            src.close()
        if (lib.root / INDEX_DIR).exists():
            shutil.copytree(lib.root / INDEX_DIR, dest / INDEX_DIR)
    con = sqlite3.connect(dest / DB_NAME)
    try:
        digests = {r[0] for r in con.execute("SELECT DISTINCT original_sha256 FROM documents")}
        count = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()
    copies = OriginalStore(dest / ORIGINALS_DIR)
    for digest in digests:  # originals never change once written: no lock needed
        target = copies.path_for(digest)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(lib.originals.path_for(digest), target)
    os.sync()
    return int(count)


__all__ = ["CheckReport", "Finding", "backup", "check"]
