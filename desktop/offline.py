"""No sockets, ever: not even the probes libraries make when they are imported.

Sourcedesk never uses the network. urllib3, which trafilatura (through courlan)
and spaCy (through requests, for its model download command) import, creates an
IPv6 socket and binds ``::1`` at import time to learn whether the machine has
IPv6. It connects nowhere, but the promise is no sockets at all: telling the
socket module there is no IPv6 skips that probe. Nothing of ours needs IPv6.
"""

from __future__ import annotations

import socket


def skip_network_probes() -> None:
    """Run before any library that probes the network is imported (every process does)."""
    socket.has_ipv6 = False


__all__ = ["skip_network_probes"]
