import json
from datetime import date

import pytest
from hypothesis import given, strategies as st

from generator.content import schema
from generator.content.coerce import Coercer
from generator.content.jsonschema import json_schema
from generator.content.schema import Md
from generator.content.yamlio import parse_yaml


def coerce(text: str, spec: schema.Obj) -> tuple[object, list[str]]:
    node, problems = parse_yaml(text, "f.yaml")
    coercer = Coercer()
    record = coercer.record(node, spec, spec.name)
    return record, [d.format() for d in problems + coercer.diagnostics]


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
    refused = ["f.yaml:4:6: error[control-character]: an escape writes U+0001 (a control "
               "character), which web pages, feeds and JSON cannot carry: remove the escape"]
    assert problems == (refused if "\x01" in url else []) + [
        f"f.yaml:4:6: error[value]: 'url' must be an http:// or https:// URL, not '{shown}'"]


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


letters = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                  min_size=1, max_size=8)
alnum = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789"), min_size=1, max_size=8)


@st.composite
def language_tags(draw: st.DrawFn) -> str:
    """A well-formed BCP 47 tag: language, optional script, region, variants and private use."""
    parts = [draw(letters.filter(lambda x: 2 <= len(x) <= 3))]
    if draw(st.booleans()):
        parts.append(draw(letters.filter(lambda x: len(x) == 4)))
    if draw(st.booleans()):
        parts.append(draw(st.one_of(letters.filter(lambda x: len(x) == 2),
                                    st.from_regex(r"\A[0-9]{3}\Z"))))
    parts += draw(st.lists(alnum.filter(lambda x: len(x) >= 5), max_size=2))
    if draw(st.booleans()):
        parts += ["x", *draw(st.lists(alnum, min_size=1, max_size=2))]
    return "-".join(parts)


def site_problems(extra: str) -> list[str]:
    text = ("title: T\n" + extra + "bottom_line:\n  text: B\n  sources: [{source: a, quote: q}]\n"
            "key_judgments:\n  - text: K\n    sources: [{source: a, quote: q}]\n")
    return coerce(text, schema.SITE)[1]


@given(language_tags())
def test_language_accepts_bcp47_tags(tag: str) -> None:
    assert site_problems(f"language: {tag}\n") == []


@given(language_tags(), st.sampled_from(["_", ".", "@", "é", "--", "-", "/", "_x y"]),
       st.booleans())
def test_language_refuses_what_is_not_a_tag(tag: str, junk: str, front: bool) -> None:
    value = junk + tag if front else tag + junk
    assert site_problems(f"language: '{value}'\n") == [
        f"f.yaml:2:11: error[value]: 'language' must be a BCP 47 language tag such as en, "
        f"en-GB or zh-Hant, not '{value}'"]


hosts = st.one_of(st.lists(st.from_regex(r"\A[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?\Z"),
                           min_size=1, max_size=3).map(".".join),
                  st.just("[::1]"), st.just("192.0.2.7"))
paths = st.lists(st.from_regex(r"\A[A-Za-z0-9._~-]{1,8}\Z"), max_size=3).map(
    lambda parts: "/" + "/".join(parts) + ("/" if parts else ""))


@given(st.sampled_from(["http", "https"]), hosts, st.sampled_from(["", ":8080"]), paths)
def test_base_url_accepts_http_urls_with_a_host(scheme: str, host: str, port: str,
                                                path: str) -> None:
    assert site_problems(f"base_url: '{scheme}://{host}{port}{path}'\n") == []


@given(hosts, paths, st.sampled_from(["?q=1", "?", "#top", "#", "user@", "user:pw@", "no-host",
                                      "space", "ftp"]))
def test_base_url_refuses_queries_fragments_users_and_no_host(host: str, path: str,
                                                              flaw: str) -> None:
    url = {"user@": f"https://user@{host}{path}", "user:pw@": f"https://user:pw@{host}{path}",
           "no-host": f"https://{path}", "space": f"https://{host}/a b",
           "ftp": f"ftp://{host}{path}"}.get(flaw, f"https://{host}{path}{flaw}")
    assert site_problems(f"base_url: '{url}'\n") == [
        "f.yaml:2:11: error[value]: 'base_url' must be an http:// or https:// URL with a host "
        "and no query or fragment, such as https://briefing.example.org/, not "
        f"'{url}'"]


@given(st.dates().map(date.isoformat), st.data())
def test_dates_in_other_digits_are_refused(day: str, data: st.DataObject) -> None:
    """Any script's digits (Arabic-Indic, full-width, Devanagari ...) stand for 0 to 9 in
    Python's int(); only ASCII digits are dates."""
    zero = data.draw(st.sampled_from([0x660, 0x6F0, 0x966, 0xFF10, 0x1D7CE, 0x0E50]))
    at = data.draw(st.sampled_from([i for i, ch in enumerate(day) if ch.isdigit()]))
    other = day[:at] + chr(zero + int(day[at])) + day[at + 1:]
    assert site_problems("") == []
    _, problems = coerce(f"name: E\nsummary: S\ndate: {other}\n", schema.PROFILES["event"])
    assert problems == [f"f.yaml:3:7: error[value]: 'date' must be written with the digits 0 "
                        f"to 9, not '{other}'"]
    _, problems = coerce(f"name: E\nsummary: S\ndate: {day}\n", schema.PROFILES["event"])
    assert problems == []
