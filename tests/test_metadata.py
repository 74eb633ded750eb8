"""What pages tell machines: canonical URL, Open Graph and JSON-LD that cannot break out."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from generator.build import build
from generator.rendering.metadata import json_ld
from tests.conftest import MINI

BASE = "https://example.org/brief/"


def ld_of(html: str) -> dict[str, Any]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, "exactly one JSON-LD block per page"
    data: dict[str, Any] = json.loads(blocks[0])
    return data


def page(files: dict[str, bytes], path: str) -> str:
    return files[path].decode()


def test_json_ld_cannot_end_its_script_element() -> None:
    hostile = {"name": "</script><script>alert(1)</script> & <!-- \u2028"}
    text = str(json_ld(hostile))
    assert not set("<>&") & set(text)
    assert json.loads(text) == hostile


def test_each_page_kind_has_its_schema_type() -> None:
    files = build(MINI, None).files
    assert ld_of(page(files, "index.html"))["@type"] == "WebSite"
    person = ld_of(page(files, "people/leader-a/index.html"))
    assert (person["@type"], person["name"], person["jobTitle"]) == \
        ("Person", "Leader A", "Leader of the North")
    assert ld_of(page(files, "places/cosmodrome-x/index.html"))["@type"] == "Place"
    assert ld_of(page(files, "systems/alpha-1/index.html"))["@type"] == "Thing"
    event = ld_of(page(files, "events/summit/index.html"))
    assert (event["@type"], event["startDate"], event["location"]["name"]) == \
        ("Event", "2023-09-13", "Cosmodrome X")
    assert event["attendee"] == [{"@type": "Person", "name": "Leader A"},
                                 {"@type": "Person", "name": "Leader B"}]
    assert "inLanguage" not in event
    article = ld_of(page(files, "sources/wire/index.html"))
    assert article["@type"] == "NewsArticle"
    assert (article["headline"], article["datePublished"], article["publisher"]["name"],
            article["dateline"], article["sameAs"]) == \
        ("Leaders meet at the cosmodrome", "2023-09-13", "Wire Service", "Moscow, Russia",
         "https://example.org/wire")
    glossary = ld_of(page(files, "glossary/index.html"))
    assert glossary["@type"] == "DefinedTermSet"
    assert [t["name"] for t in glossary["hasDefinedTerm"]] == ["Intercontinental ballistic missile"]
    assert glossary["hasDefinedTerm"][0]["alternateName"] == ["ICBM", "ICBMs"]
    assert ld_of(page(files, "people/index.html"))["@type"] == "CollectionPage"
    assert ld_of(page(files, "timeline/index.html"))["@type"] == "WebPage"


def test_a_name_with_markup_stays_data(mini: Path) -> None:
    profile = mini / "profiles/person/leader-a.yaml"
    profile.write_text(profile.read_text().replace("name: Leader A",
                                                   'name: "Leader </script><b>A & co"'))
    html = page(build(mini, None).files, "people/leader-a/index.html")
    assert ld_of(html)["name"] == "Leader </script><b>A & co"
    assert "<b>A" not in html.replace("&lt;b&gt;A", "")


def test_canonical_and_open_graph_urls_need_the_base_url() -> None:
    plain = page(build(MINI, None).files, "people/leader-a/index.html")
    assert 'rel="canonical"' not in plain and 'property="og:url"' not in plain
    assert '<meta property="og:title" content="Leader A">' in plain
    assert '<meta property="og:type" content="profile">' in plain
    files = build(MINI, None, base_url=BASE).files
    html = page(files, "people/leader-a/index.html")
    assert f'<link rel="canonical" href="{BASE}people/leader-a/">' in html
    assert f'<meta property="og:url" content="{BASE}people/leader-a/">' in html
    assert ld_of(html)["url"] == f"{BASE}people/leader-a/"
    assert f'<link rel="canonical" href="{BASE}">' in page(files, "index.html")
    source = page(files, "sources/wire/index.html")
    assert '<meta property="og:type" content="article">' in source
    assert '<meta property="article:published_time" content="2023-09-13">' in source


def test_descriptions_name_what_they_link_to() -> None:
    html = page(build(MINI, None).files, "people/leader-a/index.html")
    assert ('<meta name="description" content="Leader of the North, who travelled to '
            'Cosmodrome X.">') in html
