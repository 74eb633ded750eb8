"""`briefing check`: editorial warnings, --strict, and GitHub annotations for pull requests."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FIXTURES, REPO, run_cli

LINT = "tests/fixtures/lint"

EXPECTED_GITHUB = [
    f"::warning file={LINT}/articles/agency.md,line=10,col=1,title=unlinked-name::'COSMODROME X' "
    "looks like Cosmodrome X but is written differently, so it is not linked; add "
    "'COSMODROME X' to its aliases if it is the same",
    f"::warning file={LINT}/comparisons.yaml,line=11,col=3,title=one-sided::comparison "
    "'one-side' quotes only wire; quote at least two sources",
    f"::warning file={LINT}/glossary.yaml,line=8,col=3,title=unused-term::the glossary term "
    "'sanctions' is never used: no article contains it or an alias, and no [[id]] links to it",
    f"::warning file={LINT}/profiles/person/hermit.yaml,line=1,col=1,title=unused-profile::"
    "nothing mentions or links to The Hermit: no article names it and no [[id]] link, relation "
    "or 'by' refers to it",
]


def test_github_annotations_for_known_mistakes() -> None:
    result = run_cli("check", "--content", LINT, "--format", "github", cwd=REPO)
    assert result.returncode == 0
    assert result.stdout.splitlines() == EXPECTED_GITHUB


def test_strict_turns_warnings_into_errors() -> None:
    result = run_cli("check", "--content", LINT, "--format", "github", "--strict", cwd=REPO)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [line.replace("::warning ", "::error ", 1)
                                          for line in EXPECTED_GITHUB]


def test_text_format_has_severity_and_a_summary() -> None:
    result = run_cli("check", "--content", LINT, cwd=REPO)
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    assert lines[0] == (f"{LINT}/articles/agency.md:10:1: warning[unlinked-name]: 'COSMODROME X' "
                        "looks like Cosmodrome X but is written differently, so it is not "
                        "linked; add 'COSMODROME X' to its aliases if it is the same")
    assert lines[-1] == "0 errors, 4 warnings"


def test_errors_as_annotations(tmp_path: Path, mini: Path) -> None:
    path = mini / "profiles/person/leader-b.yaml"
    path.write_text(path.read_text().replace("Leader B hosted Leader A", "Leader B hosted"
                                             " nobody"))
    result = run_cli("check", "--content", "content", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=content/profiles/person/leader-b.yaml,line=8,col=26,title=quote-not-found"
        "::quote not found in content/articles/agency.md: \"Leader B hosted nobody\"; the "
        "closest is ¶2, which has \"hosted Leader\" where the quote has \"hosted nobody\"; copy "
        "the words exactly from one paragraph"]


def test_the_clean_fixture_has_no_warnings() -> None:
    result = run_cli("check", "--content", str(FIXTURES / "mini"), "--strict", cwd=REPO)
    assert result.returncode == 0 and result.stderr == ""
