"""A throwaway PostgreSQL cluster from the Debian packages, for tests and ``make bench``.

``initdb`` in a temporary folder, ``postgres`` on a Unix socket only (no TCP port, nothing
reachable from outside), stopped and deleted afterwards. PostgreSQL refuses to run as
root: as root the cluster belongs to the ``postgres`` system user the Debian package makes.
Without the packages, :func:`start` raises :class:`Unavailable` with the reason (tests skip
with it).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: The cluster's superuser (trust authentication on its private socket).
ADMIN = "sourcedesk_admin"


class Unavailable(Exception):
    """PostgreSQL cannot run here; the message says why."""


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return found[0] if found else shutil.which(name)


@dataclass
class Cluster:
    """A running throwaway cluster."""

    root: Path
    socket_dir: Path
    pg_ctl: str
    owner: str | None  # the system user it runs as (None: this process's user)
    keep: bool = False  # stop() leaves the files (a benchmark's kept cluster, ``--pg-dir``)

    def url(self, dbname: str, user: str = ADMIN) -> str:
        """A SQLAlchemy/libpq URL of a database in this cluster (over its socket)."""
        return f"postgresql://{user}@/{dbname}?host={self.socket_dir}"

    def psql(self, sql: str, dbname: str = "postgres") -> str:
        """Run SQL as the superuser; its output."""
        psql = _bin("psql") or "psql"
        done = subprocess.run(
            [
                psql,
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-At",
                "-h",
                str(self.socket_dir),
                "-U",
                ADMIN,
                "-d",
                dbname,
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        if done.returncode:
            raise RuntimeError(done.stderr.strip())
        return done.stdout

    def stop(self) -> None:
        """Stop the server and delete its files (a kept cluster: stop it cleanly, keep them)."""
        mode = "fast" if self.keep else "immediate"
        with contextlib.suppress(Exception):
            _run(
                [self.pg_ctl, "-D", str(self.root / "data"), "-m", mode, "-w", "stop"],
                self.owner,
                timeout=120,
            )
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)


def _run(
    cmd: list[str], owner: str | None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    if owner is not None:
        cmd = ["runuser", "-u", owner, "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=timeout)


PREFIX = "sourcedesk-pg-"


def _reap(pg_ctl: str, owner: str | None) -> None:
    """Stop and delete the clusters of test runs that died without their teardown (a
    crashed or killed pytest): a server must not outlive the run that started it."""
    for root in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            pid = int((root / "owner.pid").read_text())
            os.kill(pid, 0)
            continue  # its run is alive
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            continue  # not ours to judge (no pid file, or another user's run)
        Cluster(root, root / "socket", pg_ctl, owner).stop()


def start(keep_in: Path | None = None, shared_buffers: str = "128MB") -> Cluster:
    """Start a new cluster (a few seconds); raises :class:`Unavailable` where it cannot run.

    ``keep_in``: the cluster lives in that folder and outlives :meth:`Cluster.stop` (the
    benchmark's ``--pg-dir``); a cluster already there is started again, not made anew.
    ``shared_buffers``: PostgreSQL's own page cache (Debian's default for the tests; the
    benchmark sizes it as docs/server.md advises a newsroom's server)."""
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise Unavailable("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    owner = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no postgres user to run as") from None
        if not shutil.which("runuser"):
            raise Unavailable("running as root without runuser to start PostgreSQL as postgres")
        owner = "postgres"
    _reap(pg_ctl, owner)
    if keep_in is None:
        root = Path(tempfile.mkdtemp(prefix=PREFIX))
        (root / "owner.pid").write_text(str(os.getpid()))
    else:
        root = keep_in.resolve()
        root.mkdir(parents=True, exist_ok=True)
    socket_dir = root / "socket"
    socket_dir.mkdir(exist_ok=True)
    if owner is not None:
        entry = pwd.getpwnam(owner)
        for path in (root, socket_dir):
            os.chown(path, entry.pw_uid, entry.pw_gid)
        os.chmod(root, 0o755)
    data = root / "data"
    made = _initdb(initdb, data, owner) if not (data / "PG_VERSION").exists() else None
    if made is not None and made.returncode:
        if keep_in is None:
            shutil.rmtree(root, ignore_errors=True)
        raise Unavailable(f"initdb failed: {made.stderr.strip()[-300:]}")
    options = (
        f"-c listen_addresses='' -c unix_socket_directories='{socket_dir}' -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60 "
        f"-c shared_buffers={shared_buffers}"
    )
    started = _run(
        [
            pg_ctl,
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        ],
        owner,
    )
    cluster = Cluster(root, socket_dir, pg_ctl, owner, keep=keep_in is not None)
    if started.returncode:
        logfile = root / "server.log"
        log = logfile.read_text(errors="replace")[-400:] if logfile.exists() else ""
        cluster.stop()
        raise Unavailable(f"PostgreSQL did not start: {started.stderr.strip()[-200:]} {log}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            cluster.psql("SELECT 1")
            return cluster
        except RuntimeError:
            time.sleep(0.2)
    cluster.stop()
    raise Unavailable("PostgreSQL started but does not answer")


def _initdb(initdb: str, data: Path, owner: str | None) -> subprocess.CompletedProcess[str]:
    return _run(
        [
            initdb,
            "-D",
            str(data),
            "-U",
            ADMIN,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        owner,
    )


class Databases:
    """Databases of a test cluster: empty libraries, and copies of a seeded one."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self._n = 0
        self._shared: dict[str, str] = {}
        self._empty_template: str | None = None

    def _name(self, what: str) -> str:
        self._n += 1
        return f"{what}_{os.getpid()}_{self._n}"

    def empty(self) -> str:
        """A new database holding an empty library (copied from a template: fast)."""
        if self._empty_template is None:
            from desktop.library import Library

            name = self._name("empty_template")
            self.cluster.psql(f"CREATE DATABASE {name}")
            Library.open(self.cluster.url(name)).close()
            self._empty_template = name
        return self.copy_of(self.cluster.url(self._empty_template))

    def seeded(self, paths: list[Path]) -> str:
        """A new database with these files imported (entities found)."""
        from desktop.library import Library

        name = self._name("seeded")
        self.cluster.psql(f"CREATE DATABASE {name}")
        with Library.open(self.cluster.url(name)) as lib:
            report = lib.import_paths(paths)
        assert not report.failed, report.failed
        return self.cluster.url(name)

    def copy_of(self, url: str, shared: bool = False) -> str:
        """A copy of the database at ``url`` (``shared``: one copy for every caller)."""
        if shared and url in self._shared:
            return self._shared[url]
        from sqlalchemy.engine import make_url

        template = make_url(url).database
        name = self._name("copy")
        self.cluster.psql(f"CREATE DATABASE {name} TEMPLATE {template}")
        copied = self.cluster.url(name)
        if shared:
            self._shared[url] = copied
        return copied
