"""No sockets, ever: not even the probes libraries make when they are imported.

Sourcedesk never uses the network. urllib3, which trafilatura (through courlan)
and spaCy (through requests, for its model download command) import, creates an
IPv6 socket and binds ``::1`` at import time to learn whether the machine has
IPv6. It connects nowhere, but the promise is no sockets at all: telling the
socket module there is no IPv6 skips that probe. Nothing of ours needs IPv6.

A process that never imports ``socket`` (a ``sourcedesk search``) should not import it
just to say so (~2.5 ms): until something imports it, a finder waits at the head of
``sys.meta_path`` and says so as the module is loaded, before any importer can use it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any


class _SocketWithoutIPv6:
    """A meta path finder that finds nothing itself: asked for ``socket``, it leaves
    ``sys.meta_path``, has the other finders find the module, and hands back their spec
    with a loader that sets ``has_ipv6 = False`` right after executing it."""

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != "socket":
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                break
        else:
            return None
        spec.loader = _ThenWithoutIPv6(spec.loader)
        return spec


class _ThenWithoutIPv6:
    """``socket``'s own loader (a frozen bundle's importer loads every module: it is not
    changed), which says there is no IPv6 once the module is executed."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        module.has_ipv6 = False  # type: ignore[attr-defined]


def skip_network_probes() -> None:
    """Run before any library that probes the network is imported (every process does)."""
    socket = sys.modules.get("socket")
    if socket is not None:
        socket.has_ipv6 = False  # type: ignore[attr-defined]
    elif not any(isinstance(f, _SocketWithoutIPv6) for f in sys.meta_path):
        sys.meta_path.insert(0, _SocketWithoutIPv6())


__all__ = ["skip_network_probes"]
