"""``check`` and ``backup`` of a server library.

``check`` asks the database: the originals' hashes (computed by the server, no bytes sent),
articles whose original is missing, originals no article points at, and the full-text
index against the articles. ``backup`` is one ``pg_dump`` (custom format, consistent while
the library is in use): the database holds the articles, the originals and the index.
Restore it with ``createdb NEWDB && pg_restore -d NEWDB library.pgdump``.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

from ..checking import CheckReport, Finding, Repair, index_finding
from ..store.originals import sha256_hex

if TYPE_CHECKING:
    from ..library import Library

DUMP_NAME = "library.pgdump"
RESTORE_NOTE = """This folder is a backup of the Sourcedesk library {location}
made by pg_dump (custom format) on {when}. To restore it into a new database:

    createdb NEWDB
    pg_restore --no-owner -d NEWDB {dump}

then open it with: sourcedesk --library postgresql://USER@HOST/NEWDB stats
(run `sourcedesk server init postgresql://OWNER@HOST/NEWDB` again to grant the roles).
"""


def _database(lib: Library) -> list[Finding]:
    with lib.sessions() as session:
        version = session.execute(text("SHOW server_version")).scalar_one()
        missing = session.execute(
            text(
                "SELECT count(*) FROM documents d WHERE NOT EXISTS "
                "(SELECT 1 FROM originals o WHERE o.sha256 = d.original_sha256)"
            )
        ).scalar_one()
    return [
        Finding("database integrity", True, f"PostgreSQL {version}"),
        Finding(
            "database references",
            not missing,
            f"{missing} articles whose original is not kept" if missing else "",
        ),
    ]


def _originals(lib: Library) -> tuple[Finding, Repair | None]:
    damaged = set(lib.originals.damaged())
    with lib.sessions() as session:
        rows = session.execute(
            text(
                "SELECT d.id, d.original_sha256, d.original_path FROM documents d "
                "LEFT JOIN originals o ON o.sha256 = d.original_sha256 "
                "WHERE o.sha256 IS NULL OR o.sha256 = ANY(:bad) ORDER BY d.id"
            ),
            {"bad": sorted(damaged)},
        ).all()
        kept = session.execute(text("SELECT count(*) FROM originals")).scalar_one()
    if not rows:
        return Finding("originals", True, f"{kept} kept with the right hash"), None
    finding = Finding(
        "originals", False, f"{len(rows)} missing or damaged (e.g. document {rows[0][0]})"
    )

    def restore() -> None:
        fixed = 0
        for _, digest, path in rows:
            source = Path(path)
            if source.is_file():
                data = source.read_bytes()
                if sha256_hex(data) == digest:
                    with lib.sessions.begin() as session:
                        session.execute(
                            text("DELETE FROM originals WHERE sha256 = :d"), {"d": digest}
                        )
                        lib.originals.keep(session, data)
                    fixed += 1
        finding.detail += f"; {fixed} restored from where they were imported"
        finding.repaired = fixed == len(rows)

    return finding, restore


def _unreferenced(lib: Library) -> tuple[Finding, Repair | None]:
    # an import writes its original and its article in one transaction: a row left alone
    # can only come from outside Sourcedesk, or from an article deleted by hand
    query = (
        "FROM originals o WHERE NOT EXISTS "
        "(SELECT 1 FROM documents d WHERE d.original_sha256 = o.sha256)"
    )
    with lib.sessions() as session:
        count = int(session.execute(text(f"SELECT count(*) {query}")).scalar_one())
    if not count:
        return Finding("originals without an article", True), None
    finding = Finding(
        "originals without an article", False, f"{count} kept originals no article points at"
    )

    def remove() -> None:
        with lib.sessions.begin() as session:
            session.execute(text(f"DELETE {query}"))
        finding.repaired = True

    return finding, remove


def check(lib: Library, repair: bool = False) -> CheckReport:
    """Verify a server library (see the module); ``repair`` mends what it can."""
    report = CheckReport(_database(lib))
    found = [index_finding(lib), _originals(lib), _unreferenced(lib)]
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


def pg_dump_program() -> str:
    """The newest ``pg_dump`` installed (it must not be older than the server)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"), reverse=True)
    program = found[0] if found else shutil.which("pg_dump")
    if not program:
        raise FileNotFoundError(
            "pg_dump is not installed (Debian: apt-get install postgresql-client)"
        )
    return program


def backup(lib: Library, dest: Path) -> int:
    """``pg_dump`` of the whole library into ``dest/library.pgdump``; returns its articles."""
    import datetime as dt

    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty; choose a new folder for the backup")
    dest.mkdir(parents=True, exist_ok=True)
    url = lib.home.url  # type: ignore[attr-defined]
    env = dict(os.environ)
    if url.password:  # given in the address: handed to pg_dump the way libpq reads it
        env["PGPASSWORD"] = str(url.password)
    conninfo = {
        "dbname": url.database,
        "host": url.query.get("host") or url.host,
        "port": url.port,
        "user": url.username,
        "sslmode": url.query.get("sslmode"),
        "service": url.query.get("service"),
    }
    conn = " ".join(
        f"{k}='{str(v).replace(chr(92), chr(92) * 2).replace(chr(39), chr(92) + chr(39))}'"
        for k, v in conninfo.items()
        if v
    )
    target = dest / DUMP_NAME
    done = subprocess.run(
        [
            pg_dump_program(),
            "--format=custom",
            "--no-owner",
            "--file",
            str(target),
            "--dbname",
            conn,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        target.unlink(missing_ok=True)
        raise OSError(f"pg_dump failed: {' '.join(done.stderr.split())[-400:]}")
    when = dt.datetime.now().isoformat(timespec="seconds")
    (dest / "README.txt").write_text(
        RESTORE_NOTE.format(location=lib.location, when=when, dump=DUMP_NAME), encoding="utf-8"
    )
    listed = subprocess.run(
        [str(Path(pg_dump_program()).with_name("pg_restore")), "--list", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode or "TABLE DATA public documents" not in listed.stdout:
        raise OSError("the backup cannot be read back (pg_restore --list failed)")
    with lib.sessions() as session:
        return int(session.execute(text("SELECT count(*) FROM documents")).scalar_one())


__all__ = ["backup", "check", "pg_dump_program"]
