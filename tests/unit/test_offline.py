"""No sockets, ever (desktop/offline.py): a library that probes the network when imported
(urllib3, under trafilatura and spaCy) finds no IPv6 and makes no socket, whether the
``socket`` module was loaded before Sourcedesk or after it, and a process that never needs
``socket`` (a search) does not load it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import sys
{first}
loaded_before = "socket" in sys.modules
import socket
made = []
class Counted(socket.socket):
    def __init__(self, *args, **kwargs):
        made.append(args)
        super().__init__(*args, **kwargs)
socket.socket = Counted
import urllib3.util.connection
print(repr((loaded_before, socket.has_ipv6, urllib3.util.connection.HAS_IPV6, made)))
"""


@pytest.mark.parametrize(
    ("first", "loaded_before"), [("import desktop", False), ("import socket, desktop", True)]
)
def test_a_library_that_probes_for_ipv6_on_import_makes_no_socket(
    first: str, loaded_before: bool
) -> None:
    res = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(first=first)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr[-2000:]
    assert eval(res.stdout) == (loaded_before, False, False, [])  # noqa: S307 (our own print)
