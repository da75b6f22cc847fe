"""Whoosh imported without urllib and asyncio still works, and
leaves the real modules to whoever imports them later (search/whoosh_lean.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import sys
import search
from whoosh import fields, index, query
from whoosh.filedb.filestore import RamStorage

ix = RamStorage().create_index(fields.Schema(id=fields.ID(stored=True), body=fields.TEXT))
with ix.writer() as w:
    for i, text in enumerate(["the runner ran", "a quiet day", "she runs daily"]):
        w.add_document(id=str(i), body=text)
with ix.writer() as w:
    w.delete_by_term("id", "1")
with ix.searcher() as s:
    plain = sorted(h["id"] for h in s.search(query.Term("body", "day")))
absent = [m for m in ("urllib.request", "asyncio", "cached_property") if m in sys.modules]
with ix.searcher() as s:
    found = sorted(h["id"] for h in s.search(query.Variations("body", "run")))
    deleted = sorted(s.reader().deleted_docs_set)
import urllib.request
print(repr((absent, plain, found, deleted, hasattr(urllib.request, "Request"))))
"""


def test_whoosh_works_without_what_it_would_import_and_the_real_modules_stay_importable():
    res = subprocess.run(
        [sys.executable, "-c", PROGRAM], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert res.returncode == 0, res.stderr[-2000:]
    absent, plain, found, deleted, real_request = eval(res.stdout)  # noqa: S307 (our own print)
    assert absent == []  # none of them loaded by importing search and using Whoosh
    assert plain == []  # "a quiet day" was deleted
    assert found == ["0", "2"]  # Variations: the real morphology
    assert deleted == [1]  # the reader's deleted set (functools.cached_property)
    assert real_request  # a later import gets the real urllib.request, not the stand-in


LEAN_SEARCH = """
import sys
import search
from search.engines import engine_class
engine_class("whoosh")
loaded = [m for m in ("hashlib", "_hashlib", "html", "tempfile", "random", "shutil",
                      "calendar", "whoosh.query", "whoosh.searching") if m in sys.modules]
from whoosh.filedb import filestore, filetables
from whoosh.util import random_name
from whoosh.compat import htmlescape
import hashlib
same_hash = filetables.md5_hash(b"Kyiv") == int(hashlib.md5(b"Kyiv").hexdigest(), 16) & 0xFFFFFFFF
names = {len(random_name()) for _ in range(3)}
storage = filestore.FileStorage(sys.argv[1]).create()
with storage.temp_storage("t") as temp:
    temp_dir = temp.folder
from whoosh.util.times import adatetime, TimeError
try:  # the month's length, from the real calendar
    adatetime(2023, 2, 29)
    leap = "accepted"
except TimeError:
    leap = "refused"
leap += "/" + str(adatetime(2024, 2).ceil().day)
print(repr((loaded, same_hash, names, htmlescape("<b>"), temp_dir.startswith(tempfile_dir()),
            leap)))
"""


def test_searching_a_whoosh_index_leaves_out_what_only_writers_use_until_they_ask(tmp_path):
    """An index searched imports neither OpenSSL (hashlib: the term table's md5 is the
    standard library's own), html, Whoosh's own queries and searcher, nor what a writer
    uses (tempfile, random, shutil); each is there, the real one, when Whoosh first calls
    it."""
    program = LEAN_SEARCH.replace("tempfile_dir()", "__import__('tempfile').gettempdir()")
    res = subprocess.run(
        [sys.executable, "-c", program, str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr[-2000:]
    loaded, same_hash, names, escaped, in_temp, leap = eval(res.stdout)  # noqa: S307
    assert loaded == []
    assert same_hash  # the same digest: an index written before reads the same
    assert names == {28}  # whoosh.util.random_name (28 letters), with the real random
    assert escaped == "&lt;b&gt;"
    assert in_temp  # FileStorage.temp_storage, with the real tempfile
    assert leap == "refused/29"  # whoosh.util.times, with the real calendar
