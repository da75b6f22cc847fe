"""``python -m desktop.store.migrations new "what changes"``: write the next revision file.

The file is numbered after the last one (``0009_tags.py``) and follows the head; fill in
``upgrade()`` (and ``downgrade()``) with ``op`` calls that run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import re
import sys

from desktop.store import migrations


def new_revision(message: str) -> str:
    """Write an empty revision after the current head; returns its path."""
    from alembic import command
    from alembic.config import Config

    found = migrations.heads()
    if len(found) != 1:
        raise SystemExit(
            f"the revisions have {len(found)} heads ({', '.join(sorted(found))}): "
            "merge them first (alembic merge)"
        )
    numbers = [int(r) for r in migrations.revision_graph() if r.isdigit()]
    rev_id = f"{max(numbers, default=0) + 1:04d}"
    slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")[:40]
    config = Config()
    config.set_main_option("script_location", str(migrations.MIGRATIONS_DIR))
    config.set_main_option("version_locations", str(migrations.VERSIONS_DIR))
    config.set_main_option("file_template", f"%%(rev)s_{slug}")
    script = command.revision(config, message=message, rev_id=rev_id, head=next(iter(found)))
    return str(getattr(script, "path", rev_id))


def main(argv: list[str] | None = None) -> int:
    """The developer's command line."""
    parser = argparse.ArgumentParser(prog="python -m desktop.store.migrations")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("new", help="write the next revision file")
    p.add_argument("message")
    sub.add_parser("heads", help="print the head revision(s)")
    args = parser.parse_args(argv)
    if args.command == "new":
        print(new_revision(args.message))
    else:
        print(" ".join(sorted(migrations.heads())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
