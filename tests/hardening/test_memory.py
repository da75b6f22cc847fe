"""Memory sized for a laptop: a reader that needs more than its limit fails that file alone,
big files are not copied through every process, and the entity model's working memory does
not grow with the length of a document. ``bench/import_memory.py`` measures the whole
import tree on real-world PDFs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.ingest import workers
from desktop.ingest.reasons import NEEDS_TOO_MUCH_MEMORY
from desktop.library import Library
from tests.helpers import ROOT

ARTICLE = "Port reopens in Odesa\n\nShips left the harbour of Odesa on Monday, officials said.\n"


def hungry_read(path: str) -> workers.Result:
    """Runs in a reader: a file whose parser wants 600 MB (more than a reader may have)."""
    if path.endswith("hungry.txt"):
        try:
            hog = bytearray(600 * 1024**2)
            hog[-1] = 1
        except MemoryError:
            return None, None, NEEDS_TOO_MUCH_MEMORY
    return workers.read_one(path)


def _between_two_good_files(tmp_path: Path, odd: str, read) -> workers.ReadOutcome:  # type: ignore[no-untyped-def]
    """Read a.txt, ``odd`` and b.txt with one reader running ``read``; the two good files
    must be read whatever happens to ``odd``, whose outcome is returned."""
    for name in ("a.txt", odd, "b.txt"):
        (tmp_path / name).write_text(ARTICLE.replace("Odesa", name[:-4]), "utf-8")
    with workers.ReaderPool(workers=1, read=read) as pool:
        outcomes = {o.path.name: o for o in pool.read_all(sorted(tmp_path.glob("*.txt")))}
    assert outcomes["a.txt"].article is not None and outcomes["b.txt"].article is not None
    return outcomes[odd]


def test_a_reader_over_its_memory_limit_fails_that_file_only(tmp_path: Path) -> None:
    outcome = _between_two_good_files(tmp_path, "hungry.txt", hungry_read)
    assert outcome.error == NEEDS_TOO_MUCH_MEMORY


class _TooBigToSend:
    """A result whose copy for the pipe does not fit in the reader's memory."""

    def __reduce__(self):  # type: ignore[no-untyped-def]
        raise MemoryError


def unsendable_read(path: str) -> workers.Result:
    """Runs in a reader: reads a file fine, then cannot send the result back."""
    if path.endswith("unsendable.txt"):
        return _TooBigToSend(), None, None  # type: ignore[return-value]
    return workers.read_one(path)


def test_a_result_too_big_to_send_back_fails_that_file_not_the_import(tmp_path: Path) -> None:
    """Two whole imports of 748 real PDFs stopped with 'unexpected error (MemoryError)': the
    reader ran out of memory pickling its result, and the executor raised it here."""
    outcome = _between_two_good_files(tmp_path, "unsendable.txt", unsendable_read)
    assert outcome.error == NEEDS_TOO_MUCH_MEMORY


PDF_UNDER_A_LIMIT = """
import resource, sys
from pathlib import Path
from tests.unit.test_readers import make_pdf
from desktop.ingest.article import ReadError
from desktop.ingest.readers import read_article
import desktop.ingest.readers.pdf, pypdf  # loaded before the limit, as in a reader

line = "Officials in Kherson said the grain port reopened on Monday morning after repairs."
data = make_pdf([[line] * 400 for _ in range(300)])  # 300 pages, 10 MB of text
if sys.argv[1] == "limited":
    used = int(Path("/proc/self/statm").read_text().split()[5]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_DATA, (used + 25 * 1024**2, used + 25 * 1024**2))
try:
    print("read", len(read_article(Path("manual.pdf"), data).text))
except ReadError as exc:
    print(exc)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_DATA bounds a reader on Linux")
def test_a_pdf_over_the_readers_memory_is_not_called_invalid() -> None:
    """pgfmanual.pdf (1,300 pages) failed as 'not a valid PDF: MemoryError' in the import of
    748 real PDFs, blaming a good file for the reader's limit."""
    said = {}
    for how in ("limited", "free"):
        res = subprocess.run(
            [sys.executable, "-c", PDF_UNDER_A_LIMIT, how],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert res.returncode == 0, res.stderr[-2000:]
        said[how] = res.stdout.strip()
    assert said["limited"] == NEEDS_TOO_MUCH_MEMORY
    assert said["free"].startswith("read ")  # the same PDF reads without the limit


def test_a_big_file_is_stored_whole_without_travelling_through_the_pipe(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    line = "Officials in Kherson said the grain port reopened on Monday morning.\n"
    big.write_text("Big report\n\n" + line * (workers.SEND_BYTES_UP_TO // len(line) + 10), "utf-8")
    data = big.read_bytes()
    assert len(data) > workers.SEND_BYTES_UP_TO
    assert isinstance(workers.read_one(str(big))[0], workers.OnDisk)  # only its hash comes back
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([big], entities=False)
        assert len(report.imported) == 1, report.failed
        assert lib.original_file(report.imported[0].id).read_bytes() == data


def test_a_file_changed_while_it_was_read_is_not_stored_half_old(tmp_path: Path) -> None:
    path = tmp_path / "moving.txt"
    path.write_bytes(b"after")
    seen = workers.OnDisk("0" * 64, 6)  # what the reader hashed before the file changed
    outcome = workers._outcome(path, (seen, None, None))
    assert outcome.data is None
    assert outcome.error == "the file changed while it was being imported; import it again"


NER_MEMORY = """
import glob, resource, sys
from pathlib import Path
from desktop.entities import ner

text = ("Officials in Kyiv and Kharkiv met Ivan Fedorov of the Red Cross on Monday. " * 40
        + "\\n\\n") * 150  # about 450,000 characters, in paragraphs
ner.load_model()
loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
spans = ner.ner_spans(text)
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - loaded
print(len(text), len(spans), grown // 1024)
"""


@pytest.mark.slow
def test_the_models_working_memory_stays_flat_on_a_long_document() -> None:
    res = subprocess.run(
        [sys.executable, "-c", NER_MEMORY],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr
    chars, spans, grown_mb = (int(v) for v in res.stdout.split())
    assert chars > 400_000 and spans > 1000
    assert grown_mb < 450, f"the model took {grown_mb} MB more for one long document"
