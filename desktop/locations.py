"""A library's location as the window names, remembers and compares it.

A library lives in a folder or on a PostgreSQL server (``postgresql://user@host/dbname``).
What is shown and what is remembered (recent libraries, per-library settings, the
one-window-per-library guard) is the folder's resolved path, or the server address
*without* its password: a password typed for one connection is never written anywhere
(libpq finds stored ones in ``~/.pgpass``, a service file or ``PGPASSWORD``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import is_server_location

if TYPE_CHECKING:
    from .library import Library

#: libpq's port when none is given
DEFAULT_PORT = 5432


def shown(location: str | os.PathLike[str]) -> str:
    """The library as it is shown and remembered: a folder's resolved path, or the server
    address without a password (and without the driver or connection-only options)."""
    if is_server_location(location):
        from .server.home import shown_location

        return shown_location(str(location))
    return str(Path(location).expanduser().resolve())


def same_library(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two locations name one library (a password or a trailing slash aside)."""
    return shown(a) == shown(b)


def short_name(location: str | os.PathLike[str]) -> str:
    """A few words for a window's title or a menu: the folder's name, or "dbname on host"."""
    if not is_server_location(location):
        return Path(location).name or str(location)
    from sqlalchemy.engine import make_url

    try:
        url = make_url(str(location).strip())
    except Exception:
        return shown(location)
    host = url.host or url.query.get("host") or "this computer"
    if isinstance(host, tuple):  # several hosts (libpq multi-host)
        host = ",".join(host)
    if str(host).startswith("/"):  # a Unix socket folder is this computer
        host = "this computer"
    return f"{url.database or '?'} on {host}"


def connect_address(library: Library) -> str:
    """Where a child process of this one opens the same library: the folder, or the server
    address *with* the password it was opened with (passed in memory, never stored)."""
    if library.home.kind != "server":
        return str(library.root)
    url = library.home.url  # type: ignore[attr-defined]
    return str(url.render_as_string(hide_password=False))


def server_address(
    host: str, port: int | None, database: str, user: str, password: str = ""
) -> str:
    """A ``postgresql://`` address from the parts the window asks for. An empty host is this
    computer's default socket; a host that is a folder (``/var/run/postgresql``) is a Unix
    socket folder. Without a password libpq looks in its usual places."""
    from sqlalchemy.engine import URL

    host, database, user = host.strip(), database.strip(), user.strip()
    query: dict[str, str] = {}
    socket = host.startswith("/")
    if socket:
        query["host"] = host
        if port and port != DEFAULT_PORT:
            query["port"] = str(port)
    url = URL.create(
        "postgresql",
        username=user or None,
        password=password or None,
        host=None if socket or not host else host,
        port=None if socket or not host or not port or port == DEFAULT_PORT else port,
        database=database or None,
        query=query,
    )
    return str(url.render_as_string(hide_password=False))


__all__ = ["connect_address", "same_library", "server_address", "short_name", "shown"]
