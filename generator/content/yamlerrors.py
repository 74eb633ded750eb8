"""YAML mistakes explained in plain words, each with its fix, where the fix goes.

PyYAML says "mapping values are not allowed here" for an unquoted colon and "did not find
expected key" for a bad indent, and libyaml words both differently again. `explain` reads
the text around a parser error and names the usual mistake (an unquoted ': ' or ' #', a tab,
a bad indent, an unclosed quote or bracket, a list item where a map was expected ...) in the
same words whichever parser found it; the parser's own words stay in the diagnostic's detail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import yaml

# a line that starts a key: indentation, list dashes, the key and its colon
_KEY_LINE = re.compile(r"^( *)((?:- +)*)([^\s#\[\]{}\"'-][^#]*?|\"[^\"]*\"|'[^']*'):(?: |$)")
_NO_SPACE_KEY = re.compile(r"^( *(?:- +)*)([^\s#\[\]{}\"':-][^\s:]*):(\S.*)$")
_ITEM_LINE = re.compile(r"^( *)-(?: |$)")


@dataclass(frozen=True)
class Explained:
    line: int  # 0-based, in the YAML text
    col: int  # 0-based
    message: str


def detail(exc: yaml.MarkedYAMLError, line_offset: int = 0) -> str:
    """The parser's own words, with file lines and columns."""
    def where(mark: yaml.Mark | None) -> str:
        return f" (line {mark.line + 1 + line_offset}, column {mark.column + 1})" if mark else ""
    parts = [f"{exc.context}{where(exc.context_mark)}" if exc.context else "",
             f"{exc.problem}{where(exc.problem_mark)}" if exc.problem else ""]
    return "PyYAML: " + ": ".join(part for part in parts if part)


def explain(exc: yaml.MarkedYAMLError, text: str) -> Explained:
    """The mistake behind a parser error, in plain words, at the place of its fix."""
    return _Reader(text, exc).explain()


class _Reader:
    def __init__(self, text: str, exc: yaml.MarkedYAMLError) -> None:
        self.text = text
        self.lines = text.split("\n")
        mark = exc.problem_mark or exc.context_mark
        self.line, self.col = (mark.line, mark.column) if mark else (0, 0)
        self.index = mark.index if mark else 0
        self.context = exc.context or ""
        self.context_mark = exc.context_mark
        self.problem = exc.problem or ""

    def at(self, line: int, col: int = 0) -> str:
        return self.lines[line][col:] if line < len(self.lines) else ""

    def explain(self) -> Explained:
        for rule in (self.tab, self.document, self.colon, self.dash_after_key, self.quoted_eof,
                     self.flow, self.block_header, self.escape, self.cannot_start,
                     self.simple_key, self.after_quote, self.indentation):
            found = rule()
            if found is not None:
                return found
        return Explained(self.line, self.col, "this cannot be read as YAML; check the quotes, "
                         "colons and indentation here and on the line above")

    # ------------------------------------------------------------------ rules

    def tab(self) -> Explained | None:
        if self.at(self.line, self.col)[:1] != "\t" and "tab" not in self.problem:
            return None
        return Explained(self.line, self.col, TAB)

    def document(self) -> Explained | None:
        if "single document" not in self.context:
            return None
        return Explained(self.line, self.col, "a second YAML document starts here; a content "
                         "file holds one: remove this '---' line, or what follows it")

    def colon(self) -> Explained | None:
        if not self.problem.startswith("mapping values are not allowed"):
            return None
        line = self.at(self.line)
        key = _KEY_LINE.match(line)
        if key is not None and len(key.group(0)) <= self.col:
            after = len(key.group(0))
            start = after + len(line[after:]) - len(line[after:].lstrip(" "))
            value = value_text(line[start:])
            name = _unquoted(key.group(3))
            return Explained(self.line, start, f"the value of '{name}' has ': ' in it, which "
                             "YAML reads as the start of a key; put the value in quotes: "
                             f"{name}: {quoted(value)}")
        above = self.previous_content_line(self.line)
        joined = self.no_space(above) if above is not None else None
        if joined is not None:
            return joined
        owner = self.key_above(self.line, lambda col: col < _indent(line))
        if owner is None:
            return None
        number, col, name = owner
        this = _KEY_LINE.match(line)
        what = f"'{_unquoted(this.group(3))}'" if this else "this line"
        return Explained(self.line, 0, f"{what} is indented {_spaces(_indent(line))}, more than "
                         f"'{name}' on line {number + 1} ({_spaces(col)}), so YAML reads it as "
                         f"part of the value of '{name}'; indent it like the key it belongs with")

    def dash_after_key(self) -> Explained | None:
        if "sequence entries are not allowed" not in self.problem:
            return None
        return Explained(self.line, self.col, "a list cannot start on the same line as its "
                         "key: put each item on a line of its own below the key, indented and "
                         "starting with '- '; or, if the '-' is part of the text, put the value "
                         "in quotes")

    def quoted_eof(self) -> Explained | None:
        if "quoted scalar" not in self.context or "end of stream" not in self.problem or \
                self.context_mark is None:
            return None
        opened = self.context_mark
        quote = self.at(opened.line, opened.column)[:1]
        line = self.at(opened.line)
        return Explained(opened.line, len(line.rstrip()),
                         f"the quote ({quote}) that opens the value on line {opened.line + 1} "
                         f"is never closed; add the closing {quote} at the end of the value")

    def flow(self) -> Explained | None:
        if "flow sequence" not in self.context and "flow mapping" not in self.context or \
                self.context_mark is None:
            return None
        opened = self.context_mark
        bracket, closing, what, marks = ("[", "]", "list", "brackets") \
            if "sequence" in self.context else ("{", "}", "map", "braces")
        line = self.at(opened.line)
        comment = re.search(r"[ \t]#", line[opened.column:])
        if comment is not None:
            hash_at = opened.column + comment.start() + 1
            start = max(line.rfind(",", 0, hash_at), line.rfind(bracket, 0, hash_at)) + 1
            start += len(line[start:]) - len(line[start:].lstrip())
            item = re.split(r"\s*[,\]}]", line[start:], maxsplit=1)[0]
            return Explained(opened.line, start, f"' #' starts a comment, which cuts the {what} "
                             f"in {marks} short; put the item in quotes: {quoted(item)}")
        if self.line > opened.line:
            return Explained(opened.line, len(line.rstrip()),
                             f"the '{bracket}' on line {opened.line + 1} is never closed; add "
                             f"'{closing}' at the end of the {what}, or, if the {marks} are "
                             "part of the text, put the whole value in quotes")
        return Explained(self.line, self.col, f"the {what} in {marks} cannot be read from "
                         "here: an item with ',', ':', '[', ']', '{', '}' or '#' in it goes in "
                         "quotes")

    def block_header(self) -> Explained | None:
        if "block scalar" not in self.context or self.context_mark is None:
            return None
        sign = self.at(self.context_mark.line, self.context_mark.column)[:1]
        return Explained(self.line, self.col, f"text after '{sign}' on its line: the text of "
                         f"a '{sign}' value goes on the lines below it, indented; or, if "
                         f"'{sign}' is part of the text, put the value in quotes")

    def escape(self) -> Explained | None:
        if "escape" not in self.problem:
            return None
        col = self.at(self.line).rfind("\\", 0, self.col + 1)
        code = self.at(self.line, col)[:2]
        return Explained(self.line, col, f"'{code}' is not an escape that YAML knows; write "
                         "'\\\\' for a backslash, or put the value in single quotes")

    def cannot_start(self) -> Explained | None:
        if "cannot start any token" in self.problem:
            col = self.col
        elif ("alias" in self.context or "anchor" in self.context) and self.context_mark:
            col = self.context_mark.column
            if self.context_mark.line != self.line:
                return None
        else:
            return None
        value = value_text(self.at(self.line, col))
        return Explained(self.line, col, f"a value cannot start with '{value[:1]}'; put the "
                         f"value in quotes: {quoted(value)}")

    def simple_key(self) -> Explained | None:
        if "simple key" not in self.context or self.context_mark is None:
            return None
        line = self.at(self.context_mark.line)
        word = line.strip()
        joined = self.no_space(self.context_mark.line)
        if joined is not None:
            return joined
        return Explained(self.context_mark.line, len(line.rstrip()),
                         f"'{word}' is not followed by ':'; a line of a map is 'key: value'")

    def after_quote(self) -> Explained | None:
        """Text right after a quoted value: an apostrophe, a quote left open, or quotes that
        were meant as part of the text."""
        end = len(self.text[:self.index].rstrip(" "))
        if end == 0 or self.text[end - 1] not in "'\"]}" or self.line != self.at_index(end):
            return None
        if self.text[end - 1] in "]}":
            opened = _opening(self.text, end - 1)
            if opened < 0:
                return None
            line_start = self.text.rfind("\n", 0, opened) + 1
            value = value_text(self.at(self.at_index(opened), opened - line_start))
            return Explained(self.at_index(opened), opened - line_start,
                             f"the value starts with '{self.text[opened]}', so YAML reads it "
                             f"as ending at '{self.text[end - 1]}', but more text follows; "
                             f"put the whole value in quotes: {quoted(value)}")
        token = _quoted_token_ending_at(self.text, end)
        if token is None:
            return None
        start, style = token.start_mark, token.style
        if start.line < self.line:
            line = self.at(start.line)
            return Explained(start.line, len(line.rstrip()),
                             f"the quote ({style}) that opens the value on line {start.line + 1} "
                             "is not closed on that line, so YAML reads on to the next quote; "
                             f"add the closing {style} at the end of line {start.line + 1}")
        value = value_text(self.at(start.line, start.column))
        inner = value[1:-1] if len(value) > 1 and value[-1] == style else ""
        if style == "'" and inner and end == self.index:
            return Explained(self.line, self.col - 1, "the ' inside the value ends it early; "
                             f"inside single quotes write ' twice: {single(inner)}")
        if style == '"' and inner:
            return Explained(start.line, start.column, "the \" inside the value ends it early; "
                             f"put the value in single quotes instead: {single(inner)}")
        return Explained(start.line, start.column, "the value starts with a quote, so it ends "
                         "at the closing quote, but more text follows; to keep the quotes as "
                         f"text, put the whole value in single quotes: {single(value)}")

    def indentation(self) -> Explained | None:
        """A key or list item at an indentation that fits nothing above it."""
        if not any(words in self.problem for words in BLOCK_END) or \
                self.col != _indent(self.at(self.line)):
            return None
        line = self.at(self.line)
        if _ITEM_LINE.match(line):
            return self.misplaced_item(line)
        key = _KEY_LINE.match(line)
        if key is None:
            return None
        name, indent = _unquoted(key.group(3)), _indent(line)
        deeper = self.key_above(self.line, lambda col: col > indent)
        shallower = self.key_above(self.line, lambda col: col < indent)
        near = [found for found in (deeper, shallower) if found is not None]
        if not near:
            return Explained(self.line, 0, f"'{name}' is a key where the list around it "
                             "expects an item: start the line with '- ', or indent it like the "
                             "keys of the map it belongs to")
        listed = ", ".join(f"'{other}' on line {number + 1} is indented {_spaces(col)}"
                           for number, col, other in near)
        return Explained(self.line, 0, f"'{name}' is indented {_spaces(indent)}, which lines "
                         f"up with no key above it ({listed}); indent it like the key it belongs "
                         "with")

    def misplaced_item(self, line: str) -> Explained:
        indent = _indent(line)
        for number in range(self.line - 1, -1, -1):
            above = self.at(number)
            if _KEY_LINE.match(above) and _indent(above) <= indent and \
                    not _ITEM_LINE.match(above):
                break  # the map the item is in
            if _ITEM_LINE.match(above) and _indent(above) != indent:
                return Explained(self.line, 0, f"this list item is indented "
                                 f"{_spaces(indent)}, which lines up with no item above it "
                                 f"(the item on line {number + 1} is indented "
                                 f"{_spaces(_indent(self.at(number)))}); indent it like the "
                                 "items of its list")
        return Explained(self.line, indent, "a list item ('- ') where the map around it "
                         "expects 'key: value'; put the list under a key of its own ('key:' on "
                         "one line, the items indented below it), or remove the '- '")

    # ---------------------------------------------------------------- helpers

    def at_index(self, index: int) -> int:
        """The line of a character of the text."""
        return self.text.count("\n", 0, index)

    def no_space(self, line: int) -> Explained | None:
        """A `key:value` line, with no space after the colon."""
        joined = _NO_SPACE_KEY.match(self.at(line))
        if joined is None:
            return None
        name, rest = joined.group(2), joined.group(3)
        return Explained(line, len(joined.group(1)) + len(name) + 1,
                         f"'{name}:{rest}' has no space after its ':', so YAML does not read "
                         f"'{name}' as a key; write '{name}: {rest}'")

    def previous_content_line(self, line: int) -> int | None:
        for number in range(line - 1, -1, -1):
            if self.at(number).strip() and not self.at(number).lstrip().startswith("#"):
                return number
        return None

    def key_above(self, line: int, fits: Callable[[int], bool]) -> tuple[int, int, str] | None:
        """The nearest key above the line whose column fits: (line, column, key)."""
        for number in range(line - 1, -1, -1):
            key = _KEY_LINE.match(self.at(number))
            if key is not None:
                col = len(key.group(1)) + len(key.group(2))
                if fits(col):
                    return number, col, _unquoted(key.group(3))
        return None


# what the two parsers say when a block ends where it cannot
BLOCK_END = ("block end", "expected key", "'-' indicator", "document start")
TAB = ("a tab character where YAML expects spaces; YAML indents with spaces only: replace the "
       "tab with spaces")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _spaces(count: int) -> str:
    return f"{count} space{'s' if count != 1 else ''}"


def _opening(text: str, closing: int) -> int:
    """Where the bracket or brace that the one at `closing` closes was opened (brackets
    within it, such as the inner pair of `[[id]]`, are passed over); -1 if nowhere."""
    close = text[closing]
    open_ = "[" if close == "]" else "{"
    depth = 0
    for index in range(closing, -1, -1):
        if text[index] == close:
            depth += 1
        elif text[index] == open_:
            depth -= 1
            if depth == 0:
                return index
    return -1


def _unquoted(key: str) -> str:
    return key[1:-1] if key[:1] in "'\"" and key[-1:] == key[:1] else key


def value_text(rest: str) -> str:
    """A value as written to the end of its line, without a trailing comment."""
    return re.split(r"[ \t]+#", rest, maxsplit=1)[0].rstrip()


def quoted(value: str) -> str:
    """The value in double quotes, or single quotes if it has quotes or backslashes."""
    if '"' in value or "\\" in value:
        return single(value)
    return f'"{value}"'


def single(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _quoted_token_ending_at(text: str, index: int) -> yaml.ScalarToken | None:
    """The quoted scalar token that ends just before `index`, as the scanner read it."""
    loader = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader
    found = None
    try:
        for token in yaml.scan(text[:index], Loader=loader):
            if isinstance(token, yaml.ScalarToken) and token.end_mark.index == index:
                found = token
    except yaml.YAMLError:
        pass
    return found if found is not None and found.style in ("'", '"') else None
