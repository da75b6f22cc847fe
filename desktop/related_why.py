"""Why an article is other coverage of the same event, in words: the entities the two
share (rarest first), how far apart they were published, the distinctive words they share."""

from __future__ import annotations

import numpy as np
from sqlalchemy import select

from search.analysis import tokens

from .querying import FacetData
from .related import ENTITY_FACETS, FloatArray, RelatedArticle, _stats
from .searcher import Searcher
from .store.models import Document

SHOWN = 3  # names per kind in the sentence


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
        docs = {
            d.id: d for d in session.scalars(select(Document).where(Document.id.in_(chosen)))
        }
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
    from collections import Counter

    from .related import _text

    text = _text(searcher, doc_id)
    seen: dict[str, Counter[str]] = {}
    for term, start, end in tokens(text):
        seen.setdefault(term, Counter())[text[start:end].lower()] += 1
    return {term: forms.most_common(1)[0][0] for term, forms in seen.items()}
