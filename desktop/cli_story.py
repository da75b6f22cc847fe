"""``sourcedesk versions|diff|related|names|story``: seeing the whole story on the command line.

``versions ID`` lists the versions of an article's story (``versions --group`` compares the
articles not compared yet); ``diff A B`` shows two versions side by side; ``related ID``
the other coverage of its event, each with why; ``names FILE`` counts a list of names;
``story ENTITY`` an entity's mentions per month and its companions.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .facets import ENTITY_KINDS

EXIT_OK = 0


def _print_json(obj: object) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def add_story(sub: Any) -> None:
    """The subcommands of this module."""
    p = sub.add_parser("versions", help="the versions of an article (syndicated copies)")
    p.add_argument("id", type=int, nargs="?", metavar="ID")
    p.add_argument("--group", action="store_true", help="compare the articles not compared yet")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("diff", help="two versions side by side: what differs")
    p.add_argument("a", type=int, metavar="A")
    p.add_argument("b", type=int, metavar="B")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("related", help="other coverage of an article's event, with why")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--limit", type=int, default=5, metavar="N")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("names", help="articles per name of a list (one a line, or CSV)")
    p.add_argument("file", metavar="FILE", help="the list; - reads it from stdin")
    p.add_argument("--json", action="store_true")
    p.add_argument("--csv", action="store_true", help="the table as CSV")
    p = sub.add_parser("story", help="an entity's mentions per month and its companions")
    p.add_argument("entity", metavar="ENTITY", help="a name (any spelling) or #id")
    p.add_argument("--kind", choices=[*ENTITY_KINDS, "actor"])
    p.add_argument("--json", action="store_true")


def cmd_versions(lib: Any, args: argparse.Namespace) -> int:
    versions = lib.workbench.versions
    if args.group or args.id is None:
        n = versions.group_pending()
        print(f"{n} articles joined a group of versions")
        return EXIT_OK
    rows = versions.of(args.id)
    if args.json:
        _print_json([v.to_json() for v in rows])
        return EXIT_OK
    if not rows:
        print(f"article {args.id} has no other version in this library")
    for v in rows:
        date = v.published.isoformat() if v.published else "undated"
        how = "earliest" if v.head else f"{v.similarity:.0%} of its text as the earliest"
        print(f"[{v.id}] {v.title}\n    {v.source or 'unknown source'} · {date} · {how}")
    return EXIT_OK


def cmd_diff(lib: Any, args: argparse.Namespace) -> int:
    diff = lib.workbench.versions.diff(args.a, args.b)
    if args.json:
        _print_json(diff.to_json())
        return EXIT_OK
    print(f"{diff.same_share:.0%} of the words are the same")
    for label, runs in (("only in", diff.left), ("only in", diff.right)):
        article = args.a if runs is diff.left else args.b
        changed = [" ".join(t.split()) for t, c in runs if c]
        print(f"\n{label} {article}:")
        for text in changed:
            print(f"  - {text}")
    return EXIT_OK


def cmd_related(lib: Any, args: argparse.Namespace) -> int:
    rows = lib.workbench.related(args.id, args.limit)
    if args.json:
        _print_json([r.to_json() for r in rows])
        return EXIT_OK
    if not rows:
        print(f"no other coverage of article {args.id}'s event found")
    for r in rows:
        date = r.published.isoformat() if r.published else "undated"
        print(f"[{r.id}] {r.title}\n    {r.source or 'unknown source'} · {date}\n    {r.why}")
    return EXIT_OK


def cmd_names(lib: Any, args: argparse.Namespace) -> int:
    from pathlib import Path

    from .namelists import parse_names, to_csv

    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
    rows = lib.workbench.name_counts(parse_names(text))
    if args.json:
        _print_json([r.to_json() for r in rows])
    elif args.csv:
        sys.stdout.write(to_csv(rows))
    else:
        for r in rows:
            when = f"{r.first.isoformat()} – {r.last.isoformat()}" if r.first and r.last else "—"
            found = ", ".join(r.matched) if r.matched else "not in this library"
            print(f"{r.articles:>7,}  {r.name:<30} {when:<25} {found}")
    return EXIT_OK


def cmd_story(lib: Any, args: argparse.Namespace) -> int:
    s = lib.workbench.story(args.entity, args.kind)
    if args.json:
        _print_json(s.to_json())
        return EXIT_OK
    print(f"{s.name} ({s.kind}): {s.articles:,} articles, {s.undated:,} undated")
    widest = max((n for _, n in s.months), default=0)
    for month, n in s.months:
        bar = "█" * (round(40 * n / widest) if widest else 0)
        print(f"  {month}  {n:>6,}  {bar}")
    if s.companions:
        print("with: " + ", ".join(f"{c.name} ({c.articles})" for c in s.companions))
    return EXIT_OK


COMMANDS = {
    "versions": cmd_versions,
    "diff": cmd_diff,
    "related": cmd_related,
    "names": cmd_names,
    "story": cmd_story,
}
