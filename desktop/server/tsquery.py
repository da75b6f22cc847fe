"""Our query tree (:mod:`search.query`) as a PostgreSQL ``tsquery``.

Each leaf's words are analysed by PostgreSQL itself, with the configuration the index was
written with (``phraseto_tsquery('sourcedesk', word)``: the same parser, ``unaccent`` and
stemmer), so the two sides can never analyse differently; the answers are cached per word.
The leaves are then put together as ``tsquery`` text: a field is a weight (``title:`` is
A, ``text:`` B), a phrase keeps its ``<->``, a wildcard at the end of a word is a prefix
(``'derail':*``), a wildcard inside a word stands for the matching terms of the library
(at most :data:`MAX_EXPANSION`), ``AND``/``OR``/``NOT`` are ``&``/``|``/``!``.

The text is built only from lexemes PostgreSQL wrote itself and from operators, and it is
sent as a parameter (``CAST(:q AS tsquery)``), never as SQL.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from search.analysis import pattern_term
from search.query import And, Node, Not, Or, Pattern, Phrase, Term, leaves

from .schema import CONFIG

#: A wildcard inside a word stands for at most this many terms (as in the other engines).
MAX_EXPANSION = 1000
_WEIGHTS = {"title": "A", "text": "B", None: ""}
#: A quoted lexeme in tsquery text: 'it''s'
_LEXEME = re.compile(r"'(?:[^']|'')*'")
_PHRASE_OP = re.compile(r"<(?:-|\d+)>")


class _Nothing:
    """A leaf no article can match (a word PostgreSQL makes no term of, an unknown pattern)."""


NOTHING = _Nothing()
Part = str | _Nothing


@dataclass
class TsQuery:
    """A tree as ``tsquery`` text; ``relaxed`` has its phrases as plain ANDs (for texts
    whose word positions PostgreSQL capped), ``None`` where it has no phrase."""

    query: str | None  # None: nothing matches
    relaxed: str | None
    notes: list[str] = field(default_factory=list)


def _weighted(query: str, weight: str, prefix: bool = False) -> str:
    """Every lexeme of ``query`` restricted to a weight (a field), and/or made a prefix."""
    if prefix:
        suffix = ":*" + weight
    elif weight:
        suffix = ":" + weight
    else:
        return query
    return _LEXEME.sub(lambda m: m.group(0) + suffix, query)


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


class Translator:
    """Builds ``tsquery`` text for query trees, remembering how PostgreSQL analysed words."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._words: OrderedDict[str, str] = OrderedDict()  # word -> phraseto_tsquery text

    def _analyse(self, session: Session, words: set[str]) -> dict[str, str]:
        with self._lock:
            known = {w: self._words[w] for w in words if w in self._words}
        missing = sorted(words - set(known))
        if missing:
            rows = session.execute(
                text(
                    f"SELECT w, phraseto_tsquery('{CONFIG}', w)::text "
                    "FROM unnest(CAST(:words AS text[])) AS w"
                ),
                {"words": missing},
            )
            found = {str(w): str(q) for w, q in rows}
            known.update(found)
            with self._lock:
                self._words.update(found)
                while len(self._words) > 50_000:
                    self._words.popitem(last=False)
        return known

    def translate(self, session: Session, root: Node) -> TsQuery:
        """The tree's ``tsquery`` (text leaves and And/Or/Not only, as engines get them)."""
        words: set[str] = set()
        for leaf in leaves(root):
            if isinstance(leaf, Term):
                words.add(leaf.word)
            elif isinstance(leaf, Phrase):
                words.add(leaf.text)
            elif isinstance(leaf, Pattern) and _prefix_only(leaf):
                words.add(leaf.text.rstrip("*"))
        analysed = self._analyse(session, words)
        notes: list[str] = []
        expansions: dict[Pattern, Part] = {}
        for leaf in leaves(root):
            if isinstance(leaf, Pattern) and not _prefix_only(leaf) and leaf not in expansions:
                expansions[leaf] = self._expand(session, leaf, notes)
        has_phrase = any(isinstance(leaf, Phrase) for leaf in leaves(root))

        def build(node: Node, relaxed: bool) -> Part:
            if isinstance(node, Term | Phrase):
                query = analysed.get(node.word if isinstance(node, Term) else node.text, "")
                if not query:
                    return NOTHING
                if relaxed:
                    query = _PHRASE_OP.sub("&", query)
                return f"({_weighted(query, _WEIGHTS[node.field])})"
            if isinstance(node, Pattern):
                if not _prefix_only(node):
                    part = expansions[node]
                    if isinstance(part, _Nothing):
                        return part
                    return _weighted(part, _WEIGHTS[node.field])
                query = analysed.get(node.text.rstrip("*"), "")
                lexemes = _LEXEME.findall(query)
                if not lexemes:
                    return NOTHING
                # "new-york*": the words before the last as they are, the last one a prefix
                head = [_weighted(lex, _WEIGHTS[node.field]) for lex in lexemes[:-1]]
                tail = _weighted(lexemes[-1], _WEIGHTS[node.field], prefix=True)
                return "(" + " <-> ".join([*head, tail]) + ")"
            if isinstance(node, Not):
                inner = build(node.child, relaxed)
                if inner == "ALL":
                    return NOTHING
                return "ALL" if isinstance(inner, _Nothing) else f"!{inner}"
            if isinstance(node, And):
                parts = [build(c, relaxed) for c in node.children]
                if any(isinstance(p, _Nothing) for p in parts):
                    return NOTHING
                kept = [str(p) for p in parts if p != "ALL"]
                return "ALL" if not kept else "(" + " & ".join(kept) + ")"
            if isinstance(node, Or):
                parts = [build(c, relaxed) for c in node.children]
                if "ALL" in parts:
                    return "ALL"
                kept = [str(p) for p in parts if not isinstance(p, _Nothing)]
                return NOTHING if not kept else "(" + " | ".join(kept) + ")"
            raise ValueError(f"the search index answers only for words, not {node!r}")

        exact = build(root, relaxed=False)
        relaxed = build(root, relaxed=True) if has_phrase else None
        return TsQuery(
            None if isinstance(exact, _Nothing) else exact,
            None if relaxed is None or isinstance(relaxed, _Nothing) else relaxed,
            notes,
        )

    @staticmethod
    def _expand(session: Session, leaf: Pattern, notes: list[str]) -> Part:
        """A wildcard inside a word: the library's terms that match it."""
        term = _unaccented(pattern_term(leaf.text))
        regex = (
            "^"
            + "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in term)
            + "$"
        )
        prefix = re.split(r"[*?]", term, maxsplit=1)[0]
        like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = session.execute(
            text(
                "SELECT lexeme FROM search_lexemes WHERE lexeme LIKE :like AND lexeme ~ :regex "
                "ORDER BY length(lexeme), lexeme LIMIT :n"
            ),
            {"like": like, "regex": regex, "n": MAX_EXPANSION + 1},
        ).all()
        found = [str(r[0]) for r in rows]
        if len(found) > MAX_EXPANSION:
            found = found[:MAX_EXPANSION]
            notes.append(
                f"{leaf.text} stands for more than {MAX_EXPANSION:,} words: "
                f"the {MAX_EXPANSION:,} shortest were searched"
            )
        if not found:
            return NOTHING
        quoted = ["'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in found]
        return "(" + " | ".join(quoted) + ")"


def _prefix_only(leaf: Pattern) -> bool:
    """``derail*``: one wildcard, at the end (a prefix query PostgreSQL answers itself)."""
    body = leaf.text[:-1]
    return leaf.text.endswith("*") and "*" not in body and "?" not in body and bool(body)


__all__ = ["MAX_EXPANSION", "TsQuery", "Translator"]
