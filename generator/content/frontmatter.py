"""How an article's front matter is marked off from its text, and what is said when it is not.

An article starts with a line `---`, its fields (`title: ...`), a closing `---` and an empty
line before the text. A missing opening or closing line, or text right under the closing one,
each get a message of their own at the line where the fix goes, instead of a YAML error about
the text that was read as fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.content.yamlio import YMap, YNode, YScalar

_FENCES = ("---", "...")
# a line YAML front matter may hold: a field, an indented or list line, a comment
_FIELD = re.compile(r"^(?:[A-Za-z_][\w-]*:(?:\s|$)|\s+\S|- |#)")


@dataclass(frozen=True)
class Misplaced:
    line: int  # 1-based, where the fix goes
    message: str


def fence_problem(text: str) -> Misplaced | None:
    """What is wrong with the lines that mark off the front matter, if anything."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return _no_opening(lines)
    text_starts = _fields_end(lines)
    if text_starts == len(lines) or lines[text_starts].rstrip() not in _FENCES:
        last_field = max(n for n in range(text_starts) if lines[n].strip())
        return Misplaced(last_field + 2, "the front matter opened on line 1 is not closed "
                         "before the text: add a line '---' here, after its last field")
    if text_starts + 1 < len(lines) and lines[text_starts + 1].strip():
        return Misplaced(text_starts + 2, "the text starts right under the closing '---': put "
                         "an empty line between them")
    return None


def _fields_end(lines: list[str]) -> int:
    """The index of the first line after the opening one that is not a field (nor empty, nor
    an indented or list line): the closing fence, or the text when that is missing."""
    for number in range(1, len(lines)):
        line = lines[number]
        if line.rstrip() in _FENCES or (line.strip() and not _FIELD.match(line)):
            return number
    return len(lines)


def _no_opening(lines: list[str]) -> Misplaced:
    fields = _fields_end(["---"] + lines) - 1
    if lines and _FIELD.match(lines[0]) and fields < len(lines) and \
            lines[fields].rstrip() in _FENCES:
        return Misplaced(1, "the front matter has no opening '---': add a line '---' above "
                         "line 1")
    return Misplaced(1, "an article starts with front matter between two '---' lines (title, "
                     "publisher, published ...)")


def not_fields(node: YNode) -> str | None:
    """The message for front matter that is not a map of fields; None if it is one."""
    if isinstance(node, YMap):
        return None
    what = f"'{node.text}'" if isinstance(node, YScalar) else "a list"
    return ("the front matter must be fields written 'name: value' (title, publisher, "
            f"published ...), not {what}")
