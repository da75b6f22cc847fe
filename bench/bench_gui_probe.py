"""Runs the real window (``desktop.app.main``, what ``sourcedesk-gui`` runs) in this process and
reports on stdout, one line each, prefixed ``bench-gui:``:

- ``shown {"t_since_exec_s": …, "spacy": bool}`` when the first main window is shown;
- with ``--drive``: a JSON line with the GUI thread's longest stalls while the window runs a
  query mix and (with ``--import DIR``) imports a folder, and the window process's idle RSS.

The probe creates the QApplication itself (``desktop.app.create_application`` then reuses
it) so that it can watch for the first ``Show`` event of a ``QMainWindow``; nothing else of
the app is changed. The bench starts it as ``QT_QPA_PLATFORM=offscreen python
bench/bench_gui_probe.py --library DIR`` with a private XDG_CONFIG_HOME (QSettings).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import sys
import time
from pathlib import Path

STARTED = time.monotonic()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PREFIX = "bench-gui:"


def since_exec() -> float | None:
    """Seconds since this process was exec'd (Linux /proc), interpreter start-up included."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tree_rss_mb() -> float:
    """This process plus its children (entity workers)."""
    total = rss_mb()
    for task in Path("/proc/self/task").iterdir():
        try:
            kids = (task / "children").read_text().split()
        except OSError:
            continue
        for kid in kids:
            with contextlib.suppress(OSError):
                total += rss_mb(kid)
    return total


def emit(kind: str, payload: dict[str, object]) -> None:
    print(f"{PREFIX} {kind} {json.dumps(payload)}", flush=True)


class Heartbeat:
    """A 10 ms timer on the GUI thread; a late tick means the GUI thread was busy."""

    def __init__(self, interval_ms: int = 10) -> None:
        from PySide6.QtCore import QTimer

        self.interval = interval_ms / 1000
        self.last = time.perf_counter()
        self.gaps: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(max(0.0, now - self.last - self.interval))
        self.last = now

    def start(self) -> None:
        self.gaps.clear()
        self.last = time.perf_counter()
        self.timer.start()

    def take(self) -> dict[str, object]:
        gaps = sorted(self.gaps)
        self.gaps = []
        if not gaps:
            return {"ticks": 0}
        return {
            "ticks": len(gaps),
            "max_stall_ms": round(gaps[-1] * 1000, 1),
            "p99_stall_ms": round(gaps[int(0.99 * (len(gaps) - 1))] * 1000, 1),
            "stalls_over_50ms": sum(1 for g in gaps if g > 0.05),
        }


def drive(window: object, app: object, args: argparse.Namespace) -> None:
    """Search and import through the window while the heartbeat watches the GUI thread."""
    from dataclasses import replace

    from PySide6.QtCore import QEventLoop, QTimer

    from desktop.querying import SearchRequest

    out: dict[str, object] = {}
    queries = json.loads(args.queries) if args.queries else ["oil"]
    beat = Heartbeat()

    def wait_for(signal: object, timeout_ms: int) -> bool:
        loop = QEventLoop()
        got = []

        def done(*_: object) -> None:
            got.append(1)
            loop.quit()

        signal.connect(done)  # type: ignore[attr-defined]
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        with contextlib.suppress(RuntimeError, TypeError):
            signal.disconnect(done)  # type: ignore[attr-defined]
        return bool(got)

    def settle(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    try:
        # the first answer's wait: from the window shown to its first results and counts
        # (at 100,000 articles 2.4 s when the facet arrays were counted from the store)
        shown_at = time.perf_counter()
        first: list[float] = []

        def answered(*_: object) -> None:
            if not first:
                first.append(time.perf_counter() - shown_at)

        window.searcher.finished.connect(answered)  # type: ignore[attr-defined]
        beat.start()  # opening: the first search, the facets, whatever is deferred after the show
        settle(3000)
        out["open"] = beat.take()
        if not first:
            wait_for(window.searcher.finished, 30_000)  # type: ignore[attr-defined]
        out["open"]["first_answer_s"] = round(first[0], 2) if first else None  # type: ignore[index]
        out["rss_after_show_mb"] = round(rss_mb(), 1)
        out["spacy_after_settle"] = "spacy" in sys.modules
        searcher = window.searcher  # type: ignore[attr-defined]
        beat.start()  # the same heartbeat with nothing to do: what the machine's load costs
        settle(3000)
        out["idle_baseline"] = beat.take()
        beat.start()
        answered = 0
        t0 = time.perf_counter()
        for q in queries:
            window.set_request(replace(SearchRequest(), query=q))  # type: ignore[attr-defined]
            answered += wait_for(searcher.finished, 10_000)
        out["search"] = {
            **beat.take(),
            "queries": len(queries),
            "answered": answered,
            "wall_s": round(time.perf_counter() - t0, 2),
        }
        settle(1000)
        out["idle_rss_mb"] = round(rss_mb(), 1)
        if args.curate:  # ignore an entity of the facets through the window, then undo it
            facet, value = args.curate.split(":", 1)
            window.set_request(replace(SearchRequest(), query=value))  # type: ignore[attr-defined]
            wait_for(searcher.finished, 10_000)
            beat.start()
            t0 = time.perf_counter()
            ops = window.ops  # type: ignore[attr-defined]
            window.curator.request_for_value("ignore", facet, value)  # type: ignore[attr-defined]
            ignored = wait_for(ops.changed, 60_000) and wait_for(searcher.finished, 60_000)
            window.curator.undo()  # type: ignore[attr-defined]
            undone = wait_for(ops.changed, 60_000) and wait_for(searcher.finished, 60_000)
            out["curate"] = {
                **beat.take(),
                "what": f"ignore {facet} {value!r}, then undo, each with the search redone",
                "ignored": bool(ignored),
                "undone": bool(undone),
                "wall_s": round(time.perf_counter() - t0, 2),
            }
        if args.import_dir:
            peak = [tree_rss_mb()]
            sampler = QTimer()
            sampler.setInterval(250)
            sampler.timeout.connect(lambda: peak.append(tree_rss_mb()))
            sampler.start()
            beat.start()
            t0 = time.perf_counter()
            started = window.import_paths([args.import_dir], quiet=True)  # type: ignore[attr-defined]
            finished = started and wait_for(window.importer.finished, args.import_timeout * 1000)  # type: ignore[attr-defined]
            sampler.stop()
            out["import"] = {
                **beat.take(),
                "started": bool(started),
                "finished": bool(finished),
                "wall_s": round(time.perf_counter() - t0, 2),
                "peak_tree_rss_mb": round(max(peak), 1),
            }
            # idle: the refresh the import's end asked for answered (at 100k ~1.5 s after
            # the import; measured 1 s after the end, the memory was the refresh's at work)
            t_idle = time.perf_counter()
            while not window.idle and time.perf_counter() - t_idle < 60:  # type: ignore[attr-defined]
                settle(50)
            out["import"]["idle_after_s"] = round(time.perf_counter() - t_idle, 2)  # type: ignore[index]
            settle(1000)
            out["idle_rss_after_import_mb"] = round(rss_mb(), 1)
            out["spacy_after_import"] = "spacy" in sys.modules
    except Exception as exc:  # report, never hang the bench
        out["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        beat.timer.stop()
        emit("drive", out)
        window.close()  # type: ignore[attr-defined]
        app.quit()  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--library", required=True)
    parser.add_argument("--drive", action="store_true")
    parser.add_argument("--queries", default="")
    parser.add_argument("--import-dir", default="")
    parser.add_argument("--curate", default="", help="FACET:VALUE to ignore and restore")
    parser.add_argument("--import-timeout", type=int, default=600)
    args = parser.parse_args()

    from desktop import app as gui

    qapp = gui.create_application([sys.argv[0]])
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    state: dict[str, object] = {}

    class FirstShow(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if (
                "window" not in state
                and event.type() == QEvent.Type.Show
                and isinstance(obj, QMainWindow)
                and obj.isWindow()
            ):
                state["window"] = obj
                # An application-wide filter sends every event of every widget through
                # Python; the app has none, and the probe's would make the GUI thread wait
                # for the interpreter at each event while a search thread runs: it goes
                # once it has seen the window.
                QTimer.singleShot(0, lambda: qapp.removeEventFilter(self))  # type: ignore[attr-defined]
                emit(
                    "shown",
                    {
                        "t_since_exec_s": since_exec(),
                        "t_since_probe_start_s": time.monotonic() - STARTED,
                        "spacy": "spacy" in sys.modules,
                        "rss_mb": round(rss_mb(), 1),
                        "cpu_s": round(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), 3),
                    },
                )
                if args.drive:
                    QTimer.singleShot(0, lambda: drive(obj, qapp, args))
                else:
                    QTimer.singleShot(0, obj.close)
                    QTimer.singleShot(0, qapp.quit)  # type: ignore[attr-defined]
            return False

    watcher = FirstShow()
    qapp.installEventFilter(watcher)  # type: ignore[attr-defined]
    code = gui.main(["--library", args.library])
    return code


if __name__ == "__main__":
    sys.exit(main())
