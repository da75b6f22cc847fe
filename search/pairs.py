"""Word pairs: the candidates of a quoted phrase, found without reading any text.

A quoted phrase is decided on the stored text (``Phrase.occurs_in``: its words as written,
case-insensitive, only separators ``[\\W_]+`` between). Before this a folder library's
candidates were the articles holding every word of it anywhere (Whoosh), or its stems side
by side (Tantivy), and each of their texts was read and checked: "the company said" read
25,336 texts at 100,000 articles to find 8,121. Both also lost hits: words the engine
joins into one term ("the.company said", "x_interest"), a dotted capital İ, Greek final
sigma. Here each article's title and text are kept as the pairs of neighbouring runs of
letters and digits ("the company", "company said"), folded as Python's case-insensitive
matching folds them, so the articles holding every pair of a phrase are a far closer
superset of its hits (8,244 for those 8,121), and only their texts are read.

Why it is a superset (a phrase must never lose a hit): where the literal pattern matches,
every letter or digit of the match is one of the phrase's words, the two ends are not
next to another letter or digit, and the separators hold none; so the matched stretch
splits into the phrase's own runs, in order, next to each other among the text's runs,
and the same folding of both sides makes equal what the pattern's case-insensitivity
takes as equal. The one mark re takes for a letter (a combining Greek iota
subscript, which is a separator between runs too) makes its text a candidate of every
phrase. ``tests/unit/test_pairs.py`` checks the folding against ``re`` over every Unicode
character.

The pairs live in a small SQLite file beside the engine's index (:class:`PairFile`), not
in Whoosh itself: as a Whoosh field they made a rebuild of 23,000 articles 72 -> 231 s
(every posting costs Whoosh ~10 us of Python); as a ``WITHOUT ROWID`` table of (pair,
article), 72 -> 101 s, and a 23k import's index child spent two fifths of its time on
them (~10 s: a Python call, an f-string and a CRC a pair, then 4.2 million B-tree rows).
Now each write of pairs is one *run*: every (pair, article) of its articles as one sorted
array of 64-bit integers, made with numpy from each text's run hashes (a run is hashed
once, then looked up in C), and written as a row per bucket of keys (their top bits, as
many as give the run's rows a few hundred pairs each); a phrase's look-up reads the row of
its key's bucket in each run, by its row id. Past
:data:`MAX_RUNS` runs the smallest are merged, as the engine merges its segments. The
pairs of 22,908 Reuters and BBC articles in 5,000-article writes: 10.2 -> 2.9 s, 48.6 ->
33.7 MB (docs/performance.md, issue 16, eighteenth session).

A pair is kept as a 32-bit hash: two pairs sharing one only widen the candidates. Rows of
an article deleted or rewritten stay until the next rebuild: they only widen the
candidates too, and the stored text decides. A file of an earlier layout (``format``) is
incomplete to this version: phrases are found by their words until the window (or
``check``) writes the pairs again from the store.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
from array import array
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias
from zlib import crc32

import numpy as np

from .analysis import TOKEN_PATTERN
from .sqlite_files import read_only_uri

if TYPE_CHECKING:
    import numpy.typing as npt

#: A run of letters or digits: what the literal pattern's separators ``[\W_]+`` part.
RUN = re.compile(r"[^\W_]+")

#: The file beside an index.
PAIRS_NAME = "pairs.sqlite"
#: The layout of its tables (``state.format``); a file of another is rewritten from the store.
FORMAT = 2
#: A run's bucket of a key is its top bits (``runs.bits``, at most this many), as many as
#: make its rows about :data:`ROW_PAIRS` (pair, article) each.
MAX_BITS = 16
ROW_PAIRS = 64
#: Each run (the pairs of one write) has a row per bucket, ``run * RUN_ROWS + bucket + 1``,
#: and the row ``run * RUN_ROWS`` of the articles holding :data:`ANY_PHRASE`.
RUN_ROWS = 1 << (MAX_BITS + 1)
#: Runs kept before the smallest are merged (a look-up reads a row of each run), and the
#: share of the pairs a merge may take (:meth:`PairFile._merge_runs`).
MAX_RUNS = 8
MERGE_SHARE = 0.3
#: A merge takes the key space in 2 ** MERGE_SLICE_BITS slices, one after the other.
MERGE_SLICE_BITS = 4
#: Runs' words held in memory before their pairs are written.
PENDING_WORDS = 2_000_000

Keys: TypeAlias = "npt.NDArray[np.uint32]"


def _equivalences() -> list[tuple[int, ...]]:
    """The classes of characters ``re.IGNORECASE`` takes as the same beyond lower case
    ("i" and dotless "ı", "s" and long "ſ", sigma and final sigma…)."""
    from re import _casefix  # type: ignore[attr-defined]  # the table re itself uses

    seen: set[int] = set()
    out: list[tuple[int, ...]] = []
    for code, others in _casefix._EXTRA_CASES.items():
        if code not in seen:
            group = tuple(sorted({code, *others}))
            seen.update(group)
            out.append(group)
    return out


def _tables() -> tuple[dict[int, str], dict[int, str], frozenset[str]]:
    before = {0x130: "i"}  # "İ": re lower-cases it to "i", str.lower to "i" + a dot above
    after: dict[int, str] = {}
    marks: set[str] = set()
    for group in _equivalences():
        letters = [chr(c) for c in group if chr(c).isalnum()]
        marks.update(chr(c) for c in group if not chr(c).isalnum())
        for c in letters[1:]:
            after[ord(c)] = letters[0]
    return before, after, frozenset(marks)


#: ``LETTER_MARKS``: marks that ``re.IGNORECASE`` also takes for a letter (the combining
#: Greek ypogegrammeni for iota): a separator between runs, or a letter of a phrase. A text
#: with one holds :data:`ANY_PHRASE`, which makes it a candidate of every phrase.
_BEFORE, _AFTER, LETTER_MARKS = _tables()
ANY_PHRASE = 1 << 32  # outside the keys' range


def fold(text: str) -> str:
    """``text`` folded as ``re.IGNORECASE`` compares characters, one for one."""
    return text.translate(_BEFORE).lower().translate(_AFTER)


class _RunHashes(dict[str, int]):
    """A folded run -> its CRC-32, each run hashed once (a known run is a dict look-up in
    C: a text's runs are hashed by ``map``, with no Python call for most of them)."""

    def __missing__(self, run: str) -> int:
        value = self[run] = crc32(run.encode())
        return value


_HASHES = _RunHashes()
_MIX1, _MIX2 = np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)
_33, _32 = np.uint64(33), np.uint64(32)


def _run_hashes(folded: str) -> array[int]:
    """The hashes of the runs of a folded text, in order."""
    if len(_HASHES) > 500_000:
        _HASHES.clear()
    return array("I", map(_HASHES.__getitem__, RUN.findall(folded)))


def _pair_keys(first: npt.NDArray[np.uint32], second: npt.NDArray[np.uint32]) -> Keys:
    """The 32-bit key of each pair of run hashes (MurmurHash3's finaliser of the two side
    by side), computed for all of them at once."""
    k = (first.astype(np.uint64) << _32) | second.astype(np.uint64)
    k ^= k >> _33
    k *= _MIX1
    k ^= k >> _33
    k *= _MIX2
    k ^= k >> _33
    return (k >> _32).astype(np.uint32)


def _hashes_of(folded: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(_run_hashes(folded), dtype=np.uintc)  # what array "I" holds


def text_pairs(*texts: str) -> set[int]:
    """The keys of every pair of neighbouring runs in each of ``texts`` (none across two)."""
    out: set[int] = set()
    for text in texts:
        folded = fold(text)
        hashes = _hashes_of(folded)
        out.update(_pair_keys(hashes[:-1], hashes[1:]).tolist())
        if any(m in folded for m in LETTER_MARKS):
            out.add(ANY_PHRASE)
    return out


@lru_cache(maxsize=256)
def phrase_pairs(phrase_text: str) -> tuple[int, ...] | None:
    """The keys of the pairs a text holding ``phrase_text`` literally must have (unless it
    holds :data:`ANY_PHRASE`); ``None`` when they cannot narrow it (a single run)."""
    hashes = _hashes_of(fold(" ".join(re.findall(TOKEN_PATTERN, phrase_text))))
    if len(hashes) < 2:
        return None
    return tuple(dict.fromkeys(_pair_keys(hashes[:-1], hashes[1:]).tolist()))


#: One article's texts as :class:`PairFile` keeps them: its id, the run hashes of each of
#: its texts of two runs or more, and whether one holds a mark of :data:`LETTER_MARKS`.
TextRuns: TypeAlias = "tuple[int, list[array[int]], bool]"


def text_runs(doc_id: int, texts: Sequence[str]) -> TextRuns:
    """The run hashes of an article's title and text, as :meth:`PairFile.add_runs` takes
    them."""
    return folded_runs(doc_id, texts)[0]


def folded_runs(doc_id: int, texts: Sequence[str]) -> tuple[TextRuns, list[str]]:
    """:func:`text_runs`, and each text folded (``""`` for an empty one): the word
    positions are made from the same folding (search/phrase_files.py)."""
    hashed: list[array[int]] = []
    anywhere = False
    folded_texts = []
    for text in texts:
        folded = fold(text) if text else ""
        folded_texts.append(folded)
        if not folded:
            continue
        hashes = _run_hashes(folded)
        if len(hashes) > 1:
            hashed.append(hashes)
        if any(m in folded for m in LETTER_MARKS):
            anywhere = True
    return (doc_id, hashed, anywhere), folded_texts


class PairsUnavailable(Exception):
    """The pair file is missing, damaged or known to be incomplete: the words decide."""


class PairFile:
    """The runs of (pair, article) of one index folder.

    Writes are batched by the index's writer and committed *before* the index's own
    commit: if the process dies between the two, the pairs know an article the index does
    not yet, which only widens a phrase's candidates; never the reverse. A write that fails
    (a full disk) never fails the index's: the file is marked incomplete (or, if even that
    cannot be written, removed) before the index commits, and from then on phrases are
    found by their words until the index is rebuilt. A reader notices a file another
    process replaced (a rebuild) or removed, and reads the new one or none."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / PAIRS_NAME
        self._lock = threading.Lock()
        self._conns: dict[bool, sqlite3.Connection] = {}
        self._ident: tuple[int, int] | None = None
        self._texts: list[array[int]] = []  # the run hashes of each text queued
        self._owners: list[int] = []  # the article of each
        self._anywhere: list[int] = []  # articles holding ANY_PHRASE
        self._words = 0
        self._failed = False
        self._closed = False

    @classmethod
    def create(cls, folder: Path, complete: bool = True) -> None:
        """An empty pair file in ``folder`` (one there is replaced): complete for an empty
        index, incomplete until :meth:`build` has written every article's pairs."""
        path = Path(folder) / PAIRS_NAME
        for old in (path, path.with_name(PAIRS_NAME + "-wal"), path.with_name(PAIRS_NAME + "-shm")):
            old.unlink(missing_ok=True)
        with contextlib.closing(sqlite3.connect(path)) as c:
            c.execute("PRAGMA journal_mode = WAL")
            c.execute("CREATE TABLE pairs (id INTEGER PRIMARY KEY, postings BLOB NOT NULL)")
            c.execute(
                "CREATE TABLE runs (run INTEGER PRIMARY KEY, postings INTEGER NOT NULL, "
                "bits INTEGER NOT NULL)"
            )
            c.execute("CREATE TABLE state (complete INTEGER NOT NULL, format INTEGER NOT NULL)")
            c.execute("INSERT INTO state VALUES (?, ?)", (int(complete), FORMAT))
            c.commit()

    def _connection(self, reading: bool = False) -> sqlite3.Connection:
        """The writer's (or the reader's) connection, to the file now at ``path`` (the
        caller holds the lock). Apart, so that a search never ends a write's transaction."""
        if self._closed:
            raise PairsUnavailable("the index is closed")
        try:
            st = self.path.stat()
        except OSError as exc:
            self._drop()
            raise PairsUnavailable(str(exc)) from exc
        if self._ident != (st.st_dev, st.st_ino):
            self._drop()  # replaced by another process's rebuild
        conn = self._conns.get(reading)
        if conn is None:
            try:
                # the reader manages its own transactions; the writer's open on its first row
                conn = sqlite3.connect(
                    self.path,
                    check_same_thread=False,
                    timeout=60.0,
                    isolation_level=None if reading else "DEFERRED",
                )
                conn.execute("PRAGMA synchronous = NORMAL")  # WAL: a commit survives a crash
                if not reading:  # the inserts' pages; a reader keeps SQLite's 2 MB
                    conn.execute("PRAGMA cache_size = -32768")
                else:
                    conn.execute("SELECT 1 FROM state")  # opens the log: a full disk says no
            except sqlite3.Error as exc:
                if reading:  # read-only, as the store is then
                    return self._read_only(exc)
                raise PairsUnavailable(str(exc)) from exc
            self._conns[reading] = conn
            self._ident = (st.st_dev, st.st_ino)
        return conn

    def _read_only(self, cause: sqlite3.Error) -> sqlite3.Connection:
        """A reader that writes nothing beside the file (a full disk, a read-only folder),
        opened as the store is then. Never kept: once the disk has room again, writers
        write and the next search must see it."""
        try:
            uri = read_only_uri(self.path)
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
            conn.execute("SELECT 1 FROM state")
        except (OSError, sqlite3.Error) as exc:
            raise PairsUnavailable(f"{cause}; read-only: {exc}") from exc
        return conn

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The reader's connection for one read (the caller holds the lock)."""
        conn = self._connection(reading=True)
        try:
            yield conn
        finally:
            if self._conns.get(True) is not conn:  # a read-only one, for this read only
                conn.close()

    def _drop(self) -> None:
        for conn in self._conns.values():
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        self._conns.clear()
        self._ident = None

    # -- writing (the index's writer) ---------------------------------------------------

    def add(self, doc_id: int, texts: Sequence[str]) -> None:
        """Queue the pairs of one article's title and text."""
        if not self._failed:
            self.add_runs(text_runs(doc_id, texts))

    def add_runs(self, runs: TextRuns) -> None:
        """Queue the pairs of one article's texts, their runs hashed already
        (:func:`text_runs`: an import's tail hashes them while another process writes)."""
        if self._failed:
            return
        doc_id, hashed, anywhere = runs
        for hashes in hashed:
            self._texts.append(hashes)
            self._owners.append(doc_id)
            self._words += len(hashes)
        if anywhere:
            self._anywhere.append(doc_id)
        if self._words >= PENDING_WORDS:
            self._flush()

    def _forget(self) -> None:
        self._texts, self._owners, self._anywhere, self._words = [], [], [], 0

    def _flush(self) -> None:
        """Write what is queued as one run (in the open transaction)."""
        texts, owners, anywhere = self._texts, self._owners, self._anywhere
        self._forget()
        if self._failed or not (texts or anywhere):
            return
        with self._lock:
            try:
                postings = _postings(texts, owners)
                conn = self._connection()
                if not conn.in_transaction:
                    conn.execute("BEGIN IMMEDIATE")
                _write_run(conn, postings, _sorted_once(np.array(anywhere, dtype=np.uint64)))
                _merge_runs(conn)
            except (sqlite3.Error, PairsUnavailable):
                self._fail()

    def commit(self) -> None:
        """Write what was queued (before the index commits); never raises."""
        self._flush()
        with self._lock:
            if self._failed:
                self._failed = False  # the next transaction starts from a file marked
                return
            try:
                conn = self._conns.get(False)
                if conn is not None and conn.in_transaction:
                    conn.commit()
            except sqlite3.Error:
                self._fail()
                self._failed = False

    def build(self, docs: Iterable[tuple[int, Sequence[str]]]) -> bool:
        """Write the pairs of every article anew, ``(id, (title, text))`` (an index kept
        from before the pairs, or one whose pairs were lost): the file says it is complete
        only once all of them are in. False if it could not be written (a full disk)."""
        return self.build_runs(text_runs(doc_id, texts) for doc_id, texts in docs)

    def build_runs(self, articles: Iterable[TextRuns]) -> bool:
        """:meth:`build` from every article's :func:`text_runs`."""
        with self._lock:
            self._drop()
            try:
                PairFile.create(self.path.parent, complete=False)
            except (OSError, sqlite3.Error):
                return False
        self._failed = False
        for runs in articles:
            self.add_runs(runs)
        self._flush()
        with self._lock:
            if self._failed:
                self._failed = False
                return False
            try:
                conn = self._connection()
                conn.execute("UPDATE state SET complete = 1")
                conn.commit()
            except (sqlite3.Error, PairsUnavailable):
                self._fail()
                self._failed = False
                return False
        return True

    def cancel(self) -> None:
        """Forget what was queued and not committed."""
        self._forget()
        with self._lock:
            self._failed = False
            conn = self._conns.get(False)
            if conn is not None and conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.rollback()

    def _fail(self) -> None:
        """Mark the file incomplete, or remove it (the caller holds the lock)."""
        self._failed = True
        self._forget()
        try:
            conn = self._connection()
            if conn.in_transaction:
                conn.rollback()
            conn.execute("UPDATE state SET complete = 0")
            conn.commit()
        except (sqlite3.Error, PairsUnavailable):
            self._drop()
            for path in (self.path, self.path.with_name(PAIRS_NAME + "-wal")):
                with contextlib.suppress(OSError):
                    path.unlink()

    # -- reading ------------------------------------------------------------------------

    def holding(self, keys: Iterable[int]) -> list[int]:
        """The articles holding every pair in ``keys`` (or :data:`ANY_PHRASE`), ascending;
        raises :class:`PairsUnavailable` when the file cannot say."""
        keys = list(keys)
        if not keys:
            raise PairsUnavailable("no pair to look for")
        with self._lock, self._reading() as conn:
            try:
                conn.execute("BEGIN")  # the state and the pairs of one commit
                try:
                    if conn.execute("SELECT complete, format FROM state").fetchone() != (
                        1,
                        FORMAT,
                    ):
                        raise PairsUnavailable("the pairs are incomplete")
                    runs = conn.execute("SELECT run, bits FROM runs").fetchall()
                    found = _holding_all(conn, runs, keys)
                    anywhere = _rows(conn, [run * RUN_ROWS for run, _bits in runs])
                finally:
                    conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise PairsUnavailable(str(exc)) from exc
        return (np.union1d(found, anywhere) if len(anywhere) else found).tolist()

    def complete(self) -> bool:
        """Whether the file is there, readable and complete (``sourcedesk check`` says)."""
        with self._lock:
            try:
                with self._reading() as conn:
                    state = conn.execute("SELECT complete, format FROM state").fetchone()
                    return bool(state == (1, FORMAT))
            except (sqlite3.Error, PairsUnavailable):
                return False

    def close(self) -> None:
        """Release the file for good (what was not committed is lost)."""
        with self._lock:
            self._closed = True
            self._forget()
            self._drop()


def _postings(texts: list[array[int]], owners: list[int]) -> npt.NDArray[np.uint64]:
    """Every (pair key, article) of these texts' run hashes as ``key << 32 | article``,
    sorted, each once: the pairs of neighbouring runs of each text, none across two."""
    if owners and max(owners) > 0xFFFFFFFF:
        raise PairsUnavailable("an article id beyond 32 bits")
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    hashes = np.frombuffer(b"".join(texts), dtype=np.uintc)
    if len(hashes) < 2:
        return np.zeros(0, dtype=np.uint64)
    keep = np.ones(len(hashes) - 1, dtype=bool)
    keep[np.cumsum(lengths)[:-1] - 1] = False  # from the last run of a text to the next's first
    articles = np.repeat(np.asarray(owners, dtype=np.uint64), lengths)[:-1][keep]
    keys = _pair_keys(hashes[:-1], hashes[1:])[keep]
    return _sorted_once((keys.astype(np.uint64) << _32) | articles)


def _sorted_once(values: npt.NDArray[np.uint64], stretches: bool = False) -> npt.NDArray[np.uint64]:
    """``values`` sorted, each once (``np.unique`` hashes first: ~4x slower here). With
    ``stretches`` (values made of a few ascending stretches: a key's articles from each
    run), a stable sort, which merges the stretches where quicksort sorts anew ("the
    company said" at 100k: a phrase's look-up 2.8 -> 0.5 ms with the intersection below)."""
    values = np.sort(values, kind="stable" if stretches else None)
    if len(values) > 1:
        values = values[np.r_[True, values[1:] != values[:-1]]]
    return values


def _bits(postings: int) -> int:
    """The bucket bits of a run of this many postings."""
    return min(MAX_BITS, max(0, (postings // ROW_PAIRS).bit_length() - 1))


def _bucket_rows(base: int, bits: int, postings: npt.NDArray[np.uint64]) -> list[tuple[int, bytes]]:
    """The rows of a run (its first row id ``base``) holding ``postings`` (sorted)."""
    if not len(postings):
        return []
    buckets = (postings >> np.uint64(64 - bits)).astype(np.int64) if bits else postings * 0
    starts = np.flatnonzero(np.r_[True, buckets[1:] != buckets[:-1]])
    bounds = np.r_[starts, len(postings)].tolist()
    data = postings.astype("<u8")
    return [
        (base + bucket + 1, data[start:end].tobytes())
        for bucket, start, end in zip(
            buckets[starts].tolist(), bounds[:-1], bounds[1:], strict=True
        )
    ]


def _new_run(conn: sqlite3.Connection) -> int:
    (run,) = conn.execute("SELECT coalesce(max(run), 0) + 1 FROM runs").fetchone()
    return int(run)


def _write_run(
    conn: sqlite3.Connection, postings: npt.NDArray[np.uint64], anywhere: npt.NDArray[np.uint64]
) -> None:
    """One run: a row per bucket of ``postings`` (sorted), and one of ``anywhere``."""
    run, bits = _new_run(conn), _bits(len(postings))
    rows = _bucket_rows(run * RUN_ROWS, bits, postings)
    if len(anywhere):
        rows.insert(0, (run * RUN_ROWS, anywhere.astype("<u8").tobytes()))
    conn.executemany("INSERT INTO pairs (id, postings) VALUES (?, ?)", rows)
    conn.execute(
        "INSERT INTO runs (run, postings, bits) VALUES (?, ?, ?)",
        (run, len(postings) + len(anywhere), bits),
    )


def _merge_runs(conn: sqlite3.Connection) -> None:
    """Past :data:`MAX_RUNS` runs, the smallest merged into one, up to :data:`MERGE_SHARE`
    of the postings (at least two): a look-up reads a row of every run. The key space is
    merged a :data:`MERGE_SLICES`-th at a time (all of a 100k library's smaller runs at once
    took ~200 MB)."""
    runs = conn.execute("SELECT run, postings, bits FROM runs").fetchall()
    if len(runs) <= MAX_RUNS:
        return
    total = sum(n for _, n, _ in runs)
    chosen: list[tuple[int, int]] = []
    held = 0
    for run, n, bits in sorted(runs, key=lambda r: (r[1], r[0])):
        if len(chosen) >= 2 and held + n > MERGE_SHARE * total:
            break
        chosen.append((run, bits))
        held += n
    new, bits = _new_run(conn), _bits(held)
    anywhere = _sorted_once(_rows(conn, [run * RUN_ROWS for run, _ in chosen]))
    if len(anywhere):
        conn.execute(
            "INSERT INTO pairs (id, postings) VALUES (?, ?)",
            (new * RUN_ROWS, anywhere.astype("<u8").tobytes()),
        )
    written = len(anywhere)
    step = 1 << (32 - min(MERGE_SLICE_BITS, bits))  # a slice is whole buckets of the new run
    for low in range(0, 1 << 32, step):
        blobs = []
        for run, run_bits in chosen:  # the rows of each run that hold keys of this slice
            first, last = (key >> (32 - run_bits) for key in (low, low + step - 1))
            span = (run * RUN_ROWS + first + 1, run * RUN_ROWS + last + 1)
            blobs += [row[0] for row in conn.execute(_SPAN, span)]
        postings = _sorted_once(np.frombuffer(b"".join(blobs), dtype="<u8").astype(np.uint64))
        keys = postings >> _32
        postings = postings[(keys >= np.uint64(low)) & (keys < np.uint64(low + step))]
        conn.executemany(
            "INSERT INTO pairs (id, postings) VALUES (?, ?)",
            _bucket_rows(new * RUN_ROWS, bits, postings),
        )
        written += len(postings)
    conn.execute("INSERT INTO runs (run, postings, bits) VALUES (?, ?, ?)", (new, written, bits))
    for run, _ in chosen:
        conn.execute(
            "DELETE FROM pairs WHERE id BETWEEN ? AND ?", (run * RUN_ROWS, (run + 1) * RUN_ROWS - 1)
        )
        conn.execute("DELETE FROM runs WHERE run = ?", (run,))


_SPAN = "SELECT postings FROM pairs WHERE id BETWEEN ? AND ?"


def _rows(conn: sqlite3.Connection, row_ids: list[int]) -> npt.NDArray[np.uint64]:
    """The postings of these rows, together."""
    marks = ",".join("?" * len(row_ids))
    rows = conn.execute(f"SELECT postings FROM pairs WHERE id IN ({marks})", row_ids)
    return np.frombuffer(b"".join(row[0] for row in rows), dtype="<u8").astype(np.uint64)


def _holding_all(
    conn: sqlite3.Connection, runs: list[tuple[int, int]], keys: list[int]
) -> npt.NDArray[np.uint64]:
    """The articles holding every one of ``keys`` in these (run, bits), ascending."""
    found: npt.NDArray[np.uint64] | None = None
    for key in keys:
        postings = _rows(conn, [run * RUN_ROWS + (key >> (32 - bits)) + 1 for run, bits in runs])
        docs = _sorted_once(
            postings[(postings >> _32) == np.uint64(key)] & np.uint64(0xFFFFFFFF), stretches=True
        )
        found = docs if found is None else found[np.isin(found, docs, assume_unique=True)]
        if not len(found):
            break
    assert found is not None
    return found
