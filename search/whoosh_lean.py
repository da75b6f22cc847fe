"""Import Whoosh without the modules it loads but never uses in a search.

Whoosh's ``compat`` imports ``urllib.request`` for one function (``urlretrieve``, used
by nothing we call), which pulls http, ssl, email and hashlib: ~15 ms of every
``sourcedesk search`` process. ``whoosh.reading`` takes ``cached_property`` from the
package of that name, which imports asyncio for its async variants: ~11 ms. Both are
loaded once, here, with stand-ins in ``sys.modules`` for the length of that import: a
``urlretrieve`` that imports the real one when called, and the standard library's
``functools.cached_property`` (same semantics for Whoosh's one use, a reader's set of
deleted documents). Likewise, ~7 ms more: ``html`` (an escape for highlighting we do
ourselves), ``tempfile``, ``random`` and ``shutil`` (what a writer uses: imported when a
writer first asks), ``calendar`` (``whoosh.util.times``, for dates we never index; with
``locale``, ~1 ms), and ``hashlib``, whose loading OpenSSL's library is most of its cost:
the term table's ``md5`` comes from the standard library's own ``_md5`` (the same digest).
The stand-ins are removed right after, so a later ``import urllib.request`` anywhere gets
the real module.

Whoosh's own queries and ``Searcher`` (``whoosh.query``, ``whoosh.searching``: ~20
modules, ~4 ms) are not imported at all: our queries are evaluated on Whoosh's reader
(:mod:`search.whoosh_eval`). A writer that asks for a searcher imports them then, as they are.
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


def _lazy(module: str) -> types.ModuleType:
    """A stand-in for ``import module``: any attribute imports the real module (once Whoosh
    is loaded and the stand-in gone from ``sys.modules``) and is that module's."""
    lazy = types.ModuleType(module, "stand-in while Whoosh is imported")

    def attribute(name: str) -> Any:
        if sys.modules.get(module) is lazy:
            raise AttributeError(f"{module}.{name} while Whoosh is imported")
        return getattr(importlib.import_module(module), name)

    lazy.__getattr__ = attribute  # type: ignore[method-assign]
    return lazy


def _md5() -> Any:
    try:
        from _md5 import md5  # the digest in C, without loading OpenSSL's library
    except ImportError:  # a Python built without it
        return _on_call("hashlib", "md5")
    return md5


def _stand_ins() -> dict[str, types.ModuleType]:
    modules = {}
    for module, attrs in (
        ("urllib.request", {"urlretrieve": _on_call("urllib.request", "urlretrieve")}),
        ("cached_property", {"cached_property": functools.cached_property}),
        ("html", {"escape": _on_call("html", "escape")}),
        ("hashlib", {"md5": _md5()}),
        ("shutil", {"copyfileobj": _on_call("shutil", "copyfileobj")}),
    ):
        modules[module] = types.ModuleType(module, "stand-in while Whoosh is imported")
        modules[module].__dict__.update(attrs)
    for module in ("tempfile", "random", "calendar"):
        modules[module] = _lazy(module)
    return modules


#: What every process that imports ``search`` loads (the index and its readers).
BASE = ("whoosh.compat", "whoosh.reading")
#: What searching a Whoosh index adds (``search.whoosh_index``): its codec's tables (hashlib).
SEARCHING = ("whoosh.codec.whoosh3",)


def load(modules: tuple[str, ...] = BASE) -> None:
    """Import those Whoosh modules not yet imported, with the stand-ins in place."""
    missing = [m for m in modules if m not in sys.modules]
    if not missing:
        return
    stand_ins = {k: m for k, m in _stand_ins().items() if k not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        for name in missing:
            importlib.import_module(name)
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


load()
