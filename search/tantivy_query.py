"""Whoosh query trees (from the shared parser) as Tantivy queries, node for node.

The parser analyses words with the Tantivy analyzer when it parses for a Tantivy
index, so terms here are already the index's tokens. Whoosh's scoring rules map
across: AND sums, OR sums, NOT only excludes, wildcards score a constant.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

import tantivy
from whoosh import query as wq

from .query import QueryError

Occur = tantivy.Occur
Query = tantivy.Query


def translate(q: wq.Query, schema: Any, searcher: Any = None) -> Any:
    """The ``tantivy.Query`` that matches the documents ``q`` matches.

    ``searcher`` lists the terms of a range (``text:[apple TO banana]``).
    """
    return _boost(_node(q, schema, searcher), getattr(q, "boost", 1.0), q)


def _boost(tq: Any, boost: float, q: wq.Query) -> Any:
    if boost == 1.0 or isinstance(q, wq.And | wq.Or | wq.Not | wq.AndNot | wq.AndMaybe):
        return tq
    return Query.boost_query(tq, float(boost))


def _everything() -> Any:
    return Query.all_query()


def _node(q: wq.Query, schema: Any, searcher: Any) -> Any:
    sub = partial(translate, schema=schema, searcher=searcher)
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return Query.empty_query()
    if isinstance(q, wq.Term):
        return Query.term_query(schema, q.fieldname, _text(q.text))
    if isinstance(q, wq.Phrase):
        words: list[str | tuple[int, str]] = [_text(w) for w in q.words]
        if len(words) == 1:
            return Query.term_query(schema, q.fieldname, _text(q.words[0]))
        return Query.phrase_query(schema, q.fieldname, words, slop=max(0, int(q.slop) - 1))
    if isinstance(q, wq.And):
        return _boolean(q.subqueries, Occur.Must, schema, searcher)
    if isinstance(q, wq.Or):
        return _boolean(q.subqueries, Occur.Should, schema, searcher)
    if isinstance(q, wq.DisjunctionMax):
        subs = [sub(c) for c in q.subqueries]
        return Query.disjunction_max_query(subs, tie_breaker=float(q.tiebreak))
    if isinstance(q, wq.Not):
        return Query.boolean_query([(Occur.Must, _everything()), (Occur.MustNot, sub(q.query))])
    if isinstance(q, wq.AndNot):
        return Query.boolean_query([(Occur.Must, sub(q.a)), (Occur.MustNot, sub(q.b))])
    if isinstance(q, wq.AndMaybe):
        return Query.boolean_query([(Occur.Must, sub(q.a)), (Occur.Should, sub(q.b))])
    if isinstance(q, wq.Require):
        zero = Query.const_score_query(sub(q.b), 0.0)
        return Query.boolean_query([(Occur.Must, sub(q.a)), (Occur.Must, zero)])
    if isinstance(q, wq.Every):
        return _everything()
    if isinstance(q, wq.Prefix):
        return _pattern(schema, q.fieldname, re.escape(_text(q.text)) + ".*")
    if isinstance(q, wq.Wildcard):
        return _pattern(schema, q.fieldname, _wildcard_regex(_text(q.text)))
    if isinstance(q, wq.FuzzyTerm):
        fuzzy = Query.fuzzy_term_query(
            schema, q.fieldname, _text(q.text), distance=int(q.maxdist), prefix=False
        )
        return Query.const_score_query(fuzzy, 1.0)
    if isinstance(q, wq.TermRange) and searcher is not None:
        terms = _range_terms(q, searcher)
        if not terms:
            return Query.empty_query()
        return Query.const_score_query(Query.term_set_query(schema, q.fieldname, terms), 1.0)
    raise QueryError(f"this kind of query is not supported here: {q}")


def _range_terms(q: wq.TermRange, searcher: Any) -> list[str]:
    """The index terms of a field within a range, as Whoosh's ``TermRange`` takes them."""
    start = _text(q.start) if q.start is not None else ""
    end = _text(q.end) if q.end is not None else None
    prefix = ""
    if end is not None:
        for a, b in zip(start, end, strict=False):
            if a != b:
                break
            prefix += a
    out = []
    for term, _ in searcher.terms_with_prefix(q.fieldname, prefix):
        if term < start or (q.startexcl and term == start):
            continue
        if end is not None and (term > end or (q.endexcl and term == end)):
            continue
        out.append(term)
    return out


def _boolean(children: list[wq.Query], occur: Any, schema: Any, searcher: Any) -> Any:
    clauses: list[tuple[Any, Any]] = []
    for child in children:
        if isinstance(child, wq.Not) and occur == Occur.Must:
            clauses.append((Occur.MustNot, translate(child.query, schema, searcher)))
        else:
            clauses.append((occur, translate(child, schema, searcher)))
    if clauses and all(o == Occur.MustNot for o, _ in clauses):
        clauses.insert(0, (Occur.Must, _everything()))
    if not clauses:
        return Query.empty_query()
    return Query.boolean_query(clauses)


def _pattern(schema: Any, field: str, regex: str) -> Any:
    return Query.const_score_query(Query.regex_query(schema, field, regex), 1.0)


def _wildcard_regex(pattern: str) -> str:
    out = []
    for ch in pattern:
        out.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
    return "".join(out)


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
