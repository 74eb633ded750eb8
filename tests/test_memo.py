"""A memo key is a digest of the whole value: equal values give equal keys, and values that
differ anywhere (a field deep inside, a kind of text, a kind of tuple) give different ones."""

from __future__ import annotations

import copy
import dataclasses
import enum
import hashlib
from dataclasses import dataclass
from typing import Any, NamedTuple

import pytest
from hypothesis import given, strategies as st
from markupsafe import Markup

from generator.memo import Memo, Shared, key


class Colour(enum.Enum):
    RED = "red"
    BLUE = 2


# Kinds with the same names as those above, from another module: other kinds all the same
ElsewhereColour = enum.Enum("Colour", {"RED": "red", "BLUE": 2}, module="tests.elsewhere")
ElsewhereMarkup = type("Markup", (str,), {"__module__": "tests.elsewhere"})


class Pair(NamedTuple):
    left: Any
    right: Any


@dataclass(frozen=True)
class Box:
    inside: Any
    label: str = ""


@dataclass(frozen=True)
class Other:  # the same fields as Box: a different kind is a different value
    inside: Any
    label: str = ""


def _written(value: Any) -> bytes:
    """What the value is made of, spelled out the plain way: the specification the key's
    digest is taken of (memo.py writes it faster, and must write exactly this)."""
    kind = type(value)
    if kind is str:
        data = value.encode("utf-8", "surrogatepass")
        return b"s%d:" % len(data) + data
    if isinstance(value, str):
        return b"S" + _name(kind) + b":" + _written(str(value))
    if kind is int:
        return b"i%d;" % value
    if kind is bool:
        return b"T" if value else b"F"
    if value is None:
        return b"N"
    if kind in (tuple, list):
        return (b"(" if kind is tuple else b"[") + b"%d:" % len(value) + b"".join(
            _written(v) for v in value)
    if dataclasses.is_dataclass(value):
        tag = b"D" + _name(kind) + b":"
        return tag + b"".join(_written(getattr(value, f.name)) for f in dataclasses.fields(value))
    if kind is dict:
        return b"{%d:" % len(value) + b"".join(_written(k) + _written(v)
                                                for k, v in value.items())
    if kind is float:
        return b"f" + repr(value).encode() + b";"
    if isinstance(value, enum.Enum):
        return b"e" + _name(kind) + b":" + _written(value.value)
    if isinstance(value, tuple):
        return (b"T" + _name(kind) + b":" + b"(%d:"
                % len(value) + b"".join(_written(v) for v in value))
    if kind in (frozenset, set):
        items = sorted(key(v) for v in value)
        return (b"<" if kind is frozenset else b">") + b"%d:" % len(items) + "".join(
            items).encode()
    if kind is bytes:
        return b"b%d:" % len(value) + value
    raise TypeError(kind)


def _name(kind: type) -> bytes:
    return f"{kind.__module__}.{kind.__qualname__}".encode()


leaves = (st.text() | st.integers() | st.booleans() | st.none()
          | st.floats(allow_nan=False) | st.binary(max_size=8) | st.sampled_from(Colour)
          | st.sampled_from(ElsewhereColour) | st.text(max_size=5).map(Markup)
          | st.text(max_size=5).map(ElsewhereMarkup))
values = st.recursive(
    leaves,
    lambda inner: (st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple)
                   | st.dictionaries(st.text(max_size=3), inner, max_size=3)
                   | st.frozensets(st.text(max_size=3) | st.integers(), max_size=3)
                   | st.sets(st.text(max_size=3) | st.integers(), max_size=3)
                   | st.builds(Pair, inner, inner) | st.builds(Box, inner, st.text(max_size=3))
                   | st.builds(Other, inner, st.text(max_size=3))),
    max_leaves=20)


@given(values)
def test_the_key_digests_exactly_what_the_value_is_made_of(value: Any) -> None:
    assert key(value) == hashlib.blake2b(_written(value), digest_size=20).hexdigest()


def _identical(a: Any, b: Any) -> bool:
    """Of the same kinds all the way down, and equal (1, 1.0 and True are equal in Python;
    a map's entries are compared in order)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_identical(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return _identical(list(a.items()), list(b.items()))
    if dataclasses.is_dataclass(a):
        return all(_identical(getattr(a, f.name), getattr(b, f.name))
                   for f in dataclasses.fields(a))
    if isinstance(a, float):
        return repr(a) == repr(b)
    if isinstance(a, (set, frozenset)):
        return a == b and all(type(x) in (type(y) for y in b if y == x) for x in a)
    return bool(a == b)


@given(values, values)
def test_values_that_differ_anywhere_have_different_keys(a: Any, b: Any) -> None:
    assert (key(a) == key(b)) == _identical(a, b)


@given(values)
def test_equal_values_have_equal_keys(value: Any) -> None:
    assert key(value) == key(copy.deepcopy(value))


@given(values)
def test_a_value_shared_by_many_has_the_key_it_would_have_alone(value: Any) -> None:
    box = Box(value, "x")
    shared = Shared()
    first = key([box, box], shared=shared)
    assert key([box, box], shared=shared) == first == key([box, box], shared=Shared())
    assert key([Box(value, "x"), box], shared=Shared()) == first  # by value, not by identity
    assert key([Box(value, "y"), box], shared=Shared()) != first


def test_what_cannot_be_digested_whole_is_refused() -> None:
    class Opaque:
        pass

    for value in (Opaque(), [1, Opaque()], {"a": Box(Opaque())}, object, 1j):
        with pytest.raises(TypeError, match="cannot make a key"):
            key(value)


def test_a_value_kept_under_a_key_is_reused_until_a_build_stops_asking() -> None:
    memo, made = Memo(), []

    def compute() -> str:
        made.append(1)
        return "value"

    assert memo.get("space", key("input"), compute) == "value"
    assert memo.get("space", key("input"), compute) == "value" and len(made) == 1
    memo.prune()  # the build that asked for it is over: kept
    assert memo.find("space", key("input")) == "value"
    memo.prune()
    memo.prune()  # a build that did not ask for it: dropped
    assert memo.find("space", key("input")) is None
