"""The server-library commands: ``server init``, ``push --to URL``, ``pull --from URL``."""

from __future__ import annotations

import argparse
from typing import Any

EXIT_OK, EXIT_FAILED = 0, 1


def add_server(sub: Any) -> None:
    """Add ``server``, ``push`` and ``pull`` to the command line."""
    from .server.role_names import EDITOR, REPORTER

    srv = sub.add_parser("server", help="set up a library on a PostgreSQL server")
    ssub = srv.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = ssub.add_parser(
        "init",
        help="create the library in a database and grant the reporter and editor roles",
        description="Run as the database's owner. Credentials come from ~/.pgpass, a "
        "service file or PG* variables, never from Sourcedesk. People are then made "
        "members: GRANT sourcedesk_editor TO alice;",
    )
    p.add_argument("url", metavar="postgresql://OWNER@HOST/DBNAME")
    p.add_argument("--reporter", default=REPORTER, help=f"read-only role (default {REPORTER})")
    p.add_argument("--editor", default=EDITOR, help=f"read-write role (default {EDITOR})")
    p.add_argument("--print-sql", action="store_true", help="only print the GRANTs it runs")
    p = sub.add_parser(
        "push",
        help="copy this library's articles, curation and marks to another (a server)",
    )
    p.add_argument("--to", required=True, metavar="URL|DIR", dest="other")
    p.add_argument("--no-entities", action="store_true", help="leave entities for later")
    p = sub.add_parser(
        "pull",
        help="copy another library's articles, curation and marks (a server) into this one",
    )
    p.add_argument("--from", required=True, metavar="URL|DIR", dest="other")
    p.add_argument("--no-entities", action="store_true", help="leave entities for later")


def cmd_server(args: argparse.Namespace) -> int:
    """``server init`` (it opens the given address, not ``--library``)."""
    from .server.home import server_url
    from .server.roles import grant_sql, init_server

    if args.print_sql:
        database = str(server_url(args.url).database)
        for statement in grant_sql(database, args.reporter, args.editor):
            print(statement + ";")
        return EXIT_OK
    for line in init_server(args.url, args.reporter, args.editor):
        print(line)
    return EXIT_OK


def cmd_sync(lib: Any, args: argparse.Namespace) -> int:
    """``push`` and ``pull``: articles the other library lacks, then entity curation and
    marks (a re-run copies nothing)."""
    from .server.sync import sync

    # then curation and marks, as one step that `sourcedesk undo` there takes back
    report = sync(lib, args.command, args.other, entities=not args.no_entities)
    print(f"{args.command}: {report.summary}")
    return EXIT_FAILED if report.failed else EXIT_OK


__all__ = ["add_server", "cmd_server", "cmd_sync"]
