"""The benchmark never deletes an earlier library just before the import it measures."""

from __future__ import annotations

from pathlib import Path

from bench import bench


def test_an_earlier_library_is_moved_aside_and_deleted_after_the_run(tmp_path: Path) -> None:
    library = tmp_path / "library-whoosh"
    (library / "originals" / "ab").mkdir(parents=True)
    (library / "originals" / "ab" / "abcd").write_bytes(b"an original")
    bench.set_aside(library)
    assert not library.exists()  # the import writes a new library here
    aside = [p for p in tmp_path.iterdir() if p.name.startswith(".old-library-whoosh-")]
    assert len(aside) == 1 and (aside[0] / "originals" / "ab" / "abcd").read_bytes()
    bench.set_aside(library)  # nothing there: nothing to do
    bench.delete_set_aside(tmp_path)
    assert list(tmp_path.iterdir()) == []
