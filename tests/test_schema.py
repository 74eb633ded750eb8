import json

import pytest

from generator.content import schema
from generator.content.schema import Coercer, Md, json_schema
from generator.content.yamlio import parse_yaml


def coerce(text: str, spec: schema.Obj) -> tuple[object, list[str]]:
    node, problems = parse_yaml(text, "f.yaml")
    assert problems == []
    coercer = Coercer()
    record = coercer.record(node, spec, spec.name)
    return record, [d.format() for d in coercer.diagnostics]


def test_unknown_field_suggests_the_closest() -> None:
    _, problems = coerce("name: A\nsumary: B\nsummary: C\n", schema.PROFILES["person"])
    assert problems == ["f.yaml:2:1: error[unknown-field]: unknown field 'sumary' in person; "
                        "did you mean 'summary'?"]


def test_missing_required_field() -> None:
    record, problems = coerce("name: A\n", schema.PROFILES["person"])
    assert record is None
    assert problems == ["f.yaml:1:1: error[missing-field]: person is missing the required "
                        "field 'summary' (A short paragraph (Markdown).)"]


def test_yaml_11_surprises_keep_their_meaning() -> None:
    record, problems = coerce("name: no\nsummary: 1.10\nnationality: yes\n",
                              schema.PROFILES["person"])
    assert problems == []
    assert record["name"] == "no"  # type: ignore[index]
    assert isinstance(record["summary"], Md) and record["summary"].source == "1.10"  # type: ignore[index]


def test_dates_are_checked() -> None:
    text = "name: E\nsummary: S\ndate: 2023-02-30\n"
    _, problems = coerce(text, schema.PROFILES["event"])
    assert problems == ["f.yaml:3:7: error[value]: 'date': '2023-02-30' is not a real date"]
    _, problems = coerce("name: E\nsummary: S\ndate: 13 Sep 2023\n", schema.PROFILES["event"])
    assert problems == ["f.yaml:3:7: error[value]: 'date' must be a date written YYYY-MM-DD, "
                        "YYYY-MM or YYYY, not '13 Sep 2023'"]


def test_wrong_shapes_are_named() -> None:
    _, problems = coerce("name: [A, B]\nsummary: S\n", schema.PROFILES["person"])
    assert problems == ["f.yaml:1:7: error[type]: 'name' must be text, not a list"]
    _, problems = coerce("name: A\nsummary: S\nrelations: {friend_of: [b]}\n",
                         schema.PROFILES["person"])
    assert problems == ["f.yaml:3:13: error[unknown-field]: unknown relation type 'friend_of' "
                        "in 'relations'; use one of " + ", ".join(schema.RELATIONS)]


def test_statement_needs_sources() -> None:
    text = "name: A\nsummary: S\nfacts:\n  - text: T\n    sources: []\n"
    _, problems = coerce(text, schema.PROFILES["person"])
    assert problems == ["f.yaml:5:14: error[missing]: 'sources' needs at least 1 item"]


def test_json_schema_follows_the_declarations() -> None:
    person = json_schema(schema.PROFILES["person"])
    assert person["additionalProperties"] is False
    assert set(person["required"]) == {"name", "summary"}
    assert {"role", "affiliation", "nationality", "side", "facts"} <= set(person["properties"])
    facts = person["properties"]["facts"]["anyOf"]  # a list, or left empty
    assert facts[1] == {"type": "null"}
    fact = facts[0]["items"]
    assert fact["properties"]["kind"]["anyOf"][0]["enum"] == ["fact", "claim", "assessment",
                                                              "background"]
    assert {"if": {"properties": {"kind": {"enum": ["claim", "assessment"]}},
                   "required": ["kind"]}, "then": {"required": ["by"]},
            "description": "a claim or an assessment needs 'by': who asserts it"} in fact["allOf"]


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript://example.org/%0aalert(1)", "data:text/html,x",
    "//example.org/x", "https://example.org/\" onmouseover=\"alert(1)",
    "https://example.org/'><script>", "https://example.org/<script>", "https://exa mple.org",
    "https://example.org/`x`", "https://example.org/\\x", "https://example.org/\x01",
    "ftp://example.org/x", "https:example.org", "https://",
])
def test_url_fields_refuse_other_schemes_and_attribute_breakouts(url: str) -> None:
    text = "title: T\npublisher: P\npublished: 2023\nurl: " + json.dumps(url) + "\n"
    record, problems = coerce(text, schema.ARTICLE)
    assert record is None
    shown = url.replace("\x01", "\\x01")  # control characters are shown escaped
    assert problems == [f"f.yaml:4:6: error[value]: 'url' must be an http:// or https:// URL, "
                        f"not '{shown}'"]


@pytest.mark.parametrize("url", ["https://example.org/a?b=c&d=e#f", "http://example.org",
                                 "https://example.org/%22quoted%22", "https://例え.jp/"])
def test_url_fields_accept_http_urls(url: str) -> None:
    record, problems = coerce(f"title: T\npublisher: P\npublished: 2023\nurl: {url}\n",
                              schema.ARTICLE)
    assert problems == [] and record["url"] == url  # type: ignore[index]


def test_ids_do_not_match_with_a_trailing_newline() -> None:
    _, problems = coerce('id: "icbm\\n"\nterm: T\nshort: S\ndefinition: D\n', schema.TERM)
    assert problems == []  # a plain text field is stripped: the id is 'icbm'
    assert schema.ID_RE.fullmatch("icbm\n") is None


def test_markdown_positions_stay_in_the_file_whatever_the_scalar_style() -> None:
    text = ('name: A\nsummary: "One.\\n\\nTwo [[x]]."\nrole: |\n  First\n  Second [[y]]\n'
            "affiliation: plain [[z]]\n")
    record, problems = coerce(text, schema.PROFILES["person"])
    assert problems == [] and record is not None
    quoted, block, plain = record["summary"], record["role"], record["affiliation"]
    assert str(quoted.loc_at(quoted.source.index("[["))) == "f.yaml:2:23"  # after two escapes
    assert str(quoted.loc_at(0)) == "f.yaml:2:11"  # just inside the quote
    assert str(block.loc_at(block.source.index("[["))) == "f.yaml:5:10"
    assert str(plain.loc_at(plain.source.index("[["))) == "f.yaml:6:20"
