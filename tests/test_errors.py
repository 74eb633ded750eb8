"""A content mistake gives one path:line:col error, exit 1, and leaves site/ untouched."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.build import check
from generator.linking.textmatch import find_quote
from tests.conftest import REPO, run_cli, snapshot

CASES = {
    "missing-quote": (
        "profiles/person/leader-b.yaml",
        "Leader B hosted Leader A", "Leader B welcomed Leader A",
        "content/profiles/person/leader-b.yaml:8:26: error[quote-not-found]: quote not found in "
        "content/articles/agency.md: \"Leader B welcomed Leader A\"; the closest is ¶2, which "
        "has \"B hosted Leader\" where the quote has \"B welcomed Leader\"; copy the words "
        "exactly from one paragraph",
    ),
    "unknown-wikilink": (
        "profiles/person/leader-a.yaml",
        "travelled to [[cosmodrome-x]]", "travelled to [[cosmodrome-y]]",
        "content/profiles/person/leader-a.yaml:5:48: error[unknown-id]: [[cosmodrome-y]] links "
        "to nothing: no profile or glossary term has the id 'cosmodrome-y'; did you mean "
        "'cosmodrome-x'?",
    ),
    "yaml-syntax": (
        "profiles/system/alpha-1.yaml",
        "type: {value: Satellite launch vehicle, background: true}", "type: [Satellite launch vehicle",
        "content/profiles/system/alpha-1.yaml:2:32: error[yaml-syntax]: the '[' on line 2 is "
        "never closed; add ']' at the end of the list, or, if the brackets are part of the "
        "text, put the whole value in quotes",
    ),
    "duplicate-id": (
        "glossary.yaml",
        "- id: icbm", "- id: leader-a\n  term: Leader\n  short: A leader.\n  definition: A "
        "leader.\n- id: icbm",
        "content/glossary.yaml:1:3: error[duplicate-id]: id 'leader-a' is already used by the "
        "person profile at content/profiles/person/leader-a.yaml:1:1; ids must be unique "
        "across all kinds",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_mistake_reports_one_error_and_keeps_the_site(case: str, tmp_path: Path,
                                                      mini: Path) -> None:
    built = run_cli("build", "--content", "content", "--out", "site", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    before = snapshot(tmp_path / "site")

    rel, old, new, expected = CASES[case]
    path = mini / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    for command in (["check", "--content", "content"],
                    ["build", "--content", "content", "--out", "site"]):
        result = run_cli(*command, cwd=tmp_path)
        assert result.returncode == 1
        lines = result.stderr.splitlines()
        assert lines[0] == expected
        assert lines[1] == "1 error, 0 warnings"
    assert snapshot(tmp_path / "site") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".briefing-cache", "content", "site"]


def real_briefing(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path / "content"


def test_a_quote_broken_by_one_word_in_the_real_briefing_names_the_closest_paragraph(
        tmp_path: Path) -> None:
    content = real_briefing(tmp_path)
    rel = "profiles/person/kim-jong-un.yaml"
    text = (content / rel).read_text(encoding="utf-8")
    cited = next(m for m in re.finditer(r"\{source: ([a-z-]+), quote: \"([^\"]+)\"\}", text)
                 if len(m.group(2).split()) >= 4)
    source, quote = cited.group(1), cited.group(2)
    words = quote.split()
    checked = check(content)
    assert checked.content is not None and checked.graph is not None
    article = next(a for a in checked.content.articles if a.id == source)
    paragraphs = checked.graph.texts[source].paragraphs
    [match] = find_quote(quote, [p.text for p in paragraphs])
    assert "allegedly" not in article.body
    broken = " ".join(words[:1] + ["allegedly"] + words[2:])
    (content / rel).write_text(text[:cited.start(2)] + broken + text[cited.end(2):],
                               encoding="utf-8")
    line = text[:cited.start(2)].count("\n") + 1
    col = text.rindex("quote:", 0, cited.start(2)) - text.rfind("\n", 0, cited.start(2))
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"content/{rel}:{line}:{col}: error[quote-not-found]: quote not found in "
        f"content/articles/{source}.md: \"{broken}\"; the closest is "
        f"¶{paragraphs[match.paragraph].number}, which has \"{' '.join(words[:3])}\" "
        f"where the quote has \"{words[0]} allegedly {words[2]}\"; copy the words exactly "
        "from one paragraph")


def test_an_unknown_id_in_a_folded_summary_of_the_real_briefing_is_found_where_it_is(
        tmp_path: Path) -> None:
    content = real_briefing(tmp_path)
    rel = "profiles/person/kim-jong-un.yaml"
    lines = (content / rel).read_text(encoding="utf-8").split("\n")
    assert lines.count("summary: >-") == 1
    start = lines.index("summary: >-")
    number = next(n for n in range(start + 2, len(lines)) if "[[" in lines[n])
    target = re.search(r"\[\[([a-z0-9-]+)", lines[number])
    assert target is not None and lines[number].startswith("  ")
    typo = target.group(1)[:-1]
    lines[number] = lines[number].replace(target.group(0), "[[" + typo, 1)
    (content / rel).write_text("\n".join(lines), encoding="utf-8")
    result = run_cli("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"content/{rel}:{number + 1}:{target.start() + 1}: error[unknown-id]: [[{typo}]] links "
        f"to nothing: no profile or glossary term has the id '{typo}'; did you mean "
        f"'{target.group(1)}'?")


def test_verbose_adds_the_parsers_own_words_under_a_yaml_mistake(tmp_path: Path,
                                                                 mini: Path) -> None:
    path = mini / "profiles/person/leader-b.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = "side: Minister: defence"
    path.write_text("\n".join(lines), encoding="utf-8")
    plain = run_cli("check", "--content", "content", cwd=tmp_path).stderr.splitlines()
    verbose = run_cli("check", "-v", "--content", "content", cwd=tmp_path).stderr.splitlines()
    assert plain[0] == (
        "content/profiles/person/leader-b.yaml:3:7: error[yaml-syntax]: the value of 'side' has "
        "': ' in it, which YAML reads as the start of a key; put the value in quotes: "
        "side: \"Minister: defence\"")
    assert verbose[0] == plain[0] and plain[1] == "1 error, 0 warnings"
    # libyaml and the pure-Python parser word it differently; both say where
    assert verbose[1].startswith("    note: PyYAML: mapping values are not allowed ")
    assert verbose[1].endswith(" (line 3, column 15)")
