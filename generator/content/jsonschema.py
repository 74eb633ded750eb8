"""JSON Schema (draft 2020-12) of the declared formats, for editors that underline mistakes as
they type: every file the loader accepts validates."""

from __future__ import annotations

from typing import Any

from generator.content.schema import (DATE_PATTERN, ID_PATTERN, Field, Flag, ListOf, MapOf,
                                      Rule, Sourced, Spec, Text, long_form)


# A YAML scalar written without quotes may be read by an editor (YAML 1.2) as a number or a
# boolean: `2023`, `1.10`, `true`. The loader keeps every scalar as the text written, so the
# schemas accept those types wherever that text would do.
SCALARS = ["string", "number", "boolean"]


def json_schema(spec: Spec) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for a spec, accepting every file the loader accepts."""
    if isinstance(spec, Text):
        if spec.one_of:
            return {"type": "string", "enum": list(spec.one_of)}
        if spec.pattern == DATE_PATTERN:  # a bare year is a number to an editor
            return {"anyOf": [{"type": "string", "pattern": spec.pattern},
                              {"type": "integer", "minimum": 0, "maximum": 9999}]}
        if spec.pattern == ID_PATTERN:  # so are ids such as 1984, true or 1e3
            return {"anyOf": [{"type": "string", "pattern": spec.pattern},
                              {"type": ["number", "boolean"]}]}
        if spec.pattern:
            return {"type": "string", "pattern": spec.pattern}
        return {"type": SCALARS}
    if isinstance(spec, ListOf):
        item = json_schema(spec.item)
        if isinstance(spec.item, Text):  # `- ~` is the text "~" to the loader
            item = {"anyOf": [item, {"type": "null"}]}
        schema: dict[str, Any] = {"type": "array", "items": item}
        if spec.min_items:
            schema["minItems"] = spec.min_items
        return schema
    if isinstance(spec, MapOf):
        schema = {"type": "object", "additionalProperties": json_schema(spec.value)}
        if spec.keys:
            schema["propertyNames"] = {"enum": list(spec.keys)}
        return schema
    if isinstance(spec, Flag):
        return {"type": "boolean"}
    if isinstance(spec, Sourced):
        return {"anyOf": [json_schema(spec.value), json_schema(long_form(spec.value))]}
    schema = {
        "type": "object",
        "description": spec.doc,
        "properties": {f.name: _property(f) for f in spec.fields},
        "required": [f.name for f in spec.fields if f.required],
        "additionalProperties": False,
    }
    if spec.rules:
        schema["allOf"] = [_rule_schema(rule) for rule in spec.rules]
    return schema


def _rule_schema(rule: Rule) -> dict[str, Any]:
    """A rule as JSON Schema's if/then, with its message as the description."""
    condition: dict[str, Any] = {"properties": {rule.field: {"enum": list(rule.values)}}}
    if rule.default not in rule.values:  # a field left out has its default: not a match
        condition["required"] = [rule.field]
    then: dict[str, Any] = {}
    if rule.require:
        then["required"] = list(rule.require)
    if rule.refuse:
        then["not"] = {"anyOf": [{"required": [name]} for name in rule.refuse]}
    return {"if": condition, "then": then, "description": rule.message}


def _property(fld: Field) -> dict[str, Any]:
    """A field's schema; an optional field may also be left empty (`byline:`), as if absent."""
    schema = json_schema(fld.spec)
    if not fld.required:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "description": fld.doc}
