"""No sockets, ever: not even the probes libraries make when they are imported.

Sourcedesk never uses the network. urllib3, which trafilatura (through courlan)
and spaCy (through requests, for its model download command) import, creates an
IPv6 socket and binds ``::1`` at import time to learn whether the machine has
IPv6. It connects nowhere, but the promise is no sockets at all: telling the
socket module there is no IPv6 skips that probe. Nothing of ours needs IPv6.

A process that never imports ``socket`` (a ``sourcedesk search``) should not import it
just to say so (~2.5 ms): until something imports it, a finder waits at the head of
``sys.meta_path`` and says so as the module is loaded, before any importer can use it
(``desktop.import_hooks``).
"""

from __future__ import annotations

import sys
from types import ModuleType

from .import_hooks import around_import


def _without_ipv6(socket: ModuleType) -> None:
    socket.has_ipv6 = False  # type: ignore[attr-defined]


def skip_network_probes() -> None:
    """Run before any library that probes the network is imported (every process does)."""
    socket = sys.modules.get("socket")
    if socket is not None:
        _without_ipv6(socket)
    else:
        around_import("socket", after=_without_ipv6)


__all__ = ["skip_network_probes"]
