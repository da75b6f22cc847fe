"""Our query trees (:mod:`search.query`) as Tantivy queries, node for node.

Leaves already hold the index terms (both engines analyse alike), so a term is a
``term_query`` of that term. Scoring follows the Whoosh engine's rules: a bare word scores
in the title (twice) and the text; AND and OR add up; NOT only excludes; wildcards score
a constant.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import tantivy

from .query import And, Everything, Node, Not, Or, Pattern, Phrase, Term
from .schema import DEFAULT_FIELDS

Occur = tantivy.Occur
Query = tantivy.Query


def translate(node: Node, schema: Any) -> Any:
    """The ``tantivy.Query`` that matches the documents ``node`` matches."""
    if isinstance(node, Term):
        return _fields(node.field, lambda f: Query.term_query(schema, f, node.term))
    if isinstance(node, Phrase):
        if len(node.terms) == 1:  # Tantivy's phrase needs two terms
            return _fields(node.field, lambda f: Query.term_query(schema, f, node.terms[0]))
        return _fields(
            node.field, lambda f: Query.phrase_query(schema, f, list(node.terms), slop=0)
        )
    if isinstance(node, Pattern):
        return _fields(
            node.field,
            lambda f: Query.const_score_query(Query.regex_query(schema, f, node.regex()), 1.0),
        )
    if isinstance(node, And):
        return _boolean(node.children, Occur.Must, schema)
    if isinstance(node, Or):
        return _boolean(node.children, Occur.Should, schema)
    if isinstance(node, Not):
        return Query.boolean_query(
            [(Occur.Must, Query.all_query()), (Occur.MustNot, translate(node.child, schema))]
        )
    if isinstance(node, Everything):
        return Query.all_query()
    raise ValueError(f"the search index cannot evaluate {node!r}")


def _fields(field: str | None, one: Callable[[str], Any]) -> Any:
    """One field, or every default field with its boost."""
    if field is not None:
        return one(field)
    clauses = [
        (Occur.Should, one(f) if boost == 1.0 else Query.boost_query(one(f), float(boost)))
        for f, boost in DEFAULT_FIELDS.items()
    ]
    return Query.boolean_query(clauses)


def _boolean(children: tuple[Node, ...], occur: Any, schema: Any) -> Any:
    clauses: list[tuple[Any, Any]] = []
    for child in children:
        if isinstance(child, Not) and occur == Occur.Must:
            clauses.append((Occur.MustNot, translate(child.child, schema)))
        else:
            clauses.append((occur, translate(child, schema)))
    if clauses and all(o == Occur.MustNot for o, _ in clauses):
        clauses.insert(0, (Occur.Must, Query.all_query()))
    if not clauses:
        return Query.empty_query()
    return Query.boolean_query(clauses)
