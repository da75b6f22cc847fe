"""Micro-benchmark of the search engines on real news text replicated to any size.

``python bench/microbench.py --engine whoosh --docs 100000 --index /tmp/ix-w100k``
builds (unless the index is already there) an index from the Reuters-21578 and BBC
articles in ``../shared/corpora`` (each article repeated with its sentences
rotated and one dropped, so copies differ a little), then times queries of
several kinds and prints p50/p95 in milliseconds. Facet counts use the same
numpy arrays the library uses, filled with the articles' Reuters place, people
and org codes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import numpy as np

from search import FacetIndex, IndexDoc, open_index, parse
from search.facets import IdArray

CORPORA = Path(
    os.environ.get("SOURCEDESK_CORPORA", Path(__file__).resolve().parents[2] / "shared" / "corpora")
)
FACET_CODES = {"place": "p", "actor": "a", "source": "s"}
_WORD = re.compile(r"[a-z]+")


def base_articles(corpora: Path = CORPORA) -> list[dict]:
    """The real articles: title, text, places, actors, source."""
    out: list[dict] = []
    with gzip.open(corpora / "reuters21578" / "reuters21578_dev.jsonl.gz", "rt") as f:
        for line in f:
            r = json.loads(line)
            if (r.get("body") or "").strip():
                people = r.get("people", []) + r.get("orgs", [])
                out.append(
                    dict(
                        title=r.get("title") or "",
                        text=r["body"],
                        places=r.get("places", []),
                        actors=people,
                        source="reuters",
                    )
                )
    with gzip.open(corpora / "bbc-news-2004-2005" / "bbc_news.jsonl.gz", "rt") as f:
        for line in f:
            r = json.loads(line)
            out.append(
                dict(
                    title=r["title"],
                    text=r["text"],
                    places=[],
                    actors=[],
                    source="bbc-" + r.get("category", ""),
                )
            )
    return out


def synthetic_docs(n: int, base: list[dict]) -> Iterator[tuple[IndexDoc, dict]]:
    """``n`` documents: the base articles, then copies with light variation; each comes with
    its article (and its facet values as ``codes``: facet -> value ids)."""
    codes: dict[str, int] = {}

    def tok(kind: str, value: str) -> int:
        return codes.setdefault(kind + value, len(codes))

    for i in range(n):
        art = base[i % len(base)]
        text = art["text"]
        if i >= len(base):
            rng = random.Random(i)
            sents = re.split(r"(?<=[.!?])\s+", text)
            if len(sents) > 2:
                k = rng.randrange(1, len(sents))
                sents = sents[k:] + sents[:k]
                del sents[rng.randrange(len(sents))]
            text = " ".join(sents)
        doc = IndexDoc(id=i + 1, title=art["title"], text=text)
        values = {
            "place": [tok("p", p) for p in art["places"]],
            "actor": [tok("a", a) for a in art["actors"]],
            "source": [tok("s", art["source"])],
        }
        yield doc, {**art, "codes": values}


def pick_queries(base: list[dict], seed: int = 7) -> dict[str, list[str]]:
    """Queries of each kind, drawn from the corpus by document frequency."""
    rng = random.Random(seed)
    df: Counter[str] = Counter()
    sample = base[:3000]
    for art in sample:
        df.update(set(_WORD.findall(art["text"].lower())))
    n = len(sample)
    words = sorted(df)
    common = [w for w in words if df[w] > n * 0.08]
    medium = [w for w in words if n * 0.005 < df[w] <= n * 0.08]
    rare = [w for w in words if 3 <= df[w] <= n * 0.005]
    phrases: list[str] = []
    while len(phrases) < 60:
        toks = _WORD.findall(rng.choice(sample)["text"].lower())
        if len(toks) > 4:
            j = rng.randrange(len(toks) - 3)
            phrases.append('"' + " ".join(toks[j : j + rng.choice((2, 2, 3))]) + '"')
    return {
        "word common": rng.sample(common, 30),
        "word medium": rng.sample(medium, 40),
        "word rare": rng.sample(rare, 30),
        "phrase": phrases,
        "two words": [f"{rng.choice(medium)} {rng.choice(medium)}" for _ in range(40)],
        "or / not": [f"{rng.choice(medium)} OR {rng.choice(medium)}" for _ in range(20)]
        + [f"{rng.choice(common)} -{rng.choice(medium)}" for _ in range(20)],
        "prefix": [rng.choice(medium)[:4] + "*" for _ in range(30)],
    }


def _pct(xs: list[float]) -> str:
    xs = sorted(xs)
    p95 = xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]
    return f"{statistics.median(xs):7.1f} {p95:7.1f}"


def _time(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def main(argv: list[str] | None = None) -> None:
    """Build (if needed) and time one engine."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--engine", default="whoosh")
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--kinds", default="")
    args = ap.parse_args(argv)
    base = base_articles()
    ix = open_index(args.index, args.engine)
    facet_pairs: dict[str, list[tuple[int, int]]] = {"place": [], "actor": [], "source": []}
    docs = synthetic_docs(args.docs, base)
    if ix.doc_count() != args.docs:
        ix.clear()
        ready = [d for d, _ in docs]
        t = time.perf_counter()
        ix.add_all(ready)
        del ready
        took = time.perf_counter() - t
        print(f"build {args.docs} docs: {took:.1f} s, {args.docs / took:.0f} docs/s")
        docs = synthetic_docs(args.docs, base)
    for d, art in docs:
        for name, values in art["codes"].items():
            facet_pairs[name].extend((d.id, v) for v in values)
    n = args.docs + 1
    facets = FacetIndex(n, list(range(1, n)), facet_pairs, [])
    queries = pick_queries(base)
    warm = pick_queries(base, seed=99)  # other queries: nothing measured is cached
    for q in [q for qs in warm.values() for q in qs[:3]]:
        pq = parse(q).root
        if pq is not None:
            ix.match_ids(pq)
    rng = np.random.default_rng(1)
    allowed: IdArray = np.flatnonzero(rng.random(n) < 0.3).astype(np.int64)
    print(f"{args.engine} {args.docs} docs; ms p50 p95; each query cold (caches dropped)")
    print("ranked = top 50; allowed = top 50 among 30 % of ids; facets = match_ids + 4 counts;")
    print("search = facets, then ranked (what Library.search asks of the index)")
    cols = ("ranked", "allowed", "facets", "search")
    print(f"{'kind':12}" + "".join(f"{c:>15}" for c in cols) + "  hits")
    for kind, qs in queries.items():
        if args.kinds and kind not in args.kinds.split(","):
            continue
        times: dict[str, list[float]] = {c: [] for c in cols}
        hits: list[int] = []
        for text in qs:
            pq = parse(text).root
            if pq is None:
                continue
            ix.drop_caches()
            times["ranked"].append(_time(partial(ix.ranked, pq, None, 50)))
            ix.drop_caches()
            times["allowed"].append(_time(partial(ix.ranked, pq, allowed, 50)))
            ix.drop_caches()
            t = time.perf_counter()
            ids = ix.match_ids(pq)
            facets.count_all(facets.mask_of(ids), {})
            t1 = time.perf_counter()
            ix.ranked(pq, None, 50)
            t2 = time.perf_counter()
            times["facets"].append((t1 - t) * 1000)
            times["search"].append((t2 - t) * 1000)
            hits.append(len(ids))
        row = "".join(f"{_pct(times[c]):>15}" for c in cols)
        print(f"{kind:12}{row}  {int(statistics.median(hits))}")
    ix.close()


if __name__ == "__main__":
    main()
