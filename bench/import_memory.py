"""Memory of an import's whole process tree (Linux), on a folder of real-world files.

    .venv/bin/python -m bench.import_memory FOLDER [--library DIR] [--every 0.2]
    .venv/bin/python -m bench.import_memory LIBRARY --reextract   # the entity phase alone

Runs ``sourcedesk import FOLDER`` into a new library (or DIR) as its own session and
samples every process of that session (the command, its readers, the entity workers,
multiprocessing's resource tracker) from ``/proc``: the peak of the tree's summed RSS,
of its summed PSS (shared pages counted once, split between their users), and of the
largest single process, with the phase it happened in. Prints the figures; times too.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


def _session(sid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                pids.append(int(entry))
    return pids


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes, from smaps_rollup."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


def _name(pid: int) -> str:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "?"
    if "resource_tracker" in cmd:
        return "resource tracker"
    if "spawn_main" in cmd:
        return "worker"
    if "forkserver" in cmd:
        return "entity worker or its fork server"
    return "import command"


class _Peak:
    """The highest figures seen in one phase."""

    def __init__(self) -> None:
        self.rss = self.pss = self.one = self.procs = 0
        self.one_what = ""

    def sample(self, sizes: dict[int, tuple[int, int]]) -> None:
        self.procs = max(self.procs, len(sizes))
        self.rss = max(self.rss, sum(r for r, _ in sizes.values()))
        self.pss = max(self.pss, sum(p for _, p in sizes.values()))
        for pid, (rss, _) in sizes.items():
            if rss > self.one:
                self.one, self.one_what = rss, _name(pid)


def _model_loaded(pids: list[int]) -> bool:
    """True once a process of the import has the entity model's code (thinc) mapped."""
    for pid in pids:
        try:
            if "/thinc/" in Path(f"/proc/{pid}/maps").read_text():
                return True
        except OSError:
            continue
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--library", help="library folder (default: a new temporary one)")
    parser.add_argument("--every", type=float, default=0.2, help="seconds between samples")
    parser.add_argument(
        "--reextract",
        action="store_true",
        help="FOLDER is a library: measure `sourcedesk reextract` on it (the entity phase alone)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sourcedesk-memory-") as tmp:
        library = args.folder if args.reextract else args.library or str(Path(tmp) / "lib")
        out_path = Path(tmp) / "report.json"
        began = time.monotonic()
        err_path = Path(tmp) / "stderr.txt"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:  # files: never block
            proc = subprocess.Popen(
                [sys.executable, "-m", "desktop", "--library", library]
                + (["reextract"] if args.reextract else ["import", "--json", args.folder]),
                cwd=ROOT,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
            peaks = {"reading": _Peak(), "entities": _Peak()}
            entities = False
            said = began
            while proc.poll() is None:
                pids = _session(proc.pid)
                phase = "entities" if entities or _model_loaded(pids) else "reading"
                entities = phase == "entities"
                peaks[phase].sample({pid: _memory(pid) for pid in pids})
                if time.monotonic() - said >= 60:  # a long run shows where it is
                    said = time.monotonic()
                    print(
                        f"{said - began:5.0f} s  {phase:<9} "
                        + ", ".join(f"{k} {v.pss / MB:.0f} MB PSS" for k, v in peaks.items()),
                        flush=True,
                    )
                time.sleep(args.every)
        took = time.monotonic() - began
        if proc.returncode:  # a crash is a finding, not a figure
            tail = err_path.read_text(errors="replace").strip().splitlines()[-15:]
            print(f"the import exited with {proc.returncode}:", *tail, sep="\n  ")
        try:
            report = json.loads(out_path.read_bytes() or b"{}")
        except ValueError:  # reextract prints lines, not a report
            report = {}
    print(f"folder            {args.folder}")
    print(
        f"files             {len(report.get('imported', []))} imported, "
        f"{len(report.get('duplicates', []))} duplicates, {len(report.get('failed', []))} failed"
    )
    print(f"time              {took:.0f} s")
    reasons = Counter(f["error"] for f in report.get("failed", []))
    for reason, count in reasons.most_common(8):
        print(f"  failed {count:>4}  {reason}")
    for phase, peak in peaks.items():
        print(
            f"{phase:<9} peak: tree RSS {peak.rss / MB:.0f} MB, tree PSS {peak.pss / MB:.0f} MB, "
            f"largest process {peak.one / MB:.0f} MB ({peak.one_what}), {peak.procs} processes"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
