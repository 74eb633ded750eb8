"""A large archive's sources are indexed in several search bundles, and the search page finds
what any of them holds, as one index."""

from __future__ import annotations

import functools
import re
import shutil
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator import urls
from generator.build import build
from tests.conftest import MINI
from tests.e2e.conftest import Tab, _Handler, published_headers

ARTICLES = 300  # more than one bundle can hold


def word(n: int) -> str:
    """A word found in one article only: consonants, of one length, so that no word is
    another's prefix, and no English ending is stemmed from it."""
    return "qx" + "".join("bcdfghjklm"[int(digit)] for digit in f"{n:03d}")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("archive")
    content = root / "content"
    shutil.copytree(MINI, content)
    for n in range(ARTICLES):
        (content / "articles" / f"extra-{n}.md").write_text(
            f"---\ntitle: Dispatch {n}\npublisher: Wire Service\npublished: 2023-09-14\n---\n\n"
            f"Dispatch number {n} reports a {word(n)} near the coast.\n",
            encoding="utf-8")
    out = root / "site"
    result = build(content, out)
    assert result.ok, [d.format() for d in result.diagnostics[:5]]
    handler = type("Handler", (_Handler,), {"extra_headers": published_headers()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", out
    finally:
        server.shutdown()
        server.server_close()


def test_the_sources_are_split_over_bundles(archive: tuple[str, Path]) -> None:
    _, out = archive
    count = urls.search_bundles(ARTICLES + 2)
    assert count > 1
    for n in range(count):
        assert (out / f"pagefind/s{n}/pagefind-entry.json").is_file()
    search_page = (out / "search/index.html").read_text(encoding="utf-8")
    assert 'data-bundles="../pagefind/s0/ ' in search_page


@pytest.mark.parametrize("n", [0, 1, 2, 3, 150, 299])
def test_a_word_of_any_bundle_is_found(browser: Any, archive: tuple[str, Path], n: int) -> None:
    base_url, _ = archive
    context = browser.new_context()
    tab = Tab(context.new_page(), base_url)
    try:
        page = tab.open(f"search/index.html?q={word(n)}")
        page.wait_for_selector("html[data-search-ready]")
        titles = page.locator("#search-results .result-title a").all_inner_texts()
        assert page.locator("#search-status").inner_text() == f"1 result for “{word(n)}”.", titles
        href = page.locator("#search-results .result-title a").first.get_attribute("href")
        assert re.search(rf"/sources/extra-{n}/", href or ""), href
        assert tab.errors == []
    finally:
        context.close()
