"""``@frozen``: ``@dataclass(frozen=True)`` without compiling code for each class.

Python 3.11's ``dataclass`` writes the source of a class's ``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__`` and ``__delattr__`` and compiles each: ~0.4 ms a
frozen class. A ``sourcedesk search`` process defines 27 of them (its query tree, requests,
rows, hits) before it reads a query: ~11 ms of a process that should take 150. ``frozen``
lets ``dataclass`` collect the fields (so ``fields``, ``replace``, ``asdict`` and
``astuple`` work as before) and gives the class those six methods written once, here, for
every class: the same behaviour (the same errors, equality by class and fields, hashing,
``repr``), each call a little slower, which nothing here notices (a search makes a few
dozen of them). Type checkers see a frozen dataclass (``dataclass_transform``). For plain
fields only: a class with keyword-only fields is refused, and one with ``InitVar`` pseudo-
fields is for ``dataclass`` itself.

A class without a docstring is given the one ``dataclass`` would give it (its name and
``__init__``'s signature), written from the fields: ``dataclass`` reads it with
``inspect.signature``, which here (no ``__init__`` of the class's own yet) parses
``object.__init__``'s text signature with ``tokenize``, whose pattern takes 2.5 ms to
compile, once a process.
"""

from __future__ import annotations

import dataclasses
import inspect
import reprlib
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")

_MISSING = dataclasses.MISSING


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: type[T]) -> type[T]:
    """The class as ``@dataclass(frozen=True)`` makes it (see the module's docstring)."""
    undocumented = not cls.__doc__
    if undocumented:
        cls.__doc__ = cls.__name__  # written below; dataclass then reads no signature
    made = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    if undocumented:
        made.__doc__ = made.__name__ + _signature_text(fields)
    if any(f.kw_only is True for f in fields):
        raise TypeError(f"{cls.__qualname__}: keyword-only fields need dataclass itself")
    names = frozenset(f.name for f in fields)
    compared = tuple(f.name for f in fields if f.compare)
    hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
    shown = tuple(f.name for f in fields if f.repr)
    params = tuple((f.name, f.default, f.default_factory) for f in fields if f.init)
    unset = tuple((f.name, f.default, f.default_factory) for f in fields if not f.init)
    qualname = made.__qualname__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(params):
            raise TypeError(
                f"{qualname}.__init__() takes {len(params) + 1} positional arguments but "
                f"{len(args) + 1} were given"
            )
        for (name, _, _), value in zip(params, args, strict=False):
            if name in kwargs:
                raise TypeError(f"{qualname}.__init__() got multiple values for argument {name!r}")
            object.__setattr__(self, name, value)
        for name, default, factory in params[len(args) :]:
            if name in kwargs:
                value = kwargs.pop(name)
            elif default is not _MISSING:
                value = default
            elif factory is not _MISSING:
                value = factory()
            else:
                raise TypeError(
                    f"{qualname}.__init__() missing 1 required positional argument: {name!r}"
                )
            object.__setattr__(self, name, value)
        if kwargs:
            raise TypeError(
                f"{qualname}.__init__() got an unexpected keyword argument {next(iter(kwargs))!r}"
            )
        for name, default, factory in unset:
            if default is not _MISSING:
                object.__setattr__(self, name, default)
            elif factory is not _MISSING:
                object.__setattr__(self, name, factory())
        if post_init:
            self.__post_init__()

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{type(self).__qualname__}({inner})"

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _values(self, compared) == _values(other, compared)

    def __hash__(self: Any) -> int:
        return hash(_values(self, hashed))

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is made or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(made, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is made or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(made, self).__delattr__(name)

    post_init = hasattr(made, "__post_init__")
    own = cls.__dict__
    explicit_hash = own.get("__hash__") is not None or ("__hash__" in own and "__eq__" not in own)
    for method in (__init__, __repr__, __eq__, __hash__, __setattr__, __delattr__):
        name = method.__name__
        if name in ("__setattr__", "__delattr__") and name in own:
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
        if (name in own and name != "__hash__") or (name == "__hash__" and explicit_hash):
            continue  # the class's own, as dataclass leaves it
        method.__qualname__ = f"{qualname}.{name}"
        setattr(made, name, method)
    return made


class _Factory:
    """What an ``__init__`` made by ``dataclass`` shows for a default made by a factory."""

    def __repr__(self) -> str:
        return "<factory>"


def _signature_text(fields: tuple[dataclasses.Field[Any], ...]) -> str:
    """``__init__``'s parameters as ``dataclass``'s docstring shows them: ``(a: 'int', b:
    'str' = 'x')`` (the annotations as written: strings under ``from __future__ import
    annotations``)."""
    empty = inspect.Parameter.empty
    params = [
        inspect.Parameter(
            f.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=(
                f.default
                if f.default is not _MISSING
                else _Factory()
                if f.default_factory is not _MISSING
                else empty
            ),
            annotation=f.type,
        )
        for f in fields
        if f.init
    ]
    return str(inspect.Signature(params))


def _values(obj: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(obj, name) for name in names)
