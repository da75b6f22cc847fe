#!/usr/bin/env python3
"""Measures the bundle for packaging/README.md: sizes, and the time from launch to the
first window shown, cold (page cache dropped, as root) and warm (median of 5).

    python3 scripts/bundle-measure.py [--bundle dist/Sourcedesk] [--runs 5] [--cold 3]

The window runs offscreen (QT_QPA_PLATFORM=offscreen) with SOURCEDESK_SMOKE_TEST=1: the
app prints a line when the main window is shown and then closes it. The time is taken
here, from just before the process is started to the moment that line arrives, on a library
holding the five sample articles (built with the bundle's own command line first).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SMOKE_PREFIX = "sourcedesk-smoke:"
SMOKE_ENV, CLOSE_ENV = "SOURCEDESK_SMOKE_TEST", "SOURCEDESK_SMOKE_CLOSE_MS"


def drop_caches() -> bool:
    """Empty the page cache so the next launch reads the bundle from disk (root only)."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def window_time(cmd: list[str], library: Path) -> tuple[float, str]:
    """Seconds from exec to the app's 'window shown' line; and that line."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", SMOKE_ENV: "1", CLOSE_ENV: "0"}
    with tempfile.TemporaryFile("w+") as errors:
        start = time.perf_counter()
        with subprocess.Popen(
            [*cmd, "--library", str(library)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        ) as proc:
            assert proc.stdout is not None
            elapsed, line = None, ""
            for line in proc.stdout:
                if line.startswith(SMOKE_PREFIX):
                    elapsed = time.perf_counter() - start
                    break
            proc.stdout.read()
            status = proc.wait(timeout=60)
        if elapsed is None or status != 0:
            errors.seek(0)
            raise SystemExit(f"{cmd[-1]}: exit status {status}, no window\n{errors.read()[-2000:]}")
    return elapsed, line.strip()


def cli_time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def human(n_bytes: float) -> str:
    return f"{n_bytes / 1e6:.0f} MB"


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def report_sizes(bundle: Path) -> None:
    du = subprocess.check_output(["du", "-sh", str(bundle)], text=True).split()[0]
    print(f"bundle   {bundle}: {human(tree_size(bundle))} (du -sh: {du})")
    for archive in sorted(bundle.parent.glob("Sourcedesk-*-linux-*.tar.gz")):
        print(f"archive  {archive.name}: {human(archive.stat().st_size)}")
    load = os.getloadavg()[0]
    print(f"machine  {os.cpu_count()} cores, load average {load:.1f}")


def series(times: list[float]) -> str:
    runs = ", ".join(f"{t:.2f}" for t in times)
    return f"median {statistics.median(times):.2f} s ({runs})"


def report_window(name: str, cmd: list[str], library: Path, cold_runs: int, runs: int) -> None:
    cold: list[float] = []
    for _ in range(cold_runs):
        if not drop_caches():
            break
        cold.append(window_time(cmd, library)[0])
    warm, line = [], ""
    for _ in range(runs):
        elapsed, line = window_time(cmd, library)
        warm.append(elapsed)
    cold_text = f"cold {series(cold)}" if cold else "cold: not measured (needs root)"
    print(f"window   {name}: {cold_text}; warm {series(warm)}")
    print(f"         last run said: {line}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bundle", type=Path, default=ROOT / "dist" / "Sourcedesk")
    ap.add_argument("--runs", type=int, default=5, help="warm launches (median)")
    ap.add_argument("--cold", type=int, default=3, help="cold launches (median)")
    ap.add_argument("--venv", action="store_true", help="also time the source tree's launcher")
    args = ap.parse_args()
    exe = str(args.bundle / "sourcedesk")
    seeds = str(args.bundle / "_internal" / "seeds")
    if not Path(exe).exists():
        raise SystemExit(f"no bundle at {args.bundle}: run `make bundle`")
    report_sizes(args.bundle)
    with tempfile.TemporaryDirectory(prefix="sourcedesk-measure-") as tmp:
        library = Path(tmp) / "library"
        subprocess.run([exe, "--library", str(library), "import", seeds], check=True)
        report_window("bundle", [exe], library, args.cold, args.runs)
        if args.venv:
            launcher = [str(ROOT / ".venv/bin/python"), str(ROOT / "packaging/launcher.py")]
            report_window("source tree", launcher, library, args.cold, args.runs)
        search = [cli_time([exe, "--library", str(library), "search", "Kherson"])]
        search += [cli_time([exe, "--library", str(library), "search", "Kherson"]) for _ in "1234"]
        print(f"cli      `sourcedesk search Kherson`, warm {series(search)}")
        if drop_caches():
            t = cli_time([exe, "--library", str(Path(tmp) / "second"), "import", seeds])
            print(
                f"cli      `sourcedesk import` of the 5 seeds, cold (with the NER model): {t:.2f} s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
