"""``search.frozen.frozen`` behaves as ``dataclass(frozen=True)``: the same instances, the
same equality, hashes, ``repr``, errors and dataclass functions (it only skips compiling
code for each class, see search/frozen.py)."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from search.frozen import frozen


def _classes(decorate: Callable[[type], type]) -> dict[str, type]:
    """The same class definitions, made by ``decorate``."""

    @decorate
    class Node:
        """A base with no fields."""

    @decorate
    class Term(Node):
        """Two fields, one with a default."""

        field: str | None
        word: str = "x"

    @decorate
    class Rich:
        """What the decorated classes of the search path use."""

        name: str
        tags: list[str] = dataclasses.field(default_factory=list)
        hidden: int = dataclasses.field(default=0, repr=False)
        note: str = dataclasses.field(default="", compare=False)
        made: tuple[int, ...] = dataclasses.field(default=(), init=False)

        def size(self) -> int:
            return len(self.tags)

    @decorate
    class Own:
        """A class with its own ``repr``."""

        a: int

        def __repr__(self) -> str:
            return f"<{self.a}>"

    @decorate
    class Later:
        """A class that checks itself after ``__init__``."""

        a: int

        def __post_init__(self) -> None:
            if self.a < 0:
                raise ValueError("negative")

    return {c.__name__: c for c in (Node, Term, Rich, Own, Later)}


OURS = _classes(frozen)
THEIRS = _classes(dataclasses.dataclass(frozen=True))

CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("Node", (), {}),
    ("Term", (None,), {}),
    ("Term", ("title", "oil"), {}),
    ("Term", (), {"word": "oil", "field": "text"}),
    ("Term", ("text",), {"word": "oil"}),
    ("Rich", ("n",), {}),
    ("Rich", ("n", ["a", "b"], 3, "why"), {}),
    ("Rich", (), {"name": "n", "note": "x"}),
    ("Own", (1,), {}),
    ("Later", (2,), {}),
    # what fails, fails alike
    ("Term", (), {}),
    ("Term", ("a", "b", "c"), {}),
    ("Term", ("a",), {"field": "b"}),
    ("Term", ("a",), {"bogus": 1}),
    ("Rich", ("n",), {"made": (1,)}),
    ("Later", (-1,), {}),
]


def _outcome(classes: dict[str, type], name: str, args: tuple, kwargs: dict) -> Any:
    try:
        obj = classes[name](*args, **kwargs)
    except (TypeError, ValueError) as exc:
        return type(exc)
    values = dataclasses.astuple(obj)
    return (repr(obj).replace(".<locals>", ""), values, dataclasses.asdict(obj))


@pytest.mark.parametrize(("name", "args", "kwargs"), CALLS)
def test_an_instance_is_made_shown_and_refused_alike(name: str, args: tuple, kwargs: dict):
    assert _outcome(OURS, name, args, kwargs) == _outcome(THEIRS, name, args, kwargs)


def test_equality_hashes_and_the_frozen_fields_are_alike() -> None:
    for classes in (OURS, THEIRS):
        term, rich = classes["Term"], classes["Rich"]
        assert term("a", "b") == term("a", "b") and hash(term("a", "b")) == hash(term("a", "b"))
        assert term("a", "b") != term("a", "c")
        assert term("a") != classes["Node"]() and classes["Node"]() == classes["Node"]()
        assert rich("n", note="x") == rich("n", note="y")  # compare=False
        assert len({term("a"), term("a"), term("b")}) == 2
        with pytest.raises(TypeError):
            hash(rich("n", ["unhashable"]))
        t = term("a")
        with pytest.raises(dataclasses.FrozenInstanceError):
            t.word = "z"  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError):
            del t.word  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError):
            t.other = 1  # type: ignore[attr-defined]
        assert rich("n", ["a"]).size() == 1 and rich("n").made == ()
    assert hash(OURS["Term"]("a", "b")) == hash(THEIRS["Term"]("a", "b"))


def test_the_dataclass_functions_work_alike() -> None:
    for classes in (OURS, THEIRS):
        term, rich = classes["Term"], classes["Rich"]
        assert dataclasses.is_dataclass(term)
        assert [f.name for f in dataclasses.fields(rich)] == [
            "name",
            "tags",
            "hidden",
            "note",
            "made",
        ]
        assert dataclasses.replace(term("a", "b"), word="c") == term("a", "c")
        assert term.__match_args__ == ("field", "word")
        match term("title", "oil"):
            case term(field, word):  # type: ignore[misc]
                assert (field, word) == ("title", "oil")
    assert repr(OURS["Own"](3)) == "<3>"


def test_an_instance_pickles_as_itself() -> None:
    from search.query import Term

    term = Term("title", "oil")
    assert pickle.loads(pickle.dumps(term)) == term


def test_a_subclass_checks_itself_as_with_dataclass_and_keyword_only_fields_are_refused():
    for classes in (OURS, THEIRS):

        class Stricter(classes["Later"]):  # type: ignore[misc, name-defined]
            def __post_init__(self) -> None:
                if self.a > 10:
                    raise ValueError("too big")

        assert Stricter(5).a == 5
        with pytest.raises(ValueError, match="too big"):
            Stricter(11)
    with pytest.raises(TypeError, match="keyword-only"):

        @frozen
        class Keywords:
            a: int = dataclasses.field(kw_only=True)


def test_a_class_without_a_docstring_is_given_the_one_dataclass_gives() -> None:
    def undocumented(decorate: Callable[[type], type]) -> list[type]:
        @decorate
        class Bare:
            pass

        @decorate
        class Fields:
            a: int
            b: str = "x"
            c: list[int] = dataclasses.field(default_factory=list)
            d: int = dataclasses.field(default=0, init=False)

        @decorate
        class Sub(Fields):
            e: float = 1.5

        return [Bare, Fields, Sub]

    ours = [c.__doc__ for c in undocumented(frozen)]
    assert ours == [c.__doc__ for c in undocumented(dataclasses.dataclass(frozen=True))]
    assert ours[1] == "Fields(a: 'int', b: 'str' = 'x', c: 'list[int]' = <factory>)"
    assert OURS["Term"].__doc__ == "Two fields, one with a default."  # a docstring stays
