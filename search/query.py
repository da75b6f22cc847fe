"""Turning the user's query text into a Whoosh query, with entity fields resolved."""

from __future__ import annotations

from collections.abc import Callable

from whoosh import qparser
from whoosh import query as wq
from whoosh.fields import Schema

from .schema import DEFAULT_FIELDS, ENTITY_FIELDS

#: ``resolve(field, text, is_pattern)`` -> index tokens of the entities (or sources) it names.
Resolver = Callable[[str, str, bool], list[str]]


class QueryError(ValueError):
    """A query that cannot be run; the message is meant for the user."""


KNOWN_FIELDS = ("title", "text", *ENTITY_FIELDS)


def make_parser(schema: Schema) -> qparser.QueryParser:
    """Words AND-ed by default over title, text and entity names; fields, phrases, wildcards."""
    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema, fieldboosts=DEFAULT_FIELDS)
    # "-word" excludes, but the hyphen inside "well-known" or "e-mail" does not
    parser.add_plugin(qparser.PlusMinusPlugin(r"(?<![^\s(])\+", r"(?<![^\s(])-"))
    return parser


def unknown_fields(text: str) -> list[str]:
    """Field names written as ``name:`` in the query that Sourcedesk does not know."""
    import re

    found = []
    for match in re.finditer(r'(?<![\w"])([A-Za-z_]+):(?=\S)', text):
        name = match.group(1).lower()
        if name not in KNOWN_FIELDS and name not in found:
            found.append(name)
    return found


def parse_query(parser: qparser.QueryParser, text: str, resolve: Resolver) -> wq.Query | None:
    """The Whoosh query for ``text``; ``None`` for an empty query (match everything)."""
    text = text.strip()
    if not text:
        return None
    if len(text) > 2000:
        raise QueryError("the query is too long (more than 2,000 characters)")
    bad = unknown_fields(text)
    if bad:
        raise QueryError(
            f"unknown field {bad[0]}: — use one of " + ", ".join(f"{f}:" for f in KNOWN_FIELDS)
        )
    if text.count('"') % 2:
        text = text + '"'  # close a dangling quote rather than fail
    try:
        parsed = parser.parse(text)
    except Exception as exc:  # whoosh raises assorted errors on odd syntax
        raise QueryError(f"could not understand the query: {exc}") from exc
    return _resolve_entities(parsed, resolve)


def _resolve_entities(q: wq.Query, resolve: Resolver) -> wq.Query:
    """Replace ``place:kiev``-style terms by the ids of the entities that spelling names."""
    if isinstance(q, wq.Term) and q.fieldname in ENTITY_FIELDS:
        return _token_query(q.fieldname, resolve(q.fieldname, str(q.text), False))
    if isinstance(q, wq.Phrase) and q.fieldname in ENTITY_FIELDS:
        words = " ".join(str(w) for w in q.words)
        return _token_query(q.fieldname, resolve(q.fieldname, words, False))
    if isinstance(q, wq.PatternQuery) and q.fieldname in ENTITY_FIELDS:
        return _token_query(q.fieldname, resolve(q.fieldname, str(q.text), True))
    if q.is_leaf():
        return q
    return q.apply(lambda child: _resolve_entities(child, resolve))


def _token_query(fieldname: str, tokens: list[str]) -> wq.Query:
    if not tokens:
        return wq.NullQuery
    if len(tokens) == 1:
        return wq.Term(fieldname, tokens[0])
    return wq.Or([wq.Term(fieldname, t) for t in tokens])


def text_terms(q: wq.Query | None) -> set[str]:
    """The analysed words a query looks for in the text (for highlighting hits)."""
    if q is None:
        return set()
    terms: set[str] = set()
    for fieldname, term in q.iter_all_terms():
        if fieldname in ("text", "title", "names"):
            terms.add(term.decode() if isinstance(term, bytes) else str(term))
    return terms
