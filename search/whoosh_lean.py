"""Import Whoosh without the network and asyncio modules it loads but never uses here.

Whoosh's ``compat`` imports ``urllib.request`` for one function (``urlretrieve``, used
by nothing we call), which pulls http, ssl, email and hashlib: ~15 ms of every
``sourcedesk search`` process. ``whoosh.reading`` takes ``cached_property`` from the
package of that name, which imports asyncio for its async variants: ~11 ms. Both are
loaded once, here, with stand-ins in ``sys.modules`` for the length of that import: a
``urlretrieve`` that imports the real one when called, and the standard library's
``functools.cached_property`` (same semantics for Whoosh's one use, a reader's set of
deleted documents). ``whoosh.query`` takes ``variations`` from ``whoosh.lang.morph_en``,
which compiles hundreds of English suffix rules on import (~5 ms) for the ``Variations``
query we never build: it gets a ``variations`` that imports the real one when called.
The stand-ins are removed right after, so a later ``import
urllib.request`` anywhere gets the real module.
"""

from __future__ import annotations

import functools
import importlib
import sys
import types
from typing import Any


def _on_call(module: str, name: str) -> Any:
    """A function that imports ``module`` when first called and runs its ``name``."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


def _stand_ins() -> dict[str, types.ModuleType]:
    modules = {}
    for module, attrs in (
        ("urllib.request", {"urlretrieve": _on_call("urllib.request", "urlretrieve")}),
        ("cached_property", {"cached_property": functools.cached_property}),
        ("whoosh.lang.morph_en", {"variations": _on_call("whoosh.lang.morph_en", "variations")}),
    ):
        modules[module] = types.ModuleType(module, "stand-in while Whoosh is imported")
        modules[module].__dict__.update(attrs)
    return modules


def load() -> None:
    """Import the Whoosh modules that pull those in, once (later calls do nothing)."""
    if "whoosh.reading" in sys.modules:
        return
    stand_ins = {k: m for k, m in _stand_ins().items() if k not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        importlib.import_module("whoosh.compat")
        importlib.import_module("whoosh.reading")
        importlib.import_module("whoosh.query")
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


load()
