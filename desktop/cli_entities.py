"""The ``sourcedesk entities …`` commands: list, curate, spellings, mentions, suggestions."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from .facets import ENTITY_KINDS

EXIT_OK = 0


def _print_json(obj: object, out: TextIO) -> None:
    json.dump(obj, out, ensure_ascii=False, indent=2)
    out.write("\n")


def add_entities(sub: Any) -> None:
    ent = sub.add_parser("entities", help="list and curate places, people, organisations")
    esub = ent.add_subparsers(dest="action", metavar="ACTION", required=True)
    kinds = [*ENTITY_KINDS, "actor"]
    p = esub.add_parser("list", help="entities with spellings and document counts")
    p.add_argument("--kind", choices=kinds)
    p.add_argument("--search", metavar="TEXT", help="only entities with a spelling containing TEXT")
    p.add_argument("--ignored", action="store_true", help="only the ignored entities")
    p.add_argument("--limit", type=int, metavar="N")
    p.add_argument("--json", action="store_true")
    p = esub.add_parser("merge", help="merge A into B (B survives, with A's spellings)")
    p.add_argument("source", metavar="A")
    p.add_argument("target", metavar="B")
    p = esub.add_parser("rename", help="give an entity a new canonical name")
    p.add_argument("entity")
    p.add_argument("name")
    p = esub.add_parser("kind", help="change an entity's kind")
    p.add_argument("entity")
    p.add_argument("new_kind", choices=[k for k in ENTITY_KINDS if k != "date"])
    p = esub.add_parser("alias", help="add a spelling of an entity")
    p.add_argument("entity")
    p.add_argument("spelling")
    p = esub.add_parser("ignore", help="hide a false entity everywhere")
    p.add_argument("entity")
    p = esub.add_parser("unignore", help="show an ignored entity again")
    p.add_argument("entity")
    esub.add_parser("undo", help="undo the last change")
    _add_entity_trust(esub)
    for name in ("merge", "rename", "kind", "alias", "ignore", "unignore", "move", "unspell"):
        esub.choices[name].add_argument(
            "--kind", dest="kind", choices=kinds, help="which kind, when a name is ambiguous"
        )
    esub.choices["spellings"].add_argument("--kind", dest="kind", choices=kinds)


def _add_entity_trust(esub: Any) -> None:
    """Commands for mentions, spellings and suggestions (issue 12)."""
    p = esub.add_parser("spellings", help="an entity's spellings and the articles of each")
    p.add_argument("entity")
    p.add_argument("--json", action="store_true")
    p = esub.add_parser("unspell", help="take a spelling away from an entity")
    p.add_argument("entity")
    p.add_argument("spelling")
    p = esub.add_parser("split", help="a mention is not its entity: make it an entity of its own")
    p.add_argument("mention", type=int, help="mention id (from show --json)")
    p = esub.add_parser("move", help="a mention is not its entity: file it under another one")
    p.add_argument("mention", type=int, help="mention id (from show --json)")
    p.add_argument("target", metavar="ENTITY")
    p = esub.add_parser("suggestions", help="merges the pipeline is unsure of")
    p.add_argument("--all", action="store_true", help="also the accepted and rejected ones")
    p.add_argument("--json", action="store_true")
    p = esub.add_parser("accept", help="accept a suggestion (merge its two entities)")
    p.add_argument("suggestion", type=int)
    p = esub.add_parser("reject", help="reject a suggestion (keep its two entities apart)")
    p.add_argument("suggestion", type=int)


def _entity_trust(lib: Any, args: argparse.Namespace) -> int | None:
    """``entities spellings|suggestions``; None for the other actions."""
    if args.action == "spellings":
        rows = lib.entity_spellings(args.entity, args.kind)
        if args.json:
            _print_json([r.to_json() for r in rows], sys.stdout)
            return EXIT_OK
        for r in rows:
            docs = ", ".join(f"#{d}" for d in r.documents[:12])
            more = f" and {len(r.documents) - 12} more" if len(r.documents) > 12 else ""
            mine = "  [yours]" if r.user_set else ""
            print(f"{r.spelling:<40} {r.mentions:>5} mentions  {docs}{more}{mine}")
        return EXIT_OK
    if args.action == "suggestions":
        items = lib.suggestions(None if args.all else "open")
        if args.json:
            _print_json([i.to_json() for i in items], sys.stdout)
            return EXIT_OK
        for i in items:
            state = "" if i.status == "open" else f"  [{i.status}]"
            print(
                f"#{i.id:<5} {i.entity_name} ({i.entity_kind}, {i.entity_documents} docs) -> "
                f"{i.target_name} ({i.target_kind}, {i.target_documents} docs): {i.reason}{state}"
            )
        if not items:
            print("no suggestions")
        return EXIT_OK
    return None


def cmd_entities(lib: Any, args: argparse.Namespace) -> int:
    listed = _entity_trust(lib, args)
    if listed is not None:
        return listed
    if args.action == "list":
        rows = lib.entities(args.kind, args.search, args.ignored or False, args.limit)
        if args.json:
            _print_json([r.to_json() for r in rows], sys.stdout)
            return EXIT_OK
        for r in rows:
            also = f"  (also: {', '.join(r.aliases[:6])})" if r.aliases else ""
            flag = "  [ignored]" if r.ignored else ""
            print(f"#{r.id:<6} {r.kind:<12} {r.documents:>5} docs  {r.name}{also}{flag}")
        return EXIT_OK
    actions = {
        "merge": lambda: lib.merge_entities(args.source, args.target, args.kind),
        "rename": lambda: lib.rename_entity(args.entity, args.name, args.kind),
        "kind": lambda: lib.set_entity_kind(args.entity, args.new_kind, args.kind),
        "alias": lambda: lib.add_entity_alias(args.entity, args.spelling, args.kind),
        "ignore": lambda: lib.ignore_entity(args.entity, True, args.kind),
        "unignore": lambda: lib.ignore_entity(args.entity, False, args.kind),
        "undo": lambda: lib.undo_curation(),
        "unspell": lambda: lib.remove_spelling(args.entity, args.spelling, args.kind),
        "split": lambda: lib.split_mention(args.mention),
        "move": lambda: lib.move_mention(args.mention, args.target, args.kind),
        "accept": lambda: lib.accept_suggestion(args.suggestion),
        "reject": lambda: lib.reject_suggestion(args.suggestion),
    }
    print(actions[args.action]().summary)
    return EXIT_OK
