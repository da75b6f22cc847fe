"""Matching and ranking a server library's articles, at a cost that does not grow with them.

Two things made a search on 100,000 articles slow (measured, docs/server.md):

- **The planner's choice.** For a common word PostgreSQL estimates that most rows match and
  reads the whole table, decompressing every ``tsvector``; the GIN index answers the same
  question from its posting lists. Inside a search's own transaction sequential scans are
  therefore switched off (``SET LOCAL``: nothing outside it is affected), and the ids come
  back as one row of text that numpy parses (no Python object per match).
- **Ranking every match.** ``ts_rank`` reads (detoasts) each matching ``tsvector``; a word
  in half the library meant ranking 50,000 of them for the 20 a window shows first. When a
  caller asks for *every* match in order (the searcher) and there are more than
  :data:`RANKED_NEWEST`, only the articles with the words in their **title** (found on
  their own small index, ``ix_documents_title_words``) and the **newest**
  :data:`RANKED_NEWEST` are ranked; the searcher puts the other matches after them, newest
  first, as it already does for articles matched through a name alone. A caller that asks
  for the best few (related articles) still gets every match ranked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from search.facets import IdArray

from ..reads import int_rows
from .schema import CONFIG

#: Above this many matches, only the title matches and this many of the newest are ranked.
RANKED_NEWEST = 2000

#: ts_rank's normalisation: divide by 1 + the logarithm of the article's length.
RANK_NORMALISATION = 1

#: An article's rank for the query ``:q`` (its ``search_words`` row is ``s``).
RANK_SQL = f"ts_rank(s.words, CAST(:q AS tsquery), {RANK_NORMALISATION})"


def use_indexes(session: Session) -> None:
    """Answer this transaction's word queries from the GIN indexes, never a full read.

    And no JIT: a one-row table has no other plan than the (now "disabled", so priced in
    the billions) sequential scan, which made PostgreSQL compile the statement (200 ms)."""
    session.execute(text("SET LOCAL enable_seqscan = off"))
    session.execute(text("SET LOCAL jit = off"))


def matching_ids(
    session: Session, where: str, params: dict[str, Any], after: int | None = None
) -> IdArray:
    """Ids of the articles matching ``where`` (over ``search_words``), sorted; with
    ``after``, only those after that id (new articles: a range of the primary key)."""
    use_indexes(session)
    if after is not None:
        where = f"document_id > :after AND ({where})"
        params = {**params, "after": after}
    listed = session.execute(
        text(f"SELECT string_agg(document_id::text, ',') FROM search_words WHERE {where}"),
        params,
    ).scalar()
    ids = int_rows(listed, 1)[:, 0]
    ids.sort()
    return ids


def title_query(query: str) -> str | None:
    """The query for a title's own ``tsvector`` (no weights there), or None where it is no
    narrowing (a NOT would match nearly every title)."""
    if "!" in query:
        return None
    # 'oil':A, 'derail':*B -> 'oil', 'derail':*  (the lexemes are quoted: no letter is touched)
    out, pos = [], 0
    for lexeme_end, weights_end in _weight_spans(query):
        out.append(query[pos:lexeme_end])
        pos = weights_end
    out.append(query[pos:])
    return "".join(out)


def _weight_spans(query: str) -> list[tuple[int, int]]:
    """(start, end) of each weight label after a lexeme: the ``:A`` / ``:*B`` suffixes,
    keeping a prefix's ``:*``."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(query)
    while i < n:
        if query[i] == "'":  # a quoted lexeme; '' is a quote inside it
            i += 1
            while i < n:
                if query[i] == "'":
                    if i + 1 < n and query[i + 1] == "'":
                        i += 2
                        continue
                    break
                i += 1
            i += 1
            if i < n and query[i] == ":":
                j = i + 1
                star = j < n and query[j] == "*"
                if star:
                    j += 1
                k = j
                while k < n and query[k] in "ABCD":
                    k += 1
                if k > j:  # weights present: drop them (and the colon, unless a prefix)
                    spans.append((j if star else i, k))
                i = k
            continue
        i += 1
    return spans


def title_matches(session: Session, query: str, after: int | None = None) -> IdArray:
    """Ids of the articles whose title has the query's words (the small title index);
    with ``after``, only those after that id. Sorted."""
    stripped = title_query(query)
    if stripped is None:
        return np.zeros(0, dtype=np.int64)
    use_indexes(session)
    where = f"to_tsvector('{CONFIG}', title) @@ CAST(:q AS tsquery)"
    params: dict[str, Any] = {"q": stripped}
    if after is not None:
        where = f"id > :after AND {where}"
        params["after"] = after
    listed = session.execute(
        text(f"SELECT string_agg(id::text, ',') FROM documents WHERE {where}"), params
    ).scalar()
    ids = int_rows(listed, 1)[:, 0]
    ids.sort()
    return ids


def chosen(candidates: IdArray, limit: int, titles: Callable[[], IdArray]) -> IdArray:
    """The candidates worth ranking: all of them, or (above the bound, when every match is
    wanted in order) the ``titles()`` matches among them and the newest
    :data:`RANKED_NEWEST`."""
    if len(candidates) <= RANKED_NEWEST or limit <= RANKED_NEWEST:
        return candidates
    newest = np.sort(candidates)[-RANKED_NEWEST:]
    titled = titles()
    return np.union1d(newest, titled[np.isin(titled, candidates)])


def ranks(
    session: Session, where: str, params: dict[str, Any], ids: IdArray
) -> list[tuple[int, float]]:
    """(id, ts_rank) of those of ``ids`` that match ``where`` (not ordered)."""
    if not len(ids):
        return []
    listed = session.execute(
        text(
            f"SELECT string_agg(document_id || ',' || {RANK_SQL}, ',') "
            "FROM search_words s WHERE document_id = ANY(CAST(string_to_array(:ids, ',') "
            f"AS integer[])) AND {where}"
        ),
        {**params, "ids": ",".join(map(str, ids.tolist()))},
    ).scalar()
    if not listed:
        return []
    pairs = np.fromstring(listed, dtype=np.float64, sep=",").reshape(-1, 2)
    return list(zip(pairs[:, 0].astype(np.int64).tolist(), pairs[:, 1].tolist(), strict=True))


def best_first(found: list[tuple[int, float]], limit: int) -> list[tuple[int, float]]:
    """Highest rank first, then lowest id; at most ``limit``."""
    if not found:
        return []
    ids = np.fromiter((r[0] for r in found), dtype=np.int64, count=len(found))
    scores = np.fromiter((r[1] for r in found), dtype=np.float64, count=len(found))
    order = np.lexsort((ids, -scores))[:limit]
    return list(zip(ids[order].tolist(), scores[order].tolist(), strict=True))


__all__ = [
    "RANKED_NEWEST",
    "RANK_NORMALISATION",
    "RANK_SQL",
    "best_first",
    "chosen",
    "matching_ids",
    "ranks",
    "title_matches",
    "use_indexes",
]
