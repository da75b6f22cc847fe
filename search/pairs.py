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
article), 72 -> 101 s. A pair is kept as a 32-bit hash: two pairs sharing one only widen
the candidates. Rows of an article deleted or rewritten stay until the next rebuild: they
only widen the candidates too, and the stored text decides.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from zlib import crc32

from .analysis import TOKEN_PATTERN
from .sqlite_files import read_only_uri

#: A run of letters or digits: what the literal pattern's separators ``[\W_]+`` part.
RUN = re.compile(r"[^\W_]+")

#: The file beside an index.
PAIRS_NAME = "pairs.sqlite"


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
ANY_PHRASE = 1 << 31  # outside the keys' range
_PAIR_KEY = itemgetter(0)


def fold(text: str) -> str:
    """``text`` folded as ``re.IGNORECASE`` compares characters, one for one."""
    return text.translate(_BEFORE).lower().translate(_AFTER)


def _key(a: str, b: str) -> int:
    """A pair's key: its 32-bit hash, signed (SQLite keeps it in 4 bytes)."""
    return crc32(f"{a} {b}".encode()) - 0x80000000


def text_pairs(*texts: str) -> set[int]:
    """The keys of every pair of neighbouring runs in each of ``texts`` (none across two)."""
    out: set[int] = set()
    for text in texts:
        folded = fold(text) if text else ""
        runs = RUN.findall(folded)
        out.update(map(_key, runs, runs[1:]))
        if any(m in folded for m in LETTER_MARKS):
            out.add(ANY_PHRASE)
    return out


@lru_cache(maxsize=256)
def phrase_pairs(phrase_text: str) -> tuple[int, ...] | None:
    """The keys of the pairs a text holding ``phrase_text`` literally must have (unless it
    holds :data:`ANY_PHRASE`); ``None`` when they cannot narrow it (a single run)."""
    runs = RUN.findall(fold(" ".join(re.findall(TOKEN_PATTERN, phrase_text))))
    if len(runs) < 2:
        return None
    return tuple(dict.fromkeys(map(_key, runs, runs[1:])))


class PairsUnavailable(Exception):
    """The pair file is missing, damaged or known to be incomplete: the words decide."""


class PairFile:
    """The (pair, article) table of one index folder.

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
        self._pending: list[tuple[int, int]] = []
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
            c.execute(
                "CREATE TABLE pairs (pair INTEGER NOT NULL, doc INTEGER NOT NULL, "
                "PRIMARY KEY (pair, doc)) WITHOUT ROWID"
            )
            c.execute("CREATE TABLE state (complete INTEGER NOT NULL)")
            c.execute("INSERT INTO state VALUES (?)", (int(complete),))
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
        if self._failed:
            return
        self._pending.extend((k, doc_id) for k in text_pairs(*texts))
        if len(self._pending) >= 200_000:
            self._flush()

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        batch.sort(key=_PAIR_KEY)  # in key order: B-tree appends (the key alone: 2-3x quicker)
        if not batch or self._failed:
            return
        with self._lock:
            try:
                conn = self._connection()
                if not conn.in_transaction:
                    conn.execute("BEGIN IMMEDIATE")
                conn.executemany("INSERT OR IGNORE INTO pairs VALUES (?, ?)", batch)
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
        with self._lock:
            self._drop()
            try:
                PairFile.create(self.path.parent, complete=False)
            except (OSError, sqlite3.Error):
                return False
        self._failed = False
        for doc_id, texts in docs:
            self.add(doc_id, texts)
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
        self._pending = []
        with self._lock:
            self._failed = False
            conn = self._conns.get(False)
            if conn is not None and conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.rollback()

    def _fail(self) -> None:
        """Mark the file incomplete, or remove it (the caller holds the lock)."""
        self._failed = True
        self._pending = []
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
        keys = [*keys, ANY_PHRASE]
        one = "SELECT doc FROM pairs WHERE pair = ?"
        sql = f"{' INTERSECT '.join([one] * (len(keys) - 1))} UNION {one} ORDER BY 1"
        with self._lock, self._reading() as conn:
            try:
                conn.execute("BEGIN")  # the state and the pairs of one commit
                try:
                    (complete,) = conn.execute("SELECT complete FROM state").fetchone()
                    if complete != 1:
                        raise PairsUnavailable("the pairs are incomplete")
                    return [row[0] for row in conn.execute(sql, keys)]
                finally:
                    conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise PairsUnavailable(str(exc)) from exc

    def complete(self) -> bool:
        """Whether the file is there, readable and complete (``sourcedesk check`` says)."""
        with self._lock:
            try:
                with self._reading() as conn:
                    return bool(conn.execute("SELECT complete FROM state").fetchone() == (1,))
            except (sqlite3.Error, PairsUnavailable):
                return False

    def close(self) -> None:
        """Release the file for good (what was not committed is lost)."""
        with self._lock:
            self._closed = True
            self._pending = []
            self._drop()
