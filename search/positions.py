"""Word positions: a quoted phrase decided without reading any text.

A quoted phrase is literal (``Phrase.literal``: its words as written, case-insensitive, only
separators ``[\\W_]+`` between, no letter, digit, ``_`` or ``.`` just before it and no letter,
digit or ``_`` just after). The word pairs (search/pairs.py) give a close superset of its
hits, and until now every candidate's stored text was read and searched: "the company said"
at 100,000 articles reads 8,138 texts (7.4 MB), ~25 ms of the ~35 a search takes, on two
cores. This file beside the index answers it from positions instead: each article's title
and text as their runs of letters and digits (:data:`search.pairs.RUN`), folded as the
pattern's case-insensitivity folds them (:func:`search.pairs.fold`), in order, in a Tantivy
index with positions (Rust: ~3 ms to count those 8,138).

Why its answer is the pattern's: where the pattern matches, the phrase's words are
neighbouring runs of the text, in order, equal once folded (the pairs' argument). The
converse: neighbouring runs are only ever parted by separators, so such runs match the
pattern unless the first is just after ``.`` or ``_``, or the last just before ``_``. Those
runs are kept marked (``^run`` after ``.`` or ``_``, ``run$`` before ``_``), and a phrase
asks for its first word unmarked in front, its last unmarked behind, and any marks between
(:func:`phrase_words`). Phrases this cannot say, which read the texts as before: a word
that is not one run ("U.S", "said_the"), a single word, a word longer than
:data:`MAX_RUN`, and a letter that a combining mark equals under case-insensitivity (the
Greek iota and its subscript, :data:`search.pairs.LETTER_MARKS`).

The file follows the index as the pairs do (written in the same transactions, committed
right after the engine, search/phrase_files.py), and also forgets an article deleted or
replaced (its positions would be wrong, where a stale pair only widens the candidates). It
is trusted only while its ``complete`` marker holds this :data:`FORMAT`. Between the
engine's commit and its own the marker is renamed aside (``pending``): a write that fails
removes it, and the texts decide until the file is written again from the store
(``Library.write_phrase_pairs``: the window, ``check``); a writer that dies there leaves it
aside, and the next writer's tidy writes the file again (``desktop.indexing.reconcile``).
Its pages are memory-mapped by Tantivy, like the facet cache (desktop/facet_cache.py),
which every search already reads.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .analysis import TOKEN_PATTERN
from .pairs import LETTER_MARKS, RUN, _equivalences, fold

if TYPE_CHECKING:
    import numpy.typing as npt

#: The folder beside an index's files, and its marker of a complete file.
POSITIONS_DIR = "positions"
COMPLETE = "complete"
#: The marker while a write is between the index's commit and its own.
PENDING = "pending"
#: The layout of its tokens (the marker's content); a file of another is written again.
FORMAT = "1"
#: Longer runs are left to the texts: Tantivy drops a token past 65,530 bytes.
MAX_RUN = 100
#: The writer's memory before it writes a segment, and its threads.
HEAP_BYTES = 32_000_000
THREADS = 1
FIELDS = ("title", "text")

_MARKS = str.maketrans("^$", "  ")  # the two marks are separators in a text
_BEFORE = re.compile(r"(?<=[._])(?=[^\W_])")  # a run just after "." or "_"
_AFTER = re.compile(r"(?<=[^\W_])(?=_)")  # a run just before "_"
_TOKEN = re.compile(r"\^?[^\W_]+\$?")
#: Letters that a mark of LETTER_MARKS equals under case-insensitivity (iota's class).
_MARK_LETTERS = frozenset(
    chr(c) for group in _equivalences() if any(chr(c) in LETTER_MARKS for c in group) for c in group
)


def folded_tokens(folded: str) -> str:
    """A folded text's runs, marked where they touch ``.`` or ``_``, one space between."""
    if "^" in folded or "$" in folded:
        folded = folded.translate(_MARKS)
    if "_" in folded:
        folded = _AFTER.sub("$", folded)
    if "." in folded or "_" in folded:
        folded = _BEFORE.sub("^", folded)
    return " ".join(_TOKEN.findall(folded))


def text_tokens(text: str) -> str:
    """:func:`folded_tokens` of ``text``."""
    return folded_tokens(fold(text)) if text else ""


def phrase_words(phrase_text: str) -> list[list[str]] | None:
    """For each word of a quoted phrase, the tokens it may be in a text that holds the
    phrase (its first word unmarked in front, its last unmarked behind); ``None`` where the
    positions cannot say (the texts decide)."""
    words = re.findall(TOKEN_PATTERN, phrase_text)
    if len(words) < 2:
        return None
    runs = [fold(w) for w in words]
    for run in runs:
        if len(run) > MAX_RUN or not RUN.fullmatch(run) or _MARK_LETTERS.intersection(run):
            return None
    last = len(runs) - 1
    return [
        [
            f"{before}{run}{after}"
            for before in ("", "^")[: 1 + (k > 0)]
            for after in ("", "$")[: 1 + (k < last)]
        ]
        for k, run in enumerate(runs)
    ]


def _tantivy() -> Any:
    import tantivy  # only where positions are read or written (~3 ms)

    return tantivy


def _schema() -> Any:
    tantivy = _tantivy()
    b = tantivy.SchemaBuilder()
    b.add_integer_field("num", stored=False, indexed=True, fast=True)
    for name in FIELDS:
        b.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="position")
    return b.build()


class PositionFile:
    """The positions of one index folder (``<index>/positions``): written inside the
    index's write transactions, by whoever writes the index (one writer at a time, as the
    engine's lock has it), read by any process."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / POSITIONS_DIR
        self._lock = threading.Lock()
        self._writer: Any = None
        self._index: Any = None  # the reader's
        self._restore = False  # the marker taken by begin_commit, put back by commit
        self._failed = False
        self._closed = False

    @classmethod
    def create(cls, folder: Path, complete: bool = True) -> None:
        """An empty file in ``folder`` (one there is replaced): complete for an empty index,
        incomplete until :meth:`build` has written every article."""
        import shutil  # (not in a search: search/index.py)

        path = Path(folder) / POSITIONS_DIR
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        _tantivy().Index(_schema(), path=str(path), reuse=False)
        if complete and not _mark(path):
            raise OSError(f"{path / COMPLETE} could not be written")

    def interrupted(self) -> bool:
        """Whether a writer died between the index's commit and the positions' (their
        marker still aside): they may lack that write's articles."""
        return (self.path / PENDING).exists() and not self.complete()

    def complete(self) -> bool:
        """Whether the file is there and complete in this format."""
        try:
            return (self.path / COMPLETE).read_text(encoding="utf-8") == FORMAT
        except (OSError, UnicodeError):
            return False

    # -- writing (inside the index's write transaction) ----------------------------------

    def _open_writer(self) -> Any:
        if self._writer is None:
            index = _tantivy().Index.open(str(self.path))
            deadline = time.monotonic() + 30.0
            while True:
                try:
                    self._writer = index.writer(heap_size=HEAP_BYTES, num_threads=THREADS)
                    break
                except ValueError:  # another process's writer (it holds the engine's lock)
                    if time.monotonic() >= deadline:
                        raise
                    time.sleep(0.05)
        return self._writer

    def add(self, doc_id: int, tokens: Sequence[str], replace: bool = True) -> None:
        """Queue an article's tokens (:func:`text_tokens` of its title and text);
        ``replace``: it may be in the file already."""
        if self._failed or self._closed:
            return
        try:
            tantivy = _tantivy()
            w = self._open_writer()
            if replace:
                w.delete_documents_by_term("num", doc_id)
            w.add_document(tantivy.Document(num=doc_id, **dict(zip(FIELDS, tokens, strict=True))))
        except Exception:
            self._fail()

    def delete(self, doc_id: int) -> None:
        """Queue the removal of an article."""
        if self._failed or self._closed:
            return
        try:
            self._open_writer().delete_documents_by_term("num", doc_id)
        except Exception:
            self._fail()

    def begin_commit(self) -> None:
        """Before the index commits: a file about to change is marked incomplete (durably)
        until :meth:`commit` has written it after the index, so that the index's commit is
        never short of the disk the positions took, and a crash between the two leaves the
        texts to decide."""
        if self._writer is None or self._failed or self._restore:
            return
        try:
            if not self.complete():
                return
            os.replace(self.path / COMPLETE, self.path / PENDING)  # a rename: no room needed
            _sync_folder(self.path)
            self._restore = True
        except OSError:
            self._fail()

    def commit(self) -> bool:
        """Write what was queued (after the index commits, its marker back); never raises.
        False: the file is incomplete now."""
        w, self._writer = self._writer, None
        restore, self._restore = self._restore, False
        if self._failed:
            self._failed = False
            return False
        if w is not None:
            try:
                w.commit()
                w.wait_merging_threads()
            except Exception:
                self._fail()
                self._failed = False
                return False
        return self._put_back() if restore else True

    def cancel(self) -> None:
        """Forget what was queued and not committed. A marker :meth:`begin_commit` took
        stays aside: whether the index committed is not known here (the next writer writes
        the positions again, :meth:`interrupted`)."""
        w, self._writer = self._writer, None
        self._restore = False
        self._failed = False
        if w is not None:
            with contextlib.suppress(Exception):
                w.rollback()
                w.wait_merging_threads()

    def roll_back(self) -> None:
        """The index's commit failed: forget what was queued, and put the marker back (the
        positions are as the index is)."""
        restore = self._restore
        self.cancel()
        if restore:
            self._put_back()

    def _put_back(self) -> bool:
        """The marker :meth:`begin_commit` took, back (a rename, even on a full disk)."""
        try:
            os.replace(self.path / PENDING, self.path / COMPLETE)
            _sync_folder(self.path)
        except OSError:
            self._fail()
            self._failed = False
            return False
        return True

    def _fail(self) -> None:
        """Mark the file incomplete: the texts decide until it is written again."""
        self._failed = True
        self._restore = False
        w, self._writer = self._writer, None
        for name in (COMPLETE, PENDING):
            with contextlib.suppress(OSError):
                (self.path / name).unlink()
        if w is not None:
            with contextlib.suppress(Exception):
                w.rollback()
                w.wait_merging_threads()

    def build(self, docs: Iterable[tuple[int, Sequence[str]]]) -> bool:
        """Write every article anew, ``(id, (title, text))``; the file says it is complete
        only once all are in. False if it could not be written (a full disk)."""
        if not self.begin_build():
            return False
        for doc_id, texts in docs:
            self.add(doc_id, [text_tokens(t) for t in texts], replace=False)
        return self.end_build()

    def begin_build(self) -> bool:
        """Start the file anew, incomplete (:meth:`add` every article, then
        :meth:`end_build`)."""
        self.cancel()
        with self._lock:
            self._index = None
        try:
            PositionFile.create(self.path.parent, complete=False)
        except Exception:
            return False
        self._failed = False
        return True

    def end_build(self) -> bool:
        """Commit a :meth:`begin_build` and mark the file complete; False if it could not be
        written."""
        if not self.commit():
            return False
        return _mark(self.path) and self.complete()

    def close(self) -> None:
        """Release the file (what was not committed is lost)."""
        self.cancel()
        with self._lock:
            self._closed = True
            self._index = None

    # -- reading ------------------------------------------------------------------------

    def hits(
        self, phrase_text: str, boosts: dict[str, float]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]] | None:
        """The articles holding the phrase in one of ``boosts``' fields (sorted ids) and
        their scores (BM25 of the phrase, each field weighted by its boost); ``None`` when
        the positions cannot say (the texts decide)."""
        words = phrase_words(phrase_text)
        if words is None or not boosts or self._closed or not self.complete():
            return None
        try:
            tantivy = _tantivy()
            with self._lock:
                if self._index is None:
                    self._index = tantivy.Index.open(str(self.path))
                    self._index.config_reader(reload_policy="manual")
                index = self._index
                index.reload()  # another process may have written since
                searcher = index.searcher()
            schema = index.schema
            queries = []
            for field, boost in boosts.items():
                present = [[t for t in ts if searcher.doc_freq(field, t)] for ts in words]
                for combo in itertools.product(*present):
                    q = tantivy.Query.phrase_query(schema, field, list(combo))
                    queries.append((tantivy.Occur.Should, tantivy.Query.boost_query(q, boost)))
            if not queries:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
            found = searcher.search(
                tantivy.Query.boolean_query(queries), limit=max(1, searcher.num_docs), count=False
            ).hits
        except Exception:  # lost, damaged, unreadable here: the texts decide
            return None
        if not self.complete():  # marked incomplete while it was read
            return None
        ids = np.asarray(searcher.fast_field_values("num", [a for _, a in found]), dtype=np.int64)
        scores = np.fromiter((s for s, _ in found), dtype=np.float64, count=len(found))
        order = np.argsort(ids, kind="stable")
        return ids[order], scores[order]


def _sync_folder(path: Path) -> None:
    """Make a file's creation or removal in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _mark(folder: Path) -> bool:
    """Mark the positions in ``folder`` complete, durably."""
    marker = folder / COMPLETE
    try:
        with open(marker, "w", encoding="utf-8") as f:
            f.write(FORMAT)
            f.flush()
            os.fsync(f.fileno())
        _sync_folder(folder)
    except OSError:
        with contextlib.suppress(OSError):
            marker.unlink()
        return False
    return True
