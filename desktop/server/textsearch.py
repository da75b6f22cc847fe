"""Full-text search inside PostgreSQL, behind the same interface as Whoosh and Tantivy.

The words of each article are in ``search_words`` (a ``tsvector`` per article with a GIN
index, :mod:`.schema`), written by a trigger in the article's own transaction: the index
follows the store by itself, so there is nothing to flush and nothing to lose in a crash.
Queries arrive as our tree and are translated to ``tsquery`` (:mod:`.tsquery`); matching is
``words @@ query``, ranking PostgreSQL's ``ts_rank`` (title words weigh 2.5 times those of
the text, and the rank is divided by the log of the article's length).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from search.facets import IdArray
from search.index import SearchIndex
from search.query import Node, Value, leaves
from search.schema import IndexDoc

from ..store.dialect import pg_int_rows, pg_stream
from . import ranking
from .answers import Answers, read_state
from .tsquery import Translator, TsQuery


class _Writer:
    """What :meth:`PostgresIndex.writer` yields: rows written in one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, doc: IndexDoc) -> None:
        """Index (or index again) one article from the given title and text."""
        self.session.execute(
            text(
                "INSERT INTO search_words (document_id, long, words) SELECT :id, "
                "sourcedesk_capped(:title, :body, w), w FROM sourcedesk_words(:title, :body) w "
                "ON CONFLICT (document_id) DO UPDATE SET long = EXCLUDED.long, "
                "words = EXCLUDED.words"
            ),
            {"id": doc.id, "title": doc.title, "body": doc.text},
        )

    def delete(self, doc_id: int) -> None:
        """Remove one article's words."""
        self.session.execute(
            text("DELETE FROM search_words WHERE document_id = :id"), {"id": doc_id}
        )


def _match_key(query: TsQuery) -> str:
    """Under which key a translated query's matches are kept (:mod:`.answers`)."""
    return f"m {query.query} | {query.relaxed}"


def _rank_key(query: TsQuery) -> str:
    """The key a query's ranks are kept under (:class:`.answers.Answers`)."""
    return f"r {query.query} | {query.relaxed}"


class PostgresIndex(SearchIndex):
    """The full-text index of a server library (no folder: it lives in the database)."""

    engine: ClassVar[str] = "postgresql"
    follows_store: ClassVar[bool] = True

    def __init__(self, sessions: sessionmaker[Session]) -> None:  # no index folder
        self.sessions = sessions
        self._lock = threading.RLock()
        self._generation = 0
        self._translator = Translator()
        self._notes: dict[Node, list[str]] = {}
        self._answers = Answers()

    # -- reading ----------------------------------------------------------------------

    def _translate(self, session: Session, root: Node) -> TsQuery:
        if any(isinstance(leaf, Value) for leaf in leaves(root)):
            raise ValueError("the search index answers only for words, not for values")
        found = self._translator.translate(session, root)
        with self._lock:
            self._notes[root] = found.notes
            while len(self._notes) > 64:
                self._notes.pop(next(iter(self._notes)))
        return found

    @staticmethod
    def _where(query: TsQuery) -> tuple[str, dict[str, Any]]:
        """The condition of a translated query (``None`` for a query matching nothing)."""
        assert query.query is not None
        if query.query == "ALL":
            return "TRUE", {}
        where = "words @@ CAST(:q AS tsquery)"
        params: dict[str, Any] = {"q": query.query}
        if query.relaxed is not None and query.relaxed != query.query:
            # phrases beyond the 16,383rd word, where PostgreSQL stops counting positions
            where = f"({where} OR (long AND words @@ CAST(:r AS tsquery)))"
            params["r"] = query.relaxed
        return where, params

    def match_ids(self, root: Node) -> IdArray:
        """Ids of every article matching a text-only query tree (read fresh every time: other
        clients write to the same library)."""
        return self._match_ids(root)

    def _match_ids(self, root: Node) -> IdArray:
        with self.sessions() as session:
            query = self._translate(session, root)
            if query.query is None:
                ids = np.zeros(0, dtype=np.int64)
                ids.setflags(write=False)
                return ids
            return self._found(session, query)

    def _found(self, session: Session, query: TsQuery) -> IdArray:
        """The query's matches: kept ones, grown with new articles (see :mod:`.answers`)."""
        where, params = self._where(query)
        return self._answers.ids(
            session,
            _match_key(query),
            lambda after: ranking.matching_ids(session, where, params, after),
        )

    def phrase_matches(
        self, root: Node, columns: list[str], holds: Callable[[Sequence[object]], bool]
    ) -> tuple[IdArray, IdArray]:
        """A quoted phrase's candidates (``root``: :func:`search.query.phrase_candidates`)
        and those of them whose stored ``columns`` (title, text) ``holds`` accepts (the
        literal check), both sorted.

        One statement matches and reads: the texts cost ~15 ms less at 100,000 articles than
        ids first and texts by id after ("interest rates", 2,606 candidates, 58 -> 41 ms),
        and each is checked as it arrives (:func:`~desktop.store.dialect.pg_stream`). The
        candidates are kept as the query's answer (:mod:`.answers`), as :meth:`match_ids`
        would keep them, and so are their ranks: ``ts_rank`` on the ``tsvector`` the phrase
        match has just read costs 0-4 ms more here, against 15-18 ms for ranking the hits
        by id afterwards (:meth:`ranked` then finds them kept)."""
        cols = [c for c in columns if c in ("title", "text")]  # our own names, checked
        none = np.zeros(0, dtype=np.int64)
        with self.sessions() as session:
            query = self._translate(session, root)
            if query.query is None or not cols:
                return none, none
            where, params = self._where(query)
            ranking.use_indexes(session)
            # each candidate's row by its key: the planner, expecting more candidates than
            # PostgreSQL's phrase check leaves, read every article for a hash join instead
            # ("the company said": 165 -> 123 ms)
            session.execute(text("SET LOCAL enable_hashjoin = off"))
            session.execute(text("SET LOCAL enable_mergejoin = off"))
            state = read_state(session)
            ranks: dict[int, float] = {}
            kept: list[int] = []
            for row in pg_stream(  # (a phrase's query is never "ALL": always ranked)
                session,
                f"SELECT s.document_id, {ranking.RANK_SQL}, {', '.join('d.' + c for c in cols)} "
                "FROM search_words s JOIN documents d ON d.id = s.document_id "
                f"WHERE {where}",
                params,
            ):
                ranks[row[0]] = row[1]
                if holds(row[2:]):
                    kept.append(row[0])
            ids = np.array(sorted(ranks), dtype=np.int64)
            if read_state(session) == state:  # nothing committed meanwhile: keep it
                self._answers.keep(state, _match_key(query), ids)
                self._answers.keep_ranks(state.reshaped, _rank_key(query), ranks)
        return ids, np.array(sorted(kept), dtype=np.int64)

    def ranked(self, root: Node, allowed: IdArray | None, limit: int) -> list[tuple[int, float]]:
        """The best ``limit`` (id, ts_rank) among ``allowed`` (``None``: any), best first.

        Asked for more than :data:`~.ranking.RANKED_NEWEST`, only the title matches and the
        newest are ranked (see :mod:`.ranking`); the caller orders the rest."""
        with self.sessions() as session:
            query = self._translate(session, root)
            if query.query is None or limit <= 0:
                return []
            q = query.query
            if allowed is None:
                candidates = self._found(session, query)
            else:
                candidates = np.asarray(allowed, dtype=np.int64)
            if q == "ALL":  # nothing to rank by: in id order
                return [(int(i), 0.0) for i in np.sort(candidates)[:limit]]
            where, params = self._where(query)
            picked = ranking.chosen(
                candidates,
                limit,
                lambda: self._answers.ids(
                    session, f"t {q}", lambda after: ranking.title_matches(session, q, after)
                ),
            )
            found = self._answers.ranks(
                session,
                _rank_key(query),
                picked,
                lambda ids: ranking.ranks(session, where, params, ids),
            )
        return ranking.best_first(found, limit)

    def notes(self, root: Node) -> list[str]:
        """Wildcards that stood for more terms than were searched."""
        with self._lock:
            return list(self._notes.get(root, []))

    def refresh(self) -> None:
        """Every query reads the latest commit already."""

    def drop_caches(self) -> None:
        """Forget the kept answers (to time queries cold; how words are analysed stays)."""
        self._answers.forget()

    def doc_count(self) -> int:
        """Articles in the index."""
        with self.sessions() as session:
            return int(session.execute(text("SELECT count(*) FROM search_words")).scalar_one())

    def indexed_ids(self) -> IdArray:
        """Ids of every article in the index."""
        with self.sessions() as session:
            return pg_int_rows(session, "SELECT document_id::bigint FROM search_words", 1)[:, 0]

    # -- writing ----------------------------------------------------------------------

    @contextmanager
    def writer(
        self, timeout: float = 30.0, batches: bool = False, merge: bool = True
    ) -> Iterator[_Writer]:
        """A write transaction (the trigger writes an article's words already; this is
        for repairs and tests; no segments to merge, ``batches``, ``merge`` or not)."""
        with self.sessions.begin() as session:
            yield _Writer(session)

    def clear(self) -> None:
        """Empty the index (before a rebuild)."""
        with self.sessions.begin() as session:
            session.execute(text("DELETE FROM search_words"))

    def rebuild_from_store(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Index every article again, inside the database, in one transaction."""
        with self.sessions.begin() as session:
            session.execute(text("DELETE FROM search_words"))
            done = session.execute(  # type: ignore[attr-defined]
                text(
                    "INSERT INTO search_words (document_id, long, words) SELECT id, "
                    "sourcedesk_capped(title, text, w), w FROM documents, "
                    "LATERAL sourcedesk_words(title, text) w"
                ),
            ).rowcount
            session.execute(
                text(
                    "INSERT INTO search_lexemes (lexeme) SELECT DISTINCT t FROM search_words, "
                    "unnest(tsvector_to_array(words)) AS t ON CONFLICT DO NOTHING"
                )
            )
        if progress:
            progress(done, done)
        return int(done)

    def close(self) -> None:
        """Nothing to release (the library's engine holds the connections)."""


__all__ = ["PostgresIndex"]
