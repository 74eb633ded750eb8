"""Any text in any field: the build either refuses it at its position, or writes a feed and a
sitemap that are XML, JSON that is JSON and pages whose JSON-LD parses.

Random text, drawn from all of Unicode with the characters XML and HTML cannot carry (control
characters, U+FFFE, U+FFFF, lone surrogates) and the bidirectional controls mixed in often, is
put into a text field of the fuzz briefing, or into an article's text.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import given, strategies as st

from generator.build import Builder
from generator.characters import refused_characters
from tests.test_fuzz import (ARTICLE_BODY, ARTICLE_FRONT, BASE_FILES, TEMPLATES, article,
                             assert_built_or_reported, dump, paths_in, value_at)

REFUSED = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\ufffe", "\uffff", "\ud800",
           "\udfff", "\u202a", "\u202e", "\u2066", "\u2069", "&#x202e;"]
ALLOWED = ["\x7f", "\x85", "\x9f", "\ufdd0", "\U0010ffff", "\u200e", "\u200b", "\u2028", "\ufeff",
           "\t", "\n", "\r", "&#1;", "&#xfffe;", "&#xd800;", "]]>", "<![CDATA[", "</script>", "&",
           "<", "\"", "'", "\\u0001", "\\x01", "--", "\U0001f600", "\u05d0\u05d1", "\u0627"]
allowed = st.one_of(st.sampled_from(ALLOWED),
                    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=5))
texts = st.one_of(  # half with a character that must be refused, half without
    st.lists(allowed, min_size=1, max_size=12).map("".join),
    st.lists(st.one_of(allowed, st.sampled_from(REFUSED)), min_size=1, max_size=12)
    .map("".join))
FIELDS = [(rel, path) for rel, data in sorted(TEMPLATES.items())
          for path in paths_in(data) if isinstance(value_at(data, path), str)]
JSON_LD = re.compile(rb'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("wellformed")


def write_briefing(root: Path, rel: str, text: str) -> Path:
    """The fuzz briefing with one file replaced; a lone surrogate is written as the bytes it
    would be (which no UTF-8 reader accepts)."""
    for path in [p for p in sorted(root.rglob("*"), reverse=True)] if root.exists() else []:
        path.unlink() if path.is_file() else path.rmdir()
    for name, data in {**BASE_FILES, rel: text}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data.encode("utf-8", "surrogatepass"))
    return root


def assert_well_formed(files: dict[str, Any]) -> None:
    for path, data in files.items():
        if not isinstance(data, bytes):
            continue
        data.decode("utf-8")  # strict: no lone surrogate, nothing that is not UTF-8
        if path.endswith(".xml"):
            ElementTree.fromstring(data)
        elif path.endswith(".json"):
            json.loads(data)
        elif path.endswith(".html"):
            for block in JSON_LD.findall(data):
                json.loads(block)
    assert {"feed.xml", "sitemap.xml", "entities.json"} <= set(files)


@given(field=st.sampled_from(FIELDS + [("articles/odd.md", ("body",))]), text=texts)
def test_any_text_is_refused_where_it_is_or_published_well_formed(
        workdir: Path, field: tuple[str, tuple[Any, ...]], text: str) -> None:
    rel, path = field
    if path == ("body",):
        document = article(ARTICLE_FRONT, f"{ARTICLE_BODY}\n{text}\n")
    else:
        data = copy.deepcopy(TEMPLATES[rel])
        value_at(data, path[:-1])[path[-1]] = text
        document = article(data, ARTICLE_BODY) if rel.endswith(".md") else dump(data)
    content = write_briefing(workdir / "content", rel, document)
    result = Builder(content, base_url="https://briefing.example.org/").build(None)
    assert_built_or_reported(content, result)
    if result.ok:
        assert_well_formed(result.files)
        assert not refused_characters(text), "a refused character was published"
