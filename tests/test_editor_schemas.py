"""The JSON Schemas editors use accept every file the loader accepts, and mean what it means.

Editors read YAML 1.2, where `2023` is a number and `true` a boolean; the loader keeps every
scalar as the text written. These tests read content as check-jsonschema does (ruamel.yaml,
dates kept as text) and validate it with a JSON Schema library, and check that every pattern
is an ECMA-262 regular expression (the u flag, as editors and check-jsonschema run them) that
matches exactly what the Python one does.
"""

from __future__ import annotations

import fnmatch
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import pytest
import regress
from hypothesis import given, strategies as st
from ruamel.yaml import YAML

from generator.authoring.scaffold import schema_documents
from generator.content import schema
from generator.content.coerce import Coercer
from generator.content.yamlio import parse_yaml, split_front_matter
from tests.conftest import REPO

CONTENT = REPO / "content"
SETTINGS = REPO / ".vscode" / "settings.json"


def editor_yaml(text: str) -> Any:
    """YAML as an editor and check-jsonschema read it: YAML 1.2, dates as text."""
    yaml = YAML(typ="safe", pure=True)
    constructors = yaml.constructor.yaml_constructors
    constructors["tag:yaml.org,2002:timestamp"] = constructors["tag:yaml.org,2002:str"]
    return yaml.load(io.StringIO(text))


def schemas() -> dict[str, dict[str, Any]]:
    return {name: json.loads(text) for name, text in schema_documents().items()}


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schemas()[name])


def patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield node["pattern"]
        for value in node.values():
            yield from patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from patterns(value)


ALL_PATTERNS = sorted({p for document in schemas().values() for p in patterns(document)})


def test_the_schemas_are_valid_json_schema() -> None:
    for name, document in schemas().items():
        jsonschema.Draft202012Validator.check_schema(document), name


@pytest.mark.parametrize("pattern", ALL_PATTERNS)
def test_every_pattern_is_an_ecma_262_unicode_regular_expression(pattern: str) -> None:
    regress.Regex(pattern, "u")  # raises on a pattern editors cannot run


@pytest.mark.parametrize("pattern", ALL_PATTERNS)
@given(text=st.text(max_size=30) | st.from_regex(r"\Ahttps?://[^<>\s]{1,20}\Z")
       | st.from_regex(r"\A[0-9-]{4,12}\Z") | st.from_regex(r"\A[a-z0-9-]{1,12}\Z"))
def test_python_and_ecma_patterns_match_the_same_texts(pattern: str, text: str) -> None:
    ecma = regress.Regex(pattern, "u").find(text) is not None
    assert (re.search(pattern, text) is not None) == ecma


def mapped_files(settings: dict[str, Any]) -> dict[Path, str]:
    """Every content file that .vscode/settings.json gives a schema, with its schema."""
    found: dict[Path, str] = {}
    for schema_path, globs in settings["yaml.schemas"].items():
        for pattern in [globs] if isinstance(globs, str) else globs:
            for path in REPO.glob(pattern):
                found[path] = Path(schema_path).name
    return found


def test_every_yaml_file_of_the_briefing_has_a_schema_in_the_editor_settings() -> None:
    mapped = mapped_files(json.loads(SETTINGS.read_text(encoding="utf-8")))
    yaml_files = sorted(CONTENT.rglob("*.yaml"))
    assert yaml_files and set(yaml_files) == set(mapped)


def test_check_jsonschema_with_the_editor_mapping_accepts_every_content_file() -> None:
    settings = json.loads(SETTINGS.read_text(encoding="utf-8"))
    by_schema: dict[str, list[str]] = {}
    for path, name in mapped_files(settings).items():
        by_schema.setdefault(name, []).append(str(path))
    assert len(by_schema) == len(settings["yaml.schemas"])
    for name, files in sorted(by_schema.items()):
        result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile",
                                 str(REPO / "schemas" / name), *sorted(files)],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr


def test_every_article_front_matter_validates() -> None:
    articles = sorted((CONTENT / "articles").glob("*.md"))
    assert articles
    for path in articles:
        front, _, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        assert front is not None
        errors = list(validator("article.schema.json").iter_errors(editor_yaml(front)))
        assert errors == [], (path.name, [e.message for e in errors])


KNOWN_BAD = [
    ("person.schema.json", "name: A\nsumary: B\nsummary: C\n"),  # a misspelt field
    ("person.schema.json", "name: A\n"),  # the summary left out
    ("person.schema.json", "name: A\nsummary: S\nfacts:\n  - text: T\n    kind: claim\n"
     "    sources: [{source: ap, quote: q}]\n"),  # a claim that says nobody claims it
    ("person.schema.json", "name: A\nsummary: S\nfacts:\n  - text: T\n    kind: rumour\n"
     "    sources: [{source: ap, quote: q}]\n"),  # a kind not in the list
    ("person.schema.json", "name: A\nsummary: S\nrelations: {friend_of: [b]}\n"),
    ("person.schema.json", "name: A\nsummary: S\nrelations: {leads: [Kim Jong Un]}\n"),
    ("event.schema.json", "name: E\nsummary: S\ndate: 13 September 2023\n"),
    ("site.schema.json", "title: T\nbase_url: ftp://example.org/\nbottom_line: {text: x, "
     "sources: [{source: ap, quote: q}]}\nkey_judgments: [{text: y, sources: "
     "[{source: ap, quote: q}]}]\n"),
    ("article.schema.json", "title: T\npublisher: P\npublished: 2023\n"
     "url: 'javascript:alert(1)'\n"),
    ("glossary.schema.json", "id: icbm\nterm: ICBM\n"),  # a map, not a list
]


@pytest.mark.parametrize("name,text", KNOWN_BAD)
def test_the_schemas_reject_what_the_loader_rejects(name: str, text: str) -> None:
    assert not validator(name).is_valid(editor_yaml(text))
    spec = {"person.schema.json": schema.PROFILES["person"], "event.schema.json":
            schema.PROFILES["event"], "site.schema.json": schema.SITE,
            "article.schema.json": schema.ARTICLE}.get(name)
    if spec is not None:  # and so does the loader
        node, problems = parse_yaml(text, "f.yaml")
        coercer = Coercer()
        record = coercer.record(node, spec, spec.name)
        claim_without_by = "kind: claim" in text  # validate.py reports that one
        assert record is None or coercer.diagnostics or claim_without_by


# Scalars an editor reads as something other than text, and some it reads as text.
SCALARS = ["2023", "1.10", "007", "1e3", "0x1F", "0o17", ".inf", "-.5", "true", "False", "no",
           "yes", "on", "null", "~", "2023-09-13", "2023-09", "'quoted'", '"2023"', "kim-jong-un",
           "Kim Jong Un", "A [[link]]", "https://example.org/a?b=c"]


def loader_accepts(text: str, spec: schema.Obj) -> bool:
    node, problems = parse_yaml(text, "f.yaml")
    if problems or node is None:
        return False
    coercer = Coercer()
    return coercer.record(node, spec, spec.name) is not None and not coercer.diagnostics


@given(values=st.dictionaries(st.sampled_from([f.name for f in schema.PROFILES["event"].fields
                                               if f.name not in ("facts", "relations")]),
                              st.sampled_from(SCALARS), min_size=1))
def test_every_event_profile_the_loader_accepts_validates_in_an_editor(
        values: dict[str, str]) -> None:
    text = "".join(f"{key}: {value}\n" if key not in ("aliases", "participants")
                   else f"{key}: [{value}]\n" for key, value in values.items())
    if loader_accepts(text, schema.PROFILES["event"]):
        errors = list(validator("event.schema.json").iter_errors(editor_yaml(text)))
        assert errors == [], (text, [e.message for e in errors])


@given(values=st.dictionaries(st.sampled_from(["title", "publisher", "short_name", "published",
                                               "dateline", "byline", "url", "accessed"]),
                              st.sampled_from(SCALARS), min_size=1))
def test_every_front_matter_the_loader_accepts_validates_in_an_editor(
        values: dict[str, str]) -> None:
    text = "".join(f"{key}: {value}\n" for key, value in values.items())
    if loader_accepts(text, schema.ARTICLE):
        errors = list(validator("article.schema.json").iter_errors(editor_yaml(text)))
        assert errors == [], (text, [e.message for e in errors])


@given(kind=st.sampled_from(schema.STATEMENT_KINDS), by=st.sampled_from(["", "by: x\n"]),
       as_of=st.sampled_from(SCALARS))
def test_statements_the_loader_accepts_validate_and_claims_need_by_in_both(
        kind: str, by: str, as_of: str) -> None:
    text = (f"name: A\nsummary: S\nfacts:\n  - text: T\n    kind: {kind}\n    as_of: {as_of}\n"
            + (f"    {by}" if by else "") + "    sources: [{source: ap, quote: q}]\n")
    valid = validator("person.schema.json").is_valid(editor_yaml(text))
    if loader_accepts(text, schema.PROFILES["person"]):
        assert valid == (kind == "fact" or bool(by)), text


def test_the_editor_settings_cover_what_the_loader_reads() -> None:
    """Every place the loader reads YAML from has a schema in the editor settings."""
    settings = json.loads(SETTINGS.read_text(encoding="utf-8"))
    globs = [g for value in settings["yaml.schemas"].values()
             for g in ([value] if isinstance(value, str) else value)]
    for path in ["content/site.yaml", "content/glossary.yaml", "content/glossary/extra.yaml",
                 "content/comparisons.yaml", *(f"content/profiles/{kind}/x.yaml"
                                               for kind in schema.PROFILE_KINDS)]:
        assert any(fnmatch.fnmatch(path, glob) for glob in globs), path
