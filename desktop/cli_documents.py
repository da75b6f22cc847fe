"""``sourcedesk edit``, ``remove``, ``trash list|restore|empty`` and ``undo``: keeping the
library in order from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

EXIT_OK = 0


def _published(text: str) -> dt.date | None:
    if text.strip().lower() in ("undated", "none", ""):
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date: {text!r} (use YYYY-MM-DD, or 'undated')"
        ) from None


def add_documents(sub: Any) -> None:
    """The parsers of these commands."""
    p = sub.add_parser("edit", help="correct an article's title, outlet, byline, date or address")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p.add_argument("--title")
    p.add_argument("--outlet", help="the outlet ('' for none)")
    p.add_argument("--byline", help="the byline ('' for none)")
    p.add_argument(
        "--date", type=_published, default=argparse.SUPPRESS, help="YYYY-MM-DD, or 'undated'"
    )
    p.add_argument("--url", help="the article's own address ('' for none)")
    p = sub.add_parser("remove", help="move articles to the trash")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    trash = sub.add_parser("trash", help="the trash: list, restore, empty")
    tsub = trash.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = tsub.add_parser("list", help="articles in the trash")
    p.add_argument("--json", action="store_true")
    p = tsub.add_parser("restore", help="take articles out of the trash")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    tsub.add_parser("empty", help="delete the articles in the trash for good")
    sub.add_parser("undo", help="undo the last change (an edit, a removal, a mark, an entity)")


def cmd_edit(lib: Any, args: argparse.Namespace) -> int:
    """``sourcedesk edit ID… --title … --outlet … --byline … --date … --url …``."""
    fields: dict[str, Any] = {}
    for option, field in (
        ("title", "title"),
        ("outlet", "source"),
        ("byline", "author"),
        ("url", "url"),
    ):
        value = getattr(args, option)
        if value is not None:
            fields[field] = value
    if hasattr(args, "date"):  # given: a date, or None for undated
        fields["published"] = args.date
    print(lib.documents.edit(args.ids, **fields).summary)
    return EXIT_OK


def cmd_remove(lib: Any, args: argparse.Namespace) -> int:
    """``sourcedesk remove ID…``."""
    print(lib.documents.trash(args.ids).summary)
    return EXIT_OK


def cmd_trash(lib: Any, args: argparse.Namespace) -> int:
    """``sourcedesk trash list|restore|empty``."""
    if args.action == "list":
        rows = lib.documents.trashed()
        if args.json:
            json.dump([r.to_json() for r in rows], sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            for r in rows:
                print(f"[{r.id}] {r.title}  ({r.filename}, removed {r.trashed_at:%Y-%m-%d %H:%M})")
            print(f"{len(rows)} in the trash")
        return EXIT_OK
    if args.action == "restore":
        print(lib.documents.restore(args.ids).summary)
        return EXIT_OK
    print(lib.documents.empty_trash().summary)
    return EXIT_OK


def cmd_undo(lib: Any, args: argparse.Namespace) -> int:
    """``sourcedesk undo``."""
    print(lib.undo_curation().summary)
    return EXIT_OK
