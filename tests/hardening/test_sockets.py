"""No sockets at all: every process of an import (the command, its readers, the entity
model) runs under an audit hook that records any network socket, bind, connect or name
lookup (``sys.addaudithook``, installed in each process by a ``sitecustomize``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT, SEEDS

AUDIT = """
import os, socket, sys

LOG = os.environ["SOURCEDESK_SOCKET_LOG"]
NETWORK = (socket.AF_INET, socket.AF_INET6)
LOOKUPS = {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"}


def record(event, args):
    if event == "socket.__new__" and args[1] in NETWORK:
        what = f"new socket family {args[1]}"
    elif event in ("socket.bind", "socket.connect", "socket.sendto") and args and (
        getattr(args[0], "family", None) in NETWORK
    ):
        what = f"{event} {args[1]!r}"
    elif event in LOOKUPS:
        what = f"{event} {args[0]!r}"
    else:
        return
    with open(LOG, "a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()} {what}\\n")


sys.addaudithook(record)
"""

PAGE = (
    '<html><head><title>Grain deal</title><link rel="stylesheet" href="https://cdn.example/x.css">'
    '<script src="https://tracker.example/t.js"></script></head><body><article><h1>Grain deal'
    "</h1><p>Ships left Odesa on Monday after weeks of closure, officials in Kyiv said, and "
    'grain traders welcomed the news.</p><img src="https://img.example/a.png"></article>'
    "</body></html>"
)


def test_importing_web_pages_opens_no_socket(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(AUDIT, "utf-8")
    log = tmp_path / "sockets.log"
    page = tmp_path / "page.html"
    page.write_text(PAGE, "utf-8")
    env = {**os.environ, "PYTHONPATH": f"{site}:{ROOT}", "SOURCEDESK_SOCKET_LOG": str(log)}
    library = str(tmp_path / "lib")
    outputs = []
    for args in (["import", str(page), str(SEEDS)], ["search", "Odesa"]):
        res = subprocess.run(
            [sys.executable, "-m", "desktop", "--library", library, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert res.returncode == 0, res.stderr
        outputs.append(res.stdout)
    assert "6 imported" in outputs[0] and outputs[1].startswith("2 of 6 articles")
    assert not log.exists(), log.read_text("utf-8")
