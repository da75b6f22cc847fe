"""Other coverage of an article's event: the library's articles most likely about it, each
with why ("same place and people, two days apart": the entities the two share, rarest
first, how far apart they were published, the distinctive words they share).

Three signals, each measured against the whole library:

- the entities two articles share (places, people, organisations), each weighted by how
  rare it is in the library (a name in ten articles says more than "Ukraine" in 10,000),
  over the facet arrays (one pass over the (document, entity) pairs);
- similar words: the article's most distinctive terms as one OR query, ranked by the
  engine (a plain "more like this");
- how many days apart they were published (when both are dated).

The article's own versions (syndicated copies) are left out: they are shown as versions.
The weights were chosen on ECB+ dev (``bench/eval_workbench.py``), where articles have no
dates and same-topic, different-event articles (two earthquakes) are the hard cases.
"""

from __future__ import annotations

import math
import weakref
from collections import Counter
from dataclasses import field
from typing import TYPE_CHECKING, TypeAlias

import numpy as np
from sqlalchemy import select

from search.analysis import analyse, tokens
from search.frozen import frozen
from search.query import Or, Term

from .querying import FacetData
from .searcher import Searcher
from .store.models import Document

if TYPE_CHECKING:
    import numpy.typing as npt

ENTITY_WEIGHT = 0.65
TEXT_WEIGHT = 0.35
TERMS = 25  # distinctive terms in the "more like this" query
TEXT_CANDIDATES = 200
MIN_SCORE = 0.05
SHOWN = 3  # names per kind in the sentence that says why
ENTITY_FACETS = ("place", "actor")
FloatArray: TypeAlias = "npt.NDArray[np.float64]"
#: words that say nothing about an event (function words, reporting verbs), as terms
STOP_WORDS = frozenset(analyse(
    "a about above after again against all also am an and any are as at be because been "
    "before being below between both but by can could did do does doing down during each "
    "few for from further had has have having he her here hers herself him himself his how "
    "i if in into is it its itself just me more most my myself no nor not now of off on once "
    "only or other our ours ourselves out over own same she should so some such than that "
    "the their theirs them themselves then there these they this those through to too under "
    "until up very was we were what when where which while who whom why will with would "
    "you your yours yourself yourselves said says say told tell according reported report "
    "reports news year years day days time times week weeks month one two three four five "
    "first last new may might must us would could get got make made many much like well "
    "still even back since however including people told"
))  # fmt: skip


@frozen
class RelatedArticle:
    """An article likely about the same event, its score and the reasons."""

    id: int
    title: str
    source: str | None
    published: object  # dt.date | None
    score: float
    why: str
    shared: tuple[str, ...] = field(default=())  # the shared entities, rarest first
    words: tuple[str, ...] = field(default=())  # shared distinctive words
    days_apart: int | None = None

    def to_json(self) -> dict[str, object]:
        """``related ID --json`` rows."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,  # type: ignore[attr-defined]
            "score": round(self.score, 3),
            "why": self.why,
            "shared": list(self.shared),
            "words": list(self.words),
            "days_apart": self.days_apart,
        }


class _Stats:
    """Per facet arrays: how rare each entity is, and each article's total entity weight."""

    def __init__(self, fd: FacetData) -> None:
        n = max(fd.library_total, 1)
        self.idf: dict[str, FloatArray] = {}
        self.total = np.zeros(fd.index.n_docs, dtype=np.float64)
        for name in ENTITY_FACETS:
            facet = fd.index.facets[name]
            df = np.bincount(facet.value_ids, minlength=facet.n_values).astype(np.float64)
            idf = np.log((n + 1) / (df + 1))
            self.idf[name] = idf
            if len(facet.doc_ids):
                self.total += np.bincount(
                    facet.doc_ids, weights=idf[facet.value_ids], minlength=fd.index.n_docs
                )
        self.df: dict[str, int] = {}


_STATS: weakref.WeakKeyDictionary[FacetData, _Stats] = weakref.WeakKeyDictionary()


def _stats(fd: FacetData) -> _Stats:
    found = _STATS.get(fd)
    if found is None:
        found = _STATS[fd] = _Stats(fd)
    return found


def entity_scores(fd: FacetData, doc_id: int) -> tuple[FloatArray, dict[str, list[int]]]:
    """Per document: the weight of the entities it shares with ``doc_id`` over the geometric
    mean of the two articles' entity weights (0..1); and the article's entity ids."""
    stats = _stats(fd)
    shared = np.zeros(fd.index.n_docs, dtype=np.float64)
    own: dict[str, list[int]] = {}
    for name in ENTITY_FACETS:
        facet = fd.index.facets[name]
        mine = np.unique(facet.value_ids[facet.doc_ids == doc_id])
        own[name] = mine.tolist()
        if not len(mine):
            continue
        hit = np.isin(facet.value_ids, mine)
        shared += np.bincount(
            facet.doc_ids[hit],
            weights=stats.idf[name][facet.value_ids[hit]],
            minlength=fd.index.n_docs,
        )
    norm = np.sqrt(stats.total * stats.total[doc_id])
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.where(norm > 0, shared / norm, 0.0)
    return np.clip(scores, 0.0, 1.0), own


def distinctive_terms(searcher: Searcher, fd: FacetData, text: str) -> list[str]:
    """The article's terms that say most about it: frequent here, rare in the library."""
    stats = _stats(fd)
    counts = Counter(
        t for t in analyse(text) if len(t) > 2 and not t.isdigit() and t not in STOP_WORDS
    )
    n = max(fd.library_total, 1)
    scored = []
    for term, tf in counts.most_common(TERMS * 3):
        df = stats.df.get(term)
        if df is None:
            df = stats.df[term] = len(searcher.index.match_ids(Term(term, term)))
        if df <= 1:  # only this article: says nothing about others
            continue
        scored.append(((1 + math.log(tf)) * math.log(n / df), term))
    return [t for _, t in sorted(scored, reverse=True)[:TERMS]]


def text_scores(searcher: Searcher, terms: list[str], limit: int) -> dict[int, float]:
    """ "More like this": the articles the distinctive terms rank best, scores 0..1."""
    if not terms:
        return {}
    ranked = searcher.index.ranked(Or(tuple(Term(t, t) for t in terms)), None, limit)
    if not ranked:
        return {}
    top = max(s for _, s in ranked) or 1.0
    return {int(i): float(s) / top for i, s in ranked}


def more_like_this(searcher: Searcher, doc_id: int, limit: int = 5) -> list[int]:
    """The plain text baseline: the articles whose words are most like this one's."""
    fd = searcher.facet_data()
    text = _text(searcher, doc_id)
    scores = text_scores(searcher, distinctive_terms(searcher, fd, text), limit + 1)
    return [i for i, _ in sorted(scores.items(), key=lambda x: -x[1]) if i != doc_id][:limit]


def _text(searcher: Searcher, doc_id: int) -> str:
    with searcher.sessions() as session:
        row = session.execute(
            select(Document.title, Document.text).where(Document.id == doc_id)
        ).first()
    if row is None:
        from .errors import NoSuchDocument

        raise NoSuchDocument(f"no document with id {doc_id}")
    return f"{row[0]}\n{row[1]}"


def related(searcher: Searcher, doc_id: int, limit: int = 5) -> list[RelatedArticle]:
    """The articles most likely about the same event as ``doc_id``, best first, with why."""
    fd = searcher.facet_data()
    text = _text(searcher, doc_id)
    ents, own = entity_scores(fd, doc_id)
    terms = distinctive_terms(searcher, fd, text)
    words = text_scores(searcher, terms, TEXT_CANDIDATES)
    combined = ENTITY_WEIGHT * ents
    if words:
        ids = np.fromiter(words, dtype=np.int64, count=len(words))
        inside = ids < len(combined)
        combined[ids[inside]] += TEXT_WEIGHT * np.fromiter(words.values(), dtype=np.float64)[inside]
    days = fd.index.dates.ordinals
    if days[doc_id] > 0:  # the same days count; far apart, less likely the same event
        apart = np.abs(days - days[doc_id]).astype(np.float64)
        factor = np.where(days > 0, 0.6 + 0.4 * np.exp(-apart / 7.0), 0.8)
        combined *= factor
    combined[doc_id] = 0.0
    combined[~fd.index.present] = 0.0
    group = fd.groups[doc_id] if doc_id < len(fd.groups) else -1
    if group >= 0:
        combined[fd.groups == group] = 0.0  # its versions are shown as versions
    order = np.argsort(-combined, kind="stable")[: limit * 6]
    chosen: list[int] = []
    groups_seen: set[int] = set()
    for i in order.tolist():
        g = int(fd.groups[i]) if i < len(fd.groups) else -1
        if combined[i] < MIN_SCORE or len(chosen) == limit:
            break
        if g >= 0 and g in groups_seen:
            continue  # one version of each story
        groups_seen.add(g)
        chosen.append(int(i))
    return explain(searcher, fd, doc_id, chosen, combined, own, terms)


def _days(n: int) -> str:
    if n == 0:
        return "the same day"
    if n == 1:
        return "one day apart"
    if n == 2:
        return "two days apart"
    return f"{n:,} days apart"


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN])
    return shown + (f" and {len(names) - SHOWN} more" if len(names) > SHOWN else "")


def explain(
    searcher: Searcher,
    fd: FacetData,
    doc_id: int,
    chosen: list[int],
    scores: FloatArray,
    own: dict[str, list[int]],
    terms: list[str],
) -> list[RelatedArticle]:
    """The chosen articles with their reasons, in the order given."""
    if not chosen:
        return []
    stats = _stats(fd)
    with searcher.sessions() as session:
        docs = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(chosen)))}
        rows = {
            i: (d.title, d.source.name if d.source else None, d.published, d.text)
            for i, d in docs.items()
        }
    ordinals = fd.index.dates.ordinals
    surface = _surface(searcher, doc_id)
    out = []
    for cid in chosen:
        if cid not in rows:
            continue
        title, source, published, text = rows[cid]
        reasons: list[str] = []
        shared_all: list[str] = []
        for name in ENTITY_FACETS:
            facet = fd.index.facets[name]
            theirs = np.unique(facet.value_ids[facet.doc_ids == cid])
            common = np.intersect1d(theirs, np.array(own.get(name, []), dtype=np.int64))
            if not len(common):
                continue
            common = common[np.argsort(-stats.idf[name][common], kind="stable")]
            labels = [label for label, _ in fd.labelled(name, common, np.zeros_like(common))]
            shared_all += labels
            what = "places" if name == "place" else "people and organisations"
            if len(labels) == 1:
                what = "place" if name == "place" else "actor"
            reasons.append(f"same {what}: {_names(labels)}")
        apart = None
        if ordinals[doc_id] > 0 and cid < len(ordinals) and ordinals[cid] > 0:
            apart = int(abs(int(ordinals[cid]) - int(ordinals[doc_id])))
            reasons.append(_days(apart))
        theirs_terms = {term for term, _, _ in tokens(f"{title}\n{text}")}
        words = tuple(surface.get(t, t) for t in terms if t in theirs_terms)[:6]
        if words:
            reasons.append("similar words: " + ", ".join(words))
        out.append(
            RelatedArticle(
                cid,
                title,
                source,
                published,
                float(scores[cid]),
                "; ".join(reasons) or "similar text",
                tuple(shared_all),
                words,
                apart,
            )
        )
    return out


def _surface(searcher: Searcher, doc_id: int) -> dict[str, str]:
    """Each term of the article as the article writes it most often ("evacuation", not
    the stem "evacu")."""
    text = _text(searcher, doc_id)
    seen: dict[str, Counter[str]] = {}
    for term, start, end in tokens(text):
        seen.setdefault(term, Counter())[text[start:end].lower()] += 1
    return {term: forms.most_common(1)[0][0] for term, forms in seen.items()}
