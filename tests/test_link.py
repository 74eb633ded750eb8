"""The linker: citations, names, relations and mentions, with diagnostics as users see them."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from generator.build import check
from generator.linking.articles import Mention
from tests.conftest import MINI


def problems(content: Path) -> list[str]:
    return [d.format() for d in check(content).diagnostics]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_is_clean() -> None:
    assert problems(MINI) == []


def test_ambiguous_quote_names_the_paragraphs(mini: Path) -> None:
    edit(mini / "profiles/person/leader-b.yaml", "Leader B hosted Leader A", "Leader A")
    [message] = problems(mini)
    assert message.endswith("error[quote-ambiguous]: quote matches 2 paragraphs of "
                            f"{mini}/articles/agency.md (¶1, ¶2); lengthen it so it names one: "
                            "\"Leader A wants\" names ¶1, \"Leader A at\" names ¶2")


def test_quote_matching_ignores_typographic_quotes_and_whitespace(mini: Path) -> None:
    edit(mini / "profiles/person/leader-a.yaml", """quote: 'said he was "very glad" to see'""",
         """quote: "said  he was ‘‘very glad’’\\n to see\"""")
    # curly single quotes twice do not equal one double quote: still an error
    assert [m.split("error")[1][:18] for m in problems(mini)] == ["[quote-not-found]:"]
    edit(mini / "profiles/person/leader-a.yaml", "‘‘very glad’’", "“very glad”")
    assert problems(mini) == []


def test_unknown_source_suggests_the_closest_or_lists_the_articles(mini: Path) -> None:
    edit(mini / "profiles/person/leader-b.yaml", "source: agency", "source: agencyy")
    [message] = problems(mini)
    assert message.endswith("error[unknown-source]: no article 'agencyy'; did you mean "
                            "'agency'?")
    edit(mini / "profiles/person/leader-b.yaml", "source: agencyy", "source: bulletin")
    [message] = problems(mini)
    assert message.endswith("error[unknown-source]: no article 'bulletin' (articles: agency, "
                            "wire)")


def test_alias_claimed_twice_is_an_error_until_resolved(mini: Path) -> None:
    edit(mini / "profiles/person/leader-b.yaml", "name: Leader B", "name: Leader B\n"
         "aliases: [cosmodrome]")
    found = problems(mini)
    assert len(found) == 2 and all("error[alias-conflict]: the name 'cosmodrome' is also "
                                   "claimed by" in m for m in found)
    edit(mini / "site.yaml", "language: en", "language: en\nalias_owners:\n"
         "  cosmodrome: cosmodrome-x")
    assert problems(mini) == []


def test_claims_need_someone_to_assert_them(mini: Path) -> None:
    edit(mini / "profiles/person/leader-a.yaml", "    by: leader-b\n", "")
    [message] = problems(mini)
    assert message.endswith("error[missing-by]: a claim needs 'by': who asserts it (a profile "
                            "id or free text such as \"South Korea's military\")")


def test_relations_to_unknown_profiles(mini: Path) -> None:
    edit(mini / "profiles/person/leader-a.yaml", "participant_in: [summit]",
         "participant_in: [summit, sumit]")
    [message] = problems(mini)
    assert message.endswith("error[unknown-id]: relation participant_in: no profile has the "
                            "id 'sumit'; did you mean 'summit'?")
    assert "leader-a.yaml:7:28:" in message


def test_every_error_is_reported_in_one_run(mini: Path) -> None:
    edit(mini / "profiles/person/leader-b.yaml", "Leader B hosted Leader A", "nowhere")
    edit(mini / "profiles/system/alpha-1.yaml", "summary: A rocket", "summary: A [[rockt]]")
    edit(mini / "glossary.yaml", "short: A missile", "shrt: A missile")
    codes = sorted(m.split("[")[1].split("]")[0] for m in problems(mini))
    assert codes == ["missing-field", "quote-not-found", "unknown-field", "unknown-id"]


def mentions_of(content: Path) -> set[Mention]:
    graph = check(content).graph
    assert graph is not None
    return {m for ms in graph.mentions.values() for m in ms}


def test_backlinks_are_the_mentions_of_each_target() -> None:
    graph = check(MINI).graph
    assert graph is not None
    for target, mentions in graph.mentions.items():
        assert all(m.target == target for m in mentions)
    leader = sorted((m.article, m.paragraph, m.linked) for m in graph.mentions["leader-a"])
    assert leader == [("agency", 1, True), ("agency", 2, False), ("wire", 1, True),
                      ("wire", 2, False), ("wire", 3, True)]


@settings(max_examples=20, deadline=None)
@given(st.permutations(["leader-a", "leader-b", "cosmodrome-x", "alpha-1", "summit"]))
def test_profile_file_order_changes_nothing(order: list[str]) -> None:
    """Mentions do not depend on the order in which profiles are found."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(MINI, content)
        baseline = mentions_of(content)
        # rewrite the profiles in another order (mtime and creation order differ)
        for name in order:
            for path in content.glob(f"profiles/*/{name}.yaml"):
                data = path.read_bytes()
                path.unlink()
                path.write_bytes(data)
        assert mentions_of(content) == baseline


def test_removing_a_profile_gives_one_error_per_reference(mini: Path) -> None:
    (mini / "profiles/place/cosmodrome-x.yaml").unlink()
    found = problems(mini)
    # referenced by [[cosmodrome-x]] in site.yaml, leader-a, summit (place and summary) and
    # the summit's located_at relation
    assert len(found) == 5 and all("cosmodrome-x" in m for m in found)
