"""Import numpy without ``numpy.linalg``, which it loads for four functions we never call
(nor ``platform`` and ``ctypes``, which it uses only inside functions we never call).

``import numpy`` loads ``numpy.linalg`` because two of its modules take functions from it
when imported (``matrix_power`` for ``np.matrix``; ``eigvals``, ``inv`` and ``lstsq`` for
``np.roots`` and ``np.polyfit``), and ``numpy.linalg`` loads ``numpy._typing``, whose
hundreds of ``Literal`` types are built as it is imported: ~11 ms of every
``sourcedesk search`` process at 100k (150.6 -> 139.5 ms p50, alternated; docs/performance.md,
issue 16, twentieth session). Nothing of ours does linear algebra.

While numpy is first imported (``desktop.import_hooks``: numpy is not imported any
sooner), a stand-in is in ``sys.modules`` under ``numpy.linalg``: each
name numpy takes from it is a function that imports the real module when first called and
calls the real function. Once numpy is loaded the stand-in is removed: ``np.linalg``
(numpy's own lazy attribute) and any later ``import numpy.linalg`` get the real module,
and the stand-in, if a numpy binds it itself (1.26 does), hands out the real module's
names. The modules of ours a search loads import ``numpy.typing`` only for the type
checker, so ``numpy._typing`` is not loaded either. ``platform`` and ``ctypes`` get
stand-ins too, whose first attribute asked for imports the real module. Checked with numpy
1.26, 2.0, 2.2, 2.3 and 2.4 (tests/unit/test_numpy_lean.py runs numpy's functions that go
through the stand-ins).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

from .import_hooks import around_import

LINALG = "numpy.linalg"
#: Modules numpy imports but uses only inside functions we never call: ``platform``
#: (``np.show_runtime``) and ``ctypes`` (an array's ``.ctypes``): ~2.5 ms.
LATER = ("platform", "ctypes")


def _on_call(name: str) -> Any:
    """``numpy.linalg.<name>``, the real module imported on the first call."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(LINALG), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__module__ = LINALG
    return call


def _stand_in() -> types.ModuleType:
    stand_in = types.ModuleType(LINALG, "stand-in while numpy is imported")

    def attribute(name: str) -> Any:
        if name.startswith("__"):  # what the import system and copy/pickle probe for
            raise AttributeError(name)
        if sys.modules.get(LINALG) is stand_in:  # numpy is being imported
            return _on_call(name)
        return getattr(importlib.import_module(LINALG), name)

    stand_in.__getattr__ = attribute  # type: ignore[method-assign]
    return stand_in


def _later(name: str) -> types.ModuleType:
    """A stand-in for ``import name`` while numpy is imported: any of its attributes, then
    or later, is the real module's (imported then, the stand-in gone from ``sys.modules``)."""
    stand_in = types.ModuleType(name, "stand-in while numpy is imported")

    def attribute(attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attr)

    stand_in.__getattr__ = attribute  # type: ignore[method-assign]
    return stand_in


def lean_numpy() -> None:
    """Have numpy, when first imported, leave ``numpy.linalg`` for when something uses it
    (nothing done if numpy is already loaded; run before, by ``desktop/__init__.py``)."""
    if "numpy" in sys.modules or LINALG in sys.modules:
        return
    stand_ins = {LINALG: _stand_in(), **{name: _later(name) for name in LATER}}

    def before() -> None:
        for name, stand_in in stand_ins.items():
            sys.modules.setdefault(name, stand_in)

    def after(numpy: types.ModuleType) -> None:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]

    around_import("numpy", before, after)
