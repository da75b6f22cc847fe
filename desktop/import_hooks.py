"""Run something around a module's first import, without importing it any sooner.

A finder waits at the head of ``sys.meta_path``: asked for its module, it leaves
``sys.meta_path``, has the other finders find the module, and hands back their spec with a
loader that runs ``before`` and then ``after`` around the module's own execution (a frozen
bundle's importer loads every module: its loader is wrapped, not changed). Used to say
there is no IPv6 once ``socket`` is loaded (``desktop.offline``) and to import numpy without
``numpy.linalg`` (``desktop.numpy_lean``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any


class _Around:
    """The finder: finds nothing itself, and only ``name``, once."""

    def __init__(
        self, name: str, before: Callable[[], None], after: Callable[[ModuleType], None]
    ) -> None:
        self.name = name
        self._before = before
        self._after = after

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != self.name:
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
        spec.loader = _Wrapped(spec.loader, self._before, self._after)
        return spec


class _Wrapped:
    """The module's own loader, with ``before`` and ``after`` around its execution
    (``after`` also when the execution fails)."""

    def __init__(
        self, loader: Any, before: Callable[[], None], after: Callable[[ModuleType], None]
    ) -> None:
        self._loader = loader
        self._before = before
        self._after = after

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._before()
        try:
            self._loader.exec_module(module)
        finally:
            self._after(module)


def _nothing() -> None:
    pass


def _nothing_after(module: ModuleType) -> None:
    pass


def around_import(
    name: str,
    before: Callable[[], None] = _nothing,
    after: Callable[[ModuleType], None] = _nothing_after,
) -> bool:
    """Have ``before`` run just before top-level module ``name`` is first executed and
    ``after`` just after. False, and nothing done, when it is already imported or waited
    for."""
    if name in sys.modules or any(isinstance(f, _Around) and f.name == name for f in sys.meta_path):
        return False
    sys.meta_path.insert(0, _Around(name, before, after))
    return True
