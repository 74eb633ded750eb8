"""Safe YAML reading that keeps the file position of every value.

Plain scalars keep their text exactly as written: `no`, `1.10` and `2023-09-13` stay the strings
`"no"`, `"1.10"` and `"2023-09-13"`; the schema decides what a field means. Anchors, aliases and
tags are refused, duplicate keys are errors that name both lines, and nesting depth is capped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

import yaml

from generator.characters import refused_characters
from generator.content.yamlcheck import after_parse
from generator.content.yamlerrors import detail, explain
from generator.diagnostics import Diagnostic, Loc, error

MAX_DEPTH = 40
TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels; flatten the structure"
LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"  # libyaml's own limit (1,000 levels)


@dataclass(frozen=True)
class YScalar:
    text: str
    loc: Loc
    plain: bool  # written without quotes or block indicators
    block: bool = False  # a literal (|) or folded (>) block: its text starts on the next line
    style: str = ""  # '' plain, "'" or '"' quoted, '|' literal or '>' folded
    raw: str = ""  # the scalar as written in the file, when that is not its text

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True)
class YSeq:
    items: tuple["YNode", ...]
    loc: Loc


@dataclass(frozen=True)
class YMap:
    entries: dict[str, "YNode"]
    key_locs: dict[str, Loc]
    loc: Loc

    def get(self, key: str) -> "YNode | None":
        return self.entries.get(key)


YNode = Union[YScalar, YSeq, YMap]


class _YamlRefused(yaml.MarkedYAMLError):
    pass


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases, explicit tags and excessive nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _YamlRefused(None, None, "YAML anchors and aliases (&name, *name) are not "
                               "allowed; write the value out in full", event.start_mark)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise _YamlRefused(None, None, f"YAML tags such as {tag!r} are not allowed; "
                               "remove the tag", event.start_mark)
        if not isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            return super().compose_node(parent, index)
        self._depth += 1  # lists and maps count, as in _check_events
        if self._depth > MAX_DEPTH:
            raise _YamlRefused(None, None, TOO_DEEP, event.start_mark)  # type: ignore[arg-type]
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _check_events(text: str, loader: type) -> None:
    """Refuse anchors, aliases, tags and deep nesting before anything is composed."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _YamlRefused(None, None, "YAML anchors and aliases (&name, *name) are not "
                               "allowed; write the value out in full", event.start_mark)  # type: ignore[arg-type]
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and not isinstance(event, (yaml.DocumentStartEvent,)):
            raise _YamlRefused(None, None, f"YAML tags such as {tag!r} are not allowed; "
                               "remove the tag", event.start_mark)  # type: ignore[arg-type]
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _YamlRefused(None, None, TOO_DEEP, event.start_mark)  # type: ignore[arg-type]
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _compose(text: str) -> yaml.Node | None:
    """One document as a node tree, with libyaml when it is available."""
    if getattr(yaml, "__with_libyaml__", False):
        try:
            _check_events(text, yaml.CSafeLoader)
        except yaml.MarkedYAMLError as exc:
            if not (exc.problem or "").startswith(LIBYAML_TOO_DEEP):
                raise
            # libyaml scans a flow collection far ahead and stops at its own limit first; the
            # pure-Python parser finds where the nesting passed ours
        else:
            return yaml.compose(text, Loader=yaml.CSafeLoader)
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


@dataclass
class _Converter:
    path: str
    line_offset: int
    text: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def loc(self, mark: yaml.Mark) -> Loc:
        return Loc(self.path, mark.line + 1 + self.line_offset, mark.column + 1)

    def convert(self, node: yaml.Node) -> YNode:
        if isinstance(node, yaml.ScalarNode):
            self.check_characters(node)
            # libyaml marks a plain scalar with style '', the pure-Python parser with None
            style = node.style or ""
            raw = self.text[node.start_mark.index:node.end_mark.index]
            return YScalar(node.value, self.loc(node.start_mark), not style,
                           style in ("|", ">"), style, "" if raw == node.value else raw)
        if isinstance(node, yaml.SequenceNode):
            return YSeq(tuple(self.convert(n) for n in node.value), self.loc(node.start_mark))
        assert isinstance(node, yaml.MappingNode)
        entries: dict[str, YNode] = {}
        key_locs: dict[str, Loc] = {}
        for key_node, value_node in node.value:
            key_loc = self.loc(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.append(error(key_loc, "yaml-key", "a key must be plain text"))
                continue
            key = key_node.value
            self.check_characters(key_node)
            if key in entries:
                first = key_locs[key]
                self.diagnostics.append(error(
                    key_loc, "duplicate-key",
                    f"duplicate key '{key}' (first defined on line {first.line}); "
                    "remove one of them"))
                continue
            entries[key] = self.convert(value_node)
            key_locs[key] = key_loc
        return YMap(entries, key_locs, self.loc(node.start_mark))

    def check_characters(self, node: yaml.ScalarNode) -> None:
        """Refuse what an escape in a double-quoted string wrote (`"\\x01"`, `"\\u202e"`):
        the same characters written as they are never get this far."""
        for found in refused_characters(node.value, escaped=True):
            self.diagnostics.append(error(self.loc(node.start_mark), found.code, found.message))


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[YNode | None, list[Diagnostic]]:
    """Parse one YAML document into located nodes; an empty document gives None."""
    try:
        root = _compose(text)
    except _YamlRefused as exc:
        mark = exc.problem_mark
        loc = Loc(path, (mark.line + 1 if mark else 1) + line_offset, mark.column + 1 if mark else 1)
        return None, [error(loc, "yaml-refused", exc.problem or "")]
    except yaml.MarkedYAMLError as exc:
        found = explain(exc, text)
        return None, [error(Loc(path, found.line + 1 + line_offset, found.col + 1), "yaml-syntax",
                            found.message, detail(exc, line_offset))]
    except yaml.reader.ReaderError as exc:
        before = text[:exc.position]
        loc = Loc(path, before.count("\n") + 1 + line_offset,
                  exc.position - (before.rfind("\n") + 1) + 1)
        message = (f"YAML syntax error: character U+{exc.character:04X} is not allowed in YAML; "
                   "remove it, or write it as an escape in a double-quoted string")
        return None, [error(loc, "yaml-syntax", message)]
    except yaml.YAMLError as exc:
        return None, [error(Loc(path, 1 + line_offset, 1), "yaml-syntax", f"YAML error: {exc}")]
    except RecursionError:
        return None, [error(Loc(path, 1 + line_offset, 1), "yaml-refused",
                            "the YAML is nested too deeply; flatten the structure")]
    if root is None:
        return None, []
    mistakes = after_parse(text, root)
    if mistakes:
        return None, [error(Loc(path, m.line + 1 + line_offset, m.col + 1), m.code, m.message)
                      for m in mistakes]
    converter = _Converter(path, line_offset, text)
    return converter.convert(root), converter.diagnostics


def split_front_matter(text: str) -> tuple[str | None, int, str, int]:
    """Split `---` front matter from a Markdown file.

    Returns (front matter text or None, its first line number, body, the body's first line).
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, 1, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return front, 2, body, index + 2
    return None, 1, text, 1
