"""Page structure a reader relies on, checked on every page of the real briefing."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from generator.build import build
from tests.conftest import MINI, REPO


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.ids: dict[str, dict[str, str | None]] = {}
        self.attrs: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        self.attrs.append((tag, found))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if found.get("id"):
            self.ids[str(found["id"])] = {"tag": tag, **found}


@pytest.fixture(scope="module")
def pages() -> dict[str, _Outline]:
    result = build(REPO / "content", None)
    assert result.ok
    parsed = {}
    for path, data in result.files.items():
        if path.endswith(".html"):
            outline = _Outline()
            outline.feed(data.decode())
            parsed[path] = outline
    return parsed


def test_one_h1_and_no_skipped_heading_levels(pages: dict[str, _Outline]) -> None:
    for path, page in pages.items():
        assert page.headings.count(1) == 1 and page.headings[0] == 1, path
        for before, after in zip(page.headings, page.headings[1:]):
            assert after <= before + 1, f"{path}: h{before} is followed by h{after}"


def test_landmarks_skip_link_and_search_box(pages: dict[str, _Outline]) -> None:
    for path, page in pages.items():
        for tag in ("header", "nav", "main", "footer", "search"):
            assert tag in page.tags, f"{path} has no <{tag}>"
        assert page.tags.count("main") == 1, path
        assert page.ids["main"]["tag"] == "main", path
        skip = next(a for t, a in page.attrs if t == "a")
        assert skip.get("href") == "#main", f"{path}: the first link skips to the content"
        inputs = [a for t, a in page.attrs if t == "input" and a.get("type") == "search"]
        labels = {a.get("for") for t, a in page.attrs if t == "label"}
        assert inputs and all(i.get("id") in labels for i in inputs), path


def test_glossary_tooltips_describe_their_links(pages: dict[str, _Outline]) -> None:
    checked = 0
    for path, page in pages.items():
        for tag, attrs in page.attrs:
            if tag == "a" and attrs.get("class") == "term-link":
                tip = page.ids[str(attrs["aria-describedby"])]
                assert tip["role"] == "tooltip" and tip["class"] == "tip", path
                checked += 1
    assert checked > 50


def test_statement_kinds_are_written_not_only_coloured() -> None:
    home = build(REPO / "content", None).files["index.html"].decode()
    badges = re.findall(r'<span class="badge badge-(\w+)">(\w+)</span>', home)
    assert badges and all(kind.capitalize() == label for kind, label in badges)


def test_print_endnotes_number_every_citation_once() -> None:
    html = build(MINI, None).files["index.html"].decode()
    notes = re.findall(r'<li id="note-(\d+)">(.*?)</li>', html, re.S)
    # the bottom line, three key judgments, an alternative view, a gap and an indicator
    assert [n for n, _ in notes] == [str(n) for n in range(1, 8)]
    assert notes[0][1] == ("Wire, paragraph 1: “met at the cosmodrome” — Wire Service, "
                           "<cite>Leaders meet at the cosmodrome</cite>, 13 September 2023. "
                           "https://example.org/wire")
    refs = re.findall(r'<sup class="note-ref">([\d,]+)</sup>', html)
    assert refs == [str(n) for n in range(1, 8)]
    # a page without citations has no endnotes
    assert 'class="endnotes"' not in build(MINI, None).files["sources/wire/index.html"].decode()


def test_pages_load_only_their_own_scripts() -> None:
    files = build(MINI, None).files
    for path, data in files.items():
        if path.endswith(".html"):
            html = data.decode()
            scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
            for attrs, body in scripts:
                # no inline script: only src= files, and the JSON-LD data block
                assert "src=" in attrs or 'type="application/ld+json"' in attrs, path
                assert not body or 'type="application/ld+json"' in attrs, path
            assert " style=" not in html, f"{path} has an inline style"
