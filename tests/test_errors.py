"""A content mistake gives one path:line:col error, exit 1, and leaves site/ untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli, snapshot

CASES = {
    "missing-quote": (
        "profiles/person/leader-b.yaml",
        "Leader B hosted Leader A", "Leader B welcomed Leader A",
        "content/profiles/person/leader-b.yaml:8:26: error[quote-not-found]: quote not found in "
        "content/articles/agency.md: \"Leader B welcomed Leader A\"; copy the words exactly "
        "from one paragraph",
    ),
    "unknown-wikilink": (
        "profiles/person/leader-a.yaml",
        "travelled to [[cosmodrome-x]]", "travelled to [[cosmodrome-y]]",
        "content/profiles/person/leader-a.yaml:5:48: error[unknown-id]: [[cosmodrome-y]] links "
        "to nothing: no profile or glossary term has the id 'cosmodrome-y'",
    ),
    "yaml-syntax": (
        "profiles/system/alpha-1.yaml",
        "type: {value: Satellite launch vehicle, background: true}", "type: [Satellite launch vehicle",
        "content/profiles/system/alpha-1.yaml:3:11: error[yaml-syntax]: YAML syntax error: "
        "did not find expected ',' or ']' (while parsing a flow sequence)",
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
