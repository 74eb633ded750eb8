"""The usual YAML mistakes are explained in plain words, with the fix, where the fix goes, and
in the same words whichever parser (libyaml or pure Python) reads the file."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from generator.content.yamlio import parse_yaml
from generator.diagnostics import Diagnostic

WORD = st.sampled_from(["north", "leader", "launch", "site", "rocket", "talks", "east", "arms"])


@dataclass
class Document:
    lines: list[str]
    plain: list[tuple[int, str]]  # (line, key) of `key: plain words`
    quoted: list[int]  # lines of `key: "words"`
    flow: list[int]  # lines of `key: [words]`


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """A profile-like file: plain, quoted and bracketed values, a list of maps, indented by
    2 or 4 spaces."""
    step = draw(st.sampled_from([2, 4]))
    doc = Document([], [], [], [])

    def words() -> str:
        return " ".join(draw(st.lists(WORD, min_size=2, max_size=5)))

    def plain(indent: int, key: str, dash: str = "") -> None:
        doc.plain.append((len(doc.lines), key))
        doc.lines.append(" " * indent + dash + f"{key}: {words()}")

    for key in draw(st.permutations(["name", "role", "side", "summary"])):
        plain(0, key)
        if draw(st.booleans()):
            doc.quoted.append(len(doc.lines))
            doc.lines.append(f"{key}_note: \"{words()}\"")
        if draw(st.booleans()):
            doc.flow.append(len(doc.lines))
            doc.lines.append(f"{key}_list: [{', '.join(words().split())}]")
    doc.lines.append("facts:")
    for _ in range(draw(st.integers(1, 3))):
        plain(step, "text", "- ")  # the item's keys line up after its '- '
        plain(step + 2, "by")
        doc.lines.append(" " * (step + 2) + "sources:")
        doc.lines.append(" " * (2 * step + 2) + "- source: wire")
        doc.quoted.append(len(doc.lines))
        doc.lines.append(" " * (2 * step + 4) + f"quote: \"{words()}\"")
    return doc


def both(text: str) -> list[str]:
    """The diagnostics, the same from libyaml (when installed) and the pure-Python parser."""
    found = []
    for libyaml in (getattr(yaml, "__with_libyaml__", False), False):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(yaml, "__with_libyaml__", libyaml)
            found.append([d.format() for d in parse_yaml(text, "f.yaml")[1]])
    assert found[0] == found[1], text
    return found[0]


def value_start(line: str) -> int:
    return line.index(": ") + 2


@given(documents(), st.data())
def test_an_unquoted_colon_says_to_quote_the_value(doc: Document, data: st.DataObject) -> None:
    number, key = data.draw(st.sampled_from(doc.plain))
    line = doc.lines[number]
    start = value_start(line)
    first = line.index(" ", start) if " " in line[start:] else len(line)
    doc.lines[number] = line[:first] + ": defence" + line[first:]
    value = doc.lines[number][start:]
    assert both("\n".join(doc.lines) + "\n") == [
        f"f.yaml:{number + 1}:{start + 1}: error[yaml-syntax]: the value of '{key}' has ': ' in "
        f"it, which YAML reads as the start of a key; put the value in quotes: "
        f"{key}: \"{value}\""]


@given(documents(), st.data())
def test_a_hash_after_a_space_says_the_rest_is_a_comment(doc: Document,
                                                         data: st.DataObject) -> None:
    number, key = data.draw(st.sampled_from(doc.plain))
    line = doc.lines[number]
    doc.lines[number] = line + " #2"
    assert both("\n".join(doc.lines) + "\n") == [
        f"f.yaml:{number + 1}:{value_start(line) + 1}: error[yaml-comment]: '#2' is read as a "
        f"comment, so '{key}' ends before it; put the whole value in quotes: "
        f"{key}: \"{line[value_start(line):]} #2\" (or, if it is a comment, put a space after "
        "the '#')"]


@given(documents(), st.data())
def test_a_tab_says_to_use_spaces_where_it_is(doc: Document, data: st.DataObject) -> None:
    number = data.draw(st.integers(0, len(doc.lines) - 1))
    line = doc.lines[number]
    spaces = [n for n, ch in enumerate(line) if ch == " " and not line[:n].count('"') % 2]
    assume(spaces)
    at = data.draw(st.sampled_from(spaces))
    doc.lines[number] = line[:at] + "\t" + line[at + 1:]
    found = both("\n".join(doc.lines) + "\n")
    assert found == [
        f"f.yaml:{number + 1}:{at + 1}: error[yaml-syntax]: a tab character where YAML expects "
        "spaces; YAML indents with spaces only: replace the tab with spaces"]


@given(documents(), st.data(), st.sampled_from([-1, 1]))
def test_a_key_out_of_line_says_how_it_is_indented(doc: Document, data: st.DataObject,
                                                   shift: int) -> None:
    siblings = [n for n, _ in doc.plain if n > 0 and not doc.lines[n].lstrip().startswith("- ")
                and _indent(doc.lines[n]) == _indent(doc.lines[n - 1])
                and _indent(doc.lines[n]) + shift >= 0]
    assume(siblings)
    number = data.draw(st.sampled_from(siblings))
    line = doc.lines[number]
    doc.lines[number] = " " * (_indent(line) + shift) + line.lstrip()
    found = both("\n".join(doc.lines) + "\n")
    key = line.strip().split(":")[0]
    assert len(found) == 1 and found[0].startswith(
        f"f.yaml:{number + 1}:1: error[yaml-syntax]: '{key}' is indented "
        f"{_indent(line) + shift} space"), found


@given(documents(), st.data())
def test_an_unclosed_quote_says_where_to_close_it(doc: Document, data: st.DataObject) -> None:
    number = data.draw(st.sampled_from(doc.quoted))
    line = doc.lines[number]
    doc.lines[number] = line[:-1]
    found = both("\n".join(doc.lines) + "\n")
    assert len(found) == 1 and found[0].startswith(
        f"f.yaml:{number + 1}:{len(line)}: error[yaml-syntax]: the quote (\") that opens the "
        f"value on line {number + 1} is "), found


@given(documents(), st.data())
def test_an_unclosed_bracket_says_where_to_close_it(doc: Document, data: st.DataObject) -> None:
    assume(doc.flow)
    number = data.draw(st.sampled_from(doc.flow))
    line = doc.lines[number]
    doc.lines[number] = line[:-1]
    assert both("\n".join(doc.lines) + "\n") == [
        f"f.yaml:{number + 1}:{len(line)}: error[yaml-syntax]: the '[' on line {number + 1} is "
        "never closed; add ']' at the end of the list, or, if the brackets are part of the "
        "text, put the whole value in quotes"]


@given(documents(), st.data())
def test_a_list_item_among_keys_says_where_a_list_goes(doc: Document,
                                                       data: st.DataObject) -> None:
    number, _ = data.draw(st.sampled_from(doc.plain))
    line = doc.lines[number]
    assume(not line.lstrip().startswith("- "))
    doc.lines.insert(number + 1, " " * _indent(line) + "- item")
    assert both("\n".join(doc.lines) + "\n") == [
        f"f.yaml:{number + 2}:{_indent(line) + 1}: error[yaml-syntax]: a list item ('- ') where "
        "the map around it expects 'key: value'; put the list under a key of its own ('key:' "
        "on one line, the items indented below it), or remove the '- '"]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


@pytest.mark.parametrize("text, expected", [
    ("name: A\nrole: Minister: defence\n", "2:7: error[yaml-syntax]: the value of 'role' has "
     "': ' in it, which YAML reads as the start of a key; put the value in quotes: "
     "role: \"Minister: defence\""),
    ("name:A\nrole: x\n", "1:6: error[yaml-syntax]: 'name:A' has no space after its ':', so "
     "YAML does not read 'name' as a key; write 'name: A'"),
    ("name: #1 leader\n", "1:7: error[yaml-comment]: '#1 leader' is read as a comment, so "
     "'name' is empty; put the value in quotes: name: \"#1 leader\""),
    ("aliases: [Hwasong #18, KN-28]\n", "1:11: error[yaml-syntax]: ' #' starts a comment, "
     "which cuts the list in brackets short; put the item in quotes: \"Hwasong #18\""),
    ("name:\tA\n", "1:6: error[yaml-syntax]: a tab character where YAML expects spaces; YAML "
     "indents with spaces only: replace the tab with spaces"),
    ("facts:\n  - text: a\n    sources:\n      - source: x\n     quote: y\n", "5:1: "
     "error[yaml-syntax]: 'quote' is indented 5 spaces, which lines up with no key above it "
     "('source' on line 4 is indented 8 spaces, 'sources' on line 3 is indented 4 spaces); "
     "indent it like the key it belongs with"),
    ("aliases:\n  - a\n - b\n", "3:1: error[yaml-syntax]: this list item is indented 1 space, "
     "which lines up with no item above it (the item on line 2 is indented 2 spaces); indent "
     "it like the items of its list"),
    ("- a\nb: c\n", "2:1: error[yaml-syntax]: 'b' is a key where the list around it expects an "
     "item: start the line with '- ', or indent it like the keys of the map it belongs to"),
    ("name: \"Kim\nrole: x\n", "1:11: error[yaml-syntax]: the quote (\") that opens the value "
     "on line 1 is never closed; add the closing \" at the end of the value"),
    ("name: 'Kim\nrole: 'Host'\n", "1:11: error[yaml-syntax]: the quote (') that opens the "
     "value on line 1 is not closed on that line, so YAML reads on to the next quote; add the "
     "closing ' at the end of line 1"),
    ("quote: \"very glad\" to see\n", "1:8: error[yaml-syntax]: the value starts with a quote, "
     "so it ends at the closing quote, but more text follows; to keep the quotes as text, put "
     "the whole value in single quotes: '\"very glad\" to see'"),
    ("quote: 'it's here'\n", "1:11: error[yaml-syntax]: the ' inside the value ends it early; "
     "inside single quotes write ' twice: 'it''s here'"),
    ("quote: \"say \"hi\" now\"\n", "1:8: error[yaml-syntax]: the \" inside the value ends it "
     "early; put the value in single quotes instead: 'say \"hi\" now'"),
    ("name: [Kim] Jong\n", "1:7: error[yaml-syntax]: the value starts with '[', so YAML reads "
     "it as ending at ']', but more text follows; put the whole value in quotes: \"[Kim] "
     "Jong\""),
    ("type: {a: b\nrole: x\n", "1:12: error[yaml-syntax]: the '{' on line 1 is never closed; "
     "add '}' at the end of the map, or, if the braces are part of the text, put the whole "
     "value in quotes"),
    ("name: | Kim\n", "1:9: error[yaml-syntax]: text after '|' on its line: the text of a '|' "
     "value goes on the lines below it, indented; or, if '|' is part of the text, put the "
     "value in quotes"),
    ("name: @handle\n", "1:7: error[yaml-syntax]: a value cannot start with '@'; put the value "
     "in quotes: \"@handle\""),
    ("summary: *Very* big\n", "1:10: error[yaml-syntax]: a value cannot start with '*'; put "
     "the value in quotes: \"*Very* big\""),
    ("name: - x\n", "1:7: error[yaml-syntax]: a list cannot start on the same line as its key: "
     "put each item on a line of its own below the key, indented and starting with '- '; or, "
     "if the '-' is part of the text, put the value in quotes"),
    ("name: A\nrole\nside: x\n", "2:5: error[yaml-syntax]: 'role' is not followed by ':'; a "
     "line of a map is 'key: value'"),
    ("name: \"a\\qb\"\n", "1:9: error[yaml-syntax]: '\\q' is not an escape that YAML knows; "
     "write '\\\\' for a backslash, or put the value in single quotes"),
    ("name: A\n---\nname: B\n", "2:1: error[yaml-syntax]: a second YAML document starts here; "
     "a content file holds one: remove this '---' line, or what follows it"),
    ("name: ? x\n", "1:7: error[yaml-syntax]: this cannot be read as YAML; check the quotes, "
     "colons and indentation here and on the line above"),
])
def test_each_mistake_is_named_with_its_fix(text: str, expected: str) -> None:
    assert both(text) == [f"f.yaml:{expected}"]


def test_the_parsers_own_words_stay_in_the_detail() -> None:
    [problem] = parse_yaml("title: A\nrole: Minister: defence\n", "a.md", line_offset=1)[1]
    assert isinstance(problem, Diagnostic)
    assert problem.detail.startswith("PyYAML: mapping values are not allowed")
    assert problem.detail.endswith("(line 3, column 15)")
    assert problem.format(verbose=True) == problem.format() + "\n    note: " + problem.detail
    assert "note" not in problem.format()


@given(documents(), st.data(), st.integers(1, 3), st.sampled_from(["[]", "{}"]))
def test_a_value_that_starts_in_brackets_is_quoted_whole_in_the_fix(
        doc: Document, data: st.DataObject, depth: int, pair: str) -> None:
    """`[[id]] more words`, `[Kim] Jong` and the like: the fix quotes the value from its first
    bracket, and the file with the fix applied reads as the value written."""
    number, key = data.draw(st.sampled_from(doc.plain))
    line = doc.lines[number]
    start = value_start(line)
    words = line[start:].split(" ")
    value = pair[0] * depth + words[0] + pair[1] * depth + " " + " ".join(words[1:])
    doc.lines[number] = line[:start] + value
    found = both("\n".join(doc.lines) + "\n")
    assert found == [
        f"f.yaml:{number + 1}:{start + 1}: error[yaml-syntax]: the value starts with "
        f"'{pair[0]}', so YAML reads it as ending at '{pair[1]}', but more text follows; put "
        f"the whole value in quotes: \"{value}\""], found
    doc.lines[number] = line[:start] + f"\"{value}\""
    fixed = yaml.safe_load("\n".join(doc.lines) + "\n")
    values = [fixed.get(key)] + [fact.get(key) for fact in fixed["facts"]]
    assert value in values
