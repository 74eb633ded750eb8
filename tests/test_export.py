"""entities.json: the whole graph as data, every citation resolved to article and paragraph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.build import build
from tests.conftest import MINI


def entities(base_url: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(build(MINI, None, base_url=base_url).files["entities.json"])
    return data


def test_profiles_with_aliases_fields_relations_and_mentions() -> None:
    data = entities()
    assert (data["format"], data["version"]) == ("briefing-entities", 1)
    profiles = {p["id"]: p for p in data["profiles"]}
    assert sorted(profiles) == ["alpha-1", "cosmodrome-x", "leader-a", "leader-b", "summit"]
    leader = profiles["leader-a"]
    assert (leader["kind"], leader["name"], leader["url"]) == \
        ("person", "Leader A", "people/leader-a/")
    assert leader["summary"] == {"text": "Leader of the North, who travelled to Cosmodrome X.",
                                 "markdown": "Leader of the North, who travelled to "
                                             "[[cosmodrome-x]]."}
    assert leader["fields"]["role"] == {"text": "Leader of the North",
                                        "markdown": "Leader of the North"}
    assert leader["relations"] == [{"type": "participant_in", "target": "summit"}]
    assert {"article": "wire", "paragraph": 1, "as": "Leader A",
            "url": "sources/wire/#p1"} in leader["mentions"]
    assert [p["text"] for p in profiles["summit"]["fields"]["participants"]] == \
        ["Leader A", "Leader B"]


def test_statements_carry_resolved_citations() -> None:
    data = entities()
    fact = next(p for p in data["profiles"] if p["id"] == "leader-a")["facts"][0]
    assert fact["kind"] == "claim"
    assert fact["by"] == {"id": "leader-b", "name": "Leader B"}
    assert fact["as_of"] == "2023-09-13"
    assert fact["citations"] == [{
        "article": "wire", "quote": 'said he was "very glad" to see', "paragraph": 2,
        "highlight": "said he was “very glad” to see", "url": "sources/wire/#p2"}]
    assert data["bottom_line"]["citations"][0]["paragraph"] == 1
    assert data["key_judgments"][1]["by"] == {"name": "analysts"}
    assert len(data["key_judgments"]) == 3


def test_terms_articles_and_comparisons() -> None:
    data = entities("https://example.org/")
    term = data["terms"][0]
    assert (term["id"], term["aliases"], term["url"]) == \
        ("icbm", ["ICBM", "ICBMs"], "https://example.org/glossary/#icbm")
    assert term["definition"]["text"] == "A long-range ballistic missile, see Alpha-1."
    assert term["citations"][0]["article"] == "agency"
    articles = {a["id"]: a for a in data["articles"]}
    assert articles["wire"]["paragraphs"] == 4
    assert articles["wire"]["url"] == "https://example.org/sources/wire/"
    assert articles["wire"]["original_url"] == "https://example.org/wire"
    account = data["comparisons"][0]["accounts"][0]
    assert {"article", "paragraph", "quote", "url"} <= set(account)


def test_a_relation_written_twice_is_given_once(tmp_path: Path, mini: Path) -> None:
    leader = mini / "profiles/person/leader-a.yaml"
    leader.write_text(leader.read_text().replace("participant_in: [summit]",
                                                 "participant_in: [summit, summit]"))
    data = json.loads(build(mini, None).files["entities.json"])
    [found] = [p for p in data["profiles"] if p["id"] == "leader-a"]
    assert found["relations"] == [{"type": "participant_in", "target": "summit"}]
