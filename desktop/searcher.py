"""The read side of a library: searches, facet counts, result rows and the reader's article.

One search: the query text is parsed into our tree (:mod:`search.query`); its values
(``place:Kiev``) and facet selections are resolved by :class:`~desktop.lookup.Lookup`; the
words go to the text engine and the values to the facet arrays built from the store; the
two are combined as masks over document ids, ranked by the engine, and counted per facet.
A quoted phrase is literal; spellings fold only where the user asks for a field or facet,
and for a bare word that certainly names a place (``Kiev`` also finds "Kyiv"). Every hit
that came through a name rather than the words says so.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import astuple
from typing import TYPE_CHECKING, TypeVar, cast

import numpy as np

from search import FacetFilters, Query, SearchIndex, parse
from search.analysis import TOKEN_PATTERN
from search.facets import IdArray, Mask
from search.frozen import frozen
from search.highlight import hit_runs, merge_spans, snippet, spans_of, text_leaves
from search.query import (
    And,
    Everything,
    Folded,
    LiteralCounts,
    Node,
    Not,
    Or,
    Phrase,
    Term,
    Value,
    children,
    holds_literally,
    literal_counts_joined,
    needs_store,
    phrase_candidates,
    positive_leaves,
)
from search.schema import DEFAULT_FIELDS, bm25, bm25_idf

from . import mark_reads
from .entities.names import name_key
from .errors import NoSuchDocument
from .facets import FACET_BY_NAME, FACET_NAMES, split_kind
from .lookup import NOTHING, Found, Lookup
from .mark_reads import NO_ROW_MARKS, row_marks
from .querying import FacetData, Hit, SearchRequest, SearchResult
from .reads import Reads
from .versions_collapse import collapse

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from .facet_cache import FacetCache
    from .views import DocumentView

T = TypeVar("T")


@frozen
class _Scores:
    """The ranked ids of a result (best first) and their scores, as arrays: the scores of
    a page are looked up when its rows are made (a dict of every hit, ~1 us each, was
    ~4 ms of a word search at 23k)."""

    ids: IdArray
    scores: np.ndarray

    def of(self, page: IdArray) -> dict[int, float]:
        """The scores of the ranked ids among ``page``."""
        if not len(self.ids) or not len(page):
            return {}
        held = np.isin(self.ids, page)
        return dict(zip(self.ids[held].tolist(), self.scores[held].tolist(), strict=True))


NO_SCORES = _Scores(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


@frozen
class _Selection:
    """A request resolved against the index and the facet arrays."""

    facets: FacetData
    query: Query
    base: Mask  # documents the query matches
    masks: dict[str, Mask]  # one per active facet filter
    final: Mask  # base narrowed by every filter
    unknown: dict[str, list[str]]
    resolved: dict[str, dict[str, tuple[str, ...]]]


class Searcher:
    """Every read of one library's store and index; safe to call from any thread."""

    def __init__(self, reads: Reads, index: SearchIndex) -> None:
        self.reads = reads
        self.index = index
        self.lookup = Lookup(reads)
        self._lock = threading.Lock()
        self._facets: FacetData | None = None
        self._generation: tuple[int, ...] = ()
        self._facets_stamp: tuple[int, ...] = ()  # the store's files when they were counted
        # a literal phrase's hits, and (a folder library's) their scores, by id
        self._literal_cache: dict[
            tuple[Phrase, tuple[int, ...]], tuple[IdArray, np.ndarray | None]
        ] = {}
        #: a server's literal phrases: phrase -> (state, candidates checked, holding them)
        self._literal_grown: dict[Phrase, tuple[tuple[int, ...], IdArray, IdArray]] = {}
        #: where facet arrays are kept between processes (see desktop.facet_cache), or None
        self.facet_cache: FacetCache | None = None
        #: ORM sessions for the workbench's reads (related coverage, stories); set by a
        #: full Library, absent on the lean command-line read path
        self.orm_sessions: sessionmaker[Session] | None = None
        #: held while the library swaps in an index of another engine (Library.move_index)
        self.swapping = threading.Lock()

    @property
    def sessions(self) -> sessionmaker[Session]:
        """The library's ORM sessions (only a full :class:`~desktop.library.Library` has them)."""
        if self.orm_sessions is None:
            raise RuntimeError("this reader was opened without ORM sessions")
        return self.orm_sessions

    # -- state ----------------------------------------------------------------------------

    def invalidate(self) -> None:
        """Forget the facet arrays (this process wrote to the library)."""
        with self._lock:
            self._facets = None
            self._forget_phrases()

    def drop_caches(self) -> None:
        """Forget every answer kept for a query, here and in the index (to time queries
        cold: the benchmark). The facet arrays stay: they belong to the library, not to a
        query."""
        with self._lock:
            self._forget_phrases()
        self.index.drop_caches()

    def _forget_phrases(self) -> None:
        """Forget the literal phrases' answers (the caller holds the lock)."""
        self._literal_cache.clear()
        self._literal_grown.clear()

    def refresh(self) -> None:
        """See at once what another process (an import in a child) committed."""
        self.index.refresh()
        self.invalidate()

    def facet_data(self) -> FacetData:
        """Facet arrays for the current state, rebuilt when this or another process wrote."""
        cache = self.facet_cache
        stamp = cache.stamp() if cache is not None else ()  # before reading: see facet_cache
        with self._lock, self.reads.snapshot():
            generation = self.reads.generation()
            if self._facets is None or self._generation != generation:
                self._facets = (
                    cache.load(stamp, generation)
                    if cache is not None
                    else self._grown(generation)  # a server library's new articles only
                )
                if self._facets is None:
                    self._facets = FacetData(self.reads)
                    if cache is not None:
                        cache.save(stamp, generation, self._facets)
                self._generation = generation
                self._facets_stamp = stamp
            return self._facets

    def kept_facets(self) -> tuple[tuple[int, ...], tuple[int, ...], FacetData] | None:
        """The facet arrays held here for the facet file, with the stamp of the store's
        files and the generation they were counted for (None: none held, or no file)."""
        with self._lock:
            if self._facets is None or self.facet_cache is None:
                return None
            return self._facets_stamp, self._generation, self._facets

    def _grown(self, generation: tuple[int, ...]) -> FacetData | None:
        if self._facets is None or not self.index.follows_store:
            return None
        from .server.facet_rows import grown

        return grown(self.reads, self._facets, self._generation, generation)

    # -- queries --------------------------------------------------------------------------

    def parse(self, query_text: str) -> Query:
        """The query with its values resolved; raises ``QueryError`` for what cannot be meant."""
        q = parse(query_text, FACET_NAMES)
        return Query(self._resolve(q.root), q.text, q.notes)

    def _resolve(self, node: Node | None) -> Node | None:
        if node is None:
            return None
        if isinstance(node, Value):
            found = self.resolve_value(node.field, node.text, node.pattern)
            return Value(node.field, node.text, node.pattern, found.ids, found.labels, found.via)
        if isinstance(node, Term) and node.field is None:
            place = self.lookup.certain_place(node.word)
            if place.ids:
                value = Value("place", node.word, False, place.ids, place.labels, place.via)
                return Folded(node, value)
            return node
        if isinstance(node, And | Or):
            return type(node)(tuple(self._resolve(c) for c in node.children))  # type: ignore[misc]
        if isinstance(node, Not):
            return Not(self._resolve(node.child))  # type: ignore[arg-type]
        return node

    def resolve_value(self, facet: str, value: str, pattern: bool = False) -> Found:
        """The entities (or outlets) a facet value names, and how it was folded in."""
        spec = FACET_BY_NAME[facet]
        if spec.is_mark:
            return mark_reads.resolve(self.reads, facet, value, pattern)
        if not spec.is_entity:
            return self.lookup.sources(value, pattern)
        if pattern and value == "*":
            return Found((-1,), ("any",))  # every value: see _value_mask
        name, kinds = split_kind(value, spec.kinds)
        return self.lookup.entities(kinds, name, pattern) if name else NOTHING

    def _mask(self, node: Node, fd: FacetData) -> Mask:
        """Documents a resolved query tree matches, as a mask over document ids."""
        if isinstance(node, Everything):
            return fd.index.present.copy()
        if isinstance(node, Phrase) and node.quoted:
            return fd.index.mask_of(self._literally(node))
        if not needs_store(node):
            return fd.index.mask_of(self.index.match_ids(node))
        if isinstance(node, Value):
            return _value_mask(node, fd)
        if isinstance(node, Folded):
            return self._mask(node.word, fd) | _value_mask(node.value, fd)
        if isinstance(node, Not):
            return fd.index.present & ~self._mask(node.child, fd)
        masks = [self._mask(c, fd) for c in children(node)]
        combine = np.logical_and if isinstance(node, And) else np.logical_or
        return combine.reduce(masks)

    def _literally(self, phrase: Phrase) -> IdArray:
        """The engine's candidates for a quoted phrase whose own words are the phrase.

        The index finds every article that may hold it (its word pairs, or its stems: "Uniting
        Nations" for "United Nations"); the stored text is the truth: the database keeps
        the candidates that hold every word in order (in C), a regular expression then wants
        them with only separators between."""
        return self._literal(phrase)[0]

    def _literal(self, phrase: Phrase) -> tuple[IdArray, np.ndarray | None]:
        """A literal phrase's hits (sorted ids) and, in a folder library, their scores."""
        key = (phrase, self._generation)
        hit = self._literal_cache.get(key)
        if hit is not None:
            return hit
        scores = None
        columns = [c for c in ("title", "text") if phrase.field in (None, c)]
        if not phrase.terms:
            found = np.zeros(0, dtype=np.int64)
        elif self.index.follows_store:  # a server library: see desktop/server/literal.py
            found = self._server_literally(phrase, columns)
        elif (
            exact := self.index.literal_hits(phrase, {c: DEFAULT_FIELDS[c] for c in columns})
        ) is not None:
            # the word positions beside the index: no text read ("the company said" at 100k,
            # its 8,138 hits: ~10 ms on one core, where reading and counting took ~25 on two)
            found, scores = exact
        else:
            candidates, paired = self.index.literal_candidates(phrase)
            # the database drops (in C) the texts without the words in order (the pairs'
            # candidates nearly all have them: "the company said" at 100k, 8,231 of 8,244,
            # read 32 -> 25 ms without); what is left is checked for the words as written,
            # with only separators between, and how often each holds them is counted
            like = "%" if paired else _ordered_like(phrase.text)
            chunks = self.reads.literal_chunks(candidates.tolist(), columns, like)
            counted = literal_counts_joined(chunks, phrase)
            found = counted.ids
            total = self.facet_data().library_total
            scores = _phrase_scores(counted, [DEFAULT_FIELDS[c] for c in columns], total)
        with self._lock:
            self._literal_cache[key] = (found, scores)
            while len(self._literal_cache) > 32:
                self._literal_cache.pop(next(iter(self._literal_cache)))
        return found, scores

    def _server_literally(self, phrase: Phrase, columns: list[str]) -> IdArray:
        """A server library's literal phrase; the candidates checked at an earlier state
        keep their answer while only new articles came (the others are checked). Asked
        first, the candidates come with their texts in one statement, each text checked
        as it arrives."""
        from .server import literal
        from .server.facet_rows import only_appended
        from .server.textsearch import PostgresIndex

        tree = phrase_candidates(phrase)
        with self._lock:
            earlier = self._literal_grown.get(phrase)
        if earlier is not None and only_appended(earlier[0], self._generation) is not None:
            candidates = self.index.match_ids(tree)
            seen, held = earlier[1], earlier[2]
            new = np.setdiff1d(candidates, seen)
            found = np.union1d(
                held[np.isin(held, candidates)], literal.holding(self.reads, new, columns, phrase)
            )
        else:
            server = cast(PostgresIndex, self.index)
            candidates, found = server.phrase_matches(tree, columns, holds_literally(phrase))
        with self._lock:
            self._literal_grown[phrase] = (self._generation, candidates, found)
            while len(self._literal_grown) > 32:
                self._literal_grown.pop(next(iter(self._literal_grown)))
        return found

    def _select(self, request: SearchRequest) -> _Selection:
        fd = self.facet_data()
        query = self.parse(request.query)
        base = (
            fd.index.present.copy()
            if query.root is None
            else self._mask(query.root, fd) & fd.index.present
        )
        unknown: dict[str, list[str]] = {}
        for leaf in positive_leaves(query.root):
            if isinstance(leaf, Value) and not leaf.ids:
                unknown.setdefault(leaf.field, []).append(leaf.text)
        selected: dict[str, frozenset[int]] = {}
        resolved: dict[str, dict[str, tuple[str, ...]]] = {}
        for facet, values in request.selections().items():
            ids: set[int] = set()
            for value in values:
                found = self.resolve_value(facet, value)
                if not found.ids:
                    unknown.setdefault(facet, []).append(value)
                resolved.setdefault(facet, {})[value] = found.labels
                ids.update(found.ids)
            if values:
                # a value that names nothing matches nothing
                selected[facet] = frozenset(ids) or frozenset({-1})
        filters = FacetFilters(selected, request.date_from, request.date_to, request.undated)
        masks = fd.index.filter_masks(filters)
        final = fd.index.apply(base, masks)
        return _Selection(fd, query, base, masks, final, unknown, resolved)

    def _again_if_moved(self, read: Callable[[], T]) -> T:
        """Run ``read``; if it failed because its index was closed under it by a move to
        another engine, wait for the new index and run it again there (a search in the
        window during the swap failed once in ~300 before)."""
        index = self.index
        try:
            return read()
        except Exception:
            with self.swapping:  # a move in progress: its new index is in place after this
                moved = self.index is not index
            if not moved:
                raise
            return read()

    def search(self, request: SearchRequest) -> SearchResult:
        """Every matching id in the request's order, the requested page of hits and facet
        counts; raises ``QueryError`` for a query that cannot be understood."""
        return self._again_if_moved(lambda: self._search(request))

    def _search(self, request: SearchRequest) -> SearchResult:
        sel = self._select(request)
        ids, scores = self._order(sel, request)
        if request.collapse:  # one row per group of versions
            ids = collapse(ids, sel.facets.groups, sel.facets.index.dates.ordinals)
        ranked, dates = sel.facets.index.rank_all(sel.base, sel.masks)
        top = slice(request.facet_limit)
        facets = {
            name: sel.facets.labelled(name, ranked[name][0][top], ranked[name][1][top])
            for name in FACET_NAMES
        }
        facets["date"] = dates
        page = ids[request.offset : request.offset + max(request.limit, 0)]
        notes = list(sel.query.notes)
        scoring = _scoring(sel.query.root)
        if scoring is not None:
            notes += self.index.notes(scoring)
        return SearchResult(
            total=len(ids),
            library_total=sel.facets.library_total,
            hits=self._hits(page.tolist(), sel.query, scores.of(page)),
            facets=facets,
            unknown=sel.unknown,
            ids=ids,
            notes=tuple(notes),
            resolved=sel.resolved,
        )

    def _order(self, sel: _Selection, request: SearchRequest) -> tuple[IdArray, _Scores]:
        """Every matching id, best first (or by date), with the scores of the ranked ones."""
        ids = np.flatnonzero(sel.final)
        scoring = _scoring(sel.query.root)
        if not len(ids):
            return ids, NO_SCORES
        if scoring is not None and request.sort == "relevance":
            if isinstance(scoring, Phrase) and scoring.quoted:
                found, scores = self._literal(scoring)
                if scores is not None:  # ranked by the phrase itself, as counted in the texts
                    return self._by_phrase(sel, ids, found, scores)
            # a server ranks the ids it is given (no second match of the words, see ranking)
            narrowed = bool(sel.masks) or needs_store(sel.query.root) or self.index.follows_store
            first, s = self.index.ranked_arrays(scoring, ids if narrowed else None, len(ids))
            if not narrowed:  # the index may hold ids the store has not (yet) got
                known = first < len(sel.final)
                known[known] = sel.final[first[known]]
                first, s = first[known], s[known]
            ranked_ones = np.zeros(len(sel.final), dtype=bool)  # (np.isin: 13 ms at 100k)
            ranked_ones[first[first < len(sel.final)]] = True
            rest = ids[~ranked_ones[ids]]  # matched through a name only: newest first
            return np.concatenate([first, self._by_date(sel, rest, "date")]), _Scores(first, s)
        return self._by_date(sel, ids, request.sort), NO_SCORES

    def _by_phrase(
        self, sel: _Selection, ids: IdArray, found: IdArray, scores: np.ndarray
    ) -> tuple[IdArray, _Scores]:
        """``ids`` ranked by a literal phrase's scores (best first, then by id), and those
        that matched through a name only after them, newest first."""
        at = np.searchsorted(found, ids)
        held = (at < len(found)) & (found[np.minimum(at, len(found) - 1)] == ids)
        mine, s = ids[held], scores[at[held]]
        order = np.lexsort((mine, -s))
        first, s = mine[order], s[order]
        rest = self._by_date(sel, ids[~held], "date")
        return np.concatenate([first, rest]), _Scores(first, s)

    @staticmethod
    def _by_date(sel: _Selection, ids: IdArray, sort: str) -> IdArray:
        ordinals = sel.facets.index.dates.ordinals[ids]
        if sort == "oldest":
            order = np.lexsort((ids, np.where(ordinals == 0, np.iinfo(np.int64).max, ordinals)))
        else:
            order = np.lexsort((-ids, -ordinals))
        return ids[order]

    def all_ids(self, request: SearchRequest) -> IdArray:
        """Every document id matching a request, in its sort order."""
        return self._again_if_moved(lambda: self._all_ids(request))

    def _all_ids(self, request: SearchRequest) -> IdArray:
        sel = self._select(request)
        ids = self._order(sel, request)[0]
        if request.collapse:
            ids = collapse(ids, sel.facets.groups, sel.facets.index.dates.ordinals)
        return ids

    # -- rows and the reader --------------------------------------------------------------

    def hits(self, ids: Sequence[int], query: str = "") -> list[Hit]:
        """Result rows (with snippets for ``query``) for these ids, in this order."""
        return self._hits([int(i) for i in ids], self._parse_quietly(query), {})

    def _parse_quietly(self, query: str) -> Query:
        from search import QueryError

        try:
            return self.parse(query)
        except QueryError:
            return Query(None, query)

    def _hits(self, page: list[int], query: Query, scores: dict[int, float]) -> list[Hit]:
        if not page:
            return []
        with self.reads.snapshot():
            docs = {d.id: d for d in self.reads.hit_rows(page)}
            named = _named_spans(self.reads, page, query.root)
            marks = row_marks(self.reads, page)  # star, tags, "5 versions"
        leaves = text_leaves(query.root, "text")
        hits = []
        for doc_id in page:
            doc = docs.get(doc_id)
            if doc is None:
                continue
            words = spans_of(leaves, doc.text)
            extra = _with_named(words, named.get(doc_id, []))
            body = body_start(doc.text, doc.title, doc.source, doc.author)
            found = merge_spans(words, (n.span for n in extra))
            # a hit in the title line the row shows already is shown only when it is the only one
            found = [span for span in found if span[0] >= body] or found
            snip = snippet(doc.text, found, body=body, whole=hit_runs(leaves, doc.text, ()))
            hits.append(
                Hit(
                    doc.id,
                    doc.filename,
                    doc.title,
                    doc.source,
                    doc.published,
                    snip.text,
                    snip.hits,
                    scores.get(doc.id, 0.0),
                    *astuple(marks.get(doc.id, NO_ROW_MARKS)),
                )
            )
        return hits

    def document(self, doc_id: int, query: str = "") -> DocumentView:
        """A document with its entity mentions (and what the query matched in it)."""
        from .views import DocumentView, HitNote, MentionView  # (not in a search: ~3 ms)

        with self.reads.snapshot():
            doc = self.reads.document(doc_id)
            if doc is None:
                raise NoSuchDocument(f"no document with id {doc_id}")
            mentions = [MentionView(*m) for m in self.reads.mentions(doc_id)]
            view = DocumentView(
                id=doc.id,
                filename=doc.filename,
                title=doc.title,
                source=doc.source,
                source_raw=doc.source_raw,
                author=doc.author,
                published=doc.published,
                published_from=doc.published_from,
                language=doc.language,
                format=doc.format,
                text=doc.text,
                original_sha256=doc.original_sha256,
                original_path=doc.original_path,
                imported_at=doc.imported_at,
                entities=mentions,
                hits=[],
                url=doc.url,
                entities_status=doc.entities_status,
                edited=tuple(filter(None, (doc.edited or "").split(","))),
                trashed=doc.trashed,
                entities_pending=doc.entities_pending,
            )
            q = self._parse_quietly(query) if query.strip() else Query(None, "")
            named = _named_spans(self.reads, [doc_id], q.root).get(doc_id, [])
        if q.root is None:
            return view
        leaves = text_leaves(q.root, "text")
        words = spans_of(leaves, view.text)
        extra = _with_named(words, named)
        marked = merge_spans(words, (n.span for n in extra))
        return view.with_hits(
            marked,
            spans_of(text_leaves(q.root, "title"), view.title),
            [HitNote(*n.span, n.note) for n in extra if n.note],
            hit_runs(leaves, view.text, marked),
        )


#: Leading lines that carry an article's metadata: a byline, a "Source:"/"Published" line.
_META_LINE = re.compile(
    r"^(?:by\s|written by\s|source\s*:|published\b|posted\b|updated\b|photo\b|image\b)", re.I
)


#: The words a line that only dates an article is made of ("12 November 2022", "Nov 17,
#: 2023 8:42 AM CET", "Updated: 2022-11-10"): numbers, months, weekdays, times and zones.
_DATE_WORD = re.compile(
    r"^(?:\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)?|[\d.:/-]+(?:st|nd|rd|th)?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\w*"
    r"|(?:mon|tue|wed|thu|fri|sat|sun)\w*|[ap]\.?m\.?|updated|published|posted|on)$",
    re.I,
)


def _is_date_line(line: str) -> bool:
    """A short line that only dates the article (no dateparser on the search path)."""
    words = [w.strip(",.:()|·•") for w in line.split()]
    words = [w for w in words if w]
    has_year = re.search(r"\b(?:1[89]|20)\d\d\b", line) is not None
    return (
        has_year
        and 0 < len(words) <= 7
        and all(_DATE_WORD.match(w) or (w.isupper() and 2 <= len(w) <= 5) for w in words)
    )


def body_start(text: str, title: str, source: str | None, author: str | None) -> int:
    """Where the body starts: after the leading lines that repeat what a result row shows
    (the title, the outlet, the date line, the byline)."""
    pos = 0
    for _ in range(8):
        end = text.find("\n", pos)
        line = (text[pos:] if end < 0 else text[pos:end]).strip()
        key = name_key(line)
        repeats = (
            not line
            or (title and key == name_key(title))
            or (source and key == name_key(source))
            or (author and len(line) < 80 and name_key(author) in key)
            or (len(line) < 80 and _META_LINE.match(line) is not None)
            or _is_date_line(line)
        )
        if not repeats or end < 0:
            break
        pos = end + 1
    return pos if pos < len(text) else 0


def _phrase_scores(counted: LiteralCounts, boosts: list[float], total: int) -> np.ndarray:
    """BM25F scores of a literal phrase's hits, as the engine scores a word (its idf, length
    normalisation and field boosts) with the phrase's own counts: an article that says
    "the company said" four times in 300 words before one that says it once in 3,000, not
    one that says "company" often. Lengths are characters, normalised by the hits' mean.
    (Before, the engine scored the phrase's words; reading their postings was half of a
    phrase search: "interest rates" at 23k, ~13 of ~25 ms.)"""
    hits = len(counted.ids)
    if not hits:
        return np.zeros(0, dtype=np.float64)
    tf = counted.counts.astype(np.float64)
    fl = counted.lengths.astype(np.float64)
    avg = fl.mean(axis=0)
    avg[avg == 0] = 1.0
    per_field = bm25(bm25_idf(max(total, hits), hits), tf, fl, avg)
    return np.asarray(per_field @ np.array(boosts, dtype=np.float64), dtype=np.float64)


def _ordered_like(phrase_text: str) -> str:
    """A LIKE pattern that every text holding the phrase's words in order matches (LIKE folds
    ASCII case only: a word with other letters stands for any run of characters)."""
    words = re.findall(TOKEN_PATTERN, phrase_text)
    parts = [
        w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") if w.isascii() else ""
        for w in words
    ]
    return "%" + "%".join(p for p in parts if p) + "%"


def _value_mask(value: Value, fd: FacetData) -> Mask:
    facet = fd.index.facets[value.field]
    if value.ids == (-1,):
        return facet.any_mask()
    return facet.mask_for(value.ids or ())


def _scoring(node: Node | None) -> Node | None:
    """The words of a resolved query that rank its hits: values only narrow (a document
    matched through a name alone is ranked after the others), NOTs only exclude, and a
    folded word also scores the name it stands for."""
    if node is None or isinstance(node, Value | Not | Everything):
        return None
    if isinstance(node, Folded):
        names = [Phrase(tuple(_terms(label)), label) for label in node.value.labels]
        names = [n for n in names if n.terms]
        return Or((node.word, *names)) if names else node.word
    if isinstance(node, And | Or):
        kept = [s for s in (_scoring(c) for c in node.children) if s is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else type(node)(tuple(kept))
    return node


def _terms(label: str) -> list[str]:
    from search.analysis import analyse

    return analyse(label)


@frozen
class _Named:
    """A mention that a query's value or folded word matched, and what to say about it."""

    span: tuple[int, int]
    note: str
    folded: bool  # found for a bare word: only worth marking where the word is not


def _named_spans(reads: Reads, doc_ids: list[int], root: Node | None) -> dict[int, list[_Named]]:
    """Mentions of the entities the query's values and folded words name, per document,
    with a note saying what they were found for and how a spelling was folded in."""
    wanted: dict[int, tuple[Value, str, bool]] = {}  # entity id -> (value, searched, folded)
    for value, searched, folded in _named_values(root):
        if value.ids and value.ids != (-1,) and FACET_BY_NAME[value.field].is_entity:
            for eid in value.ids:
                wanted.setdefault(eid, (value, searched, folded))
    if not wanted or not doc_ids:
        return {}
    rows = reads.named_rows(doc_ids, list(wanted))
    out: dict[int, list[_Named]] = {}
    for doc_id, start, end, mention_text, eid, name in rows:
        value, searched, folded = wanted[int(eid)]
        note = ""
        if name_key(mention_text) != name_key(value.text):  # nothing to explain otherwise
            note = f"{mention_text}: {name}, found for {searched}"
            note += f" ({value.via})" if value.via else ""
        out.setdefault(int(doc_id), []).append(_Named((int(start), int(end)), note, folded))
    return out


def _named_values(node: Node | None) -> list[tuple[Value, str, bool]]:
    """(value, what the user typed for it, whether it is a folded bare word), outside NOTs."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Folded):
        return [(node.value, node.value.text, True)]
    if isinstance(node, Value):
        return [(node, f"{node.field}:{node.text}", False)]
    return [v for c in children(node) for v in _named_values(c)]


def _with_named(words: list[tuple[int, int]], named: list[_Named]) -> list[_Named]:
    """The named spans worth marking beside the word hits: a folded word's mention only
    where the word itself is not (the "Kyiv" of a search for Kiev, not "Kiev" again)."""
    return [
        n
        for n in named
        if not n.folded or not any(s < n.span[1] and n.span[0] < e for s, e in words)
    ]
