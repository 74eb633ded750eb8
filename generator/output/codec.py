"""Memo values as plain JSON, and back: nothing is stored that could run code when read.

Only the types listed in KINDS are written and read back: each as {"c": name, "v": [its
fields]}; a tuple as {"t": [...]}, a map as {"d": [[key, value], ...]}, a frozenset as
{"f": [...]} and an enum member as {"e": name, "v": value}. A tuple of ROWS (named tuples of
plain values, of which there are many) is written {"r": name, "v": [[fields], ...]}, so that it
is read back in one step. Anything else is refused when writing, and an unknown name when
reading makes the whole entry unreadable.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from typing import Any

from generator.content.model import (Account, Article, Basis, Citation, Comparison, Profile,
                                     Reference, Site, Statement, Term)
from generator.content.parse import Parsed
from generator.content.schema import Md
from generator.diagnostics import Diagnostic, Loc, Severity
from generator.linking.articles import ArticleText, Block, Mention
from generator.linking.textmatch import QuoteMatch
from generator.markdown import MarkdownProblem

KINDS: dict[str, type] = {kind.__name__: kind for kind in (
    Parsed, Site, Article, Profile, Term, Comparison, Account, Statement, Citation, Loc, Md,
    Reference, Basis, Diagnostic, ArticleText, QuoteMatch, MarkdownProblem)}
ROWS: dict[str, type] = {kind.__name__: kind for kind in (Block, Mention)}
_PLAIN = (str, int, bool, type(None))
ENUMS: dict[str, type[enum.Enum]] = {"Severity": Severity}
_FIELDS = {name: tuple(f.name for f in dataclasses.fields(kind)) for name, kind in KINDS.items()}


class Unreadable(ValueError):
    """A stored value that is not what this code writes."""


def encode(value: Any) -> str:
    """The value as one line of JSON."""
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))


def _plain(value: Any) -> Any:
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is tuple or kind is list:
        rows = type(value[0]).__name__ if value else ""
        if rows in ROWS and all(type(v) is ROWS[rows] for v in value):
            items: list[tuple[Any, ...]] = list(value)
            if all(type(f) in _PLAIN for row in items for f in row):
                return {"r": rows, "v": [list(row) for row in items]}
        return {"t": [_plain(v) for v in value]}
    if kind is dict:
        return {"d": [[_plain(k), _plain(v)] for k, v in value.items()]}
    if kind is frozenset:
        return {"f": sorted((_plain(v) for v in value), key=json.dumps)}
    if isinstance(value, enum.Enum) and type(value).__name__ in ENUMS:
        return {"e": type(value).__name__, "v": value.value}
    name = kind.__name__
    if KINDS.get(name) is kind:
        return {"c": name, "v": [_plain(getattr(value, f)) for f in _FIELDS[name]]}
    raise TypeError(f"cannot store a {kind.__qualname__}")


def decode(text: str) -> Any:
    """The value of a line encode() wrote; Unreadable if it is anything else."""
    try:
        return json.loads(text, object_hook=_revive)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
        raise Unreadable(str(exc)) from exc


def _revive(data: dict[str, Any]) -> Any:
    if len(data) == 1:
        if "t" in data:
            return tuple(data["t"])
        if "d" in data:
            return {k: v for k, v in data["d"]}
        if "f" in data:
            return frozenset(data["f"])
    elif len(data) == 2 and "v" in data:
        if "c" in data:
            name = data["c"]
            values = data["v"]
            if name not in KINDS or not isinstance(values, list) or \
                    len(values) != len(_FIELDS[name]):
                raise Unreadable(f"not a stored value: {name!r}")
            return KINDS[name](*values)
        if "e" in data:
            return ENUMS[data["e"]](data["v"])
        if "r" in data:
            row = ROWS[data["r"]]
            return tuple(row(*values) for values in data["v"])
    raise Unreadable("not a stored value")
