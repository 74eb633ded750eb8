"""Checking a YAML node against a declared format: the values, with where each was written,
or one diagnostic per problem naming the fix."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Sequence

from generator.content.schema import (ANY_DIGITS_DATE, COORDINATES_PATTERN, DATE_PATTERN, Flag,
                                      ListOf, MapOf, Md, Obj, Rule, Sourced, Spec, Text,
                                      is_blank, long_form, parse_coordinates)
from generator.content.yamlio import YMap, YNode, YScalar, YSeq
from generator.diagnostics import Diagnostic, Loc, error
from generator.lookalikes import lookalike_note


class Record(dict[str, Any]):
    """A checked object: its values plus where it and each of its fields were written."""

    def __init__(self, values: dict[str, Any], loc: Loc, field_locs: dict[str, Loc]) -> None:
        super().__init__(values)
        self.loc = loc
        self.field_locs = field_locs

    def loc_of(self, name: str) -> Loc:
        return self.field_locs.get(name, self.loc)


def _long_name(where: str) -> str:
    return f"the long form of {where}"


def _describe(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a map"
    if isinstance(node, YSeq):
        return "a list"
    return f"'{node.text}'"


@dataclass
class Coercer:
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def fail(self, loc: Loc, code: str, message: str) -> None:
        self.diagnostics.append(error(loc, code, message))

    def coerce(self, node: YNode, spec: Spec, where: str) -> Any:
        if isinstance(spec, Text):
            return self._text(node, spec, where)
        if isinstance(spec, ListOf):
            return self._list(node, spec, where)
        if isinstance(spec, MapOf):
            return self._map(node, spec, where)
        if isinstance(spec, Flag):
            return self._flag(node, spec, where)
        if isinstance(spec, Sourced):
            if isinstance(node, YMap):  # the long form: a Record with 'value'
                return self.record(node, long_form(spec.value, _long_name(where)), where)
            return self.coerce(node, spec.value, where)
        return self.record(node, spec, where)

    def _flag(self, node: YNode, spec: Flag, where: str) -> bool | None:
        if isinstance(node, YScalar) and node.text.strip().lower() in ("true", "false"):
            return node.text.strip().lower() == "true"
        shown = _describe(node)
        self.fail(node.loc, "type" if not isinstance(node, YScalar) else "value",
                  f"{where} must be {spec.what}, not {shown}")
        return None

    def _text(self, node: YNode, spec: Text, where: str) -> Any:
        if not isinstance(node, YScalar):
            self.fail(node.loc, "type", f"{where} must be {spec.what}, not {_describe(node)}")
            return None
        if is_blank(node.text):  # an empty field is absent: this is an item or a map value
            self.fail(node.loc, "value", f"{where} is empty; write it or remove it")
            return None
        value = node.text.strip() if not spec.markdown or spec.inline else node.text
        if spec.one_of and value not in spec.one_of:
            self.fail(node.loc, "value", f"{where} must be one of {', '.join(spec.one_of)}, "
                      f"not '{value}'")
            return None
        if spec.pattern == DATE_PATTERN and not value.isascii() \
                and ANY_DIGITS_DATE.fullmatch(value):
            self.fail(node.loc, "value", f"{where} must be written with the digits 0 to 9, "
                      f"not '{value}'")
            return None
        if spec.pattern and not re.fullmatch(spec.pattern, value):
            note = lookalike_note(value)
            self.fail(node.loc, "value", f"{where} must be {spec.what}, not '{value}'"
                      + (f": {note}" if note else ""))
            return None
        if spec.pattern == DATE_PATTERN and not _valid_date(value):
            self.fail(node.loc, "value", f"{where}: '{value}' is not a real date")
            return None
        if spec.pattern == COORDINATES_PATTERN and parse_coordinates(value) is None:
            self.fail(node.loc, "value", f"{where}: '{value}' is not a place on Earth: latitude "
                      "runs from -90 to 90, longitude from -180 to 180")
            return None
        if spec.markdown:
            return Md(value, node.loc, node.raw, node.style,
                      len(node.text) - len(node.text.lstrip()) if value != node.text else 0)
        return value

    def _list(self, node: YNode, spec: ListOf, where: str) -> tuple[Any, ...] | None:
        if not isinstance(node, YSeq):
            self.fail(node.loc, "type", f"{where} must be a list, not {_describe(node)}")
            return None
        if len(node.items) < spec.min_items:
            self.fail(node.loc, "missing", f"{where} needs at least {spec.min_items} "
                      f"item{'s' if spec.min_items != 1 else ''}")
        values = [self.coerce(item, spec.item, f"an item of {where}") for item in node.items]
        return tuple(value for value in values if value is not None)

    def _map(self, node: YNode, spec: MapOf, where: str) -> dict[str, Any] | None:
        if not isinstance(node, YMap):
            self.fail(node.loc, "type", f"{where} must be a map, not {_describe(node)}")
            return None
        result: dict[str, Any] = {}
        for key, value in node.entries.items():
            if spec.keys and key not in spec.keys:
                self.fail(node.key_locs[key], "unknown-field",
                          f"unknown {spec.what} '{key}' in {where}"
                          + _key_hint(key, spec.keys, f"use one of {', '.join(spec.keys)}"))
                continue
            coerced = self.coerce(value, spec.value, f"{where}.{key}")
            if coerced is not None:
                result[key] = coerced
        return result

    def record(self, node: YNode | None, spec: Obj, where: str) -> Record | None:
        if not isinstance(node, YMap):
            loc = node.loc if node is not None else Loc(where)
            self.fail(loc, "type", f"{where} must be a map of fields ({spec.name})"
                      + (f", not {_describe(node)}" if node is not None else ""))
            return None
        values: dict[str, Any] = {}
        empty: set[str] = set()
        ok = True
        for key, value in node.entries.items():
            fld = spec.field(key)
            if fld is None:
                names = [f.name for f in spec.fields]
                self.fail(node.key_locs[key], "unknown-field",
                          f"unknown field '{key}' in {spec.name}"
                          + _key_hint(key, names, f"known fields: {', '.join(names)}"))
                continue
            if isinstance(value, YScalar) and (value.is_null or is_blank(value.text)):
                empty.add(key)
                continue
            # the value of a long form is named by its field: 'date', not 'value'
            named = where if key == "value" and spec.name == _long_name(where) else f"'{key}'"
            coerced = self.coerce(value, fld.spec, named)
            if coerced is None:
                ok = False
            else:
                values[key] = coerced
        for fld in spec.fields:
            if not fld.required or fld.name in values:
                continue
            ok = False
            if fld.name not in node.entries:
                self.fail(node.loc, "missing-field", f"{spec.name} is missing the required "
                          f"field '{fld.name}' ({fld.doc})")
            elif fld.name in empty:
                self.fail(node.key_locs[fld.name], "missing-field",
                          f"required field '{fld.name}' is empty ({fld.doc})")
        for rule in spec.rules:
            if not rule.loader:
                continue
            failed = rule.field in node.entries and rule.field not in values \
                and rule.field not in empty
            if not failed and rule.applies(values):
                self._apply(rule, node, values, empty)
        if not ok:
            return None
        return Record(values, node.loc, dict(node.key_locs))

    def _apply(self, rule: Rule, node: YMap, values: dict[str, Any], empty: set[str]) -> None:
        """Report the fields a rule requires and are missing, or refuses and are given (a
        field given with a wrong value is reported already)."""
        for name in rule.require:
            if name not in values and (name not in node.entries or name in empty):
                self.fail(node.key_locs.get(name, node.loc), "missing-field", rule.message)
        for name in rule.refuse:
            if name in node.entries:
                self.fail(node.key_locs[name], "misplaced-field", rule.message)


def _valid_date(value: str) -> bool:
    parts = [int(p) for p in value.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _key_hint(key: str, names: Sequence[str], otherwise: str) -> str:
    """"; did you mean 'summary'?" (or `otherwise`), naming any character of another script
    in the key."""
    note = lookalike_note(key)
    close = _closest(key, list(names))
    if close and note:
        return f": {note}; did you mean '{close}', typed in Latin letters?"
    if close:
        return f"; did you mean '{close}'?"
    return (f": {note}" if note else "") + f"; {otherwise}"


def _closest(word: str, choices: list[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.7)
    return matches[0] if matches else None
