"""Diagnostics about text inside a YAML value point at the offending characters in the file,
whatever the scalar's style: literal and folded blocks with every chomping and an explicit
indentation, single and double quotes (escapes and escaped line breaks included) and plain
scalars over several lines."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.content import schema
from generator.content.model import Content, Profile, Site, Statement
from generator.content.coerce import Coercer
from generator.content.schema import Md
from generator.content.yamlio import YMap, YNode, YSeq, parse_yaml
from generator.diagnostics import Diagnostic, Loc
from generator.linking.link import check_fields
from generator.memo import Memo

BLOCK_STYLES = ["|", "|-", "|+", ">", ">-", ">+"]
STYLES = BLOCK_STYLES + ["|2", ">-1", "'", '"', ""]
LETTERS = "abcxyzKLM019éüßаяжκλ中文😀"
PUNCTUATION = ".,;!?“”‘’'\"-"

# a word of the value as (its text, how it is written in a double-quoted scalar)
Word = tuple[str, str]


pytestmark = pytest.mark.usefixtures("yaml_parser")  # every test runs with both parsers


def escaped(ch: str, how: int) -> str:
    """A character as a double-quoted scalar may write it."""
    if ch in '"\\':
        return "\\" + ch
    return [ch, f"\\x{ord(ch):02x}" if ord(ch) < 256 else ch, f"\\u{ord(ch):04x}"
            if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}"][how % 3]


@st.composite
def words(draw: st.DrawFn) -> Word:
    text = draw(st.text(st.sampled_from(LETTERS), min_size=1, max_size=6))
    text += draw(st.text(st.sampled_from(PUNCTUATION), max_size=2))
    hows = draw(st.lists(st.integers(0, 2), min_size=len(text), max_size=len(text)))
    return text, "".join(escaped(ch, how) for ch, how in zip(text, hows))


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str, list[str], list[str]]:
    """(the YAML text, the style, the [[id]] links and unsafe URLs written in the value)."""
    style = draw(st.sampled_from(STYLES))
    nested = draw(st.booleans())
    key_col = 4 if nested else 0
    lines: list[list[Word]] = draw(st.lists(st.lists(words(), max_size=5), min_size=1,
                                            max_size=5))
    if not any(lines[0]):  # plain and quoted scalars start with a word
        lines[0] = [("Start", "Start")]
    links = [f"[[gone-{n}]]" for n in range(draw(st.integers(1, 3)))]
    urls = [f"javascript:alert({n})" for n in range(draw(st.integers(0, 2)))]
    for n, marker in enumerate(links + [f"[u{n}]({url})" for n, url in enumerate(urls)]):
        line = draw(st.integers(0, len(lines) - 1))
        at = draw(st.integers(1 if line == 0 else 0, len(lines[line])))
        lines[line].insert(at, (marker, marker))
    written = write_value(style, lines, key_col, draw)
    prefix = "facts:\n  - text: " if nested else "summary: "
    after = "    sources: []\n" if nested else "name: A\n"
    return prefix + written + after, style, links, urls


def write_value(style: str, lines: list[list[Word]], key_col: int, draw: st.DrawFn) -> str:
    if style and style[0] in "|>":
        digits = style[-1] if style[-1].isdigit() else ""
        indent = key_col + (int(digits) if digits else draw(st.integers(1, 4)))
        body = []
        for words_ in lines:
            text = " ".join(word for word, _ in words_)
            extra = " " * draw(st.integers(0, 2)) if body else ""  # more-indented lines
            body.append(" " * indent + extra + text if text else "")
        return style + "\n" + "\n".join(body) + "\n"
    indent = " " * (key_col + 2)
    if style == "'":
        rows = [" ".join(word.replace("'", "''") for word, _ in words_) for words_ in lines]
    elif style == '"':
        rows = [" ".join(written for _, written in words_) for words_ in lines]
        ends = draw(st.lists(st.sampled_from(["", "\\", " \\n"]), min_size=len(rows),
                             max_size=len(rows)))
        rows = [row + end if n < len(rows) - 1 and row else row
                for n, (row, end) in enumerate(zip(rows, ends))]
    else:
        rows = [" ".join(word for word, _ in words_) for words_ in lines]
    text = "\n".join([rows[0]] + [indent + row if row else "" for row in rows[1:]])
    return f"{style}{text}{style}\n"


def value_node(root: YNode | None) -> YNode:
    assert isinstance(root, YMap)
    if "summary" in root.entries:
        return root.entries["summary"]
    facts = root.entries["facts"]
    assert isinstance(facts, YSeq) and isinstance(facts.items[0], YMap)
    return facts.items[0].entries["text"]


def diagnostics(md_text: Md, inline: bool) -> list[Diagnostic]:
    """What the linker says of the text, as a profile's summary or (inline) a typed field."""
    here = Loc("f.yaml")
    placeholder = Statement(Md("", here), (), here, kind="background")
    holder = Profile("p", "person", "f.yaml", "", "P", md_text if not inline else Md("", here),
                     here, fields=(("role", md_text),) if inline else ())
    content = Content(Site("T", placeholder, (), here), (), (holder,), (), ())
    return check_fields(content, {}, Memo())


def at(text: str, loc: Loc) -> str:
    return text.split("\n")[loc.line - 1][loc.col - 1:]


@given(documents(), st.booleans())
def test_every_problem_in_a_value_points_at_its_characters(
        document: tuple[str, str, list[str], list[str]], inline: bool) -> None:
    text, style, links, urls = document
    root, problems = parse_yaml(text, "f.yaml")
    assert problems == [], text
    md_text = Coercer().coerce(value_node(root), schema.INLINE if inline else schema.MARKDOWN,
                               "'summary'")
    assert isinstance(md_text, Md)
    found = diagnostics(md_text, inline)
    linked = [d for d in found if d.code == "unknown-id"]
    assert sorted(at(text, d.loc)[:len("[[gone-0]]")] for d in linked) == sorted(links), text
    for problem in (d for d in found if d.code == "unsafe-url"):
        url = problem.message.split("'")[1]
        assert url in urls and at(text, problem.loc).startswith(url), (text, problem)


@pytest.mark.parametrize("text, where", [
    ("summary: >-\n  Leader of the North.\n  He met [[gone]] there.\n", "3:10"),
    ("summary: |\n  Leader.\n\n    Indented [[gone]].\n", "4:14"),
    ("summary: 'It''s\n  the [[gone]]'\n", "2:7"),
    ('summary: "A \\"B\\"\\\n  \\u00e9 [[gone]]"\n', "2:10"),
    ("summary: one\n  two [[gone]]\n", "2:7"),
])
def test_a_link_to_nothing_is_reported_at_its_own_line_and_column(text: str, where: str) -> None:
    root, _ = parse_yaml(text, "f.yaml")
    md_text = Coercer().coerce(value_node(root), schema.MARKDOWN, "'summary'")
    assert isinstance(md_text, Md)
    assert [str(d.loc) for d in diagnostics(md_text, False)] == [f"f.yaml:{where}"]
