"""End to end: the fixture briefing builds into every page kind, and every link resolves."""

from __future__ import annotations

import re
from pathlib import Path

from generator.build import build
from tests.conftest import MINI, run_cli, snapshot
from tests.sitecheck import broken_links, parse


def test_builds_every_page_kind(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build(MINI, out)
    assert result.ok, [d.format() for d in result.diagnostics]
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert {
        "index.html", "sources/index.html", "sources/wire/index.html",
        "sources/agency/index.html", "people/index.html", "people/leader-a/index.html",
        "places/cosmodrome-x/index.html", "systems/alpha-1/index.html",
        "events/summit/index.html", "events/index.html", "glossary/index.html",
        "timeline/index.html", "compare/index.html",
    } <= pages
    assert any(p.startswith("assets/style.") for p in snapshot(out))


def test_every_link_and_paragraph_anchor_resolves(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build(MINI, out).ok
    assert broken_links(out) == []
    # the walker would notice a broken anchor: it is not vacuous
    page = out / "people/leader-b/index.html"
    page.write_text(page.read_text() + '<a href="../../sources/wire/index.html#p99">x</a>')
    assert broken_links(out) == ["people/leader-b/index.html: missing anchor #p99 in "
                                 "../../sources/wire/index.html#p99"]


def test_source_page_numbers_and_anchors_paragraphs(tmp_path: Path) -> None:
    result = build(MINI, None)
    html = result.files["sources/wire/index.html"].decode()
    assert re.findall(r'<div class="para" id="(p\d+)"', html) == ["p1", "p2", "p3", "p4"]
    assert "<h2>Background</h2>" in html
    # beside paragraph 1: what cites it
    p1 = html[html.index('id="p1"'):html.index('id="p2"')]
    cited_by = p1[p1.index('<div class="cited-by"'):]
    assert "Cited by" in cited_by and "people/leader-a" not in cited_by
    assert '../../places/cosmodrome-x/index.html#fact-1">Cosmodrome X</a>' in cited_by


def test_citations_land_on_the_quoted_paragraph(tmp_path: Path) -> None:
    result = build(MINI, None)
    html = result.files["people/leader-a/index.html"].decode()
    # the claim's citation links to wire ¶2, highlighting the quoted words as they appear there
    assert ('href="../../sources/wire/index.html#p2:~:text=said%20he%20was%20%E2%80%9Cvery'
            '%20glad%E2%80%9D%20to%20see"') in html
    # visible "Wire ¶2", announced as "Wire paragraph 2"
    assert ('>Wire <span class="vh">paragraph </span><span aria-hidden="true">¶</span>2</a>'
            in html)


def test_mentions_link_first_per_section_never_in_code_or_links() -> None:
    html = build(MINI, None).files["sources/wire/index.html"].decode()
    links_to_a = html.count('href="../../people/leader-a/index.html"')
    # ¶1 links Leader A; ¶2 (same section) does not; ¶3 (new section) does again
    assert links_to_a == 2
    assert "<code>Leader A</code>" in html
    assert '<a href="https://example.org">Leader A</a>' in html


def test_glossary_mentions_carry_a_tooltip() -> None:
    html = build(MINI, None).files["sources/wire/index.html"].decode()
    assert ('<a class="term-link" href="../../glossary/index.html#icbm" '
            'aria-describedby="term-1">ICBM</a><span class="tip" role="tooltip" id="term-1">'
            'A missile that can reach another continent.</span>') in html


def test_profile_shows_relations_both_ways_and_mentions() -> None:
    files = build(MINI, None).files
    leader = files["people/leader-a/index.html"].decode()
    summit = files["events/summit/index.html"].decode()
    place = files["places/cosmodrome-x/index.html"].decode()
    assert "Took part in" in leader and "../../events/summit/index.html" in leader
    assert "Participants" in summit and "../../people/leader-a/index.html" in summit
    assert "Location of" in place and "Located at" in summit
    # Mentioned in: grouped by article, each paragraph with an excerpt, the name marked
    assert leader.count('class="mention-source"') == 2
    assert ('<span class="vh">paragraph </span><span aria-hidden="true">¶</span>1</a> '
            '<mark>Leader A</mark> and Leader B met') in leader


def test_timeline_is_sorted_and_includes_events_and_dated_statements() -> None:
    html = build(MINI, None).files["timeline/index.html"].decode()
    dates = re.findall(r'<time datetime="([\d-]+)"', html)
    assert dates == sorted(dates)
    assert {"2023", "2023-08", "2023-09-13"} <= set(dates)
    assert "The summit" in html


def test_internal_links_are_relative() -> None:
    files = build(MINI, None).files
    for path, data in files.items():
        if path.endswith(".html"):
            for _, attr, url in parse_links(data.decode()):
                assert not url.startswith("/"), (path, url)


def parse_links(html: str) -> list[tuple[str, str, str]]:
    from tests.sitecheck import _Page

    page = _Page()
    page.feed(html)
    return page.links


def test_cli_build_and_check(tmp_path: Path) -> None:
    result = run_cli("check", "--content", str(MINI), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 2 articles, 5 profiles, 1 term, 1 comparison")
    result = run_cli("build", "--content", str(MINI), "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/index.html").is_file()
    assert not list(tmp_path.glob(".out.*")), "no temporary folders are left behind"


def test_deleted_content_leaves_no_stale_pages(tmp_path: Path, mini: Path) -> None:
    out = tmp_path / "site"
    assert build(mini, out).ok
    assert (out / "people/leader-b/index.html").is_file()
    (mini / "profiles/person/leader-b.yaml").unlink()
    # what referred to leader-b by id must now name it as free text
    for rel, old, new in [("profiles/person/leader-a.yaml", "by: leader-b", "by: Leader B"),
                          ("profiles/event/summit.yaml", '"[[leader-b]]"', "Leader B")]:
        (mini / rel).write_text((mini / rel).read_text().replace(old, new))
    assert build(mini, out).ok
    assert not (out / "people/leader-b").exists()


def test_build_is_reproducible(tmp_path: Path) -> None:
    assert build(MINI, tmp_path / "a").ok and build(MINI, tmp_path / "b").ok
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_no_page_reads_from_the_network(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build(MINI, out).ok
    for path in out.rglob("*.html"):
        page = parse(path)
        for tag, _, url in page.links:
            if tag != "a":
                assert not url.startswith(("http:", "https:", "//")), (path, url)
