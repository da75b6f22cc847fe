"""``sourcedesk star|tag|tags|note|collection``: the reporter's marks on the command line.

Every write names its articles by id, or ``--where QUERY`` for every result of a search
(``--where 'place:Melitopol tag:ammo'``), and prints what it did; ``sourcedesk undo``
reverses the latest change (of marks or of entities).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EXIT_OK, EXIT_FAILED = 0, 1


def _targets(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", nargs="*", type=int, metavar="ID", help="article ids")
    p.add_argument(
        "--where",
        metavar="QUERY",
        help="every article this search finds (any query: 'place:Kherson tag:ammo')",
    )


def add_collect(sub: Any) -> None:
    """The subcommands of this module."""
    p = sub.add_parser("star", help="star articles (or --remove the star)")
    _targets(p)
    p.add_argument("--remove", action="store_true", help="take the star away")
    p = sub.add_parser("tag", help="put a tag on articles (or --remove it)")
    p.add_argument("tag", metavar="TAG")
    _targets(p)
    p.add_argument("--remove", action="store_true", help="take the tag off")
    p = sub.add_parser("tags", help="every tag with its number of articles")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("note", help="show, set or --clear an article's note")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("text", nargs="?", metavar="TEXT", help="the note (replaces the old one)")
    p.add_argument("--clear", action="store_true", help="remove the note")
    p = sub.add_parser("collection", help="collections: list, create, add, remove, …")
    csub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = csub.add_parser("list", help="every collection with its number of articles")
    c.add_argument("--json", action="store_true")
    c = csub.add_parser("create", help="a new, empty collection")
    c.add_argument("name", metavar="NAME")
    c = csub.add_parser("rename", help="give a collection another name")
    c.add_argument("name", metavar="NAME")
    c.add_argument("new_name", metavar="NEW")
    c = csub.add_parser("delete", help="remove a collection (its articles stay)")
    c.add_argument("name", metavar="NAME")
    for action, text in (("add", "put articles in a collection (made if new)"),
                         ("remove", "take articles out of a collection")):  # fmt: skip
        c = csub.add_parser(action, help=text)
        c.add_argument("name", metavar="NAME")
        _targets(c)


def _ids(lib: Any, args: argparse.Namespace) -> list[int]:
    from .workbench import WorkbenchError

    ids = list(args.ids)
    if args.where is not None:
        ids += lib.workbench.ids_of_search(args.where)
        if not ids:
            raise WorkbenchError(f"the search {args.where!r} finds no article")
    if not ids:
        raise WorkbenchError("name the articles by id, or choose them with --where QUERY")
    return ids


def _print_json(obj: object) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _listed(rows: list[tuple[str, int]], as_json: bool, empty: str) -> int:
    if as_json:
        _print_json([{"name": n, "articles": c} for n, c in rows])
    else:
        for name, count in rows:
            print(f"{count:>6}  {name}")
        if not rows:
            print(empty)
    return EXIT_OK


def cmd_star(lib: Any, args: argparse.Namespace) -> int:
    print(lib.workbench.star(_ids(lib, args), not args.remove).summary)
    return EXIT_OK


def cmd_tag(lib: Any, args: argparse.Namespace) -> int:
    print(lib.workbench.tag(_ids(lib, args), args.tag, not args.remove).summary)
    return EXIT_OK


def cmd_tags(lib: Any, args: argparse.Namespace) -> int:
    return _listed(lib.workbench.tags(), args.json, "no tags yet")


def cmd_note(lib: Any, args: argparse.Namespace) -> int:
    wb = lib.workbench
    if args.clear or args.text is not None:
        print(wb.set_note(args.id, "" if args.clear else args.text).summary)
        return EXIT_OK
    lib.searcher.document(args.id)  # "no document with id …" for an unknown id
    note = wb.marks_of(args.id).note
    print(note if note else f"article {args.id} has no note")
    return EXIT_OK


def cmd_collection(lib: Any, args: argparse.Namespace) -> int:
    wb = lib.workbench
    if args.action == "list":
        return _listed(wb.collections(), args.json, "no collections yet")
    actions = {
        "create": lambda: wb.create_collection(args.name),
        "rename": lambda: wb.rename_collection(args.name, args.new_name),
        "delete": lambda: wb.delete_collection(args.name),
        "add": lambda: wb.collect(_ids(lib, args), args.name, True),
        "remove": lambda: wb.collect(_ids(lib, args), args.name, False),
    }
    print(actions[args.action]().summary)
    return EXIT_OK


COMMANDS = {
    "star": cmd_star,
    "tag": cmd_tag,
    "tags": cmd_tags,
    "note": cmd_note,
    "collection": cmd_collection,
}
