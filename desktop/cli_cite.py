"""``sourcedesk quote|cite|saved`` and the export formats of article lists.

Quotes: ``quote add ID START END`` keeps ``text[START:END]`` of an article with its source;
``quote list|export`` (per collection, searchable) and ``cite`` give them back as citations,
Markdown, CSV, CSL-JSON or RIS. Saved searches: ``saved add NAME [QUERY and filters]``,
``saved list`` (with what arrived since each was last opened), ``saved run NAME``,
``saved remove NAME``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TextIO

from .citations import FORMATS

EXIT_OK = 0
#: the export formats of article lists beside jsonl and the mention csv
ARTICLE_FORMATS = ("list-csv", "markdown", "csl-json", "ris")


def _print_json(obj: object, out: TextIO = sys.stdout) -> None:
    json.dump(obj, out, ensure_ascii=False, indent=2)
    out.write("\n")


def add_cite(sub: Any, add_filters: Callable[[argparse.ArgumentParser], None]) -> None:
    """The subcommands of this module (``add_filters`` adds the search options)."""
    p = sub.add_parser("quote", help="quotes with their sources: add, list, remove, export")
    qsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = qsub.add_parser("add", help="keep text[START:END] of article ID with its source")
    q.add_argument("id", type=int, metavar="ID")
    q.add_argument("start", type=int, metavar="START")
    q.add_argument("end", type=int, metavar="END")
    q.add_argument("--in", dest="collection", metavar="COLLECTION", help="file it there")
    q.add_argument("--comment", metavar="TEXT", help="your comment on the quote")
    for action in ("list", "export"):
        q = qsub.add_parser(action, help=f"{action} quotes, newest first")
        q.add_argument("--in", dest="collection", metavar="COLLECTION", help="of one collection")
        q.add_argument("--unfiled", action="store_true", help="only those in no collection")
        q.add_argument("--search", default="", metavar="TEXT", help="containing these words")
        if action == "list":
            q.add_argument("--json", action="store_true")
        else:
            q.add_argument("--format", choices=FORMATS, default="markdown")
            q.add_argument("--output", "-o", metavar="FILE", help="write here, not to stdout")
    q = qsub.add_parser("remove", help="forget a quote")
    q.add_argument("quote", type=int, metavar="QUOTE")
    p = sub.add_parser("cite", help="an article's (or a quote's) citation, Harvard style")
    p.add_argument("id", type=int, nargs="?", metavar="ID", help="article id")
    p.add_argument("--quote", type=int, metavar="QUOTE", help="a quote id instead")

    p = sub.add_parser("saved", help="saved searches: list, add, run, remove")
    ssub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = ssub.add_parser("list", help="every saved search with its new articles")
    s.add_argument("--json", action="store_true")
    s = ssub.add_parser("add", help="save a search (query and filters) by name")
    s.add_argument("name", metavar="NAME")
    add_filters(s)
    s = ssub.add_parser("run", help="run a saved search (its new articles become seen)")
    s.add_argument("name", metavar="NAME")
    s.add_argument("--limit", type=int, default=20, metavar="N")
    s.add_argument("--json", action="store_true")
    s = ssub.add_parser("remove", help="forget a saved search")
    s.add_argument("name", metavar="NAME")


def _open(path: str | None) -> TextIO:
    if not path:
        return sys.stdout
    return open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by caller


def export_articles(lib: Any, ids: list[int], fmt: str, out: TextIO, heading: str) -> None:
    """``export --format list-csv|markdown|csl-json|ris``."""
    from .citations import export
    from .cite_items import article_items

    items = article_items(lib, ids)
    out.write(export(items, "csv" if fmt == "list-csv" else fmt, heading))


def cmd_quote(lib: Any, args: argparse.Namespace) -> int:
    quotes = lib.workbench.quotes
    if args.action == "add":
        print(quotes.save(args.id, args.start, args.end, args.collection, args.comment).summary)
        return EXIT_OK
    if args.action == "remove":
        print(quotes.remove(args.quote).summary)
        return EXIT_OK
    from .quotes import UNFILED

    where = UNFILED if args.unfiled else args.collection
    found = quotes.list(where, args.search)
    if args.action == "list":
        if args.json:
            _print_json([q.to_json() for q in found])
            return EXIT_OK
        for q in found:
            where_from = f"{q.outlet or 'unknown outlet'}, {q.title}"
            filed = f"  [{q.collection}]" if q.collection else ""
            print(f"#{q.id:<5} “{' '.join(q.passage.split())}”\n       — {where_from}{filed}")
        if not found:
            print("no quotes")
        return EXIT_OK
    from .citations import export
    from .cite_items import quote_item

    heading = f"Quotes: {args.collection}" if args.collection else "Quotes"
    out = _open(args.output)
    try:
        out.write(export([quote_item(q) for q in found], args.format, heading, quotes=True))
    finally:
        if out is not sys.stdout:
            out.close()
    return EXIT_OK


def cmd_cite(lib: Any, args: argparse.Namespace) -> int:
    from .citations import citation
    from .cite_items import article_items, quote_item
    from .workbench import WorkbenchError

    if args.quote is not None:
        item = quote_item(lib.workbench.quotes.get(args.quote))
    elif args.id is not None:
        items = list(article_items(lib, [args.id]))
        if not items:
            raise WorkbenchError(f"no article with id {args.id}")
        item = items[0]
    else:
        raise WorkbenchError("name an article id, or a quote with --quote")
    print(citation(item))
    return EXIT_OK


def cmd_saved(lib: Any, args: argparse.Namespace, request: Callable[..., Any]) -> int:
    saved = lib.workbench.saved
    if args.action == "list":
        rows = saved.list()
        if args.json:
            _print_json([r.to_json() for r in rows])
            return EXIT_OK
        for r in rows:
            new = f"  ({r.new:,} new)" if r.new else ""
            print(f"{r.name:<30} {r.total:>7,} article{'s' if r.total != 1 else ''}{new}")
        if not rows:
            print("no saved searches")
        return EXIT_OK
    if args.action == "add":
        print(saved.add(args.name, replace(request(args, 20), limit=20)).summary)
        return EXIT_OK
    if args.action == "remove":
        print(saved.remove(args.name).summary)
        return EXIT_OK
    req = saved.request(args.name)
    seen = {r.name: r for r in saved.list()}.get(args.name)
    result = lib.searcher.search(replace(req, limit=args.limit, offset=0))
    saved.mark_opened(args.name)
    if args.json:
        data = result.to_json()
        data["new"] = seen.new if seen else 0
        _print_json(data)
        return EXIT_OK
    new = f", {seen.new:,} new since last opened" if seen and seen.new else ""
    print(f"{args.name}: {result.total} of {result.library_total} articles{new}")
    for h in result.hits:
        date = h.published.isoformat() if h.published else "undated"
        print(f"\n[{h.id}] {h.title}\n    {h.source or 'unknown source'} · {date}")
        print(f"    {h.snippet}")
    return EXIT_OK
