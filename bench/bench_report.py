"""Markdown tables for docs/performance.md from one or more ``bench.py --out`` JSON files.

    .venv/bin/python bench/bench_report.py RUN.json [RUN.json ...]

One column per (run, engine), Recoll beside them, and the targets (met / not met).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

#: The query kinds of the side-by-side pass (``bench.py``: each query asked of the library
#: and of Recoll one right after the other).
SIDE_KINDS = (
    ("all", "every kind"),
    ("word", "words"),
    ("and", "AND"),
    ("phrase", "phrases"),
    ("field", "field queries"),
)

ROWS: tuple[tuple[str, str, str, str], ...] = (
    # label, our key, recoll key, target
    ("articles in the library", "corpus_docs", "", ""),
    ("import, files to searchable (articles/s)", "import_docs_per_s", "index_docs_per_s", ">= 150"),
    ("time to searchable (s)", "time_to_searchable_s", "index_s", ""),
    ("import CPU per article, all processes (ms)", "phase1_cpu_ms_per_doc", "", ""),
    ("load average (1 min) at the end of the import", "phase1_load_end", "load_end", ""),
    ("entities phase (articles/s)", "entities_docs_per_s", "", ">= 100"),
    ("time to entities (s)", "time_to_entities_s", "", ""),
    ("entities: writer CPU per article (ms)", "phase2_writer_cpu_ms_per_doc", "", ""),
    ("search p50 (ms)", "search_p50_ms", "query_p50", ""),
    ("search p95 (ms)", "search_p95_ms", "query_p95", "<= 50"),
    ("search p95, words (ms)", "search_word_p95_ms", "word_p95", ""),
    ("search p95, AND (ms)", "search_and_p95_ms", "and_p95", ""),
    ("search p95, phrases (ms)", "search_phrase_p95_ms", "phrase_p95", ""),
    (
        "search p95, field queries: place: actor: source: title: (ms)",
        "search_field_p95_ms",
        "field_p95",
        "",
    ),
    *(
        (
            f"side by side with Recoll: search p95, {label} (ms)",
            f"side_{k}_p95",
            f"side_{k}_p95",
            "",
        )
        for k, label in SIDE_KINDS
    ),
    ("whole `search --json` process p50 (ms)", "cli_search_p50_ms", "query_p50", "<= 150"),
    ("whole `search --json` process p95 (ms)", "cli_search_p95_ms", "query_p95", ""),
    ("whole `search` process CPU p50 (ms)", "cli_search_cpu_p50_ms", "", ""),
    ("4 facet counts p95 (ms)", "facets_p95_ms", "", "<= 50"),
    ("open document p95 (ms)", "open_doc_p95_ms", "", "<= 30"),
    ("cold start to window (s, median)", "cold_start_s", "", "<= 1.5"),
    ("window shown to its first answer (s)", "gui_first_answer_s", "", ""),
    ("idle RSS, window (MB)", "idle_rss_mb", "", "<= 400"),
    ("peak RSS, importing process (MB)", "peak_import_rss_mb", "index_peak_rss_mb", ""),
    ("peak RSS, with worker processes (MB)", "peak_import_tree_rss_mb", "", ""),
    ("index (MB)", "index_mb", "index_mb", ""),
    ("library (MB)", "library_mb", "", ""),
    ("GUI thread longest stall (ms)", "gui_max_stall_ms", "", "<= 50"),
)


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.1f}" if abs(v) >= 10 else f"{v:.2f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _met(v: Any, target: str) -> str:
    if v is None or not target:
        return ""
    op, limit = target.split()
    ok = v <= float(limit) if op == "<=" else v >= float(limit)
    return " ✓" if ok else " ✗"


def side_values(run: dict[str, Any], who: str) -> dict[str, Any]:
    """The side-by-side pass's p95 of each kind, ``who``: "ours_ms" or "recoll_ms"."""
    times = (run.get("side_by_side") or {}).get(who) or {}
    return {f"side_{k}_p95": (times.get(k) or {}).get("p95") for k, _ in SIDE_KINDS}


def engine_values(run: dict[str, Any], engine: str) -> dict[str, Any]:
    e = dict(run["engines"][engine])
    if engine == run.get("engine"):  # the pass asks the run's first engine
        e.update(side_values(run, "ours_ms"))
    e["corpus_docs"] = run["corpus_docs"]
    imp = e.get("import") or {}
    e["phase1_cpu_ms_per_doc"] = imp.get("phase1_cpu_ms_per_doc")
    e["phase2_writer_cpu_ms_per_doc"] = imp.get("phase2_writer_cpu_ms_per_doc")
    e["phase1_load_end"] = (imp.get("phase1_load") or [[], [None]])[-1][0]
    gui = e.get("gui") or {}
    stalls = [(gui.get(k) or {}).get("max_stall_ms") for k in ("search", "import")]
    stalls = [s for s in stalls if s is not None]
    e["gui_max_stall_ms"] = max(stalls) if stalls else None
    return e


def recoll_values(run: dict[str, Any]) -> dict[str, Any] | None:
    rc = run.get("recoll") or {}
    if "query_ms" not in rc:
        return None
    return {
        **rc,
        "load_end": (rc.get("load") or [[], [None]])[-1][0],
        "query_p50": rc["query_ms"]["all"]["p50"],
        "query_p95": rc["query_ms"]["all"]["p95"],
        **{
            f"{k}_p95": (rc["query_ms"].get(k) or {}).get("p95")
            for k in ("word", "and", "phrase", "field")
        },
        **side_values(run, "recoll_ms"),
    }


def table(runs: list[dict[str, Any]]) -> str:
    cols: list[tuple[str, dict[str, Any], bool]] = []
    for run in runs:
        n = run["corpus_docs"]
        for engine, e in run["engines"].items():
            if "error" in e:
                continue
            cols.append((f"{engine} {n:,}", engine_values(run, engine), False))
        rc = recoll_values(run)
        if rc:
            cols.append((f"Recoll {n:,}", rc, True))
    head = "| | " + " | ".join(c[0] for c in cols) + " | target |"
    sep = "|---" * (len(cols) + 2) + "|"
    lines = [head, sep]
    for label, key, rkey, target in ROWS:
        cells = []
        for _, values, is_recoll in cols:
            if is_recoll:
                v = values.get(rkey) if rkey else None
                cells.append(_fmt(v) if key != "corpus_docs" else "")
            else:
                v = values.get(key)
                cells.append(_fmt(v) + _met(v, target))
        if all(c in ("–", "") for c in cells):
            continue  # a figure none of these runs has (e.g. entities with --no-entities)
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target or ''} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    runs = [json.loads(Path(p).read_text()) for p in argv]
    print(table(runs))
    for run in runs:
        print(
            f"\n- {run['corpus_docs']:,} articles: `{run['command']}`, {run['date']}, "
            f"load {run.get('load_avg_start')} → {run.get('load_avg_end')}, "
            f"{run.get('bench_wall_s')} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
