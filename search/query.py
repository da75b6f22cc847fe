"""Our own query language: a small tree, parsed once and evaluated by each engine.

The tree has text leaves (a word, a phrase, a wildcard pattern; in the title, the text or
both), value leaves (``place:Kiev``: a field whose values are not words of the text but
things the library knows, resolved outside this package), and ``And``/``Or``/``Not``.
Words are analysed here, once, with the analysis both engines index with, so a leaf holds
the index terms it looks for. A leaf keeps what the user wrote, so messages, hit marking
and "came through an alias" notes can say it back.

The parser forgives what a person types on the way to a query: a dangling operator waits
for its operand ("Blair AND" searches Blair), an unbalanced quote is closed, brackets and
other punctuation separate words. It refuses only what it cannot mean: an unknown field, a
query over 2,000 characters, more than 200 words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import field
from functools import lru_cache
from itertools import repeat

import numpy as np

from .analysis import TOKEN_PATTERN, analyse, pattern_term
from .frozen import frozen

#: The letters beyond ASCII that lower case does not fold as ``re.IGNORECASE`` folds them
#: against ASCII: dotted İ (lower case "i" and a combining dot), dotless ı, long ſ and the
#: Kelvin sign (lower case "k", ASCII), which case-insensitivity takes for i, i, s and k.
#: ``tests/unit/test_search_index.py`` checks over every character that there are no others.
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


def _lower_ascii(text: str) -> str:
    """``text`` with its ASCII letters in lower case and nothing else changed: all an ASCII
    phrase's lower-case pattern needs, 2-3x quicker than ``str.lower`` beyond ASCII (a
    text with curly quotes)."""
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


def _folds_to_ascii(text: str) -> bool:
    """Whether ``text`` holds one of :data:`FOLDS_TO_ASCII` (four fast searches: a regular
    expression of the four is as slow as counting the phrase)."""
    return any(letter in text for letter in FOLDS_TO_ASCII)


#: Fields whose values are words of the article.
TEXT_FIELDS = ("title", "text")
MAX_CHARS = 2000
MAX_LEAVES = 200


class QueryError(ValueError):
    """A query that cannot be run; the message is meant for the user."""


# -- the tree --------------------------------------------------------------------------------


@frozen
class Node:
    """A node of a parsed query."""


@frozen
class Term(Node):
    """One index term in ``field`` (``None``: title or text), from the word ``word``."""

    term: str
    word: str
    field: str | None = None


@frozen
class Phrase(Node):
    """Index terms next to each other, in order (a quoted phrase, or "well-known").

    A ``quoted`` phrase is literal: the index finds the candidates by their stems, and only
    those whose own words are the phrase's, in order, are hits ("United Nations" is not
    "Uniting Nations")."""

    terms: tuple[str, ...]
    text: str
    field: str | None = None
    quoted: bool = False

    def literal(self) -> re.Pattern[str]:
        """The phrase's words as written, any separators between them, case-insensitive."""
        words = re.findall(TOKEN_PATTERN, self.text)
        body = r"[\W_]+".join(re.escape(w) for w in words)
        return re.compile(rf"(?<![\w.]){body}(?![\w])", re.IGNORECASE)

    def occurs_in(self, text: str) -> bool:
        """Whether :meth:`literal` finds the phrase in ``text``.

        The same answer, faster: the words are looked for without the leading look-behind
        (which Python's engine tries at every position), and each place they are found is
        then checked with the whole pattern."""
        return self.counter(first=True)(text) > 0

    def count_in(self, text: str) -> int:
        """How many times :meth:`literal` finds the phrase in ``text`` (``finditer``'s count:
        occurrences that do not overlap), found as :meth:`occurs_in` finds the first."""
        return self.counter()(text)

    def _lowered(self) -> tuple[re.Pattern[str], re.Pattern[str] | None] | None:
        """The patterns of the phrase in lower case, where its words are ASCII (its
        separators may be anything: "Ukraine’s president", "Kherson — Crimea")."""
        words = re.findall(TOKEN_PATTERN, self.text)
        return _literal_patterns(self.text.lower(), 0) if all(map(str.isascii, words)) else None

    def counter(self, first: bool = False) -> Callable[[str], int]:
        """:meth:`count_in` for many texts, its patterns chosen once; ``first``: stop at the
        first occurrence (1 or 0)."""
        folded = _literal_patterns(self.text, re.IGNORECASE)
        # an ASCII phrase: in a text without the four letters that fold to ASCII ones, lower
        # case finds it as case-insensitivity does, where a case-sensitive search finds its
        # first word by fast literal search (Python's case-insensitive one compares
        # character by character): 5x faster; beyond ASCII only the ASCII letters need it
        lowered = self._lowered()

        def count(text: str) -> int:
            if lowered is not None and text.isascii():
                full, anchor = lowered
                text = text.lower()
            elif lowered is not None and not _folds_to_ascii(text):
                full, anchor = lowered
                text = _lower_ascii(text)
            else:
                full, anchor = folded
            if anchor is not None and anchor.search(text) is None:
                return 0  # its longest word, and the words after it, are not there
            if first:
                return 0 if full.search(text) is None else 1
            return len(full.findall(text))

        return count

    def count_joined(self, joined: bytes, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`count_in` of each text of ``joined`` (:class:`JoinedTexts`: UTF-8, one NUL
        byte between texts; ``sizes`` in bytes), and each text's length in characters.

        The ASCII letters of all the texts are lower-cased at once (``bytes.lower``); an
        ASCII text is then counted where it lies, by the phrase's lower-case pattern made of
        bytes: no text is cut out, decoded or lower-cased on its own (with the next texts
        read on another thread meanwhile, "the company said" at 100k: 45.8-48.6 -> 27.1-30.6
        ms; see ``SqliteReads.literal_chunks``). A text beyond ASCII is decoded and counted
        as :meth:`counter` counts it: its ASCII letters in lower case change nothing that
        case-insensitivity finds."""
        joined = joined.lower()
        n = len(sizes)
        counts = np.zeros(n, dtype=np.int64)
        lengths = np.asarray(sizes, dtype=np.int64).copy()
        if not n:
            return counts, lengths
        ends = np.cumsum(lengths + 1) - 1  # the NUL after each text (none after the last)
        starts = ends - lengths
        if int(ends[-1]) != len(joined):
            raise ValueError(f"{n} texts of {int(lengths.sum())} bytes in {len(joined)}")
        lowered = self._lowered()
        wide = np.full(n, lowered is None)  # the texts counted one by one, decoded
        if lowered is not None:
            if not joined.isascii():
                high = np.flatnonzero(np.frombuffer(joined, dtype=np.uint8) >= 0x80)
                wide[np.unique(np.searchsorted(ends, high))] = True
            narrow = np.flatnonzero(~wide)
            # a text's neighbours are not looked at: its first word's look-behind sees the
            # NUL before it (as no character), the match ends at its end (``endpos``)
            find = _bytes_pattern(lowered[0].pattern).findall
            found = map(find, repeat(joined), starts[narrow].tolist(), ends[narrow].tolist())
            counts[narrow] = np.fromiter(map(len, found), dtype=np.int64, count=len(narrow))
        count = self.counter()
        for i in np.flatnonzero(wide).tolist():
            text = joined[starts[i] : ends[i]].decode("utf-8", "surrogatepass")
            lengths[i] = len(text)
            counts[i] = count(text)
        return counts, lengths


def literal_hits(rows: Iterable[Sequence[object]], phrase: Phrase) -> list[int]:
    """The ids of ``rows`` (an id, then stored texts: title, text) where one of the texts
    holds ``phrase`` literally (:meth:`Phrase.occurs_in`), sorted."""
    holds = holds_literally(phrase)
    return sorted(int(str(r[0])) for r in rows if holds(r[1:]))


def literal_counts(rows: Iterable[Sequence[object]], phrase: Phrase) -> LiteralCounts:
    """Of ``rows`` (an id, then stored texts: title, text), those where a text holds
    ``phrase`` literally, by id: their ids, the occurrences in each text and each text's
    length in characters (a missing text counts as empty); what ranks a phrase's hits
    without reading the index."""
    rows = list(rows)
    if not rows:
        return LiteralCounts.empty(0)
    return literal_counts_joined([JoinedTexts.of_rows(rows, len(rows[0]) - 1)], phrase)


def literal_counts_joined(chunks: Iterable[JoinedTexts], phrase: Phrase) -> LiteralCounts:
    """:func:`literal_counts` of the texts of ``chunks``."""
    ids: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    lengths: list[np.ndarray] = []
    for chunk in chunks:
        counted = [phrase.count_joined(t, z) for t, z in zip(chunk.texts, chunk.sizes, strict=True)]
        ids.append(chunk.ids)
        counts.append(np.column_stack([c for c, _ in counted]))
        lengths.append(np.column_stack([n for _, n in counted]))
    if not ids:
        return LiteralCounts.empty(0)
    all_ids = np.concatenate(ids)
    all_counts, all_lengths = np.concatenate(counts), np.concatenate(lengths)
    held = np.flatnonzero(all_counts.any(axis=1))
    held = held[np.argsort(all_ids[held], kind="stable")]
    return LiteralCounts(all_ids[held], all_counts[held], all_lengths[held])


@frozen
class JoinedTexts:
    """Some articles' stored texts as a phrase is counted in them: ``ids``, and for each
    column (title, text) ``texts``, the texts in UTF-8, one NUL byte between two, and
    ``sizes``, each text's size in bytes."""

    ids: np.ndarray
    texts: tuple[bytes, ...]
    sizes: tuple[np.ndarray, ...]

    @classmethod
    def empty(cls, width: int) -> JoinedTexts:
        """No articles, ``width`` columns."""
        none = np.zeros(0, dtype=np.int64)
        return cls(none, (b"",) * width, (none,) * width)

    @classmethod
    def of_rows(cls, rows: Sequence[Sequence[object]], width: int) -> JoinedTexts:
        """Rows of (id, ``width`` texts) joined so (a missing text is an empty one)."""
        if not rows:
            return cls.empty(width)
        columns = list(zip(*rows, strict=True))
        ids = np.fromiter(map(int, columns[0]), dtype=np.int64, count=len(rows))
        texts, sizes = [], []
        for column in columns[1:]:
            encoded = [
                (t if isinstance(t, str) else "").encode("utf-8", "surrogatepass") for t in column
            ]
            texts.append(b"\0".join(encoded))
            sizes.append(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)))
        return cls(ids, tuple(texts), tuple(sizes))


@frozen
class LiteralCounts:
    """A literal phrase's hits, by id: ``ids``, and a row each of ``counts`` (occurrences in
    each text: title, text) and ``lengths`` (each text's length in characters)."""

    ids: np.ndarray
    counts: np.ndarray
    lengths: np.ndarray

    @classmethod
    def empty(cls, width: int) -> LiteralCounts:
        """No hits."""
        none = np.zeros((0, width), dtype=np.int64)
        return cls(np.zeros(0, dtype=np.int64), none, none)


def holds_literally(phrase: Phrase) -> Callable[[Sequence[object]], bool]:
    """Whether one of the texts given (title, text) holds ``phrase`` literally. The last
    (the body, where nearly every hit has it) is looked in first: a title is then read
    only when the body lacks the phrase."""

    occurs = phrase.counter(first=True)

    def holds(texts: Sequence[object]) -> bool:
        return any(occurs(str(t or "")) for t in reversed(texts))

    return holds


@lru_cache(maxsize=64)
def _literal_patterns(text: str, flags: int) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    r""":meth:`Phrase.literal` as a pattern Python's engine searches fast, and, when the
    phrase's longest word is not its first, that word and the words after it: a text
    without them cannot hold the phrase, and they are found by a fast search for a rarer
    word than a first "the" ("the company said" in 4,115 candidate texts: 16.7 -> 11.3 ms).

    The pattern matches what the literal one matches, where it matches it: the look-behind
    that wants no letter, digit or "." before the first word is made after that word,
    over the word and the character before it (``the(?<![\w.]the)…``), so the pattern
    begins with the word itself, which the engine looks for by fast literal search
    instead of trying the look-behind at every position ("the company said" in the 8,615
    candidate texts at 100k: 29.4 -> 23.4 ms; with their titles, 56 -> 49)."""
    words = re.findall(TOKEN_PATTERN, text)
    if not words:
        return re.compile(r"(?<![\w.])(?![\w])", flags), None
    first = re.escape(words[0])
    rest = "".join(r"[\W_]+" + re.escape(w) for w in words[1:])
    anchor = None
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    if longest > 0:
        anchor = re.compile(r"[\W_]+".join(re.escape(w) for w in words[longest:]), flags)
    return re.compile(rf"{first}(?<![\w.]{first}){rest}(?![\w])", flags), anchor


@lru_cache(maxsize=64)
def _bytes_pattern(pattern: str) -> re.Pattern[bytes]:
    """A lower-case pattern of :func:`_literal_patterns` (ASCII words) over UTF-8 bytes: in
    an ASCII text it finds what the pattern finds in the text as characters."""
    return re.compile(pattern.encode("ascii"))


@frozen
class Pattern(Node):
    """Index terms matching a wildcard pattern (``*`` any run, ``?`` one character)."""

    pattern: str
    text: str
    field: str | None = None

    @property
    def prefix(self) -> str:
        """The literal start of the pattern (terms outside it never match)."""
        return re.split(r"[*?]", self.pattern, maxsplit=1)[0]

    def regex(self) -> str:
        """The pattern as a regular expression over whole terms."""
        return "".join(
            ".*" if c == "*" else "." if c == "?" else re.escape(c) for c in self.pattern
        )


@frozen
class Value(Node):
    """``field:text`` for a field of things the library knows (place, actor, source, …).

    ``ids`` and ``labels`` are filled in by whoever resolves the field (the library):
    the values the text names, their display names, and ``via``, a sentence saying how a
    spelling that differs from the names was folded in (an alias, a transliteration).
    """

    field: str
    text: str
    pattern: bool = False
    ids: tuple[int, ...] | None = None
    labels: tuple[str, ...] = ()
    via: str = ""


@frozen
class Folded(Node):
    """A bare word that also stands for things the library knows (``Kiev``: the place
    Kyiv, by a certain gazetteer alias): the word itself, or any of ``value``'s ids."""

    word: Node
    value: Value


@frozen
class And(Node):
    """Every child matches."""

    children: tuple[Node, ...]


@frozen
class Or(Node):
    """Any child matches."""

    children: tuple[Node, ...]


@frozen
class Not(Node):
    """The child does not match."""

    child: Node


@frozen
class Everything(Node):
    """Every article (``*``, or a query of operators only)."""


@frozen
class Query:
    """A parsed query: the tree (``None`` for an empty query) and notes for the user."""

    root: Node | None
    text: str
    notes: tuple[str, ...] = field(default=())

    @property
    def matches_everything(self) -> bool:
        """Nothing narrows the result (the empty query, ``*``)."""
        return self.root is None or isinstance(self.root, Everything)


# -- walking the tree ------------------------------------------------------------------------


def children(node: Node) -> tuple[Node, ...]:
    """The direct children of a node."""
    if isinstance(node, And | Or):
        return node.children
    if isinstance(node, Not):
        return (node.child,)
    if isinstance(node, Folded):
        return (node.word, node.value)
    return ()


def leaves(node: Node | None, positive: bool = False) -> Iterator[Node]:
    """Every leaf under ``node``, in order; ``positive``: only those whose match makes an
    article a hit (not those under a ``Not``)."""
    if node is None or (positive and isinstance(node, Not)):
        return
    kids = children(node)
    if not kids:
        yield node
    for kid in kids:
        yield from leaves(kid, positive)


def positive_leaves(node: Node | None) -> Iterator[Node]:
    """The leaves whose match makes an article a hit (not those under a ``Not``)."""
    return leaves(node, positive=True)


def has_values(node: Node | None) -> bool:
    """Whether any leaf is a :class:`Value` (evaluated outside the text engine)."""
    return any(isinstance(leaf, Value) for leaf in leaves(node))


def is_literal(node: Node) -> bool:
    """A quoted phrase: the engine finds its candidates, the words themselves decide."""
    return isinstance(node, Phrase) and node.quoted


#: A word in more than this share of the documents does not narrow a phrase's candidates
#: enough to be worth reading ("the" in "the company said": 780 posting blocks at 100k).
COMMON_SHARE = 0.5


def words_of(phrase: Phrase, share: Callable[[Term], float] | None = None) -> Node:
    """Every word of a phrase, anywhere in its field: the candidates of a literal phrase,
    whose own words then decide (found without reading any word's positions).

    With ``share`` (the index's estimate of the share of documents holding a term), words
    in more than ``COMMON_SHARE`` of them are left out, keeping at least the rarest: fewer
    words only widen the candidates, and the stored text still decides every one."""
    words = re.findall(TOKEN_PATTERN, phrase.text)
    terms = [Term(t, w, phrase.field) for t, w in zip(phrase.terms, words, strict=False)]
    if share is not None and len(terms) > 1:
        shares = [share(t) for t in terms]
        kept = [t for t, s in zip(terms, shares, strict=True) if s <= COMMON_SHARE]
        terms = kept or [terms[shares.index(min(shares))]]
    return terms[0] if len(terms) == 1 else And(tuple(terms))


def phrase_candidates(phrase: Phrase) -> Node:
    """The phrase as an engine's phrase of terms: as written, or as its words with spaces
    between ("interest-rates" is also "interest rates", a text's "2007-2008" is only
    found as written). For an engine that matches phrases from its stored positions without
    reading every position of a common word (a server library); the stored text decides."""
    words = re.findall(TOKEN_PATTERN, phrase.text)
    spaced = " ".join(words)
    exact = Phrase(phrase.terms, phrase.text, phrase.field)
    if not words or spaced == phrase.text:
        return exact
    return Or((exact, Phrase(phrase.terms, spaced, phrase.field)))


def needs_store(node: Node | None) -> bool:
    """Whether answering needs more than the engine: values, or literal phrases."""
    return any(isinstance(leaf, Value) or is_literal(leaf) for leaf in leaves(node))


# -- parsing ---------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
      (?P<open>\()
    | (?P<close>\))
    | (?P<quote>"[^"]*(?:"|$))(?:~\d+)?
    | (?P<field>[A-Za-z_]+):(?=[^\s)]|$)(?!//)
    | (?P<sign>(?<![^\s(])[-+])(?=[^\s)-])
    | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)
_OPERATORS = frozenset({"AND", "OR", "NOT"})
#: Typographic double quotes are quotes: a phrase pasted from an article or typed where the
#: keyboard curls them (“…”, „…“, «…», ＂…＂) is a phrase, not its words anywhere. Single
#: ones stay what they are (’ is an apostrophe, as in "don’t").
_QUOTE_MARKS = str.maketrans(
    dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u301d\u301e\u301f\uff02", '"')
)
_ONLY_WILDCARDS = re.compile(r"^[*?]+$")


def straight_quotes(text: str) -> str:
    """``text`` with its typographic double quotes made ``"`` (what the parser reads)."""
    return text.translate(_QUOTE_MARKS)


@frozen
class _Tok:
    kind: str  # open close quote field sign word op
    text: str


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "word"
        value = m.group(kind)
        if kind == "word" and value in _OPERATORS:
            kind = "op"
        out.append(_Tok(kind, value))
    return out


class _Parser:
    """Recursive descent over the tokens; forgiving about operators, strict about fields."""

    def __init__(self, tokens: list[_Tok], value_fields: Collection[str]) -> None:
        self.toks = tokens
        self.i = 0
        self.value_fields = value_fields
        self.notes: list[str] = []
        self.leaves = 0
        self.fields: list[str] = []  # the field of the groups being parsed

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node | None:
        nodes: list[Node] = []
        while self.peek() is not None:
            node = self.or_expr()
            if node is not None:
                nodes.append(node)
            elif self.peek() is not None and self.peek().kind == "close":  # type: ignore[union-attr]
                self.take()  # a stray ")"
        return _and(nodes)

    def or_expr(self) -> Node | None:
        parts = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.text == "OR":
            self.take()
            parts.append(self.and_expr())
        kept = [p for p in parts if p is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else Or(tuple(kept))

    def and_expr(self) -> Node | None:
        parts: list[Node] = []
        while (tok := self.peek()) is not None:
            if tok.kind == "close" or (tok.kind == "op" and tok.text == "OR"):
                break
            if tok.kind == "op" and tok.text == "AND":
                self.take()
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        return _and(parts)

    def unary(self) -> Node | None:
        tok = self.take()
        if (tok.kind == "op" and tok.text == "NOT") or (tok.kind == "sign" and tok.text == "-"):
            nxt = self.peek()
            if nxt is None or nxt.kind == "close" or (nxt.kind == "op" and nxt.text != "NOT"):
                return None  # a dangling NOT waits for its operand
            child = self.unary()
            if child is None:
                return None
            return child.child if isinstance(child, Not) else Not(child)
        if tok.kind == "sign":  # "+word": required, as every word is
            return self.unary() if self.peek() is not None else None
        return self.atom(tok, None)

    def atom(self, tok: _Tok, fieldname: str | None) -> Node | None:
        fieldname = fieldname or (self.fields[-1] if self.fields else None)
        if tok.kind == "open":  # "(a OR b)", or "title:(a OR b)": the field applies inside
            if fieldname:
                self.fields.append(fieldname)
            parts: list[Node] = []
            while (nxt := self.peek()) is not None and nxt.kind != "close":
                node = self.or_expr()
                if node is not None:
                    parts.append(node)
            if self.peek() is not None:
                self.take()  # ")"
            if fieldname:
                self.fields.pop()
            return _and(parts)
        if tok.kind == "field":
            name = tok.text.lower()
            if name not in TEXT_FIELDS and name not in self.value_fields:
                known = ", ".join(f"{f}:" for f in (*TEXT_FIELDS, *self.value_fields))
                raise QueryError(f"unknown field {name}: — use one of {known}")
            nxt = self.peek()
            if nxt is None or nxt.kind in ("close", "op"):
                return None  # "title:" still waiting for its word
            return self.atom(self.take(), name)
        if tok.kind == "quote":
            return self.leaf(tok.text.strip('"').split('"')[0], fieldname, quoted=True)
        if tok.kind in ("word", "op"):
            return self.leaf(tok.text, fieldname, quoted=False)
        return None  # a stray ")" or sign

    def leaf(self, text: str, fieldname: str | None, quoted: bool) -> Node | None:
        self.leaves += 1
        if self.leaves > MAX_LEAVES:
            raise QueryError(f"the query has more than {MAX_LEAVES} words; shorten it")
        if fieldname is not None and fieldname not in TEXT_FIELDS:
            value = " ".join(text.split())
            if not value:
                return None
            wild = not quoted and ("*" in value or "?" in value)
            if wild and _ONLY_WILDCARDS.match(value.replace(" ", "")):
                return Value(fieldname, "*", pattern=True)
            return Value(fieldname, value, pattern=wild)
        if not quoted and ("*" in text or "?" in text):
            if _ONLY_WILDCARDS.match(text):
                return Everything()
            pattern = pattern_term(text)
            if not pattern.strip("*?"):
                return Everything()
            return Pattern(pattern, text, fieldname)
        terms = analyse(text)
        if not terms:
            return None
        if len(terms) == 1 and not quoted:  # a quoted word stays literal: a phrase of one
            return Term(terms[0], text, fieldname)
        return Phrase(tuple(terms), text, fieldname, quoted)


def _and(parts: list[Node]) -> Node | None:
    parts = [p for p in parts if not isinstance(p, Everything)] or parts[:1]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def parse(text: str, value_fields: Collection[str] = ()) -> Query:
    """Parse what the user typed; raises :class:`QueryError` only for what cannot be meant.

    ``value_fields`` are the field names (besides ``title:`` and ``text:``) whose values
    the caller resolves (``place``, ``actor``, ``source``).
    """
    text = text.strip()
    if len(text) > MAX_CHARS:
        raise QueryError(f"the query is too long (more than {MAX_CHARS:,} characters)")
    if not text:
        return Query(None, text)
    notes = []
    typed = straight_quotes(text)
    if re.search(r'"\s*~\d+', typed):
        notes.append("nearness (~N after a phrase) is not supported: searched as exact phrases")
    parser = _Parser(_tokens(typed), value_fields)
    root = parser.parse()
    if root is None and any(t.kind not in ("op", "sign", "open", "close") for t in parser.toks):
        # words without a single letter or digit ("—", "&"): nothing to look for
        root = None
    return Query(_simplify(root), text, tuple(notes + parser.notes))


def _simplify(node: Node | None) -> Node | None:
    """Flatten nested ANDs and ORs; ``x OR *`` is everything."""
    if node is None:
        return None
    if isinstance(node, And | Or):
        flat: list[Node] = []
        for kid in node.children:
            child = _simplify(kid)
            if child is None:
                continue
            if isinstance(child, And | Or) and type(child) is type(node):
                flat.extend(child.children)
            else:
                flat.append(child)
        if isinstance(node, Or) and any(isinstance(c, Everything) for c in flat):
            return Everything()
        if isinstance(node, And):
            flat = [c for c in flat if not isinstance(c, Everything)] or flat[:1]
        if not flat:
            return None
        return flat[0] if len(flat) == 1 else type(node)(tuple(flat))
    if isinstance(node, Not):
        inner = _simplify(node.child)
        if inner is None:
            return None
        return inner.child if isinstance(inner, Not) else Not(inner)
    return node


__all__ = [
    "TEXT_FIELDS",
    "And",
    "Everything",
    "Folded",
    "Node",
    "Not",
    "Or",
    "Pattern",
    "Phrase",
    "Query",
    "QueryError",
    "Term",
    "Value",
    "children",
    "has_values",
    "leaves",
    "parse",
    "positive_leaves",
]
