"""Finding the processes an import left behind (Linux ``/proc``), for the kill tests."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

HAS_PROC = sys.platform.startswith("linux") and Path("/proc/self/stat").exists()


def session_processes(sid: int) -> list[str]:
    """Live (not zombie) processes of a session, as 'pid cmdline' lines.

    An owner started with ``start_new_session=True`` leads its own session; every
    process it starts (readers, entity workers, the resource tracker, the window's
    import child) stays in that session even once re-parented after the owner's death.
    """
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, session = fields[0], int(fields[3])
        if session == sid and state not in ("Z", "X"):
            command = cmdline.replace(b"\0", b" ").decode(errors="replace")
            found.append(f"{entry} {command[:120]}")
    return found


def kill_owner(proc: subprocess.Popen[bytes], settle_s: float = 2.0) -> list[str]:
    """SIGKILL only the owner (as a crash or an out-of-memory kill does), wait ``settle_s``,
    and return what of its session is still alive (then kill that, so nothing leaks)."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + settle_s
    left = session_processes(proc.pid)
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = session_processes(proc.pid)
    for line in left:  # leave the machine clean whatever the test decides
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(line.split()[0]), signal.SIGKILL)
    return left
