"""Lists that grow with the archive are split into numbered pages, all linked and all built."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks import corpus
from generator.rendering import entries, pages
from generator.build import build
from generator.rendering.paging import bounds, paginate
from tests.sitecheck import broken_links

N = 120  # articles: enough for every kind of numbered page at the limits below


def test_bounds_split_a_list_with_a_shorter_first_page() -> None:
    assert bounds(0, 10) == [(0, 0)]
    assert bounds(25, 10) == [(0, 10), (10, 20), (20, 25)]
    assert bounds(25, 10, 3) == [(0, 3), (3, 13), (13, 23), (23, 25)]


def test_pager_links_the_ends_and_a_window_around_the_current_page() -> None:
    pages = paginate("people/index.html", list(range(950)), 100)
    pager, items = pages[4]
    assert (pager.number, pager.count, list(items)[:1]) == (5, 10, [400])
    assert pager.previous == "people/page/4/index.html"
    assert pager.next == "people/page/6/index.html"
    assert [link and link[0] for link in pager.links] == [1, None, 3, 4, 5, 6, 7, None, 10]
    assert pages[0][0].here == "people/index.html" and pages[0][0].previous is None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    corpus.generate(N, root / "content")
    limits = {"INDEX_PER_PAGE": 4, "TIMELINE_PER_PAGE": 15, "MENTION_ARTICLES": 5,
              "TERM_USAGE_ARTICLES": 3, "MENTIONS_PER_PAGE": 40}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in limits.items():
            for module in (pages, entries):
                if hasattr(module, name):
                    patch.setattr(module, name, value)
        result = build(root / "content", root / "site")
    assert result.ok, [d.format() for d in result.diagnostics[:5]]
    return root / "site"


def test_every_numbered_page_is_built_and_every_link_resolves(site: Path) -> None:
    assert broken_links(site) == []
    for first in ("sources", "people", "timeline"):
        assert (site / first / "page/2/index.html").is_file()
    assert list(site.glob("*/*/page/2/index.html"))  # a profile's earlier mentions
    assert list(site.glob("glossary/*/index.html"))  # a term's full usage list


def test_numbered_pages_have_one_h1_a_distinct_title_and_bounded_lists(site: Path) -> None:
    titles = []
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        assert html.count("<h1") == 1, page
        assert html.count('<nav class="pagination"') <= 1
        title = re.search(r"<title>(.*)</title>", html)
        assert title is not None
        if "/page/" in page.as_posix():
            assert re.search(r", page \d+ of \d+ · ", title.group(1)), title.group(1)
            titles.append(title.group(1))
        assert len(re.findall(r'<li>\s*<a class="index-name"', html)) <= 40, page
    assert titles and len(set(titles)) == len(titles)


def test_a_popular_profile_shows_its_latest_mentions_and_links_to_the_rest(site: Path) -> None:
    pages = sorted(site.glob("*/*/page/2/index.html"))
    profile = pages[0].parent.parent.parent / "index.html"
    html = profile.read_text(encoding="utf-8")
    assert html.count('<h3 class="mention-source">') == 5
    assert 'href="page/2/index.html">Earlier articles</a>' in html
    second = pages[0].read_text(encoding="utf-8")
    assert 'href="../../index.html" rel="prev"' in second


def test_a_profile_with_thousands_of_facts_is_paged(tmp_path: Path, mini: Path) -> None:
    """Facts are a list that grows too: the profile page shows the first ones and links to
    numbered pages of the rest; a citation of any fact lands on the page that shows it."""
    from generator import urls

    count = 12_000
    path = mini / "profiles/system/alpha-1.yaml"
    fact = "  - {{text: Report {n}., sources: [{{source: wire, quote: failed twice}}]}}\n"
    path.write_text(path.read_text() + "".join(fact.format(n=n) for n in range(2, count + 1)))
    out = tmp_path / "site"
    result = build(mini, out, search=False)
    assert result.ok, [d.format() for d in result.diagnostics[:3]]
    profile = (out / "systems/alpha-1/index.html").read_text(encoding="utf-8")
    assert profile.count('class="statement kind-fact"') == urls.FACTS_PER_PAGE
    assert len(profile.encode()) < 200_000
    last = -(-count // urls.FACTS_PER_PAGE)
    page = out / f"systems/alpha-1/facts/page/{last}/index.html"
    assert f'id="fact-{count}"' in page.read_text(encoding="utf-8")
    assert not (out / f"systems/alpha-1/facts/page/{last + 1}").exists()
    # the wire's paragraph is cited by the fact, on the page that shows it
    assert urls.fact("system", "alpha-1", count) == \
        f"systems/alpha-1/facts/page/{last}/index.html#fact-{count}"
    assert broken_links(out) == []
