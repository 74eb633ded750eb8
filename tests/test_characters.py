"""Characters no page, feed or JSON may carry are refused where they are written, in any file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from generator.content.load import load
from generator.characters import refused_characters
from tests.conftest import MINI

REFUSED = st.one_of(st.sampled_from([*map(chr, range(0x20)), "\ufffe", "\uffff"])
                    .filter(lambda ch: ch not in "\t\n\r"),
                    st.sampled_from([*map(chr, range(0x202A, 0x202F)),
                                     *map(chr, range(0x2066, 0x206A))]))
FILES = sorted(p.relative_to(MINI).as_posix() for p in MINI.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("characters") / "content"


@given(rel=st.sampled_from(FILES), char=REFUSED, data=st.data())
def test_a_refused_character_is_an_error_at_its_line_and_column(
        content: Path, rel: str, char: str, data: st.DataObject) -> None:
    if not content.exists():
        shutil.copytree(MINI, content)
    lines = (MINI / rel).read_text(encoding="utf-8").split("\n")
    line = data.draw(st.integers(0, len(lines) - 1))
    col = data.draw(st.integers(0, len(lines[line])))
    lines[line] = lines[line][:col] + char + lines[line][col:]
    (content / rel).write_text("\n".join(lines), encoding="utf-8")
    [found] = refused_characters(char)
    try:
        errors = [d.format() for d in load(content)[1]]
    finally:
        shutil.copy(MINI / rel, content / rel)
    assert errors == [f"{content}/{rel}:{line + 1}:{col + 1}: error[{found.code}]: "
                      f"{found.message}"]


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=30), REFUSED)
def test_the_first_of_each_kind_is_reported(text: str, char: str) -> None:
    found = refused_characters(text + char + text)
    assert [f.offset for f in found] == sorted(
        min(i for i, ch in enumerate(text + char) if refused_characters(ch)
            and refused_characters(ch)[0].code == f.code) for f in found)
    assert any(f.code == refused_characters(char)[0].code for f in found)


def refused_plainly(char: str) -> bool:
    """The refused characters, by their code points (see generator/characters.py)."""
    point = ord(char)
    return (point < 0x20 and char not in "\t\n\r") or char in "\ufffe\uffff" \
        or 0xD800 <= point <= 0xDFFF or 0x202A <= point <= 0x202E or 0x2066 <= point <= 0x2069


@given(st.text(st.one_of(st.characters(max_codepoint=0x7F),
                         st.characters(exclude_categories=()))))
def test_a_text_is_refused_exactly_when_it_holds_a_refused_character(text: str) -> None:
    """ASCII text (most of it, mostly) is told apart by a quicker way than any other."""
    found = refused_characters(text)
    assert bool(found) == any(map(refused_plainly, text))
    assert all(refused_plainly(text[f.offset]) for f in found)


def test_each_ascii_character_alone_or_in_plain_text_is_refused_exactly_when_it_should_be(
        ) -> None:
    for char in map(chr, range(0x80)):
        for text in (char, f"plain {char} text", "x" * 1000 + char):
            assert bool(refused_characters(text)) == refused_plainly(char), repr(text[-8:])
