"""The command line: ``sourcedesk import|search|show|export|reindex|stats``.

Exit status: 0 on success, 1 when some files failed (or a document or query
could not be served), 2 for a usage error. One line on stderr per problem.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO, cast

from .cli_args import parse_arguments
from .cli_collect import COMMANDS as COLLECT_COMMANDS
from .cli_collect import add_collect
from .cli_documents import add_documents, cmd_edit, cmd_remove, cmd_trash, cmd_undo
from .cli_entities import add_entities, cmd_entities
from .cli_server import add_server, cmd_server, cmd_sync
from .cli_story import COMMANDS as STORY_COMMANDS
from .cli_story import add_story
from .daterange import range_end, range_start
from .facets import ENTITY_KINDS, FACET_NAMES, FACETS
from .paths import argument_parser, resolve_library
from .terminal import SafeStream, shown_name, shown_text

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _date(text: str) -> dt.date:
    """YYYY, YYYY-MM or YYYY-MM-DD (a bare year or month means its first day)."""
    try:
        return range_start(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _date_to(text: str) -> dt.date:
    """The inclusive end of a YYYY / YYYY-MM / YYYY-MM-DD range."""
    try:
        return range_end(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="?", default="", help='query text, e.g. Kherson "armored train"')
    for facet in FACETS:
        p.add_argument(
            f"--{facet.name}",
            action="append",
            default=[],
            metavar=facet.name[0].upper(),
            help=facet.help,
        )
    p.add_argument(
        "--from", dest="date_from", type=_date, metavar="DATE", help="published on/after"
    )
    p.add_argument(
        "--to", dest="date_to", type=_date_to, metavar="DATE", help="published on/before"
    )
    p.add_argument("--undated", action="store_true", help="only articles without a date")
    p.add_argument("--sort", choices=["relevance", "date", "oldest"], default="relevance")
    p.add_argument(
        "--collapse", action="store_true", help="one result per group of versions (syndication)"
    )


def _add_search(sub: Any) -> None:
    p = sub.add_parser("search", help="search the library, with facet counts")
    _add_filters(p)
    p.add_argument("--limit", type=int, default=20, metavar="N")
    p.add_argument("--offset", type=int, default=0, metavar="N")
    p.add_argument("--facet-limit", type=int, default=50, metavar="N", help="values per facet")
    p.add_argument("--json", action="store_true")


def _add_show(sub: Any) -> None:
    p = sub.add_parser("show", help="show one document with its entities")
    p.add_argument("id", type=int)
    p.add_argument("--query", default="", help="also return the spans this query hits")
    p.add_argument("--json", action="store_true")


def _cli_cite() -> Any:
    """The quoting, citing and exporting commands (their citation formats are ~2 ms a
    ``search`` process does without)."""
    from . import cli_cite

    return cli_cite


#: Commands a script runs over and over, whose parser is built alone when the command line
#: names one (:func:`command_named`): the whole parser, its 63 subcommands and their help
#: through gettext, is 20-30 ms of a ``search`` process on a 2-core machine.
QUICK_PARSERS = {"search": _add_search, "show": _add_show}


def command_named(argv: Sequence[str]) -> str | None:
    """The command of ``argv`` when it is one of :data:`QUICK_PARSERS` and only ``--library``
    comes before it (anything else there, ``--help`` or ``--version``, wants the whole parser)."""
    words = iter(argv)
    for word in words:
        if word == "--library":
            next(words, None)
        elif not word.startswith("--library="):
            return word if word in QUICK_PARSERS else None
    return None


@functools.cache  # built once a process (a script runs many)
def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser (also used for ``--help`` in the README); with ``only``, one of
    :data:`QUICK_PARSERS`, the parser of that command alone (the same options and messages)."""
    parser = argument_parser(
        "sourcedesk", "Sourcedesk: an offline library for a journalist's sources."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    if only is not None:
        QUICK_PARSERS[only](sub)
        return parser

    p = sub.add_parser("import", help="import files and folders")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    _add_no_wait(p)

    _add_search(sub)
    _add_show(sub)

    p = sub.add_parser("export", help="export matching documents as JSON lines or CSV")
    _add_filters(p)
    p.add_argument(
        "--format", choices=["jsonl", "csv", *_cli_cite().ARTICLE_FORMATS], default="jsonl"
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")

    add_entities(sub)
    add_documents(sub)
    add_collect(sub)
    _cli_cite().add_cite(sub, _add_filters)
    add_story(sub)
    add_server(sub)
    p = sub.add_parser("check", help="verify the library (store, index, originals)")
    p.add_argument("--repair", action="store_true", help="repair what can be repaired")
    p.add_argument("--json", action="store_true")
    _add_no_wait(p)
    p = sub.add_parser("backup", help="write a consistent copy of the library to DEST")
    p.add_argument("dest", metavar="DEST")
    _add_no_wait(p)
    p = sub.add_parser("reindex", help="rebuild the full-text index from the store")
    p.add_argument(
        "--engine",
        choices=("whoosh", "tantivy"),  # search.ENGINES, without importing the engines here
        help="move the library to this search engine (tantivy: faster past ~25,000 articles)",
    )
    _add_no_wait(p)
    _add_no_wait(sub.add_parser("reextract", help="find every document's entities again"))
    p = sub.add_parser("stats", help="counts and sizes of the library")
    p.add_argument("--json", action="store_true")
    return parser


def _add_no_wait(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-wait",
        action="store_true",
        help="give up at once if another process is writing to the library (default: wait)",
    )


def _queue_writes(lib: Any, args: argparse.Namespace) -> None:
    """A write waits its turn behind another process's (saying so once), or with
    ``--no-wait`` gives up at once."""
    if getattr(args, "no_wait", False):
        lib.write_wait_s = 0.0
        return
    told: list[bool] = []

    def waiting() -> bool:
        if not told:
            told.append(True)
            print(
                "sourcedesk: another Sourcedesk process is writing to this library; waiting "
                "for it to finish (--no-wait gives up instead)",
                file=sys.stderr,
                flush=True,
            )
        return True

    lib.write_wait_s = None
    lib.on_wait = waiting


def _request(
    args: argparse.Namespace, limit: int, offset: int = 0, facet_limit: int | None = None
) -> Any:
    from .querying import SearchRequest

    return SearchRequest(
        query=args.query,
        **{f.request_field: tuple(getattr(args, f.name)) for f in FACETS},
        date_from=args.date_from,
        date_to=args.date_to,
        undated=args.undated,
        sort=args.sort,
        limit=limit,
        offset=offset,
        collapse=args.collapse,
        facet_limit=facet_limit,
    )


def _print_json(obj: object, out: TextIO) -> None:
    # one write: json.dump's thousands of small ones each pass through SafeStream (~3 ms)
    out.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def cmd_import(lib: Any, args: argparse.Namespace) -> int:
    def progress(p: Any) -> None:
        if not args.json and sys.stderr.isatty():
            what = shown_name(p.current)[-60:] if p.phase == "reading" else "finding entities"
            line = shown_text(f"{p.done}/{p.total} {what:<60}")
            getattr(sys.stderr, "write_raw", sys.stderr.write)(f"\r{line}")

    report = lib.import_paths(args.paths, on_progress=progress)
    if not args.json and sys.stderr.isatty():
        sys.stderr.write("\n")
    for f in report.failed:
        print(f"sourcedesk: {shown_name(f.path)}: {f.error}", file=sys.stderr)
    for warning in report.warnings:
        print(f"sourcedesk: {warning}", file=sys.stderr)
    if args.json:
        _print_json(report.to_json(), sys.stdout)
    else:
        for f in report.imported:
            note = f"  ({f.entities_note})" if f.entities_note else ""
            print(f"imported  {f.id:>6}  {shown_name(f.filename)}  {f.title}{note}")
            for note in f.notes:
                print(f"          {'':>6}  ({note})")
        for d in report.duplicates:
            print(f"duplicate {d.id:>6}  {shown_name(d.path)}")
        print(
            f"{len(report.imported)} imported, {len(report.duplicates)} duplicates, "
            f"{len(report.failed)} failed"
        )
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_search(lib: Any, args: argparse.Namespace) -> int:
    facet_limit = args.facet_limit if args.json else 10
    named = facet_limit if facet_limit >= 0 else None  # the values shown, the only ones named
    result = lib.searcher.search(_request(args, args.limit, args.offset, named))
    for facet, values in result.unknown.items():
        for value in values:
            print(f"sourcedesk: no {facet} called {value!r} in this library", file=sys.stderr)
    for note in result.notes:
        print(f"sourcedesk: {note}", file=sys.stderr)
    if args.json:
        data = result.to_json()
        data["facets"] = {k: v[: args.facet_limit] for k, v in data["facets"].items()}
        _print_json(data, sys.stdout)
        return EXIT_OK
    print(f"{result.total} of {result.library_total} articles")
    for h in result.hits:
        date = h.published.isoformat() if h.published else "undated"
        marks = ("  ★" if h.starred else "") + "".join(f"  #{t}" for t in h.tags)
        marks += f"  ({h.versions} versions)" if h.versions > 1 else ""
        name = shown_name(h.filename)
        print(f"\n[{h.id}] {h.title}{marks}")
        print(f"    {h.source or 'unknown source'} · {date} · {name}")
        print(f"    {h.snippet}")
    for facet in (*FACET_NAMES, "date"):
        values = result.facets.get(facet, [])[:facet_limit]
        if values:
            print(f"\n{facet}: " + ", ".join(f"{v} ({n})" for v, n in values))
    return EXIT_OK


def cmd_show(lib: Any, args: argparse.Namespace) -> int:
    doc = lib.searcher.document(args.id, query=args.query)
    if args.json:
        data = doc.to_json()
        if args.query:
            data["hits"] = [list(h) for h in doc.hits]
            data["title_hits"] = [list(h) for h in doc.title_hits]
            data["hit_notes"] = [n.to_json() for n in doc.hit_notes]
        _print_json(data, sys.stdout)
        return EXIT_OK
    print(doc.title)
    print(
        f"{doc.source or 'unknown source'} · {doc.author or 'no byline'} · "
        f"{doc.published.isoformat() if doc.published else 'undated'} · {shown_name(doc.filename)}"
    )
    if doc.url:
        print(doc.url)
    for kind in ENTITY_KINDS:
        names = doc.canonical_names((kind,))
        if names:
            print(f"{kind}: {', '.join(names)}")
    print()
    print(doc.text)
    return EXIT_OK


def cmd_export(lib: Any, args: argparse.Namespace) -> int:
    out: TextIO = (
        open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
        if args.output
        else sys.stdout
    )
    try:
        ids = lib.searcher.all_ids(_request(args, 0)).tolist()
        cite = _cli_cite()
        if args.format in cite.ARTICLE_FORMATS:
            cite.export_articles(lib, ids, args.format, out, args.query or "Sourcedesk articles")
        elif args.format == "jsonl":
            for doc_id in ids:
                doc = lib.searcher.document(doc_id)
                row = doc.to_json() | lib.workbench.marks_of(doc_id).to_json()
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            import csv

            writer = csv.writer(out)
            writer.writerow(
                [
                    "id",
                    "filename",
                    "title",
                    "source",
                    "published",
                    "start",
                    "end",
                    "text",
                    "kind",
                    "canonical",
                    "link",
                    "link_reason",
                ]
            )
            for doc_id in ids:
                doc = lib.searcher.document(doc_id)
                pub = doc.published.isoformat() if doc.published else ""
                for m in doc.entities:
                    writer.writerow(
                        [
                            doc.id,
                            doc.filename,
                            doc.title,
                            doc.source or "",
                            pub,
                            m.start,
                            m.end,
                            m.text,
                            m.kind,
                            m.canonical,
                            m.link or "",
                            m.link_reason,
                        ]
                    )
    finally:
        if out is not sys.stdout:
            out.close()
    return EXIT_OK


def cmd_reindex(lib: Any, args: argparse.Namespace) -> int:
    if args.engine:
        before = lib.index.engine
        n = lib.move_index(args.engine)
        print(f"reindexed {n} documents with {args.engine} (was {before})")
        return EXIT_OK
    n = lib.reindex()
    print(f"reindexed {n} documents")
    return EXIT_OK


def cmd_check(lib: Any, args: argparse.Namespace) -> int:
    from .maintenance import check

    report = check(lib, repair=args.repair)
    if args.json:
        _print_json(
            {"healthy": report.healthy, "findings": [f.to_json() for f in report.findings]},
            sys.stdout,
        )
    else:
        for f in report.findings:
            state = "ok" if f.ok else ("repaired" if f.repaired else "PROBLEM")
            print(f"{state:<9} {f.what}" + (f": {f.detail}" if f.detail else ""))
    return EXIT_OK if report.healthy else EXIT_FAILED


def cmd_backup(lib: Any, args: argparse.Namespace) -> int:
    from pathlib import Path

    from .maintenance import backup

    try:
        n = backup(lib, Path(args.dest))
    except (FileExistsError, OSError) as exc:
        print(f"sourcedesk: backup failed: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"backed up {n} documents to {args.dest}")
    return EXIT_OK


def cmd_reextract(lib: Any, args: argparse.Namespace) -> int:
    print(lib.reextract().summary)
    return EXIT_OK


def cmd_stats(lib: Any, args: argparse.Namespace) -> int:
    stats = lib.stats()
    if args.json:
        _print_json(stats.to_json(), sys.stdout)
        return EXIT_OK
    print(f"library   {stats.path} (search engine: {stats.search_engine})")
    print(f"documents {stats.documents} ({stats.undated} undated), sources {stats.sources}")
    print("entities  " + ", ".join(f"{k} {v}" for k, v in stats.entities.items()))
    print(
        f"mentions  {stats.mentions}; index {stats.index_documents} documents"
        f" ({stats.index_pending} pending)"
    )
    mb = 1024 * 1024
    print(
        f"on disk   database {stats.database_bytes / mb:.1f} MB, index "
        f"{stats.index_bytes / mb:.1f} MB, originals {stats.originals_bytes / mb:.1f} MB"
    )
    return EXIT_OK


COMMANDS = {
    "import": cmd_import,
    "search": cmd_search,
    "show": cmd_show,
    "export": cmd_export,
    "entities": cmd_entities,
    **COLLECT_COMMANDS,
    **STORY_COMMANDS,
    "quote": lambda lib, args: _cli_cite().cmd_quote(lib, args),
    "cite": lambda lib, args: _cli_cite().cmd_cite(lib, args),
    "saved": lambda lib, args: _cli_cite().cmd_saved(lib, args, _request),
    "check": cmd_check,
    "backup": cmd_backup,
    "reindex": cmd_reindex,
    "reextract": cmd_reextract,
    "stats": cmd_stats,
    "edit": cmd_edit,
    "remove": cmd_remove,
    "trash": cmd_trash,
    "undo": cmd_undo,
    "push": cmd_sync,
    "pull": cmd_sync,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``sourcedesk`` command."""
    words = sys.argv[1:] if argv is None else list(argv)
    # exit 2 for an argument that is not text
    args = parse_arguments(build_parser(command_named(words)), words)
    if args.command not in READ_ONLY_COMMANDS:
        gc.enable()  # the command-line entry turns it off for start-up (desktop/cli_entry.py)
    out, err = sys.stdout, sys.stderr
    # whatever a file name or an article holds, the terminal gets text, never commands
    sys.stdout, sys.stderr = cast(TextIO, SafeStream(out)), cast(TextIO, SafeStream(err))
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = out, err


#: Commands that only read, answered without the ORM where the library allows it (an export
#: carries the reporter's marks and notes, read through the workbench: it opens the library).
READ_ONLY_COMMANDS = frozenset({"search", "show"})


def _open(args: argparse.Namespace) -> Any:
    where = resolve_library(args.library)
    if args.command in READ_ONLY_COMMANDS and isinstance(where, Path):
        from .reading import open_for_reading

        reader = open_for_reading(where)
        if reader is not None:
            return reader
    from .library import Library

    return Library.open(where)


def _run(args: argparse.Namespace) -> int:
    from search import QueryError

    from .errors import CurationError, LibraryError

    try:
        if args.command == "server":  # it opens the address it is given
            return cmd_server(args)
        with _open(args) as lib:
            _queue_writes(lib, args)
            return COMMANDS[args.command](lib, args)
    except QueryError as exc:
        print(f"sourcedesk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CurationError as exc:
        print(f"sourcedesk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except LibraryError as exc:
        print(f"sourcedesk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # the output was cut short (`| head`): not an error
        return EXIT_OK
    except Exception as exc:  # never a traceback for the user, unless asked for
        if os.environ.get("SOURCEDESK_DEBUG"):
            raise
        print(f"sourcedesk: unexpected error ({type(exc).__name__}): {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("sourcedesk: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
