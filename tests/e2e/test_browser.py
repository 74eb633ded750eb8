"""The reader's experience in a real browser: headless Chromium on the built, served briefing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.e2e.conftest import Tab

PAGE_KINDS = {
    "home": "index.html",
    "sources": "sources/index.html",
    "source": "sources/ap/index.html",
    "kind index": "people/index.html",
    "person": "people/kim-jong-un/index.html",
    "place": "places/vostochny-cosmodrome/index.html",  # cited fields and a background fact
    "system": "systems/hwasong-18/index.html",
    "event": "events/vostochny-summit/index.html",
    "glossary": "glossary/index.html",
    "timeline": "timeline/index.html",
    "compare": "compare/index.html",
    "search": "search/index.html?q=Hwasong",
}
PROFILE_KINDS = {"Person", "Place", "System", "Organization", "Event"}
TRANSPARENT = "rgba(0, 0, 0, 0)"


def opened(page: Any, base_url: str, path: str) -> Any:
    page.goto(base_url + path, wait_until="load")
    if path.startswith("search/"):
        page.wait_for_selector("html[data-search-ready]")
    return page


@pytest.fixture
def narrow(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


def search_results(page: Any) -> list[dict[str, str]]:
    found: list[dict[str, str]] = page.eval_on_selector_all(".result", """items => items.map(li => ({
        title: li.querySelector('.result-title a').textContent,
        href: li.querySelector('.result-title a').getAttribute('href'),
        kind: li.querySelector('.result-kind')?.textContent || ''}))""")
    return found


# ------------------------------------------------------------------ the reader's journeys
def test_home_to_profile_to_the_cited_paragraph(tab: Tab) -> None:
    page = tab.open("index.html")
    systems = page.locator("section.group", has=page.locator("#g-system"))
    systems.get_by_role("link", name="Hwasong-18", exact=True).click()
    page.wait_for_url(re.compile(r"/systems/hwasong-18/index\.html$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Hwasong-18"

    cite = page.get_by_role("link", name="AP paragraph 23").first
    href = cite.get_attribute("href")
    assert re.fullmatch(r"\.\./\.\./sources/ap/index\.html#p23:~:text=\S+", href), href
    cite.click()
    page.wait_for_url(re.compile(r"/sources/ap/index\.html#p23"))
    # the text directive makes the quoted words the :target; their paragraph is highlighted
    landed = page.evaluate("""() => { const para = document.querySelector(':target').closest('.para');
        const s = getComputedStyle(para);
        return {id: para.id, text: para.textContent, background: s.backgroundColor,
                outline: s.outlineStyle, top: para.getBoundingClientRect().top}; }""")
    assert landed["id"] == "p23" and "Hwasong-18" in landed["text"]
    assert landed["background"] != TRANSPARENT and landed["outline"] == "solid"
    assert 0 <= landed["top"] < page.viewport_size["height"] / 2, "the paragraph is in view"


def test_a_glossary_tooltip_opens_by_keyboard_and_escape_hides_it(tab: Tab) -> None:
    page = tab.open("sources/ap/index.html")
    term = page.locator(".term-link").first
    term.locator("xpath=ancestor::div[contains(@class, 'para')]").locator(".pnum").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('term-link')"):
            break
    else:
        pytest.fail("Tab never reached a glossary term")
    tip_id = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    tip = page.locator(f"#{tip_id}")
    assert tip.get_attribute("role") == "tooltip"
    assert tip.is_visible()
    described = page.evaluate("""() => { const link = document.activeElement;
        return document.getElementById(link.getAttribute('aria-describedby')).textContent; }""")
    assert described and tip.inner_text() == described

    page.keyboard.press("Escape")
    assert not tip.is_visible()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert tip.is_visible(), "the tooltip shows again when its term is focused again"

    # hover: the tooltip stays while the pointer moves onto it, and Escape hides it too
    page.keyboard.press("Tab")
    other = page.locator(".term").nth(3)
    other.locator(".term-link").hover()
    other_tip = other.locator(".tip")
    assert other_tip.is_visible()
    other_tip.hover()
    assert other_tip.is_visible()
    page.keyboard.press("Escape")
    assert not other_tip.is_visible()


def test_search_for_a_name_finds_the_profile_first(tab: Tab) -> None:
    page = tab.open("index.html")
    box = page.get_by_role("searchbox", name="Search the briefing")
    box.fill("Hwasong")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/index\.html\?q=Hwasong$"))
    page.wait_for_selector("html[data-search-ready]")
    assert re.fullmatch(r"\d+ results for “Hwasong”\.", page.locator("#search-status").inner_text())
    results = search_results(page)
    assert results[0]["kind"] in PROFILE_KINDS and "Hwasong" in results[0]["title"]
    assert re.fullmatch(r"/(systems|events)/hwasong-[\w-]+/", results[0]["href"])
    # profiles, then glossary terms, then sources
    groups = [0 if r["kind"] in PROFILE_KINDS else 1 if r["kind"] == "Glossary term" else 2
              for r in results]
    assert groups == sorted(groups) and groups[-1] == 2

    # a source result lists the paragraphs that match, each linking to its anchor
    place = page.locator(".result-place").first
    assert re.fullmatch(r"/sources/[\w-]+/#p\d+", place.get_attribute("href"))
    assert re.fullmatch(r"paragraph ¶?\d+", place.text_content() or "")
    place.click()
    page.wait_for_url(re.compile(r"/sources/[\w-]+/#p\d+$"))
    target = page.evaluate("""() => { const e = document.querySelector(':target');
        return {id: e.id, text: e.textContent, background: getComputedStyle(e).backgroundColor}; }""")
    assert re.fullmatch(r"p\d+", target["id"]) and "Hwasong" in target["text"]
    assert target["background"] != TRANSPARENT


def test_search_for_a_term_opens_its_glossary_entry(tab: Tab) -> None:
    page = tab.open("search/index.html")
    page.wait_for_selector("html[data-search-ready]")
    page.get_by_role("searchbox", name=re.compile("Names, aliases")).fill("ICBM")
    page.locator(".result").first.wait_for()
    first = search_results(page)[0]
    assert (first["kind"], first["href"]) == ("Glossary term", "/glossary/#icbm")
    assert page.url.endswith("?q=ICBM")
    page.locator(".result-title a").first.click()
    page.wait_for_url(re.compile(r"/glossary/#icbm$"))
    assert page.evaluate("document.querySelector(':target').textContent") == \
        "Intercontinental ballistic missile"
    entry = page.locator(".glossary-entry", has=page.locator("#icbm"))
    assert entry.evaluate("e => getComputedStyle(e).backgroundColor") != TRANSPARENT


def test_without_javascript_search_gives_way_to_the_indexes(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "index.html")
    assert not page.locator(".site-search").is_visible()
    page.goto(base_url + "search/index.html")
    assert not page.locator(".search-page").is_visible()
    fallback = page.locator("#search-fallback")
    assert fallback.is_visible()
    assert fallback.get_by_role("link", name="People").is_visible()
    context.close()


def test_opened_from_a_file_search_says_so_and_offers_the_indexes(browser: Any,
                                                                  site: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto((site / "search/index.html").as_uri() + "?q=Hwasong")
    page.locator("#search-fallback").wait_for()
    assert page.locator("#search-status").inner_text() == \
        "Search is not available here. Browse the indexes below instead."
    assert page.get_by_role("searchbox").is_disabled()
    assert page.locator("#search-fallback").get_by_role("link", name="Glossary").is_visible()
    context.close()


def test_a_profile_prints_as_a_brief_with_endnotes(tab: Tab) -> None:
    page = tab.open("systems/hwasong-18/index.html")
    notes = page.locator(".endnotes li")
    assert not page.locator(".endnotes").is_visible()
    assert not page.locator(".note-ref").first.is_visible()
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".cites"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".endnotes").is_visible()
    first_ref = page.locator(".facts .note-ref").first
    assert first_ref.is_visible()
    assert first_ref.evaluate("e => getComputedStyle(e).verticalAlign") == "super"
    refs = set()
    for text in page.locator(".note-ref").all_inner_texts():
        refs.update(int(n) for n in text.split(","))
    assert refs == set(range(1, notes.count() + 1)), "every endnote is referred to"
    assert re.match(r"AP, paragraph 23: “.+” — The Associated Press, ", notes.first.inner_text())


# ------------------------------------------------------------------ every page kind
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_nothing_overflows_at_320_pixels(narrow: Any, base_url: str, kind: str) -> None:
    page = opened(narrow, base_url, PAGE_KINDS[kind])
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 320.5 && e.offsetParent !== null)
        .slice(0, 5).map(e => e.tagName + '.' + e.className)""")
    assert width <= 320 and not wide, wide


def test_tooltips_stay_on_a_320_pixel_screen(narrow: Any, base_url: str) -> None:
    page = opened(narrow, base_url, "sources/ap/index.html")
    links = page.locator(".term-link")
    for index in range(links.count()):
        links.nth(index).focus()
        box = page.evaluate("""() => document.getElementById(
            document.activeElement.getAttribute('aria-describedby')).getBoundingClientRect()""")
        assert box["left"] >= 0 and box["right"] <= 320, (index, box)


@pytest.mark.parametrize("path", ["sources/index.html", "people/index.html"])
def test_an_index_gives_each_entry_its_name_on_a_line_of_its_own(tab: Tab, path: str) -> None:
    """What follows an entry's name (a source's publisher and date, a profile's summary)
    starts below it, whether the name is long or short."""
    page = tab.open(path)
    rows = page.eval_on_selector_all(".index-list > li", """items => items.map(li => {
        const name = li.querySelector('.index-name');
        return [name.textContent, name.getBoundingClientRect().bottom,
                name.nextElementSibling.getBoundingClientRect().top]; })""")
    assert len(rows) >= 2
    assert all(below >= bottom - 1 for _, bottom, below in rows), rows


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_violations(browser: Any, base_url: str, axe_source: str, kind: str,
                                 scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    context.add_init_script(axe_source)
    page = opened(context.new_page(), base_url, PAGE_KINDS[kind])
    violations = page.evaluate("""async () => (await axe.run(document, {
        resultTypes: ['violations'],
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa',
                                        'best-practice']}})).violations.map(v =>
        `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)""")
    context.close()
    assert violations == []


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_pages_run_under_the_published_csp(tab: Tab, kind: str) -> None:
    page = opened(tab.page, tab.base_url, PAGE_KINDS[kind])
    assert page.evaluate("document.readyState") == "complete"
    # the tab fixture fails the test if anything was refused or logged an error
