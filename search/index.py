"""The search interface every engine implements: writing, matching and ranking.

The index is a cache of the store: it can be deleted and rebuilt at any time. It holds
the words of each article's title and text, nothing else: what the library knows about
an article (its places, people, outlet) is answered from the store. Queries arrive as
trees of :mod:`search.query` with text leaves only; each engine evaluates them its own
way. :func:`search.open_index` opens (or creates, or switches) an index folder; an index
written by another engine, layout or analysis is thrown away on open and comes back
empty, so the library rebuilds it from the store.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import numpy as np

from .analysis import ANALYZER_VERSION
from .facets import IdArray
from .frozen import frozen
from .pairs import PairsUnavailable, phrase_pairs
from .phrase_files import PhraseFiles, PhraseRuns
from .query import Node, Phrase, Term, Value, leaves, words_of
from .schema import IndexDoc

if TYPE_CHECKING:
    import numpy.typing as npt

META_FILE = "engine.json"
#: Answers of ``match_ids`` kept until the next write.
MATCH_CACHE = 16


class IndexWriter(Protocol):
    """What :meth:`SearchIndex.writer` yields."""

    def add(self, doc: IndexDoc) -> None:
        """Add or replace the document with ``doc.id``."""

    def delete(self, doc_id: int) -> None:
        """Remove the document with this id, if present."""


def read_meta(path: Path) -> dict[str, Any] | None:
    """The engine and analysis an index folder was written with (``None``: unknown)."""
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


#: How often a searcher checks for commits made by another process (seconds).
STALE_CHECK_S = 0.25


@frozen
class Tail:
    """An import's last articles, indexed by the importing process into a segment of their
    own in ``folder`` while its index child commits the others
    (:meth:`SearchIndex.build_tail`), and searchable once :meth:`SearchIndex.adopt_tail`
    has put it in the index: ``ids``, the articles; ``segment``, the engine's; ``runs``,
    their word pairs' runs, written when it is adopted."""

    ids: list[int]
    folder: Path
    segment: Any
    runs: list[PhraseRuns]


class SearchIndex:
    """One index folder, opened with :func:`search.open_index`. Thread-safe for readers;
    one writer at a time. Each engine's subclass provides the methods that raise
    ``NotImplementedError`` here."""

    engine: ClassVar[str] = ""
    #: Bumped when an engine's on-disk layout changes (the index is then rebuilt).
    layout: ClassVar[int] = 1
    #: The store writes the index itself, in each change's own transaction (a server
    #: library's full-text columns): nothing is queued or flushed.
    follows_store: ClassVar[bool] = False
    #: The engine writes an import's last articles apart (:meth:`build_tail`).
    tails: ClassVar[bool] = False
    #: The word pairs and positions beside a folder's index (search/phrase_files.py); none
    #: in a server library.
    _pairs: PhraseFiles | None = None

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._matches: OrderedDict[Node, IdArray] = OrderedDict()
        self._generation = 0
        self._checked = 0.0
        self._seen: int | None = None
        meta = read_meta(self.path)
        fresh = meta == self._meta()
        if not fresh and _looks_like_index(self.path) and os.access(self.path, os.W_OK):
            import shutil  # (not in a search of an index as it is: ~2 ms)

            shutil.rmtree(self.path)  # another engine or analysis: a cache, so start again
        # (in a read-only library an older index is used as it is)
        if not self._exists(self.path):
            self._create()
        self._open()
        # without its pairs (an index from before them, lost, or incomplete after a failed
        # write), phrases are found by the engine alone, never from a partial table, until
        # they are written from the store (Library.write_phrase_pairs: the window, check)
        self._pairs = PhraseFiles(self.path)

    def _create(self) -> None:
        """Make an empty index in ``self.path`` and remember its engine."""
        import shutil

        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True, exist_ok=True)
        self._create_files()
        PhraseFiles.create(self.path)
        (self.path / META_FILE).write_text(json.dumps(self._meta()), encoding="utf-8")

    @classmethod
    def _meta(cls) -> dict[str, Any]:
        return {"engine": cls.engine, "layout": cls.layout, "analyzer": ANALYZER_VERSION}

    @classmethod
    def is_current(cls, path: Path) -> bool:
        """``path`` holds this engine's index in its current layout and analysis (opening
        it changes nothing)."""
        return read_meta(Path(path)) == cls._meta() and cls._exists(Path(path))

    # -- what each engine provides ----------------------------------------------------

    @classmethod
    def _exists(cls, path: Path) -> bool:
        """The engine's own files are in ``path``."""
        raise NotImplementedError

    def _create_files(self) -> None:
        """Write an empty index into the (empty) folder."""
        raise NotImplementedError

    def _open(self) -> None:
        """Open the index in ``self.path``."""
        raise NotImplementedError

    def clear(self) -> None:
        """Throw the index away and start an empty one (before a rebuild)."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the searcher and the index files."""
        raise NotImplementedError

    def writer(
        self, timeout: float = 30.0, batches: bool = False, merge: bool = True
    ) -> AbstractContextManager[IndexWriter]:
        """A write transaction, committed on success and cancelled on error. ``batches``:
        one of a run of commits (an import's, one after the other): the engine keeps its
        merges to the smallest segments; ``merge=False``: none in this commit (the last of
        an import's, whose articles a merge would hold back: the next commit merges)."""
        raise NotImplementedError

    def doc_count(self) -> int:
        """Live documents in the index."""
        raise NotImplementedError

    def indexed_ids(self) -> IdArray:
        """Ids of every live document in the index."""
        raise NotImplementedError

    def _match_ids(self, root: Node) -> IdArray:
        """Ids of all documents matching ``root`` (uncached)."""
        raise NotImplementedError

    def ranked(self, root: Node, allowed: IdArray | None, limit: int) -> list[tuple[int, float]]:
        """The best ``limit`` (id, score) for ``root`` among ``allowed`` ids (``None``: any)."""
        raise NotImplementedError

    def ranked_arrays(
        self, root: Node, allowed: IdArray | None, limit: int
    ) -> tuple[IdArray, npt.NDArray[np.float64]]:
        """:meth:`ranked` as two arrays, the ids best first and their scores (a search
        orders every hit: an engine that scores in arrays answers without a pair each)."""
        pairs = self.ranked(root, allowed, limit)
        ids = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
        return ids, np.fromiter((s for _, s in pairs), dtype=np.float64, count=len(pairs))

    def refresh(self) -> None:
        """See what another process committed since (the next query reads the latest commit)."""
        raise NotImplementedError

    def notes(self, root: Node) -> list[str]:
        """What the engine cut short evaluating ``root`` (a wildcard with too many words)."""
        return []

    def literal_candidates(self, phrase: Phrase) -> tuple[IdArray, bool]:
        """Every article that may hold a quoted phrase (its stored text then decides,
        desktop/searcher.py), and whether they are its pairs' (nearly all of them hold it):
        those holding each pair of its neighbouring words (search/pairs.py; "the company
        said" at 100k, 8,244 texts to read for its 8,121 hits, where its words anywhere were
        25,336); the engine's own candidates where the pairs cannot say."""
        keys = phrase_pairs(phrase.text)
        pairs = self._pairs
        if keys is not None and pairs is not None:
            try:
                return np.array(pairs.pairs.holding(keys), dtype=np.int64), True
            except PairsUnavailable:  # lost, incomplete, or unreadable here
                pass
        return self.match_ids(self._phrase_candidates(phrase)), False

    def literal_hits(
        self, phrase: Phrase, boosts: dict[str, float]
    ) -> tuple[IdArray, npt.NDArray[np.float64]] | None:
        """A quoted phrase's hits (sorted ids) and their scores, from the word positions
        beside the index (search/positions.py), in the fields of ``boosts``; ``None`` where
        they cannot say (the stored texts decide: :meth:`literal_candidates`)."""
        pairs = self._pairs
        return None if pairs is None else pairs.positions.hits(phrase.text, boosts)

    def phrases_interrupted(self) -> bool:
        """Whether a writer died between the engine's commit and the word positions' (the
        next writer writes them again: :func:`desktop.indexing.reconcile`)."""
        return self._pairs is not None and self._pairs.positions.interrupted()

    def pairs_complete(self) -> bool | None:
        """Whether the word pairs can narrow phrases (``None``: the engine keeps none)."""
        return None if self._pairs is None else self._pairs.complete()

    def build_pairs(self, docs: Iterable[IndexDoc]) -> bool:
        """Write the word pairs of every article anew (an index from before them, or whose
        pairs were lost): ~0.5 ms an article, where rebuilding the whole index is ~4."""
        if self._pairs is None:
            return False
        return self._pairs.build((d.id, (d.title, d.text)) for d in docs)

    def build_tail(
        self, docs: Iterable[IndexDoc], between: Callable[[], None] | None = None
    ) -> Tail | None:
        """Index ``docs`` (articles new to the index) apart from it, while another process
        may commit to it (an import's last articles, its child indexing the others);
        ``between`` is called every few articles. ``None``: the engine writes no segment
        apart (the articles are indexed as any others)."""
        return None

    def adopt_tail(self, tail: Tail, timeout: float = 30.0) -> None:
        """Put a :meth:`build_tail` segment in the index (a commit of its own, its pairs
        first); on an error it is thrown away and its articles are not in the index."""
        raise NotImplementedError

    def drop_tails(self) -> None:
        """Remove what tails never adopted left (an import killed while it wrote one); for
        the library's writer only."""

    def _phrase_candidates(self, phrase: Phrase) -> Node:
        """What the engine matches for a phrase where the pairs cannot say: every word of
        it, anywhere, but those in most articles ("the"), which narrow nothing and cost the
        most to read. It can miss words the engine joined ("the.company said")."""
        return words_of(phrase, self.share)

    @contextmanager
    def _pair_writes(self) -> Iterator[PhraseFiles | None]:
        """The pairs of a write transaction: committed when its body ends well, *before* the
        engine commits (pairs the engine lacks only widen a phrase's candidates), and
        forgotten with it otherwise; the positions then wait for :meth:`_settle_phrases`. A
        pair write that fails never fails the engine's."""
        pairs = self._pairs
        try:
            yield pairs
        except BaseException:
            if pairs is not None:
                pairs.cancel()
            raise
        if pairs is not None:
            pairs.commit()

    def _settle_phrases(self, committed: bool) -> None:
        """After the engine's commit (or its failure): the word positions follow it
        (search/phrase_files.py)."""
        if self._pairs is not None:
            self._pairs.settle(committed)

    def _close_pairs(self) -> None:
        if self._pairs is not None:
            self._pairs.close()

    def share(self, term: Term) -> float:
        """About what share of the documents hold ``term``, from the index's term table
        (no postings read; at least the share of its most common field). 0.0: unknown."""
        return 0.0

    # -- shared -------------------------------------------------------------------------

    def match_ids(self, root: Node) -> IdArray:
        """Ids of all documents matching a text-only query tree, unscored (for facets).

        The last few answers are kept until the next write: choosing facets one
        after another repeats the same query. The array is read-only.
        """
        if any(isinstance(leaf, Value) for leaf in leaves(root)):
            raise ValueError("the search index answers only for words, not for values")
        self._keep_fresh()
        with self._lock:
            hit = self._matches.get(root)
            if hit is not None:
                self._matches.move_to_end(root)
                return hit
            generation = self._generation
        ids = self._match_ids(root)
        ids.setflags(write=False)
        with self._lock:
            if generation == self._generation:
                self._matches[root] = ids
                while len(self._matches) > MATCH_CACHE:
                    self._matches.popitem(last=False)
        return ids

    def _keep_fresh(self) -> None:
        """Notice commits by another process (an import in a child, the command line).

        Both engines commit by writing new files into the folder, which changes its
        modification time; checked at most every ``STALE_CHECK_S``.
        """
        now = time.monotonic()
        if now - self._checked < STALE_CHECK_S:
            return
        self._checked = now
        try:
            seen = os.stat(self.path).st_mtime_ns
        except OSError:
            return
        if self._seen is not None and seen != self._seen:
            self.refresh()
        self._seen = seen

    def drop_caches(self) -> None:
        """Forget cached answers and postings (to time queries cold)."""
        self._changed()

    def _changed(self) -> None:
        """Forget cached answers (after a commit or a clear)."""
        with self._lock:
            self._generation += 1
            self._matches.clear()

    def add_all(self, docs: Iterable[IndexDoc]) -> int:
        """Write many documents in one commit; returns how many."""
        n = 0
        with self.writer() as w:
            for doc in docs:
                w.add(doc)
                n += 1
        return n


def _looks_like_index(path: Path) -> bool:
    """Index files of some engine are in ``path`` (so it may be thrown away)."""
    if not path.is_dir():
        return False
    names = [p.name for p in path.iterdir()]
    if names and not any(
        n in (META_FILE, "meta.json", ".managed.json") or n.endswith((".toc", ".seg", "_WRITELOCK"))
        for n in names
    ):
        raise ValueError(f"{path} holds files that are not a search index")
    return bool(names)


def over_fetch(limit: int) -> int:
    """How many unfiltered hits to take before falling back to a filtered search."""
    return max(4 * limit, 200)


__all__ = ["IndexWriter", "SearchIndex", "Tail", "over_fetch", "read_meta"]
