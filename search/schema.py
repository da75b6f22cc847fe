"""The Whoosh schema and the plain document every index is written from."""

from __future__ import annotations

import math
import struct
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import accumulate
from operator import sub
from typing import Any

from whoosh.analysis import Analyzer
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, TEXT, Schema
from whoosh.formats import Positions

from .analysis import whoosh_analyzer, whoosh_terms
from .frozen import frozen

#: The fields a bare word searches, with their boosts.
DEFAULT_FIELDS = {"title": 2.0, "text": 1.0}
#: BM25F's term-frequency saturation and length normalisation (Whoosh's defaults).
BM25_K1, BM25_B = 1.2, 0.75


def bm25_idf(documents: int, holding: int) -> float:
    """Whoosh's BM25F idf of what ``holding`` of ``documents`` hold (a term, a phrase)."""
    return math.log(documents / (holding + 1)) + 1


def bm25(idf: float, tfs: Any, lengths: Any, average: Any) -> Any:
    """Whoosh's BM25F score of frequencies ``tfs`` in fields of ``lengths`` (numpy arrays,
    ``average`` the fields' mean length): the engine's words and a literal phrase's
    counts (desktop/searcher.py) are scored by this one formula."""
    saturation = BM25_K1 * ((1 - BM25_B) + BM25_B * lengths / average)
    return idf * (tfs * (BM25_K1 + 1)) / (tfs + saturation)


def text_analyzer() -> Analyzer:
    """Stemmed words that keep stop words, so "when run" stays a real phrase."""
    return whoosh_analyzer()


class ArrayPositions(Positions):
    """Whoosh's positions, stored as a count and big-endian uint32 deltas instead of a pickle.

    Same header as Whoosh's own (the count), so frequencies read as before; the
    deltas of many documents can be decoded by numpy at once (phrase checks).
    """

    def word_values(
        self, value: Any, analyzer: Analyzer, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        """Each term's frequency, weight and positions in ``value``, found in one pass.

        The terms are the analyzer's (``whoosh_analyzer``: the tokenizer's pattern, lower
        case, the stem; ``tests/unit/test_search_engines`` holds the two to the same terms),
        without a Token object passed through three generators for every word: half the
        time (0.33 -> 0.16 ms a Reuters article, stems cached)."""
        if not isinstance(value, str):  # pre-tokenised values: Whoosh's own way
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost, encode = self.field_boost, self.encode
        for term, poslist in term_positions(value).items():
            yield term, len(poslist), len(poslist) * boost, encode(poslist)

    def encode(self, poslist: Iterable[int]) -> bytes:
        """Positions (ascending) -> bytes."""
        if isinstance(poslist, list) and poslist:
            n = len(poslist)
            if n == 1:  # most of a text's terms
                return ONE_POSITION.pack(1, poslist[0])
            return struct.pack(f"!I{n}I", n, poslist[0], *map(sub, poslist[1:], poslist))
        deltas: list[int] = []
        base = 0
        for pos in poslist:
            deltas.append(pos - base)
            base = pos
        return struct.pack(f"!I{len(deltas)}I", len(deltas), *deltas)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        """Bytes -> positions."""
        n = struct.unpack("!I", valuestring[:4])[0]
        return list(accumulate(struct.unpack(f"!{n}I", valuestring[4 : 4 + 4 * n])))


#: The bytes of a term's one position (a new bytes object each: one shared by postings of a
#: block would be pickled as a reference, no longer Whoosh's bytes).
ONE_POSITION = struct.Struct("!II")


def term_positions(text: str) -> dict[str, list[int]]:
    """Each term of ``text`` and its positions, in the order the terms first occur."""
    positions: defaultdict[str, list[int]] = defaultdict(list)
    for pos, term in enumerate(whoosh_terms(text)):
        positions[term].append(pos)
    return positions


def _text_field(analyzer: Analyzer) -> TEXT:
    # a word the analysis splits ("well-known", "partisan's") is searched as a phrase
    f = TEXT(analyzer=analyzer, phrase=True, multitoken_query="phrase")
    f.format = ArrayPositions(field_boost=1.0)
    return f


def make_schema() -> Schema:
    """Nothing is stored (the store keeps it): ``id`` is for replace/delete, ``num`` a column."""
    analyzer = text_analyzer()
    return Schema(
        id=ID(unique=True),
        num=COLUMN(NumericColumn("Q")),
        title=_text_field(analyzer),
        text=_text_field(analyzer),
    )


@frozen
class IndexDoc:
    """What the index needs of one document: its id and words, no ORM objects.

    Only the article's own words: what the library knows about it (places, people,
    outlet) is answered from the store, so curating an entity never rewrites the index.
    """

    id: int
    title: str
    text: str
