"""`briefing check` holds statements to their sources: no flat statement of what a source hedges,
no fact without the attribution its source gives, no typed field or definition that neither cites
nor says it is background."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.authoring.rigor import (HEDGES, KEPT_ATTRIBUTIONS, KEPT_HEDGES, LEADING,
                                       NOT_ATTRIBUTION, REPORTING, Passage,
                                       dropped_attribution, overstatement, passage)
from generator.build import check
from tests.conftest import run_cli

NOTES = """---
title: Notes from the border
publisher: Notes Desk
published: 2023-09-14
---

Leader B will likely visit the North in spring. The date is not set.

Leader A fired two missiles toward the sea, the South's military said.

Workers built a platform at the station, where Leader B said the train would stop.

"To the best of our knowledge, the rocket is a new design," said Ann Smith of the Space Institute, a research body.
"""

FACTS = """  - text: Leader B will visit the North in spring.
    sources: [{source: notes, quote: "Leader B will likely visit the North in spring"}]
  - text: Leader B will visit the North in spring.
    kind: claim
    by: leader-a
    sources: [{source: notes, quote: "Leader B will likely visit the North in spring"}]
  - text: Leader B will probably visit the North in spring.
    sources: [{source: notes, quote: "Leader B will likely visit the North in spring"}]
  - text: Leader B will visit the North in spring.
    kind: assessment
    by: Briefing editors
    confidence: moderate
    sources: [{source: notes, quote: "Leader B will likely visit the North in spring"}]
  - text: Leader A fired two missiles toward the sea.
    sources: [{source: notes, quote: "Leader A fired two missiles toward the sea"}]
  - text: Leader A fired two missiles toward the sea, the South's military said.
    sources: [{source: notes, quote: "Leader A fired two missiles toward the sea"}]
  - text: Leader A fired two missiles toward the sea.
    by: The South's military
    sources: [{source: notes, quote: "Leader A fired two missiles toward the sea"}]
  - text: Workers built a platform at the station.
    sources: [{source: notes, quote: "Workers built a platform at the station"}]
  - text: The Space Institute is a research body.
    sources: [{source: notes, quote: "the Space Institute, a research body"}]
  - text: The rocket is a new design.
    sources: [{source: notes, quote: "the rocket is a new design"}]
"""


def warnings_of(content: Path, codes: set[str]) -> list[str]:
    """The warnings of the given codes, with paths as `briefing check` run beside content/."""
    result = check(Path(content.name), editorial=True)
    assert result.ok, [d.format() for d in result.diagnostics]
    return [d.format() for d in result.diagnostics if d.code in codes]


def test_overstatements_and_dropped_attributions_are_named_at_their_statement(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini.parent)
    (mini / "articles/notes.md").write_text(NOTES, encoding="utf-8")
    with (mini / "profiles/person/leader-b.yaml").open("a", encoding="utf-8") as handle:
        handle.write(FACTS)
    assert warnings_of(mini, {"overstated", "dropped-attribution"}) == [
        "content/profiles/person/leader-b.yaml:9:5: warning[overstated]: the cited passage "
        "(Notes Desk ¶1) hedges with 'likely' but this fact states the point flatly: keep the "
        "hedge in the text, or make it an assessment with a confidence",
        "content/profiles/person/leader-b.yaml:11:5: warning[overstated]: the cited passage "
        "(Notes Desk ¶1) hedges with 'likely' but this claim states the point flatly: keep the "
        "hedge in the text, or make it an assessment with a confidence",
        "content/profiles/person/leader-b.yaml:22:5: warning[dropped-attribution]: the cited "
        "passage (Notes Desk ¶2) attributes the point with 'said' but this fact does not say "
        "who: name the source in the text, or make it a claim with 'by'",
        "content/profiles/person/leader-b.yaml:33:5: warning[overstated]: the cited passage "
        "(Notes Desk ¶4) hedges with 'best of our knowledge' but this fact states the point flatly: "
        "keep the hedge in the text, or make it an assessment with a confidence",
    ]


def test_a_typed_field_or_definition_without_sources_or_background_is_named(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini.parent)
    person = mini / "profiles/person/leader-b.yaml"
    person.write_text(person.read_text().replace("role: {value: Host, background: true}",
                                                 "role: Host"))
    glossary = mini / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace("  background: true\n", "")
                        .replace("  sources:\n    - {source: agency, quote: \"ICBMs were "
                                 "discussed\"}\n", ""))
    assert warnings_of(mini, {"uncited-field", "uncited-definition"}) == [
        "content/glossary.yaml:1:3: warning[uncited-definition]: the definition of "
        "'Intercontinental ballistic missile' neither cites the articles nor is marked "
        "background: add 'sources' where the articles use or explain the term, or "
        "'background: true' if it is the editors' own knowledge",
        "content/profiles/person/leader-b.yaml:2:1: warning[uncited-field]: 'role' of Leader B "
        "neither cites the articles nor is marked background: write it as {value: ..., "
        "sources: [...]}, or {value: ..., background: true} if the editors know it from "
        "elsewhere",
    ]


def test_strict_fails_on_an_uncited_field(tmp_path: Path, mini: Path) -> None:
    person = mini / "profiles/person/leader-b.yaml"
    person.write_text(person.read_text().replace("role: {value: Host, background: true}",
                                                 "role: Host"))
    result = run_cli("check", "--content", "content", "--strict", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "content/profiles/person/leader-b.yaml:2:1: error[uncited-field]: 'role' of Leader B "
        "neither cites the articles nor is marked background: write it as {value: ..., "
        "sources: [...]}, or {value: ..., background: true} if the editors know it from "
        "elsewhere")
    assert run_cli("check", "--content", "content", cwd=tmp_path).returncode == 0


# ------------------------------------------------------------------ the rules, generated
# Filler words that are neither hedges nor attributions, nor start a clause of their own.
FILLER = st.sampled_from(["the", "rocket", "North", "launched", "two", "missiles", "toward",
                          "sea", "leaders", "met", "at", "station", "new", "design", "Leader",
                          "Kim", "visit", "in", "spring", "talks", "ended", "plant"])
WORDS = st.lists(FILLER, min_size=2, max_size=8)
SPEAKERS = st.lists(st.sampled_from(["the", "South's", "military", "officials", "experts",
                                     "Ann", "Smith", "ministry"]), min_size=1, max_size=4)
SPOKEN = ("said", "says", "told", "reported", "claimed")  # a reporting verb after its speaker


def cap(text: str) -> str:
    """The text with its first letter as a sentence starts."""
    return text[:1].upper() + text[1:]


def sentence_passage(sentence: str, quote: str, last: bool = False) -> list[Passage]:
    start = sentence.rindex(quote) if last else sentence.index(quote)
    return [passage("Notes ¶1", sentence, start, start + len(quote))]


@given(WORDS, st.sampled_from([h for h in HEDGES if " " not in h]), WORDS)
def test_a_hedge_in_the_quote_dropped_by_the_statement_is_named(
        before: list[str], hedge: str, after: list[str]) -> None:
    quote = " ".join([*before, hedge, *after])
    found = overstatement(" ".join([*before, *after]) + ".",
                          sentence_passage(cap(quote) + ".", quote[1:]))
    assert found is not None and found[1] == hedge


@given(WORDS, st.sampled_from(HEDGES), WORDS)
def test_a_statement_that_keeps_its_quotes_words_is_never_overstated(
        before: list[str], hedge: str, after: list[str]) -> None:
    sentence = " ".join([*before, hedge, *after]) + "."
    assert overstatement(sentence, sentence_passage(sentence, " ".join(after))) is None
    assert set(HEDGES) <= set(KEPT_HEDGES)


@given(WORDS, SPEAKERS, st.sampled_from(SPOKEN))
def test_an_attribution_after_the_quote_dropped_by_the_fact_is_named(
        claim: list[str], speaker: list[str], verb: str) -> None:
    point = " ".join(claim)
    sentence = f"{cap(point)}, {' '.join(speaker)} {verb}."
    found = dropped_attribution(point + ".", sentence_passage(sentence, point[1:]))
    assert found is not None and found[1] == verb


@given(WORDS, SPEAKERS, st.sampled_from(LEADING))
def test_an_attribution_before_the_quote_dropped_by_the_fact_is_named(
        claim: list[str], speaker: list[str], verb: str) -> None:
    point = " ".join(claim)
    sentence = f"{cap(' '.join(speaker))} {verb} {point}."
    found = dropped_attribution(point + ".", sentence_passage(sentence, point, last=True))
    assert found is not None and " ".join(found[1].split()) == verb


@given(WORDS, SPEAKERS, st.sampled_from(SPOKEN), st.sampled_from(NOT_ATTRIBUTION))
def test_what_someone_says_in_a_clause_of_its_own_is_not_an_attribution_of_the_quote(
        claim: list[str], speaker: list[str], verb: str, opener: str) -> None:
    point = " ".join(claim)
    sentence = f"{cap(point)}, {opener} {' '.join(speaker)} {verb} it was late."
    assert dropped_attribution(point + ".", sentence_passage(sentence, point[1:])) is None


@given(WORDS, SPEAKERS, st.sampled_from(REPORTING))
def test_a_fact_that_keeps_the_attribution_is_never_flagged(
        claim: list[str], speaker: list[str], verb: str) -> None:
    sentence = f"{cap(' '.join(claim))}, {' '.join(speaker)} {verb}."
    assert dropped_attribution(sentence, sentence_passage(sentence, sentence[1:10])) is None
    assert set(LEADING) <= set(KEPT_ATTRIBUTIONS)
