"""What parses but is not what the author meant, or would not parse everywhere.

A '#' after a space starts a comment, so `role: Minister #2` is "Minister" and `name: #1`
is empty; libyaml takes a tab in places where the pure-Python parser refuses one, so a file
would load on one machine and not on another. Both are reported, in plain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

import yaml

from generator.content.yamlerrors import TAB, quoted

_COMMENTED = re.compile(r"^[ \t]+#(\S.*)$")


@dataclass(frozen=True)
class Found:
    line: int  # 0-based
    col: int
    code: str
    message: str


def after_parse(text: str, root: yaml.Node) -> list[Found]:
    """What parsed but is not what the author meant, or would not parse everywhere: a tab
    where only libyaml takes one (the pure-Python parser refuses it) and values cut short by a
    '#' that starts a comment."""
    allowed: list[tuple[int, int]] = []  # quoted and block scalars: tabs are text there
    found: list[Found] = []
    for node, key, flow in _scalars(root, None, False):
        if node.style:
            allowed.append((node.start_mark.index, node.end_mark.index))
        elif not flow:
            found.extend(_cut_by_comment(text, node, key))
    tab = _stray_tab(text, sorted(allowed))
    return [tab] if tab is not None else found


def _scalars(node: yaml.Node, key: str | None,
             flow: bool) -> Iterator[tuple[yaml.ScalarNode, str | None, bool]]:
    """Every scalar value with the key it is the value of (None in a list) and whether it is
    written inside brackets."""
    if isinstance(node, yaml.ScalarNode):
        yield node, key, flow
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item, None, flow or bool(node.flow_style))
    elif isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            yield from _scalars(value, name, flow or bool(node.flow_style))


def _cut_by_comment(text: str, node: yaml.ScalarNode, key: str | None) -> list[Found]:
    end = node.end_mark
    line_end = text.find("\n", end.index)
    rest = text[end.index:len(text) if line_end < 0 else line_end]
    comment = _COMMENTED.match(rest)
    if comment is None:
        return []
    hash_col = end.column + rest.index("#")
    what = f"'{key}'" if key is not None else "the list item"
    if not node.value:
        words = "#" + comment.group(1).rstrip()
        written = f"{key}: {quoted(words)}" if key is not None else quoted(words)
        return [Found(end.line, hash_col, "yaml-comment",
                      f"'{words}' is read as a comment, so {what} is empty; put the value in "
                      f"quotes: {written}")]
    start = node.start_mark
    value = text[start.index:end.index] + rest.rstrip()
    written = f"{key}: {quoted(value)}" if key is not None else quoted(value)
    cut = "#" + comment.group(1).rstrip()
    return [Found(start.line, start.column, "yaml-comment",
                  f"'{cut}' is read as a comment, so {what} ends before it; put the whole "
                  f"value in quotes: {written} (or, if it is a comment, put a space after the "
                  "'#')")]


def _stray_tab(text: str, allowed: list[tuple[int, int]]) -> Found | None:
    """The first tab outside quoted and block scalars and comments."""
    at = text.find("\t")
    while at >= 0:
        inside = any(start <= at < end for start, end in allowed)
        line_start = text.rfind("\n", 0, at) + 1
        if not inside and not _in_comment(text, line_start, at, allowed):
            return Found(text.count("\n", 0, at), at - line_start, "yaml-syntax", TAB)
        at = text.find("\t", at + 1)
    return None


def _in_comment(text: str, line_start: int, at: int, allowed: list[tuple[int, int]]) -> bool:
    for found in re.finditer(r"(?:^|(?<=[ \t]))#", text[line_start:at]):
        where = line_start + found.start()
        if not any(start <= where < end for start, end in allowed):
            return True
    return False
