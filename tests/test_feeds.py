"""Atom feed of the sources; sitemap.xml and robots.txt when the base URL is known."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from generator.rendering import feeds
from generator.build import build
from tests.conftest import MINI

A = "{http://www.w3.org/2005/Atom}"
S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://example.org/brief/"


def test_feed_lists_every_source_newest_first_with_relative_links() -> None:
    files = build(MINI, None).files
    feed = ET.fromstring(files["feed.xml"])
    entries = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}title") for e in entries] == \
        ["Leaders meet at the cosmodrome", "What the summit means"]
    wire = entries[0]
    links = {link.get("rel"): link.get("href") for link in wire.findall(f"{A}link")}
    assert links == {"alternate": "sources/wire/", "related": "https://example.org/wire"}
    assert wire.findtext(f"{A}published") == "2023-09-13T00:00:00Z"
    assert wire.findtext(f"{A}author/{A}name") == "Wire Service"
    assert wire.findtext(f"{A}summary", "").startswith("Leader A and Leader B met")
    assert wire.findtext(f"{A}id", "").startswith("urn:uuid:")
    assert feed.findtext(f"{A}title") == "Test Briefing: sources"
    # every page points to it
    assert b'<link rel="alternate" type="application/atom+xml"' in files["index.html"]
    assert b'href="../../feed.xml"' in files["people/leader-a/index.html"]


def test_feed_ids_are_stable_and_absolute_with_a_base_url() -> None:
    first = build(MINI, None).files["feed.xml"]
    assert first == build(MINI, None).files["feed.xml"]
    feed = ET.fromstring(build(MINI, None, base_url=BASE).files["feed.xml"])
    wire = [e for e in feed.findall(f"{A}entry") if "wire" in (e.findtext(f"{A}id") or "")]
    assert wire[0].findtext(f"{A}id") == f"{BASE}sources/wire/"
    self_link = [link.get("href") for link in feed.findall(f"{A}link") if link.get("rel") == "self"]
    assert self_link == [f"{BASE}feed.xml"]


def test_no_sitemap_or_robots_without_a_base_url() -> None:
    files = build(MINI, None).files
    assert "sitemap.xml" not in files and "robots.txt" not in files


def test_sitemap_and_robots_with_a_base_url() -> None:
    files = build(MINI, None, base_url=BASE).files
    locs = [loc.text for loc in ET.fromstring(files["sitemap.xml"]).iter(f"{S}loc")]
    pages = [p for p in files if p.endswith(".html") and not p.startswith("search/")]
    assert len(locs) == len(pages)
    assert locs[0] == BASE
    assert f"{BASE}people/leader-a/" in locs
    assert all(loc and loc.startswith(BASE) and not loc.endswith("index.html") for loc in locs)
    robots = files["robots.txt"].decode()
    assert robots == ("User-agent: *\nDisallow: /brief/search/\n\n"
                      f"Sitemap: {BASE}sitemap.xml\n")


def test_the_feed_holds_only_the_newest_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feeds, "FEED_ENTRIES", 1)
    feed = ET.fromstring(build(MINI, None).files["feed.xml"])
    assert [e.findtext(f"{A}title") for e in feed.findall(f"{A}entry")] == \
        ["Leaders meet at the cosmodrome"]
