"""Tests of the briefing content in `content/`: coverage, sourcing and fidelity to the seed texts.

These read the content files directly (plain YAML and Markdown) so that a failure points at the
content rather than at the engine; the last test runs `briefing check` on the whole folder.
They hold for any content added as CONTRIBUTING.md says (tests/test_contributing.py runs them on
a copy with a new article); BRIEFING_CONTENT names another content folder to test.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
CONTENT = Path(os.environ.get("BRIEFING_CONTENT", REPO / "content"))
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

ARTICLE_SEEDS = {
    "afp-reuters": "afp-reuters-putin-hosts-kim.txt",
    "ap": "ap-kim-putin-spaceport.txt",
}

CORE = {
    "vostochny-cosmodrome": "place",
    "chollima-1": "system",
    "hwasong-18": "system",
    "kim-jong-un": "person",
    "vladimir-putin": "person",
}

DELEGATION = {
    "pak-jong-chon": "person",
    "jo-chun-ryong": "person",
    "pak-thae-song": "person",
    "kim-myong-sik": "person",
}

OTHER_PROFILES = {
    # Russian side
    "sergei-shoigu": "person",
    "sergei-lavrov": "person",
    "alexander-kozlov": "person",
    # experts and officials quoted
    "an-chan-il": "person",
    "vladimir-tikhonov": "person",
    "brian-weeden": "person",
    "lee-choon-geun": "person",
    "yuri-gagarin": "person",
    # systems
    "hwasong-15": "system",
    "spy-satellite-programme": "system",
    "nuclear-attack-submarine": "system",
    "armoured-train": "system",
    # places
    "vladivostok": "place",
    "komsomolsk-on-amur": "place",
    "russian-far-east": "place",
    "north-korea": "place",
    "russia": "place",
    "south-korea": "place",
    "united-states": "place",
    "china": "place",
    "soviet-union": "place",
    "ukraine": "place",
    "pacific-ocean": "place",
    # organizations
    "un-security-council": "organization",
    "korean-peoples-army": "organization",
    "munitions-industry-department": "organization",
    "space-science-and-technology-committee": "organization",
    "world-institute-for-north-korea-studies": "organization",
    "secure-world-foundation": "organization",
    "institute-for-national-security-strategy": "organization",
    "science-and-technology-policy-institute": "organization",
    "tass": "organization",
    "white-house": "organization",
    "kremlin": "organization",
    "university-of-oslo": "organization",
    "russian-natural-resources-ministry": "organization",
    "komsomolsk-aircraft-plant": "organization",
    "russian-state-media": "organization",
    "north-korean-state-media": "organization",
    "north-korean-navy": "organization",
    "north-korea-space-agency": "organization",
    "seoul-spy-agency": "organization",
    "south-korean-military": "organization",
    # events
    "vostochny-summit": "event",
    "missile-launches-2023-09-13": "event",
    "spy-satellite-launch-failures-2023": "event",
    "october-satellite-launch": "event",
    "satellite-launch-2012": "event",
    "satellite-launch-2016": "event",
    "party-congress-2021": "event",
    "hwasong-18-flight-test": "event",
    "submarine-unveiling": "event",
    "space-cooperation-remark-2015": "event",
    "kim-satellite-inspection": "event",
    "war-in-ukraine": "event",
}

EXPECTED_PROFILES = {**CORE, **DELEGATION, **OTHER_PROFILES}

EVENT_DATES = {
    "vostochny-summit": "2023-09-13",
    "missile-launches-2023-09-13": "2023-09-13",
    "spy-satellite-launch-failures-2023": "2023-05",
    "october-satellite-launch": "2023-10",
    "satellite-launch-2012": "2012",
    "satellite-launch-2016": "2016",
    "party-congress-2021": "2021-01",
    "hwasong-18-flight-test": "2023",
    "submarine-unveiling": "2023-09",
    "space-cooperation-remark-2015": "2015",
}


def load_yaml(path: Path):
    # BaseLoader keeps every scalar a string, as the engine does (dates stay "2023-09-13").
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def article_ids() -> set[str]:
    return {path.stem for path in (CONTENT / "articles").glob("*.md")}


def load_profiles() -> dict[str, tuple[str, dict]]:
    profiles: dict[str, tuple[str, dict]] = {}
    for path in sorted((CONTENT / "profiles").glob("*/*.yaml")):
        profiles[path.stem] = (path.parent.name, load_yaml(path))
    return profiles


def load_glossary() -> list[dict]:
    single = CONTENT / "glossary.yaml"
    if single.exists():
        return load_yaml(single) or []
    terms: list[dict] = []
    for path in sorted((CONTENT / "glossary").glob("*.yaml")):
        terms.extend(load_yaml(path) or [])
    return terms


def split_article(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)\Z", text, re.S)
    assert match, f"{path.name}: missing front matter"
    return yaml.load(match.group(1), Loader=yaml.BaseLoader), match.group(2)


def normalise(text: str) -> str:
    text = (text.replace("\u2018", "'").replace("\u2019", "'")
            .replace("\u201c", '"').replace("\u201d", '"'))
    return re.sub(r"\s+", " ", text).strip()


def paragraphs(text: str) -> list[str]:
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def body_paragraphs(body: str) -> list[str]:
    """Numbered blocks of an article body: headings are editorial and not part of the source."""
    return [normalise(p) for p in paragraphs(body) if not p.startswith("#")]


def seed_paragraphs(seed_text: str, front: dict) -> list[str]:
    """The seed's body paragraphs, with the metadata kept in front matter removed."""
    title = normalise(front["title"])
    dateline = normalise(front["dateline"])
    publisher = normalise(front["publisher"])
    result = []
    for raw in paragraphs(seed_text):
        para = normalise(raw)
        if para in (title, dateline) or re.fullmatch(r"Published \w{3} \d{1,2}, \d{4}", para):
            continue
        if para.endswith(publisher):  # the attribution line, possibly run into a following title
            para = para[: -len(publisher)].strip()
            if not para:
                continue
        for dash in ("\u2014", "\u2013", "-"):
            prefix = f"{dateline} {dash} "
            if para.startswith(prefix):
                para = para[len(prefix):]
        result.append(para)
    return result


def statements(value):
    """Every statement (a mapping with `text` and `sources`) anywhere in a loaded document."""
    if isinstance(value, dict):
        if "text" in value and "sources" in value:
            yield value
        for item in value.values():
            yield from statements(item)
    elif isinstance(value, list):
        for item in value:
            yield from statements(item)


# --- coverage ----------------------------------------------------------------------------------


def test_articles_exist_with_front_matter():
    for article_id, publisher, short, dateline in (
        ("afp-reuters", "AFP & Reuters", "AFP/Reuters", "Moscow, Russia"),
        ("ap", "The Associated Press", "AP", "SEOUL, South Korea (AP)"),
    ):
        front, _ = split_article(CONTENT / "articles" / f"{article_id}.md")
        assert front["publisher"] == publisher
        assert front["short_name"] == short
        assert front["dateline"] == dateline
        assert front["published"] == "2023-09-13"
        assert front["title"]


@pytest.mark.parametrize("profile_id,kind", sorted(EXPECTED_PROFILES.items()))
def test_profile_exists(profile_id, kind):
    path = CONTENT / "profiles" / kind / f"{profile_id}.yaml"
    assert path.exists(), f"missing {kind} profile {profile_id}"
    data = load_yaml(path)
    assert data.get("name") and data.get("summary")


@pytest.mark.parametrize("profile_id,minimum", [*((p, 5) for p in CORE), *((p, 2) for p in DELEGATION)])
def test_minimum_fact_counts(profile_id, minimum):
    kind, data = load_profiles()[profile_id]
    assert len(data.get("facts") or []) >= minimum, f"{profile_id} has too few facts"


def test_every_fact_has_a_citation():
    """Every fact cites an article, except background, which says it is not from them."""
    for profile_id, (_, data) in load_profiles().items():
        for index, fact in enumerate(data.get("facts") or []):
            sources = fact.get("sources") or []
            if fact.get("kind") == "background":
                assert not sources, f"{profile_id} fact {index} is background yet cites"
                continue
            assert len(sources) >= 1, f"{profile_id} fact {index} has no citation"
            for citation in sources:
                assert citation.get("source") in article_ids() and citation.get("quote")


TYPED_FIELDS = ("role", "affiliation", "nationality", "type", "located_in", "country",
                "propellant", "developer", "status", "range", "headquarters", "date", "end_date",
                "place", "participants", "outcome")


def test_typed_fields_and_definitions_cite_or_say_they_are_background():
    for profile_id, (_, data) in load_profiles().items():
        for name in TYPED_FIELDS:
            if name in data:
                value = data[name]
                assert isinstance(value, dict), f"{profile_id}: '{name}' is neither cited nor background"
                assert value.get("sources") or value.get("background") == "true", \
                    f"{profile_id}: '{name}' is neither cited nor background"
    for term in load_glossary():
        assert term.get("sources") or term.get("background") == "true", term["id"]


def test_every_assessment_states_a_confidence():
    site = load_yaml(CONTENT / "site.yaml")
    documents = [data for _, data in load_profiles().values()] + [site]
    found = 0
    for document in documents:
        for statement in statements(document):
            if statement.get("kind") == "assessment":
                assert statement.get("confidence") in ("low", "moderate", "high"), \
                    statement["text"]
                found += 1
    assert found >= 6


def test_claims_and_assessments_name_who_asserts_them():
    site = load_yaml(CONTENT / "site.yaml")
    documents = [data for _, data in load_profiles().values()] + [site]
    for document in documents:
        for statement in statements(document):
            if statement.get("kind", "fact") in ("claim", "assessment"):
                assert statement.get("by"), statement["text"]


def test_people_are_grouped_by_side():
    for profile_id, (kind, data) in load_profiles().items():
        if kind == "person":
            assert data.get("side"), f"{profile_id} has no side"


@pytest.mark.parametrize("event_id,date", sorted(EVENT_DATES.items()))
def test_event_dates(event_id, date):
    written = load_profiles()[event_id][1]["date"]
    assert (written["value"] if isinstance(written, dict) else written) == date


def test_glossary_has_at_least_20_terms():
    terms = load_glossary()
    assert len(terms) >= 20
    for term in terms:
        assert term.get("id") and term.get("term") and term.get("definition")
        assert term.get("short") and len(term["short"]) < 120, term["id"]


def test_comparisons_contrast_both_sources():
    points = load_yaml(CONTENT / "comparisons.yaml")
    assert len(points) >= 6
    for point in points:
        sources = [account["source"] for account in point["accounts"]]
        assert len(set(sources)) >= 2, f"{point['id']} does not compare two sources"
        assert all(account.get("quote") for account in point["accounts"])
        assert point.get("note")


def test_site_bottom_line_and_key_judgments():
    site = load_yaml(CONTENT / "site.yaml")
    assert site["title"] and site["language"] == "en"
    assert site["bottom_line"]["text"] and site["bottom_line"]["sources"]
    assert site["bottom_line"]["kind"] == "assessment" and site["bottom_line"]["confidence"]
    judgments = site["key_judgments"]
    assert 3 <= len(judgments) <= 5
    for judgment in judgments:
        assert judgment["sources"]
        assert judgment.get("kind") in ("fact", "claim", "assessment")
        if judgment.get("kind") != "fact":
            assert judgment.get("by")
    assert sum("alternative" in judgment for judgment in judgments) >= 2
    assert site["gaps"] and site["indicators"]


# --- fidelity to the sources -------------------------------------------------------------------


@pytest.mark.parametrize("article_id", sorted(ARTICLE_SEEDS))
def test_article_body_matches_seed(article_id):
    seed = SEEDS / ARTICLE_SEEDS[article_id]
    if not SEEDS.is_dir():
        pytest.skip(f"seed folder {SEEDS} not available")
    front, body = split_article(CONTENT / "articles" / f"{article_id}.md")
    ours = body_paragraphs(body)
    theirs = seed_paragraphs(seed.read_text(encoding="utf-8"), front)
    assert len(ours) == len(theirs), f"{article_id}: {len(ours)} paragraphs, seed has {len(theirs)}"
    for number, (mine, original) in enumerate(zip(ours, theirs), start=1):
        assert mine == original, f"{article_id} paragraph {number} differs from the seed"


class _Segments(HTMLParser):
    """Text of a page fragment, each piece with the href of the link it sits in (or None)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, str | None]] = []
        self.links: list[str | None] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a":
            self.links.append(attributes.get("href"))
        if tag == "span" and attributes.get("role") == "tooltip":
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            self.links.pop()
        if tag == "span" and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.pieces.append((data, self.links[-1] if self.links else None))


def _first_occurrences(text: str, names: dict[str, str]) -> dict[str, int]:
    """Naive scan: at each word start take the longest name; first position of each id."""
    first: dict[str, int] = {}
    ordered = sorted(names, key=len, reverse=True)
    position = 0
    while position < len(text):
        if position == 0 or not (text[position - 1].isalnum() or text[position - 1] == "_"):
            for name in ordered:
                end = position + len(name)
                if text.startswith(name, position) and (
                        end == len(text) or not (text[end].isalnum() or text[end] == "_")):
                    first.setdefault(names[name], position)
                    position = end - 1
                    break
        position += 1
    return first


@pytest.fixture(scope="module")
def built_site() -> dict[str, bytes]:
    from generator.build import build

    result = build(CONTENT, None)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.files


def test_listed_names_linked_at_first_mention_per_section(built_site):
    profiles = load_profiles()
    names: dict[str, str] = {}
    for profile_id, (_, data) in profiles.items():
        for name in [data["name"], *(data.get("aliases") or [])]:
            names[name] = profile_id
    for term in load_glossary():
        for name in [term["term"], *(term.get("aliases") or [])]:
            names.setdefault(name, term["id"])
            names.setdefault(name[:1].upper() + name[1:], term["id"])
    checked = 0
    for article_id in ARTICLE_SEEDS:
        html = built_site[f"sources/{article_id}/index.html"].decode()
        body = html[html.index('<div class="source-body">'):html.index("</article>")]
        for number, section in enumerate(body.split('<div class="section-heading">')):
            if number:  # drop the heading itself
                section = section[section.index("</div>"):]
            section = "".join(re.findall(r'<div class="ptext">(.*?)</div>', section, re.S))
            parser = _Segments()
            parser.feed(section)
            text = "".join(piece for piece, _ in parser.pieces)
            owners = [href for piece, href in parser.pieces for _ in piece]
            for profile_id, at in _first_occurrences(text, names).items():
                if profile_id not in EXPECTED_PROFILES:
                    continue
                kind = EXPECTED_PROFILES[profile_id]
                plural = {"person": "people", "place": "places", "system": "systems",
                          "organization": "organizations", "event": "events"}[kind]
                href = owners[at] or ""
                assert href.endswith(f"{plural}/{profile_id}/index.html"), (
                    f"{article_id} section {number}: first mention of {profile_id} at "
                    f"{text[at:at + 30]!r} is not linked to its profile")
                checked += 1
    assert checked > 60


# --- the engine agrees -------------------------------------------------------------------------


def test_briefing_check_strict_passes():
    """Every editorial check, the rigor checks included, passes with warnings as errors."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content", str(CONTENT), "--strict"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
