"""The two files beside a folder's index that answer quoted phrases: the word pairs
(search/pairs.py: a phrase's candidates, for phrases the positions cannot say) and the word
positions (search/positions.py: a phrase's hits and their scores). Written together, in the
index's write transactions: the pairs before the engine commits, the positions right after
it (:meth:`PhraseFiles.settle`); rebuilt from the store, each only when it is missing or
incomplete."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeAlias

from .pairs import PairFile, TextRuns, folded_runs
from .positions import PositionFile, folded_tokens

#: An article as both files take it: its pairs' runs and its positions' tokens (title, text).
PhraseRuns: TypeAlias = "tuple[TextRuns, tuple[str, ...]]"


def phrase_runs(doc_id: int, texts: Sequence[str]) -> PhraseRuns:
    """An article's title and text for both files, each text folded once."""
    runs, folded = folded_runs(doc_id, texts)
    return runs, tuple(folded_tokens(f) if f else "" for f in folded)


class PhraseFiles:
    """The pairs and the positions of one index folder."""

    def __init__(self, folder: Path) -> None:
        self.pairs = PairFile(folder)
        self.positions = PositionFile(folder)

    @classmethod
    def create(cls, folder: Path, complete: bool = True) -> None:
        """Both files, empty (an empty index's)."""
        PairFile.create(folder, complete)
        PositionFile.create(folder, complete)

    def add(self, doc_id: int, texts: Sequence[str], replace: bool = True) -> None:
        """Queue an article's title and text; ``replace``: it may be in the files already."""
        self.add_runs(phrase_runs(doc_id, texts), replace)

    def add_runs(self, runs: PhraseRuns, replace: bool = False) -> None:
        """Queue an article made ready by :func:`phrase_runs` (an import's tail makes them
        while another process writes)."""
        text_runs, tokens = runs
        self.pairs.add_runs(text_runs)
        self.positions.add(text_runs[0], tokens, replace)

    def delete(self, doc_id: int) -> None:
        """Queue an article's removal (its pairs stay: they only widen the candidates)."""
        self.positions.delete(doc_id)

    def commit(self) -> None:
        """Before the index commits: write the pairs (pairs the index lacks only widen a
        phrase's candidates) and mark the positions incomplete until :meth:`settle`; never
        raises."""
        self.pairs.commit()
        self.positions.begin_commit()

    def settle(self, committed: bool) -> None:
        """After the index's commit (``committed``) or its failure: the positions written,
        or left as they were; never raises."""
        if committed:
            self.positions.commit()
        else:
            self.positions.roll_back()

    def cancel(self) -> None:
        """Forget what was queued."""
        self.positions.cancel()
        self.pairs.cancel()

    def complete(self) -> bool:
        """Whether both are complete (``sourcedesk check`` says; the window writes them)."""
        return self.pairs.complete() and self.positions.complete()

    def build(self, docs: Iterable[tuple[int, Sequence[str]]]) -> bool:
        """Write anew, from ``(id, (title, text))`` of every article, whichever file is
        missing or incomplete. False if one could not be written (a full disk)."""
        pairs, positions = not self.pairs.complete(), not self.positions.complete()
        if not positions:
            return not pairs or self.pairs.build(docs)
        if not pairs:
            return self.positions.build(docs)
        if not self.positions.begin_build():
            self.pairs.build(docs)
            return False

        fed = []

        def both() -> Iterable[TextRuns]:
            for doc_id, texts in docs:
                text_runs, tokens = phrase_runs(doc_id, texts)
                self.positions.add(doc_id, tokens, replace=False)
                yield text_runs
            fed.append(True)

        built = self.pairs.build_runs(both())
        if not fed:  # the pairs stopped before the last article: the positions stay incomplete
            self.positions.cancel()
            return False
        return self.positions.end_build() and built

    def close(self) -> None:
        """Release both."""
        self.positions.close()
        self.pairs.close()
