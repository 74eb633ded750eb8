"""Files for editors: JSON Schemas in sync with the validator, and `briefing new`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.build import check
from generator.authoring.scaffold import schema_documents
from tests.conftest import REPO, run_cli


def test_shipped_schemas_match_the_validator() -> None:
    """`briefing schemas` regenerates schemas/; this fails when they drift from the code."""
    shipped = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "schemas").glob("*.json")}
    assert shipped == schema_documents(), "run: briefing schemas --out schemas"


def test_editor_settings_map_every_schema() -> None:
    settings = json.loads((REPO / ".vscode/settings.json").read_text())
    mapped = {Path(k).name for k in settings["yaml.schemas"]}
    assert mapped | {"article.schema.json"} == set(schema_documents())


def test_schema_rejects_a_misspelt_field() -> None:
    person = json.loads(schema_documents()["person.schema.json"])
    assert person["additionalProperties"] is False and "sumary" not in person["properties"]


@pytest.mark.parametrize("kind", ["person", "place", "system", "organization", "event",
                                  "article", "term"])
def test_new_scaffolds_a_valid_file_and_refuses_to_overwrite(kind: str, tmp_path: Path,
                                                             mini: Path) -> None:
    first = run_cli("new", kind, "new-item", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    # a term is added to the glossary that is there; any other kind is a file of its own
    assert first.stdout.startswith("added the term 'new-item' to content/glossary.yaml; "
                                   if kind == "term" else "created content/"), first.stdout
    result = check(mini)
    assert result.ok, [d.format() for d in result.diagnostics]
    again = run_cli("new", kind, "new-item", cwd=tmp_path)
    assert again.returncode == 1 and "already" in again.stderr


def test_new_refuses_bad_ids(tmp_path: Path, mini: Path) -> None:
    result = run_cli("new", "person", "Kim Jong Un", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("briefing new: error: ") and "not a valid id" in result.stderr


def test_init_makes_a_briefing_and_refuses_a_folder_with_files(tmp_path: Path) -> None:
    made = run_cli("init", "brief", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("created a briefing in brief (")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    again = run_cli("init", "brief", cwd=tmp_path)
    assert again.returncode == 1 and again.stderr.startswith("briefing init: error: "), \
        again.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
