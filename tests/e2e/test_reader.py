"""What a reader sees beyond the basics: citation previews, pictures, the folded lists, the
compare filter and the A-Z bar, in headless Chromium under the published CSP."""

from __future__ import annotations

import re
from typing import Any, Iterator

import pytest

from tests.e2e.conftest import Tab

PROFILE = "people/kim-jong-un/index.html"


def first_citation(page: Any) -> Any:
    return page.locator(".facts a.cite").first


def open_preview(page: Any) -> Any:
    preview = page.locator(".preview")
    preview.wait_for()
    page.locator(".preview mark").wait_for()  # the paragraph, fetched from the source page
    return preview


def check_preview(page: Any, cite: Any) -> None:
    preview = open_preview(page)
    quote = cite.get_attribute("data-quote")
    number = re.search(r"#p(\d+)", cite.get_attribute("href")).group(1)
    assert preview.locator(".preview-source").inner_text() == \
        f"{cite.get_attribute('data-source')}, paragraph {number}"
    assert " ".join(preview.locator("mark").inner_text().split()) == quote
    assert len(preview.locator(".preview-text").inner_text()) > len(quote)
    go = preview.locator("a.preview-go")
    assert go.get_attribute("href") == cite.get_attribute("href")
    assert cite.get_attribute("aria-expanded") == "true"
    described = cite.get_attribute("aria-describedby")
    assert described and page.locator(f"#{described}").inner_text().strip()
    box = preview.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 0.5


def test_hovering_a_citation_previews_its_paragraph_and_leaving_closes_it(tab: Tab) -> None:
    page = tab.open(PROFILE)
    cite = first_citation(page)
    cite.hover()
    check_preview(page, cite)
    page.locator(".preview").hover()  # the pointer may move onto the preview
    assert page.locator(".preview").is_visible()
    page.locator("h1").hover()
    page.locator(".preview").wait_for(state="detached")
    assert cite.get_attribute("aria-expanded") == "false"


def test_focusing_a_citation_previews_it_and_escape_closes_it(tab: Tab) -> None:
    page = tab.open(PROFILE)
    cite = first_citation(page)
    cite.focus()
    check_preview(page, cite)
    page.keyboard.press("Tab")  # into the preview: its link
    assert page.evaluate("document.activeElement.className") == "preview-go"
    page.keyboard.press("Escape")
    page.locator(".preview").wait_for(state="detached")
    assert page.evaluate("document.activeElement.classList.contains('cite')")
    assert cite.get_attribute("aria-expanded") == "false"


@pytest.fixture
def phone(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_tap_previews_and_the_link_in_the_preview_goes_on(phone: Any, base_url: str) -> None:
    phone.goto(base_url + PROFILE, wait_until="load")
    cite = first_citation(phone)
    cite.scroll_into_view_if_needed()
    cite.tap()
    check_preview(phone, cite)
    assert phone.url == base_url + PROFILE  # the first tap did not leave the page
    phone.locator(".preview a.preview-go").tap()
    phone.wait_for_url(re.compile(r"/sources/[\w-]+/index\.html#p\d+"))
    assert phone.locator(".source-strip").is_visible()  # which source this is


def test_without_javascript_a_citation_is_a_plain_link(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + PROFILE)
    cite = first_citation(page)
    cite.hover()
    assert page.locator(".preview").count() == 0
    cite.click()
    page.wait_for_url(re.compile(r"/sources/[\w-]+/index\.html#p\d+"))
    context.close()


def test_a_cited_by_link_lands_on_the_highlighted_statement(tab: Tab) -> None:
    page = tab.open("sources/ap/index.html")
    page.locator(".cited-by a", has_text="Kim Jong Un").first.click()
    page.wait_for_url(re.compile(r"/people/kim-jong-un/index\.html#(fact|field)-[\w-]+$"))
    style = page.evaluate("""() => { const s = getComputedStyle(document.querySelector(':target'));
        return [s.backgroundColor, s.outlineStyle]; }""")
    assert style[0] != "rgba(0, 0, 0, 0)" and style[1] == "solid"


def svg_title(page: Any, figure: str) -> str:
    svg = page.locator(f"{figure} svg")
    assert svg.is_visible()
    title_id = svg.get_attribute("aria-labelledby")
    return page.locator(f"#{title_id}").text_content()


def test_a_place_has_its_map_with_the_same_places_as_text(tab: Tab) -> None:
    page = tab.open("places/vostochny-cosmodrome/index.html")
    assert svg_title(page, "figure.picture-map") == "Map of Vostochny Cosmodrome"
    on_map = page.locator("figure.picture-map a").evaluate_all(
        "links => links.map(a => a.textContent)")
    listed = page.locator("ul.nearby a").all_inner_texts()
    assert on_map[0] == "Vostochny Cosmodrome" and sorted(on_map[1:]) == sorted(listed)
    assert listed and "Vladivostok" in listed
    assert "51.884° N, 128.334° E" in page.locator(".map-text").inner_text()
    page.locator("figure.picture-map a", has_text="Vladivostok").click()
    page.wait_for_url(re.compile(r"/places/vladivostok/index\.html$"))


def test_a_profile_draws_its_connections_each_a_link(tab: Tab) -> None:
    page = tab.open(PROFILE)
    assert svg_title(page, "figure.picture-connections") == "Connections of Kim Jong Un"
    drawn = page.locator("figure.picture-connections a").evaluate_all(
        "links => links.map(a => a.textContent.trim())")
    listed = page.locator("dl.relations div").evaluate_all(
        "rows => rows.flatMap(r => [...r.querySelectorAll('a')].map(a => "
        "r.querySelector('dt').textContent + ' ' + a.textContent))")
    assert drawn[0] == "Kim Jong Un"
    assert sorted(drawn[1:]) == sorted(listed)


def test_home_shows_the_event_at_a_glance_the_actors_and_the_places(tab: Tab) -> None:
    page = tab.open("index.html")
    glance = page.locator("section.glance")
    rows = glance.locator("th").all_inner_texts()
    assert rows == ["Date", "Place", "Who", "Outcome"]
    assert "13 September 2023" in glance.inner_text()
    assert svg_title(page, "#actors").startswith("Connections of the main actors to ")
    assert svg_title(page, "#places-map").startswith("Map of the places in ")
    assert page.locator(".place-list a").count() == page.locator("#places-map a").count()
    judgments = page.locator("#kj-heading").bounding_box()["y"]
    assert judgments < page.locator("#glance-heading").bounding_box()["y"]
    assert page.locator(".entity-list .role").first.inner_text()


def test_the_timeline_is_drawn_on_an_axis_with_the_summit_marked(tab: Tab) -> None:
    page = tab.open("timeline/index.html")
    assert svg_title(page, "figure.picture-axis").startswith("Timeline of ")
    dates = page.locator("figure.picture-axis a")
    sections = page.locator("section.tl-date")
    assert dates.count() == sections.count() > 5
    assert page.locator("figure.picture-axis a.marked").count() == 1
    assert page.locator(".mark-label").text_content() == "Vostochny summit"
    times = page.locator("section.tl-date h3 time").evaluate_all(
        "ts => ts.map(t => t.getAttribute('datetime'))")
    assert len(times) == len(set(times)), "each date once"
    page.locator("figure.picture-axis a.marked").click()
    assert page.evaluate("location.hash") == "#d-2023-09-13"


def test_mentions_are_folded_behind_their_count_with_the_name_marked(tab: Tab) -> None:
    page = tab.open(PROFILE)
    summary = page.locator(".mentioned summary")
    assert re.fullmatch(r"\d+ articles?, \d+ passages?", summary.inner_text())
    assert not page.locator(".mentions").first.is_visible()
    summary.click()
    assert page.locator(".mentions").first.is_visible()
    assert page.locator(".mentions mark").first.inner_text() in ("Kim Jong Un", "Kim")
    page.emulate_media(media="print")
    assert not page.locator(".mentioned").is_visible()


def test_statements_show_how_many_sources_carry_them(tab: Tab) -> None:
    page = tab.open(PROFILE)
    statement = page.locator(".facts .statement").first
    count = statement.locator(".source-count").inner_text()
    sources = {a.split(" ")[0] for a in statement.locator(".cite").all_inner_texts()}
    assert count == f"{len(sources)} source{'s' if len(sources) != 1 else ''}"
    badge = statement.locator(".badge").bounding_box()
    text = statement.locator(".statement-text").bounding_box()
    assert abs(badge["y"] - text["y"]) < badge["height"], "the badge is on the text's line"


def test_compare_has_labelled_columns_and_a_jump_list_filtered_by_aspect(tab: Tab) -> None:
    page = tab.open("compare/index.html")
    for point in page.locator("section.comparison").all()[:6]:
        labels = point.locator(".account-source").all_text_contents()
        assert labels == sorted(labels, key=["AFP/Reuters", "AP"].index) or \
            labels == sorted(labels, key=["AP", "AFP/Reuters"].index)
    orders = {tuple(p.locator(".account-source").all_text_contents())
              for p in page.locator("section.comparison").all()}
    firsts = {order[0] for order in orders if len(order) > 1}
    assert len(firsts) == 1, "the sources come in one fixed order"
    jump = page.locator(".jump-list li")
    total = jump.count()
    page.get_by_label("framing", exact=True).check()
    shown = [li for li in jump.all() if li.is_visible()]
    assert 0 < len(shown) < total
    assert all("framing" in li.inner_text() for li in shown)
    assert all("Aspect: framing" in (s.text_content() or "")
               for s in page.locator("section.comparison").all() if s.is_visible())


def test_the_glossary_has_an_a_to_z_bar_and_lists_only_reader_facing_names(tab: Tab) -> None:
    page = tab.open("glossary/index.html")
    bar = page.get_by_role("navigation", name="Terms by first letter")
    assert bar.locator("li").count() >= 26
    bar.get_by_role("link", name="I", exact=True).click()
    assert page.evaluate("location.hash") == "#letter-I"
    icbm = page.locator(".glossary-entry", has=page.locator("#icbm"))
    assert icbm.locator(".aliases").inner_text() == "Also called ICBM"


def test_a_printed_page_says_when_it_last_changed(tab: Tab) -> None:
    page = tab.open(PROFILE)
    provenance = page.locator(".provenance")
    assert re.fullmatch(r"Last changed \d{1,2} \w+ \d{4}", provenance.inner_text())
    page.emulate_media(media="print")
    assert provenance.is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_a_preview_open(browser: Any, base_url: str, axe_source: str,
                                               scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    context.add_init_script(axe_source)
    page = context.new_page()
    page.goto(base_url + PROFILE, wait_until="load")
    page.locator(".mentioned summary").click()
    first_citation(page).focus()
    open_preview(page)
    violations = page.evaluate("""async () => (await axe.run(document, {
        resultTypes: ['violations'],
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa',
                                        'best-practice']}})).violations.map(v =>
        `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)""")
    context.close()
    assert violations == []


def test_an_open_preview_stays_on_a_320_pixel_screen(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, has_touch=True)
    page = context.new_page()
    page.goto(base_url + PROFILE, wait_until="load")
    cite = page.locator(".infobox a.cite").first
    cite.tap()
    open_preview(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = page.locator(".preview").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320.5
    context.close()


def test_a_profile_named_by_the_query_ranks_above_an_event_that_holds_the_name(tab: Tab
                                                                                ) -> None:
    page = tab.open("search/index.html?q=Hwasong")
    page.wait_for_selector("html[data-search-ready]")
    found = page.locator(".result-title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    systems = [i for i, href in enumerate(found) if href.startswith("/systems/hwasong-")]
    event = found.index("/events/hwasong-18-flight-test/")
    assert len(systems) >= 2 and max(systems) < event, found
    assert systems == list(range(len(systems))), "the missiles come first"
