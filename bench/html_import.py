"""Real saved web pages to searchable, pages per second (issue 16: at least 30 a second).

    .venv/bin/python -m bench.html_import [--pages DIR] [--entities]

Reads the HTML dev corpus (``../shared/corpora/html-news-dev/pages``, gzipped pages as saved
by a browser), writes the pages out as ``.html`` files in a temporary folder (as a reporter's
drop would be), and imports them into a new library through ``Library.import_paths``, the
window's path: each page read in the worker processes, stored and indexed. Without
``--entities`` the clock stops when every page is searchable (the entity phase comes after,
in the background); with it, when the model has read them too. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "corpora" / "html-news-dev" / "pages"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=PAGES, help="folder of .html(.gz) pages")
    parser.add_argument("--entities", action="store_true", help="also wait for the entities")
    args = parser.parse_args()
    sources = sorted(p for p in args.pages.iterdir() if p.name.endswith((".html", ".html.gz")))
    if not sources:
        print(f"no pages in {args.pages}", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT))
    from desktop.library import Library

    with tempfile.TemporaryDirectory(prefix="sd-html-bench-") as tmp:
        drop = Path(tmp) / "drop"
        drop.mkdir()
        for src in sources:
            data = gzip.decompress(src.read_bytes()) if src.suffix == ".gz" else src.read_bytes()
            (drop / src.name.removesuffix(".gz")).write_bytes(data)
        files = sorted(drop.iterdir())
        load0 = os.getloadavg()
        with Library.open(Path(tmp) / "library") as lib:
            start = time.perf_counter()
            report = lib.import_paths(files, entities=args.entities)
            wall = time.perf_counter() - start
        print(
            json.dumps(
                {
                    "pages": len(files),
                    "imported": len(report.imported),
                    "failed": len(report.failed),
                    "duplicates": len(files) - len(report.imported) - len(report.failed),
                    "wall_s": round(wall, 2),
                    "pages_per_s": round(len(files) / wall, 1),
                    "until": "entities found" if args.entities else "searchable",
                    "load": [load0, os.getloadavg()],
                    "cpus": os.cpu_count(),
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
